//! The TOML files `qa` reads: the user config (`qa config path`) and a project's `qa.toml`. Both list
//! sources the same way. Reading never fails the command: a broken file is one `path:line: message`
//! line, and keys `qa` does not know are named once and ignored. Writing (`qa sources add`) edits the
//! file in place with toml_edit, so the user's comments stay.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};

/// One config file as written.
#[derive(Debug, Default, Deserialize)]
pub struct File {
    /// Search the bank built into `qa` too (default: yes in the user config, no in a project file).
    pub builtin: Option<bool>,
    /// The index folder (a project file's, relative to it).
    pub index: Option<PathBuf>,
    #[serde(default)]
    pub source: Vec<SourceEntry>,
    #[serde(flatten)]
    other: BTreeMap<String, toml::Value>,
}

/// One `[[source]]`.
#[derive(Debug, Clone, Deserialize)]
pub struct SourceEntry {
    pub name: String,
    /// The folder (relative paths are relative to the file's folder); for a git source, where it was
    /// cloned.
    pub path: PathBuf,
    /// The remote a git source was cloned from (`qa sources update` pulls it).
    pub git: Option<String>,
    #[serde(flatten)]
    other: BTreeMap<String, toml::Value>,
}

impl SourceEntry {
    pub fn new(name: &str, path: PathBuf, git: Option<String>) -> SourceEntry {
        SourceEntry {
            name: name.to_string(),
            path,
            git,
            other: BTreeMap::new(),
        }
    }
}

impl File {
    /// Keys `qa` does not know, as `key` or `source.key`.
    pub fn unknown_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self.other.keys().cloned().collect();
        for source in &self.source {
            keys.extend(source.other.keys().map(|k| format!("source.{k}")));
        }
        keys.sort();
        keys.dedup();
        keys
    }
}

/// Reads a config file: `Ok(None)` when there is none, `Err(line)` (`path:line: what is wrong`) when
/// it cannot be used.
pub fn read(path: &Path) -> Result<Option<File>, String> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(format!("{}: cannot read: {err}", path.display())),
    };
    toml::from_str(&text).map(Some).map_err(|err| {
        let line = err
            .span()
            .map_or(1, |span| 1 + text[..span.start].matches('\n').count());
        let message = err.message().trim().replace('\n', " ");
        format!("{}:{line}: {message}", path.display())
    })
}

/// The commented file `qa config init` writes.
pub const DEFAULT: &str = "\
# qa's configuration (`qa config path` prints where this file is).
#
# Which banks `qa search` reads, first match wins: --corpus DIR, then $QA_CORPUS, then a `qa.toml`
# in the current folder or a parent, then this file, then the bank built into qa.

# Search the bank built into qa as well as the sources below.
builtin = true

# Each [[source]] is a folder of Markdown files: your own notes or a cloned interview repository.
# `qa sources add NAME PATH` and `qa sources add NAME --git URL` add one here.
#
# [[source]]
# name = \"notes\"
# path = \"/home/me/interview-notes\"
#
# [[source]]
# name = \"node\"
# path = \"/home/me/.local/share/qa/sources/node\"
# git = \"https://github.com/someone/node-interview-questions\"
";

/// Writes the default file; fails if one exists.
pub fn init(path: &Path) -> Result<()> {
    if path.exists() {
        bail!("{} already exists", path.display());
    }
    write(path, DEFAULT)
}

/// Adds a `[[source]]` to the file (created from the default when missing), keeping its comments.
pub fn add_source(path: &Path, entry: &SourceEntry) -> Result<()> {
    let mut document = load(path)?;
    let sources = document
        .entry("source")
        .or_insert(Item::ArrayOfTables(ArrayOfTables::new()));
    let Some(sources) = sources.as_array_of_tables_mut() else {
        bail!(
            "{}: `source` is not a list of [[source]] tables",
            path.display()
        );
    };
    let mut table = Table::new();
    table["name"] = value(entry.name.as_str());
    table["path"] = value(entry.path.to_string_lossy().as_ref());
    if let Some(git) = &entry.git {
        table["git"] = value(git.as_str());
    }
    sources.push(table);
    write(path, &document.to_string())
}

/// Removes the `[[source]]` named `name`; false when there is none.
pub fn remove_source(path: &Path, name: &str) -> Result<bool> {
    let mut document = load(path)?;
    let Some(sources) = document
        .get_mut("source")
        .and_then(Item::as_array_of_tables_mut)
    else {
        return Ok(false);
    };
    let before = sources.len();
    sources.retain(|table| table.get("name").and_then(Item::as_str) != Some(name));
    if sources.len() == before {
        return Ok(false);
    }
    write(path, &document.to_string())?;
    Ok(true)
}

fn load(path: &Path) -> Result<DocumentMut> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => DEFAULT.to_string(),
        Err(err) => return Err(err).with_context(|| format!("reading {}", path.display())),
    };
    text.parse()
        .with_context(|| format!("{} is not valid TOML", path.display()))
}

/// Writes atomically (a temporary file renamed into place), creating the folder.
fn write(path: &Path, text: &str) -> Result<()> {
    let folder = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(folder).with_context(|| format!("creating {}", folder.display()))?;
    let mut file = tempfile::NamedTempFile::new_in(folder)
        .with_context(|| format!("writing to {}", folder.display()))?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .with_context(|| format!("writing {}", path.display()))?;
    file.persist(path)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_file_reads_as_the_builtin_bank_alone() {
        let file: File = toml::from_str(DEFAULT).unwrap();
        assert_eq!(file.builtin, Some(true));
        assert!(file.source.is_empty() && file.unknown_keys().is_empty());
    }

    #[test]
    fn a_broken_file_is_one_line_with_its_line_number() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("config.toml");
        fs::write(
            &path,
            "builtin = true\n\n[[source]]\nname = \"a\"\npath = \n",
        )
        .unwrap();
        let err = read(&path).unwrap_err();
        assert!(err.starts_with(&format!("{}:5: ", path.display())), "{err}");
        assert!(!err.contains('\n'), "{err}");
        fs::write(&path, "builtin = \"yes\"\n").unwrap();
        let err = read(&path).unwrap_err();
        assert!(err.starts_with(&format!("{}:1: ", path.display())), "{err}");
    }

    #[test]
    fn unknown_keys_are_named() {
        let file: File =
            toml::from_str("colour = 1\n[[source]]\nname = \"a\"\npath = \"x\"\nweight = 2\n")
                .unwrap();
        assert_eq!(file.unknown_keys(), ["colour", "source.weight"]);
    }

    #[test]
    fn sources_are_added_and_removed_keeping_comments() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("qa/config.toml");
        init(&path).unwrap();
        assert!(init(&path).is_err(), "init never overwrites");
        let entry = SourceEntry {
            name: "notes".into(),
            path: "/n".into(),
            git: None,
            other: BTreeMap::new(),
        };
        add_source(&path, &entry).unwrap();
        let file = read(&path).unwrap().unwrap();
        assert_eq!(file.source.len(), 1);
        assert_eq!(file.source[0].path, PathBuf::from("/n"));
        assert!(
            fs::read_to_string(&path)
                .unwrap()
                .contains("# Each [[source]]")
        );
        assert!(remove_source(&path, "notes").unwrap());
        assert!(!remove_source(&path, "notes").unwrap());
        assert!(read(&path).unwrap().unwrap().source.is_empty());
    }
}
