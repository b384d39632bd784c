//! `qa mock` driven through stdin (one line per key) with a fake clock: `QA_NOW` fixes the start and
//! `QA_CLOCK_STEP` advances the clock by a step at every key read, so the time box can end an interview
//! without sleeping. Checked: follow-ups come right after their question (a short answer, or the linked
//! entry's own answer), every graded question is a review in the quiz's state, the time box ends the
//! interview, and the JSON scorecard matches the session.

mod support;

use serde_json::Value;
use support::quiz::{DAY0, at, ok, sql_count, store};
use support::{Env, bank_file, stderr, stdout};

/// Three database questions, each with a follow-up: two answered in a line, one linking the third.
fn bank() -> Env {
    let env = Env::new();
    env.write(
        "databases/basics.md",
        bank_file(
            "databases",
            None,
            &[
                (
                    "What is an index?",
                    "junior",
                    "index",
                    "A structure that finds rows without scanning the table.\n\n**Follow-up:** \
                     \"What does an index cost on writes?\" Every insert and update maintains it too.",
                ),
                (
                    "What is a transaction?",
                    "junior",
                    "transaction",
                    "A unit of work that commits or rolls back as a whole.\n\n**Follow-up:** \
                     \"How do two transactions deadlock?\" See [the deadlock entry](basics.md#what-is-a-deadlock).",
                ),
                (
                    "What is a deadlock?",
                    "senior",
                    "locks",
                    "Two transactions each waiting for a lock the other holds.\n\n**Follow-up:** \
                     \"How does the database break one?\" It aborts one of them as the victim.",
                ),
            ],
        ),
    );
    env
}

/// `qa mock ARGS` from DAY0 with a clock step and keys on stdin.
fn mock(env: &Env, step: &str, args: &[&str], keys: &str) -> std::process::Output {
    env.qa()
        .env("QA_NOW", DAY0)
        .env("QA_SEED", "7")
        .env("QA_CLOCK_STEP", step)
        .arg("mock")
        .args(args)
        .write_stdin(keys)
        .output()
        .unwrap()
}

/// Where `needle` starts in `text`, failing with the text when it is not there.
fn at_text(text: &str, needle: &str) -> usize {
    text.find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in:\n{text}"))
}

#[test]
fn follow_ups_are_asked_after_their_question_and_every_graded_question_is_a_review() {
    let env = bank();
    // 15 minutes: three questions. Each: Enter, grade 3; follow-up: Enter, grade 2.
    let output = ok(mock(
        &env,
        "30s",
        &["--minutes", "15"],
        &"\n3\n\n2\n".repeat(3),
    ));
    let text = stdout(&output);
    let questions = [
        ("What is an index?", "What does an index cost on writes?"),
        (
            "What is a transaction?",
            "How do two transactions deadlock?",
        ),
        ("What is a deadlock?", "How does the database break one?"),
    ];
    for (question, follow_up) in questions {
        let asked = at_text(&text, &format!("\n{question}\n"));
        let follow = at_text(&text, &format!("\n{follow_up}\n"));
        assert!(asked < follow, "{question} after its follow-up:\n{text}");
        // Nothing else is asked in between.
        let between = &text[asked..follow];
        assert_eq!(between.matches("Question ").count(), 0, "{between}");
        assert_eq!(
            between.matches("Follow-up to question").count(),
            1,
            "{between}"
        );
    }
    // A short answer is shown as written; a link shows the linked entry's own answer, not its follow-up.
    let short = at_text(&text, "\nHow does the database break one?\n");
    assert!(text[short..].contains("It aborts one of them as the victim."));
    let linked = at_text(&text, "\nHow do two transactions deadlock?\n");
    let answer = &text[linked..];
    let answer = &answer[..at_text(answer, "grade yourself")];
    assert!(
        answer.contains("Two transactions each waiting for a lock the other holds."),
        "{answer}"
    );
    assert!(!answer.contains("Follow-up"), "{answer}");
    assert!(text.contains("that was the last question"), "{text}");
    // Three reviews, graded good, at the fake clock's times: two key reads (30 s each) into each
    // question, four keys per question.
    let reviews = store(&env).reviews(None).unwrap();
    assert_eq!(reviews.len(), 3);
    for (n, review) in reviews.iter().enumerate() {
        assert_eq!(review.grade, Some(qa::practice::Grade::Good));
        let seconds = 30 * (4 * n as i64 + 2);
        assert_eq!(review.at, at(DAY0) + chrono::TimeDelta::seconds(seconds));
        assert_eq!(review.duration_ms, 60_000);
    }
    assert!(
        text.contains("Scorecard: 3 question(s) in 6:00 of 15:00 (all asked); 3 saved as reviews"),
        "{text}"
    );
}

#[test]
fn the_time_box_ends_the_interview() {
    let env = bank();
    // 10 minutes hold two questions; at 3 minutes a key, the first with its follow-up takes 12.
    let output = ok(mock(
        &env,
        "3m",
        &["--minutes", "10", "--json"],
        &"\n4\n\n4\n".repeat(2),
    ));
    let card: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(card["ended"], "time", "{card}");
    assert_eq!(card["questions"].as_array().unwrap().len(), 1, "{card}");
    assert_eq!(card["elapsed_seconds"], 12 * 60);
    let interview = stderr(&output);
    assert_eq!(interview.matches("Question ").count(), 1, "{interview}");
    assert!(interview.contains("time is up"), "{interview}");
    // The second question was never shown; the first was logged.
    assert_eq!(sql_count(&env, "SELECT count(*) FROM reviews"), 1);
    // Time is up during the question: the follow-up is not asked.
    let output = ok(mock(
        &env,
        "6m",
        &["--minutes", "10", "--json"],
        &"\n4\n\n4\n".repeat(2),
    ));
    let card: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(card["ended"], "time");
    assert_eq!(card["questions"][0]["follow_up"], Value::Null, "{card}");
    assert_eq!(sql_count(&env, "SELECT count(*) FROM reviews"), 2);
}

#[test]
fn the_scorecard_json_matches_the_session() {
    let env = bank();
    // First: again, follow-up hard. Second: skipped (no follow-up). Third: good, follow-up skipped.
    let keys = "\n1\n\n2\ns\n\n3\n\ns\n";
    let output = ok(mock(&env, "20s", &["--minutes", "15", "--json"], keys));
    let card: Value = serde_json::from_slice(&output.stdout).unwrap();
    let questions = card["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 3, "{card}");
    assert_eq!(card["ended"], "done");
    assert_eq!(card["saved"], 2);
    assert_eq!(card["elapsed_seconds"], 20 * 9);
    let grades: Vec<Value> = questions.iter().map(|q| q["grade"].clone()).collect();
    assert_eq!(grades, [Value::from(1), Value::Null, Value::from(3)]);
    assert_eq!(questions[0]["seconds"], 40);
    assert_eq!(questions[0]["follow_up"]["grade"], 2);
    assert_eq!(questions[0]["follow_up"]["seconds"], 40);
    assert_eq!(questions[1]["seconds"], 20);
    assert_eq!(questions[1]["follow_up"], Value::Null);
    assert_eq!(questions[2]["follow_up"]["grade"], Value::Null);
    // The reviews are the graded questions, in order, with their grades.
    let reviews = store(&env).reviews(None).unwrap();
    let logged: Vec<(String, i64)> = reviews
        .iter()
        .map(|r| (r.id.clone(), r.grade.unwrap().number()))
        .collect();
    let expected: Vec<(String, i64)> = [0, 2]
        .iter()
        .map(|&i| {
            (
                questions[i]["id"].as_str().unwrap().to_string(),
                questions[i]["grade"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(logged, expected);
    // One topic: 3 questions; grades 1, 2, skip (1), 3, skip (1): mean 1.6, three missed.
    assert_eq!(card["topics"][0]["asked"], 3);
    assert_eq!(card["topics"][0]["mean_grade"], 1.6);
    assert_eq!(card["topics"][0]["missed"], 3);
    let weakest = card["weakest"].as_array().unwrap();
    assert_eq!(weakest.len(), 1);
    assert_eq!(weakest[0]["quiz"], "qa quiz basics --topic databases");
}

#[test]
fn questions_never_seen_come_first_and_q_ends_the_interview() {
    let env = bank();
    // Two of the three reviewed (easy); then `q` on the third.
    ok(mock(
        &env,
        "10s",
        &["--minutes", "15"],
        "\n4\n\ns\n\n4\n\ns\nq\n",
    ));
    assert_eq!(sql_count(&env, "SELECT count(*) FROM cards"), 2);
    let cards = store(&env).cards().unwrap();
    let unseen = [
        ("what-is-an-index", "What is an index?"),
        ("what-is-a-transaction", "What is a transaction?"),
        ("what-is-a-deadlock", "What is a deadlock?"),
    ]
    .into_iter()
    .find(|(slug, _)| !cards.contains_key(&format!("databases/basics#{slug}")))
    .unwrap()
    .1;
    // One-question interviews over twelve seeds: the unseen question weighs 6 against 1 and 1, so it
    // comes up in most of them (three in four on average); `q` at once ends each with nothing asked.
    let mut first = 0;
    for seed in 0..12 {
        let output = env
            .qa()
            .env("QA_NOW", DAY0)
            .env("QA_SEED", seed.to_string())
            .env("QA_CLOCK_STEP", "10s")
            .args(["mock", "--minutes", "5", "--json"])
            .write_stdin("q\n")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        let card: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(card["ended"], "quit");
        assert!(card["questions"].as_array().unwrap().is_empty());
        if stderr(&output).contains(&format!("\n{unseen}\n")) {
            first += 1;
        }
    }
    assert!(
        first >= 7,
        "the unseen question came first {first} times of 12"
    );
    assert_eq!(sql_count(&env, "SELECT count(*) FROM reviews"), 2);
}

#[test]
fn with_type_each_answer_is_typed_and_a_main_question_is_checked_against_its_key_points() {
    let env = bank();
    // One question (5 minutes): type an answer, end it with an empty line, grade 3; the follow-up:
    // type, empty line, grade 2.
    let output = ok(mock(
        &env,
        "10s",
        &["--minutes", "5", "--type"],
        "it finds rows without reading the whole table\n\n3\nwrites get slower\n\n2\n",
    ));
    let text = stdout(&output);
    let typed = at_text(&text, "Type your answer");
    let checked = at_text(&text, "Key points:");
    let follow_up = at_text(&text, "Follow-up to question 1");
    assert!(typed < checked && checked < follow_up, "{text}");
    // The follow-up has no key points of its own: typed, then its answer, no second check.
    assert_eq!(text.matches("Key points:").count(), 1, "{text}");
    assert_eq!(text.matches("Type your answer").count(), 2, "{text}");
    assert_eq!(sql_count(&env, "SELECT COUNT(*) FROM reviews"), 1);
}
