//! A parsed query → one tantivy query. Every user word (or synonym span, or quoted phrase) is a *concept*;
//! a concept matched exactly or by stem adds a large constant, one matched only by a typo correction or a
//! prefix adds a smaller one, so answers that cover every concept rank first, exact before fuzzy, and
//! BM25 orders answers of equal coverage. Questions weigh 3x, tags 2x, answers 1x; the words in the order
//! typed add a phrase bonus.

use tantivy::Index;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur,
    PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, TantivyError, Term};

use super::Fields;
use crate::query::synonyms::Synonyms;

/// Score of a concept found exactly (or by stem or synonym) in any field.
pub const EXACT_COVERAGE: f32 = 1000.0;
/// Score of a concept found only through a typo correction or as a prefix.
pub const LOOSE_COVERAGE: f32 = 600.0;
/// More concepts than this add cost, not precision; the rest are dropped.
const MAX_CONCEPTS: usize = 24;
const MAX_PHRASE_WORDS: usize = 12;
const STOP_WORDS: &str = include_str!("../../data/stopwords.txt");

fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.lines().any(|line| line == word)
}

/// Everything a search needs from the command line, resolved.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub query: crate::query::Query,
    /// Every concept must match (`--all`).
    pub require_all: bool,
}

/// Builds tantivy queries with the index's analyzers.
pub struct Planner<'a> {
    pub fields: &'a Fields,
    searcher: &'a Searcher,
    pub synonyms: &'a Synonyms,
    analyzer: TextAnalyzer,
}

/// The analyzed form of one way to write a concept.
struct Form {
    /// Whole code identifiers (`password_hash`), searched as single terms.
    wholes: Vec<String>,
    /// The words, searched as one term or as a phrase.
    parts: Vec<String>,
    /// Position of each part relative to the first: stop words leave gaps a phrase must keep.
    offsets: Vec<usize>,
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
        })
    }

    /// The scoring query (no filters), or `None` when nothing searchable is left.
    pub fn text_query(&mut self, request: &Request) -> Option<Box<dyn Query>> {
        let query = &request.query;
        let occur = if request.require_all {
            Occur::Must
        } else {
            Occur::Should
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // Words like "how" or "the" only count when the query has nothing else.
        let topical: Vec<String> = query
            .words
            .iter()
            .filter(|w| !is_stop_word(w))
            .cloned()
            .collect();
        let words = if topical.is_empty() {
            &query.words
        } else {
            &topical
        };
        let spans = self.synonyms.spans(words);
        let last = spans.len().saturating_sub(1);
        for (i, span) in spans.iter().enumerate().take(MAX_CONCEPTS) {
            let mut forms: Vec<Form> = std::iter::once(&span.words)
                .chain(&span.alternatives)
                .map(|words| self.form(&words.join(" ")))
                .filter(|form| !form.parts.is_empty())
                .collect();
            if forms.is_empty() {
                continue;
            }
            let loose_word = (span.words.len() == 1).then(|| span.words[0].as_str());
            let open = query.last_word_open && i == last && query.words.last() == span.words.last();
            forms.truncate(8);
            clauses.extend(self.concept(&forms, loose_word, open, occur));
        }
        for phrase in query.phrases.iter().take(MAX_CONCEPTS) {
            let form = self.form(phrase);
            if !form.parts.is_empty() {
                let form = Form {
                    wholes: Vec::new(),
                    ..form
                };
                clauses.extend(self.concept(&[form], None, false, occur));
            }
        }
        if clauses.is_empty() {
            return None;
        }
        // Bonus for the loose words in the order typed.
        let ordered = self.form(&query.words.join(" "));
        if (2..=MAX_PHRASE_WORDS).contains(&ordered.parts.len()) {
            for (field, boost) in [(self.fields.question, 4.0), (self.fields.body, 2.0)] {
                clauses.push((Occur::Should, boosted(phrase(field, &ordered), boost)));
            }
        }
        for excluded in &query.excluded {
            let form = self.form(excluded);
            if !form.parts.is_empty() {
                clauses.push((Occur::MustNot, self.exact_anywhere(&[form])));
            }
        }
        Some(Box::new(BooleanQuery::new(clauses)))
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

    fn form(&mut self, text: &str) -> Form {
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
        form
    }

    /// The clauses of one concept: its coverage constant and its relevance.
    fn concept(
        &self,
        forms: &[Form],
        loose_word: Option<&str>,
        open: bool,
        occur: Occur,
    ) -> Vec<(Occur, Box<dyn Query>)> {
        let f = self.fields;
        let mut coverage: Vec<Box<dyn Query>> = vec![Box::new(ConstScoreQuery::new(
            self.exact_anywhere(forms),
            EXACT_COVERAGE,
        ))];
        // Typo and prefix forms only for a word the bank does not contain as typed: they are what a
        // search spends most on, and a word that is there needs no correction. Each automaton is used
        // once, in one field; a corrected word weighs more in a question than in an answer.
        if self.is_unknown(forms) {
            for (field, bonus) in [(f.question, 20.0), (f.tags, 10.0), (f.body, 0.0)] {
                let loose = loosely(field, loose_word, forms, open);
                if !loose.is_empty() {
                    let any = loose.into_iter().map(|q| (Occur::Should, q)).collect();
                    coverage.push(Box::new(ConstScoreQuery::new(
                        Box::new(BooleanQuery::new(any)),
                        LOOSE_COVERAGE + bonus,
                    )));
                }
            }
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(occur, Box::new(DisjunctionMaxQuery::new(coverage)))];
        for (field, boost) in [(f.question, 3.0), (f.tags, 2.0), (f.body, 1.0)] {
            let alternatives: Vec<Box<dyn Query>> =
                forms.iter().map(|form| exact(field, form)).collect();
            clauses.push((
                Occur::Should,
                boosted(Box::new(DisjunctionMaxQuery::new(alternatives)), boost),
            ));
        }
        clauses
    }

    /// True when no field holds the concept's first word as analyzed.
    fn is_unknown(&self, forms: &[Form]) -> bool {
        let Some(word) = forms.first().and_then(|form| form.parts.first()) else {
            return false;
        };
        let f = self.fields;
        [f.question, f.tags, f.body].into_iter().all(|field| {
            self.searcher
                .doc_freq(&Term::from_field_text(field, word))
                .is_ok_and(|n| n == 0)
        })
    }

    fn exact_anywhere(&self, forms: &[Form]) -> Box<dyn Query> {
        let f = self.fields;
        let clauses = [f.question, f.tags, f.body]
            .into_iter()
            .flat_map(|field| {
                forms
                    .iter()
                    .map(move |form| (Occur::Should, exact(field, form)))
            })
            .collect();
        Box::new(BooleanQuery::new(clauses))
    }
}

/// One form in one field: any of its whole identifiers, or its words as a term or phrase.
fn exact(field: Field, form: &Form) -> Box<dyn Query> {
    let mut alternatives: Vec<Box<dyn Query>> =
        form.wholes.iter().map(|whole| term(field, whole)).collect();
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

/// Typo-tolerant and prefix forms of a single plain word: none for short words, edit distance 1 from 5
/// letters, 2 from 9; the last word of the query may also be unfinished.
fn loosely(field: Field, word: Option<&str>, forms: &[Form], open: bool) -> Vec<Box<dyn Query>> {
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
    if distance > 0 {
        queries.push(Box::new(FuzzyTermQuery::new(
            Term::from_field_text(field, stem),
            distance,
            true,
        )));
    }
    if open && word.chars().count() >= 3 {
        queries.push(Box::new(FuzzyTermQuery::new_prefix(
            Term::from_field_text(field, word),
            0,
            true,
        )));
    }
    queries
}

fn term(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

fn phrase(field: Field, form: &Form) -> Box<dyn Query> {
    Box::new(PhraseQuery::new_with_offset(
        form.offsets
            .iter()
            .zip(&form.parts)
            .map(|(&offset, word)| (offset, Term::from_field_text(field, word)))
            .collect(),
    ))
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(query, boost))
}
