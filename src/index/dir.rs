//! The index directory itself: the writer lock that lets one process update it at a time, and clearing
//! the files of a damaged index (only tantivy's and ours, never anything else that lives there).

use std::fs::{self, File, OpenOptions, TryLockError};
use std::path::Path;
use std::thread::sleep;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use super::manifest::Manifest;
use super::{Event, Observer};

/// The writer lock of an index directory.
const LOCK_FILE: &str = ".qa.lock";

/// Files tantivy writes; only these are ever deleted when a damaged index is cleared.
const INDEX_FILE_SUFFIXES: [&str; 8] = [
    ".idx",
    ".pos",
    ".term",
    ".store",
    ".fast",
    ".fieldnorm",
    ".del",
    ".lock",
];

/// Takes the writer lock of an index directory, waiting up to `timeout` for another process.
pub(super) fn lock(dir: &Path, timeout: Duration, observer: &dyn Observer) -> Result<File> {
    let path = dir.join(LOCK_FILE);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot write to the index directory {}", dir.display()))?;
    let deadline = Instant::now() + timeout;
    let mut told = false;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(err)) => {
                return Err(err).with_context(|| format!("locking {}", path.display()));
            }
        }
        if !told {
            observer.event(Event::Waiting);
            told = true;
        }
        if Instant::now() > deadline {
            bail!(
                "another qa process has held the index lock {} for over {:.0} s; giving up",
                path.display(),
                timeout.as_secs_f32()
            );
        }
        sleep(Duration::from_millis(50));
    }
}

/// Deletes the files of an unusable index, and nothing else that may live in the directory.
pub(super) fn clear(dir: &Path) -> Result<()> {
    for item in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = item
            .with_context(|| format!("reading {}", dir.display()))?
            .path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Our lock file ends in `.lock` too, and is held while this runs.
        let ours = name != LOCK_FILE
            && (name == "meta.json"
                || name == ".managed.json"
                || name.starts_with(".tantivy")
                || Manifest::owns(&name)
                || INDEX_FILE_SUFFIXES.iter().any(|s| name.ends_with(s)));
        if ours && path.is_file() {
            fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
        }
    }
    Ok(())
}
