//! `qa quiz` sessions driven through stdin (one line per key) with the clock fixed by `QA_NOW` and the
//! state file in a temporary `XDG_DATA_HOME`: schedules checked against FSRS as the library computes it,
//! again in-session, undo, daily limits, `--max`, queries, two sessions at once, where the state lives.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;

use qa::practice::schedule::{DEFAULT_RETENTION, Scheduler};
use qa::practice::{Grade, Memory, Phase};
use rusqlite::Connection;
use support::quiz::*;
use support::{Env, stderr, stdout};

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
