//! `qa quiz`, `qa stats`, `qa mark` and the review state in `qa search`, driven through stdin (one line
//! per key) with the clock fixed by `QA_NOW` and the state file in a temporary `XDG_DATA_HOME`. Schedules
//! are checked against FSRS as the library computes it, and JSON outputs against the database itself.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::process::{Output, Stdio};

use chrono::{DateTime, Utc};
use qa::practice::schedule::{DEFAULT_RETENTION, Scheduler};
use qa::practice::store::Store;
use qa::practice::{Card, Grade, Memory, Phase};
use rusqlite::Connection;
use serde_json::Value;
use support::{Env, bank_file, stderr, stdout};

const DAY0: &str = "2026-11-02T09:00:00+00:00";

/// `n` days after DAY0, as `QA_NOW`.
fn day(n: i64) -> String {
    let start = DateTime::parse_from_rfc3339(DAY0).unwrap();
    (start + chrono::TimeDelta::days(n)).to_rfc3339()
}

fn at(now: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(now).unwrap().to_utc()
}

const Q: [&str; 5] = [
    "What is an index?",
    "What is a transaction?",
    "What is replication?",
    "What is sharding?",
    "What is a deadlock?",
];

/// A bank of five database questions, in this order in one file.
fn bank() -> Env {
    let env = Env::new();
    write_bank(&env, &[0, 1, 2, 3, 4], "");
    env
}

/// Writes the database file with the questions `which`, appending `extra` to the first answer.
fn write_bank(env: &Env, which: &[usize], extra: &str) {
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

fn id(i: usize) -> String {
    let slug: String = Q[i]
        .trim_end_matches('?')
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-");
    format!("databases/basics#{slug}")
}

/// `qa quiz ARGS` at `now`, with `keys` on stdin.
fn quiz(env: &Env, now: &str, args: &[&str], keys: &str) -> Output {
    env.qa()
        .env("QA_NOW", now)
        .arg("quiz")
        .args(args)
        .write_stdin(keys)
        .output()
        .unwrap()
}

fn ok(output: Output) -> Output {
    assert!(
        output.status.success(),
        "exit {:?}\n{}\n{}",
        output.status.code(),
        stdout(&output),
        stderr(&output)
    );
    output
}

fn json(env: &Env, now: &str, args: &[&str]) -> Value {
    let output = env.qa().env("QA_NOW", now).args(args).output().unwrap();
    assert!(
        output.status.code().is_some_and(|c| c < 2),
        "{}",
        stderr(&output)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn store(env: &Env) -> Store {
    Store::open_existing(&env.state(), "default")
        .unwrap()
        .unwrap()
}

fn card(env: &Env, i: usize) -> Option<Card> {
    store(env).card(&id(i)).unwrap()
}

/// Every row of both tables as text, to compare the database before and after.
fn dump(env: &Env) -> Vec<String> {
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

fn sql_count(env: &Env, sql: &str) -> i64 {
    let conn = Connection::open(env.state()).unwrap();
    conn.query_row(sql, [], |row| row.get(0)).unwrap()
}

fn plan_ids(plan: &Value) -> Vec<String> {
    plan["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn grades_schedule_as_fsrs_says_and_good_goes_further_than_hard() {
    let env = bank();
    // Day 0: the first two questions, both easy: learned, due together.
    ok(quiz(&env, DAY0, &["-n", "2"], "\n4\n\n4\n"));
    let learned = card(&env, 0).unwrap();
    assert_eq!(learned.memory.phase, Phase::Review);
    assert_eq!(learned.memory, card(&env, 1).unwrap().memory);
    let s = Scheduler::new(DEFAULT_RETENTION);
    assert_eq!(
        learned.memory,
        s.grade(&Memory::new(at(DAY0)), Grade::Easy, at(DAY0))
    );
    // Day 30: both due; hard on the first, good on the second.
    let now = day(30);
    let output = ok(quiz(&env, &now, &["-n", "2", "--new", "0"], "\n2\n\n3\n"));
    assert!(stdout(&output).contains("due since"), "{}", stdout(&output));
    let hard = card(&env, 0).unwrap().memory;
    let good = card(&env, 1).unwrap().memory;
    assert_eq!(hard, s.grade(&learned.memory, Grade::Hard, at(&now)));
    assert_eq!(good, s.grade(&learned.memory, Grade::Good, at(&now)));
    assert!(
        good.due > hard.due,
        "good {} <= hard {}",
        good.due,
        hard.due
    );
    assert!(hard.due > at(&now));
    // The log has all four grades with the state before each.
    let log = store(&env).reviews(None).unwrap();
    assert_eq!(log.len(), 4);
    assert_eq!(
        log[2].before.as_ref().map(|c| &c.memory),
        Some(&learned.memory)
    );
    assert_eq!(log[2].grade, Some(Grade::Hard));
}

#[test]
fn a_card_graded_again_comes_back_before_the_session_ends() {
    let env = bank();
    let output = ok(quiz(&env, DAY0, &["-n", "3"], "\n1\n\n3\n\n3\n\n3\n"));
    let text = stdout(&output);
    assert_eq!(text.matches(&format!("\n{}\n", Q[0])).count(), 4, "{text}");
    assert!(text.contains("[4/4] databases"), "{text}");
    assert!(
        text.contains("graded again earlier in this session"),
        "{text}"
    );
    assert!(
        text.contains("Session over: 3 cards, 4 grades, 75% correct"),
        "{text}"
    );
    let log = store(&env).reviews(None).unwrap();
    let first: Vec<_> = log.iter().filter(|r| r.id == id(0)).collect();
    assert_eq!(first.len(), 2);
    assert_eq!(first[0].grade, Some(Grade::Again));
    assert_eq!(first[1].grade, Some(Grade::Good));
    // Quitting before the last card leaves it for next time; end of input is a quit too.
    let env = bank();
    ok(quiz(&env, DAY0, &["-n", "3"], "\n1\n\n3\n\n3\nq\n"));
    assert_eq!(sql_count(&env, "SELECT count(*) FROM reviews"), 3);
}

#[test]
fn undo_restores_the_previous_state_exactly() {
    let env = bank();
    ok(quiz(&env, DAY0, &["-n", "1"], "\n3\n"));
    let before = dump(&env);
    // Day 1: a review and a new card graded, then both undone; the database is as it was.
    let output = ok(quiz(&env, &day(1), &["-n", "2"], "\n4\n\n2\nu\nu\nq\n"));
    let text = stdout(&output);
    assert!(
        text.contains(&format!("undone: hard on {}", Q[1])),
        "{text}"
    );
    assert!(
        text.contains(&format!("undone: easy on {}", Q[0])),
        "{text}"
    );
    assert_eq!(dump(&env), before);
    // Undo puts the card back on screen: grading it again counts once.
    ok(quiz(
        &env,
        &day(1),
        &["-n", "1", "--new", "0"],
        "\n1\nu\n\n3\n",
    ));
    assert_eq!(sql_count(&env, "SELECT count(*) FROM reviews"), 2);
    assert_eq!(
        store(&env).reviews(None).unwrap()[1].grade,
        Some(Grade::Good)
    );
}

#[test]
fn an_edited_answer_keeps_its_history_and_is_due() {
    let env = bank();
    ok(quiz(&env, DAY0, &["-n", "1"], "\n4\n"));
    let learned = card(&env, 0).unwrap();
    // Rewrapping or re-marking the answer is not an edit.
    write_bank(&env, &[0, 1, 2, 3, 4], "\n");
    let plan = json(&env, &day(1), &["quiz", "--json", "--new", "0"]);
    assert_eq!(plan["cards"].as_array().unwrap().len(), 0, "{plan}");
    // Changing its words is.
    write_bank(&env, &[0, 1, 2, 3, 4], " B-trees keep it sorted.");
    let plan = json(&env, &day(1), &["quiz", "--json", "--new", "0"]);
    assert_eq!(plan_ids(&plan), [id(0)]);
    assert_eq!(plan["cards"][0]["reason"], "changed");
    let hits = json(&env, &day(1), &["search", "--json", "index"]);
    assert_eq!(hits["hits"][0]["review"]["state"], "changed");
    // The card and its log are intact; the session says why it is back.
    assert_eq!(card(&env, 0).unwrap(), learned);
    assert_eq!(sql_count(&env, "SELECT count(*) FROM reviews"), 1);
    let output = ok(quiz(&env, &day(1), &["--new", "0"], "\n3\n"));
    assert!(
        stdout(&output).contains("changed since your last review"),
        "{}",
        stdout(&output)
    );
    let reviewed = card(&env, 0).unwrap();
    assert_eq!(reviewed.memory.reps, 2);
    assert_ne!(reviewed.answer_hash, learned.answer_hash);
    let hits = json(&env, &day(1), &["search", "--json", "index"]);
    assert_eq!(hits["hits"][0]["review"]["state"], "learned");
}

#[test]
fn a_removed_entry_becomes_an_orphan() {
    let env = bank();
    ok(quiz(&env, DAY0, &["-n", "2"], "\n3\n\n4\n"));
    write_bank(&env, &[1, 2, 3, 4], "");
    let stats = json(&env, &day(1), &["stats", "--json"]);
    let orphans = stats["orphans"].as_array().unwrap();
    assert_eq!(orphans.len(), 1, "{stats}");
    assert_eq!(orphans[0]["id"], id(0).as_str());
    assert_eq!(orphans[0]["question"], Q[0]);
    assert_eq!(stats["total"]["questions"], 4);
    assert_eq!(stats["total"]["seen"], 1);
    let listed = ok(env
        .qa()
        .env("QA_NOW", day(1))
        .args(["stats", "--orphans"])
        .output()
        .unwrap());
    assert!(stdout(&listed).contains(&id(0)), "{}", stdout(&listed));
    let table = ok(env
        .qa()
        .env("QA_NOW", day(1))
        .arg("stats")
        .output()
        .unwrap());
    assert!(stdout(&table).contains("1 orphan(s)"), "{}", stdout(&table));
    // Quizzing goes on without it, and its history stays.
    ok(quiz(&env, &day(1), &[], "\n3\nq\n"));
    assert!(card(&env, 0).is_some());
    // Putting the question back brings its progress back.
    write_bank(&env, &[0, 1, 2, 3, 4], "");
    let hits = json(&env, &day(1), &["search", "--json", "index"]);
    assert_eq!(hits["hits"][0]["review"]["reps"], 1);
}

#[test]
fn the_daily_new_limit_counts_across_sessions() {
    let env = bank();
    let plan = json(&env, DAY0, &["quiz", "--json", "--new", "2"]);
    assert_eq!(plan_ids(&plan), [id(0), id(1)]);
    assert!(
        !env.state().exists(),
        "--json must not create the state file"
    );
    ok(quiz(&env, DAY0, &["--new", "2"], "\n4\n\n4\n"));
    // Same day: today's two new questions are done.
    let output = quiz(&env, &day(0), &["--new", "2"], "");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("today's 2 new questions are done"),
        "{}",
        stderr(&output)
    );
    // Next day: two more.
    let plan = json(&env, &day(1), &["quiz", "--json", "--new", "2"]);
    assert_eq!(plan_ids(&plan), [id(2), id(3)]);
}

#[test]
fn max_spreads_a_backlog_most_overdue_first() {
    let env = bank();
    ok(quiz(&env, DAY0, &["-n", "2"], "\n3\n\n3\n"));
    ok(quiz(
        &env,
        &day(1),
        &["-n", "5", "--new", "3"],
        &"\n4\n".repeat(5),
    ));
    // A long break: everything is due; the two learned first on day 1 are the most overdue.
    let now = day(200);
    let plan = json(&env, &now, &["quiz", "--json", "--max", "2", "--new", "0"]);
    assert_eq!(plan["due"], 5);
    assert_eq!(plan["due_left"], 3);
    assert_eq!(plan["backlog_days"], 2);
    let cards = plan["cards"].as_array().unwrap();
    assert_eq!(cards.len(), 2);
    assert!(cards[0]["overdue_days"].as_f64() >= cards[1]["overdue_days"].as_f64());
    let output = ok(quiz(
        &env,
        &now,
        &["--max", "2", "--new", "0"],
        "\n3\n\n3\n",
    ));
    assert!(
        stdout(&output)
            .contains("Backlog: 3 reviews are still due; at --max 2 a day that takes 2 more days."),
        "{}",
        stdout(&output)
    );
    // The day's quota is spent.
    let again = quiz(&env, &now, &["--max", "2", "--new", "0"], "");
    assert_eq!(again.status.code(), Some(1));
}

#[test]
fn marks_skip_star_known_and_clear() {
    let env = bank();
    let mark = |i: usize, what: &str| {
        ok(env
            .qa()
            .env("QA_NOW", DAY0)
            .args(["mark", &id(i), what])
            .output()
            .unwrap())
    };
    mark(0, "skip");
    mark(3, "star");
    let output = mark(1, "known");
    assert!(
        stdout(&output).contains("known: next review in"),
        "{}",
        stdout(&output)
    );
    let plan = json(&env, DAY0, &["quiz", "--json"]);
    assert_eq!(plan_ids(&plan), [id(3), id(2), id(4)]);
    assert_eq!(plan["cards"][0]["starred"], true);
    let known = card(&env, 1).unwrap();
    assert_eq!(known.memory.phase, Phase::Review);
    assert!(known.memory.due - at(DAY0) > chrono::TimeDelta::days(300));
    let hits = json(&env, DAY0, &["search", "--json", "index"]);
    assert_eq!(hits["hits"][0]["review"]["state"], "skipped");
    let stats = json(&env, DAY0, &["stats", "--json"]);
    assert_eq!(stats["total"]["learned"], 1);
    assert_eq!(stats["total"]["skipped"], 1);
    mark(0, "clear");
    let plan = json(&env, DAY0, &["quiz", "--json"]);
    assert_eq!(plan_ids(&plan), [id(3), id(0), id(2), id(4)]);
    let unknown = env
        .qa()
        .args(["mark", "databases/basics#nope", "star"])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(1));
}

#[test]
fn stats_json_agrees_with_the_database() {
    let env = bank();
    ok(quiz(&env, DAY0, &["-n", "3"], "\n4\n\n3\n\n1\n\n3\n"));
    ok(quiz(
        &env,
        &day(20),
        &["--new", "1"],
        &"\n3\n\n1\n".repeat(3),
    ));
    let now = day(21);
    let stats = json(&env, &now, &["stats", "--json"]);
    let total = &stats["total"];
    let count = |sql: &str| sql_count(&env, sql);
    assert_eq!(total["questions"], 5);
    assert_eq!(
        total["seen"],
        count("SELECT count(*) FROM cards WHERE phase != 0")
    );
    assert_eq!(
        total["learned"],
        count("SELECT count(*) FROM cards WHERE phase = 2")
    );
    let end_of_day = at(&now)
        .date_naive()
        .and_hms_milli_opt(23, 59, 59, 999)
        .unwrap();
    let end_of_day = end_of_day.and_utc().timestamp_millis();
    assert_eq!(
        total["due_today"],
        count(&format!(
            "SELECT count(*) FROM cards WHERE phase != 0 AND skipped = 0 AND due <= {end_of_day}"
        ))
    );
    let since = at(&now).timestamp_millis() - 30 * 86_400_000;
    let tests = count(&format!(
        "SELECT count(*) FROM reviews WHERE phase = 2 AND grade IS NOT NULL AND at > {since}"
    ));
    let passed = count(&format!(
        "SELECT count(*) FROM reviews WHERE phase = 2 AND grade > 1 AND at > {since}"
    ));
    assert!(tests > 0);
    assert_eq!(total["tests_30d"], tests);
    let retention = total["retention_30d"].as_f64().unwrap();
    assert!((retention - passed as f64 / tests as f64).abs() < 0.001);
    // Days with a review: day 0 and day 20, so yesterday ended a one-day streak.
    assert_eq!(stats["streak_days"], 1);
    let rows = stats["rows"].as_array().unwrap();
    let junior = rows.iter().find(|r| r["level"] == "junior").unwrap();
    assert_eq!(junior["questions"], 3);
    assert_eq!(stats["topics"][0]["topic"], "databases");
    let table = ok(env.qa().env("QA_NOW", &now).arg("stats").output().unwrap());
    assert!(
        stdout(&table).contains("streak: 1 day"),
        "{}",
        stdout(&table)
    );
}

#[test]
fn search_shows_review_state_only_to_someone_who_quizzed() {
    let env = bank();
    let plain = ok(env.qa().args(["search", "transaction"]).output().unwrap());
    let hits = json(&env, DAY0, &["search", "--json", "transaction"]);
    assert!(hits["hits"][0].get("review").is_none());
    assert!(
        !env.state().exists(),
        "search must not create the state file"
    );
    ok(quiz(&env, DAY0, &["-n", "2"], "\n3\n\n4\n"));
    let now = day(1);
    let after = ok(env
        .qa()
        .env("QA_NOW", &now)
        .args(["search", "transaction"])
        .output()
        .unwrap());
    assert!(stdout(&after).contains("basics.md:"), "{}", stdout(&after));
    assert!(
        stdout(&after).contains("· learned (next in"),
        "{}",
        stdout(&after)
    );
    assert_ne!(stdout(&plain), stdout(&after));
    let hits = json(&env, &now, &["search", "--json", "sql"]);
    for hit in hits["hits"].as_array().unwrap() {
        let review = &hit["review"];
        let stored = store(&env).card(hit["id"].as_str().unwrap()).unwrap();
        match stored {
            Some(card) => {
                assert_eq!(review["reps"], card.memory.reps);
                assert_eq!(
                    review["due"],
                    card.memory
                        .due
                        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                );
            }
            None => assert_eq!(review["state"], "new"),
        }
    }
    // `--due`: only the card in learning steps (good on a new card: due in 10 minutes).
    let due = json(&env, &now, &["search", "--json", "--due", "sql"]);
    assert_eq!(due["total"], 1);
    assert_eq!(due["hits"][0]["id"], id(0).as_str());
    assert_eq!(due["hits"][0]["review"]["state"], "due");
}

#[test]
fn a_query_drills_what_search_finds() {
    let env = bank();
    let plan = json(&env, DAY0, &["quiz", "--json", "lock"]);
    assert_eq!(plan_ids(&plan), [id(4)]);
    let plan = json(&env, DAY0, &["quiz", "--json", "--level", "senior"]);
    assert_eq!(plan_ids(&plan), [id(3), id(4)]);
    let unknown = env
        .qa()
        .args(["quiz", "--topic", "cooking"])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("unknown topic"),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn a_question_only_bank_says_there_is_no_answer() {
    let env = Env::new();
    env.write(
        "prompts/backend.md",
        "# Backend questions\n\n#### Idempotency\n\nWhat does it mean for an endpoint to be \
         idempotent?\n\n#### Caching\n\nWhere would you put a cache in a web app?\n\n#### Rate \
         limiting\n\nHow would you limit requests per user?\n",
    );
    let output = ok(quiz(&env, DAY0, &["-n", "1"], "\n3\n"));
    assert!(
        stdout(&output).contains("no answer in this bank"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn two_sessions_at_once_the_second_is_read_only() {
    let env = bank();
    let mut first = env
        .command()
        .env("QA_NOW", DAY0)
        .args(["quiz", "-n", "2"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the first session shows its first card (it holds the lock by then).
    let mut lines = BufReader::new(first.stdout.take().unwrap()).lines();
    for line in lines.by_ref() {
        if line.unwrap().starts_with("Space/Enter") {
            break;
        }
    }
    let second = ok(quiz(&env, DAY0, &["-n", "2"], "\n4\n\n4\n"));
    assert!(
        stderr(&second).contains("another qa quiz is running"),
        "{}",
        stderr(&second)
    );
    assert!(
        stdout(&second).contains("Read-only session"),
        "{}",
        stdout(&second)
    );
    assert!(
        stdout(&second).contains("easy: next in"),
        "{}",
        stdout(&second)
    );
    assert_eq!(sql_count(&env, "SELECT count(*) FROM reviews"), 0);
    let mut stdin = first.stdin.take().unwrap();
    stdin.write_all(b"\n3\n\n3\n").unwrap();
    drop(stdin);
    let rest: Vec<String> = lines.map(Result::unwrap).collect();
    assert!(first.wait().unwrap().success());
    assert!(
        rest.iter().any(|l| l.starts_with("Session over: 2 cards")),
        "{rest:?}"
    );
    assert_eq!(sql_count(&env, "SELECT count(*) FROM reviews"), 2);
    assert_eq!(
        sql_count(&env, "SELECT count(*) FROM reviews WHERE grade = 3"),
        2
    );
    let integrity: String = Connection::open(env.state())
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
}

#[test]
fn the_state_file_lives_in_the_user_data_folder_unless_told_otherwise() {
    let env = bank();
    ok(quiz(&env, DAY0, &["-n", "1"], "\n3\n"));
    assert!(env.state().exists());
    let elsewhere = env.path().join("elsewhere/state.sqlite3");
    ok(env
        .qa()
        .env("QA_NOW", DAY0)
        .env("QA_STATE", &elsewhere)
        .args(["quiz", "-n", "1"])
        .write_stdin("\n3\n")
        .output()
        .unwrap());
    assert!(elsewhere.exists());
    let flag = env.path().join("flag.sqlite3");
    ok(env
        .qa()
        .env("QA_NOW", DAY0)
        .args(["--state"])
        .arg(&flag)
        .args(["quiz", "-n", "1"])
        .write_stdin("\n3\n")
        .output()
        .unwrap());
    assert!(flag.exists());
    let journal: String = Connection::open(&flag)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
    let bad = quiz(&env, DAY0, &["--retention", "1.5"], "");
    assert_eq!(bad.status.code(), Some(2));
}
