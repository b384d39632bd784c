//! The session lock: a file next to the state file, locked while a `qa quiz` session runs, so that a
//! second session can tell it is not alone and work read-only instead of interleaving grades with the
//! first. The operating system releases it when the process ends, even by SIGKILL.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Held by a running session; released when dropped or when the process dies.
#[derive(Debug)]
pub struct SessionLock {
    _file: File,
}

/// The lock file of a state file.
fn lock_path(state: &Path) -> PathBuf {
    let mut name = state.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// Takes the session lock of `state`; `Ok(None)` when another session holds it.
pub fn lock_session(state: &Path) -> Result<Option<SessionLock>> {
    let path = lock_path(state);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("opening the session lock {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(SessionLock { _file: file })),
        Err(TryLockError::WouldBlock) => Ok(None),
        Err(TryLockError::Error(err)) => {
            Err(err).with_context(|| format!("locking {}", path.display()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tempfile::TempDir;

    #[test]
    fn one_session_holds_the_lock_at_a_time() {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("practice.sqlite3");
        let first = lock_session(&path).unwrap();
        assert!(first.is_some());
        assert!(lock_session(&path).unwrap().is_none());
        drop(first);
        assert!(lock_session(&path).unwrap().is_some());
    }
}
