//! A randomized harness for the parser and the query path, on stable Rust: it feeds generated inputs
//! (random bytes read as lossy UTF-8, and structure-aware Markdown built from the fragments that trip
//! Markdown readers) through `qa::parse::parse`, through `qa::render::clean`, and as query text through a
//! real index built from a small bank in a temporary directory. Each input is checked against the
//! parser's invariants (lines inside the file, non-empty questions, unique ids, determinism on a sample)
//! and every query must give `Ok` (or, for a `topic:`/`framework:`/`level:` filter naming a value the bank
//! lacks, its "unknown ..." error). On a panic or a broken invariant it prints the input and exits 1.
//!
//! ```text
//! cargo run --release --example fuzz -- --iterations 10000000 --threads 2 --seed 1
//! cargo run --release --example fuzz -- --seconds 20          # a time-boxed slice, for CI
//! ```

use std::collections::HashSet;
use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use qa::index::Paths;
use qa::index::search::Reader;
use qa::parse::{self, Source};
use qa::query::synonyms::Synonyms;
use qa::query::{Filters, Search};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

#[path = "../tests/support/fragments.rs"]
mod fragments;
use fragments::FRAGMENTS;

/// Query material: words the small bank holds, query syntax, control characters.
const QUERY_FRAGMENTS: &[&str] = &[
    "jwt",
    "refresh",
    "token",
    "middleware",
    "laravel",
    "event",
    "loop",
    "AND",
    "OR",
    "NOT",
    "(",
    ")",
    "\"",
    ":",
    "*",
    "-",
    "+",
    "~",
    "^",
    "[",
    "]",
    "{",
    "}",
    "c++",
    "node.js",
    "title:",
    "\u{0}",
    "\u{1b}[2J",
    "\u{7}",
    "\u{202e}",
    " ",
    "  ",
    "\t",
    "\n",
    "é",
    "日本",
    "🦀",
    "'",
    "\\",
];

const BANK: &[(&str, &str)] = &[
    (
        "security/jwt.md",
        "---\ntopic: security\ntags: [auth]\n---\n\n# JWT\n\n## How do refresh tokens work with JWT?\n\n\
         **Level:** mid · **Tags:** jwt, refresh token\n\nThe client holds a short-lived access token and a \
         long-lived refresh token.\n\n## What is in a JWT?\n\n**Level:** junior · **Tags:** jwt\n\nA header, \
         a payload and a signature.\n",
    ),
    (
        "laravel/middleware.md",
        "---\ntopic: laravel\nframework: laravel\n---\n\n# Middleware\n\n## How does middleware work in \
         Laravel?\n\n**Level:** mid · **Tags:** middleware\n\nEvery request passes through a pipeline.\n",
    ),
    (
        "express/loop.md",
        "## 1. What is the event loop?\n\nNode runs callbacks from a queue, one at a time.\n\n\
         <details><summary>What is libuv?</summary>\n\nThe C library under Node's I/O.\n</details>\n",
    ),
];

struct Options {
    iterations: u64,
    seconds: Option<u64>,
    threads: usize,
    seed: u64,
}

fn options() -> Result<Options, String> {
    let mut options = Options {
        iterations: 10_000_000,
        seconds: None,
        threads: 2,
        seed: 1,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        let number: u64 = value
            .parse()
            .map_err(|_| format!("{flag}: not a number: {value}"))?;
        match flag.as_str() {
            "--iterations" => options.iterations = number,
            "--seconds" => options.seconds = Some(number),
            "--threads" => options.threads = number.max(1) as usize,
            "--seed" => options.seed = number,
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    Ok(options)
}

fn main() -> ExitCode {
    let options = match options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!(
                "fuzz: {message}\nusage: fuzz [--iterations N] [--seconds S] [--threads T] [--seed N]"
            );
            return ExitCode::from(2);
        }
    };
    let dir = tempfile::TempDir::new().expect("temp dir");
    let paths = Paths {
        corpus: dir.path().join("corpus"),
        index: dir.path().join("index"),
    };
    for (path, text) in BANK {
        let full = paths.corpus.join(path);
        fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        fs::write(full, text).expect("write bank");
    }
    qa::index::write::sync(&paths, true, &()).expect("building the fuzz index");
    let reader = qa::index::open(&paths.index)
        .expect("opening the fuzz index")
        .reader(Synonyms::builtin(), &paths.corpus)
        .expect("reader");

    // Panics are caught per input and reported with the input; the default hook would print them twice.
    panic::set_hook(Box::new(|_| {}));
    let done = AtomicU64::new(0);
    let stop = AtomicBool::new(false);
    let failed = AtomicBool::new(false);
    let deadline = options
        .seconds
        .map(|s| Instant::now() + Duration::from_secs(s));
    let started = Instant::now();
    let per_thread = options.iterations.div_ceil(options.threads as u64);
    std::thread::scope(|scope| {
        for thread in 0..options.threads {
            let (reader, done, stop, failed) = (&reader, &done, &stop, &failed);
            let seed = options
                .seed
                .wrapping_mul(1_000_003)
                .wrapping_add(thread as u64);
            scope.spawn(move || {
                let mut rng = ChaCha8Rng::seed_from_u64(seed);
                for i in 0..per_thread {
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    if i % 1024 == 0 && deadline.is_some_and(|d| Instant::now() > d) {
                        stop.store(true, Ordering::Relaxed);
                        return;
                    }
                    let input = generate(&mut rng);
                    let query = query_text(&mut rng, &input);
                    let check_twice = i % 64 == 0;
                    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
                        check(reader, &input, &query, check_twice)
                    }));
                    let problem = match outcome {
                        Ok(Ok(())) => None,
                        Ok(Err(message)) => Some(message),
                        Err(payload) => Some(format!("panic: {}", panic_message(&payload))),
                    };
                    if let Some(problem) = problem {
                        if !failed.swap(true, Ordering::SeqCst) {
                            eprintln!("fuzz: {problem}\ninput: {input:?}\nquery: {query:?}");
                        }
                        stop.store(true, Ordering::Relaxed);
                        return;
                    }
                    done.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    let count = done.load(Ordering::Relaxed);
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "fuzz: {count} inputs in {elapsed:.1} s ({:.0} inputs/s, {} threads, seed {}){}",
        count as f64 / elapsed.max(1e-9),
        options.threads,
        options.seed,
        if failed.load(Ordering::SeqCst) {
            "; FAILED"
        } else {
            "; no panic, no broken invariant"
        }
    );
    if failed.load(Ordering::SeqCst) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// One input through every path; `Err` names a broken invariant.
fn check(reader: &Reader, input: &str, query: &str, twice: bool) -> Result<(), String> {
    let source = Source {
        path: "topic/file.md",
        topic: "topic",
        framework: None,
    };
    let parsed = parse::parse(&source, input);
    let lines = input
        .strip_prefix('\u{feff}')
        .unwrap_or(input)
        .lines()
        .count()
        .max(1);
    let mut ids = HashSet::new();
    for entry in &parsed.entries {
        if !(1..=lines).contains(&entry.line) {
            return Err(format!("line {} outside 1..={lines}", entry.line));
        }
        if entry.question.trim().is_empty() {
            return Err("empty question".to_string());
        }
        if !ids.insert(entry.id.as_str()) {
            return Err(format!("duplicate id {}", entry.id));
        }
    }
    if twice {
        let again = parse::parse(&source, input);
        if again.entries != parsed.entries || again.warnings != parsed.warnings {
            return Err("parsing the same text twice gave different results".to_string());
        }
    }
    let cleaned = qa::render::clean(input);
    if cleaned
        .chars()
        .any(|c| c == '\u{1b}' || c == '\u{7}' || c == '\u{202e}')
    {
        return Err("render::clean left a control character".to_string());
    }
    // The query goes the way `cmd/search.rs` sends it. A filter naming an unknown topic, framework or level
    // is the one error a query may give (exit 2 with a message); anything else must be answered.
    let (parsed, unknown) = qa::query::read(query);
    let filtered = parsed.topic.is_some() || parsed.framework.is_some() || unknown.level.is_some();
    let filters = Filters {
        all: query.len().is_multiple_of(2),
        ..Filters::default()
    };
    match Search::resolve(query, filters).and_then(|search| reader.search(&search)) {
        Ok(_) => Ok(()),
        Err(err) if filtered && err.to_string().starts_with("unknown ") => Ok(()),
        Err(err) => Err(format!("search returned an error: {err:#}")),
    }
}

/// Half random bytes (lossy UTF-8), half structure-aware Markdown.
fn generate(rng: &mut ChaCha8Rng) -> String {
    if rng.random_bool(0.3) {
        let len = rng.random_range(0..256);
        let bytes: Vec<u8> = (0..len).map(|_| rng.random()).collect();
        return String::from_utf8_lossy(&bytes).into_owned();
    }
    let mut text = String::new();
    if rng.random_bool(0.05) {
        text.push('\u{feff}');
    }
    for _ in 0..rng.random_range(0..40) {
        match rng.random_range(0..10) {
            0 => text.push(char::from(rng.random_range(0x20u8..0x7f))),
            1 => text
                .push_str(["Why", "what", "the", "cache", "index", "JWT"][rng.random_range(0..6)]),
            _ => text.push_str(FRAGMENTS[rng.random_range(0..FRAGMENTS.len())]),
        }
    }
    if rng.random_bool(0.2) {
        text = text.replace('\n', "\r\n");
    }
    text
}

/// Query text: usually built from query fragments, sometimes a slice of the input, rarely 100 KB.
fn query_text(rng: &mut ChaCha8Rng, input: &str) -> String {
    match rng.random_range(0..100) {
        0 if rng.random_bool(0.01) => "jwt refresh token (".repeat(5_300),
        1..=30 => input.chars().take(200).collect(),
        _ => (0..rng.random_range(0..12))
            .map(|_| QUERY_FRAGMENTS[rng.random_range(0..QUERY_FRAGMENTS.len())])
            .collect(),
    }
}

fn panic_message(payload: &Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "non-string panic".to_string())
}
