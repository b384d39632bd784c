//! The index: one tantivy schema whose fields are defined once here, the manifest that records what was
//! indexed, writing (incremental and atomic, in `write.rs`) and searching (`search.rs`).

pub mod analysis;
pub mod fresh;
pub mod manifest;
pub mod plan;
pub mod prefer;
pub mod search;
pub mod vocab;
pub mod write;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use tantivy::schema::{
    FAST, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};
use tantivy::{Index, IndexSettings};

/// Bumped whenever the schema or the meaning of a field changes: an older index is then rebuilt.
pub const SCHEMA_VERSION: u32 = 7;

/// Every field of the schema, resolved once.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub question: Field,
    /// Other phrasings of the question (`**Also asked as:**`): searched like it, not stored.
    pub also: Field,
    pub tags: Field,
    /// The answer as plain text (markup removed, code kept): searched, and the source of snippets.
    pub body: Field,
    pub topic: Field,
    pub framework: Field,
    pub level: Field,
    /// Markers for ranking: `definition` when the question asks what something is ("What is a JWT?"),
    /// `generic` when the entry belongs to no framework or language (see `prefer.rs`).
    pub kind: Field,
    pub path: Field,
    pub line: Field,
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
            also: builder.add_text_field("also", text(false)),
            tags: builder.add_text_field("tags", text(true)),
            body: builder.add_text_field("body", text(true)),
            topic: builder.add_facet_field("topic", FacetOptions::default().set_stored()),
            framework: builder.add_facet_field("framework", FacetOptions::default().set_stored()),
            level: builder.add_text_field("level", STRING | STORED),
            kind: builder.add_text_field("kind", STRING),
            path: builder.add_text_field("path", STRING | STORED),
            line: builder.add_u64_field("line", INDEXED | STORED | FAST),
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

/// The directories `qa` works on, resolved from flags and environment once.
#[derive(Debug, Clone)]
pub struct Paths {
    pub corpus: PathBuf,
    pub index: PathBuf,
}

/// Opens the index for reading. `Ok(None)` means there is no usable index yet (missing, damaged or
/// written by another version of `qa`), which the caller answers by building one.
pub fn open(dir: &Path) -> Result<Option<(Index, Fields)>> {
    if !dir.join("meta.json").exists() {
        return Ok(None);
    }
    let Ok(index) = Index::open_in_dir(dir) else {
        return Ok(None);
    };
    analysis::register(&index);
    Ok(Fields::of(&index).map(|fields| (index, fields)))
}

/// Creates an empty index in `dir` (which must hold no index).
fn create(dir: &Path) -> Result<(Index, Fields)> {
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
    Ok((index, fields))
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
