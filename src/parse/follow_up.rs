//! The `**Follow-up:**` paragraph that ends an answer: the question an interviewer asks next, with its
//! short answer or a link to the entry that answers it (corpus/README.md, "A file"). `qa mock` asks it
//! after its entry; search leaves it out of the answer's text, since it is about the next subject, not
//! this one.

use crate::entry::FollowUp;

/// Reads the answer's last paragraph as a follow-up. `path` is the bank file's path (relative to the
/// bank), against which a link's target is resolved to an id.
pub fn split(answer: &str, path: &str) -> Option<FollowUp> {
    let body = answer.trim_end();
    let at = body.rfind("\n\n").map_or(0, |i| i + 2);
    let paragraph = &body[at..];
    let rest = strip_label(paragraph.trim_start())?;
    let (question, rest) = quoted(rest).unwrap_or_else(|| match rest.find('?') {
        Some(end) => (rest[..=end].to_string(), &rest[end + 1..]),
        None => (rest.to_string(), ""),
    });
    let question = one_line(&question);
    if question.is_empty() {
        return None;
    }
    let answer = one_line(rest);
    let link = link_target(&answer).and_then(|target| resolve(path, target));
    Some(FollowUp {
        question,
        answer,
        link,
        at,
    })
}

/// The text after a `**Follow-up:**` label (emphasis, case and a space for the hyphen are free).
fn strip_label(paragraph: &str) -> Option<&str> {
    let text = paragraph.trim_start_matches(['*', '_']);
    let (label, rest) = text.split_once(':')?;
    let label = label.to_lowercase().replace(['-', ' '], "");
    if label != "followup" && label != "followupquestion" {
        return None;
    }
    Some(rest.trim_start_matches(['*', '_']).trim_start())
}

/// A question in straight or curly double quotes at the start, and what follows it. Quotes inside a
/// code span (`` `lazy="joined"` ``) or escaped (`\"`) do not end it.
fn quoted(text: &str) -> Option<(String, &str)> {
    let (open, close) = match text.chars().next()? {
        '"' => ('"', '"'),
        '“' => ('“', '”'),
        _ => return None,
    };
    let inner = &text[open.len_utf8()..];
    let mut code = false;
    let mut escaped = false;
    for (i, c) in inner.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '`' => code = !code,
            c if c == close && !code => {
                let question = inner[..i].replace("\\\"", "\"");
                return Some((question, &inner[i + c.len_utf8()..]));
            }
            _ => {}
        }
    }
    None
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The target of a `See [title](target)` link to a bank file (`x.md#slug`) or this file (`#slug`).
fn link_target(answer: &str) -> Option<&str> {
    if !answer.to_lowercase().starts_with("see ") {
        return None;
    }
    let start = answer.find("](")? + 2;
    let end = start + answer[start..].find(')')?;
    let target = &answer[start..end];
    target.contains('#').then_some(target)
}

/// A link target as an id: `../databases/locking.md#slug` from `security/x.md` is
/// `databases/locking#slug`; `#slug` is in the same file. `None` for a link outside the bank.
pub fn resolve(path: &str, target: &str) -> Option<String> {
    let (file, slug) = target.split_once('#')?;
    if slug.is_empty() || file.contains("://") {
        return None;
    }
    let file = if file.is_empty() {
        path
    } else {
        &join(path, file)?
    };
    let stem = file.strip_suffix(".md").unwrap_or(file);
    Some(format!("{stem}#{slug}"))
}

/// A link in entry `id`'s answer to another entry of its bank, as that entry's id (`source:` kept for a
/// source's ids); `None` for any other link.
pub fn linked_id(id: &str, target: &str) -> Option<String> {
    let (source, own) = match id.split_once(':') {
        Some((source, own)) if !source.contains(['/', '#']) => (Some(source), own),
        _ => (None, id),
    };
    let file = format!("{}.md", own.split_once('#').map_or(own, |(file, _)| file));
    let target = resolve(&file, target)?;
    Some(match source {
        Some(source) => format!("{source}:{target}"),
        None => target,
    })
}

/// `file` relative to the folder of `path`, with `.` and `..` applied; `None` above the bank.
fn join(path: &str, file: &str) -> Option<String> {
    let mut parts: Vec<&str> = path.split('/').collect();
    parts.pop();
    for part in file.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANSWER: &str = "Use a pool.\n\n**Pitfall:** too many.\n\n";

    #[test]
    fn a_quoted_question_and_its_short_answer() {
        let text = format!(
            "{ANSWER}**Follow-up:** \"How do you size it?\" Start from\nthe database's limit."
        );
        let found = split(&text, "performance/pools.md").unwrap();
        assert_eq!(found.question, "How do you size it?");
        assert_eq!(found.answer, "Start from the database's limit.");
        assert_eq!(found.link, None);
        assert_eq!(&text[..found.at], ANSWER);
    }

    #[test]
    fn a_link_names_the_entry_that_answers() {
        let text = format!(
            "{ANSWER}**Follow-up:** \"And locks?\" See [locking](../databases/locking.md#what-is-a-lock)."
        );
        let found = split(&text, "performance/pools.md").unwrap();
        assert_eq!(
            found.link.as_deref(),
            Some("databases/locking#what-is-a-lock")
        );
        let same = split(
            "**Follow-up:** \"Why?\" See [below](#other-question).",
            "php/a.md",
        )
        .unwrap();
        assert_eq!(same.link.as_deref(), Some("php/a#other-question"));
        assert_eq!(same.at, 0);
    }

    #[test]
    fn unquoted_questions_curly_quotes_and_other_labels() {
        let plain = split("x\n\n*Follow up:* Why not? Because.", "a/b.md").unwrap();
        assert_eq!(
            (plain.question.as_str(), plain.answer.as_str()),
            ("Why not?", "Because.")
        );
        let curly = split("x\n\n**Follow-up question:** “Is it safe?” Yes.", "a/b.md").unwrap();
        assert_eq!(curly.question, "Is it safe?");
        let code = split(
            "**Follow-up:** \"Why not `lazy=\"joined\"`?\" Scope.",
            "a/b.md",
        )
        .unwrap();
        assert_eq!(code.question, "Why not `lazy=\"joined\"`?");
        let escaped = split(
            "**Follow-up:** \"Why add `\\\"private\\\": true`?\" Safety.",
            "a/b.md",
        )
        .unwrap();
        assert_eq!(escaped.answer, "Safety.");
    }

    #[test]
    fn only_the_last_paragraph_and_only_with_the_label() {
        assert_eq!(
            split("**Follow-up:** \"A?\" b\n\nMore text.", "a/b.md"),
            None
        );
        assert_eq!(split("**Pitfall:** \"A?\" b", "a/b.md"), None);
        assert_eq!(split("**Follow-up:**", "a/b.md"), None);
        assert_eq!(resolve("a/b.md", "../../x.md#s"), None);
        assert_eq!(resolve("a/b.md", "https://x.org/y.md#s"), None);
        assert_eq!(
            linked_id("php/pdo#how", "../databases/locking.md#lock").as_deref(),
            Some("databases/locking#lock")
        );
        assert_eq!(
            linked_id("notes:php/pdo#how", "#other").as_deref(),
            Some("notes:php/pdo#other")
        );
        assert_eq!(linked_id("php/pdo#how", "https://php.net/pdo#x"), None);
        assert_eq!(linked_id("php/pdo#how", "pdo.md"), None);
    }
}
