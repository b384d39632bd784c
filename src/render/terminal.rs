//! The terminal layout of hits and entries. A hit is its number and question (bold), the metadata
//! (dim) and the snippet indented under the question, then one blank line; the facet summary comes
//! last, with how to open a hit by its number. `qa show` and `search --full` print the answer through
//! the Markdown renderer.

use std::io::{self, Write};

use crossterm::style::ContentStyle;

use super::style::{self, Line, NO_BREAK, Span, write_lines};
use super::wrap::wrap;
use super::{
    Screen, Tone, View, answer_text, clean, hit_meta, hit_snippet, markdown, snippet, summary,
};
use crate::entry::Entry;
use crate::index::search::Results;
use crate::parse::text::plain_text;
use unicode_width::UnicodeWidthChar;

/// The end of the summary line in the terminal view.
const OPEN_HINT: &str = "qa show N opens hit N";

pub fn hits<W: Write>(
    w: &mut W,
    view: &View,
    screen: &Screen,
    results: &Results,
    full: bool,
    reviews: &[String],
) -> io::Result<()> {
    let mut lines = Vec::new();
    for (rank, hit) in results.hits.iter().enumerate() {
        let number = format!("{}. ", rank + 1);
        let indent = number.len();
        let room = screen.width.saturating_sub(indent).max(10);
        let question = [
            Span::new(number, style::question()),
            Span::new(clean(&hit.question), style::question()),
        ];
        lines.extend(hanging(&question, screen.width, indent));
        let meta = hit_meta(view, results, hit, reviews.get(rank));
        lines.extend(indented(
            &unbroken_parts(&home_as_tilde(&clean(&meta)), room),
            style::dim(),
            room,
            indent,
        ));
        let answer = hit.answer.as_deref().map(clean);
        match answer {
            Some(answer) if full => {
                lines.push(Line::new());
                lines.extend(markdown::render(&answer, screen, indent, Some(&hit.id)));
            }
            _ => {
                let mut snippet = hit.snippet.clone();
                snippet.text = clean(hit_snippet(hit));
                let body = answer.map(|a| plain_text(&a));
                for line in snippet::lines(&snippet, body.as_deref(), room) {
                    lines.push(pad(indent, line));
                }
            }
        }
        lines.push(Line::new());
    }
    // How to get from a number to its answer, once (`cmd::last` keeps the list).
    let summary = clean(&summary(results));
    let facets = summary.split(" · ").chain([OPEN_HINT]).map(str::to_string);
    lines.extend(wrap(
        &[Span::new(unbroken(facets), style::dim())],
        screen.width,
        screen.width,
    ));
    write_lines(w, &lines)
}

pub fn entry<W: Write>(
    w: &mut W,
    screen: &Screen,
    entry: &Entry,
    meta: &str,
    tags: &str,
) -> io::Result<()> {
    let mut lines = wrap(
        &[Span::new(clean(&entry.question), style::question())],
        screen.width,
        screen.width,
    );
    lines.extend(indented(
        &unbroken_parts(&home_as_tilde(&clean(meta)), screen.width),
        style::dim(),
        screen.width,
        0,
    ));
    if !tags.is_empty() {
        lines.extend(indented(
            &format!("tags: {}", clean(tags)),
            style::dim(),
            screen.width,
            0,
        ));
    }
    lines.push(Line::new());
    lines.extend(markdown::render(
        &clean(answer_text(&entry.answer)),
        screen,
        0,
        Some(&entry.id),
    ));
    write_lines(w, &lines)
}

/// A line of a session's screen (`qa quiz`, `qa mock`: a card's header, its question, the keys),
/// wrapped to the screen; a dim line is `·`-separated parts, never split, so a narrow window breaks
/// between `2 hard (5 min)` and `3 good (10 min)`, not inside one.
pub fn say<W: Write>(w: &mut W, screen: &Screen, text: &str, tone: Tone) -> io::Result<()> {
    let (text, style) = match tone {
        Tone::Dim => (unbroken_parts(text, screen.width), style::dim()),
        Tone::Bold => (text.to_string(), style::question()),
    };
    write_lines(w, &indented(&text, style, screen.width, 0))
}

/// A hit's metadata (`security · mid · /path/to/file.md:151`), as `unbroken` parts: a path cut in two
/// reads as two paths. A part wider than `room` (a long path under the cache folder) keeps its end, the
/// file and line, after a `…`; `qa show N` and `--json` give it whole.
fn unbroken_parts(meta: &str, room: usize) -> String {
    unbroken(meta.split(" · ").map(|part| {
        let width = style::width(part);
        if width <= room {
            return part.to_string();
        }
        let mut dropped = 0;
        let cut = part
            .char_indices()
            .find(|&(_, c)| {
                let fits = width - dropped < room;
                dropped += UnicodeWidthChar::width(c).unwrap_or(0);
                fits
            })
            .map_or(part.len(), |(i, _)| i);
        format!("…{}", &part[cut..])
    }))
}

/// The metadata with the user's home folder as `~`, as shells write it: the bank `qa` ships is kept
/// under the cache folder, and its path then fits beside the topic and level on an 80-column line.
fn home_as_tilde(meta: &str) -> String {
    match std::env::var("HOME") {
        Ok(home) if home.len() > 1 => {
            let home = home.trim_end_matches('/');
            meta.replacen(&format!("· {home}/"), "· ~/", 1)
        }
        _ => meta.to_string(),
    }
}

/// Parts joined by ` · ` so that lines break between parts, never inside one, and a `·` ends a line
/// rather than starts one (the metadata of a hit, the facets of the summary).
fn unbroken(parts: impl Iterator<Item = String>) -> String {
    parts
        .map(|part| part.replace(' ', NO_BREAK))
        .collect::<Vec<_>>()
        .join(&format!("{NO_BREAK}· "))
}

/// Text in one style, wrapped to `room` columns, each line after `indent` spaces.
fn indented(text: &str, style: ContentStyle, room: usize, indent: usize) -> Vec<Line> {
    wrap(&[Span::new(text, style)], room, room)
        .into_iter()
        .map(|line| pad(indent, line))
        .collect()
}

/// Wrapped to `width`, lines after the first indented by `indent` (under the question, not its number).
fn hanging(spans: &[Span], width: usize, indent: usize) -> Vec<Line> {
    let rest = width.saturating_sub(indent).max(10);
    wrap(spans, width, rest)
        .into_iter()
        .enumerate()
        .map(|(i, line)| if i == 0 { line } else { pad(indent, line) })
        .collect()
}

fn pad(indent: usize, line: Line) -> Line {
    let mut out = vec![Span::plain(" ".repeat(indent))];
    out.extend(line);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|line| {
                line.iter()
                    .map(|span| span.text.replace(NO_BREAK, " "))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn metadata_breaks_between_parts_and_a_long_path_keeps_its_end() {
        let meta = "backend · junior · /home/me/.cache/qa/bank-6ea56f382635e667/backend/background-jobs.md:8";
        let lines = text(&indented(&unbroken_parts(meta, 40), style::dim(), 40, 0));
        assert_eq!(lines[0].trim_end(), "backend · junior ·");
        assert_eq!(lines[1].trim_end().chars().count(), 40, "{lines:?}");
        assert!(lines[1].starts_with('…') && lines[1].trim_end().ends_with("background-jobs.md:8"));
        assert_eq!(lines.len(), 2);
    }

    #[test]
    fn a_session_line_breaks_between_its_parts_and_fits_the_screen() {
        let screen = Screen {
            width: 40,
            code_lines: super::super::CodeLines::Wrap,
            theme: Default::default(),
        };
        let keys = "1 again (1 min) · 2 hard (5 min) · 3 good (10 min) · 4 easy (17 d) · q: quit";
        let mut out = Vec::new();
        say(&mut out, &screen, keys, Tone::Dim).unwrap();
        let shown: Vec<String> = String::from_utf8(out).unwrap().lines().map(strip).collect();
        assert_eq!(
            shown,
            [
                "1 again (1 min) · 2 hard (5 min) ·",
                "3 good (10 min) · 4 easy (17 d) ·",
                "q: quit"
            ]
        );
    }

    /// A written line without its escape sequences.
    fn strip(line: &str) -> String {
        let mut out = String::new();
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn metadata_that_fits_is_unchanged() {
        let meta = "laravel · mid · corpus/laravel/middleware.md:89";
        let lines = text(&indented(&unbroken_parts(meta, 80), style::dim(), 80, 0));
        assert_eq!(lines, vec![meta.to_string()]);
    }
}
