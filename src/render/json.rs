//! `--json`: one object per command, text as written (serde_json escapes what must be), plus escapes for
//! the characters that could still act on a terminal if the JSON is shown raw.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{View, is_unsafe};
use crate::entry::Entry;
use crate::index::search::{Facets, Results};

#[derive(Serialize)]
struct JsonResults<'a> {
    query: &'a str,
    total: usize,
    hits: Vec<JsonHit<'a>>,
    /// Matches per source.
    sources: BTreeMap<&'a str, u64>,
    /// Matches per topic.
    topics: BTreeMap<&'a str, u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suggestion: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonHit<'a> {
    id: &'a str,
    source: &'a str,
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
}

/// `--json`: one object. Text is kept as written; serde_json escapes control characters.
pub fn hits_json<W: Write>(
    w: &mut W,
    view: &View,
    query: &str,
    results: &Results,
) -> io::Result<()> {
    let hits = results
        .hits
        .iter()
        .map(|hit| JsonHit {
            id: &hit.id,
            source: &hit.source,
            question: &hit.question,
            topic: &hit.topic,
            framework: hit.framework.as_deref(),
            tags: &hit.tags,
            level: hit.level.as_deref(),
            path: view.hit_path(hit),
            line: hit.line,
            score: hit.score,
            snippet: &hit.snippet.text,
            answer: hit.answer.as_deref(),
        })
        .collect();
    let out = JsonResults {
        query,
        total: results.total,
        hits,
        sources: results
            .sources
            .iter()
            .map(|(s, n)| (s.as_str(), *n))
            .collect(),
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
struct JsonEntry<'a> {
    id: &'a str,
    question: &'a str,
    topic: &'a str,
    framework: Option<&'a str>,
    tags: &'a [String],
    level: Option<&'a str>,
    path: String,
    line: usize,
    answer: &'a str,
}

/// `qa show --json`: one entry with its whole answer.
pub fn entry_json<W: Write>(w: &mut W, view: &View, entry: &Entry) -> io::Result<()> {
    let out = JsonEntry {
        id: &entry.id,
        question: &entry.question,
        topic: &entry.topic,
        framework: entry.framework.as_deref(),
        tags: &entry.tags,
        level: entry.level.map(|l| l.as_str()),
        path: view.path(&entry.path),
        line: entry.line,
        answer: &entry.answer,
    };
    json(w, &out)
}

#[derive(Serialize)]
struct JsonTopics<'a> {
    questions: usize,
    sources: &'a BTreeMap<String, u64>,
    topics: &'a BTreeMap<String, u64>,
    frameworks: &'a BTreeMap<String, u64>,
}

pub fn topics_json<W: Write>(w: &mut W, facets: &Facets) -> io::Result<()> {
    let out = JsonTopics {
        questions: facets.questions,
        sources: &facets.sources,
        topics: &facets.topics,
        frameworks: &facets.frameworks,
    };
    json(w, &out)
}
