//! Property tests of the terminal view on structure-aware Markdown (the parser's fragments: unclosed
//! fences, nested lists, tables, HTML blocks, links, escapes, wide characters, control characters).
//!
//! Invariants: rendering never panics; after removing the view's own colour sequences no control
//! character is left; no line is wider than the screen, however deep the nesting, except where the
//! markers of a very deep list or quote leave fewer than 10 columns for its text.

use std::path::Path;

use proptest::prelude::*;
use qa::entry::Entry;
use qa::render::{self, CodeLines, Mode, Screen, Theme, View};
use unicode_width::UnicodeWidthStr;

#[path = "support/fragments.rs"]
mod fragments;
use fragments::FRAGMENTS;

fn markdown() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(FRAGMENTS).prop_map(str::to_string),
        1 => "[a-zA-Z ]{0,12}",
        1 => "[a-zA-Z_]{20,90}",
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

fn entry(answer: String) -> Entry {
    Entry {
        id: "t/f#q".into(),
        question: "What is it?".into(),
        also: Vec::new(),
        key_points: Vec::new(),
        answer,
        answer_at: 0,
        topic: "t".into(),
        framework: None,
        tags: vec!["a".into()],
        level: None,
        path: "t/f.md".into(),
        line: 1,
        follow_up: None,
    }
}

/// The text with `ESC [ ... m` sequences removed.
fn without_colours(raw: &str) -> String {
    let mut out = String::new();
    let mut rest = raw;
    while let Some(at) = rest.find("\u{1b}[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let end = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(after.len());
        rest = after.get(end + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_terminal_view_fits_and_stays_safe(answer in markdown(), width in 20usize..130) {
        let view = View {
            mode: Mode::Terminal(Screen {
                width,
                code_lines: CodeLines::Wrap,
                theme: Theme::default(),
            }),
            corpus: Path::new("corpus"),
        };
        let mut out = Vec::new();
        render::entry(&mut out, &view, &entry(answer)).unwrap();
        let text = without_colours(&String::from_utf8(out).unwrap());
        for line in text.lines() {
            prop_assert!(
                !line.chars().any(|c| c.is_control() && c != '\t'),
                "control character in {:?}", line
            );
            let markers = line.chars().take_while(|c| " │•◦▪".contains(*c)).count();
            if width.saturating_sub(markers) >= 10 {
                prop_assert!(line.width() <= width, "{} > {}: {:?}", line.width(), width, line);
            }
        }
    }
}
