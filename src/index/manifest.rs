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

/// What a freshness check reads of a manifest, borrowed from its file's bytes: the same encoding as
/// `Manifest`, without building its maps (a millisecond at 4,000 files, spent before the stats could
/// start) or copying its paths.
#[derive(Debug, Deserialize)]
pub struct Listing<'a> {
    version: u32,
    corpus: &'a str,
    #[serde(borrow)]
    files: Vec<(&'a str, ListedFile<'a>)>,
    #[serde(borrow)]
    dirs: Vec<(&'a str, u64)>,
    _scanned: u64,
}

/// A `FileRecord` as `Listing` reads it.
#[derive(Debug, Deserialize)]
struct ListedFile<'a> {
    size: u64,
    mtime: u64,
    _hash: u64,
    _questions: usize,
    #[serde(borrow)]
    _warnings: Vec<(usize, &'a str)>,
}

impl<'a> Listing<'a> {
    /// The listing in the bytes of the manifest file `name`.
    pub fn decode(name: &str, bytes: &'a [u8]) -> Result<Listing<'a>, Unusable> {
        postcard::from_bytes(bytes).map_err(|err| Unusable::NoManifest(format!("{name}: {err}")))
    }

    /// As `Manifest::check`.
    pub fn check(&self, corpus: &str) -> Result<(), Unusable> {
        check(self.version, self.corpus, corpus)
    }

    /// As `Manifest::file_list`.
    pub fn file_list(&self) -> Vec<(&'a str, u64, u64)> {
        (self.files.iter())
            .map(|(path, file)| (*path, file.size, file.mtime))
            .collect()
    }

    /// As `Manifest::dirs_unchanged`.
    pub fn dirs_unchanged(&self, root: &Path) -> bool {
        dirs_unchanged(root, self.dirs.iter().copied())
    }
}

/// `Ok` when a manifest of this version and corpus describes an index of `corpus` written by this
/// version's schema.
fn check(version: u32, recorded: &str, corpus: &str) -> Result<(), Unusable> {
    if version != SCHEMA_VERSION {
        Err(Unusable::Version(version))
    } else if recorded != corpus {
        Err(Unusable::OtherCorpus(recorded.to_string()))
    } else {
        Ok(())
    }
}

/// True when there are folders and each still has its recorded mtime.
fn dirs_unchanged<'a>(root: &Path, dirs: impl Iterator<Item = (&'a str, u64)>) -> bool {
    let mut dirs = dirs.peekable();
    dirs.peek().is_some()
        && dirs.all(|(dir, mtime)| bank::stat(root, dir).is_some_and(|(_, m)| m == mtime))
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
        let (name, bytes) = Manifest::read(index)?;
        Manifest::decode(&name, &bytes)
    }

    /// A manifest from the bytes of the file `name`.
    pub(crate) fn decode(name: &str, bytes: &[u8]) -> Result<Manifest, Unusable> {
        postcard::from_bytes(bytes).map_err(|err| Unusable::NoManifest(format!("{name}: {err}")))
    }

    /// The name and bytes of the manifest file of the index's last commit.
    pub(crate) fn read(index: &Index) -> Result<(String, Vec<u8>), Unusable> {
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
        Ok((pointer.manifest, bytes))
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
        dirs_unchanged(
            root,
            self.dirs.iter().map(|(dir, &mtime)| (dir.as_str(), mtime)),
        )
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
        check(self.version, &self.corpus, corpus)
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
mod tests;
