//! The tantivy queries one analyzed form becomes (a term, a phrase, typo and prefix automata), and the
//! clauses of one concept: its coverage constant and its relevance in each field.

use tantivy::Term;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur,
    PhrasePrefixQuery, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use super::{
    ALTERNATIVE_WEIGHT, BODY_ONLY_SHARE, EXACT_COVERAGE, Form, LOOSE_COVERAGE, Planner,
    WHOLE_WEIGHT, Weight,
};

/// One form in one field: any of its whole identifiers, or its words as a term or phrase.
pub(super) fn exact(field: Field, form: &Form) -> Box<dyn Query> {
    // Code as written (`password_hash`) outranks its words (`password hashes`): the answer that
    // names the identifier is about it.
    let mut alternatives: Vec<Box<dyn Query>> = form
        .wholes
        .iter()
        .map(|whole| boosted(term(field, whole), WHOLE_WEIGHT))
        .collect();
    match form.parts.as_slice() {
        // `c++` is not a search for the letter c.
        [one] if one.chars().count() == 1 && !alternatives.is_empty() => {}
        [one] => alternatives.push(term(field, one)),
        _ => alternatives.push(phrase(field, form)),
    }
    if alternatives.len() == 1 {
        alternatives.remove(0)
    } else {
        Box::new(DisjunctionMaxQuery::new(alternatives))
    }
}

/// Typo-tolerant (when `typos`) and prefix forms of a single plain word: none for short words, edit
/// distance 1 from 5 letters, 2 from 9; the last word of the query may also be unfinished.
pub(super) fn loosely(
    field: Field,
    word: Option<&str>,
    forms: &[Form],
    typos: bool,
    open: bool,
) -> Vec<Box<dyn Query>> {
    let Some(word) = word.filter(|w| w.chars().all(char::is_alphabetic)) else {
        return Vec::new();
    };
    let Some(stem) = forms.first().and_then(|form| form.parts.first()) else {
        return Vec::new();
    };
    let mut queries: Vec<Box<dyn Query>> = Vec::new();
    let distance = match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    };
    if typos && distance > 0 {
        queries.push(Box::new(FuzzyTermQuery::new(
            Term::from_field_text(field, stem),
            distance,
            true,
        )));
    }
    if open && word.chars().count() >= 3 {
        // A range of the term dictionary, not a Levenshtein automaton of distance 0: the first
        // automaton a process builds costs it tantivy's table of every distance (0.7 ms of CPU).
        let mut prefix = PhrasePrefixQuery::new(vec![Term::from_field_text(field, word)]);
        prefix.set_max_expansions(u32::MAX);
        queries.push(Box::new(prefix));
    }
    queries
}

pub(super) fn term(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

pub(super) fn phrase(field: Field, form: &Form) -> Box<dyn Query> {
    Box::new(phrase_query(field, form))
}

pub(super) fn phrase_query(field: Field, form: &Form) -> PhraseQuery {
    PhraseQuery::new_with_offset(
        form.offsets
            .iter()
            .zip(&form.parts)
            .map(|(&offset, word)| (offset, Term::from_field_text(field, word)))
            .collect(),
    )
}

pub(super) fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(query, boost))
}

impl Planner<'_> {
    /// The clauses of one concept: its coverage constant (times its weight) and its relevance.
    pub(super) fn concept(
        &self,
        forms: &[Form],
        loose_word: Option<&str>,
        open: bool,
        occur: Occur,
        weight: Weight,
    ) -> Vec<(Occur, Box<dyn Query>)> {
        let f = self.fields;
        // In a long question, a concept found only in an answer's text counts for less than one its
        // question or tags are about.
        let long = weight.long;
        let body_share = if long { BODY_ONLY_SHARE } else { 1.0 };
        let weight = weight.share;
        let mut coverage: Vec<Box<dyn Query>> = vec![
            Box::new(ConstScoreQuery::new(
                self.exact_in(&[f.question, f.also, f.tags], forms),
                EXACT_COVERAGE * weight,
            )),
            Box::new(ConstScoreQuery::new(
                self.exact_in(&[f.body], forms),
                EXACT_COVERAGE * weight * body_share,
            )),
        ];
        // Typo and prefix forms only for a word the bank does not contain as typed: they are what a
        // search spends most on, and a word that is there needs no correction. Each automaton is used
        // once, in one field; a corrected word weighs more in a question than in an answer. An
        // unfinished last word may be a stem the bank holds without being a word anyone wrote (`queu`,
        // the stem of `queued`, is not `queue`): its prefix form then covers the concept as fully as
        // the stem does, since `queue` is as likely meant as `queued`.
        let typos = self.is_unknown(forms);
        // Four letters at least, as for corrections: `log`, missing from every question, is a word
        // (not `login` unfinished).
        let unfinished = open
            && loose_word.is_some_and(|word| word.chars().count() >= 4 && !self.is_bank_word(word));
        if typos || unfinished {
            for (field, bonus) in [(f.question, 20.0), (f.tags, 10.0), (f.body, 0.0)] {
                if !self.has(field) {
                    continue;
                }
                let loose = loosely(field, loose_word, forms, typos, open);
                let constant = match (typos, field == f.body) {
                    (true, _) => LOOSE_COVERAGE + bonus,
                    (false, false) => EXACT_COVERAGE,
                    (false, true) => EXACT_COVERAGE * body_share,
                };
                if !loose.is_empty() {
                    let any = loose.into_iter().map(|q| (Occur::Should, q)).collect();
                    coverage.push(Box::new(ConstScoreQuery::new(
                        Box::new(BooleanQuery::new(any)),
                        constant * weight,
                    )));
                }
            }
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(occur, Box::new(DisjunctionMaxQuery::new(coverage)))];
        // Other phrasings speak of problems in everyday words: they weigh like a question when the query
        // is a sentence, like an answer when it is a few keywords.
        let also = if long { 2.5 } else { 1.0 };
        for (field, boost) in [
            (f.question, 3.0),
            (f.also, also),
            (f.tags, 2.0),
            (f.body, 1.0),
        ] {
            if !self.has(field) {
                continue;
            }
            // The words as typed are what was asked; a synonym (`totp` → `mfa`) or a closest bank word
            // finds the same entries, but ranks them behind those that say it as the user did.
            let alternatives: Vec<Box<dyn Query>> = forms
                .iter()
                .enumerate()
                .map(|(i, form)| match i {
                    0 => exact(field, form),
                    _ => boosted(exact(field, form), ALTERNATIVE_WEIGHT),
                })
                .collect();
            clauses.push((
                Occur::Should,
                boosted(Box::new(DisjunctionMaxQuery::new(alternatives)), boost),
            ));
        }
        clauses
    }

    pub(super) fn exact_anywhere(&self, forms: &[Form]) -> Box<dyn Query> {
        let f = self.fields;
        self.exact_in(&[f.question, f.also, f.tags, f.body], forms)
    }

    pub(super) fn exact_in(&self, fields: &[Field], forms: &[Form]) -> Box<dyn Query> {
        let clauses = fields
            .iter()
            .copied()
            .filter(|&field| self.has(field))
            .flat_map(|field| {
                forms
                    .iter()
                    .map(move |form| (Occur::Should, exact(field, form)))
            })
            .collect();
        Box::new(BooleanQuery::new(clauses))
    }
}
