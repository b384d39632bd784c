//! `--json`: one object per command, text as written (serde_json escapes what must be), plus escapes for
//! the characters that could still act on a terminal if the JSON is shown raw.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{View, is_unsafe};
use crate::entry::Entry;
use crate::index::search::{Facets, Results};

#[derive(Serialize)]
struct JsonResults<'a, R: Serialize> {
    query: &'a str,
    total: usize,
    hits: Vec<JsonHit<'a, R>>,
    /// Matches per source.
    sources: BTreeMap<&'a str, u64>,
    /// Matches per topic.
    topics: BTreeMap<&'a str, u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suggestion: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonHit<'a, R: Serialize> {
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
    #[serde(skip_serializing_if = "Option::is_none")]
    review: Option<&'a R>,
}

/// `--json`: one object, with each hit's `"review"` object (`reviews[i]`) when given. Text is kept as
/// written; serde_json escapes control characters.
pub fn hits_json<W: Write, R: Serialize>(
    w: &mut W,
    view: &View,
    query: &str,
    results: &Results,
    reviews: &[R],
) -> io::Result<()> {
    let hits = results
        .hits
        .iter()
        .enumerate()
        .map(|(i, hit)| JsonHit {
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
            review: reviews.get(i),
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

#[derive(Serialize)]
struct ExportEntry<'a> {
    id: &'a str,
    key: String,
    source: &'a str,
    topic: &'a str,
    framework: Option<&'a str>,
    level: Option<&'static str>,
    tags: &'a [String],
    question: &'a str,
    also: &'a [String],
    answer: &'a str,
    path: &'a str,
    line: usize,
}

/// One entry as one line of JSON (`qa export --ndjson`), for a search server: the answer as Markdown,
/// the path relative to its bank, the bank's name (`source`) and a URL-safe `key`.
pub fn entry_ndjson<W: Write>(w: &mut W, source: &str, entry: &Entry) -> io::Result<()> {
    let value = ExportEntry {
        id: &entry.id,
        key: url_safe(&entry.id),
        source,
        topic: &entry.topic,
        framework: entry.framework.as_deref(),
        level: entry.level.map(|l| l.as_str()),
        tags: &entry.tags,
        question: &entry.question,
        also: &entry.also,
        answer: &entry.answer,
        path: &entry.path,
        line: entry.line,
    };
    writeln!(w, "{}", escaped(&serde_json::to_string(&value)?))
}

/// Longest key kept readable; Meilisearch takes at most 511 bytes.
const KEY_MAX: usize = 480;

/// The id as a document key that search servers and URLs take as is (Meilisearch allows only ASCII
/// letters, digits, `-` and `_`): those characters are kept, `_` is doubled and any other byte becomes
/// `_` and two hex digits, so `security/jwt#how-do-x` is `security_2Fjwt_23how-do-x` and two ids never
/// share a key. A key that would be longer than `KEY_MAX` is cut and ends with a hash of the whole id.
pub fn url_safe(id: &str) -> String {
    let mut key = String::with_capacity(id.len() + 8);
    for byte in id.bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' => key.push(byte as char),
            b'_' => key.push_str("__"),
            other => key.push_str(&format!("_{other:02X}")),
        }
    }
    if key.len() > KEY_MAX {
        // The key is ASCII, so any cut is on a character; the hash keeps cut keys apart.
        key.truncate(KEY_MAX - 17);
        key.push_str(&format!(
            "-{:016x}",
            xxhash_rust::xxh3::xxh3_64(id.as_bytes())
        ));
    }
    key
}

/// Writes a value as pretty JSON. serde_json escapes C0 controls; C1 controls, DEL and bidirectional
/// overrides are escaped here too, so even raw JSON on a terminal cannot act on it. The text is unchanged
/// for a JSON reader.
pub fn json<W: Write, T: Serialize>(w: &mut W, value: &T) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    writeln!(w, "{}", escaped(&text))
}

/// JSON text with the characters serde_json leaves raw but a terminal would act on escaped.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::url_safe;

    #[test]
    fn keys_are_url_safe_and_never_shared() {
        let ids = [
            "security/jwt#how-do-refresh-tokens-work",
            "security_2Fjwt#how-do-refresh-tokens-work",
            "a/b_c#d",
            "a/b__c#d",
            "a/b#c_d",
            "ünï/cödé#x",
            "a b/c#d?e=f&g",
        ];
        let keys: Vec<String> = ids.iter().map(|id| url_safe(id)).collect();
        assert_eq!(keys[0], "security_2Fjwt_23how-do-refresh-tokens-work");
        for key in &keys {
            assert!(
                key.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
                "{key}"
            );
        }
        let distinct: std::collections::HashSet<_> = keys.iter().collect();
        assert_eq!(distinct.len(), keys.len(), "{keys:?}");
    }

    #[test]
    fn long_keys_are_cut_with_a_hash_of_the_whole_id() {
        let long = format!("t/f#{}", "x".repeat(600));
        let other = format!("t/f#{}y", "x".repeat(600));
        let (a, b) = (url_safe(&long), url_safe(&other));
        assert!(a.len() <= 511, "{}", a.len());
        assert_ne!(a, b);
    }
}
