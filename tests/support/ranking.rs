//! Helpers for the ranking tests (`tests/ranking.rs`, `tests/ranking_questions.rs`): the real bank
//! searched through the real binary.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// The ids of the first hits of `query` on the shipped bank (index in a temp dir, shared per test).
pub fn top(index: &Path, query: &str, n: usize) -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_qa"))
        .env_remove("QA_CORPUS")
        .env_remove("QA_INDEX")
        .env_remove("QA_SYNONYMS")
        .env("NO_COLOR", "1")
        .arg("--corpus")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"))
        .arg("--index")
        .arg(index)
        .args(["search", "--json", "-n", &n.to_string(), "--", query])
        .output()
        .expect("run qa");
    assert!(
        out.status.success(),
        "{query}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    json["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|hit| hit["id"].as_str().expect("id").to_string())
        .collect()
}

/// `top` on an index of its own, kept as long as the returned closure: one per test.
pub fn ranker() -> impl Fn(&str, usize) -> Vec<String> {
    let temp = tempfile::TempDir::new().unwrap();
    move |query, n| top(&temp.path().join("index"), query, n)
}
