//! Search snippets on a terminal: the part of the answer around the matched words, cut at word
//! boundaries with `…` at each cut and the matches centred where the answer allows, wrapped under the
//! hit. The index hands over a fragment; when the answer's text is known too, the fragment is found in
//! it, so the window can reach past the fragment and a cut is marked only where text was left out.

use std::ops::Range;

use super::flat;
use super::style::{self, Line, Span, width};
use super::wrap::wrap;
use crate::index::search::Snippet;

/// At most this many lines per snippet.
const LINES: usize = 3;

/// The snippet's lines, each at most `room` columns wide. `body` is the answer as plain text (what the
/// index searched), when it could be read.
pub fn lines(snippet: &Snippet, body: Option<&str>, room: usize) -> Vec<Line> {
    let found = locate(snippet, body);
    let mut budget = (room * LINES).saturating_sub(room / 4).min(260);
    loop {
        let window = window(&found.text, &found.highlights, budget);
        let lines = wrap(&spans(&found, window), room, room);
        if lines.len() <= LINES || budget < room {
            return lines;
        }
        budget -= room / 2;
    }
}

/// The text the window is chosen from, and what lies beyond it.
struct Found {
    text: String,
    highlights: Vec<Range<usize>>,
    /// The text is not the start (end) of the answer.
    cut_before: bool,
    cut_after: bool,
}

fn locate(snippet: &Snippet, body: Option<&str>) -> Found {
    let (mut fragment, highlights) = flatten(&snippet.text, &snippet.highlights);
    let trimmed_ellipsis = fragment.ends_with('…');
    if trimmed_ellipsis {
        fragment.pop();
    }
    let fragment = fragment.trim_end().to_string();
    if let Some(body) = body.map(flat) {
        let body = body.trim().to_string();
        if let Some(at) = body
            .find(fragment.trim_start())
            .filter(|_| !fragment.trim().is_empty())
        {
            let shift = at as isize - (fragment.len() - fragment.trim_start().len()) as isize;
            return Found {
                highlights: highlights
                    .iter()
                    .map(|r| (r.start as isize + shift) as usize..(r.end as isize + shift) as usize)
                    .filter(|r| body.get(r.clone()).is_some())
                    .collect(),
                text: body,
                cut_before: false,
                cut_after: false,
            };
        }
    }
    // Without the answer, a fragment that does not end a sentence is taken to go on.
    let text = fragment.trim_start().to_string();
    let shift = fragment.len() - text.len();
    Found {
        cut_after: trimmed_ellipsis || !text.ends_with(['.', '!', '?', ':', ')']),
        highlights: highlights
            .iter()
            .filter(|r| r.start >= shift)
            .map(|r| r.start - shift..r.end - shift)
            .collect(),
        cut_before: text.starts_with(|c: char| c.is_lowercase()),
        text,
    }
}

/// Whitespace runs as single spaces, with the highlighted byte ranges moved to match.
fn flatten(text: &str, highlights: &[Range<usize>]) -> (String, Vec<Range<usize>>) {
    let mut out = String::with_capacity(text.len());
    let mut map = vec![0; text.len() + 1];
    let mut space = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            map[i] = out.len();
            out.push(c);
        }
        let continuation = i + 1..i + c.len_utf8();
        map[continuation].fill(out.len());
    }
    let end = out.len();
    map[text.len()] = end;
    // A byte after trailing whitespace maps past the text; clamp every range into it.
    let ranges = highlights
        .iter()
        .filter(|r| r.end <= text.len() && r.start < r.end)
        .map(|r| map[r.start].min(end)..map_end(&map, text, r.end).min(end))
        .filter(|r| r.start < r.end)
        .collect();
    (out, ranges)
}

/// Where a range ending at byte `end` of the original ends in the flattened text.
fn map_end(map: &[usize], text: &str, end: usize) -> usize {
    text[..end]
        .char_indices()
        .next_back()
        .map_or(0, |(i, c)| map[i] + c.len_utf8())
}

/// The byte range of whole words, at most `budget` columns wide, around the highlights: starting
/// from the words that hold them, it grows on whichever side has less context so far.
fn window(text: &str, highlights: &[Range<usize>], budget: usize) -> Range<usize> {
    let words: Vec<Range<usize>> = text
        .split(' ')
        .scan(0, |at, word| {
            let range = *at..*at + word.len();
            *at += word.len() + 1;
            Some(range)
        })
        .filter(|r| !r.is_empty())
        .collect();
    if words.is_empty() {
        return 0..0;
    }
    if width(text) <= budget {
        return 0..text.len();
    }
    let word_at = |byte: usize| {
        words
            .iter()
            .position(|w| w.end > byte)
            .unwrap_or(words.len() - 1)
    };
    let (focus_start, focus_end) = match (highlights.first(), highlights.last()) {
        (Some(first), Some(last)) => (first.start, last.end.max(first.start + 1) - 1),
        _ => (0, 0),
    };
    let mut lo = word_at(focus_start);
    let mut hi = word_at(focus_end).max(lo);
    let span = |lo: usize, hi: usize| width(&text[words[lo].start..words[hi].end]);
    while hi > lo && span(lo, hi) > budget {
        hi -= 1;
    }
    let (focus_lo, focus_hi) = (words[lo].start, words[hi].end);
    loop {
        let left = (lo > 0 && span(lo - 1, hi) <= budget).then(|| lo - 1);
        let right = (hi + 1 < words.len() && span(lo, hi + 1) <= budget).then(|| hi + 1);
        let before = width(&text[words[lo].start..focus_lo]);
        let after = width(&text[focus_hi..words[hi].end]);
        match (left, right) {
            (Some(l), Some(_)) if before <= after => lo = l,
            (_, Some(r)) => hi = r,
            (Some(l), None) => lo = l,
            (None, None) => break,
        }
    }
    words[lo].start..words[hi].end
}

fn spans(found: &Found, window: Range<usize>) -> Vec<Span> {
    let text = &found.text;
    let mut out = Vec::new();
    if window.start > 0 || found.cut_before {
        out.push(Span::plain("…"));
    }
    let mut at = window.start;
    for range in &found.highlights {
        let start = range.start.clamp(at, window.end);
        let end = range.end.clamp(start, window.end);
        if start == end {
            continue;
        }
        if let (Some(before), Some(word)) = (text.get(at..start), text.get(start..end)) {
            out.push(Span::plain(before));
            out.push(Span::new(word, style::matched()));
            at = end;
        }
    }
    out.push(Span::plain(text.get(at..window.end).unwrap_or_default()));
    if window.end < text.len() || found.cut_after {
        // After a full stop the cut is a gap of its own: `key. …`, not `key.…`.
        let sentence = text[..window.end].ends_with(['.', '!', '?', ':', ';']);
        out.push(Span::plain(if sentence { " …" } else { "…" }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.iter().map(|s| s.text.as_str()).collect())
            .collect()
    }

    fn snippet(text: &str, word: &str) -> Snippet {
        let at = text.find(word).unwrap();
        Snippet {
            text: text.to_string(),
            highlights: std::iter::once(at..at + word.len()).collect(),
        }
    }

    #[test]
    fn a_whole_answer_that_fits_has_no_ellipsis() {
        let s = snippet("Short answer about tokens.", "tokens");
        let lines = lines(&s, Some("Short answer\nabout tokens."), 40);
        assert_eq!(text(&lines), ["Short answer about tokens."]);
        assert!(
            lines[0]
                .iter()
                .any(|s| s.text == "tokens" && s.style == style::matched())
        );
    }

    #[test]
    fn cuts_fall_between_words_and_are_marked() {
        let words: Vec<String> = (0..80).map(|i| format!("w{i}")).collect();
        let body = words.join(" ");
        let s = snippet(&body, "w40");
        let shown = text(&lines(&s, Some(&body), 20)).join(" ");
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        let inner = shown.trim_matches('…');
        assert!(
            inner.split(' ').all(|w| words.contains(&w.to_string())),
            "{shown}"
        );
        // Centred: about as many words on each side of the match.
        let position = inner.split(' ').position(|w| w == "w40").unwrap();
        let count = inner.split(' ').count();
        assert!(position.abs_diff(count - 1 - position) <= 2, "{shown}");
    }

    #[test]
    fn the_window_reaches_past_the_fragment_into_the_answer() {
        let body = "Intro words. The fragment holds the match here and more after it.";
        let s = snippet("fragment holds the match", "match");
        let shown = text(&lines(&s, Some(body), 80)).join(" ");
        assert_eq!(shown, body);
    }

    #[test]
    fn without_the_answer_a_fragment_cut_mid_sentence_is_marked() {
        let s = snippet(
            "the client holds two tokens: a short-lived access",
            "tokens",
        );
        let shown = text(&lines(&s, None, 80)).join(" ");
        assert_eq!(shown, "…the client holds two tokens: a short-lived access…");
    }

    #[test]
    fn no_line_is_wider_than_the_room_and_at_most_three_lines() {
        let body = "word ".repeat(200);
        let s = snippet(&body, "word");
        let lines = lines(&s, Some(&body), 30);
        assert!(lines.len() <= LINES);
        assert!(lines.iter().all(|l| style::line_width(l) <= 30));
    }
}
