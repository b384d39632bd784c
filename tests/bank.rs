//! The shipped bank's lint: every file in `corpus/` follows the format of `corpus/README.md`, every entry has
//! an answer, a level, tags, a follow-up and a unique id, every follow-up that links an entry links one that
//! exists, and each topic holds at least its promised number of questions.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
use qa::bank;
use qa::parse::{Source, parse};

/// The minimum number of questions each topic of the bank promises (its count on 2026-11-29: a topic
/// never shrinks).
const MINIMUM: [(&str, usize); 8] = [
    ("backend", 140),
    ("performance", 85),
    ("databases", 122),
    ("security", 113),
    ("express", 121),
    ("flask", 73),
    ("php", 122),
    ("laravel", 133),
];
const FRAMEWORK_TOPICS: [&str; 3] = ["express", "flask", "laravel"];

#[test]
fn every_entry_of_the_bank_is_complete_and_unique() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let scan = bank::scan(&root).expect("scan corpus");
    let (files, warnings) = (scan.files, scan.warnings);
    assert!(warnings.is_empty(), "{warnings:?}");
    let mut problems = Vec::new();
    let mut ids: HashMap<String, String> = HashMap::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut links: Vec<(String, String)> = Vec::new();
    for file in files.iter().filter(|f| f.path != "README.md") {
        let text = bank::read(&root, &file.path).unwrap_or_else(|w| panic!("{w}"));
        let folder = file.path.split('/').next().unwrap_or_default();
        let parsed = parse(
            &Source {
                path: &file.path,
                topic: "none",
                framework: None,
            },
            &text,
        );
        for warning in &parsed.warnings {
            problems.push(format!(
                "{}:{}: {}",
                file.path, warning.line, warning.message
            ));
        }
        if parsed.entries.is_empty() {
            problems.push(format!("{}: no questions", file.path));
        }
        for entry in &parsed.entries {
            let at = format!("{}:{}", entry.path, entry.line);
            if entry.topic != folder {
                problems.push(format!(
                    "{at}: topic {:?} is not the folder {folder:?}",
                    entry.topic
                ));
            }
            if FRAMEWORK_TOPICS.contains(&folder) && entry.framework.as_deref() != Some(folder) {
                problems.push(format!("{at}: framework should be {folder}"));
            }
            if entry.level.is_none() {
                problems.push(format!("{at}: no level"));
            }
            if entry.tags.is_empty() {
                problems.push(format!("{at}: no tags"));
            }
            let words = entry.answer.split_whitespace().count();
            if words < 80 {
                problems.push(format!("{at}: answer has only {words} words"));
            }
            if entry.also.len() > 3 || entry.also.iter().any(|p| p.split_whitespace().count() < 3) {
                problems.push(format!(
                    "{at}: `Also asked as` wants 1-3 phrasings of at least three words each"
                ));
            }
            let symptoms = symptoms(&entry.answer);
            if symptoms.len() > 1 || symptoms.iter().any(|&n| !(25..=80).contains(&n)) {
                problems.push(format!(
                    "{at}: `**Symptoms:**` wants one paragraph of 25-80 words, found {symptoms:?}"
                ));
            }
            match &entry.follow_up {
                None => problems.push(format!("{at}: no `**Follow-up:**` paragraph at the end")),
                Some(follow_up) => {
                    if !follow_up.question.ends_with('?') {
                        problems.push(format!("{at}: the follow-up question does not end in `?`"));
                    }
                    if follow_up.answer.is_empty() {
                        problems.push(format!("{at}: the follow-up has no answer and no link"));
                    }
                    if let Some(link) = &follow_up.link {
                        links.push((at.clone(), link.clone()));
                    }
                }
            }
            if let Some(other) = ids.insert(entry.id.clone(), at.clone()) {
                problems.push(format!("{at}: id {} also used at {other}", entry.id));
            }
            *counts.entry(entry.topic.clone()).or_default() += 1;
        }
        for line in untagged_code_blocks(&text) {
            problems.push(format!(
                "{}:{line}: code block without a language tag",
                file.path
            ));
        }
    }
    for (at, link) in links {
        if !ids.contains_key(&link) {
            problems.push(format!(
                "{at}: the follow-up links {link}, which is no entry"
            ));
        }
    }
    for (topic, minimum) in MINIMUM {
        let count = counts.get(topic).copied().unwrap_or(0);
        if count < minimum {
            problems.push(format!(
                "topic {topic}: {count} questions, promised at least {minimum}"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The word count of each `**Symptoms:**` paragraph of an answer (its label excluded).
fn symptoms(answer: &str) -> Vec<usize> {
    let mut counts = Vec::new();
    let mut lines = answer.lines();
    while let Some(line) = lines.next() {
        if let Some(first) = line.strip_prefix("**Symptoms:**") {
            let rest: usize = lines
                .by_ref()
                .take_while(|l| !l.trim().is_empty())
                .map(|l| l.split_whitespace().count())
                .sum();
            counts.push(first.split_whitespace().count() + rest);
        }
    }
    counts
}

/// Lines of fenced code blocks that name no language.
fn untagged_code_blocks(text: &str) -> Vec<usize> {
    Parser::new(text)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) if lang.trim().is_empty() => {
                Some(1 + text[..range.start].matches('\n').count())
            }
            _ => None,
        })
        .collect()
}
