//! Other people's interview repos through the real binary: a question-only bank (titles and prompts, no
//! answers) and one question per heading worded as an instruction with an `Answer` sub-heading.

mod support;

use support::{Env, stdout};

#[test]
fn question_only_bank_is_searchable_and_says_it_has_no_answer() {
    let env = Env::new();
    env.write(
        "general/README.md",
        include_str!("../src/parse/fixtures/prompts.md"),
    );
    let out = stdout(
        env.qa()
            .args(["search", "idempotent"])
            .assert()
            .success()
            .get_output(),
    );
    assert!(out.starts_with(
        "1. What does it mean for an endpoint to be idempotent? Which HTTP methods are expected to be?\n"
    ));
    assert!(
        out.contains("   (no answer in this bank: a question to practise)\n"),
        "{out}"
    );
    let id = "general/README#what-does-it-mean-for-an-endpoint-to-be-idempotent-which-http-methods-are-expected-to-be";
    let shown = stdout(env.qa().args(["show", id]).assert().success().get_output());
    assert!(shown.contains("tags: idempotency\n"), "{shown}");
    assert!(
        shown.ends_with("\n(no answer in this bank: a question to practise)\n"),
        "{shown}"
    );
    let topics = stdout(
        env.qa()
            .args(["topics", "--json"])
            .assert()
            .success()
            .get_output(),
    );
    assert!(topics.contains("\"questions\": 12,"), "{topics}");
}

#[test]
fn instruction_headings_with_an_answer_sub_heading_are_questions() {
    let env = Env::new();
    env.write(
        "exercises/README.md",
        include_str!("../src/parse/fixtures/instructions.md"),
    );
    let out = stdout(
        env.qa()
            .args(["search", "clustered", "indexes"])
            .assert()
            .success()
            .get_output(),
    );
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
    let topics = stdout(
        env.qa()
            .args(["topics", "--json"])
            .assert()
            .success()
            .get_output(),
    );
    assert!(topics.contains("\"questions\": 6,"), "{topics}");
}
