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
