//! Wrapping styled text to a width: spans are cut into words at spaces, textwrap's first-fit algorithm
//! places them (by display width, so wide characters count double), and a word longer than a whole line
//! is split where it must be.

use textwrap::core::Fragment;
use textwrap::wrap_algorithms::wrap_first_fit;

use super::style::{Line, Span, width};

/// `style::NO_BREAK` as a char: part of a word, not a place to break.
const NO_BREAK_CHAR: char = '\u{a0}';

/// A word with its styles, and whether a space followed it.
#[derive(Debug, Clone)]
struct Word {
    spans: Vec<Span>,
    width: usize,
    space_after: bool,
}

impl Fragment for Word {
    fn width(&self) -> f64 {
        self.width as f64
    }

    fn whitespace_width(&self) -> f64 {
        if self.space_after { 1.0 } else { 0.0 }
    }

    fn penalty_width(&self) -> f64 {
        0.0
    }
}

impl Word {
    fn new() -> Word {
        Word {
            spans: Vec::new(),
            width: 0,
            space_after: false,
        }
    }

    fn push(&mut self, c: char, span: &Span) {
        match self.spans.last_mut() {
            Some(last) if last.style == span.style => last.text.push(c),
            _ => self.spans.push(Span::new(c.to_string(), span.style)),
        }
        self.width += width(c.encode_utf8(&mut [0; 4]));
    }
}

/// Lines of at most `first` columns (the first line) and `rest` columns (the others). Runs of
/// whitespace, newlines included, become one space; leading and trailing whitespace goes. A no-break
/// space binds the words on either side.
pub fn wrap(spans: &[Span], first: usize, rest: usize) -> Vec<Line> {
    let words = split(words(spans), first.min(rest).max(1));
    wrap_first_fit(&words, &[first as f64, rest as f64])
        .into_iter()
        .map(|line| {
            let mut out = Line::new();
            for (i, word) in line.iter().enumerate() {
                out.extend(word.spans.iter().cloned());
                let Some(next) = line.get(i + 1).filter(|_| word.space_after) else {
                    continue;
                };
                // A space inside a run of one style takes that style, so the run is written once.
                let before = word.spans.last().map(|s| s.style);
                let after = next.spans.first().map(|s| s.style);
                let style = before.filter(|b| Some(*b) == after).unwrap_or_default();
                out.push(Span::new(" ", style));
            }
            out
        })
        .collect()
}

fn words(spans: &[Span]) -> Vec<Word> {
    let mut words = Vec::new();
    let mut word = Word::new();
    for span in spans {
        for c in span.text.chars() {
            if c.is_whitespace() && c != NO_BREAK_CHAR {
                if !word.spans.is_empty() {
                    word.space_after = true;
                    words.push(std::mem::replace(&mut word, Word::new()));
                }
            } else {
                word.push(c, span);
            }
        }
    }
    if !word.spans.is_empty() {
        words.push(word);
    }
    words
}

/// Characters a long word may break after: the joints of paths, URLs and ids.
const JOINTS: &[char] = &['/', '#', '-', '?', '&', '=', '.', '_'];

/// Splits words wider than `max` columns into pieces that fit (a long URL or identifier): after the
/// last joint (`/`, `#`, `-` ...) that leaves at least half a line, else where the line ends, so an
/// entry id breaks between its words and a comma that follows it is not cut off alone.
fn split(words: Vec<Word>, max: usize) -> Vec<Word> {
    let mut out = Vec::with_capacity(words.len());
    for word in words {
        if word.width <= max {
            out.push(word);
            continue;
        }
        let chars: Vec<(char, &Span, usize)> = word
            .spans
            .iter()
            .flat_map(|span| {
                span.text
                    .chars()
                    .map(move |c| (c, span, width(c.encode_utf8(&mut [0; 4]))))
            })
            .collect();
        let mut start = 0;
        while start < chars.len() {
            // The most that fits, then back to the last joint if one leaves half a line.
            let mut end = start;
            let mut used = 0;
            while end < chars.len() && (end == start || used + chars[end].2 <= max) {
                used += chars[end].2;
                end += 1;
            }
            if end < chars.len() {
                let mut kept = used;
                let joint = (start + 1..end).rev().find(|&i| {
                    kept -= chars[i].2;
                    JOINTS.contains(&chars[i - 1].0) && kept * 2 >= max
                });
                if let Some(joint) = joint {
                    end = joint;
                }
            }
            let mut piece = Word::new();
            for &(c, span, _) in &chars[start..end] {
                piece.push(c, span);
            }
            if end == chars.len() {
                piece.space_after = word.space_after;
            }
            out.push(piece);
            start = end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::style::{line_width, strong};

    fn text(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.iter().map(|s| s.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn soft_breaks_and_space_runs_become_one_space() {
        let lines = wrap(&[Span::plain("a failed\nquery  then\n throws")], 80, 80);
        assert_eq!(text(&lines), ["a failed query then throws"]);
    }

    #[test]
    fn lines_fill_up_to_the_width_and_keep_styles() {
        let spans = [
            Span::plain("one two "),
            Span::new("three four", strong()),
            Span::plain(" five six"),
        ];
        let lines = wrap(&spans, 9, 12);
        assert_eq!(text(&lines), ["one two", "three four", "five six"]);
        assert!(lines[1].iter().any(|s| s.style == strong()));
        assert!(lines.iter().all(|l| line_width(l) <= 12));
    }

    #[test]
    fn punctuation_stays_with_its_styled_word() {
        let spans = [Span::new("bold", strong()), Span::plain(", next")];
        let lines = wrap(&spans, 5, 5);
        assert_eq!(text(&lines), ["bold,", "next"]);
    }

    #[test]
    fn words_longer_than_a_line_are_split() {
        let lines = wrap(
            &[Span::plain("see https://example.com/a/long/path")],
            10,
            10,
        );
        assert!(
            lines.iter().all(|l| line_width(l) <= 10),
            "{:?}",
            text(&lines)
        );
        assert_eq!(text(&lines).concat(), "seehttps://example.com/a/long/path");
    }

    #[test]
    fn a_long_id_breaks_after_a_joint_and_keeps_its_punctuation() {
        let id = "performance/database-access#why-does-offset-pagination-get-slow-on-large-tables";
        let spans = [Span::plain(format!(
            "See it (qa show {id}), which leads on"
        ))];
        let lines = text(&wrap(&spans, 60, 60));
        assert!(lines.iter().all(|l| l.chars().count() <= 60), "{lines:?}");
        // The id's pieces end at a joint (here `get-`), and the comma stays with the paren.
        assert!(
            lines[1].starts_with("performance/") && lines[1].ends_with('-'),
            "{lines:?}"
        );
        assert!(lines[2].starts_with("slow-on-large-tables),"), "{lines:?}");
        assert_eq!(
            lines.concat().replace(' ', ""),
            format!("Seeit(qashow{id}),whichleadson")
        );
    }

    #[test]
    fn wide_characters_count_double() {
        let lines = wrap(&[Span::plain("日本語 日本語")], 7, 7);
        assert_eq!(text(&lines), ["日本語", "日本語"]);
    }
}
