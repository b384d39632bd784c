//! Crash safety of the review state: real `qa quiz` sessions, driven through stdin with random grades,
//! skips and undos, are killed with SIGKILL, one state file across all trials (each a day after the
//! last, so earlier cards come due and 20 new ones join, on a bank of 3,000 questions). Half the kills
//! land at a uniformly random moment of a session, half a few milliseconds after a random number of
//! confirmed grades. After every kill:
//! - the database passes `PRAGMA integrity_check`;
//! - every grade and undo the session had confirmed on screen is in it, and at most one more (the card
//!   on screen when it died: saved, not yet confirmed);
//! - replaying each card's log through FSRS gives exactly its stored state, and each review's "state
//!   before" is the previous review's result: no half-written grade, no lost or doubled row.
//!
//! After the trials, `qa stats --json` agrees with the database. `QA_QUIZ_CRASH_TRIALS` sets the number
//! of kills (default 20); `scripts/quiz-crash-trials.sh` runs 300.

mod support;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread::{self, sleep};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use qa::practice::schedule::{DEFAULT_RETENTION, Scheduler};
use qa::practice::store::Store;
use qa::practice::{Memory, Review};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;
use support::{Env, bank_file};

const FILES: usize = 100;
const PER_FILE: usize = 30;

fn trials() -> usize {
    std::env::var("QA_QUIZ_CRASH_TRIALS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20)
}

fn bank() -> Env {
    let env = Env::new();
    for file in 0..FILES {
        let questions: Vec<(String, String)> = (0..PER_FILE)
            .map(|q| {
                (
                    format!("How does case {file}-{q} work?"),
                    format!("Case {file}-{q} works by steps {q}, {file} and more words."),
                )
            })
            .collect();
        let rows: Vec<(&str, &str, &str, &str)> = questions
            .iter()
            .map(|(q, a)| (q.as_str(), "mid", "case", a.as_str()))
            .collect();
        env.write(
            &format!("topic{file}/cases.md"),
            bank_file(&format!("topic{file}"), None, &rows),
        );
    }
    env
}

/// Random keys for a session: mostly reveal-and-grade, sometimes a skip or an undo.
fn keys(rng: &mut ChaCha8Rng) -> String {
    let mut keys = String::new();
    for _ in 0..40 {
        match rng.random_range(0..20) {
            0 => keys.push_str("s\n"),
            1 => keys.push_str("\nu\n"),
            _ => {
                let _ = writeln!(keys, "\n{}", rng.random_range(1..=4));
            }
        }
    }
    keys
}

fn session(env: &Env, now: &str) -> Command {
    let mut cmd = env.command();
    cmd.env("QA_NOW", now)
        .args(["quiz", "-n", "30", "--new", "20"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    cmd
}

/// What a session confirmed on screen before it died: grades minus undos, and whether it finished.
struct Confirmed {
    net: i64,
    finished: bool,
}

/// When to kill a session.
#[derive(Clone, Copy)]
enum Kill {
    Never,
    /// This long after it starts (uniform over a session's length: startup, grading, summary).
    After(Duration),
    /// Once it has confirmed this many actions, then after this extra delay: in the middle of grading.
    Grading(usize, Duration),
}

/// Runs a session with `keys` and kills it as told.
fn run(env: &Env, now: &str, keys: &str, kill: Kill) -> Confirmed {
    let mut child = session(env, now).spawn().expect("spawning qa quiz");
    let mut stdin = child.stdin.take().expect("stdin");
    let keys = keys.to_string();
    // Writing from a thread: a killed session must not leave the test blocked on a full pipe.
    let writer = thread::spawn(move || {
        let _ = stdin.write_all(keys.as_bytes());
    });
    let stdout = child.stdout.take().expect("stdout");
    let (actions, acted) = mpsc::channel();
    let reader = thread::spawn(move || {
        let mut confirmed = Confirmed {
            net: 0,
            finished: false,
        };
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if ["again:", "hard:", "good:", "easy:"]
                .iter()
                .any(|g| line.starts_with(g))
            {
                confirmed.net += 1;
                let _ = actions.send(());
            } else if line.starts_with("undone:") {
                confirmed.net -= 1;
                let _ = actions.send(());
            } else if line.starts_with("Session over") {
                confirmed.finished = true;
            }
        }
        confirmed
    });
    let delay = match kill {
        Kill::Never => None,
        Kill::After(delay) => Some(delay),
        Kill::Grading(count, delay) => {
            for _ in 0..count {
                if acted.recv().is_err() {
                    break;
                }
            }
            Some(delay)
        }
    };
    if let Some(delay) = delay {
        sleep(delay);
        // `Child::kill` sends SIGKILL on Unix: no handler, no cleanup, as a closed terminal's worst case.
        child.kill().expect("killing qa");
    }
    child.wait().expect("reaping qa");
    writer.join().expect("writer");
    reader.join().expect("reader")
}

fn reviews(env: &Env) -> Vec<Review> {
    Store::open_existing(&env.state(), "default")
        .expect("opening the state after a kill")
        .map_or_else(Vec::new, |store| {
            store.reviews(None).expect("reading the log")
        })
}

/// Replays every card's log through FSRS and compares with the stored cards.
fn check_replay(env: &Env) {
    let Some(store) = Store::open_existing(&env.state(), "default").expect("state") else {
        return;
    };
    let scheduler = Scheduler::new(DEFAULT_RETENTION);
    let cards = store.cards().expect("cards");
    let mut by_card: BTreeMap<String, Vec<Review>> = BTreeMap::new();
    for review in store.reviews(None).expect("log") {
        by_card.entry(review.id.clone()).or_default().push(review);
    }
    assert_eq!(
        by_card.len(),
        cards.len(),
        "every card has a log and every log a card"
    );
    for (id, log) in by_card {
        let mut expected: Option<Memory> = None;
        for review in &log {
            assert_eq!(
                review.before.as_ref().map(|c| &c.memory),
                expected.as_ref(),
                "{id}: the state before review {} is not the previous result",
                review.seq
            );
            let before = expected.unwrap_or_else(|| Memory::new(review.at));
            let grade = review.grade.expect("a grade");
            expected = Some(scheduler.grade(&before, grade, review.at));
        }
        assert_eq!(
            Some(&cards[&id].memory),
            expected.as_ref(),
            "{id}: stored state"
        );
    }
}

fn integrity(env: &Env) -> String {
    if !env.state().exists() {
        return "ok".to_string();
    }
    let conn = Connection::open(env.state()).expect("opening the state");
    conn.query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .expect("integrity check")
}

#[test]
fn killing_sessions_loses_at_most_the_card_on_screen() {
    let env = bank();
    let index = env.qa().arg("index").output().expect("qa index");
    assert!(index.status.success());
    let start: DateTime<Utc> = "2026-11-02T09:00:00Z".parse().expect("time");
    let mut rng = ChaCha8Rng::seed_from_u64(19);
    // How long an unkilled session takes, on a throwaway copy of the state.
    let calibration = Env::new();
    let started = Instant::now();
    let mut cmd = session(&env, &start.to_rfc3339());
    cmd.env("QA_STATE", calibration.path().join("state.sqlite3"));
    let mut child = cmd.spawn().expect("spawning");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(keys(&mut rng).as_bytes())
        .expect("keys");
    child.wait_with_output().expect("calibration");
    let length = started.elapsed();
    let (mut mid_session, mut saved_unconfirmed) = (0, 0);
    for trial in 0..trials() {
        let now = (start + TimeDelta::days(trial as i64)).to_rfc3339();
        let before = reviews(&env).len() as i64;
        // Odd trials die at any moment of a session; even ones in the middle of grading.
        let kill = if trial % 2 == 1 {
            Kill::After(length.mul_f64(rng.random_range(0.0..1.2)))
        } else {
            let extra = Duration::from_micros(rng.random_range(0..4000));
            Kill::Grading(rng.random_range(0..8), extra)
        };
        let confirmed = run(&env, &now, &keys(&mut rng), kill);
        assert_eq!(integrity(&env), "ok", "trial {trial}: integrity");
        let delta = reviews(&env).len() as i64 - before;
        assert!(
            (confirmed.net - 1..=confirmed.net + 1).contains(&delta),
            "trial {trial}: {} confirmed on screen, {delta} in the database",
            confirmed.net
        );
        check_replay(&env);
        if !confirmed.finished && delta != 0 {
            mid_session += 1;
        }
        if delta != confirmed.net {
            saved_unconfirmed += 1;
        }
    }
    eprintln!(
        "quiz crash trials: {} kills over a {length:.0?} session, {mid_session} while grading, \
         {saved_unconfirmed} with the card on screen saved but not yet confirmed; 0 failures",
        trials()
    );
    // The state is usable afterwards: a whole session runs, and stats agree with the database.
    let now = (start + TimeDelta::days(trials() as i64)).to_rfc3339();
    let before = reviews(&env).len() as i64;
    let last = run(&env, &now, &keys(&mut rng), Kill::Never);
    assert_eq!(reviews(&env).len() as i64 - before, last.net);
    check_replay(&env);
    let output = env
        .qa()
        .env("QA_NOW", &now)
        .args(["stats", "--json"])
        .output()
        .expect("stats");
    assert!(output.status.success());
    let stats: serde_json::Value = serde_json::from_slice(&output.stdout).expect("stats json");
    let conn = Connection::open(env.state()).expect("state");
    let seen: i64 = conn
        .query_row("SELECT count(*) FROM cards WHERE phase != 0", [], |row| {
            row.get(0)
        })
        .expect("count");
    assert_eq!(stats["total"]["seen"], seen);
}
