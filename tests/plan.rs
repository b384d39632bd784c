//! `qa plan` end to end on the five-question practice bank with the clock fixed by `QA_NOW`: the pace is
//! saved in the state file, `qa quiz` takes it as its daily new-question limit until the date (and
//! `--new` still wins), `qa stats` says "on track" or "N behind", and dates that leave no room are
//! clear errors.

mod support;

use support::quiz::{DAY0, bank, day, json, ok, plan_ids, quiz};
use support::{stderr, stdout};

fn plan(env: &support::Env, now: &str, args: &[&str]) -> std::process::Output {
    env.qa()
        .env("QA_NOW", now)
        .arg("plan")
        .args(args)
        .output()
        .unwrap()
}

fn stats(env: &support::Env, now: &str) -> String {
    stdout(&ok(env
        .qa()
        .env("QA_NOW", now)
        .arg("stats")
        .output()
        .unwrap()))
}

#[test]
fn the_pace_is_saved_and_the_quiz_takes_it_until_the_date() {
    let env = bank();
    // DAY0 is 2026-11-02; to 11-08: six days, the last four for reviews, two for five new questions.
    let output = ok(plan(&env, DAY0, &["--by", "2026-11-08"]));
    let text = stdout(&output);
    assert!(
        text.contains("5 questions in the whole bank: 0 seen, 5 to see; 6 days to 2026-11-08"),
        "{text}"
    );
    assert!(
        text.contains("pace: 3 new a day until 2026-11-03"),
        "{text}"
    );
    let new_in = |now: &str, args: &[&str]| {
        let mut all = vec!["quiz", "--json"];
        all.extend(args);
        plan_ids(&json(&env, now, &all)).len()
    };
    assert_eq!(new_in(DAY0, &[]), 3);
    assert_eq!(new_in(DAY0, &["--new", "1"]), 1, "--new wins over the plan");
    // On the interview day the plan no longer sets the pace: the default 10 (all five).
    assert_eq!(new_in(&day(6), &[]), 5);
    // Shown again without --by; as JSON too.
    assert!(
        stdout(&ok(plan(&env, DAY0, &[])))
            .starts_with("plan: 3 new a day until 2026-11-08: on track")
    );
    let saved: serde_json::Value =
        serde_json::from_slice(&ok(plan(&env, DAY0, &["--json"])).stdout).unwrap();
    assert_eq!(saved["per_day"], 3);
    assert_eq!(saved["start"], "2026-11-02");
    // Cleared: back to the default.
    assert!(stdout(&ok(plan(&env, DAY0, &["--clear"]))).contains("plan cleared"));
    assert_eq!(new_in(DAY0, &[]), 5);
    assert_eq!(plan(&env, DAY0, &["--clear"]).status.code(), Some(1));
}

#[test]
fn stats_say_on_track_or_how_many_behind() {
    let env = bank();
    ok(plan(
        &env,
        DAY0,
        &["--by", "2026-11-08", "--topic", "databases"],
    ));
    assert!(
        stats(&env, DAY0)
            .contains("plan: 3 new a day until 2026-11-08: on track (0 of 5 seen, 6 days left)")
    );
    // A day later with nothing seen: three behind.
    let behind = stats(&env, &day(1));
    assert!(behind.contains("plan: 3 new a day until 2026-11-08: 3 behind (0 of 5 seen, 5 days left; qa quiz --new 6 catches up today)"), "{behind}");
    // Three seen (good, then good again out of the learning step would be a second review: easy).
    ok(quiz(&env, &day(1), &[], "\n4\n\n4\n\n4\n"));
    assert!(stats(&env, &day(1)).contains(": on track (3 of 5 seen"));
    assert!(stats(&env, &day(9)).contains("the date has passed (3 of 5 seen; qa plan --clear)"));
}

#[test]
fn a_cap_and_dates_without_room_are_said_plainly() {
    let env = bank();
    let capped = stdout(&ok(plan(
        &env,
        DAY0,
        &["--by", "2026-11-08", "--per-day", "2"],
    )));
    assert!(
        capped.contains("pace: 2 new a day until 2026-11-03"),
        "{capped}"
    );
    assert!(
        capped.contains(
            "at --per-day 2, 1 questions stay unseen by 2026-11-03 (3 a day would see them all)"
        ),
        "{capped}"
    );
    for (by, message) in [
        ("2026-11-02", "2026-11-02 is today: plan to a later date"),
        ("2026-10-30", "2026-10-30 is in the past"),
        ("2026-11-05", "plan to 2026-11-07 or later"),
    ] {
        let output = plan(&env, DAY0, &["--by", by]);
        assert_eq!(output.status.code(), Some(2), "{by}");
        assert!(
            stderr(&output).contains(message),
            "{by}: {}",
            stderr(&output)
        );
    }
    let unknown = plan(&env, DAY0, &["--by", "2026-12-15", "--topic", "cooking"]);
    assert!(stderr(&unknown).contains("unknown topic \"cooking\"; known: databases"));
    // The failed attempts saved nothing over the capped plan.
    assert!(stdout(&ok(plan(&env, DAY0, &[]))).starts_with("plan: 2 new a day"));
}
