//! `--json`: one object per command, text as written (serde_json escapes what must be), plus escapes for
//! the characters that could still act on a terminal if the JSON is shown raw.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{View, is_unsafe};
use crate::index::search::{Facets, Results};

#[derive(Serialize)]
struct JsonResults<'a, R: Serialize> {
    query: &'a str,
    total: usize,
    hits: Vec<JsonHit<'a, R>>,
    /// Matches per topic.
    topics: BTreeMap<&'a str, u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suggestion: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonHit<'a, R: Serialize> {
    id: &'a str,
    question: &'a str,
    topic: &'a str,
    framework: Option<&'a str>,
    tags: &'a [String],
    level: Option<&'a str>,
    path: String,
    line: usize,
    score: f32,
    snippet: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    answer: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    review: Option<&'a R>,
}

/// `--json`: one object. Text is kept as written; serde_json escapes control characters.
pub fn hits_json<W: Write>(
    w: &mut W,
    view: &View,
    query: &str,
    results: &Results,
    answers: &[Option<String>],
) -> io::Result<()> {
    hits_json_reviewed::<_, ()>(w, view, query, results, answers, &[])
}

/// `--json` with each hit's `"review"` object (`reviews[i]`), when given.
pub fn hits_json_reviewed<W: Write, R: Serialize>(
    w: &mut W,
    view: &View,
    query: &str,
    results: &Results,
    answers: &[Option<String>],
    reviews: &[R],
) -> io::Result<()> {
    let hits = results
        .hits
        .iter()
        .enumerate()
        .map(|(i, hit)| JsonHit {
            id: &hit.id,
            question: &hit.question,
            topic: &hit.topic,
            framework: hit.framework.as_deref(),
            tags: &hit.tags,
            level: hit.level.as_deref(),
            path: view.corpus.join(&hit.path).display().to_string(),
            line: hit.line,
            score: hit.score,
            snippet: &hit.snippet.text,
            answer: answers.get(i).and_then(|a| a.as_deref()),
            review: reviews.get(i),
        })
        .collect();
    let out = JsonResults {
        query,
        total: results.total,
        hits,
        topics: results
            .topics
            .iter()
            .map(|(t, n)| (t.as_str(), *n))
            .collect(),
        suggestion: results.suggestion.as_deref(),
    };
    json(w, &out)
}

/// Writes a value as pretty JSON. serde_json escapes C0 controls; C1 controls, DEL and bidirectional
/// overrides are escaped here too, so even raw JSON on a terminal cannot act on it. The text is unchanged
/// for a JSON reader.
pub fn json<W: Write, T: Serialize>(w: &mut W, value: &T) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    writeln!(w, "{out}")
}

#[derive(Serialize)]
struct JsonTopics<'a> {
    questions: usize,
    topics: &'a BTreeMap<String, u64>,
    frameworks: &'a BTreeMap<String, u64>,
}

pub fn topics_json<W: Write>(w: &mut W, facets: &Facets) -> io::Result<()> {
    let out = JsonTopics {
        questions: facets.questions,
        topics: &facets.topics,
        frameworks: &facets.frameworks,
    };
    json(w, &out)
}
