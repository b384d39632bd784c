//! The bank shipped inside the binary (`corpus/`, embedded by `build.rs`). It is written out once to a
//! folder of its own (in the user's cache), so indexing, `qa show` and a hit's location work on it as on
//! any folder; the folder's name carries the bank's hash, so a newer `qa` with another bank gets a new
//! folder and index, and the freshness check of this bank costs nothing: it cannot change.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/bank.rs"));
}

/// The source name of the built-in bank.
pub const NAME: &str = "builtin";

/// A hash of the embedded bank, as 16 hex digits.
pub fn hash() -> String {
    format!("{:016x}", embedded::HASH)
}

/// How many files the embedded bank has.
pub fn files() -> usize {
    embedded::FILES.len()
}

/// Marks a complete copy of the bank (written last).
const MARKER: &str = ".qa-builtin";

/// Writes the embedded bank into `dir` unless a complete copy is already there (one stat); true when it
/// wrote one. The copy is written beside it and renamed into place, so two processes never see half a
/// bank; the loser of a race keeps the winner's copy.
pub fn extract(dir: &Path) -> Result<bool> {
    if dir.join(MARKER).exists() {
        return Ok(false);
    }
    let parent = dir.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    let staging = tempfile::Builder::new()
        .prefix(".qa-builtin-")
        .tempdir_in(parent)
        .with_context(|| format!("writing to {}", parent.display()))?;
    for (path, bytes) in embedded::FILES {
        let file = staging.path().join(path);
        if let Some(folder) = file.parent() {
            fs::create_dir_all(folder).with_context(|| format!("creating {}", folder.display()))?;
        }
        fs::write(&file, bytes).with_context(|| format!("writing {}", file.display()))?;
    }
    fs::write(staging.path().join(MARKER), hash())
        .with_context(|| format!("writing {}", staging.path().display()))?;
    let staged: PathBuf = staging.keep();
    // Copies only ever appear whole (renamed into place with their marker), so an existing folder is
    // never deleted here: another process may have just put it there, and may be reading it.
    match fs::rename(&staged, dir) {
        Ok(()) => Ok(true),
        // Another process put its copy there first.
        Err(_) if dir.join(MARKER).exists() => {
            let _ = fs::remove_dir_all(&staged);
            Ok(false)
        }
        Err(err) => {
            let _ = fs::remove_dir_all(&staged);
            Err(io::Error::new(err.kind(), err)).with_context(|| {
                format!(
                    "writing {} (a folder without {MARKER} is in the way; delete it)",
                    dir.display()
                )
            })
        }
    }
}

/// Deletes copies and indexes of other versions of the bank next to `current` (named `<prefix><hash>`).
pub fn remove_others(current: &Path) {
    let (Some(parent), Some(name)) = (current.parent(), current.file_name()) else {
        return;
    };
    let name = name.to_string_lossy();
    let Some(prefix) = name.strip_suffix(&hash()) else {
        return;
    };
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let other = entry.file_name().to_string_lossy().into_owned();
        if other != name && other.starts_with(prefix) && other.len() == name.len() {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bank_is_embedded_and_written_out_once() {
        assert!(files() > 100, "the shipped bank has its files");
        let dir = tempfile::TempDir::new().unwrap();
        let bank = dir.path().join(format!("bank-{}", hash()));
        assert!(extract(&bank).unwrap());
        assert!(bank.join("security/jwt.md").is_file());
        // A second call finds the marker and writes nothing.
        fs::remove_file(bank.join("security/jwt.md")).unwrap();
        assert!(!extract(&bank).unwrap());
        assert!(!bank.join("security/jwt.md").exists());
        let old = dir.path().join("bank-0123456789abcdef");
        fs::create_dir(&old).unwrap();
        remove_others(&bank);
        assert!(!old.exists() && bank.exists());
    }
}
