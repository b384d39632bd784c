//! `qa pick QUERY` and `qa search --pick`: the numbered list when stdout is not a terminal, and the
//! picker itself driven in a pseudo-terminal: the list, the preview of the answer under the cursor,
//! Enter printing it as `qa show` does, Esc leaving with exit 1.

mod shell_pty;
mod support;

use shell_pty::{drive, qa_line, script};
use support::{Env, sample, stderr, stdout};

#[test]
fn pick_without_a_terminal_prints_the_numbered_list() {
    let env = sample();
    let listed = env.qa().args(["search", "middleware"]).output().unwrap();
    assert!(stdout(&listed).starts_with("1. "), "{}", stdout(&listed));
    for args in [
        vec!["pick", "middleware"],
        vec!["search", "middleware", "--pick"],
    ] {
        let output = env.qa().args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_eq!(stdout(&output), stdout(&listed), "{args:?}");
    }
    // The list is kept: `qa show 2` opens its second hit.
    env.qa().args(["pick", "jwt"]).assert().success();
    let second = env.qa().args(["show", "2", "--json"]).output().unwrap();
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    assert!(stdout(&second).contains("\"topic\": \"security\""));
    // --json is for scripts: the object, as `qa search --json` prints it.
    let json = env.qa().args(["pick", "jwt", "--json"]).output().unwrap();
    let value: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert!(value["hits"].as_array().is_some_and(|h| !h.is_empty()));
    // Nothing found: exit 1, as `qa search`.
    let nothing = env.qa().args(["pick", "zzzzzz"]).output().unwrap();
    assert_eq!(nothing.status.code(), Some(1));
}

/// The ids `qa search QUERY` lists, in order.
fn listed(env: &Env, query: &str) -> Vec<String> {
    let output = env.qa().args(["search", query, "--json"]).output().unwrap();
    let value: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    value["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["id"].as_str().unwrap().to_string())
        .collect()
}

/// `qa pick QUERY` in a 100x30 terminal: what it showed once `keys` were typed, and its exit status.
fn pick(env: &Env, query: &str, keys: &[&str]) -> (String, String) {
    let line = format!("{}; echo EXIT=$?", qa_line(&["pick", query]));
    let mut command = script(env, 100, 30, &line);
    // A short answer is not paged; `cat` stands in should one be.
    command.env("QA_PAGER", "cat");
    // The picker is up when its list shows the first hit's number.
    let screen = drive(command, "1. ", keys);
    let status = screen
        .rsplit("EXIT=")
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    (screen, status)
}

#[test]
fn the_picker_previews_the_answer_and_prints_the_chosen_one() {
    let env = sample();
    env.qa().arg("index").assert().success();
    let ids = listed(&env, "middleware");
    assert!(ids.len() >= 2, "{ids:?}");
    let answer_of = |id: &str| {
        let shown = env.qa().args(["show", id, "--json"]).output().unwrap();
        let shown: serde_json::Value = serde_json::from_str(&stdout(&shown)).unwrap();
        shown["answer"].as_str().unwrap().to_string()
    };
    let compact = |text: &str| text.split_whitespace().collect::<String>();
    // As `qa show` prints it with the bank named `corpus`, as the picker's command line names it.
    let printed = |id: &str| {
        stdout(&env.qa().args(["show", id]).output().unwrap())
            .replace(&env.corpus().display().to_string(), "corpus")
    };

    // Enter: the first hit, previewed while the picker is up, then printed in full after it closes
    // (the picker draws with cursor moves, so its text is compared without spaces).
    let (screen, status) = pick(&env, "middleware", &["\r"]);
    assert_eq!(status, "0", "{screen}");
    let before_exit = screen.rsplit_once("EXIT=").unwrap().0.trim_end();
    let expected = printed(&ids[0]);
    let picker = before_exit
        .strip_suffix(expected.trim_end())
        .unwrap_or_else(|| panic!("not printed as qa show prints it: {screen}"));
    assert!(compact(picker).contains("1."), "no list: {picker}");
    let first_words: String = compact(&answer_of(&ids[0])).chars().take(40).collect();
    assert!(
        compact(picker).contains(&first_words),
        "no preview of {first_words:?}: {picker}"
    );

    // Down, then Enter: the second hit.
    let (screen, status) = pick(&env, "middleware", &["\u{1b}[B", "\r"]);
    assert_eq!(status, "0", "{screen}");
    let before_exit = screen.rsplit_once("EXIT=").unwrap().0.trim_end();
    assert!(
        before_exit.ends_with(printed(&ids[1]).trim_end()),
        "not the second hit: {screen}"
    );

    // Typing narrows the list: "2." keeps only the second hit (fuzzy, on the number too).
    let (screen, status) = pick(&env, "middleware", &["2.", "\r"]);
    assert_eq!(status, "0", "{screen}");
    assert!(
        screen
            .rsplit_once("EXIT=")
            .unwrap()
            .0
            .trim_end()
            .ends_with(printed(&ids[1]).trim_end()),
        "{screen}"
    );

    // Esc: nothing chosen, exit 1, nothing printed.
    let (screen, status) = pick(&env, "middleware", &["\u{1b}"]);
    assert_eq!(status, "1", "{screen}");
}
