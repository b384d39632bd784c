//! The last result list of this terminal, so that `qa show 2` opens hit 2 of the last search. It is a
//! small JSON file in the user's cache dir, one per user and terminal (or, with no terminal, per parent
//! shell), and it records the bank it came from: a list is never read for another user, terminal or
//! bank. Writes are atomic (a temporary file renamed), so two searches at once leave one whole list.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::config::{Config, Source};
use crate::index::search::Hit;

/// Bumped when the file's shape changes; an older file reads as no list.
const VERSION: u32 = 2;

/// What one search listed, and where.
#[derive(Debug, Serialize, Deserialize)]
pub struct List {
    version: u32,
    /// Each source searched: its folder and its index.
    banks: Vec<(PathBuf, PathBuf)>,
    pub query: String,
    pub hits: Vec<Listed>,
}

/// One hit as the list showed it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Listed {
    pub id: String,
    pub question: String,
}

/// A bare number (`qa show 2`), as opposed to an id (which always holds a `#`).
pub fn number(arg: &str) -> Option<usize> {
    (!arg.is_empty() && arg.bytes().all(|b| b.is_ascii_digit()))
        .then(|| arg.parse().ok())
        .flatten()
}

/// Keeps `hits` as this terminal's last result list.
pub fn save(config: &Config, query: &str, hits: &[Hit]) -> Result<()> {
    let list = List {
        version: VERSION,
        banks: banks(&config.sources),
        query: query.to_string(),
        hits: hits
            .iter()
            .map(|hit| Listed {
                id: hit.id.clone(),
                question: hit.question.clone(),
            })
            .collect(),
    };
    let file = file(config);
    let dir = file.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let temporary = file.with_extension(format!("{}.tmp", std::process::id()));
    fs::write(&temporary, serde_json::to_vec(&list)?)
        .with_context(|| format!("writing {}", temporary.display()))?;
    fs::rename(&temporary, &file).with_context(|| format!("writing {}", file.display()))
}

/// This terminal's last list, whatever bank it came from (for completions); `None` when there is none
/// or it cannot be read.
pub fn load(config: &Config) -> Option<List> {
    let text = fs::read(file(config)).ok()?;
    serde_json::from_slice::<List>(&text)
        .ok()
        .filter(|list| list.version == VERSION)
}

/// Hit `n` (from 1) of this terminal's last search in this bank, or an error that says why not.
pub fn nth(config: &Config, n: usize) -> Result<Listed> {
    let Some(list) = load(config) else {
        bail!(
            "no search in this terminal yet: `qa search WORDS` lists hits, then `qa show {n}` opens hit {n}"
        );
    };
    if list.banks != banks(&config.sources) {
        let folders: Vec<_> = list
            .banks
            .iter()
            .map(|(f, _)| f.display().to_string())
            .collect();
        bail!(
            "the last search in this terminal was in other banks ({}); search these first",
            folders.join(", ")
        );
    }
    let shown = crate::render::clean(&crate::render::shorten(&list.query, 60));
    match n.checked_sub(1).and_then(|i| list.hits.get(i)) {
        Some(hit) => Ok(hit.clone()),
        None if list.hits.len() == 1 => {
            bail!("the last search ({shown:?}) listed 1 hit: `qa show 1` opens it")
        }
        None => bail!(
            "the last search ({shown:?}) listed {} hits; choose a number from 1 to {}",
            list.hits.len(),
            list.hits.len()
        ),
    }
}

/// The list's file for this user and terminal, in the cache folder.
fn file(config: &Config) -> PathBuf {
    config.cache.join(format!("last-{}.json", terminal()))
}

/// The sources as the list records them: folders and indexes, canonical where they exist.
fn banks(sources: &[Source]) -> Vec<(PathBuf, PathBuf)> {
    sources
        .iter()
        .map(|s| (absolute(&s.folder), absolute(&s.index)))
        .collect()
}

/// A path as the same bank is named from anywhere: canonical when it exists.
fn absolute(path: &Path) -> PathBuf {
    fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Names this terminal: the user, the terminal device of a standard stream and the session (a
/// terminal closed and another opened on the same device are two sessions), or the parent process
/// (the shell) when no stream is a terminal.
#[cfg(unix)]
fn terminal() -> String {
    use rustix::process::{getsid, getuid};
    let user = getuid().as_raw();
    let device = [
        rustix::termios::ttyname(std::io::stdin(), Vec::new()),
        rustix::termios::ttyname(std::io::stderr(), Vec::new()),
        rustix::termios::ttyname(std::io::stdout(), Vec::new()),
    ]
    .into_iter()
    .find_map(Result::ok);
    match device {
        Some(device) => {
            let name: String = device
                .to_string_lossy()
                .trim_start_matches("/dev/")
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            let session = getsid(None).map_or(0, |pid| pid.as_raw_pid());
            format!("u{user}-{name}-s{session}")
        }
        None => format!("u{user}-p{}", std::os::unix::process::parent_id()),
    }
}

/// Elsewhere the cache dir is the user's own and there is one console list.
#[cfg(not(unix))]
fn terminal() -> String {
    "console".to_string()
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn only_a_bare_number_is_a_hit_number() {
        assert_eq!(number("2"), Some(2));
        assert_eq!(number("10"), Some(10));
        assert_eq!(number("0"), Some(0));
        for id in [
            "",
            "2a",
            "-1",
            "+2",
            " 2",
            "security/jwt#x",
            "99999999999999999999999",
        ] {
            assert_eq!(number(id), None, "{id:?}");
        }
    }
}
