//! The check run before every search: does the index still describe the bank? Usually answered by one
//! stat per folder and per file listed in the manifest, without walking the corpus; a walk follows only
//! when something moved. The index opened for the check is handed on, so a fresh search opens it once.

use std::path::Path;

use anyhow::{Context, Result};
use tantivy::Index;

use super::manifest::Manifest;
use super::{Fields, Paths, open};
use crate::bank;

/// How the index stands against the bank on disk.
#[derive(Debug, PartialEq, Eq)]
pub enum Freshness {
    Fresh,
    /// No index yet.
    Missing,
    /// An index exists but cannot be used (damaged, another schema, another corpus).
    Unusable,
    /// This many Markdown files were added, changed or removed since the last update (0: only folders
    /// changed, and the manifest should record their new mtimes).
    Stale(usize),
}

/// The outcome of the check, with the index it opened when that index can serve the search.
pub struct Check {
    pub freshness: Freshness,
    pub index: Option<(Index, Fields)>,
}

/// Compares the bank on disk with the manifest of the last commit. No file is read.
pub fn check(paths: &Paths) -> Result<Check> {
    let corpus = corpus_key(&paths.corpus)?;
    let verdict = |freshness| {
        Ok(Check {
            freshness,
            index: None,
        })
    };
    if !paths.index.join("meta.json").exists() {
        return verdict(Freshness::Missing);
    }
    let Some((index, fields)) = open(&paths.index)? else {
        return verdict(Freshness::Unusable);
    };
    let Some(manifest) = Manifest::load(&index).filter(|m| m.fits(&corpus)) else {
        return verdict(Freshness::Unusable);
    };
    if manifest.unchanged_on_disk(&paths.corpus) {
        return Ok(Check {
            freshness: Freshness::Fresh,
            index: Some((index, fields)),
        });
    }
    let scan = bank::scan(&paths.corpus)?;
    let changed = manifest.changes(&scan.files).len();
    let dirs_moved = scan.dirs.len() != manifest.dirs.len()
        || scan
            .dirs
            .iter()
            .any(|(dir, mtime)| manifest.dirs.get(dir) != Some(mtime));
    Ok(match (changed, dirs_moved) {
        (0, false) => Check {
            freshness: Freshness::Fresh,
            index: Some((index, fields)),
        },
        (n, _) => Check {
            freshness: Freshness::Stale(n),
            index: None,
        },
    })
}

/// The corpus as the manifest names it: its canonical path, so `./corpus` and `corpus/` agree.
pub fn corpus_key(corpus: &Path) -> Result<String> {
    let canonical = corpus
        .canonicalize()
        .with_context(|| format!("corpus directory {} not found", corpus.display()))?;
    Ok(canonical.to_string_lossy().into_owned())
}
