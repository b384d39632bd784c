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

/// The ids `qa search QUERY` lists, in order (from `--json`, which keeps no list).
fn listed(env: &Env, query: &str) -> Vec<String> {
    let output = env.qa().args(["search", "--json", query]).output().unwrap();
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn show_n_opens_hit_n_of_the_last_search() {
    let env = sample();
    let ids = listed(&env, "middleware");
    assert_eq!(ids.len(), 2);
    let search = env.qa().args(["search", "middleware"]).output().unwrap();
    assert_eq!(search.status.code(), Some(0), "{}", stderr(&search));
    for (n, id) in ids.iter().enumerate() {
        let by_number = env
            .qa()
            .args(["show", &(n + 1).to_string()])
            .output()
            .unwrap();
        let by_id = env.qa().args(["show", id]).output().unwrap();
        assert_eq!(by_number.status.code(), Some(0), "{}", stderr(&by_number));
        assert_eq!(stdout(&by_number), stdout(&by_id));
    }
    let json = env.qa().args(["show", "2", "--json"]).output().unwrap();
    assert!(stdout(&json).contains(&format!("\"id\": \"{}\"", ids[1])));
    // `--json` searches keep no list: the numbers still refer to the last plain search.
    listed(&env, "jwt");
    let again = env.qa().args(["show", "1"]).output().unwrap();
    assert_eq!(
        stdout(&again),
        stdout(&env.qa().args(["show", &ids[0]]).output().unwrap())
    );
    for (n, message) in [
        (
            "3",
            "qa: the last search (\"middleware\") listed 2 hits; choose a number from 1 to 2\n",
        ),
        (
            "0",
            "qa: the last search (\"middleware\") listed 2 hits; choose a number from 1 to 2\n",
        ),
    ] {
        let output = env.qa().args(["show", n]).output().unwrap();
        assert_eq!(output.status.code(), Some(2));
        assert_eq!(stderr(&output), message);
    }
}

#[test]
fn show_n_says_when_there_was_no_search_or_the_bank_changed() {
    let env = sample();
    let none = env.qa().args(["show", "2"]).output().unwrap();
    assert_eq!(none.status.code(), Some(2));
    assert_eq!(
        stderr(&none),
        "qa: no search in this terminal yet: `qa search WORDS` lists hits, then `qa show 2` opens hit 2\n"
    );
    env.qa().args(["search", "jwt"]).assert().success();
    // Another bank, with the same cache: its numbers are not this one's.
    let other = sample();
    let elsewhere = other
        .qa()
        .env("QA_CACHE", env.cache())
        .args(["show", "1"])
        .output()
        .unwrap();
    assert_eq!(elsewhere.status.code(), Some(2));
    assert!(
        stderr(&elsewhere).starts_with("qa: the last search in this terminal was in other banks ("),
        "{}",
        stderr(&elsewhere)
    );
    // The question of one hit is reworded: its id is gone.
    let ids = listed(&env, "jwt");
    let made_of = ids
        .iter()
        .position(|id| id == "security/jwt#what-is-a-jwt-made-of")
        .unwrap();
    let (gone, kept) = ((made_of + 1).to_string(), (2 - made_of).to_string());
    let text = std::fs::read_to_string(env.corpus().join("security/jwt.md")).unwrap();
    env.write(
        "security/jwt.md",
        text.replace("What is a JWT made of?", "What are the parts of a JWT?"),
    );
    let changed = env.qa().args(["show", &gone]).output().unwrap();
    assert_eq!(changed.status.code(), Some(2));
    assert!(
        stderr(&changed).ends_with(&format!(
            "qa: hit {gone} of the last search (\"What is a JWT made of?\") is no longer in the bank: \
             it changed since; search again\n"
        )),
        "{}",
        stderr(&changed)
    );
    // The other hit is still there, and still opens.
    env.qa().args(["show", &kept]).assert().success();
}

/// What a shell line prints in a pseudo-terminal of its own (a new session), colour off; `qa` is the
/// binary under test with this bank.
#[cfg(target_os = "linux")]
fn in_terminal(env: &Env, line: &str) -> String {
    // The plain view on a terminal: `--color never` (NO_COLOR only takes the colours away).
    let qa = format!(
        "{} --corpus corpus --index index --color never",
        env!("CARGO_BIN_EXE_qa")
    );
    let output = std::process::Command::new("script")
        .args(["-qec", &line.replace("qa ", &format!("{qa} ")), "/dev/null"])
        .current_dir(env.path())
        .stdin(std::process::Stdio::null())
        .env("QA_CACHE", env.cache())
        .env("QA_PAGING", "never")
        .env_remove("QA_CORPUS")
        .env_remove("QA_INDEX")
        .output()
        .expect("util-linux `script`");
    stdout(&output).replace("\r\n", "\n")
}

#[cfg(target_os = "linux")]
#[test]
fn each_terminal_has_its_own_last_list() {
    let env = sample();
    env.qa().arg("index").assert().success();
    let screen = in_terminal(&env, "qa search middleware >/dev/null; qa show 2");
    let second = listed(&env, "middleware")[1].clone();
    let shown = env.qa().args(["show", &second, "--json"]).output().unwrap();
    let question = serde_json::from_str::<serde_json::Value>(&stdout(&shown)).unwrap()["question"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(screen.starts_with(&format!("{question}\n")), "{screen}");
    // A plain search from here (no terminal) does not feed another terminal's `qa show 2`...
    env.qa().args(["search", "jwt"]).assert().success();
    // ...and a new terminal has no list of its own yet.
    let fresh = in_terminal(&env, "qa show 2");
    assert!(
        fresh.starts_with("qa: no search in this terminal yet"),
        "{fresh}"
    );
}
