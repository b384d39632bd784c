//! Corpus hazards and failing disks: each gives correct results or one clear warning, and everything else
//! is still indexed.

mod support;

use std::fs;

use support::{Env, bank_file, stderr, stdout};

fn one(question: &str) -> String {
    bank_file(
        "misc",
        None,
        &[(
            question,
            "mid",
            "hazard",
            "An answer with the word kumquat in it.",
        )],
    )
}

#[cfg(unix)]
#[test]
fn symlinks_are_not_followed() {
    let env = Env::new();
    env.write("a/real.md", one("What is real?"));
    let outside = env.path().join("outside");
    fs::create_dir_all(&outside).unwrap();
    fs::write(outside.join("secret.md"), one("What is outside?")).unwrap();
    std::os::unix::fs::symlink(&outside, env.corpus().join("a/out")).unwrap();
    std::os::unix::fs::symlink(env.corpus(), env.corpus().join("a/loop")).unwrap();
    std::os::unix::fs::symlink(
        env.corpus().join("a/real.md"),
        env.corpus().join("a/link.md"),
    )
    .unwrap();
    let output = env
        .qa()
        .args(["search", "--json", "kumquat"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["total"], 1, "only the real file: {value}");
    assert!(!stderr(&output).contains("warning:"), "{}", stderr(&output));
}

#[test]
fn odd_file_names_deep_nesting_crlf_and_bom() {
    let env = Env::new();
    let deep = (0..40)
        .map(|i| format!("d{i}"))
        .collect::<Vec<_>>()
        .join("/");
    env.write("n/with space.md", one("What has a space?"));
    env.write("n/ünïcødé.md", one("What is unicode?"));
    env.write("n/new\nline.md", one("What has a newline?"));
    env.write(&format!("n/{deep}/deep.md"), one("What is deep?"));
    env.write("n/crlf.md", one("What has CRLF?").replace('\n', "\r\n"));
    env.write("n/bom.md", format!("\u{feff}{}", one("What has a BOM?")));
    let output = env
        .qa()
        .args(["search", "--json", "-n", "20", "kumquat"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stderr(&output).contains("warning:"), "{}", stderr(&output));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["total"], 6, "{value}");
    // Each is also reachable by its id.
    for hit in value["hits"].as_array().unwrap() {
        let id = hit["id"].as_str().unwrap();
        env.qa().args(["show", id]).assert().success();
    }
}

#[test]
fn hostile_front_matter_is_one_warning() {
    let env = Env::new();
    let laughs = "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n\
                  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n\
                  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n\
                  g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\ntopic: laughs\n---\n\n## What survives anchors?\n\n\
                  The kumquat answer.\n";
    env.write("f/anchors.md", laughs);
    env.write(
        "f/tabs.md",
        "---\ntopic:\tx\n\ttags: [a]\n---\n\n## What survives tabs?\n\nThe kumquat answer.\n",
    );
    env.write(
        "f/huge.md",
        format!("---\ntopic: huge\ntags: [{}]\n---\n\n## What survives a huge value?\n\nThe kumquat answer.\n", "t".repeat(200_000)),
    );
    let output = env
        .qa()
        .args(["search", "--json", "kumquat"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["total"], 3, "every file still indexed: {value}");
    let err = stderr(&output);
    // The tab is broken YAML (one warning, its line); the anchors expand within limits and the huge
    // value is read: neither warns.
    let warnings: Vec<&str> = err.lines().filter(|l| l.contains("warning:")).collect();
    assert_eq!(warnings.len(), 1, "{err}");
    assert!(
        warnings[0].starts_with("qa: warning: f/tabs.md:3: front matter: "),
        "{err}"
    );
    assert!(warnings[0].len() < 300, "{err}");
}

#[test]
fn many_files_in_one_folder() {
    let env = Env::new();
    for i in 0..5_000 {
        env.write(
            &format!("many/f{i:05}.md"),
            format!("## What is item {i}?\n\nItem {i} answer.\n"),
        );
    }
    let output = env.qa().arg("index").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stderr(&output).contains("indexed 5000 files, 5000 questions"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_unwritable_index_still_answers_from_the_last_commit() {
    let env = Env::new();
    env.write("a/one.md", one("What is one?"));
    env.qa().arg("index").assert().success();
    env.write("a/two.md", one("What is two?"));
    // The lock file cannot be opened for writing (as on a read-only or broken disk; root ignores modes,
    // so a directory stands in for it).
    fs::remove_file(env.index().join(".qa.lock")).unwrap();
    fs::create_dir(env.index().join(".qa.lock")).unwrap();
    let output = env.qa().args(["search", "kumquat"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("could not update the index") && err.contains("answering from the last one"),
        "{err}"
    );
    assert!(stdout(&output).contains("What is one?"));
    // `qa index` itself fails clearly.
    let output = env.qa().arg("index").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("qa: cannot write to the index directory"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn two_searches_on_a_stale_index_update_it_once() {
    let env = Env::new();
    env.write("a/one.md", one("What is one?"));
    env.qa().arg("index").assert().success();
    env.write("a/two.md", one("What is two?"));
    let spawn = || env.command().args(["search", "kumquat"]).output();
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(spawn);
        let b = s.spawn(spawn);
        (a.join().unwrap().unwrap(), b.join().unwrap().unwrap())
    });
    let updates = [&a, &b]
        .iter()
        .filter(|o| stderr(o).contains("(1 added"))
        .count();
    assert_eq!(updates, 1, "a: {}\nb: {}", stderr(&a), stderr(&b));
    assert!(stdout(&a).contains("What is two?") && stdout(&b).contains("What is two?"));
}
