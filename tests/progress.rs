//! Progress around `qa quiz`: an edited answer keeps its history and is due, a removed one is an orphan,
//! `qa mark`, `qa stats --json` and the review state in `qa search` checked against the database, and a
//! damaged state file. Sessions are driven through stdin with the clock fixed by `QA_NOW`.

mod support;

use qa::practice::Phase;
use support::quiz::*;
use support::{stderr, stdout};

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
fn a_damaged_state_file_never_costs_a_search() {
    let env = bank();
    std::fs::create_dir_all(env.state().parent().unwrap()).unwrap();
    let garbage = "this is not an SQLite database, just text that is long enough to have a header";
    std::fs::write(env.state(), garbage.repeat(100)).unwrap();
    let search = ok(env.qa().args(["search", "index"]).output().unwrap());
    assert!(stdout(&search).contains(Q[0]), "{}", stdout(&search));
    assert!(
        stderr(&search).contains("warning: review state not shown"),
        "{}",
        stderr(&search)
    );
    for args in [&["quiz"][..], &["stats"]] {
        let output = env.qa().args(args).write_stdin("").output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains("practice.sqlite3"),
            "{}",
            stderr(&output)
        );
    }
    assert_eq!(
        std::fs::read_to_string(env.state()).unwrap(),
        garbage.repeat(100)
    );
    let bad_clock = env
        .qa()
        .env("QA_NOW", "tomorrow")
        .arg("quiz")
        .output()
        .unwrap();
    assert_eq!(bad_clock.status.code(), Some(2));
    assert!(
        stderr(&bad_clock).contains("QA_NOW"),
        "{}",
        stderr(&bad_clock)
    );
}
