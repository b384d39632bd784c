//! What the index was built from: for each Markdown file its size, mtime and content hash, and each
//! folder's mtime. The manifest is written to its own file (postcard, a compact binary encoding), named by
//! its content hash, before the tantivy commit; the commit's payload names that file. So the documents and
//! the record of what they came from change in one atomic step (the commit) and can never disagree, while
//! `meta.json`, which tantivy parses on every open, stays small.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use tantivy::Index;
use tantivy::directory::Directory;

use super::{SCHEMA_VERSION, Unusable};
use crate::bank::{self, FileStat};

/// Manifest files are `manifest-<hash>.bin` in the index directory.
const PREFIX: &str = "manifest-";

/// The commit payload: which manifest file belongs to this commit.
#[derive(Debug, Serialize, Deserialize)]
struct Pointer {
    version: u32,
    corpus: String,
    manifest: String,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub version: u32,
    /// Canonical path of the corpus the index was built from.
    pub corpus: String,
    pub files: BTreeMap<String, FileRecord>,
    /// Folder → mtime, as walked.
    #[serde(default)]
    pub dirs: BTreeMap<String, u64>,
    /// When the walk that recorded `dirs` began (`bank::Scan::started`).
    #[serde(default)]
    pub scanned: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileRecord {
    pub size: u64,
    pub mtime: u64,
    pub hash: u64,
    pub questions: usize,
    /// Warnings found when the file was last read, as `(line, message)`.
    #[serde(default)]
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
            dirs: BTreeMap::new(),
            scanned: 0,
        }
    }

    /// The manifest of the last commit, or why there is none that this version can use.
    pub(crate) fn load(index: &Index) -> Result<Manifest, Unusable> {
        let missing = |reason: String| Unusable::NoManifest(reason);
        let metas = index
            .load_metas()
            .map_err(|err| Unusable::Damaged(err.to_string()))?;
        let Some(payload) = metas.payload else {
            // Created and not yet committed (another process is building it): no index yet.
            return Err(if metas.segments.is_empty() {
                Unusable::Missing
            } else {
                missing("the commit names none".into())
            });
        };
        let pointer: Pointer = serde_json::from_str(&payload)
            .map_err(|err| missing(format!("commit payload: {err}")))?;
        if pointer.version != SCHEMA_VERSION {
            return Err(Unusable::Version(pointer.version));
        }
        if !pointer.manifest.starts_with(PREFIX) {
            return Err(missing(format!("unexpected name {:?}", pointer.manifest)));
        }
        let bytes = index
            .directory()
            .atomic_read(Path::new(&pointer.manifest))
            .map_err(|err| missing(format!("{}: {err}", pointer.manifest)))?;
        postcard::from_bytes(&bytes).map_err(|err| missing(format!("{}: {err}", pointer.manifest)))
    }

    /// Writes the manifest file (durably) into `dir` and returns the commit payload that names it.
    pub fn save(&self, dir: &Path) -> Result<String> {
        // A compact binary encoding: the manifest is read before every search, and JSON of 4,000 files
        // took milliseconds to parse.
        let bytes = postcard::to_allocvec(self)?;
        let name = format!("{PREFIX}{:016x}.bin", xxhash_rust::xxh3::xxh3_64(&bytes));
        let path = dir.join(&name);
        if !path.exists() {
            let tmp = dir.join(format!(".{name}.tmp"));
            let mut file =
                fs::File::create(&tmp).with_context(|| format!("writing {}", tmp.display()))?;
            file.write_all(&bytes)
                .and_then(|()| file.sync_all())
                .with_context(|| format!("writing {}", tmp.display()))?;
            fs::rename(&tmp, &path).with_context(|| format!("writing {}", path.display()))?;
        }
        Ok(serde_json::to_string(&Pointer {
            version: self.version,
            corpus: self.corpus.clone(),
            manifest: name,
        })?)
    }

    /// True for a manifest file, or the temporary file of one being written.
    pub fn owns(file_name: &str) -> bool {
        file_name.starts_with(PREFIX)
            || file_name
                .strip_prefix('.')
                .is_some_and(|rest| rest.starts_with(PREFIX))
    }

    /// Deletes the manifest files of earlier commits (and of updates killed before their commit).
    pub fn remove_others(dir: &Path, payload: &str) {
        let Ok(pointer) = serde_json::from_str::<Pointer>(payload) else {
            return;
        };
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if Manifest::owns(&name) && name != pointer.manifest {
                let _ = fs::remove_file(entry.path());
            }
        }
    }

    /// True when every folder still has its recorded mtime (a file added, removed or renamed in a folder
    /// changes the folder's mtime). With the files' own stats (`file_list`, `bank::unchanged`) this tells
    /// that nothing changed without walking the corpus.
    pub fn dirs_unchanged(&self, root: &Path) -> bool {
        !self.dirs.is_empty()
            && self
                .dirs
                .iter()
                .all(|(dir, mtime)| bank::stat(root, dir).is_some_and(|(_, m)| m == *mtime))
    }

    /// The bank as a walk would find it now, reading only the folders whose mtime moved since this
    /// manifest's walk (`bank::rescan`).
    pub fn rescan(&self, root: &Path) -> Result<bank::Scan> {
        let files = self.file_list();
        let known = bank::Known {
            dirs: &self.dirs,
            files: &files,
            started: self.scanned,
        };
        bank::rescan(root, &known)
    }

    /// Records what a walk found of the folders (files are recorded as they are read).
    pub fn record_folders(&mut self, scan: &bank::Scan) {
        self.dirs = scan.dirs.clone();
        self.scanned = scan.started;
    }

    /// Every file as `(path, size, mtime)`, sorted by path (so files of one folder are together).
    pub fn file_list(&self) -> Vec<(&str, u64, u64)> {
        self.files
            .iter()
            .map(|(path, record)| (path.as_str(), record.size, record.mtime))
            .collect()
    }

    /// True when this manifest describes an index of `corpus` written by this version's schema.
    pub fn fits(&self, corpus: &str) -> bool {
        self.check(corpus).is_ok()
    }

    /// `Ok` when this manifest describes an index of `corpus` written by this version's schema.
    pub fn check(&self, corpus: &str) -> Result<(), Unusable> {
        if self.version != SCHEMA_VERSION {
            Err(Unusable::Version(self.version))
        } else if self.corpus != corpus {
            Err(Unusable::OtherCorpus(self.corpus.clone()))
        } else {
            Ok(())
        }
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
    fn the_manifest_file_round_trips_through_a_commit_payload() {
        let dir = tempfile::TempDir::new().unwrap();
        let mut manifest = Manifest::new("/c".into());
        manifest.files.insert("a.md".into(), record(1, 2));
        manifest.dirs.insert(String::new(), 7);
        let payload = manifest.save(dir.path()).unwrap();
        assert!(
            payload.len() < 200,
            "the payload only names the file: {payload}"
        );
        let older = Manifest::new("/c".into()).save(dir.path()).unwrap();
        Manifest::remove_others(dir.path(), &payload);
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        assert!(payload.contains(&names[0]) && !older.contains(&names[0]));
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
