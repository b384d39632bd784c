//! The index: one tantivy schema whose fields are defined once here, the manifest that records what was
//! indexed, its life cycle before a read (`lifecycle.rs`: fresh, updated, rebuilt), writing (incremental
//! and atomic, in `write.rs`) and searching (`search.rs`). tantivy stays inside: what crosses this
//! boundary is a `Reader`, an `Opened` index, the reasons an index is `Unusable` and `Event`s.

pub mod analysis;
mod answers;
pub mod banks;
mod deferred;
mod dir;
pub mod fresh;
mod hit;
pub mod lifecycle;
pub mod manifest;
pub mod plan;
pub mod prefer;
pub mod search;
mod topic_counts;
pub mod vocab;
pub mod write;

use std::fmt;
use std::path::Path;

use anyhow::{Context, Result};
use tantivy::schema::{
    FAST, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};
use tantivy::{Index, IndexSettings};

pub use crate::config::Paths;
pub use answers::Answers;
pub use lifecycle::Fresh;

use crate::query::synonyms::Synonyms;
use manifest::Manifest;
use search::Reader;
use write::Summary;

/// Bumped whenever the schema, the meaning of a field or what the parser reads from a file changes: an
/// older index is then rebuilt (16: navigation after an answer left out; 17: "How does X work in Laravel?"
/// introduces X; 18: "How would you explain X?" asks what X is; 19: a number's plural is the number).
pub const SCHEMA_VERSION: u32 = 19;

/// Every field of the schema, resolved once.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub question: Field,
    /// Other phrasings of the question (`**Also asked as:**`): searched like it, and stored for the
    /// semantic reranker (`crate::semantic`), which reads them beside the question.
    pub also: Field,
    pub tags: Field,
    /// The answer as plain text (markup removed, code kept): searched, not stored (see `answers.rs`).
    pub body: Field,
    pub topic: Field,
    pub framework: Field,
    pub level: Field,
    /// Markers for ranking: `definition` when the question asks what something is ("What is a JWT?"),
    /// `generic` when the entry belongs to no framework or language (see `prefer.rs`).
    pub kind: Field,
    /// What the question introduces ("What is CORS?" → `cor`, see `intent::subject_key`), and what its
    /// "Also asked as" phrasings introduce ("what is a database transaction"): a "what is X" query
    /// prefers the entry about X itself to those about X's parts.
    pub subject: Field,
    pub path: Field,
    pub line: Field,
    /// Where the answer lies in its file, to read it back (`answers::Span`): stored, not searched.
    pub span: Field,
    /// Words of questions and tags, not stemmed and not stored: where "did you mean" finds real words.
    pub vocab: Field,
}

impl Fields {
    fn build() -> (Schema, Fields) {
        let mut builder = Schema::builder();
        let text = |stored: bool| {
            let indexing = TextFieldIndexing::default()
                .set_tokenizer(analysis::STEMMED)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions);
            let options = TextOptions::default().set_indexing_options(indexing);
            if stored {
                options.set_stored()
            } else {
                options
            }
        };
        let fields = Fields {
            id: builder.add_text_field("id", STRING | STORED),
            question: builder.add_text_field("question", text(true)),
            also: builder.add_text_field("also", text(true)),
            tags: builder.add_text_field("tags", text(true)),
            body: builder.add_text_field("body", text(false)),
            topic: builder.add_facet_field("topic", FacetOptions::default().set_stored()),
            framework: builder.add_facet_field("framework", FacetOptions::default().set_stored()),
            level: builder.add_text_field("level", STRING | STORED),
            kind: builder.add_text_field("kind", STRING),
            subject: builder.add_text_field("subject", STRING),
            path: builder.add_text_field("path", STRING | STORED),
            line: builder.add_u64_field("line", INDEXED | STORED | FAST),
            span: builder.add_bytes_field("span", STORED),
            vocab: builder.add_text_field(
                "vocab",
                TextOptions::default().set_indexing_options(
                    TextFieldIndexing::default()
                        .set_tokenizer(analysis::RAW)
                        .set_index_option(IndexRecordOption::Basic),
                ),
            ),
        };
        (builder.build(), fields)
    }

    /// The fields of an opened index, or `None` if its schema is not the one this build of `qa` writes.
    pub fn of(index: &Index) -> Option<Fields> {
        let (schema, fields) = Fields::build();
        let theirs = index.schema();
        let same = schema.fields().count() == theirs.fields().count()
            && schema
                .fields()
                .all(|(field, entry)| theirs.get_field_entry(field) == entry);
        same.then_some(fields)
    }
}

/// Why an index on disk cannot be used as it is. Each case is answered by building it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unusable {
    /// There is no index in the directory yet.
    Missing,
    /// tantivy cannot open it (a broken `meta.json`, a missing or truncated file).
    Damaged(String),
    /// Its schema is not the one this version of `qa` writes.
    Schema,
    /// Its last commit names no manifest that can be read.
    NoManifest(String),
    /// Its manifest was written by another version of `qa`.
    Version(u32),
    /// It was built from another corpus (the canonical path it names).
    OtherCorpus(String),
}

impl fmt::Display for Unusable {
    /// Completes "the index in DIR …".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unusable::Missing => write!(f, "does not exist yet"),
            Unusable::Damaged(reason) => write!(f, "is damaged ({reason})"),
            Unusable::Schema | Unusable::Version(_) => {
                write!(f, "was written by another version of qa")
            }
            Unusable::NoManifest(reason) => write!(f, "has no readable manifest ({reason})"),
            Unusable::OtherCorpus(corpus) => write!(f, "was built from another corpus ({corpus})"),
        }
    }
}

/// What happens to the index while a command waits for it, in order, for the command to show: notes,
/// a progress bar, the summary of an update.
#[derive(Debug)]
pub enum Event<'a> {
    /// There is no index yet; it is being built.
    Building,
    /// The index cannot be used; it is being built again.
    Rebuilding(&'a Unusable),
    /// This many Markdown files changed since the last update; it is being updated.
    Updating(usize),
    /// Another process holds the index lock; the update waits for it (sent once).
    Waiting,
    /// `done` of `total` changed files have been read.
    Reading { done: usize, total: usize },
    /// Files are read; the commit (and merge) starts.
    Committing,
    /// An announced update (`Building`, `Rebuilding`, `Updating`, `Damaged`) finished.
    Updated(&'a Summary),
    /// The index failed while being opened for reading (the reason); it is being rebuilt.
    Damaged(&'a str),
    /// The update failed; the last commit answers instead.
    Fallback(&'a anyhow::Error),
}

/// Receives the `Event`s of an index update. `()` ignores them.
pub trait Observer {
    fn event(&self, event: Event<'_>);
}

impl Observer for () {
    fn event(&self, _: Event<'_>) {}
}

/// An index opened from disk, written with this version's schema (its manifest not yet checked).
pub struct Opened {
    pub(crate) index: Index,
    pub(crate) fields: Fields,
}

impl Opened {
    /// A reader of the last commit, with the built-in synonyms plus `synonyms`' groups, reading answers
    /// from the bank in `corpus` (the folder the index was built from).
    pub fn reader(&self, synonyms: Synonyms, corpus: &Path) -> Result<Reader> {
        Reader::new(
            self.index.clone(),
            self.fields,
            synonyms,
            Answers::Bank(corpus.to_path_buf()),
        )
    }

    /// The manifest of the last commit: what the documents were built from.
    pub fn manifest(&self) -> Result<Manifest, Unusable> {
        Manifest::load(&self.index)
    }

    /// How many documents (questions) the last commit holds.
    pub fn documents(&self) -> Result<usize> {
        let reader = self.index.reader().context("opening an index reader")?;
        Ok(reader.searcher().num_docs() as usize)
    }
}

/// Opens the index in `dir`, or says why it cannot be used (`Unusable::Missing` when there is none).
pub fn open(dir: &Path) -> Result<Opened, Unusable> {
    if !dir.join("meta.json").exists() {
        return Err(Unusable::Missing);
    }
    let index = Index::open_in_dir(dir).map_err(|err| Unusable::Damaged(err.to_string()))?;
    analysis::register(&index);
    let fields = Fields::of(&index).ok_or(Unusable::Schema)?;
    Ok(Opened { index, fields })
}

/// Creates an empty index in `dir` (which must hold no index).
fn create(dir: &Path) -> Result<Opened> {
    let (schema, fields) = Fields::build();
    // Small doc-store blocks: a search fetches 10 stored documents, and smaller blocks decompress faster.
    let settings = IndexSettings {
        docstore_blocksize: 4096,
        ..IndexSettings::default()
    };
    let index = Index::builder()
        .schema(schema)
        .settings(settings)
        .create_in_dir(dir)
        .with_context(|| format!("creating an index in {}", dir.display()))?;
    analysis::register(&index);
    Ok(Opened { index, fields })
}

/// An empty index in memory, for unit tests of indexing and searching.
#[cfg(test)]
pub fn create_in_ram() -> (Index, Fields) {
    let (schema, fields) = Fields::build();
    let index = Index::create_in_ram(schema);
    analysis::register(&index);
    (index, fields)
}

#[cfg(test)]
mod tests;
