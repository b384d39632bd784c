//! A parsed query → one tantivy query. Every user word (or synonym span, or quoted phrase) is a *concept*;
//! a concept matched exactly or by stem adds a large constant, one matched only by a typo correction or a
//! prefix adds a smaller one, so answers that cover every concept rank first, exact before fuzzy, and
//! BM25 orders answers of equal coverage. Questions weigh 3x, tags 2x, answers 1x; the words in the order
//! typed add a phrase bonus. Reading the query's words is `words.rs`; the queries a form becomes,
//! `clauses.rs`.

use tantivy::Index;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, TantivyError, Term};

mod bonus;
mod clauses;
mod words;

use super::Fields;
use super::prefer;
use crate::query::Search;
use crate::query::synonyms::Synonyms;
use clauses::{boosted, exact, phrase, phrase_query};
pub use words::Form;
use words::{asks_difference, is_compared};

/// Score of a concept found exactly (or by stem or synonym) in any field.
pub const EXACT_COVERAGE: f32 = 1000.0;
/// Score of a concept found only through a typo correction or as a prefix.
pub const LOOSE_COVERAGE: f32 = 600.0;
/// More concepts than this add cost, not precision; the rest are dropped.
const MAX_CONCEPTS: usize = 24;
const MAX_PHRASE_WORDS: usize = 12;
/// From this many concepts on, a query is a long question: each concept's coverage is weighed by how
/// rare it is in the bank, so the word that names the subject outweighs incidental common ones.
const LONG_QUERY: usize = 4;
/// The least a concept of a long question weighs, as a share of the rarest one's weight.
const MIN_CONCEPT_WEIGHT: f32 = 0.15;
/// How much less a word of a long question weighs when no question or tag of the bank holds it.
const NOT_A_SUBJECT: f32 = 0.4;
/// What a concept of a long question found only in an answer's text earns, as a share of its weight.
const BODY_ONLY_SHARE: f32 = 0.6;

/// What a long question's pair of neighbouring words earns when an entry's question or other phrasings
/// hold it, or its answer: a fraction of a concept's coverage each.
const PAIR_IN_QUESTION: f32 = 150.0;
const PAIR_IN_ANSWER: f32 = 120.0;

/// What a word of a definition question weighs outside the subject it asks about ("and how it makes
/// PHP faster"), as a share of its weight.
const OUTSIDE_SUBJECT: f32 = 0.5;

/// How much a synonym's or a corrected word's match counts toward relevance, against the words as typed.
const ALTERNATIVE_WEIGHT: f32 = 0.5;
/// How much more a code token as written (`password_hash`, `app.use`) counts than its words in order.
const WHOLE_WEIGHT: f32 = 1.5;

/// A concept's share of the coverage score.
#[derive(Debug, Clone, Copy)]
struct Weight {
    share: f32,
    /// Part of a long question, or of a definition or difference question with more than its subject:
    /// found only in an answer, it earns `BODY_ONLY_SHARE` of its share.
    long: bool,
}

impl Weight {
    const SHORT: Weight = Weight {
        share: 1.0,
        long: false,
    };
}

/// One concept of a query: a word or a term (with its synonyms and corrections), and its part in the
/// question.
struct Concept<'w> {
    forms: Vec<Form>,
    /// The word as typed, for typo and prefix forms (a single word that was not pasted).
    loose_word: Option<&'w str>,
    /// The query's last word, maybe unfinished.
    open: bool,
    /// The subject of a definition question ("what is X, and why ...").
    subject: bool,
    /// A side of a comparison ("the differences between PUT and PATCH").
    compared: bool,
}

/// A planned search: what must match, and what only adds to the score of what matched (a named
/// stack's entries, the entry that defines what "what is X" asks for).
pub struct Planned {
    pub matching: Box<dyn Query>,
    pub bonus: Vec<Box<dyn Query>>,
    /// The words in the order typed as a phrase of the answers: part of the score, left out of the
    /// first pass over every match (see `index::deferred`).
    pub deferred: Option<Deferred>,
}

/// A phrase bonus that never changes what matches (its words match on their own), scored only for the
/// best of the first pass.
pub struct Deferred {
    phrase: PhraseQuery,
    pub boost: f32,
}

impl Deferred {
    /// The phrase, boosted.
    pub fn query(&self) -> Box<dyn Query> {
        boosted(Box::new(self.phrase.clone()), self.boost)
    }

    /// Its words, whose statistics bound its score.
    pub fn terms(&self) -> Vec<Term> {
        self.phrase.phrase_terms()
    }
}

/// Builds tantivy queries with the index's analyzers.
pub struct Planner<'a> {
    pub fields: &'a Fields,
    searcher: &'a Searcher,
    pub synonyms: &'a Synonyms,
    analyzer: TextAnalyzer,
    /// The fields with postings in the index (see `indexed_fields`).
    indexed: u64,
}

impl<'a> Planner<'a> {
    pub fn new(
        index: &Index,
        searcher: &'a Searcher,
        fields: &'a Fields,
        synonyms: &'a Synonyms,
    ) -> Result<Self, TantivyError> {
        Ok(Planner {
            fields,
            searcher,
            synonyms,
            analyzer: index.tokenizer_for_field(fields.body)?,
            indexed: indexed_fields(searcher),
        })
    }

    /// False for a field no entry of the bank fills (`also` in a bank without `**Also asked as:**`, `level`
    /// without levels): clauses on it would match nothing, and merely opening it makes tantivy build an
    /// empty term dictionary (an FST builder of ~1 MB, once per process; 4% of a 97k-hit search's CPU in
    /// `perf`, BENCHMARKS.md), so they are left out.
    pub fn has(&self, field: Field) -> bool {
        self.indexed & (1 << field.field_id()) != 0
    }

    /// The scoring query (no filters), or `None` when nothing searchable is left.
    pub fn text_query(&mut self, search: &Search) -> Option<Planned> {
        let query = &search.query;
        let occur = if search.require_all {
            Occur::Must
        } else {
            Occur::Should
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let words = self.topical_words(query);
        let (words, stacks) = prefer::split_stacks(self.searcher, self.fields, words);
        // A word the bank lacks is searched as the bank word it most likely meant (`normalizaton` →
        // `normalization`, `veiw` → `view`), whose synonyms and phrases then apply (`sql injecton` is
        // `sql injection`, `prevnet` also `protect`); the stems of the two can be further apart than a
        // fuzzy match of the stem allows. The word as typed stays, for its typo and prefix forms.
        let meant: Vec<Option<String>> = words
            .iter()
            .map(|word| self.meant(word, query.pasted))
            .collect();
        let corrected: Vec<String> = words
            .iter()
            .zip(&meant)
            .map(|(word, meant)| meant.clone().unwrap_or_else(|| word.clone()))
            .collect();
        // Sentence punctuation is not part of a term: "cross-site request forgery?" is the term.
        let bare: Vec<String> = corrected
            .iter()
            .map(|word| {
                let bare = word.trim_matches(['?', ',', '.', '!', ';', ':', '"', '\'', '(', ')']);
                if bare.is_empty() { word } else { bare }.to_string()
            })
            .collect();
        let mut spans = self.synonyms.spans(&bare);
        // A pasted error's class is found by its name alone when the bank does not quote its module.
        for span in spans.iter_mut().filter(|span| span.words.len() == 1) {
            if let Some(tail) = crate::query::intent::qualified_tail(&span.words[0]) {
                span.alternatives.push(vec![tail.to_string()]);
            }
        }
        let last = spans.len().saturating_sub(1);
        let mut concepts: Vec<Concept> = Vec::new();
        let subject: Vec<&str> = query
            .definition
            .as_deref()
            .map(|s| s.split_whitespace().collect())
            .unwrap_or_default();
        let compared: Vec<&str> = (0..query.words.len())
            .filter(|&i| is_compared(&query.words, i))
            .map(|i| query.words[i].as_str())
            .collect();
        let mut at = 0;
        for (i, span) in spans.iter().enumerate() {
            let start = at;
            at += span.words.len();
            if i >= MAX_CONCEPTS {
                break;
            }
            let mut forms = self.forms(span);
            let typed = &words[start];
            let was_corrected = span.words.len() == 1 && meant[start].is_some();
            if was_corrected {
                let form = self.form(typed);
                if !form.parts.is_empty() {
                    forms.insert(0, form);
                }
            }
            if forms.is_empty() {
                continue;
            }
            let loose_word = (span.words.len() == 1 && !query.pasted).then_some(typed.as_str());
            let open = query.last_word_open && i == last && query.words.last() == Some(typed);
            forms.truncate(8);
            let typed_words = &words[start..at];
            concepts.push(Concept {
                forms,
                loose_word,
                open,
                subject: typed_words.iter().all(|word| {
                    subject.contains(&word.trim_matches(|c: char| !c.is_alphanumeric()))
                }),
                compared: typed_words
                    .iter()
                    .all(|word| compared.contains(&word.as_str())),
            });
        }
        let mut weights = self.weights(&concepts);
        // "The difference between X and Y, and when ...": the sides are the subject, however common
        // they are in the bank (`put` is in many answers). Only when the question asks for a
        // difference: the "instead of" of a described problem is no comparison. An entry whose
        // question names the sides compares them; one with them only in its answer mentions them.
        if asks_difference(&query.words) && concepts.iter().filter(|c| c.compared).count() >= 2 {
            for (weight, c) in weights.iter_mut().zip(&concepts) {
                if c.compared {
                    weight.share = 1.0;
                } else {
                    weight.share *= OUTSIDE_SUBJECT;
                }
                weight.long = true;
            }
        }
        // "What is X, and how ...": the rest of a definition question only qualifies X.
        // And an entry whose question names X defines it, where one that has X only in its answer
        // uses it: as in a long question, a match only in an answer earns less, however short this one.
        if concepts.iter().any(|c| c.subject) {
            let qualified = concepts.len() >= 2;
            for (weight, c) in weights.iter_mut().zip(&concepts) {
                if !c.subject {
                    weight.share *= OUTSIDE_SUBJECT;
                }
                weight.long |= qualified;
            }
        }
        for (c, weight) in concepts.iter().zip(&weights) {
            clauses.extend(self.concept(&c.forms, c.loose_word, c.open, occur, *weight));
        }
        for phrase in query.phrases.iter().take(MAX_CONCEPTS) {
            let form = self.form(phrase);
            if !form.parts.is_empty() {
                let form = Form {
                    wholes: Vec::new(),
                    ..form
                };
                clauses.extend(self.concept(&[form], None, false, occur, Weight::SHORT));
            }
        }
        if clauses.is_empty() {
            return None;
        }
        // Bonus for the loose words in the order typed, and for each pair of neighbours in a long or
        // pasted query (an error message the bank quotes, "constraint violation" in a long question).
        let fixes: Vec<(&String, &String)> = words
            .iter()
            .zip(&meant)
            .filter_map(|(word, meant)| meant.as_ref().map(|meant| (word, meant)))
            .collect();
        let in_order: Vec<&str> = query
            .words
            .iter()
            .map(|word| {
                fixes
                    .iter()
                    .find(|(typed, _)| *typed == word)
                    .map_or(word.as_str(), |(_, meant)| meant.as_str())
            })
            .collect();
        let ordered = self.form(&in_order.join(" "));
        let mut deferred = None;
        if (2..=MAX_PHRASE_WORDS).contains(&ordered.parts.len()) {
            if self.has(self.fields.question) {
                let question = phrase(self.fields.question, &ordered);
                clauses.push((Occur::Should, boosted(question, 4.0)));
            }
            // The answers' phrase is a quarter of a search that matches most of a large bank
            // (positions read for every match), and its bonus is a few points at most there.
            if self.has(self.fields.body) {
                deferred = Some(Deferred {
                    phrase: phrase_query(self.fields.body, &ordered),
                    boost: 2.0,
                });
            }
        }
        if concepts.len() >= LONG_QUERY || query.pasted {
            clauses.extend(self.pair_clauses(&ordered, &spans, query.pasted));
        }
        for excluded in &query.excluded {
            let form = self.form(excluded);
            if !form.parts.is_empty() {
                clauses.push((Occur::MustNot, self.exact_anywhere(&[form])));
            }
        }
        let bonus = self.preferences(query, &concepts, &weights, &stacks);
        Some(Planned {
            matching: Box::new(BooleanQuery::new(clauses)),
            bonus,
            deferred,
        })
    }

    /// Filters of topic, framework, level and tags, as clauses that do not change scores.
    pub fn filters(&mut self, query: &crate::query::Query) -> Vec<(Occur, Box<dyn Query>)> {
        let f = self.fields;
        let mut filters: Vec<Box<dyn Query>> = Vec::new();
        for (field, value) in [(f.topic, &query.topic), (f.framework, &query.framework)] {
            if let Some(value) = value {
                let term = Term::from_facet(field, &Facet::from_path([value.as_str()]));
                filters.push(Box::new(TermQuery::new(term, IndexRecordOption::Basic)));
            }
        }
        if let Some(level) = query.level {
            let term = Term::from_field_text(f.level, level.as_str());
            filters.push(Box::new(TermQuery::new(term, IndexRecordOption::Basic)));
        }
        for tag in &query.tags {
            let form = self.form(tag);
            if !form.parts.is_empty() {
                filters.push(exact(f.tags, &form));
            }
        }
        filters
            .into_iter()
            .map(|q| {
                (
                    Occur::Must,
                    Box::new(ConstScoreQuery::new(q, 0.0)) as Box<dyn Query>,
                )
            })
            .collect()
    }
}

/// A bit per field (by id) with postings in some segment; every bit when the segments cannot say.
fn indexed_fields(searcher: &Searcher) -> u64 {
    let schema = searcher.schema();
    let mut indexed = 0;
    for segment in searcher.segment_readers() {
        let Ok(fields) = segment.fields_metadata() else {
            return u64::MAX;
        };
        for field in fields {
            let filled = field.postings_size.is_some_and(|size| size.get_bytes() > 0);
            if let (true, Ok(id)) = (filled, schema.get_field(&field.field_name)) {
                indexed |= 1 << id.field_id();
            }
        }
    }
    indexed
}
