//! Writing results: the terminal view (termimad, colours), plain text for pipes and NO_COLOR, and JSON.
//! Every function takes a writer, so output is testable and `main` decides where it goes. Text from the
//! bank passes through `clean` first: a cloned file must not be able to drive the terminal.

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;
use termimad::MadSkin;
use termimad::crossterm::style::{Attribute, Color};

use crate::entry::Entry;
use crate::index::search::{Facets, Hit, Results};

/// How output is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Colours and wrapping for a terminal this many columns wide.
    Terminal { width: usize },
    /// No escape sequences: for pipes, files and NO_COLOR.
    Plain,
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

fn skin() -> MadSkin {
    let mut skin = MadSkin::default();
    skin.bold.set_fg(Color::Yellow);
    skin.italic.set_fg(Color::AnsiValue(245));
    skin.italic.remove_attr(Attribute::Italic);
    skin.inline_code.set_fgbg(Color::Cyan, Color::Reset);
    skin.inline_code.add_attr(Attribute::Bold);
    skin
}

/// Ranked hits; `answers[i]`, when given, is the full answer of hit `i` (`--full`).
pub fn hits<W: Write>(
    w: &mut W,
    view: &View,
    results: &Results,
    answers: &[Option<String>],
) -> io::Result<()> {
    hits_reviewed(w, view, results, answers, &[])
}

/// Ranked hits whose metadata lines end with `reviews[i]`, when given: the review state of hit `i`
/// (`new`, `due`, `learned (next in 12 d)`, `skipped`).
pub fn hits_reviewed<W: Write>(
    w: &mut W,
    view: &View,
    results: &Results,
    answers: &[Option<String>],
    reviews: &[String],
) -> io::Result<()> {
    let mut md = String::new();
    for (rank, hit) in results.hits.iter().enumerate() {
        let mut meta = meta_line(
            view,
            &hit.topic,
            hit.framework.as_deref(),
            hit.level.as_deref(),
            &hit.path,
            hit.line,
        );
        if let Some(review) = reviews.get(rank) {
            meta.push_str(" · ");
            meta.push_str(review);
        }
        let answer = answers.get(rank).and_then(Option::as_ref);
        match view.mode {
            Mode::Plain => {
                writeln!(w, "{}. {}", rank + 1, clean(&hit.question))?;
                writeln!(w, "   {}", clean(&meta))?;
                match answer {
                    Some(answer) => writeln!(w, "\n{}\n", clean(answer).trim_end())?,
                    None => writeln!(w, "   {}\n", clean(&flat(&hit.snippet.text)))?,
                }
            }
            Mode::Terminal { .. } => {
                md.push_str(&format!(
                    "**{}. {}**\n",
                    rank + 1,
                    escape(&clean(&hit.question))
                ));
                md.push_str(&format!("*{}*\n", escape(&clean(&meta))));
                match answer {
                    Some(answer) => md.push_str(&format!("\n{}\n\n", clean(answer).trim_end())),
                    None => md.push_str(&format!("{}\n\n", highlighted(hit))),
                }
            }
        }
    }
    let summary = summary(results);
    match view.mode {
        Mode::Plain => writeln!(w, "{}", clean(&summary))?,
        Mode::Terminal { width } => {
            md.push_str(&format!("*{}*\n", escape(&clean(&summary))));
            write!(w, "{}", skin().text(&md, Some(width)))?;
        }
    }
    Ok(())
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
    match view.mode {
        Mode::Plain => {
            writeln!(w, "{}\n{}", clean(&entry.question), clean(&meta))?;
            if !tags.is_empty() {
                writeln!(w, "tags: {}", clean(&tags))?;
            }
            writeln!(w, "\n{}", clean(&entry.answer).trim_end())
        }
        Mode::Terminal { width } => {
            let mut md = format!(
                "**{}**\n*{}*\n",
                escape(&clean(&entry.question)),
                escape(&clean(&meta))
            );
            if !tags.is_empty() {
                md.push_str(&format!("*tags: {}*\n", escape(&clean(&tags))));
            }
            md.push_str(&format!("\n{}\n", clean(&entry.answer).trim_end()));
            write!(w, "{}", skin().text(&md, Some(width)))
        }
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

#[derive(Serialize)]
struct JsonResults<'a, R: Serialize> {
    query: &'a str,
    total: usize,
    hits: Vec<JsonHit<'a, R>>,
    /// Matches per topic.
    topics: std::collections::BTreeMap<&'a str, u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suggestion: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonHit<'a, R: Serialize> {
    id: &'a str,
    question: &'a str,
    topic: &'a str,
    framework: Option<&'a str>,
    tags: &'a [String],
    level: Option<&'a str>,
    path: String,
    line: usize,
    score: f32,
    snippet: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    answer: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    review: Option<&'a R>,
}

/// `--json`: one object. Text is kept as written; serde_json escapes control characters.
pub fn hits_json<W: Write>(
    w: &mut W,
    view: &View,
    query: &str,
    results: &Results,
    answers: &[Option<String>],
) -> io::Result<()> {
    hits_json_reviewed::<_, ()>(w, view, query, results, answers, &[])
}

/// `--json` with each hit's `"review"` object (`reviews[i]`), when given.
pub fn hits_json_reviewed<W: Write, R: Serialize>(
    w: &mut W,
    view: &View,
    query: &str,
    results: &Results,
    answers: &[Option<String>],
    reviews: &[R],
) -> io::Result<()> {
    let hits = results
        .hits
        .iter()
        .enumerate()
        .map(|(i, hit)| JsonHit {
            id: &hit.id,
            question: &hit.question,
            topic: &hit.topic,
            framework: hit.framework.as_deref(),
            tags: &hit.tags,
            level: hit.level.as_deref(),
            path: view.corpus.join(&hit.path).display().to_string(),
            line: hit.line,
            score: hit.score,
            snippet: &hit.snippet.text,
            answer: answers.get(i).and_then(|a| a.as_deref()),
            review: reviews.get(i),
        })
        .collect();
    let out = JsonResults {
        query,
        total: results.total,
        hits,
        topics: results
            .topics
            .iter()
            .map(|(t, n)| (t.as_str(), *n))
            .collect(),
        suggestion: results.suggestion.as_deref(),
    };
    json(w, &out)
}

/// Writes a value as pretty JSON. serde_json escapes C0 controls; C1 controls, DEL and bidirectional
/// overrides are escaped here too, so even raw JSON on a terminal cannot act on it. The text is unchanged
/// for a JSON reader.
pub fn json<W: Write, T: Serialize>(w: &mut W, value: &T) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    writeln!(w, "{out}")
}

/// Characters that may act on a terminal or reorder what it shows (newline and tab excepted).
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

#[derive(Serialize)]
struct JsonTopics<'a> {
    questions: usize,
    topics: &'a std::collections::BTreeMap<String, u64>,
    frameworks: &'a std::collections::BTreeMap<String, u64>,
}

pub fn topics_json<W: Write>(w: &mut W, facets: &Facets) -> io::Result<()> {
    let out = JsonTopics {
        questions: facets.questions,
        topics: &facets.topics,
        frameworks: &facets.frameworks,
    };
    json(w, &out)
}

/// `laravel · junior · corpus/laravel/middleware.md:89`: topic, framework (when it is not the topic's
/// own name), level and location, for a hit and for `qa show` alike.
fn meta_line(
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

/// The snippet as termimad Markdown, matched words in inline-code style.
fn highlighted(hit: &Hit) -> String {
    let text = &hit.snippet.text;
    let mut out = String::new();
    let mut at = 0;
    for range in &hit.snippet.highlights {
        let (Some(before), Some(word)) = (text.get(at..range.start), text.get(range.clone()))
        else {
            continue;
        };
        out.push_str(&escape(&clean(&flat(before))));
        out.push('`');
        out.push_str(&clean(word).replace('`', "'"));
        out.push('`');
        at = range.end;
    }
    out.push_str(&escape(&clean(&flat(text.get(at..).unwrap_or_default()))));
    out
}

/// Whitespace runs (newlines included) as single spaces, keeping a leading/trailing space if present.
fn flat(text: &str) -> String {
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

/// Backslash-escapes the characters termimad reads as Markdown.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '~' | '|' | '#' | '>' | '-') {
            out.push('\\');
        }
        out.push(c);
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

    #[test]
    fn escape_protects_markdown_characters() {
        assert_eq!(escape("*a* _b_ `c`"), "\\*a\\* \\_b\\_ \\`c\\`");
    }
}
