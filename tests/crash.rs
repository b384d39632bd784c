//! Crash safety of the index: `qa index --rebuild` is killed with SIGKILL at random moments on a generated
//! bank of 20,000 questions, and after every kill
//! - the index on disk opens, and its manifest (the commit payload) counts exactly the documents it holds,
//!   which are either the old index's or the new one's, never a mix;
//! - `qa search` exits 0 or 1 (never 2, never a panic) without calling the index damaged;
//! - `qa topics --json` reports the old or the new count, and the next `qa index` exits 0 and leaves the
//!   full count.
//!
//! The second test edits the bank before each kill, so the old and new counts differ, and then searches
//! for a word only the edit contains: the manifest and the commit can never disagree in a way that hides
//! an edit. `QA_CRASH_TRIALS` sets the number of kills per test (default 5); `scripts/crash-trials.sh`
//! runs 50 in release mode. Two more tests cover concurrency: two `qa index --rebuild` at once (the second
//! waits for the lock and both finish), and `qa search` while a rebuild runs (answered from the last commit).

mod support;

use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use qa::index::manifest::Manifest;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use support::Env;

const FILES: usize = 1_000;
const QUESTIONS_PER_FILE: usize = 20;
const TOPICS: [&str; 8] = [
    "backend",
    "databases",
    "php",
    "express",
    "flask",
    "laravel",
    "security",
    "performance",
];
const WORDS: &[&str] = &[
    "request",
    "server",
    "cache",
    "token",
    "index",
    "query",
    "session",
    "queue",
    "worker",
    "lock",
    "replica",
    "latency",
    "timeout",
    "retry",
    "middleware",
    "route",
    "header",
    "cookie",
    "schema",
    "commit",
    "rollback",
    "shard",
    "pool",
    "socket",
    "stream",
    "batch",
    "the",
    "a",
    "and",
    "is",
    "to",
    "of",
    "when",
    "with",
    "before",
    "after",
    "every",
    "only",
];

/// A generated corpus and its index in a temporary directory, and `qa` run on them.
struct Bank {
    env: Env,
}

impl Bank {
    /// Writes `files` files of `QUESTIONS_PER_FILE` questions each, deterministically from `seed`.
    fn generate(seed: u64, files: usize) -> Bank {
        let bank = Bank { env: Env::new() };
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        for number in 0..files {
            let topic = TOPICS[number % TOPICS.len()];
            let mut text = format!("---\ntopic: {topic}\n---\n\n# Subject {number}\n\n");
            for question in 0..QUESTIONS_PER_FILE {
                let _ = write!(
                    text,
                    "## How does {} {} work in case {number}-{question}?\n\n\
                     **Level:** mid · **Tags:** {}, {}\n\n",
                    pick(&mut rng),
                    pick(&mut rng),
                    pick(&mut rng),
                    pick(&mut rng)
                );
                for _ in 0..rng.random_range(8..16) {
                    text.push_str(pick(&mut rng));
                    text.push(' ');
                }
                text.push_str("\n\n");
            }
            bank.write(&format!("{topic}/subject-{number:04}.md"), &text);
        }
        bank
    }

    fn index(&self) -> PathBuf {
        self.env.index()
    }

    fn write(&self, path: &str, text: &str) {
        self.env.write(path, text);
    }

    /// `qa` with this bank's directories and a clean environment.
    fn qa(&self, args: &[&str]) -> Command {
        let mut cmd = self.env.command();
        cmd.args(args);
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.qa(args).output().expect("running qa")
    }

    /// `qa topics --json`'s question count.
    fn topics_count(&self) -> usize {
        let output = self.run(&["topics", "--json"]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "qa topics failed: {}",
            text(&output.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("topics json");
        json["questions"].as_u64().expect("questions count") as usize
    }

    /// Starts `qa index --rebuild`, SIGKILLs it after `delay`; true when it was still running.
    fn kill_rebuild_after(&self, delay: Duration) -> bool {
        let mut child = self
            .qa(&["index", "--rebuild"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawning qa index --rebuild");
        sleep(delay);
        let running = child.try_wait().expect("polling qa").is_none();
        // `Child::kill` sends SIGKILL on Unix: no handler, no cleanup, as a power cut or OOM kill.
        child.kill().expect("killing qa");
        child.wait().expect("reaping qa");
        running
    }

    /// Reads the index on disk directly: the manifest's question count and the number of documents.
    fn on_disk(&self) -> (Manifest, usize) {
        let opened = qa::index::open(&self.index())
            .expect("the index after a kill opens and is usable (not damaged)");
        let manifest = opened.manifest().expect("the commit carries a manifest");
        let docs = opened.documents().expect("index reader");
        (manifest, docs)
    }
}

fn pick(rng: &mut ChaCha8Rng) -> &'static str {
    WORDS[rng.random_range(0..WORDS.len())]
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn trials() -> usize {
    std::env::var("QA_CRASH_TRIALS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
}

/// Builds the index once and returns how long a full build took.
fn first_build(bank: &Bank) -> Duration {
    let started = Instant::now();
    let output = bank.run(&["index"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "first build failed: {}",
        text(&output.stderr)
    );
    started.elapsed()
}

/// Checks `qa search` after a kill: exit 0 or 1, no panic, no "damaged" rebuild.
fn search_after_kill(bank: &Bank, query: &str, trial: usize) -> Output {
    let output = bank.run(&["search", query, "-n", "3"]);
    let stderr = text(&output.stderr);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "trial {trial}: qa search exited {:?}: {stderr}",
        output.status.code()
    );
    assert!(!stderr.contains("panicked"), "trial {trial}: {stderr}");
    assert!(
        !stderr.contains("damaged"),
        "trial {trial}: the kill left an index qa had to rebuild: {stderr}"
    );
    output
}

fn assert_index_finishes(bank: &Bank, expected: usize, trial: usize) {
    let output = bank.run(&["index"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "trial {trial}: qa index after the kill failed: {}",
        text(&output.stderr)
    );
    assert_eq!(bank.topics_count(), expected, "trial {trial}: final count");
}

#[test]
fn killing_a_rebuild_leaves_a_consistent_index() {
    let bank = Bank::generate(7, FILES);
    let full = FILES * QUESTIONS_PER_FILE;
    let build = first_build(&bank);
    assert_eq!(bank.topics_count(), full);
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let mut mid_run = 0;
    for trial in 0..trials() {
        let delay = build.mul_f64(rng.random_range(0.0..1.0));
        mid_run += usize::from(bank.kill_rebuild_after(delay));
        let (manifest, docs) = bank.on_disk();
        assert_eq!(
            manifest.questions(),
            docs,
            "trial {trial}: manifest and documents disagree"
        );
        assert_eq!(docs, full, "trial {trial}: a mix of old and new documents");
        let output = search_after_kill(&bank, "cache token", trial);
        assert_eq!(output.status.code(), Some(0), "trial {trial}: no hits");
        assert_eq!(bank.topics_count(), full, "trial {trial}: count after kill");
        assert_index_finishes(&bank, full, trial);
    }
    eprintln!(
        "crash: {} kills of `qa index --rebuild` ({mid_run} mid-run) on {full} questions, build {build:.2?}",
        trials()
    );
}

#[test]
fn an_edit_before_a_killed_rebuild_is_never_hidden() {
    let bank = Bank::generate(8, FILES);
    let mut count = FILES * QUESTIONS_PER_FILE;
    let build = first_build(&bank);
    let mut rng = ChaCha8Rng::seed_from_u64(12);
    let mut mid_run = 0;
    let mut committed = 0;
    for trial in 0..trials() {
        // A new file with a word nowhere else, and a changed file: old and new counts differ.
        let word = format!("zyxedit{trial}");
        let added = 1 + trial % 3;
        let mut new_file = "---\ntopic: backend\n---\n\n# Edits\n\n".to_string();
        for n in 0..added {
            let _ = write!(
                new_file,
                "## What does {word} number {n} mean?\n\n{word} is an edit made before a kill.\n\n"
            );
        }
        let path = format!("backend/edit-{trial}.md");
        bank.write(&path, &new_file);
        let old = count;
        count += added;

        let delay = build.mul_f64(rng.random_range(0.0..1.0));
        mid_run += usize::from(bank.kill_rebuild_after(delay));
        let (manifest, docs) = bank.on_disk();
        assert_eq!(
            manifest.questions(),
            docs,
            "trial {trial}: manifest and documents disagree"
        );
        assert!(
            docs == old || docs == count,
            "trial {trial}: {docs} documents, neither the old {old} nor the new {count}"
        );
        committed += usize::from(docs == count);
        // The manifest lists the new file exactly when its questions are in the index.
        assert_eq!(
            manifest.files.contains_key(&path),
            docs == count,
            "trial {trial}: the manifest and the commit disagree about {path}"
        );
        let output = search_after_kill(&bank, &word, trial);
        assert_eq!(
            output.status.code(),
            Some(0),
            "trial {trial}: the edit's word {word} was not found: {}",
            text(&output.stderr)
        );
        assert!(text(&output.stdout).contains(&word), "trial {trial}");
        assert_index_finishes(&bank, count, trial);
    }
    eprintln!(
        "crash: {} kills of `qa index --rebuild` after an edit ({mid_run} mid-run, {committed} after \
         the new commit), build {build:.2?}",
        trials()
    );
}

#[test]
fn two_rebuilds_at_once_take_turns() {
    let bank = Bank::generate(9, 200);
    let full = 200 * QUESTIONS_PER_FILE;
    first_build(&bank);
    // Hold the writer lock the way a running `qa` does, so the wait is certain rather than a race.
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(bank.index().join(".qa.lock"))
        .expect("opening the lock file");
    lock.lock().expect("taking the lock");
    let mut waiting = bank
        .qa(&["index", "--rebuild"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawning qa index --rebuild");
    // Unlock only once the run says it found the lock held (a handshake, not a guess at how long
    // it takes to get there).
    let mut stderr = std::io::BufReader::new(waiting.stderr.take().expect("piped stderr"));
    let mut said = String::new();
    while !said.contains("waiting for it") {
        let mut line = String::new();
        if std::io::BufRead::read_line(&mut stderr, &mut line).expect("reading stderr") == 0 {
            break;
        }
        said.push_str(&line);
    }
    lock.unlock().expect("releasing the lock");
    std::io::Read::read_to_string(&mut stderr, &mut said).expect("reading stderr");
    let status = waiting.wait().expect("waiting run");
    assert_eq!(status.code(), Some(0), "{said}");
    assert!(
        said.contains("another qa process is updating the index; waiting for it"),
        "the second run did not say it waited: {said}"
    );
    // Two real runs at once: whichever comes second waits, and both finish.
    let spawn = || {
        bank.qa(&["index", "--rebuild"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawning qa index --rebuild")
    };
    let (first, second) = (spawn(), spawn());
    for output in [first, second].map(|c| c.wait_with_output().expect("concurrent run")) {
        assert_eq!(
            output.status.code(),
            Some(0),
            "concurrent rebuild failed: {}",
            text(&output.stderr)
        );
    }
    assert_eq!(bank.topics_count(), full);
}

#[test]
fn search_during_a_rebuild_answers_from_the_last_commit() {
    let bank = Bank::generate(10, 200);
    let full = 200 * QUESTIONS_PER_FILE;
    first_build(&bank);
    let mut rebuild = bank
        .qa(&["index", "--rebuild"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawning qa index --rebuild");
    let mut searched_while_running = 0;
    while rebuild.try_wait().expect("polling").is_none() {
        let output = search_after_kill(&bank, "cache token", searched_while_running);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        let stderr = text(&output.stderr);
        assert!(
            !stderr.contains("waiting"),
            "search waited for the writer: {stderr}"
        );
        searched_while_running += 1;
    }
    assert_eq!(rebuild.wait().expect("reaping").code(), Some(0));
    assert!(
        searched_while_running > 0,
        "the rebuild ended before any search"
    );
    assert_eq!(bank.topics_count(), full);
}
