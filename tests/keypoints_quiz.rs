//! `qa quiz --type` through stdin with the clock fixed: the typed answer (several lines, ended by an
//! empty line) is checked against the entry's key points before the answer is shown, the grade after it
//! is saved as a review, and the end of input while typing ends the session.

mod support;

use support::quiz::{DAY0, ok, quiz, store};
use support::{Env, stdout};

const BANK: &str = "---\ntopic: security\n---\n\n# Passwords\n\n\
## How should passwords be stored?\n\n**Level:** junior · **Tags:** password hashing, pepper\n\n\
**Key points:** a slow, salted hash (Argon2id, bcrypt); a unique salt per password; never encryption\n\n\
Hash them with a slow, salted algorithm; never encrypt them.\n\n\
## What is a pepper?\n\n**Level:** mid · **Tags:** pepper, hsm\n\n\
A secret added to every password before hashing, kept outside the database.\n\n\
- Stored in a secrets manager or an HSM, never in the database\n";

fn bank() -> Env {
    let env = Env::new();
    env.write("security/passwords.md", BANK);
    env
}

#[test]
fn a_typed_answer_is_checked_against_the_key_points_then_graded() {
    let env = bank();
    let keys = "Use bcrypt or argon2,\nwith a unique salt for every passwrod.\n\n3\n";
    let text = stdout(&ok(quiz(&env, DAY0, &["--type", "-n", "1"], keys)));
    let expected = "[1/1] security · junior · password hashing, pepper · new\n\
How should passwords be stored?\n\
Type your answer (an empty line or Ctrl-D ends it):\n\
\n\
Key points: 2 of 3 covered\n\
\u{20} ✓ a slow, salted hash (Argon2id, bcrypt)\n\
\u{20} ✓ a unique salt per password\n\
\u{20} ✗ never encryption\n\
\n\
How should passwords be stored?\n";
    assert!(text.starts_with(expected), "{text}");
    assert!(
        text.contains("Hash them with a slow, salted algorithm"),
        "{text}"
    );
    assert!(
        !text.contains("Key points:**"),
        "the line is not part of the answer: {text}"
    );
    assert!(text.contains("good: next in"), "{text}");
    let log = store(&env).reviews(None).unwrap();
    assert_eq!(log.len(), 1, "the grade is saved as a review");
}

#[test]
fn derived_key_points_are_used_without_an_explicit_line() {
    let env = bank();
    let keys = "\n3\nIt is a secret kept in an HSM\n\n1\n";
    let text = stdout(&ok(quiz(&env, DAY0, &["--type", "-n", "2"], keys)));
    assert!(text.contains("Key points: 0 of 3 covered"), "{text}");
    let pepper = text
        .split("[2/2]")
        .nth(1)
        .unwrap_or_else(|| panic!("{text}"));
    // The list item's lead; the tags add nothing (`pepper` is the question's word, `hsm` the item's).
    assert!(
        pepper.contains("Key points: 1 of 1 covered\n  ✓ Stored in a secrets manager or an HSM\n"),
        "{pepper}"
    );
    assert_eq!(store(&env).reviews(None).unwrap().len(), 2);
}

#[test]
fn the_end_of_input_while_typing_ends_the_session_without_a_grade() {
    let env = bank();
    let text = stdout(&ok(quiz(&env, DAY0, &["--type", "-n", "1"], "")));
    assert!(text.contains("Type your answer"), "{text}");
    assert!(!text.contains("Key points"), "{text}");
    assert!(store(&env).reviews(None).unwrap().is_empty());
}
