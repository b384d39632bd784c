//! Search mechanisms against an in-RAM index: coverage first, exact before fuzzy, typo distances, prefixes,
//! synonyms, code identifiers, filters, "did you mean", facet counts and hostile input.

use tantivy::IndexWriter;

use super::Answers;
use super::search::Reader;
use super::write::document;
use crate::entry::{Entry, Level};
use crate::query::{self, Search, synonyms::Synonyms};

fn entry(id: &str, topic: &str, question: &str, answer: &str) -> Entry {
    Entry {
        id: id.to_string(),
        question: question.to_string(),
        also: Vec::new(),
        key_points: Vec::new(),
        answer: answer.to_string(),
        answer_at: 0,
        topic: topic.to_string(),
        framework: (topic == "laravel").then(|| "laravel".to_string()),
        tags: Vec::new(),
        level: Some(if topic == "security" {
            Level::Senior
        } else {
            Level::Mid
        }),
        path: format!("{topic}/x.md"),
        line: 1,
        follow_up: None,
    }
}

fn reader(entries: &[Entry]) -> Reader {
    let (index, fields) = super::create_in_ram();
    let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
    for e in entries {
        writer.add_document(document(&fields, e)).unwrap();
    }
    writer.commit().unwrap();
    let answers = entries
        .iter()
        .map(|e| (e.id.clone(), e.answer.clone()))
        .collect();
    Reader::new(index, fields, Synonyms::builtin(), Answers::Given(answers)).unwrap()
}

fn ids(reader: &Reader, text: &str) -> Vec<String> {
    run(reader, text, false)
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect()
}

fn run(reader: &Reader, text: &str, all: bool) -> super::search::Results {
    let search = Search {
        text: text.to_string(),
        query: query::parse(text),
        require_all: all,
        limit: 10,
    };
    reader.search(&search).unwrap()
}

fn bank() -> Vec<Entry> {
    vec![
        entry(
            "s/refresh",
            "security",
            "How do refresh tokens work?",
            "A refresh token is exchanged for a new access token.",
        ),
        entry(
            "s/token",
            "security",
            "What is a token?",
            "A token token token token is a credential; tokens expire.",
        ),
        entry(
            "s/sqli",
            "security",
            "What is SQL injection?",
            "Untrusted input changes the SQL statement; use prepared statements.",
        ),
        entry(
            "l/mw",
            "laravel",
            "How does middleware work in Laravel?",
            "A pipeline of classes; call $next($request). Eloquent is elsewhere.",
        ),
        entry(
            "l/mass",
            "laravel",
            "What is mass assignment?",
            "Set $fillable on the model to allow fields.",
        ),
        entry(
            "p/hash",
            "php",
            "How do you hash passwords in PHP?",
            "Call password_hash() and later password_verify().",
        ),
        entry(
            "d/pg",
            "databases",
            "What does VACUUM do in PostgreSQL?",
            "It reclaims dead tuples left by MVCC.",
        ),
        entry(
            "e/order",
            "express",
            "Why does middleware order matter?",
            "Express runs app.use() handlers in registration order.",
        ),
        entry(
            "b/k8s",
            "backend",
            "What are liveness probes in Kubernetes?",
            "A probe that restarts a stuck container.",
        ),
    ]
}

#[test]
fn entries_with_every_word_rank_above_entries_with_some() {
    let r = reader(&bank());
    // "token" alone is far more frequent in s/token, but only s/refresh has both words.
    assert_eq!(ids(&r, "refresh token")[0], "s/refresh");
}

#[test]
fn all_requires_every_word() {
    let r = reader(&bank());
    let hits: Vec<_> = run(&r, "refresh token", true)
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(hits, ["s/refresh"]);
}

#[test]
fn typos_are_forgiven_by_length() {
    let r = reader(&bank());
    assert_eq!(
        ids(&r, "refesh")[0],
        "s/refresh",
        "distance 1 for a 6-letter word"
    );
    assert!(
        ids(&r, "midleware").iter().take(2).any(|id| id == "l/mw"),
        "distance 1"
    );
    assert_eq!(
        ids(&r, "kubernettes")[0],
        "b/k8s",
        "distance 2 for a long word"
    );
    assert!(
        ids(&r, "tokn").contains(&"s/refresh".to_string()),
        "a 4-letter word the bank lacks is searched as the bank word one edit away"
    );
    assert!(ids(&r, "tkn").is_empty(), "nothing for 3-letter words");
}

#[test]
fn exact_matches_rank_above_fuzzy_ones() {
    let r = reader(&[
        entry("a", "backend", "What is a cache?", "cache"),
        entry(
            "b",
            "backend",
            "What is a caches cachet cached?",
            "cachet cachet cachet cachet",
        ),
    ]);
    // "cachet" is exact in b; "cache" is one edit away in a.
    assert_eq!(ids(&r, "cachet ")[0], "b");
}

#[test]
fn an_unfinished_last_word_matches_as_a_prefix() {
    let r = reader(&bank());
    assert_eq!(ids(&r, "eloq")[0], "l/mw");
    assert!(
        ids(&r, "eloq ").is_empty(),
        "a finished word is not a prefix"
    );
}

#[test]
fn synonyms_and_abbreviations() {
    let r = reader(&bank());
    assert_eq!(ids(&r, "pg vacuum")[0], "d/pg");
    assert_eq!(ids(&r, "sqli")[0], "s/sqli");
    assert_eq!(ids(&r, "k8s")[0], "b/k8s");
}

#[test]
fn code_identifiers_as_written_and_by_parts() {
    let r = reader(&bank());
    assert_eq!(ids(&r, "password_hash")[0], "p/hash");
    assert_eq!(ids(&r, "password hash")[0], "p/hash");
    assert_eq!(ids(&r, "$fillable")[0], "l/mass");
    assert_eq!(ids(&r, "fillable")[0], "l/mass");
    assert_eq!(ids(&r, "app.use")[0], "e/order");
    assert_eq!(ids(&r, "$next($request)")[0], "l/mw");
}

#[test]
fn filters_and_exclusions() {
    let r = reader(&bank());
    assert_eq!(ids(&r, "topic:laravel middleware"), ["l/mw"]);
    assert_eq!(ids(&r, "framework:laravel middleware"), ["l/mw"]);
    assert_eq!(ids(&r, "middleware -laravel"), ["e/order"]);
    assert_eq!(ids(&r, "level:senior token"), ["s/token", "s/refresh"]);
    assert!(ids(&r, "level:senior middleware").is_empty());
    assert_eq!(ids(&r, "\"prepared statements\""), ["s/sqli"]);
}

#[test]
fn list_applies_the_filters_in_bank_order() {
    let mut entries = bank();
    entries.reverse();
    let r = reader(&entries);
    let all = r.list(&query::parse("")).unwrap();
    assert_eq!(all.len(), bank().len());
    let paths: Vec<_> = all.iter().map(|h| h.path.clone()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    let listed = |text: &str| -> Vec<String> {
        let hits = r.list(&query::parse(text)).unwrap();
        hits.into_iter().map(|h| h.id).collect()
    };
    assert_eq!(
        listed("topic:laravel"),
        ["l/mass", "l/mw"].map(String::from)
    );
    assert_eq!(listed("words are ignored level:senior").len(), 3);
    assert!(r.list(&query::parse("topic:nope")).is_err());
}

#[test]
fn did_you_mean_comes_from_the_banks_words() {
    let r = reader(&bank());
    // The search itself looks for the bank word a mistyped one most likely meant...
    assert_eq!(ids(&r, "zzz injectoinz"), ["s/sqli"]);
    // ...and when even that finds nothing (here, because of the filter), says which words it meant.
    let results = run(&r, "level:mid zzz injectoinz", false);
    assert!(results.hits.is_empty());
    assert_eq!(results.suggestion.as_deref(), Some("zzz injection"));
    assert_eq!(run(&r, "qqqqqq", false).suggestion, None);
}

#[test]
fn topics_are_counted_for_the_summary() {
    let r = reader(&bank());
    let results = run(&r, "middleware", false);
    assert_eq!(results.total, 2);
    assert_eq!(
        results.topics,
        [("express".to_string(), 1), ("laravel".to_string(), 1)]
    );
}

#[test]
fn snippets_highlight_stems_and_synonyms() {
    let r = reader(&bank());
    let highlighted = |text: &str| {
        let hit = run(&r, text, false).hits.remove(0);
        let words: Vec<String> = hit
            .snippet
            .highlights
            .iter()
            .map(|h| hit.snippet.text[h.clone()].to_string())
            .collect();
        words
    };
    assert!(highlighted("expiring").contains(&"expire".to_string()));
    assert!(highlighted("mvcc pg").contains(&"MVCC".to_string()));
}

#[test]
fn hostile_input_is_never_an_error() {
    let r = reader(&bank());
    let long = "x".repeat(100_000);
    for text in [
        "c++",
        "\"",
        "AND (",
        "title:",
        "-",
        "*",
        "",
        "\u{1b}[31m",
        "\0\0",
        "topic:",
        "-\"\"",
        &long,
    ] {
        let _ = run(&r, text, false);
        let _ = run(&r, text, true);
    }
}

#[test]
fn unknown_topic_and_level_are_errors() {
    let r = reader(&bank());
    let search = |text: &str| {
        Search::resolve(text, query::Filters::default()).and_then(|search| r.search(&search))
    };
    assert!(search("topic:cobol x").is_err());
    assert!(search("level:guru x").is_err());
}

/// A field no entry fills is left out of queries (opening it costs tantivy an empty term dictionary);
/// one that some entry fills is kept, and searched.
#[test]
fn fields_no_entry_fills_are_left_out_of_queries() {
    let planned = |entries: &[Entry]| {
        let (index, fields) = super::create_in_ram();
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for e in entries {
            writer.add_document(document(&fields, e)).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let synonyms = Synonyms::builtin();
        let planner = super::plan::Planner::new(&index, &searcher, &fields, &synonyms).unwrap();
        (planner.has(fields.also), planner.has(fields.question))
    };
    assert_eq!(
        planned(&bank()),
        (false, true),
        "no entry has other phrasings"
    );
    let mut asked = entry(
        "a1",
        "php",
        "What is a closure?",
        "A function with its scope.",
    );
    asked.also = vec!["How do anonymous functions capture variables?".to_string()];
    assert_eq!(planned(&[asked.clone()]), (true, true));
    assert_eq!(ids(&reader(&[asked]), "capture variables"), ["a1"]);
}

#[test]
fn a_deferred_phrase_ranks_as_the_whole_query_does() {
    // A bank where the phrase's words are everywhere, in every order and distance, so the first pass's
    // candidates and the phrase's bonus disagree often.
    const WORDS: [&str; 8] = [
        "cache", "request", "queue", "token", "index", "session", "worker", "replica",
    ];
    const TOPICS: [&str; 4] = ["backend", "databases", "security", "performance"];
    let mut seed: u64 = 42;
    let mut next = |n: usize| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33) as usize % n
    };
    let mut text = |words: usize| -> String {
        let words: Vec<&str> = (0..words).map(|_| WORDS[next(WORDS.len())]).collect();
        words.join(" ")
    };
    let entries: Vec<Entry> = (0..300)
        .map(|i| {
            let question = format!("{}?", text(3 + i % 5));
            let answer = text(10 + (i * 7) % 50);
            entry(&format!("e/{i}"), TOPICS[i % 4], &question, &answer)
        })
        .collect();
    let r = reader(&entries);
    let never = super::deferred::Policy {
        from: u64::MAX,
        candidates: 0,
    };
    for text in [
        "cache request",
        "request cache",
        "queue token index",
        "worker replica",
        "session session",
    ] {
        for limit in [1, 3, 10, 25] {
            let search = Search {
                text: text.to_string(),
                query: query::parse(text),
                require_all: false,
                limit,
            };
            let run = |policy| {
                let results = r.search_with(&search, r.searcher(), policy).unwrap();
                let hits: Vec<(String, f32)> =
                    results.hits.into_iter().map(|h| (h.id, h.score)).collect();
                (hits, results.total, results.topics)
            };
            let whole = run(never);
            assert_eq!(whole.0.len(), limit, "{text}: a full page to compare");
            for candidates in [1, 5, 12, 40, 300] {
                let deferred = run(super::deferred::Policy {
                    from: 0,
                    candidates,
                });
                assert_eq!(
                    deferred.1, whole.1,
                    "{text}, {candidates} candidates: total"
                );
                assert_eq!(
                    deferred.2, whole.2,
                    "{text}, {candidates} candidates: topics"
                );
                let ids =
                    |hits: &[(String, f32)]| hits.iter().map(|h| h.0.clone()).collect::<Vec<_>>();
                assert_eq!(
                    ids(&deferred.0),
                    ids(&whole.0),
                    "{text}, limit {limit}, {candidates} candidates"
                );
                for ((_, a), (_, b)) in deferred.0.iter().zip(&whole.0) {
                    assert!((a - b).abs() < 1e-3, "{text}: score {a} against {b}");
                }
            }
        }
    }
}
