//! Whole outputs compared exactly with files in `tests/expected/` (tealdeer's `tests/`): `search`, `show`
//! and `topics` on the sample bank, plain and terminal views. After an intended change of an output,
//! regenerate a file with `QA_BLESS=1 cargo test --test expected` and review the diff.

mod support;

use std::fs;
use std::path::Path;

use support::{sample, stderr};

/// Runs `qa` on the sample bank with paths relative to its folder (so the output is the same on every
/// machine) and compares stdout with `tests/expected/<name>`.
fn expect(name: &str, args: &[&str]) {
    let env = sample();
    let build = env
        .bare()
        .args(["--corpus", "corpus", "--index", "index", "index"])
        .output()
        .unwrap();
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let output = env
        .bare()
        .args(["--corpus", "corpus", "--index", "index"])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "", "nothing on stderr");
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/expected")
        .join(name);
    let actual = String::from_utf8(output.stdout).unwrap();
    if std::env::var_os("QA_BLESS").is_some() {
        fs::write(&file, &actual).unwrap();
    }
    let expected = fs::read_to_string(&file).unwrap_or_default();
    assert!(
        actual == expected,
        "{name} differs from {}:\n--- expected\n{expected}\n--- actual\n{actual}",
        file.display()
    );
}

#[test]
fn search_plain() {
    expect("search.txt", &["search", "middleware"]);
}

#[test]
fn search_full_plain() {
    expect("search-full.txt", &["search", "--full", "jwt"]);
}

#[test]
fn search_terminal() {
    expect(
        "search-terminal.txt",
        &[
            "--color", "always", "--width", "60", "search", "jwt", "token",
        ],
    );
}

#[test]
fn show_plain() {
    expect(
        "show.txt",
        &[
            "show",
            "laravel/middleware#how-does-middleware-work-in-laravel",
        ],
    );
}

#[test]
fn show_terminal() {
    expect(
        "show-terminal.txt",
        &[
            "--color",
            "always",
            "--width",
            "60",
            "show",
            "laravel/middleware#how-does-middleware-work-in-laravel",
        ],
    );
}

#[test]
fn show_json() {
    expect(
        "show.json",
        &["show", "--json", "security/jwt#what-is-a-jwt-made-of"],
    );
}

#[test]
fn topics_plain() {
    expect("topics.txt", &["topics"]);
}

#[test]
fn topics_json() {
    expect("topics.json", &["topics", "--json"]);
}
