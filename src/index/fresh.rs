//! The check run before every search: does the index still describe the bank? Usually answered by one
//! stat per folder and per file listed in the manifest, without walking the corpus; only when something
//! moved are the folders that moved listed again (`bank::rescan`). The index opened for the check is handed on, so a fresh search opens it once.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use anyhow::{Context, Result};

use super::manifest::{Listing, Manifest};
use super::{Opened, Paths, Unusable, open};
use crate::bank::{self, Pinned};

/// How the index stands against the bank on disk.
#[derive(Debug, PartialEq, Eq)]
pub enum Freshness {
    Fresh,
    /// No index yet.
    Missing,
    /// An index exists but cannot be used, for this reason.
    Unusable(Unusable),
    /// This many Markdown files were added, changed or removed since the last update.
    Stale(usize),
    /// No Markdown file changed but folders did (an editor's swap file): the manifest should record
    /// their new mtimes, so the next check can trust them again.
    FoldersMoved,
}

/// Files stat'ed per turn when two threads share the freshness check.
const STAT_CHUNK: usize = 128;

/// The outcome of the check, with the index it opened when that index can serve the search.
pub struct Check {
    pub freshness: Freshness,
    pub index: Option<Opened>,
}

/// `check`, with `work` run on the index at the same time as the stats of the bank (on the other CPU):
/// on a large bank the stats cost as much as the search itself, and nearly always find nothing. `work`'s
/// result comes back only when the index turned out fresh; otherwise the caller updates and runs it again.
///
/// With `pin_cpus`, the calling thread is kept on its CPU and the helper sent to another one while the
/// check runs (Linux; process state, so the caller's choice): on 2 cores this is what makes the two
/// overlap (`BENCHMARKS.md`: 14.5 → 10.5 ms on 4,000 files). The caller's CPU set is restored after.
///
/// A `sealed` bank cannot change (the built-in one, whose folder is named by its hash): an index of it
/// whose manifest names that folder is fresh without a stat.
pub fn check_while<T>(
    paths: &Paths,
    pin_cpus: bool,
    sealed: bool,
    work: impl FnOnce(&Opened) -> T,
) -> Result<(Check, Option<T>)> {
    let corpus = corpus_key(&paths.corpus)?;
    let verdict = |freshness| {
        let check = Check {
            freshness,
            index: None,
        };
        Ok((check, None))
    };
    let (opened, (name, bytes)) = match current(paths) {
        Ok(current) => current,
        Err(Unusable::Missing) => return verdict(Freshness::Missing),
        Err(why) => return verdict(Freshness::Unusable(why)),
    };
    let manifest = match Listing::decode(&name, &bytes).and_then(|listing| {
        listing.check(&corpus)?;
        Ok(listing)
    }) {
        Ok(listing) => listing,
        Err(why) => return verdict(Freshness::Unusable(why)),
    };
    if sealed {
        let result = work(&opened);
        let check = Check {
            freshness: Freshness::Fresh,
            index: Some(opened),
        };
        return Ok((check, Some(result)));
    }
    let root = paths.corpus.as_path();
    let files = manifest.file_list();
    let next = AtomicUsize::new(0);
    let changed = AtomicBool::new(false);
    // Both threads take chunks of the file list; the main thread joins in once its search is done.
    let stat_chunks = || {
        while !changed.load(Ordering::Relaxed) {
            let start = next.fetch_add(STAT_CHUNK, Ordering::Relaxed);
            if start >= files.len() {
                break;
            }
            let chunk = &files[start..files.len().min(start + STAT_CHUNK)];
            if !bank::unchanged(root, chunk.iter().copied()) {
                changed.store(true, Ordering::Relaxed);
            }
        }
    };
    let pinned = if pin_cpus {
        Pinned::split()
    } else {
        Pinned::none()
    };
    let result = std::thread::scope(|scope| {
        let stats = scope.spawn(|| {
            pinned.move_here();
            if !manifest.dirs_unchanged(root) {
                changed.store(true, Ordering::Relaxed);
            }
            stat_chunks();
        });
        let result = work(&opened);
        stat_chunks();
        if stats.join().is_err() {
            changed.store(true, Ordering::Relaxed);
        }
        result
    });
    drop(pinned);
    if !changed.load(Ordering::Relaxed) {
        let check = Check {
            freshness: Freshness::Fresh,
            index: Some(opened),
        };
        return Ok((check, Some(result)));
    }
    let manifest = match Manifest::decode(&name, &bytes) {
        Ok(manifest) => manifest,
        Err(why) => return verdict(Freshness::Unusable(why)),
    };
    Ok((walk(paths, opened, &manifest)?, None))
}

/// The index of the last commit and its manifest file's name and bytes.
fn current(paths: &Paths) -> Result<(Opened, (String, Vec<u8>)), Unusable> {
    let opened = open(&paths.index)?;
    let manifest = Manifest::read(&opened.index)?;
    Ok((opened, manifest))
}

/// Compares the bank on disk with the manifest of the last commit. No file is read.
pub fn check(paths: &Paths) -> Result<Check> {
    Ok(check_while(paths, false, false, |_| ())?.0)
}

/// The slow path of the check: find what changed (reading only the folders that moved) and count it.
fn walk(paths: &Paths, opened: Opened, manifest: &Manifest) -> Result<Check> {
    let scan = manifest.rescan(&paths.corpus)?;
    let changed = manifest.changes(&scan.files).len();
    let dirs_moved = manifest.dirs != scan.dirs;
    let (freshness, index) = match (changed, dirs_moved) {
        (0, false) => (Freshness::Fresh, Some(opened)),
        (0, true) => (Freshness::FoldersMoved, None),
        (n, _) => (Freshness::Stale(n), None),
    };
    Ok(Check { freshness, index })
}

/// The corpus as the manifest names it: its canonical path, so `./corpus` and `corpus/` agree.
pub fn corpus_key(corpus: &Path) -> Result<String> {
    let canonical = corpus
        .canonicalize()
        .with_context(|| format!("corpus directory {}", corpus.display()))?;
    Ok(canonical.to_string_lossy().into_owned())
}
