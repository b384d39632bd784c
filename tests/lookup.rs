//! Getting to one answer: `qa random`, `qa export`, `qa show N` after a search, and `qa pick`.

mod support;

use std::collections::BTreeSet;

use support::{Env, sample, stderr, stdout};

fn random(env: &Env, seed: u64, args: &[&str]) -> std::process::Output {
    env.qa()
        .env("QA_SEED", seed.to_string())
        .arg("random")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn random_shows_one_question_as_show_does_and_the_seed_fixes_it() {
    let env = sample();
    let first = random(&env, 7, &[]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert_eq!(stdout(&first), stdout(&random(&env, 7, &[])));
    let question = stdout(&first).lines().next().unwrap().to_string();
    let id = serde_json::from_str::<serde_json::Value>(&stdout(&random(&env, 7, &["--json"])))
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let shown = env.qa().args(["show", &id]).output().unwrap();
    assert_eq!(stdout(&shown), stdout(&first), "{question}");
    // Over a few seeds, every question of the bank comes up.
    let questions: BTreeSet<String> = (0..40)
        .map(|seed| {
            stdout(&random(&env, seed, &[]))
                .lines()
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(questions.len(), 4, "{questions:?}");
}

#[test]
fn random_takes_the_filters() {
    let env = sample();
    for seed in 0..5 {
        let output = random(&env, seed, &["--topic", "security", "--level", "junior"]);
        assert!(stdout(&output).starts_with("What is a JWT made of?\n"));
        let output = random(&env, seed, &["-f", "Laravel"]);
        assert!(stdout(&output).starts_with("How does middleware work in Laravel?\n"));
    }
    let none = random(&env, 1, &["--topic", "express", "--level", "senior"]);
    assert_eq!(none.status.code(), Some(1));
    assert_eq!(stderr(&none), "qa: no question passes these filters\n");
    let unknown = random(&env, 1, &["--topic", "nope"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("unknown topic \"nope\"; known: express, laravel, security"));
}

fn exported(env: &Env, args: &[&str]) -> Vec<serde_json::Value> {
    let output = env
        .qa()
        .args(["export", "--ndjson"])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect()
}

#[test]
fn export_round_trips_every_entry() {
    let env = sample();
    // A question-only file and a file in another folder layout come along too.
    env.write(
        "php/prompts.md",
        "# PHP\n\n## What is OPcache?\n\n## What does `declare(strict_types=1)` do?\n",
    );
    let entries = exported(&env, &[]);
    let topics: serde_json::Value = serde_json::from_str(&stdout(
        &env.qa().args(["topics", "--json"]).output().unwrap(),
    ))
    .unwrap();
    assert_eq!(entries.len() as u64, topics["questions"].as_u64().unwrap());
    for (topic, count) in topics["topics"].as_object().unwrap() {
        let n = entries.iter().filter(|e| e["topic"] == **topic).count();
        assert_eq!(n as u64, count.as_u64().unwrap(), "{topic}");
    }
    let mut keys = BTreeSet::new();
    for entry in &entries {
        let id = entry["id"].as_str().unwrap();
        let shown = env.qa().args(["show", id, "--json"]).output().unwrap();
        let shown: serde_json::Value = serde_json::from_str(&stdout(&shown)).unwrap();
        for field in [
            "question",
            "answer",
            "topic",
            "framework",
            "level",
            "tags",
            "line",
        ] {
            assert_eq!(entry[field], shown[field], "{id}: {field}");
        }
        assert!(
            shown["path"]
                .as_str()
                .unwrap()
                .ends_with(entry["path"].as_str().unwrap())
        );
        let key = entry["key"].as_str().unwrap();
        assert!(
            key.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        keys.insert(key.to_string());
    }
    assert_eq!(keys.len(), entries.len());
    assert_eq!(
        entries[0]["key"],
        "express_2Fmiddleware_23in-what-order-does-express-run-middleware"
    );
}

#[test]
fn export_takes_the_filters() {
    let env = sample();
    let ids = |args: &[&str]| -> Vec<String> {
        exported(&env, args)
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        ids(&["--topic", "security"]),
        [
            "security/jwt#how-do-refresh-tokens-work-with-jwt-access-tokens",
            "security/jwt#what-is-a-jwt-made-of"
        ]
    );
    assert_eq!(ids(&["--level", "junior"]).len(), 2);
    let none = env
        .qa()
        .args([
            "export",
            "--ndjson",
            "--framework",
            "express",
            "--level",
            "senior",
        ])
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(1));
    assert_eq!(stdout(&none), "");
}
