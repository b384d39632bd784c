//! Reading a query's words: which name a subject, which the bank lacks and what they were meant to
//! be, their analyzed forms, and how much each weighs in a long question.

use tantivy::Term;
use tantivy::schema::Field;

use super::{Concept, LONG_QUERY, MIN_CONCEPT_WEIGHT, NOT_A_SUBJECT, Planner, Weight};
use crate::index::vocab;
use crate::query::intent;
use crate::query::synonyms::Span;

/// The analyzed form of one way to write a concept.
pub struct Form {
    /// Whole code identifiers (`password_hash`), searched as single terms.
    pub(super) wholes: Vec<String>,
    /// The words, searched as one term or as a phrase.
    pub(in crate::index) parts: Vec<String>,
    /// Position of each part relative to the first: stop words leave gaps a phrase must keep.
    pub(super) offsets: Vec<usize>,
}

impl Planner<'_> {
    /// The query's words that name a subject: without filler (`how`, `the`, `describe`), without a
    /// mistyped filler word the bank does not hold (`teh`, `differnce`), and, for pasted text, without
    /// the words the bank does not hold at all (`a@b.c`, `1062`). Filler counts only when nothing else is
    /// left.
    pub(super) fn topical_words(&mut self, query: &crate::query::Query) -> Vec<String> {
        let mut topical = Vec::new();
        let framing = intent::framing(&query.words);
        for (i, word) in query.words.iter().enumerate() {
            let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
            let compared = is_compared(&query.words, i);
            let keyword = !query.pasted && query.capitals.get(i).copied().unwrap_or(false);
            if (intent::is_stop_word(bare) || framing[i])
                && !compared
                && !keyword
                && !self.names_with_next(&query.words, i)
            {
                continue;
            }
            let form = self.form(word);
            let unknown = !form.parts.is_empty() && self.is_unknown(std::slice::from_ref(&form));
            // Punctuation alone is no word, but an operator the bank holds as a token is (`==`, `===`,
            // `??` in `== vs === php`).
            if bare.is_empty() {
                if !form.parts.is_empty() && !unknown {
                    topical.push(word.clone());
                }
                continue;
            }
            if unknown && (query.pasted || intent::filler_typo(bare).is_some()) {
                continue;
            }
            // Two letters that swap into a stop word (`si`, `ot`) are a slip unless some question or
            // tag is about them: an answer's text holds many such pairs (`si` in a code sample).
            let f = self.fields;
            if bare.chars().count() == 2
                && intent::filler_typo(bare).is_some()
                && self.doc_freq(&form, &[f.question, f.also, f.tags]) == 0
            {
                continue;
            }
            topical.push(word.clone());
        }
        if topical.is_empty() {
            query.words.clone()
        } else {
            topical
        }
    }

    /// Whether a filler word and the word after it make one of the bank's tags: `explain analyze`, where
    /// `explain` alone only frames a question. (Questions too would keep `vs` of `flask g vs session`,
    /// which a tag of another entry says: `jwt vs session`.)
    fn names_with_next(&mut self, words: &[String], i: usize) -> bool {
        let Some(next) = words.get(i + 1) else {
            return false;
        };
        fn bare(word: &str) -> &str {
            word.trim_matches(|c: char| !c.is_alphanumeric())
        }
        // Short fillers (`vs`, `in`, `or`) join anything.
        if bare(&words[i]).chars().count() < 4
            || words[i].ends_with(',')
            || intent::is_stop_word(bare(next))
        {
            return false;
        }
        let form = self.form(&format!("{} {}", bare(&words[i]), bare(next)));
        let tags = self.fields.tags;
        // Two term lookups before the phrase search, which most pairs never reach.
        form.parts.len() == 2
            && self.doc_freq(&form, &[tags]) > 0
            && self
                .searcher
                .search(
                    &super::clauses::phrase_query(tags, &form),
                    &tantivy::collector::Count,
                )
                .is_ok_and(|n| n > 0)
    }

    /// The bank word a word of the query was meant to be, when the bank lacks the word as typed: one
    /// edit away up to 7 letters, two from 8 (`vocab::closest`); none for short words, numbers, code or
    /// pasted text, which are matched as they are.
    pub(super) fn meant(&mut self, word: &str, pasted: bool) -> Option<String> {
        if pasted || word.chars().count() < 4 || !word.chars().all(char::is_alphabetic) {
            return None;
        }
        let form = self.form(word);
        if form.parts.is_empty() || !self.is_unknown(std::slice::from_ref(&form)) {
            return None;
        }
        vocab::closest(self.searcher, self.fields.vocab, word)
            .ok()
            .flatten()
    }

    pub(super) fn forms(&mut self, span: &Span) -> Vec<Form> {
        std::iter::once(&span.words)
            .chain(&span.alternatives)
            .map(|words| self.form(&words.join(" ")))
            .filter(|form| !form.parts.is_empty())
            .collect()
    }

    /// Each concept's share of the coverage score: all the same in a short query (every word counts).
    /// In a long question a concept weighs by how rare it is in the bank (inverse document frequency,
    /// relative to the rarest concept's), less again when no question or tag is about it ("reach",
    /// "typical"), and fully when the bank lacks it altogether (a typo the loose forms will correct).
    pub(super) fn weights(&self, concepts: &[Concept]) -> Vec<Weight> {
        if concepts.len() < LONG_QUERY {
            return vec![Weight::SHORT; concepts.len()];
        }
        let f = self.fields;
        let total = self.searcher.num_docs().max(1) as f32;
        let idfs: Vec<Option<f32>> = concepts
            .iter()
            .map(|concept| {
                let forms = &concept.forms;
                let anywhere = self.doc_freq(&forms[0], &[f.question, f.also, f.tags, f.body]);
                if anywhere == 0 {
                    return None;
                }
                let subject = self.doc_freq(&forms[0], &[f.question, f.also, f.tags]) > 0;
                let df = anywhere as f32;
                let idf = (1.0 + (total - df + 0.5) / (df + 0.5)).ln();
                Some(if subject { idf } else { idf * NOT_A_SUBJECT })
            })
            .collect();
        let rarest = idfs.iter().flatten().copied().fold(0.0f32, f32::max);
        idfs.iter()
            .map(|idf| Weight {
                long: true,
                share: match idf {
                    Some(idf) if rarest > 0.0 => (idf / rarest).clamp(MIN_CONCEPT_WEIGHT, 1.0),
                    _ => 1.0,
                },
            })
            .collect()
    }

    /// How many entries hold every word of a form in one of these fields (the most of any field).
    pub(super) fn doc_freq(&self, form: &Form, fields: &[Field]) -> u64 {
        form.parts
            .iter()
            .map(|word| {
                fields
                    .iter()
                    .filter(|&&field| self.has(field))
                    .map(|&field| {
                        self.searcher
                            .doc_freq(&Term::from_field_text(field, word))
                            .unwrap_or(0)
                    })
                    .max()
                    .unwrap_or(0)
            })
            .min()
            .unwrap_or(0)
    }

    pub(super) fn form(&mut self, text: &str) -> Form {
        let mut tokens: Vec<(usize, String)> = Vec::new();
        let mut stream = self.analyzer.token_stream(text);
        while stream.advance() {
            let token = stream.token();
            tokens.push((token.position, token.text.clone()));
        }
        let mut form = Form {
            wholes: Vec::new(),
            parts: Vec::new(),
            offsets: Vec::new(),
        };
        let first = tokens.first().map_or(0, |(position, _)| *position);
        for (i, (position, text)) in tokens.iter().enumerate() {
            let shares_next = tokens.get(i + 1).is_some_and(|(next, _)| next == position);
            if shares_next {
                form.wholes.push(text.clone())
            } else {
                form.parts.push(text.clone());
                form.offsets.push(position - first);
            }
        }
        // A whole identifier stands for the form only when it is the form: in "server-side request
        // forgery", `server-side` alone would find "server-side sessions".
        if text.split_whitespace().nth(1).is_some() {
            form.wholes.clear();
        }
        form
    }

    /// True when a question, other phrasing or tag of the bank holds the word as written (lowercased).
    pub(super) fn is_bank_word(&self, word: &str) -> bool {
        self.has(self.fields.vocab)
            && self
                .searcher
                .doc_freq(&Term::from_field_text(self.fields.vocab, word))
                .is_ok_and(|n| n > 0)
    }

    /// True when no field holds the concept's first word as analyzed.
    pub(super) fn is_unknown(&self, forms: &[Form]) -> bool {
        let Some(word) = forms.first().and_then(|form| form.parts.first()) else {
            return false;
        };
        let f = self.fields;
        [f.question, f.also, f.tags, f.body]
            .into_iter()
            .filter(|&field| self.has(field))
            .all(|field| {
                self.searcher
                    .doc_freq(&Term::from_field_text(field, word))
                    .is_ok_and(|n| n == 0)
            })
    }
}

/// True for a word on either side of `a vs b`, or right after `between` or its `and` (an article
/// between them aside: "between the PUT and PATCH methods"): what is compared, even a word that is
/// filler elsewhere (`where vs having`, `difference between exists and in`).
pub(super) fn is_compared(words: &[String], i: usize) -> bool {
    let is =
        |n: usize, options: &[&str]| words.get(n).is_some_and(|w| options.contains(&w.as_str()));
    let article = |n: usize| words.get(n).is_some_and(|w| intent::is_article(w));
    let ends_clause = |n: usize| words.get(n).is_some_and(|w| intent::ends_clause(w));
    if article(i) {
        return false;
    }
    let before = match i.checked_sub(1) {
        Some(n) if article(n) => n.wrapping_sub(1),
        Some(n) => n,
        None => usize::MAX,
    };
    // "between X and Y", in one clause: "between PUT and PATCH, and when ..." compares no "when",
    // and "between X and what problems it solves" compares no "what".
    let after_between = (0..i)
        .rev()
        .take_while(|&n| !ends_clause(n))
        .any(|n| compares_between(words, n))
        && !is(i, &intent::QUESTION_WORDS);
    // "a policy instead of a gate", "REST rather than GraphQL".
    let marks_other = |n: usize| {
        (is(n, &["instead"]) && is(n + 1, &["of"])) || (is(n, &["rather"]) && is(n + 1, &["than"]))
    };
    let after_other = before.checked_sub(1).is_some_and(marks_other);
    is(before, &["vs", "versus"])
        || compares_between(words, before)
        || is(i + 1, &["vs", "versus"])
        || marks_other(i + 1)
        || after_other
        || (after_between && is(before, &["and"]))
}

/// Whether a query asks how things differ ("the difference between", "compare", "choose between"),
/// not only mentions one thing in place of another.
pub(super) fn asks_difference(words: &[String]) -> bool {
    (0..words.len()).any(|n| {
        compares_between(words, n)
            || matches!(
                words[n].trim_matches(|c: char| !c.is_alphanumeric()),
                "difference" | "differences" | "compare" | "differ" | "distinguish"
            )
    })
}

/// Words after which "between" sets two things side by side: "the difference between", "choose
/// between". Elsewhere it places something: "a queue between two services".
const SET_SIDE_BY_SIDE: &[&str] = &[
    "difference",
    "differences",
    "differ",
    "differs",
    "distinguish",
    "differentiate",
    "compare",
    "comparing",
    "comparison",
    "choose",
    "choosing",
    "choice",
    "decide",
    "deciding",
    "pick",
    "picking",
    "trade-off",
    "trade-offs",
    "tradeoff",
    "tradeoffs",
];

/// Whether the word at `n` is a "between" that compares (see `SET_SIDE_BY_SIDE`), or opens the query.
fn compares_between(words: &[String], n: usize) -> bool {
    let bare = |n: usize| {
        words
            .get(n)
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
    };
    bare(n) == Some("between")
        && n.checked_sub(1).and_then(bare).is_none_or(|before| {
            // As typed: "the diffrence between".
            SET_SIDE_BY_SIDE.contains(&before)
                || (before.len() >= 6
                    && intent::nearest(before, SET_SIDE_BY_SIDE.iter().copied(), 1).is_some())
        })
}

/// Each pair of neighbouring words of a form, with the gap between them kept.
pub(super) fn pairs(form: &Form) -> Vec<Form> {
    form.parts
        .windows(2)
        .zip(form.offsets.windows(2))
        .map(|(words, offsets)| Form {
            wholes: Vec::new(),
            parts: words.to_vec(),
            offsets: vec![0, offsets[1] - offsets[0]],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{asks_difference, is_compared};

    #[test]
    fn a_question_asks_for_a_difference_only_in_so_many_words() {
        let asks = |query: &str| {
            let words: Vec<String> = query.split(' ').map(str::to_string).collect();
            asks_difference(&words)
        };
        assert!(asks(
            "what's the difference between put and patch, and when would you use each?"
        ));
        assert!(asks("compare sessions and jwts"));
        assert!(!asks("users sign in with google instead of a new password"));
        assert!(!asks("redis vs memcached"));
        assert!(asks("how do you decide between sql and nosql"));
        assert!(!asks("a message queue between two services"));
        assert!(asks("wats the diffrence between where and having"));
    }

    #[test]
    fn the_sides_of_a_comparison_are_found() {
        for (query, sides) in [
            ("where vs having", vec!["where", "having"]),
            ("difference between exists and in", vec!["exists", "in"]),
            (
                "the differences between the put and patch methods",
                vec!["put", "patch"],
            ),
            ("sql versus nosql", vec!["sql", "nosql"]),
            ("how do indexes work", vec![]),
            (
                "when should i use a policy instead of a gate in laravel?",
                vec!["policy", "gate"],
            ),
            ("rest rather than graphql", vec!["rest", "graphql"]),
            (
                "the difference between put and patch, and when to use each",
                vec!["put", "patch,"],
            ),
            (
                "how do you choose between mysql and postgres",
                vec!["mysql", "postgres"],
            ),
            // A "between" that places, and a clause that asks on, compare nothing.
            ("a message queue between two services", vec![]),
            (
                "the difference between put and patch and what each returns",
                vec!["put", "patch"],
            ),
        ] {
            let words: Vec<String> = query.split(' ').map(str::to_string).collect();
            let found: Vec<&str> = (0..words.len())
                .filter(|&i| is_compared(&words, i))
                .map(|i| words[i].as_str())
                .collect();
            assert_eq!(found, sides, "{query}");
        }
    }
}
