//! Recovery: a damaged index (bad meta.json, truncated segment, missing meta.json, an older schema) is
//! reported in one line and rebuilt; a search does not wait long for another process's update.

mod support;

use std::fs;

use support::{bank_file, sample, stderr, stdout};

#[test]
fn a_damaged_index_is_rebuilt() {
    let env = sample();
    env.qa().arg("index").assert().success();
    fs::write(env.index().join("meta.json"), "{ not json").unwrap();
    let output = env.qa().args(["search", "refresh"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("rebuilding"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_truncated_segment_is_reported_and_rebuilt() {
    let env = sample();
    env.qa().arg("index").assert().success();
    let store = fs::read_dir(env.index())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "store"))
        .expect("a store file");
    fs::write(&store, b"truncated").unwrap();
    let output = env.qa().args(["search", "refresh"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("is damaged") && err.contains("rebuilding"),
        "{err}"
    );
    assert!(
        err.lines().next().unwrap().len() < 250,
        "one short line: {err}"
    );
    assert!(stdout(&output).contains("refresh tokens"));
}

#[test]
fn a_missing_meta_json_is_rebuilt() {
    let env = sample();
    env.qa().arg("index").assert().success();
    fs::remove_file(env.index().join("meta.json")).unwrap();
    env.qa().args(["search", "refresh"]).assert().success();
}

#[test]
fn an_index_from_another_schema_version_is_rebuilt() {
    let env = sample();
    env.qa().arg("index").assert().success();
    let meta = env.index().join("meta.json");
    let text = fs::read_to_string(&meta).unwrap();
    // The manifest payload records the schema version; an older qa wrote version 1.
    let current = format!("\\\"version\\\":{}", qa::index::SCHEMA_VERSION);
    let older = text.replace(&current, "\\\"version\\\":1");
    assert_ne!(older, text, "the payload holds the version");
    fs::write(&meta, older).unwrap();
    let output = env.qa().args(["search", "refresh"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stderr(&output).contains("rebuilding"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_search_does_not_wait_long_for_another_update() {
    let env = sample();
    env.qa().arg("index").assert().success();
    env.write(
        "security/new.md",
        bank_file(
            "security",
            None,
            &[("What is new?", "junior", "new", "Fresh text.")],
        ),
    );
    // Another process holds the writer lock for the whole test.
    let lock = fs::File::options()
        .write(true)
        .open(env.index().join(".qa.lock"))
        .unwrap();
    lock.lock().unwrap();
    let output = env.qa().args(["search", "refresh"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("waiting") && err.contains("answering from the last one"),
        "{err}"
    );
    lock.unlock().unwrap();
}
