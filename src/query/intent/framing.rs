//! Words that frame a question rather than name its subject, found by where they stand: the verb of
//! "how do I write/implement/set up X" (the subject is X, and an entry that happens to say "write" is
//! not closer to it), and the listener of "explain X to someone new to Node" or "... to a junior
//! developer", and the stock clause "what problem does it solve" of an interview question. Such a word is
//! left out of what an answer must cover, as filler is; alone, it is searched.

/// Verbs that say "make it happen" after "how do I", "how to" or "the best way to": the subject follows.
/// Verbs that are themselves a subject (`cache`, `index`, `hash`, `scale`, `deploy`) are not here.
const GENERIC_VERBS: [&str; 14] = [
    "write",
    "design",
    "implement",
    "build",
    "create",
    "add",
    "set",
    "get",
    "go",
    "deal",
    "achieve",
    "perform",
    "approach",
    "setup",
];

/// Who an explanation is for: "to someone new to Node", "to a junior developer".
const LISTENERS: [&str; 17] = [
    "junior",
    "juniors",
    "beginner",
    "beginners",
    "new",
    "newcomer",
    "non-technical",
    "nontechnical",
    "layman",
    "layperson",
    "intern",
    "manager",
    "colleague",
    "developer",
    "developers",
    "stakeholder",
    "five-year-old",
];

/// For each word of a query (lowercased, as typed), whether it frames the question (see the module).
pub fn framing(words: &[String]) -> Vec<bool> {
    let bare: Vec<&str> = words
        .iter()
        .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
        .collect();
    let mut framing = vec![false; words.len()];
    for (i, word) in bare.iter().enumerate() {
        if GENERIC_VERBS.contains(word) && asks_how(&bare[..i]) {
            framing[i] = true;
            // "set up", "go about", "deal with": the particle goes with its verb.
            if let Some(next) = bare.get(i + 1)
                && matches!(*next, "up" | "about" | "with")
            {
                framing[i + 1] = true;
            }
        }
    }
    // "What problem does it solve": the question asks what X is for, whatever X is.
    for i in 1..bare.len() {
        if matches!(bare[i], "problem" | "problems") && matches!(bare[i - 1], "what" | "which") {
            let solver = (i + 1..bare.len().min(i + 6))
                .find(|&j| matches!(bare[j], "solve" | "solves" | "address" | "addresses"));
            if let Some(j) = solver
                && !words[i..j].iter().any(|w| ends_clause(w))
            {
                framing[i] = true;
                framing[j] = true;
            }
        }
    }
    // The listener: after "to someone" / "to a" in a question that asks for an explanation, up to the
    // end of its clause.
    let explains = bare
        .iter()
        .any(|word| matches!(*word, "explain" | "describe" | "teach"));
    if explains {
        for i in 0..bare.len() {
            let to_someone =
                bare[i] == "to" && bare.get(i + 1).is_some_and(|next| opens_listener(next));
            if !to_someone {
                continue;
            }
            // "to someone coming from Java": all of it is who listens, up to a question that
            // follows ("to someone new how indexes work").
            let anyone = matches!(bare[i + 1], "someone" | "somebody");
            for j in i + 1..bare.len() {
                if anyone && QUESTION_WORDS.contains(&bare[j]) {
                    break;
                }
                if anyone || LISTENERS.contains(&bare[j]) {
                    framing[j] = true;
                }
                if ends_clause(&words[j]) {
                    break;
                }
            }
        }
    }
    framing
}

/// Words that open a question or its next clause: "and what", "to someone new how ...".
pub const QUESTION_WORDS: [&str; 7] = ["what", "how", "when", "why", "which", "where", "who"];

/// Whether the word after "to" names who an explanation is for: "to someone", "to a junior".
pub fn opens_listener(word: &str) -> bool {
    matches!(
        word,
        "someone" | "somebody" | "a" | "an" | "the" | "my" | "our" | "your"
    )
}

/// Whether a word, as typed, ends its clause ("patch," in "between PUT and PATCH, and when ...").
pub fn ends_clause(word: &str) -> bool {
    word.ends_with([',', ';', '.', '?', '!'])
}

/// Whether the words before a verb are a "how" opener that leaves the verb generic: "how do I",
/// "how would you", "how to", "how can we", "best way to", "how should I go about".
fn asks_how(before: &[&str]) -> bool {
    match before {
        [.., "how", "to"] | [.., "way", "to"] => true,
        [.., "how", modal, person] => {
            matches!(
                *modal,
                "do" | "does" | "did" | "can" | "could" | "should" | "would" | "will"
            ) && matches!(*person, "i" | "you" | "we" | "one")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::framing;

    fn framed(text: &str) -> Vec<String> {
        let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
        words
            .iter()
            .zip(framing(&words))
            .filter(|(_, framing)| *framing)
            .map(|(word, _)| word.clone())
            .collect()
    }

    #[test]
    fn the_framing_words_are_found() {
        for (text, expected) in [
            (
                "How do I write an error-handling middleware in Express?",
                vec!["write"],
            ),
            ("how to set up replication in mysql", vec!["set", "up"]),
            (
                "what's the best way to implement rate limiting",
                vec!["implement"],
            ),
            ("how should we go about sharding", vec!["go", "about"]),
            (
                "How would you explain Express middleware and next() to someone new to Node?",
                vec!["someone", "new", "to", "node?"],
            ),
            (
                "explain indexes to a junior developer",
                vec!["junior", "developer"],
            ),
            (
                "How would you explain the Node.js event loop to someone coming from a multithreaded language like Java?",
                vec![
                    "someone",
                    "coming",
                    "from",
                    "a",
                    "multithreaded",
                    "language",
                    "like",
                    "java?",
                ],
            ),
            (
                "explain to someone new how indexes work",
                vec!["someone", "new"],
            ),
            (
                "How would you design an idempotent API for payments?",
                vec!["design"],
            ),
            // A verb that is the subject, or one not after a "how" opener, stays.
            ("rest api design best practices", vec![]),
            ("how do you cache a query", vec![]),
            ("write-through cache", vec![]),
            ("write skew vs lost update", vec![]),
            ("how do writes reach the replica", vec![]),
            ("what is new in php 8.4", vec![]),
            ("how do you add a column without downtime", vec!["add"]),
            (
                "why use a message queue, and what problems does it solve?",
                vec!["problems", "solve?"],
            ),
            (
                "what is the outbox pattern and which problem does it address",
                vec!["problem", "address"],
            ),
            // A problem that is itself the question, or one the subject causes, stays.
            ("what problems does replication lag cause", vec![]),
            ("the n+1 problem, and how do you solve it", vec![]),
        ] {
            assert_eq!(framed(text), expected, "{text}");
        }
    }
}
