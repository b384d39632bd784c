//! Table tests: one case per Markdown convention the parser reads.

use super::text::*;
use super::*;
use crate::entry::Level;

fn source(path: &str) -> Source<'_> {
    Source {
        path,
        topic: "misc",
        framework: None,
    }
}

fn questions(text: &str) -> Vec<String> {
    parse(&source("t/file.md"), text)
        .entries
        .into_iter()
        .map(|e| e.question)
        .collect()
}

fn answers(text: &str) -> Vec<String> {
    parse(&source("t/file.md"), text)
        .entries
        .into_iter()
        .map(|e| e.answer)
        .collect()
}

const BANK: &str = "---\ntopic: laravel\nframework: laravel\ntags: [php]\n---\n\n# Middleware\n\n\
## How does middleware work in Laravel?\n\n**Level:** mid · **Tags:** middleware, Pipeline\n\n\
It wraps the request.\n\n### Example\n\n```php\n## not a heading\n$next($request);\n```\n\n\
## What is terminable middleware\n\n**Level:** senior · **Tags:** terminate\n\nRuns after the response.\n";

#[test]
fn bank_format_reads_front_matter_meta_line_and_ids() {
    let parsed = parse(&source("laravel/middleware.md"), BANK);
    assert_eq!(parsed.warnings, vec![]);
    let [first, second] = parsed.entries.as_slice() else {
        panic!("want two entries, got {:?}", parsed.entries);
    };
    assert_eq!(
        first.id,
        "laravel/middleware#how-does-middleware-work-in-laravel"
    );
    assert_eq!(first.topic, "laravel");
    assert_eq!(first.framework.as_deref(), Some("laravel"));
    assert_eq!(first.tags, vec!["php", "middleware", "pipeline"]);
    assert_eq!(first.level, Some(Level::Mid));
    assert_eq!(first.line, 9);
    assert!(first.answer.starts_with("It wraps the request."));
    assert!(
        first.answer.contains("## not a heading"),
        "code stays in the answer"
    );
    assert!(first.answer.contains("### Example"));
    assert!(!first.answer.contains("Level:"));
    // In our format every `##` is a question, with or without a question mark.
    assert_eq!(second.question, "What is terminable middleware");
    assert_eq!(second.level, Some(Level::Senior));
    assert_eq!(second.line, 22);
}

#[test]
fn numbered_headings_lose_their_numbers() {
    let text = "# Node\n\n## 1. What is Node.js?\n\nA runtime.\n\n## 2) What is npm?\n\nA package manager.\n";
    assert_eq!(questions(text), ["What is Node.js?", "What is npm?"]);
}

#[test]
fn question_labels_and_quotes_are_stripped() {
    let text = "## Question 3: \"What is PHP?\"\n\nA language.\n\n## Q4. What is PDO?\n\nAn API.\n\n\
## Question: What is FPM\n\nA process manager.\n";
    assert_eq!(
        questions(text),
        ["What is PHP?", "What is PDO?", "What is FPM"]
    );
}

#[test]
fn answer_labels_are_stripped() {
    let text = "## What is a?\n\nAnswer: first.\n\n## What is b?\n\n**Answer:** second.\n\n\
## What is c?\n\n**Answer**: third.\n\n## What is d?\n\n**Answer**\n\nfourth.\n\n## What is e?\n\nA: fifth.\n";
    assert_eq!(
        answers(text),
        ["first.", "second.", "third.", "fourth.", "fifth."]
    );
}

#[test]
fn ordinary_answers_keep_their_first_word() {
    let text = "## What is a?\n\nAnswers vary.\n\n## What is b?\n\nA simple thing.\n";
    assert_eq!(answers(text), ["Answers vary.", "A simple thing."]);
}

#[test]
fn questions_under_section_headings_use_the_deeper_level() {
    let text = "# Interview\n\n## Basics\n\n### What is HTTP?\n\nA protocol.\n\n#### Example:\n\nGET /\n\n\
### What is REST?\n\nA style.\n\n## Advanced\n\n### What is gRPC?\n\nAn RPC framework.\n";
    assert_eq!(
        questions(text),
        ["What is HTTP?", "What is REST?", "What is gRPC?"]
    );
    let all = answers(text);
    assert!(all[0].contains("#### Example:") && all[0].contains("GET /"));
    assert_eq!(all[1], "A style.", "a section heading ends the answer");
}

#[test]
fn unnumbered_heading_inside_a_numbered_series_belongs_to_the_answer() {
    let text = "## Question 4: What is a session?\n\nServer state.\n\n## Cookies\n\nSmall files.\n\n\
## Question 5: What is JWT?\n\nA token.\n\n## License\n\nMIT\n";
    assert_eq!(questions(text), ["What is a session?", "What is JWT?"]);
    let all = answers(text);
    assert!(all[0].contains("## Cookies") && all[0].contains("Small files."));
    assert_eq!(
        all[1], "A token.",
        "a trailing non-question heading is not part of the answer"
    );
}

#[test]
fn hash_lines_in_fenced_code_are_not_headings() {
    let text = "## What is bash?\n\nA shell.\n\n```bash\n# comment\n## also a comment?\n```\n";
    assert_eq!(questions(text), ["What is bash?"]);
    assert!(answers(text)[0].contains("## also a comment?"));
}

#[test]
fn details_blocks_are_questions() {
    let text = "# Q&A\n\n<details>\n<summary>What is Flask?</summary>\n\nA micro framework.\n\n</details>\n\n\
<details><summary>What is WSGI?</summary>\n\n**Answer:** An interface.\n\n</details>\n";
    assert_eq!(questions(text), ["What is Flask?", "What is WSGI?"]);
    assert_eq!(answers(text)[1], "An interface.");
}

#[test]
fn details_that_only_reveal_an_answer_stay_inside_a_heading_question() {
    let text = "### 1. What is Express?\n\n<details><summary>Answer</summary>\n\nA framework.\n\n</details>\n";
    assert_eq!(questions(text), ["What is Express?"]);
    assert!(answers(text)[0].contains("A framework."));
}

#[test]
fn unclosed_details_runs_to_the_end() {
    let text = "<details><summary>What is a queue?</summary>\n\nA buffer of work.\n";
    assert_eq!(answers(text), ["A buffer of work."]);
}

#[test]
fn table_of_contents_is_not_a_question() {
    let text = "# Contents\n\n- [What is Node?](#what-is-node)\n- [What is npm?](#what-is-npm)\n";
    let parsed = parse(&source("t/toc.md"), text);
    assert!(parsed.entries.is_empty());
    assert_eq!(parsed.warnings.len(), 1);
    assert!(parsed.warnings[0].message.contains("no questions found"));
}

#[test]
fn broken_front_matter_is_a_warning_and_the_body_is_still_read() {
    let text = "---\ntopic: [unclosed\n---\n\n## What is X?\n\nAn answer.\n";
    let parsed = parse(&source("t/f.md"), text);
    assert_eq!(parsed.entries.len(), 1);
    assert_eq!(parsed.entries[0].topic, "misc");
    assert_eq!(parsed.warnings.len(), 1);
    assert!(parsed.warnings[0].message.starts_with("front matter"));
}

#[test]
fn unclosed_front_matter_is_a_warning() {
    let parsed = parse(&source("t/f.md"), "---\ntopic: x\n\n## What is X?\n\nY.\n");
    assert!(
        parsed
            .warnings
            .iter()
            .any(|w| w.message.contains("closing"))
    );
}

#[test]
fn questions_without_answers_are_skipped_with_one_warning() {
    let parsed = parse(&source("t/f.md"), "## What is X?\n\n## What is Y?\n\nY.\n");
    assert_eq!(parsed.entries.len(), 1);
    assert_eq!(parsed.warnings.len(), 1);
}

#[test]
fn duplicate_questions_get_numbered_ids() {
    let text = "## What is X?\n\nOne.\n\n## What is X?\n\nTwo.\n";
    let ids: Vec<_> = parse(&source("a/b.md"), text)
        .entries
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(ids, ["a/b#what-is-x", "a/b#what-is-x-2"]);
}

#[test]
fn crlf_and_bom_are_read() {
    let text = "\u{feff}---\r\ntopic: php\r\n---\r\n\r\n## What is PHP?\r\n\r\nA language.\r\n";
    let parsed = parse(&source("php/a.md"), text);
    assert_eq!(parsed.warnings, vec![]);
    assert_eq!(parsed.entries[0].topic, "php");
    assert_eq!(parsed.entries[0].line, 5);
}

#[test]
fn unknown_level_is_a_warning() {
    let text = "---\ntopic: php\n---\n## What?\n\n**Level:** guru · **Tags:** x\n\nBody.\n";
    let parsed = parse(&source("php/a.md"), text);
    assert_eq!(parsed.entries[0].level, None);
    assert!(parsed.warnings[0].message.contains("guru"));
}

#[test]
fn reads_as_question_cases() {
    for (heading, expected) in [
        ("What is Node.js?", true),
        ("1. Introduction", true),
        ("Question 3: \"What is PHP?\"", true),
        ("Q12) Explain closures", true),
        ("Queues", false),
        ("Questions about PHP", false),
        ("Cookies", false),
        ("Is it fast?**", true),
        ("2.5 release", false),
    ] {
        assert_eq!(reads_as_question(heading), expected, "{heading}");
    }
}

#[test]
fn slug_cases() {
    assert_eq!(
        slug("How does middleware work in Laravel?"),
        "how-does-middleware-work-in-laravel"
    );
    assert_eq!(slug("  C++ vs. Node.js!! "), "c-vs-node-js");
    assert_eq!(slug("¿Qué es PHP?"), "qué-es-php");
    assert_eq!(slug("???"), "");
}

#[test]
fn plain_text_drops_markup_and_keeps_code() {
    let plain = plain_text("**Bold** and `code`.\n\n```php\necho 1;\n```\n\n<b>x</b>");
    assert!(plain.contains("Bold and code."));
    assert!(plain.contains("echo 1;"));
    assert!(!plain.contains("**") && !plain.contains("<b>"));
}

#[test]
fn plain_text_reads_as_sentences_once_its_lines_are_joined() {
    let plain = plain_text(
        "### Server logic\n\n- Look up the key\n- Store it\n\n| Need | Extension |\n|---|---|\n| uploads | Flask-Uploads |\n\n### Why?\nBecause.",
    );
    assert_eq!(
        plain.split_whitespace().collect::<Vec<_>>().join(" "),
        "Server logic. • Look up the key • Store it Need | Extension. uploads | Flask-Uploads. Why? Because."
    );
}

#[test]
fn an_answer_sub_heading_makes_any_heading_a_question() {
    // One question per file, worded as an instruction, with `#### Answer` (or `Solution`) under it.
    let text = "# Networking\n\n### Explain how DNS resolution works.\n\n#### Answer\n\nA resolver asks the root, \
then the TLD, then the authoritative server.\n\n### Write a function that reverses a string\n\n#### Solution:\n\n\
```js\nconst reverse = (s) => [...s].reverse().join('');\n```\n\n### Compare TCP and UDP, and say when to use each\n\n\
#### Answer\n\nTCP is reliable and ordered; UDP is neither.\n\n## License\n\nMIT\n";
    let parsed = parse(&source("t/file.md"), text);
    let questions: Vec<_> = parsed.entries.iter().map(|e| e.question.as_str()).collect();
    assert_eq!(
        questions,
        [
            "Explain how DNS resolution works.",
            "Write a function that reverses a string",
            "Compare TCP and UDP, and say when to use each",
        ]
    );
    assert!(parsed.entries[0].answer.starts_with("A resolver asks"));
    assert!(parsed.entries[1].answer.starts_with("```js"));
    assert!(!parsed.entries[2].answer.contains("License"));
}

#[test]
fn question_only_banks_index_each_prompt_with_its_title_as_a_tag() {
    let text = "# Backend questions\n\n#### Idempotency\n\nWhat does it mean for an endpoint to be idempotent? \
Which HTTP methods are?\n\n#### Caching\n\nWhere would you put a cache in a typical web app, and why?\n\n\
#### Rate limiting\n\nExplain how you would limit requests per user.\n\n#### Notes\n\nThese come from real interviews.\n";
    let parsed = parse(&source("t/file.md"), text);
    let entries = &parsed.entries;
    assert_eq!(entries.len(), 3, "{entries:?}");
    assert_eq!(
        entries[0].question,
        "What does it mean for an endpoint to be idempotent? Which HTTP methods are?"
    );
    assert_eq!(entries[0].tags, ["idempotency"]);
    assert!(entries.iter().all(|e| e.answer.is_empty()));
    assert_eq!(entries[2].tags, ["rate limiting"]);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
}

#[test]
fn a_few_short_sections_are_not_a_question_only_bank() {
    let text = "# Notes\n\n#### Setup\n\nDid you install it?\n\n## What is X?\n\nX is a thing.\n";
    assert_eq!(questions(text), ["What is X?"]);
}

#[test]
fn also_asked_as_phrasings_are_read_and_removed_from_the_answer() {
    let text = "---\ntopic: databases\n---\n\n# Replicas\n\n## What is read-your-writes consistency?\n\n\
**Level:** mid · **Tags:** replicas\n\n**Also asked as:** users see old data after saving; my change \
disappears on refresh ;\n\nA read after a write must see that write.\n";
    let parsed = parse(&source("databases/replicas.md"), text);
    let entry = &parsed.entries[0];
    assert_eq!(
        entry.also,
        [
            "users see old data after saving",
            "my change disappears on refresh"
        ]
    );
    assert_eq!(entry.answer, "A read after a write must see that write.");
    assert_eq!(entry.tags, ["replicas"]);
}

/// A realistic file of each public-repo convention parses to the number of questions a reader counts.
#[test]
fn realistic_fixtures_parse_to_their_question_counts() {
    for (name, text, expected) in [
        ("instructions", include_str!("fixtures/instructions.md"), 6),
        ("prompts", include_str!("fixtures/prompts.md"), 12),
        ("lists", include_str!("fixtures/lists.md"), 11),
        ("marked", include_str!("fixtures/marked.md"), 5),
    ] {
        let parsed = parse(&source("t/file.md"), text);
        assert_eq!(
            parsed.entries.len(),
            expected,
            "{name}: {:?}",
            parsed
                .entries
                .iter()
                .map(|e| &e.question)
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn key_points_are_read_and_removed_from_the_answer_in_either_order_with_also_asked() {
    for lines in [
        "**Also asked as:** why are my reads stale\n\n**Key points:** the read goes to the primary; \
         or waits for the replica ;\n\n",
        "**Key points:** the read goes to the primary; or waits for the replica\n\n\
         **Also asked as:** why are my reads stale\n\n",
    ] {
        let text = format!(
            "---\ntopic: databases\n---\n\n# Replicas\n\n## What is read-your-writes consistency?\n\n\
             **Level:** mid · **Tags:** replicas\n\n{lines}A read after a write must see that write.\n"
        );
        let entry = &parse(&source("databases/replicas.md"), &text).entries[0];
        assert_eq!(
            entry.key_points,
            ["the read goes to the primary", "or waits for the replica"]
        );
        assert_eq!(entry.also, ["why are my reads stale"]);
        assert_eq!(entry.answer, "A read after a write must see that write.");
    }
}

#[test]
fn a_mark_before_a_heading_s_number_is_not_part_of_the_question() {
    // Numbered headings some marked with a check mark: every one is a question, none swallowed.
    let text = "#### 2. Describe the difference between SQL and NoSQL.\nAnswer: SQL is relational.\n\n\
#### ✅ 3. Explain the purpose of SELECT.\nAnswer: It reads rows.\n\n#### ✅ 4. What is a view?\nAnswer: A stored query.\n\n\
### ❓ Why use an index?\nAnswer: Fewer rows read.\n";
    assert_eq!(
        questions(text),
        [
            "Describe the difference between SQL and NoSQL.",
            "Explain the purpose of SELECT.",
            "What is a view?",
        ]
    );
    assert_eq!(answers(text)[1], "It reads rows.");
    // A quote or `¿` opening a question is kept.
    assert_eq!(
        questions("### “What is PHP?”\nA language.\n"),
        ["What is PHP?"]
    );
    assert_eq!(
        questions("### ¿Qué es PHP?\nUn lenguaje.\n"),
        ["¿Qué es PHP?"]
    );
}

#[test]
fn one_question_a_file_with_an_answer_guide_asks_the_paragraph_under_its_title() {
    let text = "# Verify build provenance\n\nWhat should build provenance establish for a released image?\n\n\
## Answer guide\n\n- Provenance links an image to its build inputs.\n- It is signed by the builder.\n";
    let parsed = parse(&source("t/provenance.md"), text);
    assert_eq!(parsed.entries.len(), 1, "{:?}", parsed.warnings);
    let entry = &parsed.entries[0];
    assert_eq!(
        entry.question,
        "What should build provenance establish for a released image?"
    );
    assert_eq!(entry.tags, ["verify build provenance"]);
    assert!(
        entry.answer.starts_with("- Provenance links"),
        "{}",
        entry.answer
    );
    assert!(!entry.answer.contains("Answer guide"));
}

#[test]
fn a_list_of_questions_is_a_bank_of_prompts_tagged_with_its_section() {
    let text = "# Back-end questions\n\n## Databases\n\n- How would you manage database schema migrations?\n\
- Why do databases treat null as a special case?\n\n## Beginner Level\n\n1. What is SQL?\n   * Can you define SQL \
and its primary purpose?\n2. Explain the difference between DELETE and TRUNCATE.\n";
    let parsed = parse(&source("t/file.md"), text);
    let entries = &parsed.entries;
    let questions: Vec<_> = entries.iter().map(|e| e.question.as_str()).collect();
    assert_eq!(
        questions,
        [
            "How would you manage database schema migrations?",
            "Why do databases treat null as a special case?",
            "What is SQL? Can you define SQL and its primary purpose?",
            "Explain the difference between DELETE and TRUNCATE.",
        ]
    );
    assert!(entries.iter().all(|e| e.answer.is_empty()));
    assert_eq!(entries[0].tags, ["databases"]);
    assert_eq!(entries[2].tags, ["beginner level"]);
    assert_eq!(entries[2].line, 10);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    // A list of links or notes is not a bank of questions.
    let notes =
        "# Notes\n\n- [Indexes](indexes.md)\n- [Joins](joins.md)\n- What is a view?\n- Caching\n";
    assert!(parse(&source("t/notes.md"), notes).entries.is_empty());
    // Nor a table of contents whose links ask: the questions are in the files it points at.
    let contents = "# Questions\n\n1. [What is a closure?](closures.md)\n2. [What is hoisting?](hoisting.md)\n\
3. [What is the event loop?](event-loop.md)\n";
    assert!(parse(&source("t/README.md"), contents).entries.is_empty());
}

#[test]
fn a_section_named_for_a_level_sets_its_questions_level() {
    let text = "# Backend questions\n\n## Beginner Level\n\n### 1. Explain what an API is.\n\n**Answer:** A contract \
between programs.\n\n## Intermediate Level\n\n### 2. What is a race condition?\n\n**Answer:** Two actions whose \
outcome depends on their timing.\n\n## Experienced\n\n### 3. How would you shard a database?\n\n**Answer:** By a key \
that spreads the load.\n\n## Databases\n\n### 4. What is an index?\n\n**Answer:** A structure that finds rows fast.\n";
    let levels: Vec<_> = parse(&source("t/file.md"), text)
        .entries
        .iter()
        .map(|e| e.level.map(|l| l.as_str()))
        .collect();
    assert_eq!(levels, [Some("junior"), Some("mid"), Some("senior"), None]);
    // A list of questions under a level heading too.
    let list = "## Advanced questions\n\n- How does MVCC work?\n- Why can a replica lag?\n- What is a phantom read?\n";
    let parsed = parse(&source("t/list.md"), list);
    assert!(
        parsed
            .entries
            .iter()
            .all(|e| e.level.map(|l| l.as_str()) == Some("senior"))
    );
    // Our bank's own `**Level:**` line wins over the section.
    let own = "## Beginner Level\n\n### What is a JOIN?\n\n**Level:** mid · **Tags:** sql\n\nIt combines rows.\n";
    let parsed = parse(&source("t/own.md"), own);
    assert_eq!(parsed.entries[0].level.map(|l| l.as_str()), Some("mid"));
}

#[test]
fn lists_of_questions_after_answered_headings_are_read_too() {
    let text = "# Basics\n\n#### 1. What is SQL?\nAnswer: a query language.\n\n- It is declarative.\n- It is \
standard.\n\n#### 2. What is a view?\nAnswer: a stored query.\n\n# Analytical questions\n\n3. How would you find \
the Nth highest salary?\n4. How can you calculate running totals?\n5. Explain how to pivot rows into columns.\n";
    let parsed = parse(&source("t/file.md"), text);
    let questions: Vec<_> = parsed.entries.iter().map(|e| e.question.as_str()).collect();
    assert_eq!(
        questions,
        [
            "What is SQL?",
            "What is a view?",
            "How would you find the Nth highest salary?",
            "How can you calculate running totals?",
            "Explain how to pivot rows into columns.",
        ]
    );
    assert!(parsed.entries[0].answer.contains("It is declarative."));
    assert!(parsed.entries[2].answer.is_empty());
    assert_eq!(parsed.entries[2].tags, ["analytical questions"]);
}

#[test]
fn a_summary_that_goes_on_past_its_first_paragraph_asks_only_that_paragraph() {
    let text = "<details>\n<summary>Explain the following:\n\n* Pipeline\n* Workflow\n</summary><br><b>\n\n\
A pipeline is the whole run; a workflow orders jobs.\n</b></details>\n\n<details>\n<summary>Explain this \
configuration file\n\n```\nversion: 2.1\njobs: {}\n```\n</summary><br><b>\n\nIt declares no jobs.\n</b></details>\n\n\
<details>\n<summary>What is an Orb?</summary><br><b>\n\nA shareable package of configuration.\n</b></details>\n";
    let parsed = parse(&source("t/file.md"), text);
    let questions: Vec<_> = parsed.entries.iter().map(|e| e.question.as_str()).collect();
    assert_eq!(
        questions,
        [
            "Explain the following:",
            "Explain this configuration file",
            "What is an Orb?"
        ]
    );
    let first = &parsed.entries[0].answer;
    assert!(
        first.contains("* Pipeline") && first.contains("A pipeline is"),
        "{first}"
    );
    let second = &parsed.entries[1].answer;
    assert!(
        second.contains("version: 2.1") && second.contains("It declares no jobs."),
        "{second}"
    );
    assert!(
        parsed.entries[2].answer.starts_with("<br><b>")
            || parsed.entries[2].answer.contains("A shareable")
    );
}

#[test]
fn navigation_after_an_answer_is_no_part_of_it() {
    for (answer, kept) in [
        (
            "A style.\n\n**[⬆ Back to Top](#table-of-contents)**",
            "A style.",
        ),
        ("A style.\n\n[↑ back to top](#top)\n\n---", "A style."),
        (
            "A style.\n\n<div align=\"right\"><a href=\"#top\">⬆ back to top</a></div>",
            "A style.",
        ),
        ("A style.\n\n<a href='#readme'>Back</a>", "A style."),
        ("A style.\n\n[Previous](#q1) | [Next](#q3)", "A style."),
        ("A style.\n\n***", "A style."),
        // Words around a link, an external link or code are the answer's.
        (
            "A style.\n\nSee [the CORS entry](#what-is-cors).",
            "A style.\n\nSee [the CORS entry](#what-is-cors).",
        ),
        (
            "A style.\n\n[docs](https://example.com)",
            "A style.\n\n[docs](https://example.com)",
        ),
        ("```yaml\na: 1\n---\n```", "```yaml\na: 1\n---\n```"),
        // An answer that is nothing but a link stays: there would be nothing left.
        ("[Back to top](#top)", "[Back to top](#top)"),
    ] {
        assert_eq!(strip_navigation(answer), kept, "{answer}");
    }
    let text = "## What is REST?\n\nA style.\n\n**[⬆ Back to Top](#toc)**\n\n---\n\n\
## What is CORS?\n\nA header policy.\n\n**[⬆ Back to Top](#toc)**\n";
    assert_eq!(answers(text), ["A style.", "A header policy."]);
}
