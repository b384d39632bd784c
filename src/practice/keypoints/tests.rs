//! Key points per bank convention: our own format (labelled paragraphs, list items, tags), a public
//! repository without bold terms, a list-heavy answer, tables, and an explicit `**Key points:**` line.

use super::*;
use crate::parse::{Source, parse};
use crate::query::synonyms::Synonyms;

fn entry(path: &str, text: &str) -> Entry {
    let source = Source {
        path,
        topic: "misc",
        framework: None,
    };
    parse(&source, text).entries.remove(0)
}

fn points(entry: &Entry) -> Vec<(String, Origin)> {
    key_points(entry, &Matcher::new(Synonyms::builtin()))
        .into_iter()
        .map(|p| (p.text, p.origin))
        .collect()
}

fn texts(entry: &Entry) -> Vec<String> {
    points(entry).into_iter().map(|(text, _)| text).collect()
}

#[test]
fn our_bank_format_gives_labelled_phrases_items_and_tags_without_the_follow_up() {
    let text = "---\ntopic: security\ntags: [security]\n---\n\n# Passwords\n\n\
## How should passwords be stored?\n\n**Level:** junior · **Tags:** password hashing, argon2, pepper, \
passwords\n\nHash them with a slow, salted algorithm.\n\n\
- Use a memory-hard hash such as Argon2id; bcrypt is fine too.\n\
- A unique random salt per password, stored with the hash.\n\n\
**Symptoms:** a leaked dump is cracked within days, identical hashes where users share a password.\n\n\
**Pitfall:** fast hashes like SHA-256, which GPUs try by billions a second.\n\n\
**Follow-up:** \"How do you migrate old hashes?\" Rehash on the next login.\n";
    let found = points(&entry("security/passwords.md", text));
    assert_eq!(
        found,
        [
            (
                "Use a memory-hard hash such as Argon2id".to_string(),
                Origin::Item
            ),
            (
                "A unique random salt per password".to_string(),
                Origin::Item
            ),
            ("fast hashes like SHA-256".to_string(), Origin::Label),
            ("password hashing".to_string(), Origin::Tag),
            ("argon2".to_string(), Origin::Tag),
            ("pepper".to_string(), Origin::Tag),
        ],
        "the topic, a tag in the question's words, the symptoms and the follow-up give no point"
    );
}

#[test]
fn a_repository_without_bold_terms_gives_list_leads_or_nothing() {
    let with_list = "## What is a closure?\n\nA function that keeps its scope.\n\n\
* It remembers variables of the outer function, even after it returned\n\
* Used for callbacks and data privacy\n";
    assert_eq!(
        texts(&entry("js/README.md", with_list)),
        [
            "It remembers variables of the outer function",
            "Used for callbacks and data privacy"
        ]
    );
    let prose = "## What is a closure?\n\nA function that keeps its scope.\n";
    assert!(texts(&entry("js/README.md", prose)).is_empty());
}

#[test]
fn list_heavy_answers_are_capped_with_bold_leads_standing_for_their_item() {
    let mut text = "## Which HTTP headers harden a site?\n\n".to_string();
    for header in [
        "Content-Security-Policy",
        "Strict-Transport-Security",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Permissions-Policy",
        "Cross-Origin-Opener-Policy",
        "X-Frame-Options",
    ] {
        text.push_str(&format!("- **{header}:** what it does, at length.\n"));
    }
    text.push_str("  - a nested detail that is not a point of its own, really not\n");
    let found = points(&entry("web/headers.md", &text));
    assert_eq!(found.len(), MAX_FROM_TEXT);
    assert_eq!(
        found[0],
        ("Content-Security-Policy".to_string(), Origin::Bold)
    );
    assert!(found.iter().all(|(_, origin)| *origin == Origin::Bold));
}

#[test]
fn tables_give_their_first_column_and_code_blocks_give_nothing() {
    let text = "## Which JWT algorithm?\n\n| Algorithm | Key |\n|---|---|\n| HS256 | secret |\n\
| RS256 | key pair |\n\n```text\n- not a list item\n```\n\nA **JWKS** publishes keys.\n";
    assert_eq!(
        points(&entry("t/jwt.md", text)),
        [
            ("HS256".to_string(), Origin::Table),
            ("RS256".to_string(), Origin::Table),
            ("JWKS".to_string(), Origin::Bold),
        ]
    );
}

#[test]
fn an_explicit_key_points_line_replaces_derived_points() {
    let text = "---\ntopic: security\n---\n\n# Passwords\n\n## How should passwords be stored?\n\n\
**Level:** junior · **Tags:** hashing\n\n**Key points:** a slow, salted hash (Argon2id, bcrypt); \
never encryption\n\n- Use Argon2id.\n";
    let found = entry("security/passwords.md", text);
    assert!(!found.answer.contains("Key points"));
    assert_eq!(
        points(&found),
        [
            (
                "a slow, salted hash (Argon2id, bcrypt)".to_string(),
                Origin::Explicit
            ),
            ("never encryption".to_string(), Origin::Explicit),
        ]
    );
}

#[test]
fn leading_phrases_stop_at_clause_ends_and_keep_parentheses_whole() {
    for (text, expected) in [
        ("Short: then more", "Short"),
        (
            "Serve it with gunicorn (or another WSGI server), which never",
            "Serve it with gunicorn (or another WSGI server)",
        ),
        ("A, B, C and D are kept", "A, B, C and D are kept"),
        ("Cache it — but not forever", "Cache it"),
        ("Use `a.b` then stop. Next sentence", "Use `a.b` then stop"),
        (
            "one two three four five six seven eight nine (ten eleven) twelve",
            "one two three four five six seven eight nine",
        ),
    ] {
        assert_eq!(lead(text), expected, "{text:?}");
    }
}
