//! The tantivy queries one analyzed form becomes: a term, a phrase, typo and prefix automata.

use tantivy::Term;
use tantivy::query::{
    BoostQuery, DisjunctionMaxQuery, FuzzyTermQuery, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use super::Form;

/// One form in one field: any of its whole identifiers, or its words as a term or phrase.
pub(super) fn exact(field: Field, form: &Form) -> Box<dyn Query> {
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
pub(super) fn loosely(
    field: Field,
    word: Option<&str>,
    forms: &[Form],
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

pub(super) fn term(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

pub(super) fn phrase(field: Field, form: &Form) -> Box<dyn Query> {
    Box::new(PhraseQuery::new_with_offset(
        form.offsets
            .iter()
            .zip(&form.parts)
            .map(|(&offset, word)| (offset, Term::from_field_text(field, word)))
            .collect(),
    ))
}

pub(super) fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(query, boost))
}
