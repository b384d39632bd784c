//! Writing results: the terminal view (wrapped, styled, code highlighted; `terminal.rs`), plain text for
//! pipes and NO_COLOR (`plain.rs`), and JSON (`json.rs`). Every output shape of `qa` is built here; every
//! function takes a writer, so output is testable and `cmd` decides where it goes. Text from the bank
//! passes through `clean` first (`sanitize.rs`).

mod code;
mod json;
mod markdown;
mod plain;
mod sanitize;
mod snippet;
mod style;
mod table;
mod terminal;
mod wrap;

use std::io::{self, Write};
use std::path::Path;

pub use code::{THEMES, Theme};
pub use json::{entry_json, entry_ndjson, hits_json, json, topics_json, url_safe};
pub use sanitize::{clean, shorten};

use sanitize::is_unsafe;

use crate::entry::Entry;
use crate::index::search::{Facets, Hit, Results};

/// How output is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// The terminal view: wrapped, coloured, code highlighted.
    Terminal(Screen),
    /// No escape sequences, Markdown as written: for pipes, files, NO_COLOR and `--color never`.
    Plain,
}

/// What the terminal view is drawn for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screen {
    /// Columns text is wrapped to.
    pub width: usize,
    pub code_lines: CodeLines,
    pub theme: Theme,
}

/// What happens to a code line wider than the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeLines {
    /// Continued on the next line after a mark (`code::GOES_ON`).
    Wrap,
    /// Kept whole, for a pager that scrolls sideways (`less -S`).
    Whole,
}

/// Where paths are shown from: the corpus directory as the user named it.
pub struct View<'a> {
    pub mode: Mode,
    pub corpus: &'a Path,
}

impl View<'_> {
    /// A bank file's path as the user can open it.
    fn path(&self, path: &str) -> String {
        self.corpus.join(path).display().to_string()
    }

    fn location(&self, path: &str, line: usize) -> String {
        format!("{}:{line}", self.path(path))
    }

    /// A hit's file as the user can open it: below its source's folder when it has one.
    fn hit_path(&self, hit: &Hit) -> String {
        if hit.folder.as_os_str().is_empty() {
            self.path(&hit.path)
        } else {
            hit.folder.join(&hit.path).display().to_string()
        }
    }
}

/// Ranked hits, then the facet summary. A hit's answer, when it carries one, is printed whole with
/// `full`; otherwise (on a terminal) it is the text the snippet is cut from. `reviews[i]`, when given,
/// ends hit `i`'s metadata line: its review state (`new`, `due`, `learned (next in 12 d)`).
pub fn hits<W: Write>(
    w: &mut W,
    view: &View,
    results: &Results,
    full: bool,
    reviews: &[String],
) -> io::Result<()> {
    match &view.mode {
        Mode::Terminal(screen) => terminal::hits(w, view, screen, results, full, reviews),
        Mode::Plain => plain::hits(w, view, results, full, reviews),
    }
}

/// `37 hits · security 20 · laravel 9 · express 8`, and how to see more when the list was cut. Across
/// several sources, their counts follow the total: `37 hits (builtin 30, notes 7) · security 20 · …`.
pub fn summary(results: &Results) -> String {
    let mut total = match results.total {
        1 => "1 hit".to_string(),
        n => format!("{n} hits"),
    };
    if results.sources.len() > 1 {
        let sources: Vec<String> = results
            .sources
            .iter()
            .filter(|(_, count)| *count > 0)
            .map(|(name, count)| format!("{name} {count}"))
            .collect();
        total.push_str(&format!(" ({})", sources.join(", ")));
    }
    let mut parts = vec![total];
    parts.extend(
        results
            .topics
            .iter()
            .map(|(topic, count)| format!("{topic} {count}")),
    );
    let mut line = parts.join(" · ");
    if results.total > results.hits.len() {
        line.push_str(&format!(" (showing {}; -n for more)", results.hits.len()));
    }
    line
}

/// What a question-only bank's prompt shows where an answer would be.
pub const NO_ANSWER: &str = "(no answer in this bank: a question to practise)";

/// The answer, or the note that the bank has none.
pub fn answer_text(answer: &str) -> &str {
    if answer.trim().is_empty() {
        NO_ANSWER
    } else {
        answer
    }
}

/// What a hit shows when its answer could not be read back from its file (removed or unreadable since
/// the index was last updated).
pub const UNREADABLE: &str =
    "(the answer could not be read from its file; `qa index` reads the bank again)";

/// A search hit's snippet, or the note that its bank has no answer or that it could not be read.
pub fn hit_snippet(hit: &Hit) -> &str {
    if hit.snippet.text.trim().is_empty() && hit.answer.is_none() {
        UNREADABLE
    } else {
        answer_text(&hit.snippet.text)
    }
}

/// One entry in full (`qa show`).
pub fn entry<W: Write>(w: &mut W, view: &View, entry: &Entry) -> io::Result<()> {
    let meta = meta_line(
        None,
        &entry.topic,
        entry.framework.as_deref(),
        entry.level.map(|l| l.as_str()),
        &view.location(&entry.path, entry.line),
    );
    let tags = entry.tags.join(", ");
    match &view.mode {
        Mode::Plain => plain::entry(w, entry, &meta, &tags),
        Mode::Terminal(screen) => terminal::entry(w, screen, entry, &meta, &tags),
    }
}

/// How a line of a session's screen is set: status and keys dim, the question bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Dim,
    Bold,
}

/// A line of `qa quiz` or `qa mock` (a card's header, its question, the keys, what a key did):
/// wrapped to the window in the terminal view (`terminal::say`), as is in the plain one.
pub fn say<W: Write>(w: &mut W, mode: &Mode, text: &str, tone: Tone) -> io::Result<()> {
    match mode {
        Mode::Terminal(screen) => terminal::say(w, screen, text, tone),
        Mode::Plain => writeln!(w, "{text}"),
    }
}

/// Topics and frameworks with their question counts (one view: it has no Markdown to render).
pub fn topics<W: Write>(w: &mut W, facets: &Facets) -> io::Result<()> {
    plain::topics(w, facets)
}

/// `laravel · junior · corpus/laravel/middleware.md:89`: source (when several are searched), topic,
/// framework (when it is not the topic's own name), level and location, for a hit and for `qa show`.
pub(crate) fn meta_line(
    source: Option<&str>,
    topic: &str,
    framework: Option<&str>,
    level: Option<&str>,
    location: &str,
) -> String {
    let mut parts: Vec<String> = source.map(str::to_string).into_iter().collect();
    parts.push(topic.to_string());
    parts.extend(framework.filter(|f| *f != topic).map(str::to_string));
    parts.extend(level.map(str::to_string));
    parts.push(location.to_string());
    parts.join(" · ")
}

/// A hit's metadata line; its source is named when the results span several, and its review state
/// ends it when there is one.
pub(crate) fn hit_meta(
    view: &View,
    results: &Results,
    hit: &Hit,
    review: Option<&String>,
) -> String {
    let source = (results.sources.len() > 1).then_some(hit.source.as_str());
    let mut meta = meta_line(
        source,
        &hit.topic,
        hit.framework.as_deref(),
        hit.level.as_deref(),
        &format!("{}:{}", view.hit_path(hit), hit.line),
    );
    if let Some(review) = review {
        meta.push_str(" · ");
        meta.push_str(review);
    }
    meta
}

/// Whitespace runs (newlines included) as single spaces, keeping a leading/trailing space if present.
pub(crate) fn flat(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}
