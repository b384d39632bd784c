use super::*;
use crate::render::style::line_width;

fn text(line: &Line) -> String {
    line.iter().map(|s| s.text.as_str()).collect()
}

#[test]
fn every_line_of_the_theme_table_is_read() {
    let rules = ANSI_THEME
        .lines()
        .filter(|l| !l.starts_with('#') && l.contains('='))
        .count();
    assert_eq!(ansi_theme(ANSI_THEME).scopes.len(), rules);
}

#[test]
fn php_without_an_opening_tag_is_highlighted_as_php() {
    let lines = block("$x = 'a'; // note\n", "php", &Theme::default(), None);
    assert_eq!(text(&lines[0]), "$x = 'a'; // note");
    assert!(lines[0].iter().any(|s| s.style.foreground_color.is_some()));
}

#[test]
fn unknown_languages_are_printed_as_written() {
    let lines = block("a\tb\n", "klingon", &Theme::default(), None);
    assert_eq!(lines, vec![vec![Span::plain("a   b")]]);
}

#[test]
fn long_lines_go_on_after_a_mark_and_short_ones_are_kept() {
    let code = "short\n// a comment far longer than the window is wide\n";
    let lines = block(code, "js", &Theme::default(), Some(20));
    let texts: Vec<String> = lines.iter().map(text).collect();
    assert_eq!(
        texts,
        [
            "short",
            "// a comment far lon",
            "↪ ger than the windo",
            "↪ w is wide"
        ]
    );
    assert!(lines.iter().all(|line| line_width(line) <= 20));
    // Nothing is lost: the pieces, less their marks, are the line.
    let joined: String = texts[1..]
        .iter()
        .map(|t| t.trim_start_matches(GOES_ON))
        .collect();
    assert_eq!(joined, "// a comment far longer than the window is wide");
}

#[test]
fn a_wide_character_is_never_split_and_no_line_is_only_a_mark() {
    let lines = block("日本語のテキスト", "text", &Theme::default(), Some(5));
    for line in &lines {
        assert!(line_width(line) <= 5, "{:?}", text(line));
        assert_ne!(text(line), GOES_ON);
    }
    let joined: String = lines
        .iter()
        .map(|l| text(l).trim_start_matches(GOES_ON).to_string())
        .collect();
    assert_eq!(joined, "日本語のテキスト");
}

#[test]
fn every_alias_names_a_syntax_syntect_has() {
    for (alias, name) in ALIASES {
        assert!(syntax(alias, "x").is_some(), "{alias} -> {name}");
    }
}

#[test]
fn every_named_theme_loads() {
    for name in THEMES {
        let chosen = Theme::named(name).unwrap();
        assert!(!theme(&chosen).scopes.is_empty(), "{name}");
    }
}
