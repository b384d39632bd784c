//! Terminal safety: text from a cloned bank (question, answer, tags, path) never reaches stdout or stderr
//! with raw control characters, in the piped view, `--full`, `show` and warnings; `--json` keeps the text
//! but escapes it. One fixture per kind of control sequence.

mod support;

use support::{Env, stderr, stdout};

/// (case, hostile text) — each becomes the question, a tag and the answer of one fixture file.
const CASES: [(&str, &str); 10] = [
    ("csi-colour", "\u{1b}[31mred\u{1b}[0m"),
    ("csi-cursor", "\u{1b}[2J\u{1b}[1;1Hmoved"),
    ("osc-title", "\u{1b}]0;pwned title\u{7}"),
    ("osc-clipboard", "\u{1b}]52;c;cm0gLXJmIH4=\u{7}"),
    (
        "osc-link",
        "\u{1b}]8;;https://evil.example\u{1b}\\click\u{1b}]8;;\u{1b}\\",
    ),
    ("bell", "ding\u{7}\u{7}"),
    ("backspace", "safe\u{8}\u{8}\u{8}\u{8}evil"),
    ("carriage-return", "shown\rhidden"),
    ("c1-controls", "c1\u{9b}31m\u{9d}0;t\u{9c}"),
    ("bidi-override", "abc\u{202e}cba\u{2066}x\u{2069}"),
];

fn is_dangerous(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

fn hostile_bank() -> Env {
    let env = Env::new();
    for (case, text) in CASES {
        env.write(
            &format!("hostile/{case}.md"),
            format!(
                "---\ntopic: hostile\n---\n\n# {case}\n\n## What does marker{} do {text}?\n\n\
                 **Level:** mid · **Tags:** marker, {text}\n\nThe marker answer holds {text} inside it.\n\n\
                 ```text\n{text}\n```\n",
                case.replace('-', "")
            ),
        );
    }
    env
}

fn assert_clean(what: &str, text: &str) {
    if let Some(c) = text.chars().find(|&c| is_dangerous(c)) {
        panic!("{what}: raw control {:?} in output:\n{text:?}", c);
    }
}

#[test]
fn search_output_never_carries_control_characters() {
    let env = hostile_bank();
    for args in [
        vec!["search", "marker", "-n", "20"],
        vec!["search", "marker", "--full", "-n", "20"],
    ] {
        let output = env.qa().args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_clean(&args.join(" "), &stdout(&output));
        assert_clean(&args.join(" "), &stderr(&output));
        assert!(stdout(&output).contains("moved"), "visible text survives");
    }
}

#[test]
fn show_never_carries_control_characters() {
    let env = hostile_bank();
    let output = env
        .qa()
        .args(["search", "--json", "markercsicolour"])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let id = value["hits"][0]["id"].as_str().unwrap().to_string();
    let shown = env.qa().args(["show", &id]).output().unwrap();
    assert_eq!(shown.status.code(), Some(0), "{}", stderr(&shown));
    assert_clean("show", &stdout(&shown));
    assert!(stdout(&shown).contains("red"));
}

#[test]
fn json_keeps_the_text_but_escapes_it() {
    let env = hostile_bank();
    let output = env
        .qa()
        .args(["search", "--json", "marker", "-n", "20"])
        .output()
        .unwrap();
    let raw = stdout(&output);
    assert_clean("json", &raw);
    let value: serde_json::Value = serde_json::from_str(&raw).unwrap();
    let questions: Vec<&str> = value["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["question"].as_str().unwrap())
        .collect();
    assert!(
        questions.iter().any(|q| q.contains("\u{1b}[31mred")),
        "{questions:?}"
    );
}

#[test]
fn hostile_file_names_are_cleaned_in_warnings() {
    let env = Env::new();
    env.write("t/evil\u{1b}]0;title\u{7}name.md", "no questions here\n");
    let output = env.qa().arg("index").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_clean("warnings", &stderr(&output));
    assert!(
        stderr(&output).contains("no questions found"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_terminal_view_carries_only_its_own_colours() {
    let env = hostile_bank();
    for args in [
        vec!["search", "marker", "-n", "20"],
        vec!["search", "marker", "--full", "-n", "20"],
    ] {
        let output = env
            .qa()
            .args(["--color", "always"])
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let raw = stdout(&output);
        assert!(raw.contains("\u{1b}[1m"), "the terminal view");
        // Remove the view's own SGR sequences (ESC [ digits and ; m); nothing else may act.
        let mut own = String::new();
        let mut rest = raw.as_str();
        while let Some(at) = rest.find("\u{1b}[") {
            own.push_str(&rest[..at]);
            let after = &rest[at + 2..];
            let end = after
                .find(|c: char| !(c.is_ascii_digit() || c == ';'))
                .unwrap_or(after.len());
            assert!(
                after[end..].starts_with('m'),
                "not a colour: {:?}",
                &after[..end + 1]
            );
            rest = &after[end + 1..];
        }
        own.push_str(rest);
        assert_clean(&args.join(" "), &own);
        assert!(own.contains("moved"), "visible text survives");
    }
}
