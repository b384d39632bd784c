//! The typed-answer step of `qa quiz --type` (and of `qa mock --type`): after the question, the user
//! types an answer (an empty line or the end of input ends it), then sees which of the entry's key points
//! it covers (✓) and misses (✗), before the reference answer and their own grade. Through a pipe the
//! answer is read line by line from the same input as the keys, so a test can drive a whole session.

use std::io::{self, BufRead, Write};

use anyhow::{Context, Result};
use crossterm::style::Stylize;

use super::keys::Keys;
use crate::entry::Entry;
use crate::practice::keypoints::{Coverage, Matcher, key_points};
use crate::render::{self, Mode, Tone, clean};

/// What the prompt says.
pub const PROMPT: &str = "Type your answer (an empty line or Ctrl-D ends it):";

/// Reads a typed answer: lines until an empty one or the end of input. `None` when the input ended
/// before anything was typed (the session then ends, as a closed pipe ends it).
pub fn read_answer(keys: &mut Keys, out: &mut impl Write, mode: &Mode) -> Result<Option<String>> {
    render::say(out, mode, PROMPT, Tone::Dim)?;
    out.flush()?;
    match keys {
        Keys::Lines(lines) => read_lines(lines),
        // On a terminal the line discipline does the editing (backspace, Ctrl-U); no raw mode here.
        Keys::Terminal => read_lines(&mut io::stdin().lock()),
    }
}

/// Lines up to an empty line or the end of input.
pub fn read_lines(input: &mut impl BufRead) -> Result<Option<String>> {
    let mut answer = String::new();
    let mut any = false;
    loop {
        let mut line = String::new();
        if input
            .read_line(&mut line)
            .context("reading the typed answer")?
            == 0
        {
            return Ok(any.then_some(answer));
        }
        any = true;
        let line = line.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            return Ok(Some(answer));
        }
        if !answer.is_empty() {
            answer.push('\n');
        }
        answer.push_str(line);
    }
}

/// Checks a typed answer against the entry's key points.
pub fn check(entry: &Entry, typed: &str, matcher: &Matcher) -> Coverage {
    matcher.check(&entry.question, &key_points(entry, matcher), typed)
}

/// `Key points: 2 of 3 covered`, then one line per point, `✓` or `✗`.
pub fn write_coverage(out: &mut impl Write, mode: &Mode, coverage: &Coverage) -> io::Result<()> {
    let total = coverage.points.len();
    if total == 0 {
        return writeln!(out, "No key points to check this answer against.");
    }
    let heading = format!("Key points: {} of {total} covered", coverage.covered());
    render::say(out, mode, &heading, Tone::Bold)?;
    for point in &coverage.points {
        let text = clean(&point.point.text);
        match (mode, point.covered) {
            (Mode::Terminal { .. }, true) => writeln!(out, "  {} {text}", "✓".green())?,
            (Mode::Terminal { .. }, false) => writeln!(out, "  {} {text}", "✗".red())?,
            (Mode::Plain, true) => writeln!(out, "  ✓ {text}")?,
            (Mode::Plain, false) => writeln!(out, "  ✗ {text}")?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::keypoints::{KeyPoint, Origin, PointCoverage};

    #[test]
    fn an_answer_ends_at_an_empty_line_or_the_end_of_input() {
        for (input, expected) in [
            (
                "use bcrypt\nwith a salt\n\n3\n",
                Some("use bcrypt\nwith a salt"),
            ),
            ("use bcrypt\r\n  \r\n", Some("use bcrypt")),
            (
                "last line without newline",
                Some("last line without newline"),
            ),
            ("\n3\n", Some("")),
            ("", None),
        ] {
            let mut input = input.as_bytes();
            assert_eq!(
                read_lines(&mut input).unwrap().as_deref(),
                expected,
                "{input:?}"
            );
        }
    }

    #[test]
    fn coverage_lists_each_point_with_its_mark() {
        let point = |text: &str, covered| PointCoverage {
            point: KeyPoint {
                text: text.to_string(),
                origin: Origin::Item,
            },
            covered,
        };
        let coverage = Coverage {
            points: vec![point("a slow hash", true), point("a unique salt", false)],
        };
        let mut out = Vec::new();
        write_coverage(&mut out, &Mode::Plain, &coverage).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "Key points: 1 of 2 covered\n  ✓ a slow hash\n  ✗ a unique salt\n"
        );
    }
}
