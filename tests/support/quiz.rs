//! Helpers for the practice tests (`tests/quiz.rs`, `tests/progress.rs`): a five-question bank, `qa quiz`
//! with a fixed clock and keys on stdin, and direct reads of the state file.

use std::process::Output;

use chrono::{DateTime, Utc};
use qa::practice::Card;
use qa::practice::store::Store;
use rusqlite::Connection;
use serde_json::Value;

use super::{Env, bank_file, stderr, stdout};

pub const DAY0: &str = "2026-11-02T09:00:00+00:00";

/// `n` days after DAY0, as `QA_NOW`.
pub fn day(n: i64) -> String {
    let start = DateTime::parse_from_rfc3339(DAY0).unwrap();
    (start + chrono::TimeDelta::days(n)).to_rfc3339()
}

pub fn at(now: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(now).unwrap().to_utc()
}

pub const Q: [&str; 5] = [
    "What is an index?",
    "What is a transaction?",
    "What is replication?",
    "What is sharding?",
    "What is a deadlock?",
];

/// A bank of five database questions, in this order in one file.
pub fn bank() -> Env {
    let env = Env::new();
    write_bank(&env, &[0, 1, 2, 3, 4], "");
    env
}

/// Writes the database file with the questions `which`, appending `extra` to the first answer.
pub fn write_bank(env: &Env, which: &[usize], extra: &str) {
    let answers = [
        format!("A structure that finds rows without scanning the table.{extra}"),
        "A unit of work that commits or rolls back as a whole.".to_string(),
        "Copies of the data on other servers.".to_string(),
        "Splitting the rows across servers by a key.".to_string(),
        "Two transactions each waiting for a lock the other holds.".to_string(),
    ];
    let questions: Vec<(&str, &str, &str, &str)> = which
        .iter()
        .map(|&i| {
            (
                Q[i],
                if i < 3 { "junior" } else { "senior" },
                "sql",
                answers[i].as_str(),
            )
        })
        .collect();
    env.write(
        "databases/basics.md",
        bank_file("databases", None, &questions),
    );
}

pub fn id(i: usize) -> String {
    let slug: String = Q[i]
        .trim_end_matches('?')
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-");
    format!("databases/basics#{slug}")
}

/// `qa quiz ARGS` at `now`, with `keys` on stdin.
pub fn quiz(env: &Env, now: &str, args: &[&str], keys: &str) -> Output {
    env.qa()
        .env("QA_NOW", now)
        .arg("quiz")
        .args(args)
        .write_stdin(keys)
        .output()
        .unwrap()
}

pub fn ok(output: Output) -> Output {
    assert!(
        output.status.success(),
        "exit {:?}\n{}\n{}",
        output.status.code(),
        stdout(&output),
        stderr(&output)
    );
    output
}

pub fn json(env: &Env, now: &str, args: &[&str]) -> Value {
    let output = env.qa().env("QA_NOW", now).args(args).output().unwrap();
    assert!(
        output.status.code().is_some_and(|c| c < 2),
        "{}",
        stderr(&output)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

pub fn store(env: &Env) -> Store {
    Store::open_existing(&env.state(), "default")
        .unwrap()
        .unwrap()
}

pub fn card(env: &Env, i: usize) -> Option<Card> {
    store(env).card(&id(i)).unwrap()
}

/// Every row of both tables as text, to compare the database before and after.
pub fn dump(env: &Env) -> Vec<String> {
    let conn = Connection::open(env.state()).unwrap();
    let mut rows = Vec::new();
    for table in ["cards", "reviews"] {
        let mut statement = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2"))
            .unwrap();
        let columns = statement.column_count();
        let mut query = statement.query([]).unwrap();
        while let Some(row) = query.next().unwrap() {
            let values: Vec<String> = (0..columns)
                .map(|i| format!("{:?}", row.get_ref(i).unwrap()))
                .collect();
            rows.push(format!("{table}: {}", values.join(" | ")));
        }
    }
    rows
}

pub fn sql_count(env: &Env, sql: &str) -> i64 {
    let conn = Connection::open(env.state()).unwrap();
    conn.query_row(sql, [], |row| row.get(0)).unwrap()
}

pub fn plan_ids(plan: &Value) -> Vec<String> {
    plan["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}
