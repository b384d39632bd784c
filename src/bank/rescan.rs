//! Finding what changed since the last walk without walking again. Adding, removing or renaming an entry
//! of a folder changes the folder's mtime, so a folder whose mtime is the one recorded still holds the
//! entries recorded: its Markdown files are stat'ed by name (relative to the open folder, one name lookup
//! each), and only folders whose mtime moved are listed. On a bank of 4,000 files in 300 folders this is
//! what an update after one edit spends finding it (`BENCHMARKS.md`, "Incremental update").
//!
//! What a rescan misses, a walk misses too: a file rewritten with its size and mtime put back. A folder
//! changed within the same clock tick as the walk that recorded it keeps its mtime on coarse clocks, so
//! folders whose mtime was that recent are listed again rather than trusted.

use std::collections::BTreeMap;
#[cfg(unix)]
use std::collections::HashMap;
use std::path::Path;

use anyhow::Result;

use super::Scan;

/// What the last walk recorded: the folders with their mtimes, the Markdown files as
/// `(path, size, mtime)`, and when it began (`Scan::started`).
pub struct Known<'a> {
    pub dirs: &'a BTreeMap<String, u64>,
    pub files: &'a [(&'a str, u64, u64)],
    pub started: u64,
}

/// A folder's mtime is trusted only when the walk that recorded it began this long after it (two
/// seconds: FAT's granularity, the coarsest of the file systems a bank may live on).
const RACY_NANOS: u64 = 2_000_000_000;

/// The bank as `scan` would find it, reading only the folders that changed since `known` was recorded.
/// Without a record of folders (an index built before they were recorded), it is `scan`.
#[cfg(unix)]
pub fn rescan(root: &Path, known: &Known) -> Result<Scan> {
    super::corpus_dir(root)?;
    if known.dirs.is_empty() {
        return super::scan(root);
    }
    let mut scan = Scan {
        started: super::now_nanos(),
        ..Scan::default()
    };
    let mut names: HashMap<&str, Vec<&str>> = HashMap::new();
    for &(path, _, _) in known.files {
        let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
        names.entry(dir).or_default().push(name);
    }
    let mut subdirs: HashMap<&str, Vec<&str>> = HashMap::new();
    for dir in known.dirs.keys().filter(|dir| !dir.is_empty()) {
        let parent = dir.rsplit_once('/').map_or("", |(parent, _)| parent);
        subdirs.entry(parent).or_default().push(dir);
    }
    // Folders first (few), then the files of the trusted ones (many) on two threads.
    let mut trusted = Vec::new();
    let mut queue = vec![String::new()];
    while let Some(dir) = queue.pop() {
        let Some(folder) = Folder::open(root, &dir, &mut scan) else {
            continue;
        };
        scan.dirs.insert(dir.clone(), folder.mtime);
        let unmoved = known.dirs.get(&dir).is_some_and(|&recorded| {
            recorded == folder.mtime && recorded.saturating_add(RACY_NANOS) <= known.started
        });
        if unmoved {
            let children = subdirs.get(dir.as_str()).into_iter().flatten();
            queue.extend(children.map(|child| child.to_string()));
            trusted.push((folder, names.remove(dir.as_str()).unwrap_or_default()));
        } else {
            queue.extend(folder.list(&mut scan));
        }
    }
    stat_files(&trusted, &mut scan);
    scan.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(scan)
}

/// Files stat'ed per turn when two threads share the stats.
#[cfg(unix)]
const STAT_CHUNK: usize = 256;

/// Stats the named files of each folder into `scan`, on two threads when there are many: on a large bank
/// the stats are most of what finding an edit costs.
#[cfg(unix)]
fn stat_files(folders: &[(Folder, Vec<&str>)], scan: &mut Scan) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let work: Vec<(&Folder, &str)> = folders
        .iter()
        .flat_map(|(folder, names)| names.iter().map(move |name| (folder, *name)))
        .collect();
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut found = Scan::default();
        loop {
            let start = next.fetch_add(STAT_CHUNK, Ordering::Relaxed);
            let Some(chunk) = work.get(start..work.len().min(start + STAT_CHUNK)) else {
                break;
            };
            if chunk.is_empty() {
                break;
            }
            for (folder, name) in chunk {
                folder.add_file(name, &mut found);
            }
        }
        found
    };
    let mut parts = vec![];
    if work.len() <= STAT_CHUNK {
        parts.push(worker());
    } else {
        let pinned = super::Pinned::split();
        std::thread::scope(|scope| {
            let helper = scope.spawn(|| {
                pinned.move_here();
                worker()
            });
            parts.push(worker());
            // A panicking stat is a bug; the helper's share is then stat'ed again here.
            match helper.join() {
                Ok(found) => parts.push(found),
                Err(_) => {
                    next.store(0, Ordering::Relaxed);
                    parts = vec![worker()];
                }
            }
        });
    }
    for part in parts {
        scan.files.extend(part.files);
        scan.warnings.extend(part.warnings);
    }
}

/// Without folder-relative stats, every rescan is a walk.
#[cfg(not(unix))]
pub fn rescan(root: &Path, _known: &Known) -> Result<Scan> {
    super::scan(root)
}

/// One open folder of the bank, named by its path below the root (`""` for the root).
#[cfg(unix)]
struct Folder {
    path: String,
    full: std::path::PathBuf,
    handle: std::fs::File,
    mtime: u64,
}

#[cfg(unix)]
impl Folder {
    /// Opens the folder, or records why it cannot be read (as a walk does) and gives `None`; a folder that
    /// is gone (removed since its parent was read) is passed over.
    fn open(root: &Path, path: &str, scan: &mut Scan) -> Option<Folder> {
        let full = root.join(path);
        let opened = std::fs::File::open(&full).and_then(|handle| {
            let st = rustix::fs::fstat(&handle)?;
            Ok((handle, st))
        });
        match opened {
            Ok((handle, st)) if rustix::fs::FileType::from_raw_mode(st.st_mode).is_dir() => {
                Some(Folder {
                    path: path.to_string(),
                    full,
                    handle,
                    mtime: super::stat_mtime(&st),
                })
            }
            Ok(_) => None,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
            Err(err) => {
                scan.warnings
                    .push(warning(path, format!("cannot read: {err}")));
                None
            }
        }
    }

    /// Lists the folder as a walk does (hidden entries skipped, links not followed): its Markdown files
    /// go into `scan`, its subfolders are returned.
    fn list(&self, scan: &mut Scan) -> Vec<String> {
        let entries = match std::fs::read_dir(&self.full) {
            Ok(entries) => entries,
            Err(err) => {
                scan.warnings
                    .push(warning(&self.path, format!("cannot read: {err}")));
                return Vec::new();
            }
        };
        let mut subdirs = Vec::new();
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    scan.warnings
                        .push(warning(&self.path, format!("cannot read: {err}")));
                    continue;
                }
            };
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => subdirs.push(self.child(&name)),
                Ok(kind) if kind.is_file() && super::is_markdown(Path::new(&name)) => {
                    self.add_file(&name, scan)
                }
                Ok(_) => {}
                Err(err) => scan.warnings.push(warning(
                    &self.child(&name),
                    format!("cannot read metadata: {err}"),
                )),
            }
        }
        subdirs
    }

    /// Adds the file `name` of this folder with its size and mtime, when it is still a regular file.
    fn add_file(&self, name: &str, scan: &mut Scan) {
        use rustix::fs::{AtFlags, FileType, statat};
        match statat(&self.handle, name, AtFlags::SYMLINK_NOFOLLOW) {
            Ok(st) if FileType::from_raw_mode(st.st_mode).is_file() => {
                scan.files.push(super::FileStat {
                    path: self.child(name),
                    size: st.st_size as u64,
                    mtime: super::stat_mtime(&st),
                })
            }
            Ok(_) | Err(rustix::io::Errno::NOENT) => {}
            Err(err) => scan.warnings.push(warning(
                &self.child(name),
                format!("cannot read metadata: {err}"),
            )),
        }
    }

    fn child(&self, name: &str) -> String {
        if self.path.is_empty() {
            name.to_string()
        } else {
            format!("{}/{name}", self.path)
        }
    }
}

#[cfg(unix)]
fn warning(path: &str, message: String) -> super::FileWarning {
    super::FileWarning {
        path: path.to_string(),
        line: 1,
        message,
    }
}

#[cfg(all(test, unix))]
mod tests;
