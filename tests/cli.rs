//! Integration tests: the real `qa` binary on temporary corpora.

mod support;

use std::fs;

use predicates::prelude::*;
use support::{Env, sample, stderr, stdout};

#[test]
fn index_reports_a_summary_line() {
    let env = sample();
    env.qa()
        .arg("index")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "indexed 3 files, 4 questions (3 added, 0 updated, 0 removed; 0 warnings)",
        ));
}

#[test]
fn first_search_builds_the_index_and_ranks_the_right_answer_first() {
    let env = sample();
    let output = env
        .qa()
        .args(["search", "jwt", "refresh", "token"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("no index in"),
        "{}",
        stderr(&output)
    );
    let out = stdout(&output);
    assert!(
        out.starts_with(
            "1. How do refresh tokens work with JWT access tokens?\n   security · mid · "
        ),
        "{out}"
    );
    assert!(out.contains("security/jwt.md:7"), "{out}");
    // A second search finds the index fresh and says nothing.
    let again = env.qa().args(["search", "jwt"]).output().unwrap();
    assert_eq!(stderr(&again), "");
}

#[test]
fn topic_and_framework_filters() {
    let env = sample();
    let by_topic = env
        .qa()
        .args(["search", "--topic", "laravel", "middleware"])
        .output()
        .unwrap();
    let out = stdout(&by_topic);
    assert!(
        out.contains("How does middleware work in Laravel?"),
        "{out}"
    );
    assert!(!out.contains("Express"), "{out}");
    let by_framework = env
        .qa()
        .args(["search", "--framework", "express", "middleware"])
        .output()
        .unwrap();
    let out = stdout(&by_framework);
    assert!(
        out.contains("In what order does Express run middleware?"),
        "{out}"
    );
    assert!(!out.contains("Laravel"), "{out}");
}

#[test]
fn unknown_topic_is_an_error_naming_the_known_ones() {
    let env = sample();
    env.qa()
        .args(["search", "--topic", "cobol", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown topic \"cobol\"; known: express, laravel, security",
        ));
}

#[test]
fn an_edit_is_found_without_running_index() {
    let env = sample();
    env.qa().arg("index").assert().success();
    env.qa().args(["search", "kangaroo"]).assert().code(1);
    let mut text = fs::read_to_string(env.corpus().join("security/jwt.md")).unwrap();
    text.push_str("## Why would a kangaroo hold a token?\n\n**Level:** junior · **Tags:** zoo\n\nIt would not.\n");
    env.write("security/jwt.md", text);
    let output = env.qa().args(["search", "kangaroo"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stderr(&output).contains("1 file(s) changed"),
        "{}",
        stderr(&output)
    );
    assert!(stdout(&output).contains("Why would a kangaroo hold a token?"));
}

#[test]
fn a_deleted_file_takes_its_questions_with_it() {
    let env = sample();
    env.qa().args(["search", "refresh"]).assert().success();
    env.remove("security/jwt.md");
    env.qa().args(["search", "refresh"]).assert().code(1);
    env.qa()
        .args(["topics", "--json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"questions\": 2"));
}

#[test]
fn touching_a_file_does_not_lose_its_questions() {
    let env = sample();
    env.qa().arg("index").assert().success();
    let path = env.corpus().join("security/jwt.md");
    let file = fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(5))
        .unwrap();
    env.qa()
        .arg("index")
        .assert()
        .success()
        .stderr(predicate::str::contains("(0 added, 1 updated, 0 removed"));
    env.qa().args(["search", "refresh"]).assert().success();
}

#[test]
fn answers_are_read_back_from_the_bank_even_when_edited_behind_the_index() {
    // The index stores where an answer lies, not the answer. An edit that keeps the file's size and
    // mtime (so no freshness check sees it) is read as it now is; an answer changed under a renamed
    // question cannot be found, and its hit says so instead of showing nothing or a wrong text.
    let env = sample();
    env.qa().arg("index").assert().success();
    let path = env.corpus().join("security/jwt.md");
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    let put_back = |text: String| {
        fs::write(&path, text).unwrap();
        let file = fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(modified).unwrap();
    };
    let search = || {
        env.qa()
            .args(["search", "refresh", "rotate", "-n", "1"])
            .output()
            .unwrap()
    };
    let text = fs::read_to_string(&path).unwrap();
    put_back(text.replace("Rotate refresh tokens", "ROTATE refresh tokens"));
    let output = search();
    assert!(
        stdout(&output).contains("ROTATE refresh tokens"),
        "{}",
        stdout(&output)
    );
    put_back(
        text.replace("How do refresh tokens work", "How do refresh tokens wark")
            .replace("Rotate refresh tokens", "ROTATE refresh tokens"),
    );
    let output = search();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stdout(&output).contains("the answer could not be read from its file"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn hostile_queries_never_error() {
    let env = sample();
    env.qa().arg("index").assert().success();
    let long = "x".repeat(10_000);
    let many = "token ".repeat(2_000);
    for query in [
        "c++",
        "node.js",
        "\"unbalanced",
        "AND (",
        "title:",
        "-",
        "*",
        "",
        "$next($request)",
        &long,
        &many,
    ] {
        let output = env.qa().args(["search", "--", query]).output().unwrap();
        let code = output.status.code();
        assert!(
            code == Some(0) || code == Some(1),
            "{query:.40}: {code:?} {}",
            stderr(&output)
        );
        assert!(!stderr(&output).contains("panicked"));
        assert!(stderr(&output).len() < 300, "message is short");
    }
}

#[test]
fn json_output_has_the_documented_shape() {
    let env = sample();
    let output = env
        .qa()
        .args(["search", "--json", "-n", "1", "middleware"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["query"], "middleware");
    assert_eq!(value["total"], 2);
    let hit = &value["hits"][0];
    let keys: Vec<&str> = hit
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut documented = [
        "id",
        "source",
        "question",
        "topic",
        "framework",
        "tags",
        "level",
        "path",
        "line",
        "score",
        "snippet",
    ];
    documented.sort_unstable();
    assert_eq!(keys, documented, "{hit}");
    assert_eq!(hit["question"], "How does middleware work in Laravel?");
    assert_eq!(hit["level"], "mid");
    assert!(hit["score"].as_f64().unwrap() > 0.0);
    assert_eq!(value["hits"].as_array().unwrap().len(), 1);
    assert_eq!(
        value["topics"],
        serde_json::json!({"express": 1, "laravel": 1}),
        "matches per topic"
    );
    assert_eq!(value["sources"], serde_json::json!({"corpus": 2}));
    assert_eq!(hit["source"], "corpus");
    assert!(value.get("suggestion").is_none());
}

#[test]
fn json_framework_is_null_without_one() {
    let env = sample();
    let output = env
        .qa()
        .args(["search", "--json", "signature"])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["hits"][0]["id"], "security/jwt#what-is-a-jwt-made-of");
    assert!(value["hits"][0]["framework"].is_null());
}

#[test]
fn topics_json_counts_questions() {
    let env = sample();
    let output = env.qa().args(["topics", "--json"]).output().unwrap();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["questions"], 4);
    assert_eq!(value["topics"]["security"], 2);
    assert_eq!(value["frameworks"]["laravel"], 1);
    assert!(value["frameworks"].get("security").is_none());
}

#[test]
fn show_prints_the_full_answer_and_unknown_ids_exit_1() {
    let env = sample();
    env.qa()
        .args([
            "show",
            "laravel/middleware#how-does-middleware-work-in-laravel",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("return $next($request);"))
        // The same metadata line as a search hit: the framework is not repeated after its topic.
        .stdout(predicate::str::contains(
            "How does middleware work in Laravel?\nlaravel · mid · ",
        ));
    env.qa()
        .args(["show", "laravel/middleware#nope"])
        .assert()
        .code(1);
}

#[test]
fn full_renders_whole_answers() {
    let env = sample();
    env.qa()
        .args(["search", "--full", "pipeline"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "```php\nreturn $next($request);\n```",
        ));
}

#[test]
fn binary_and_non_utf8_files_are_warnings_and_the_rest_is_indexed() {
    let env = sample();
    env.write("security/blob.md", [0u8, 159, 146, 150, 0, 1, 2]);
    env.write(
        "security/latin1.md",
        b"## What is caf\xe9?\n\nA drink.\n".as_slice(),
    );
    env.write("security/empty.md", "");
    env.write(
        "security/huge.md",
        "## What is big?\n\n".to_string() + &"word ".repeat(2 * 1024 * 1024),
    );
    env.write(
        "security/broken.md",
        "---\ntopic: [security\n---\n\n## What survives broken front matter?\n\nThis answer.\n",
    );
    let output = env.qa().arg("index").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let err = stderr(&output);
    assert!(err.contains("blob.md:1: binary file"), "{err}");
    assert!(err.contains("latin1.md:1: not valid UTF-8"), "{err}");
    assert!(err.contains("empty.md:1: no questions found"), "{err}");
    assert!(
        err.contains("huge.md:1: larger than the 8 MiB cap; skipped"),
        "{err}"
    );
    assert!(err.contains("broken.md:2: front matter"), "{err}");
    assert!(err.contains("5 questions"), "{err}");
}

#[test]
fn missing_corpus_is_a_clear_error() {
    let env = Env::new();
    fs::remove_dir(env.corpus()).unwrap();
    env.qa().args(["search", "x"]).assert().code(2).stderr(
        predicate::str::starts_with("qa: corpus directory")
            .and(predicate::str::contains("panicked").not()),
    );
}

#[test]
fn rebuild_reads_everything_again() {
    let env = sample();
    env.qa().arg("index").assert().success();
    env.qa()
        .args(["index", "--rebuild"])
        .assert()
        .success()
        .stderr(predicate::str::contains("3 files, 4 questions (3 added"));
}

#[test]
fn public_repo_conventions_are_indexed() {
    let env = Env::new();
    env.write(
        "node-questions/README.md",
        "# Node.js Interview Questions\n\n## Table of Contents\n\n- [What is Node?](#1-what-is-node)\n\n\
         ## 1. What is Node?\n\n**Answer:** A JavaScript runtime built on V8.\n\n\
         ## Question 2: \"What is npm?\"\n\nThe package manager.\n",
    );
    let output = env
        .qa()
        .args(["search", "--json", "runtime"])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["hits"][0]["question"], "What is Node?");
    assert_eq!(value["hits"][0]["topic"], "node-questions");
    assert!(
        value["hits"][0]["snippet"]
            .as_str()
            .unwrap()
            .starts_with("A JavaScript runtime built on V8")
    );
}

#[test]
fn environment_variables_name_the_directories() {
    let env = sample();
    let mut cmd = assert_cmd::Command::from_std(env.bare());
    cmd.env("QA_CORPUS", env.corpus())
        .env("QA_INDEX", env.index())
        .args(["search", "refresh"])
        .assert()
        .success();
    assert!(env.index().join("meta.json").exists());
}

#[test]
fn every_result_list_ends_with_a_facet_summary() {
    let env = sample();
    let output = env
        .qa()
        .args(["search", "middleware", "-n", "1"])
        .output()
        .unwrap();
    let out = stdout(&output);
    assert_eq!(
        out.lines().last(),
        Some("2 hits · express 1 · laravel 1 (showing 1; -n for more)"),
        "{out}"
    );
}

#[test]
fn did_you_mean_when_nothing_matches() {
    let env = sample();
    env.qa().arg("index").assert().success();
    // Three letters get no typo matching, so a mistyped short word ends here.
    env.qa()
        .args(["search", "jwz"])
        .assert()
        .code(1)
        .stderr("qa: no results for \"jwz\"; did you mean \"jwt\"?\n");
    // From four letters the search itself uses the word the bank holds.
    env.qa()
        .args(["search", "tokn"])
        .assert()
        .success()
        .stdout(predicates::str::contains("refresh tokens"));
}

#[test]
fn many_files_without_questions_are_one_line_and_verbose_lists_them() {
    let env = sample();
    for name in [
        "LICENSE",
        "CONTRIBUTING",
        "exercises/one",
        "exercises/two",
        "exercises/three",
    ] {
        env.write(&format!("{name}.md"), "# Not a question\n\nJust text.\n");
    }
    env.write("README.md", "# The front page\n");
    let output = env.qa().arg("index").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let err = stderr(&output);
    assert!(
        err.contains("qa: 5 files had no questions; qa index --verbose lists them\n"),
        "{err}"
    );
    assert!(!err.contains("warning:"), "no per-file warning: {err}");
    assert!(
        err.contains("(9 added, 0 updated, 0 removed; 0 warnings)"),
        "{err}"
    );
    let verbose = env.qa().args(["index", "--verbose"]).output().unwrap();
    let err = stderr(&verbose);
    assert_eq!(err.matches("no questions found").count(), 5, "{err}");
    assert!(
        err.contains("exercises/two.md:1: no questions found"),
        "{err}"
    );
    assert!(
        !err.contains("README.md"),
        "a README without questions is normal: {err}"
    );
}

#[test]
fn filters_alone_list_every_entry_that_passes_them() {
    let env = sample();
    let output = env.qa().args(["search", "tag:jwt"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    // Both JWT entries, in bank order, each opened by its answer; nothing else.
    let refresh = out.find("1. How do refresh tokens work with JWT access tokens?");
    let parts = out.find("2. What is a JWT made of?");
    assert!(refresh.is_some() && parts > refresh, "{out}");
    assert!(out.contains("A header, a payload and a signature"), "{out}");
    assert!(out.contains("2 hits · security 2"), "{out}");
    assert!(!out.contains("Laravel"), "{out}");
    // A filter nothing passes is a clean "no results".
    env.qa()
        .args(["search", "level:senior", "tag:jwt"])
        .assert()
        .code(1);
}
