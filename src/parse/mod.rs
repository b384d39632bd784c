//! Markdown text → entries. Pure: no I/O, so every convention is a table test in `tests.rs`.
//!
//! Our own format (front matter with `topic`, every `##` a question, a level/tags line) is read exactly;
//! files without it are read by the conventions of public interview repositories (numbered or `?`
//! headings at whatever level holds them, `Question N:` labels, `Answer:` labels, `<details>` blocks).

pub mod follow_up;
mod front_matter;
mod outline;
#[cfg(test)]
mod tests;
pub mod text;

use std::borrow::Cow;
use std::collections::HashMap;

use crate::entry::Entry;
use outline::Convention;

/// What the caller knows about a file before reading it.
#[derive(Debug, Clone)]
pub struct Source<'a> {
    /// Path relative to the corpus root, `/`-separated; the id is built from it.
    pub path: &'a str,
    /// Topic to use when the front matter names none (the folder name).
    pub topic: &'a str,
    /// Framework to use when the front matter names none (guessed from the path).
    pub framework: Option<&'a str>,
}

/// A problem with one spot of a file; the rest of the file is still read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub line: usize,
    pub message: String,
}

/// The result of reading one file.
#[derive(Debug, Default)]
pub struct Parsed {
    pub entries: Vec<Entry>,
    pub warnings: Vec<Warning>,
}

/// A file's text as the parser reads it, which entries' offsets (`Entry::answer_at`) refer to: without a
/// byte-order mark, and CRLF read as LF (line numbers do not change).
pub fn normalized(text: &str) -> Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains("\r\n") {
        Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Reads every question of one Markdown file.
/// What a file with no question in any convention `qa` reads is told.
pub const NO_QUESTIONS: &str = "no questions found (qa reads headings that ask, a heading with an \
`Answer` sub-heading, <details> blocks, titles over a one-paragraph question, lists of questions)";

pub fn parse(source: &Source, text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let text = normalized(text);
    let text = text.as_ref();
    let lines = LineIndex::new(text);
    let mut meta = front_matter::FrontMatter::default();
    let mut body_start = 0;
    let mut convention = Convention::Guess;
    match front_matter::split(text) {
        None => {}
        Some(Err(message)) => parsed.warnings.push(Warning { line: 1, message }),
        Some(Ok(split)) => {
            body_start = split.body_start;
            match front_matter::parse(split.yaml) {
                Ok(found) => meta = found,
                Err((message, line)) => parsed.warnings.push(Warning {
                    line: 1 + line.unwrap_or(1),
                    message,
                }),
            }
            if meta.topic.is_some() {
                convention = Convention::Bank;
            }
        }
    }
    let topic = clean_name(meta.topic.as_deref()).unwrap_or_else(|| source.topic.to_string());
    let framework = clean_name(meta.framework.as_deref()).or(source.framework.map(str::to_string));
    let file_tags = meta.tags.to_vec();
    let stem = strip_extension(source.path);
    let body = &text[body_start..];
    let mut slugs: HashMap<String, usize> = HashMap::new();
    let mut unanswered = 0;
    for section in outline::sections(body, convention) {
        let line = lines.line_of(body_start + section.at);
        let mut question = text::clean_question(&section.question);
        let mut title = section.title.clone();
        let mut section_text = &body[section.answer.clone()];
        // A title heading, the question as a paragraph, then `## Answer`: the paragraph is the question.
        if let Some((prompt, rest)) = text::split_prompt(section_text) {
            let asked = text::plain_text(prompt);
            if title.is_none() && text::asks(&asked) {
                title = Some(question);
                question = text::clean_question(&asked);
                section_text = rest;
            }
        }
        if question.is_empty() {
            parsed.warnings.push(Warning {
                line,
                message: "heading has no question text; skipped".to_string(),
            });
            continue;
        }
        let mut answer = text::strip_answer_label(section_text);
        let mut tags = file_tags.clone();
        let mut level = section.level;
        if let Some((found, rest)) = text::split_meta_line(answer) {
            if let Some(bad) = found.bad_level {
                parsed.warnings.push(Warning {
                    line,
                    message: format!("unknown level {bad:?} (expected junior, mid or senior)"),
                });
            }
            level = found.level.or(level);
            tags.extend(found.tags);
            answer = text::strip_answer_label(rest);
        }
        // `Also asked as` and `Key points`, in either order, after the level/tags line.
        let mut also = Vec::new();
        let mut key_points = Vec::new();
        loop {
            if let Some((phrasings, rest)) = text::split_also_asked(answer) {
                also = phrasings;
                answer = text::strip_answer_label(rest);
            } else if let Some((points, rest)) = text::split_key_points(answer) {
                key_points = points;
                answer = text::strip_answer_label(rest);
            } else {
                break;
            }
        }
        if let Some(title) = &title {
            tags.push(title.to_lowercase());
        }
        let answer = text::strip_navigation(answer.trim());
        // `answer` is a slice of `text`: its offset is where the index finds it again.
        let answer_at = (answer.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
        let answer = answer.to_string();
        if answer.is_empty() && !section.asked_only {
            unanswered += 1;
            continue;
        }
        let mut seen = std::collections::HashSet::new();
        tags.retain(|tag| seen.insert(tag.clone()));
        let base = Some(text::slug(&question))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "question".to_string());
        let count = slugs.entry(base.clone()).or_insert(0);
        *count += 1;
        let slug = match *count {
            1 => base,
            n => format!("{base}-{n}"),
        };
        let follow_up = follow_up::split(&answer, source.path);
        parsed.entries.push(Entry {
            follow_up,
            id: format!("{stem}#{slug}"),
            question,
            also,
            key_points,
            answer,
            answer_at,
            topic: topic.clone(),
            framework: framework.clone(),
            tags,
            level,
            path: source.path.to_string(),
            line,
        });
    }
    if unanswered > 0 {
        parsed.warnings.push(Warning {
            line: 1,
            message: format!("{unanswered} question(s) without an answer skipped"),
        });
    }
    if parsed.entries.is_empty() && unanswered == 0 {
        parsed.warnings.push(Warning {
            line: 1,
            message: NO_QUESTIONS.to_string(),
        });
    }
    parsed
}

/// Topic and framework names are lowercase words joined by `-`.
fn clean_name(name: Option<&str>) -> Option<String> {
    name.map(text::slug).filter(|s| !s.is_empty())
}

fn strip_extension(path: &str) -> &str {
    [".markdown", ".md"]
        .iter()
        .find_map(|ext| {
            let cut = path.len().checked_sub(ext.len())?;
            let tail = path.get(cut..)?;
            tail.eq_ignore_ascii_case(ext).then(|| &path[..cut])
        })
        .unwrap_or(path)
}

/// Byte offset → 1-based line number.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }
}
