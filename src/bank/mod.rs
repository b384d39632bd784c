//! The bank on disk: finding its Markdown files, their size and mtime, reading them safely, and the topic
//! and framework a file's place in the tree implies. Per-file problems become warnings, never failures.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io::Read;
use std::path::Path;
use std::time::UNIX_EPOCH;

use anyhow::{Context, Result, bail};
use walkdir::WalkDir;

use crate::parse::text::slug;

mod pin;
mod rescan;

pub use pin::Pinned;
pub use rescan::{Known, rescan};

/// Files larger than this are skipped with a warning: no interview answer is 8 MiB of Markdown.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

const FRAMEWORKS: &str = include_str!("../../data/frameworks.txt");
const CONTAINERS: &str = include_str!("../../data/containers.txt");

/// One Markdown file of the bank, as the freshness check sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStat {
    /// Path relative to the corpus root, `/`-separated.
    pub path: String,
    pub size: u64,
    /// Modification time in nanoseconds since the epoch (0 if the platform has none).
    pub mtime: u64,
}

/// A problem with one file (or one spot in it), reported as `path:line: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileWarning {
    pub path: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for FileWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path, self.line, self.message)
    }
}

/// What a walk of the corpus found.
#[derive(Debug, Default)]
pub struct Scan {
    /// Markdown files, sorted by path.
    pub files: Vec<FileStat>,
    /// Every folder walked (`""` for the root) with its mtime: a file added, removed or renamed in a
    /// folder changes the folder's mtime, so the freshness check can stat folders instead of walking.
    pub dirs: BTreeMap<String, u64>,
    pub warnings: Vec<FileWarning>,
    /// When the walk began (nanoseconds since the epoch): a folder whose mtime is this recent may change
    /// again within the same clock tick, so the next `rescan` reads it instead of trusting its mtime.
    pub started: u64,
}

/// Lists every `.md`/`.markdown` file below `root`, sorted by path. Hidden folders (`.git`) are skipped and
/// symbolic links are not followed, so a link loop or a link out of the corpus can never be walked into.
pub fn scan(root: &Path) -> Result<Scan> {
    corpus_dir(root)?;
    let started = now_nanos();
    let mut files = Vec::new();
    let mut dirs = BTreeMap::new();
    let mut warnings = Vec::new();
    let walk = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for item in walk {
        let entry = match item {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().map_or_else(String::new, |p| relative(root, p));
                warnings.push(FileWarning {
                    path,
                    line: 1,
                    message: format!(
                        "cannot read: {}",
                        err.io_error().map_or(err.to_string(), |e| e.to_string())
                    ),
                });
                continue;
            }
        };
        if entry.file_type().is_dir() {
            if let Ok(meta) = entry.metadata() {
                dirs.insert(relative(root, entry.path()), mtime_nanos(&meta));
            }
            continue;
        }
        if !entry.file_type().is_file() || !is_markdown(entry.path()) {
            continue;
        }
        match entry.metadata() {
            Ok(meta) => files.push(FileStat {
                path: relative(root, entry.path()),
                size: meta.len(),
                mtime: mtime_nanos(&meta),
            }),
            Err(err) => warnings.push(FileWarning {
                path: relative(root, entry.path()),
                line: 1,
                message: format!("cannot read metadata: {err}"),
            }),
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Scan {
        files,
        dirs,
        warnings,
        started,
    })
}

/// Fails unless the corpus is a folder, naming it.
fn corpus_dir(root: &Path) -> Result<()> {
    let meta =
        fs::metadata(root).with_context(|| format!("corpus directory {}", root.display()))?;
    if !meta.is_dir() {
        bail!("corpus {} is not a directory", root.display());
    }
    Ok(())
}

/// Now, in the unit of mtimes.
fn now_nanos() -> u64 {
    std::time::SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

/// True when every `(path, size, mtime)` below the root still has that size and mtime (symbolic links
/// not followed). Files are stat'ed relative to their opened folder, so the kernel looks up one name per
/// file instead of walking the whole path: this is most of what a search costs on a large bank.
#[cfg(unix)]
pub fn unchanged<'a>(root: &Path, files: impl IntoIterator<Item = (&'a str, u64, u64)>) -> bool {
    let mut folder: Option<(&str, fs::File)> = None;
    for (path, size, mtime) in files {
        let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
        if folder.as_ref().is_none_or(|(open, _)| *open != dir) {
            match fs::File::open(root.join(dir)) {
                Ok(file) => folder = Some((dir, file)),
                Err(_) => return false,
            }
        }
        let Some((_, handle)) = folder.as_ref() else {
            return false;
        };
        match rustix::fs::statat(handle, name, rustix::fs::AtFlags::SYMLINK_NOFOLLOW) {
            Ok(st) if st.st_size as u64 == size && stat_mtime(&st) == mtime => {}
            _ => return false,
        }
    }
    true
}

/// A stat's mtime in nanoseconds since the epoch, 0 before it (as `mtime_nanos`).
#[cfg(unix)]
fn stat_mtime(st: &rustix::fs::Stat) -> u64 {
    let nanos = (st.st_mtime as i128) * 1_000_000_000 + st.st_mtime_nsec as i128;
    u64::try_from(nanos).unwrap_or(0)
}

/// `unchanged` where folder-relative stats are not available: one stat by full path per file.
#[cfg(not(unix))]
pub fn unchanged<'a>(root: &Path, files: impl IntoIterator<Item = (&'a str, u64, u64)>) -> bool {
    files
        .into_iter()
        .all(|(path, size, mtime)| stat(root, path) == Some((size, mtime)))
}

/// Size and mtime of one path below the root, without following a symbolic link; `None` if it is gone.
pub fn stat(root: &Path, path: &str) -> Option<(u64, u64)> {
    let meta = fs::symlink_metadata(root.join(path)).ok()?;
    Some((meta.len(), mtime_nanos(&meta)))
}

/// Reads a file as UTF-8 text, or says in one warning why it cannot be indexed.
pub fn read(root: &Path, path: &str) -> Result<String, FileWarning> {
    let warn = |line: usize, message: String| FileWarning {
        path: path.to_string(),
        line,
        message,
    };
    let file = fs::File::open(root.join(path)).map_err(|e| warn(1, format!("cannot read: {e}")))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| warn(1, format!("cannot read: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(warn(
            1,
            format!(
                "larger than the {} MiB cap; skipped",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Err(warn(
            1,
            "binary file (contains NUL bytes); skipped".to_string(),
        ));
    }
    String::from_utf8(bytes).map_err(|err| {
        let valid = err.utf8_error().valid_up_to();
        let line = 1 + err.as_bytes()[..valid]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        warn(line, format!("not valid UTF-8 (byte {valid}); skipped"))
    })
}

/// The questions of one file's text, with the topic and framework its place in the bank implies where
/// its front matter names none. Indexing and `qa show` read files the same way through this. A file
/// without questions gives no warning here: the writer counts it (`Summary::empty`), and a `README.md`
/// without questions is not even counted (a cloned repository's front page).
pub fn parse(root: &Path, path: &str, text: &str) -> crate::parse::Parsed {
    let topic = topic_for(root, path);
    let framework = framework_for(&topic, path);
    let source = crate::parse::Source {
        path,
        topic: &topic,
        framework: framework.as_deref(),
    };
    let mut parsed = crate::parse::parse(&source, text);
    if parsed.entries.is_empty() {
        if is_readme(path) {
            parsed.warnings.clear();
        } else {
            parsed
                .warnings
                .retain(|w| !w.message.starts_with("no questions found"));
        }
    }
    parsed
}

/// A repository's front page: without questions it is neither a warning nor an empty file.
pub fn is_readme(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|name| name.eq_ignore_ascii_case("readme.md"))
}

/// Every entry of one bank file, read again (the index stores no Markdown).
pub fn entries(root: &Path, path: &str) -> Result<Vec<crate::entry::Entry>, FileWarning> {
    let text = read(root, path)?;
    Ok(parse(root, path, &text).entries)
}

/// The topic a file's place implies: its first folder below the root that names one (`topics/`,
/// `questions/`, `docs/` hold topics: `data/containers.txt`), or the root's own name for files at the
/// top (a cloned `node-interview-questions/README.md` gets topic `node-interview-questions`).
pub fn topic_for(root: &Path, path: &str) -> String {
    let containers: Vec<&str> = CONTAINERS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let folders = path.rsplit_once('/').map_or("", |(folders, _)| folders);
    let named = folders
        .split('/')
        .map(slug)
        .find(|folder| !folder.is_empty() && !containers.contains(&folder.as_str()));
    match named {
        Some(folder) => folder,
        None => root
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| slug(&n.to_string_lossy())))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "general".to_string()),
    }
}

/// A framework named by a word of the topic or of the file's path (`express/routing.md`,
/// `laravel-questions/README.md`); `None` when no known framework is named.
pub fn framework_for(topic: &str, path: &str) -> Option<String> {
    let known: Vec<&str> = FRAMEWORKS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let text = format!("{topic}/{}", path.to_lowercase());
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .find(|word| known.contains(word))
        .map(str::to_string)
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<_> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    parts.join("/")
}

pub fn mtime_nanos(meta: &fs::Metadata) -> u64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framework_comes_from_path_words_only() {
        assert_eq!(
            framework_for("express", "express/routing.md").as_deref(),
            Some("express")
        );
        assert_eq!(
            framework_for("laravel-questions", "README.md").as_deref(),
            Some("laravel")
        );
        assert_eq!(framework_for("php", "php/expressions.md"), None);
        assert_eq!(framework_for("backend", "backend/http.md"), None);
    }

    #[test]
    fn topic_is_the_first_folder() {
        assert_eq!(
            topic_for(Path::new("/nonexistent"), "Security/JWT/a.md"),
            "security"
        );
    }

    #[test]
    fn folders_that_hold_topics_are_passed_over() {
        let root = Path::new("/nonexistent/clone");
        assert_eq!(topic_for(root, "topics/kubernetes/README.md"), "kubernetes");
        assert_eq!(topic_for(root, "docs/questions/Go/a.md"), "go");
        assert_eq!(
            topic_for(root, "README.md"),
            "general",
            "no folder: the root's name"
        );
    }
}
