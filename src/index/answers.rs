//! The answers' text, read back from the bank. The index searches answers but does not store them: they
//! were two thirds of its size, while only the few hits a command shows (or the entries `qa quiz` asks)
//! need their text. The index keeps where each answer lay in its file (a `Span`); reading it back is a
//! file read and a slice, checked by the span's hash. A file edited since (the index answers from its
//! last commit when an update failed) is parsed again and the entry found by its id.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::bank;
use crate::entry::Entry;

/// Where a reader finds the answers of the entries it indexed.
#[derive(Debug, Clone)]
pub enum Answers {
    /// The bank's folder, which the indexed paths are relative to.
    Bank(PathBuf),
    /// Answers' Markdown by id: an index built in memory has no files to read back.
    Given(HashMap<String, String>),
}

/// Where an entry's answer lay in its file's text (`parse::normalized`) when it was indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    at: u64,
    len: u64,
    hash: u64,
}

impl Span {
    pub fn of(entry: &Entry) -> Span {
        Span {
            at: entry.answer_at as u64,
            len: entry.answer.len() as u64,
            hash: xxhash_rust::xxh3::xxh3_64(entry.answer.as_bytes()),
        }
    }

    /// As the index stores it.
    pub fn to_bytes(self) -> [u8; 24] {
        let mut out = [0; 24];
        for (chunk, value) in out.chunks_exact_mut(8).zip([self.at, self.len, self.hash]) {
            chunk.copy_from_slice(&value.to_le_bytes());
        }
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<Span> {
        let value = |i: usize| {
            Some(u64::from_le_bytes(
                bytes.get(i * 8..i * 8 + 8)?.try_into().ok()?,
            ))
        };
        Some(Span {
            at: value(0)?,
            len: value(1)?,
            hash: value(2)?,
        })
    }

    /// The answer in `text` if it is still where and what it was.
    fn find(self, text: &str) -> Option<&str> {
        let start = usize::try_from(self.at).ok()?;
        let end = start.checked_add(usize::try_from(self.len).ok()?)?;
        let answer = text.get(start..end)?;
        (xxhash_rust::xxh3::xxh3_64(answer.as_bytes()) == self.hash).then_some(answer)
    }
}

/// Answers read for one command, each file read (and, if it changed, parsed) once however many of its
/// entries are asked.
pub(crate) struct Texts<'a> {
    answers: &'a Answers,
    files: HashMap<String, File>,
}

/// One file's text, and its entries once it had to be parsed.
struct File {
    text: String,
    entries: Option<Vec<Entry>>,
}

impl<'a> Texts<'a> {
    pub fn new(answers: &'a Answers) -> Texts<'a> {
        Texts {
            answers,
            files: HashMap::new(),
        }
    }

    /// The Markdown answer of entry `id` (as indexed, without a source prefix) of the file `path`, which
    /// lay at `span`; `None` when the file cannot be read or no longer holds the entry.
    pub fn markdown(&mut self, path: &str, id: &str, span: Option<Span>) -> Option<String> {
        let folder = match self.answers {
            Answers::Bank(folder) => folder,
            Answers::Given(answers) => return answers.get(id).cloned(),
        };
        let file = self.files.entry(path.to_string()).or_insert_with(|| File {
            text: bank::read(folder, path)
                .map(|text| crate::parse::normalized(&text).into_owned())
                .unwrap_or_default(),
            entries: None,
        });
        if let Some(answer) = span.and_then(|span| span.find(&file.text)) {
            return Some(answer.to_string());
        }
        file.entries
            .get_or_insert_with(|| bank::parse(folder, path, &file.text).entries)
            .iter()
            .find(|entry| entry.id == id)
            .map(|entry| entry.answer.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "---\ntopic: security\n---\n\n# JWT\n\n## What is a JWT?\n\n\
        **Level:** junior · **Tags:** jwt\n\nA signed token.\n\n## How do refresh tokens work?\n\n\
        A long-lived token buys short-lived ones.\n";

    fn bank(text: &str) -> (tempfile::TempDir, Vec<Entry>) {
        let dir = tempfile::TempDir::new().unwrap();
        std::fs::create_dir_all(dir.path().join("security")).unwrap();
        std::fs::write(dir.path().join("security/jwt.md"), text).unwrap();
        let entries = bank::entries(dir.path(), "security/jwt.md").unwrap();
        (dir, entries)
    }

    fn read(dir: &tempfile::TempDir, entry: &Entry, span: Span) -> Option<String> {
        let answers = Answers::Bank(dir.path().to_path_buf());
        Texts::new(&answers).markdown(&entry.path, &entry.id, Some(span))
    }

    #[test]
    fn a_span_reads_the_answer_back_whatever_the_line_ends() {
        for text in [
            FILE.to_string(),
            format!("\u{feff}{}", FILE.replace('\n', "\r\n")),
        ] {
            let (dir, entries) = bank(&text);
            assert_eq!(entries.len(), 2);
            for entry in &entries {
                let span = Span::from_bytes(&Span::of(entry).to_bytes()).unwrap();
                assert_eq!(span, Span::of(entry));
                assert_eq!(
                    span.find(&crate::parse::normalized(&text)),
                    Some(&*entry.answer)
                );
                assert_eq!(read(&dir, entry, span).as_deref(), Some(&*entry.answer));
            }
        }
    }

    #[test]
    fn an_edited_file_is_parsed_again_and_a_vanished_entry_is_none() {
        let (dir, entries) = bank(FILE);
        let spans: Vec<Span> = entries.iter().map(Span::of).collect();
        let edited = FILE
            .replace("# JWT\n", "# JWT\n\nTokens, briefly.\n")
            .replace("A signed token.", "A signed, encoded token.");
        std::fs::write(dir.path().join("security/jwt.md"), &edited).unwrap();
        assert_eq!(
            read(&dir, &entries[0], spans[0]).as_deref(),
            Some("A signed, encoded token.")
        );
        assert_eq!(
            read(&dir, &entries[1], spans[1]).as_deref(),
            Some(&*entries[1].answer)
        );
        std::fs::remove_file(dir.path().join("security/jwt.md")).unwrap();
        assert_eq!(read(&dir, &entries[1], spans[1]), None);
        assert_eq!(Span::from_bytes(&[1, 2, 3]), None);
    }
}
