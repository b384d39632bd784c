//! Property tests for the parser's invariants and for query handling, on arbitrary text and on
//! structure-aware Markdown (front matter fragments, headings at every depth, numbered and `Question N:`
//! headings, unclosed fences, `<details>` without a close, nested lists, HTML blocks, CRLF, BOM).
//!
//! Invariants: parsing never panics; every entry's line lies inside its file; questions are non-empty;
//! parsing is deterministic; ids are unique within a file and start with the file's path; any query text
//! gives `Ok`. The case count is modest so `cargo test` stays fast; `PROPTEST_CASES=20000 cargo test
//! --release --test proptest_parse` runs a long session. `examples/fuzz.rs` is the unbounded version.

use std::collections::HashSet;
use std::fs;
use std::sync::OnceLock;

use proptest::prelude::*;
use qa::index::Paths;
use qa::index::search::Reader;
use qa::parse::{Parsed, Source, parse};
use qa::query::synonyms::Synonyms;
use qa::query::{Filters, Search};

const PATH: &str = "topic/some-file.md";

#[path = "support/fragments.rs"]
mod fragments;
use fragments::FRAGMENTS;

fn source() -> Source<'static> {
    Source {
        path: PATH,
        topic: "topic",
        framework: None,
    }
}

/// Structure-aware Markdown: fragments and words, then maybe CRLF line endings and a BOM.
fn markdown() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(FRAGMENTS).prop_map(str::to_string),
        1 => "[a-zA-Z ]{0,12}",
        1 => any::<char>().prop_map(String::from),
    ];
    (
        proptest::collection::vec(piece, 0..48),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(pieces, crlf, bom)| {
            let mut text = pieces.concat();
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            if bom {
                text.insert(0, '\u{feff}');
            }
            text
        })
}

/// Random bytes read the way `bank::read` would not (it rejects invalid UTF-8), to stress the parser.
fn lossy_bytes() -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<u8>(), 0..512)
        .prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
}

/// Every invariant that must hold for any input; `Err` says which one broke.
fn check(text: &str) -> Result<Parsed, TestCaseError> {
    let parsed = parse(&source(), text);
    let lines = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .lines()
        .count()
        .max(1);
    let mut ids = HashSet::new();
    for entry in &parsed.entries {
        prop_assert!(
            (1..=lines).contains(&entry.line),
            "line {} outside 1..={} for {:?}",
            entry.line,
            lines,
            entry.question
        );
        prop_assert!(!entry.question.trim().is_empty(), "empty question");
        prop_assert!(!entry.answer.trim().is_empty(), "empty answer kept");
        prop_assert!(
            ids.insert(entry.id.clone()),
            "duplicate id {} in one file",
            entry.id
        );
        prop_assert!(entry.id.starts_with("topic/some-file#"), "id {}", entry.id);
        prop_assert_eq!(entry.path.as_str(), PATH);
    }
    let again = parse(&source(), text);
    prop_assert_eq!(
        &again.entries,
        &parsed.entries,
        "entries differ between runs"
    );
    prop_assert_eq!(&again.warnings, &parsed.warnings, "warnings differ");
    Ok(parsed)
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

/// A small real index, built once, for the query properties.
fn reader() -> &'static Reader {
    static READER: OnceLock<(tempfile::TempDir, Reader)> = OnceLock::new();
    let (_, reader) = READER.get_or_init(|| {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let paths = Paths {
            corpus: dir.path().join("corpus"),
            index: dir.path().join("index"),
        };
        let file = paths.corpus.join("security/jwt.md");
        fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        fs::write(
            &file,
            "---\ntopic: security\n---\n\n# JWT\n\n## How do refresh tokens work?\n\n\
             **Level:** mid · **Tags:** jwt, refresh token\n\nA short-lived access token and a long-lived \
             refresh token.\n\n## What is C++ used for in Node.js addons?\n\nNative modules.\n",
        )
        .expect("write");
        qa::index::write::sync(&paths, true, &()).expect("index");
        let reader = qa::index::open(&paths.index)
            .expect("open")
            .reader(Synonyms::builtin(), &paths.corpus)
            .expect("reader");
        (dir, reader)
    });
    reader
}

/// Searches the way `cmd/search.rs` does. `Ok` is required unless the text names a filter (`topic:x`,
/// `framework:x`, `level:x`) whose value the bank does not have: that is the one error a query may give.
fn search(text: &str) -> Result<(), String> {
    let (query, unknown) = qa::query::read(text);
    let filtered = query.topic.is_some() || query.framework.is_some() || unknown.level.is_some();
    match Search::resolve(text, Filters::default()).and_then(|search| reader().search(&search)) {
        Ok(_) => Ok(()),
        Err(err) if filtered && err.to_string().starts_with("unknown ") => Ok(()),
        Err(err) => Err(format!("{err:#}")),
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_strings_keep_the_invariants(text in any::<String>()) {
        check(&text)?;
    }

    #[test]
    fn random_bytes_keep_the_invariants(text in lossy_bytes()) {
        check(&text)?;
    }

    #[test]
    fn structured_markdown_keeps_the_invariants(text in markdown()) {
        check(&text)?;
    }

    /// A BOM is not content: with or without it, the same entries on the same lines.
    #[test]
    fn a_bom_changes_nothing(text in markdown()) {
        let plain = text.trim_start_matches('\u{feff}');
        let with_bom = format!("\u{feff}{plain}");
        prop_assert_eq!(parse(&source(), &with_bom).entries, parse(&source(), plain).entries);
    }

    #[test]
    fn any_query_text_gives_ok(text in any::<String>()) {
        let outcome = search(&text);
        prop_assert!(outcome.is_ok(), "query {:?} failed: {:?}", text, outcome);
    }

    #[test]
    fn query_syntax_and_control_characters_give_ok(
        text in "(topic:|level:|tag:|framework:|[a-z +\\-\"():*~^\\[\\]{}!\\\\/\u{0}-\u{1f}\u{7f}-\u{9f}\u{202a}-\u{202e}]){0,48}"
    ) {
        let outcome = search(&text);
        prop_assert!(outcome.is_ok(), "query {:?} failed: {:?}", text, outcome);
    }
}

/// A document's worth of question headings at every depth, each with an answer: nothing lost, ids unique.
#[test]
fn repeated_questions_get_distinct_ids() {
    let mut text = String::new();
    for _ in 0..5 {
        text.push_str("## What is a cache?\n\nA store of copies.\n\n");
    }
    let parsed = check(&text).expect("invariants");
    let ids: Vec<_> = parsed.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "topic/some-file#what-is-a-cache",
            "topic/some-file#what-is-a-cache-2",
            "topic/some-file#what-is-a-cache-3",
            "topic/some-file#what-is-a-cache-4",
            "topic/some-file#what-is-a-cache-5",
        ]
    );
}

/// CRLF line endings give the same questions, answers and lines as LF.
#[test]
fn crlf_reads_like_lf() {
    let lf = "---\ntopic: php\n---\n\n# PHP\n\n## What is OPcache?\n\n**Level:** mid · **Tags:** opcache\n\n\
              It caches compiled bytecode.\n\n## What is Composer?\n\nA dependency manager.\n";
    let crlf = lf.replace('\n', "\r\n");
    let (a, b) = (parse(&source(), lf), parse(&source(), &crlf));
    let view = |p: &Parsed| {
        p.entries
            .iter()
            .map(|e| {
                (
                    e.question.clone(),
                    e.answer.replace('\r', ""),
                    e.line,
                    e.tags.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(view(&a), view(&b));
    assert_eq!(a.entries.len(), 2);
}

/// 100 KB of query text, and 100 KB of one word, are answered.
#[test]
fn huge_queries_give_ok() {
    assert!(search(&"jwt refresh token AND ( ".repeat(4_300)).is_ok());
    assert!(search(&"x".repeat(100_000)).is_ok());
    assert!(search("").is_ok());
}

/// Empty, whitespace-only and BOM-only files give no entries and no panic.
#[test]
fn empty_files_give_nothing() {
    for text in ["", "\u{feff}", "\n\n", "\r\n", "---", "---\n", "---\n---\n"] {
        let parsed = check(text).expect("invariants");
        assert!(parsed.entries.is_empty(), "{text:?}");
    }
}
