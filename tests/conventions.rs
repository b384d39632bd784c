//! Other people's interview repos through the real binary: a question-only bank (titles and prompts, no
//! answers) and one question per heading worded as an instruction with an `Answer` sub-heading.

mod support;

use support::{Env, stdout};

/// The standard output of a `qa` run that must succeed.
fn ok(env: &Env, args: &[&str]) -> String {
    stdout(env.qa().args(args).assert().success().get_output())
}

/// The number of questions `qa topics --json` counts.
fn questions(env: &Env) -> u64 {
    let topics: serde_json::Value =
        serde_json::from_str(&ok(env, &["topics", "--json"])).expect("json");
    topics["questions"].as_u64().expect("questions")
}

#[test]
fn question_only_bank_is_searchable_and_says_it_has_no_answer() {
    let env = Env::new();
    env.write(
        "general/README.md",
        include_str!("../src/parse/fixtures/prompts.md"),
    );
    let out = ok(&env, &["search", "idempotent"]);
    assert!(out.starts_with(
        "1. What does it mean for an endpoint to be idempotent? Which HTTP methods are expected to be?\n"
    ));
    assert!(
        out.contains("   (no answer in this bank: a question to practise)\n"),
        "{out}"
    );
    let id = "general/README#what-does-it-mean-for-an-endpoint-to-be-idempotent-which-http-methods-are-expected-to-be";
    let shown = ok(&env, &["show", id]);
    assert!(shown.contains("tags: idempotency\n"), "{shown}");
    assert!(
        shown.ends_with("\n(no answer in this bank: a question to practise)\n"),
        "{shown}"
    );
    assert_eq!(questions(&env), 12);
}

#[test]
fn instruction_headings_with_an_answer_sub_heading_are_questions() {
    let env = Env::new();
    env.write(
        "exercises/README.md",
        include_str!("../src/parse/fixtures/instructions.md"),
    );
    let out = ok(&env, &["search", "clustered", "indexes"]);
    assert!(
        out.starts_with(
            "1. Compare clustered and non-clustered indexes, and say when each helps.\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("A clustered index stores the rows themselves"),
        "{out}"
    );
    assert_eq!(questions(&env), 6);
}
