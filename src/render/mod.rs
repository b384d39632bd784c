//! Writing results: the terminal view (wrapped, styled, code highlighted), plain text for pipes and
//! NO_COLOR, and JSON. Every function takes a writer, so output is testable and `cmd` decides where it
//! goes. Text from the bank passes through `clean` first: a cloned file must not be able to drive the
//! terminal.

mod code;
mod json;
mod markdown;
mod snippet;
mod style;
mod table;
mod terminal;
mod wrap;

use std::io::{self, Write};
use std::path::Path;

pub use code::{THEMES, Theme};
pub use json::{entry_ndjson, hits_json, hits_json_reviewed, json, topics_json, url_safe};

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
    /// Cut at the width, with a mark.
    Cut,
    /// Kept whole, for a pager that scrolls sideways (`less -S`).
    Whole,
}

/// Where paths are shown from: the corpus directory as the user named it.
pub struct View<'a> {
    pub mode: Mode,
    pub corpus: &'a Path,
}

impl View<'_> {
    fn location(&self, path: &str, line: usize) -> String {
        format!("{}:{line}", self.corpus.join(path).display())
    }
}

/// Ranked hits. `answers[i]`, when given, is the answer of hit `i`: printed whole with `full`, else
/// (on a terminal) the text its snippet is cut from.
pub fn hits<W: Write>(
    w: &mut W,
    view: &View,
    results: &Results,
    answers: &[Option<String>],
    full: bool,
) -> io::Result<()> {
    hits_reviewed(w, view, results, answers, full, &[])
}

/// Ranked hits whose metadata lines end with `reviews[i]`, when given: the review state of hit `i`
/// (`new`, `due`, `learned (next in 12 d)`, `skipped`).
pub fn hits_reviewed<W: Write>(
    w: &mut W,
    view: &View,
    results: &Results,
    answers: &[Option<String>],
    full: bool,
    reviews: &[String],
) -> io::Result<()> {
    if let Mode::Terminal(screen) = &view.mode {
        return terminal::hits(w, view, screen, results, answers, full, reviews);
    }
    for (rank, hit) in results.hits.iter().enumerate() {
        let meta = hit_meta(view, hit, reviews.get(rank));
        writeln!(w, "{}. {}", rank + 1, clean(&hit.question))?;
        writeln!(w, "   {}", clean(&meta))?;
        match answers.get(rank).and_then(Option::as_ref).filter(|_| full) {
            Some(answer) => writeln!(w, "\n{}\n", clean(answer).trim_end())?,
            None => writeln!(w, "   {}\n", clean(&flat(answer_text(&hit.snippet.text))))?,
        }
    }
    writeln!(w, "{}", clean(&summary(results)))
}

/// A hit's metadata line, with its review state when there is one.
pub(super) fn hit_meta(view: &View, hit: &Hit, review: Option<&String>) -> String {
    let mut meta = meta_line(
        view,
        &hit.topic,
        hit.framework.as_deref(),
        hit.level.as_deref(),
        &hit.path,
        hit.line,
    );
    if let Some(review) = review {
        meta.push_str(" · ");
        meta.push_str(review);
    }
    meta
}

/// `37 hits · security 20 · laravel 9 · express 8`, and how to see more when the list was cut.
pub fn summary(results: &Results) -> String {
    let mut parts = vec![match results.total {
        1 => "1 hit".to_string(),
        n => format!("{n} hits"),
    }];
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

/// One entry in full (`qa show`).
pub fn entry<W: Write>(w: &mut W, view: &View, entry: &Entry) -> io::Result<()> {
    let meta = meta_line(
        view,
        &entry.topic,
        entry.framework.as_deref(),
        entry.level.map(|l| l.as_str()),
        &entry.path,
        entry.line,
    );
    let tags = entry.tags.join(", ");
    match &view.mode {
        Mode::Plain => {
            writeln!(w, "{}\n{}", clean(&entry.question), clean(&meta))?;
            if !tags.is_empty() {
                writeln!(w, "tags: {}", clean(&tags))?;
            }
            writeln!(w, "\n{}", clean(answer_text(&entry.answer)).trim_end())
        }
        Mode::Terminal(screen) => terminal::entry(w, screen, entry, &meta, &tags),
    }
}

/// Topics and frameworks with their question counts.
pub fn topics<W: Write>(w: &mut W, facets: &Facets) -> io::Result<()> {
    writeln!(w, "{} questions\n\ntopics:", facets.questions)?;
    for (name, count) in &facets.topics {
        writeln!(w, "  {:<16} {count:>5}", clean(name))?;
    }
    if !facets.frameworks.is_empty() {
        writeln!(w, "\nframeworks:")?;
        for (name, count) in &facets.frameworks {
            writeln!(w, "  {:<16} {count:>5}", clean(name))?;
        }
    }
    Ok(())
}

/// Characters that may act on a terminal or reorder what it shows (newline and tab excepted).
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// `laravel · junior · corpus/laravel/middleware.md:89`: topic, framework (when it is not the topic's
/// own name), level and location, for a hit and for `qa show` alike.
pub(crate) fn meta_line(
    view: &View,
    topic: &str,
    framework: Option<&str>,
    level: Option<&str>,
    path: &str,
    line: usize,
) -> String {
    let mut parts = vec![topic.to_string()];
    parts.extend(framework.filter(|f| *f != topic).map(str::to_string));
    parts.extend(level.map(str::to_string));
    parts.push(view.location(path, line));
    parts.join(" · ")
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

/// Makes text from the bank safe for a terminal: whole escape sequences (CSI colours and cursor moves, OSC
/// window titles, clipboard writes and links) are removed by a VT parser, then any control character left
/// (BEL, backspace, bare CR, C1) and bidirectional overrides are dropped. Newlines and tabs stay.
pub fn clean(text: &str) -> String {
    if !text.chars().any(is_unsafe) {
        return text.to_string();
    }
    strip_ansi_escapes::strip_str(text)
        .chars()
        .filter(|&c| !is_unsafe(c))
        .collect()
}

/// At most `max` characters of `text`, with `…` when cut (for echoing user input in messages).
pub fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_removes_every_kind_of_terminal_control() {
        for (input, expected) in [
            ("\u{1b}[31mred\u{1b}[0m", "red"),
            ("\u{1b}[2J\u{1b}[Hcleared", "cleared"),
            ("\u{1b}]0;evil title\u{7}after", "after"),
            ("\u{1b}]52;c;ZXZpbA==\u{7}clip", "clip"),
            (
                "\u{1b}]8;;http://evil\u{1b}\\link\u{1b}]8;;\u{1b}\\",
                "link",
            ),
            ("bell\u{7}", "bell"),
            ("back\u{8}space", "backspace"),
            ("carriage\rreturn", "carriagereturn"),
            ("c1\u{9b}31mx", "c131mx"),
            ("bidi\u{202e}txt\u{2066}", "biditxt"),
            ("keeps\nnewlines\tand tabs", "keeps\nnewlines\tand tabs"),
            ("plain ünïcode", "plain ünïcode"),
        ] {
            assert_eq!(clean(input), expected, "{input:?}");
        }
    }
}
