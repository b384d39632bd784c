//! Other people's interview repos through the real binary: a question-only bank (titles and prompts, no
//! answers), one question per heading worded as an instruction with an `Answer` sub-heading, a bank
//! written as lists of questions, headings decorated with marks before their numbers, and "back to top"
//! links after every answer.

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

#[test]
fn a_list_of_questions_is_searchable_as_questions_to_practise() {
    let env = Env::new();
    env.write(
        "backend/README.md",
        include_str!("../src/parse/fixtures/lists.md"),
    );
    let out = ok(&env, &["search", "n+1", "production"]);
    assert!(
        out.starts_with("1. What is the N+1 query problem? How would you spot it in production?\n"),
        "{out}"
    );
    assert!(
        out.contains("(no answer in this bank: a question to practise)"),
        "{out}"
    );
    // The section is a tag: `tag:security` lists that section's three questions.
    let security = ok(&env, &["search", "tag:security", "--json"]);
    let hits: serde_json::Value = serde_json::from_str(&security).expect("json");
    assert_eq!(hits["hits"].as_array().map(Vec::len), Some(3), "{security}");
    assert_eq!(questions(&env), 11);
}

#[test]
fn marks_before_numbered_headings_are_left_out_and_no_question_is_swallowed() {
    let env = Env::new();
    env.write(
        "sql/README.md",
        include_str!("../src/parse/fixtures/marked.md"),
    );
    let out = ok(&env, &["search", "view"]);
    assert!(out.starts_with("1. What is a view?\n"), "{out}");
    let out = ok(&env, &["search", "select", "statement", "purpose"]);
    assert!(
        out.starts_with("1. Explain the purpose of the SELECT statement.\n"),
        "{out}"
    );
    assert_eq!(questions(&env), 5);
}

#[test]
fn back_to_top_links_after_answers_are_left_out() {
    let env = Env::new();
    env.write(
        "README.md",
        "# Backend Interview Questions\n\n## Table of Contents\n\n- [What is REST?](#what-is-rest)\n\n\
## What is REST?\n\nREST is an architectural style built on resources and stateless requests.\n\n\
**[⬆ Back to Top](#table-of-contents)**\n\n---\n\n\
## What is CORS?\n\nCORS lets a server say which other origins may read its responses.\n\n\
<div align=\"right\"><a href=\"#top\">↥ back to top</a></div>\n\n## License\n\nMIT\n",
    );
    assert_eq!(questions(&env), 2);
    for (query, answer) in [
        ("rest", "stateless requests."),
        ("cors", "read its responses."),
    ] {
        let out = ok(&env, &["search", query]);
        assert!(out.contains(answer.trim_end_matches('.')), "{out}");
        assert!(!out.to_lowercase().contains("back to top"), "{out}");
        let shown = ok(&env, &["show", "1"]);
        assert!(shown.trim_end().ends_with(answer), "{shown}");
    }
}
