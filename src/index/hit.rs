//! What a search returns: hits (a stored document made readable), their snippets, and the counts
//! beside them.

use std::collections::BTreeMap;
use std::ops::Range;

use tantivy::TantivyDocument;
use tantivy::schema::Value;

use super::Fields;
use super::answers::Span;

pub(super) const SNIPPET_CHARS: usize = 220;

/// One ranked answer.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Unique across the sources searched: the first source's ids as indexed, the others' as
    /// `source:id` (see `banks.rs`).
    pub id: String,
    /// The source (bank) it comes from, and that source's folder, which `path` is relative to; empty
    /// until `Banks` names them.
    pub source: String,
    pub folder: std::path::PathBuf,
    pub question: String,
    /// The entry's other phrasings (`**Also asked as:**`).
    pub also: Vec<String>,
    pub topic: String,
    pub framework: Option<String>,
    pub tags: Vec<String>,
    pub level: Option<String>,
    pub path: String,
    pub line: usize,
    pub score: f32,
    pub snippet: Snippet,
    /// The answer's Markdown, read from the bank for a search's hits (the index stores no answer);
    /// `None` elsewhere, or when its file could not be read.
    pub answer: Option<String>,
    /// Where the answer lies in its file, as indexed.
    pub(crate) span: Option<Span>,
}

/// A piece of the answer, with the byte ranges of the words that matched.
#[derive(Debug, Clone, Default)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<Range<usize>>,
}

impl Snippet {
    /// The start of an answer (its first `SNIPPET_CHARS` characters, whitespace flattened), nothing
    /// highlighted: for hits that matched only the question or tags, or only by meaning.
    pub(super) fn lead(body: &str) -> Snippet {
        let flat = body.split_whitespace().collect::<Vec<_>>().join(" ");
        let text = match flat.char_indices().nth(SNIPPET_CHARS) {
            Some((cut, _)) => format!("{}…", &flat[..cut]),
            None => flat,
        };
        Snippet {
            text,
            highlights: Vec::new(),
        }
    }
}

#[derive(Debug, Default)]
pub struct Results {
    pub total: usize,
    pub hits: Vec<Hit>,
    /// Matches per topic, most first.
    pub topics: Vec<(String, u64)>,
    /// Matches per source, in the order of the sources (empty from a single `Reader`).
    pub sources: Vec<(String, u64)>,
    /// A corrected query when nothing matched and a word is not in the bank.
    pub suggestion: Option<String>,
}

impl Results {
    /// Matches per topic as `topics` keeps them: most first, then by name.
    pub fn most_first(counts: impl IntoIterator<Item = (String, u64)>) -> Vec<(String, u64)> {
        let mut topics: Vec<(String, u64)> = counts.into_iter().collect();
        topics.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        topics
    }

    /// The topics of `hits` with how many each has, most first.
    pub fn topics_of<'a>(hits: impl IntoIterator<Item = &'a Hit>) -> Vec<(String, u64)> {
        let mut counts: BTreeMap<String, u64> = BTreeMap::new();
        for hit in hits {
            *counts.entry(hit.topic.clone()).or_default() += 1;
        }
        Results::most_first(counts)
    }
}

/// Counts of questions per topic and per framework.
#[derive(Debug, Default)]
pub struct Facets {
    pub questions: usize,
    /// Questions per source (empty from a single `Reader`).
    pub sources: BTreeMap<String, u64>,
    pub topics: BTreeMap<String, u64>,
    pub frameworks: BTreeMap<String, u64>,
}

/// The hit a stored document makes, with this score and snippet (its answer is read separately).
pub(super) fn from_doc(f: &Fields, doc: &TantivyDocument, score: f32, snippet: Snippet) -> Hit {
    let level = string(doc, f.level);
    let tags = string(doc, f.tags);
    Hit {
        id: string(doc, f.id),
        source: String::new(),
        folder: std::path::PathBuf::new(),
        question: string(doc, f.question),
        also: doc
            .get_all(f.also)
            .filter_map(|v| v.as_str())
            .map(str::to_string)
            .collect(),
        topic: facet(doc, f.topic).unwrap_or_default(),
        framework: facet(doc, f.framework),
        tags: tags
            .split(", ")
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect(),
        level: (!level.is_empty()).then_some(level),
        path: string(doc, f.path),
        line: doc.get_first(f.line).and_then(|v| v.as_u64()).unwrap_or(0) as usize,
        score,
        snippet,
        answer: None,
        span: doc
            .get_first(f.span)
            .and_then(|v| v.as_bytes())
            .and_then(Span::from_bytes),
    }
}
fn string(doc: &TantivyDocument, field: tantivy::schema::Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

fn facet(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_facet())
        .map(|encoded| encoded.trim_start_matches(['/', '\0']).replace('\0', "/"))
        .filter(|s| !s.is_empty())
}
