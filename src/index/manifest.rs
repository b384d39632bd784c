//! What the index was built from: for each Markdown file its size, mtime and content hash. The manifest is
//! stored as the payload of the tantivy commit, so the documents and the record of what they came from are
//! written in one atomic step and can never disagree.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tantivy::Index;

use super::SCHEMA_VERSION;
use crate::bank::FileStat;

#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub version: u32,
    /// Canonical path of the corpus the index was built from.
    pub corpus: String,
    pub files: BTreeMap<String, FileRecord>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileRecord {
    pub size: u64,
    pub mtime: u64,
    pub hash: u64,
    pub questions: usize,
    /// Warnings found when the file was last read, as `(line, message)`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<(usize, String)>,
}

/// Files to re-read and files to drop, found by comparing sizes and mtimes with the manifest.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: Vec<String>,
    pub modified: Vec<String>,
    pub removed: Vec<String>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.modified.is_empty() && self.removed.is_empty()
    }

    pub fn len(&self) -> usize {
        self.added.len() + self.modified.len() + self.removed.len()
    }
}

impl Manifest {
    pub fn new(corpus: String) -> Self {
        Manifest {
            version: SCHEMA_VERSION,
            corpus,
            files: BTreeMap::new(),
        }
    }

    /// The manifest of the last commit, or `None` when there is none or it is unreadable.
    pub fn load(index: &Index) -> Option<Manifest> {
        let payload = index.load_metas().ok()?.payload?;
        serde_json::from_str(&payload).ok()
    }

    /// True when this manifest describes an index of `corpus` written by this version's schema.
    pub fn fits(&self, corpus: &str) -> bool {
        self.version == SCHEMA_VERSION && self.corpus == corpus
    }

    /// Compares the files on disk (sorted by path) with the manifest. Pure, and cheap: no file is read.
    pub fn changes(&self, on_disk: &[FileStat]) -> Changes {
        let mut changes = Changes::default();
        for file in on_disk {
            match self.files.get(&file.path) {
                None => changes.added.push(file.path.clone()),
                Some(record) if record.size != file.size || record.mtime != file.mtime => {
                    changes.modified.push(file.path.clone())
                }
                Some(_) => {}
            }
        }
        let present: std::collections::HashSet<&str> =
            on_disk.iter().map(|f| f.path.as_str()).collect();
        changes.removed = self
            .files
            .keys()
            .filter(|path| !present.contains(path.as_str()))
            .cloned()
            .collect();
        changes
    }

    pub fn questions(&self) -> usize {
        self.files.values().map(|f| f.questions).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stat(path: &str, size: u64, mtime: u64) -> FileStat {
        FileStat {
            path: path.to_string(),
            size,
            mtime,
        }
    }

    fn record(size: u64, mtime: u64) -> FileRecord {
        FileRecord {
            size,
            mtime,
            hash: 0,
            questions: 1,
            warnings: Vec::new(),
        }
    }

    #[test]
    fn changes_finds_added_modified_and_removed_files() {
        let mut manifest = Manifest::new("/c".into());
        manifest.files.insert("same.md".into(), record(10, 1));
        manifest.files.insert("grown.md".into(), record(10, 1));
        manifest.files.insert("touched.md".into(), record(10, 1));
        manifest.files.insert("gone.md".into(), record(10, 1));
        let disk = [
            stat("grown.md", 11, 1),
            stat("new.md", 5, 1),
            stat("same.md", 10, 1),
            stat("touched.md", 10, 2),
        ];
        let changes = manifest.changes(&disk);
        assert_eq!(changes.added, ["new.md"]);
        assert_eq!(changes.modified, ["grown.md", "touched.md"]);
        assert_eq!(changes.removed, ["gone.md"]);
        assert_eq!(changes.len(), 4);
    }

    #[test]
    fn nothing_changed_is_empty() {
        let mut manifest = Manifest::new("/c".into());
        manifest.files.insert("a.md".into(), record(1, 1));
        assert!(manifest.changes(&[stat("a.md", 1, 1)]).is_empty());
    }

    #[test]
    fn another_corpus_or_version_does_not_fit() {
        let manifest = Manifest::new("/c".into());
        assert!(manifest.fits("/c"));
        assert!(!manifest.fits("/d"));
        let old = Manifest {
            version: 0,
            ..manifest
        };
        assert!(!old.fits("/c"));
    }
}
