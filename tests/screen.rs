//! The terminal view, seen on a terminal: `qa` runs in a pseudo-terminal (util-linux `script`, which
//! needs no tty of its own, so this runs in CI too) at 60, 80 and 120 columns, on entries chosen for
//! their hazards (tests/fixtures/screen: long inline code, long code lines, nested lists, tables,
//! links, emphasis, escapes, HTML entities). Every screen is checked for width, leaked escapes, ragged
//! wrapping and intact code; a few are kept as snapshots (tests/snapshots) so a change shows in a diff.

#![cfg(target_os = "linux")]

mod support;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use support::{Env, stderr, stdout};
use unicode_width::UnicodeWidthStr;

const WIDTHS: [usize; 3] = [60, 80, 120];
/// The reading width the view never exceeds, however wide the window.
const READING: usize = 100;

/// What starts the rest of a code line too wide for the screen (`render::code::GOES_ON`).
const GOES_ON: &str = "↪ ";

const PDO: &str = "php/pdo#how-should-pdo-report-errors";
const LISTS: &str = "backend/lists#which-http-status-codes-should-an-api-return";
const LINKS: &str = "security/links#what-does-the-content-security-policy-header-protect-against";

/// The fixture bank, indexed (outside the terminal, so no index note lands on the screen).
fn bank() -> Env {
    let env = Env::new();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/screen");
    for topic in ["php", "backend", "security"] {
        for file in fs::read_dir(fixtures.join(topic)).unwrap() {
            let file = file.unwrap().path();
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            env.write(&format!("{topic}/{name}"), fs::read(&file).unwrap());
        }
    }
    let output = env.qa().arg("index").output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    env
}

/// What `qa ARGS` writes to a terminal `width` columns wide (raw, escape sequences included).
fn on_screen(env: &Env, width: usize, args: &[&str], vars: &[(&str, &str)]) -> String {
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let mut line = format!(
        "stty cols {width} rows 200; exec {} --corpus corpus --index index",
        quote(env!("CARGO_BIN_EXE_qa"))
    );
    for arg in args {
        line.push(' ');
        line.push_str(&quote(arg));
    }
    let mut command = Command::new("script");
    command
        .args(["-qec", &line, "/dev/null"])
        .current_dir(env.path())
        .stdin(Stdio::null())
        .env("TERM", "xterm-256color");
    for var in [
        "NO_COLOR",
        "CLICOLOR_FORCE",
        "QA_CORPUS",
        "QA_INDEX",
        "QA_THEME",
        "QA_PAGING",
        "QA_PAGER",
    ] {
        command.env_remove(var);
    }
    command.env("QA_CACHE", env.cache());
    for (name, value) in vars {
        command.env(name, value);
    }
    let output = command
        .output()
        .expect("util-linux `script` runs qa in a pseudo-terminal");
    assert!(output.status.success(), "qa {args:?}: {}", stdout(&output));
    stdout(&output).replace("\r\n", "\n")
}

/// The SGR sequences of `raw` that set a colour (a parameter 30-38, 40-48, 90-97 or 100-107), such
/// as `38;5;12`.
fn colour_codes(raw: &str) -> Vec<String> {
    raw.split('\u{1b}')
        .filter_map(|rest| rest.strip_prefix('['))
        .filter_map(|rest| rest.split_once('m').map(|(params, _)| params))
        .filter(|params| params.chars().all(|c| c.is_ascii_digit() || c == ';'))
        .filter(|params| {
            params.split(';').any(|p| {
                p.parse::<u32>()
                    .is_ok_and(|n| matches!(n, 30..=38 | 40..=48 | 90..=97 | 100..=107))
            })
        })
        .map(str::to_string)
        .collect()
}

/// The screen's text: escape sequences removed.
fn text(raw: &str) -> String {
    strip_ansi_escapes::strip_str(raw)
}

/// Code lines of a fixture's fences, as written.
fn code_lines(markdown: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut inside = false;
    for line in markdown.lines() {
        if line.starts_with("```") {
            inside = !inside;
        } else if inside && !line.trim().is_empty() {
            lines.push(line.to_string());
        }
    }
    lines
}

/// The header cells of a fixture's tables (a row shown as a block labels each cell with them).
fn table_headers(markdown: &str) -> Vec<String> {
    let lines: Vec<&str> = markdown.lines().collect();
    lines
        .windows(2)
        .filter(|pair| {
            pair[0].starts_with('|') && (pair[1].starts_with("|-") || pair[1].starts_with("|:"))
        })
        .flat_map(|pair| pair[0].split('|').map(|cell| cell.trim().to_string()))
        .filter(|cell| !cell.is_empty())
        .collect()
}

/// The defects of issue 14, checked on one screen of `width` columns.
fn check(screen: &str, width: usize, source: &str, what: &str) {
    let limit = width.min(READING);
    let code = code_lines(source);
    let headers = table_headers(source);
    let is_code = |line: &str| {
        let shown = line.trim();
        shown.starts_with(GOES_ON)
            || (!shown.is_empty() && code.iter().any(|c| c.trim().starts_with(shown)))
    };
    let lines: Vec<&str> = screen.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        assert!(
            line.width() <= limit,
            "{what}: line wider than {limit}:\n{line}\n---\n{screen}"
        );
        let chars: Vec<char> = line.chars().collect();
        for pair in chars.windows(2) {
            assert!(
                !(pair[0] == '\\' && pair[1].is_ascii_punctuation()),
                "{what}: escape leaked in {line:?}"
            );
        }
        // A first-fit wrap leaves no room on a line for the next line's first word.
        let Some(next) = lines.get(i + 1) else {
            continue;
        };
        // Pairs that are not one paragraph: code, table rows (columns), a hit's or an entry's
        // header lines (metadata holds ` · `), a table row shown as `Header: value` lines.
        let label = headers
            .iter()
            .any(|h| next.trim_start().starts_with(&format!("{h}: ")));
        if is_code(line)
            || is_code(next)
            || line.trim().contains("  ")
            || line.contains(" · ")
            || next.contains(" · ")
            || next.starts_with("tags: ")
            || label
        {
            continue;
        }
        let (start, next_start) = (content_start(line), content_start(next));
        let continues = !next.trim().is_empty()
            && !line.trim().is_empty()
            && next_start == start
            && next[..next_start].chars().all(|c| c == ' ' || c == '│');
        let word = next[next_start..].split(' ').next().unwrap_or_default();
        if continues && !word.is_empty() {
            assert!(
                line.width() + 1 + word.width() > limit,
                "{what}: {word:?} would have fit after {line:?} (ragged wrap)\n{screen}"
            );
        }
    }
    // A code line wider than the screen goes on at the next lines after a mark: joined again, the
    // pieces are the line (spaces at a break may be dropped from the end of a screen line).
    let squeeze = |text: &str| text.split_whitespace().collect::<String>();
    for line in &code {
        let found = (0..lines.len()).any(|i| {
            let mut joined = lines[i].trim().to_string();
            for next in &lines[i + 1..] {
                match next.trim_start().strip_prefix(GOES_ON) {
                    Some(rest) => joined.push_str(rest),
                    None => break,
                }
            }
            !joined.is_empty() && squeeze(&joined) == squeeze(line)
        });
        assert!(found, "{what}: code line not intact: {line:?}\n{screen}");
    }
}

/// Where a line's text starts (a byte offset): after its indentation, quote bars and list marker.
fn content_start(line: &str) -> usize {
    let mut rest = line;
    loop {
        let trimmed = rest.trim_start_matches([' ', '│', '•', '◦', '▪']);
        let digits = trimmed.len()
            - trimmed
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .len();
        rest = match trimmed[digits..].strip_prefix(". ") {
            Some(after) if digits > 0 => after,
            _ => return line.len() - trimmed.len(),
        };
    }
}

fn source(env: &Env, path: &str) -> String {
    fs::read_to_string(env.corpus().join(path)).unwrap()
}

#[test]
fn show_has_none_of_the_defects_at_any_width() {
    let env = bank();
    for (id, path) in [
        (PDO, "php/pdo.md"),
        (LISTS, "backend/lists.md"),
        (LINKS, "security/links.md"),
    ] {
        for width in WIDTHS {
            let raw = on_screen(&env, width, &["show", id], &[]);
            assert!(raw.contains("\u{1b}["), "colours on a terminal");
            check(
                &text(&raw),
                width,
                &source(&env, path),
                &format!("show {id} at {width}"),
            );
        }
    }
}

#[test]
fn search_full_has_none_of_the_defects_at_any_width() {
    let env = bank();
    let sources = ["php/pdo.md", "backend/lists.md", "security/links.md"]
        .map(|p| source(&env, p))
        .join("\n");
    for width in WIDTHS {
        let raw = on_screen(
            &env,
            width,
            &["search", "duplicate", "status", "policy", "--full"],
            &[],
        );
        check(
            &text(&raw),
            width,
            &sources,
            &format!("search --full at {width}"),
        );
    }
}

#[test]
fn hits_are_laid_out_alike_and_snippets_cut_at_words() {
    let env = bank();
    let answer = |id: &str| {
        let output = env.qa().args(["show", "--json", id]).output().unwrap();
        let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        qa::parse::text::plain_text(value["answer"].as_str().unwrap())
    };
    let words: Vec<String> = [PDO, LISTS, LINKS]
        .iter()
        .flat_map(|id| {
            answer(id)
                .split_whitespace()
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .collect();
    for width in WIDTHS {
        let screen = text(&on_screen(
            &env,
            width,
            &["search", "duplicate", "key", "status", "policy"],
            &[],
        ));
        check(&screen, width, "", &format!("search at {width}"));
        let blocks: Vec<&str> = screen.trim_end().split("\n\n").collect();
        let (summary, hits) = blocks.split_last().unwrap();
        assert!(
            summary.contains("hits") || summary.contains("hit "),
            "{screen}"
        );
        assert!(!hits.is_empty());
        for (rank, hit) in hits.iter().enumerate() {
            let lines: Vec<&str> = hit.lines().collect();
            assert!(lines[0].starts_with(&format!("{}. ", rank + 1)), "{hit}");
            assert!(
                lines[1..].iter().all(|l| l.starts_with("   ")),
                "indented: {hit}"
            );
            // The question (wrapped under its number), the metadata, the snippet.
            let meta = lines
                .iter()
                .position(|l| l.contains(" · corpus/"))
                .expect(hit);
            assert!(
                meta < lines.len() - 1,
                "a snippet follows the metadata: {hit}"
            );
            // Every word of the snippet is a whole word of the answer; cuts show as `…`.
            let snippet = lines[meta + 1..].join(" ");
            for word in snippet.split_whitespace().map(|w| w.trim_matches('…')) {
                if !word.is_empty() {
                    assert!(
                        words.iter().any(|w| w == word),
                        "{word:?} is not a whole word of the answer: {snippet}"
                    );
                }
            }
        }
    }
}

#[test]
fn colours_follow_the_terminal_the_flag_and_no_color() {
    let env = bank();
    let shown = on_screen(&env, 80, &["show", PDO], &[]);
    assert!(shown.contains("\u{1b}[1m"), "bold question");
    assert!(shown.contains("\u{1b}[38;5;"), "highlighted code");
    // NO_COLOR takes the colours away, not the view: the same screen, bold kept, no colour set.
    let no_color = on_screen(&env, 80, &["show", PDO], &[("NO_COLOR", "1")]);
    assert_eq!(text(&no_color), text(&shown));
    assert!(no_color.contains("\u{1b}[1m"), "bold question");
    let colours = colour_codes(&no_color);
    assert!(colours.is_empty(), "colours under NO_COLOR: {colours:?}");
    assert!(!colour_codes(&shown).is_empty());
    // `--color never`: the plain view, Markdown as written, exactly what a pipe gets.
    let plain = on_screen(&env, 80, &["--color", "never", "show", PDO], &[]);
    assert!(!plain.contains('\u{1b}'));
    let piped = Command::new(env!("CARGO_BIN_EXE_qa"))
        .args(["--corpus", "corpus", "--index", "index", "show", PDO])
        .current_dir(env.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(plain, stdout(&piped));
    // `--color always` through a pipe: the terminal view at 80 columns, or --width.
    for (args, width) in [
        (vec!["--color", "always"], 80),
        (vec!["--color", "always", "--width", "60"], 60),
    ] {
        let output = env
            .qa()
            .args(&args)
            .args(["show", PDO])
            .env_remove("NO_COLOR")
            .output()
            .unwrap();
        let raw = stdout(&output);
        assert!(raw.contains("\u{1b}["), "{args:?}");
        check(
            &text(&raw),
            width,
            &source(&env, "php/pdo.md"),
            &format!("{args:?}"),
        );
    }
}

#[test]
fn screens_match_their_snapshots() {
    let env = bank();
    for (name, id) in [
        ("show_pdo", PDO),
        ("show_lists", LISTS),
        ("show_links", LINKS),
    ] {
        insta::assert_snapshot!(
            format!("{name}_80"),
            text(&on_screen(&env, 80, &["show", id], &[]))
        );
    }
    insta::assert_snapshot!(
        "search_60",
        text(&on_screen(
            &env,
            60,
            &["search", "duplicate", "key", "status", "policy"],
            &[]
        ))
    );
    insta::assert_snapshot!(
        "show_lists_60",
        text(&on_screen(&env, 60, &["show", LISTS], &[]))
    );
}
