//! What only adds to the score of what matched: pairs of a long question's words found side by side,
//! and the soft preferences (a named stack's entries, the entry that defines or compares what the
//! question asks about).

use tantivy::query::{ConstScoreQuery, Occur, Query};

use super::clauses::{boosted, exact, phrase};
use super::words::pairs;
use super::{
    Concept, Form, LONG_QUERY, MAX_CONCEPTS, PAIR_IN_ANSWER, PAIR_IN_QUESTION, Planner, Weight,
};
use crate::index::prefer;
use crate::query::Query as Asked;
use crate::query::intent::Named;
use crate::query::synonyms::Span;

impl Planner<'_> {
    /// The phrase clauses of each pair of neighbouring words of a long or pasted query (`ordered`: its
    /// words in the order typed): an error message the bank quotes, "constraint violation" in a long
    /// question.
    pub(super) fn pair_clauses(
        &mut self,
        ordered: &Form,
        spans: &[Span],
        pasted: bool,
    ) -> Vec<(Occur, Box<dyn Query>)> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // Two words of one term ("cross-site request forgery") are that term's concept, already
        // counted: only words of two concepts side by side earn the pair bonus.
        let terms: Vec<Form> = spans
            .iter()
            .filter(|span| span.words.len() >= 2)
            .map(|span| self.form(&span.words.join(" ")))
            .collect();
        let one_term = |pair: &Form| {
            terms
                .iter()
                .any(|term| term.parts.windows(2).any(|w| w == pair.parts))
        };
        let pairs = pairs(ordered).into_iter().filter(|pair| !one_term(pair));
        for pair in pairs.take(MAX_CONCEPTS) {
            let f = self.fields;
            for (field, boost) in [(f.question, 3.0), (f.also, 3.0), (f.body, 1.5)] {
                if !self.has(field) {
                    continue;
                }
                clauses.push((Occur::Should, boosted(phrase(field, &pair), boost)));
            }
            // Two of the question's words side by side in an entry say more than the same words
            // scattered through a long answer: a problem described in everyday words ("logged
            // out", "second server") is matched by the phrasing that describes it.
            if !pasted {
                for (field, bonus) in [
                    (f.question, PAIR_IN_QUESTION),
                    (f.also, PAIR_IN_QUESTION),
                    (f.body, PAIR_IN_ANSWER),
                ] {
                    if self.has(field) {
                        let found = ConstScoreQuery::new(phrase(field, &pair), bonus);
                        clauses.push((Occur::Should, Box::new(found)));
                    }
                }
            }
        }
        clauses
    }

    /// The score clauses of the soft preferences: the named stack's entries (or, for a problem described
    /// in a sentence, generic ones), the entry that defines or introduces what "what is X" asks about,
    /// the entry that compares both sides of a comparison.
    pub(super) fn preferences(
        &mut self,
        query: &Asked,
        concepts: &[Concept],
        weights: &[Weight],
        stacks: &[Named],
    ) -> Vec<Box<dyn Query>> {
        let long = concepts.len() >= LONG_QUERY && !query.pasted;
        // A long question about a stack's own thing (`eloquent`, `blueprint`) names that stack without
        // saying its name: its entries come first as if it had. (In a short query such a word is often
        // incidental: `acid properties` is not about PHP's properties.)
        // Unless a rarer word of the question is another topic's own: in "explain the ACID properties",
        // `properties` is PHP's word (property hooks, readonly properties) but `acid` is the databases'.
        let implied: Vec<Named> = if long && stacks.is_empty() {
            let holders: Vec<Vec<(String, u64)>> = concepts
                .iter()
                .map(|c| prefer::holders(self.searcher, self.fields, &c.forms[0]))
                .collect();
            holders
                .iter()
                .zip(weights)
                .find_map(|(by_topic, weight)| prefer::own_stack(by_topic).map(|s| (s, weight)))
                .filter(|(stack, weight)| {
                    !holders.iter().zip(weights).any(|(other, rarer)| {
                        rarer.share > weight.share && prefer::only_elsewhere(other, stack)
                    })
                })
                .map(|(stack, _)| crate::query::intent::named_stacks(&[stack]))
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        let stacks = if implied.is_empty() { stacks } else { &implied };
        let described = long && stacks.is_empty();
        let mut bonus = prefer::stack_bonus(self.fields, stacks, long, described);
        // "What is X", or X alone: the entry that defines X first. A question that says what its subject
        // is ("What is CORS, and why ...") asks for that subject's entry however long it goes on.
        let forms = |keep: fn(&Concept) -> bool| -> Vec<&[Form]> {
            concepts
                .iter()
                .filter(|c| keep(c))
                .map(|c| c.forms.as_slice())
                .collect()
        };
        let named = forms(|c| c.subject);
        let all = forms(|_| true);
        let lone = concepts.len() == 1 && query.phrases.is_empty();
        let short = (1..LONG_QUERY).contains(&concepts.len());
        let defined = if query.pasted {
            None
        } else if query.definition.is_some() && !named.is_empty() {
            Some(named)
        } else if (query.definition.is_some() || lone) && short {
            Some(all)
        } else {
            None
        };
        // A problem stated, not asked ("users get logged out after every deploy"), comes from someone
        // who does not know its name yet: the entry that introduces a concept ("What are sticky
        // sessions?") before the ones about a finer point of one.
        if described && !query.asks && query.definition.is_none() && self.has(self.fields.kind) {
            bonus.push(prefer::introduction_bonus(self.fields));
        }
        let sides = forms(|c| c.compared);
        if sides.len() >= 2 && !query.pasted {
            let comparing: Vec<Form> = ["difference", "vs", "versus", "compare"]
                .iter()
                .map(|word| self.form(word))
                .collect();
            bonus.push(prefer::comparison_bonus(
                self.fields,
                &sides,
                &comparing,
                exact,
                |field| self.has(field),
            ));
        }
        if let Some(subject) = query.definition.as_deref().filter(|_| !query.pasted)
            && self.has(self.fields.subject)
        {
            bonus.push(prefer::subject_bonus(self.fields, subject, stacks));
        }
        if let Some(defined) = defined {
            let has = |field| self.has(field);
            bonus.extend(prefer::definition_bonus(
                self.fields,
                &defined,
                1.0,
                exact,
                has,
            ));
            // "What is CORS policy" when no question says "CORS policy": the entry that defines either
            // word earns half, so the one that defines CORS is not left to a near-tie with the ones
            // that configure it.
            if defined.len() == 2 {
                for one in &defined {
                    bonus.extend(prefer::definition_bonus(
                        self.fields,
                        &[one],
                        0.5,
                        exact,
                        has,
                    ));
                }
            }
        }
        bonus
    }
}
