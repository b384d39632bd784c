//! Semantic reranking in `qa search`: a question typed as a sentence is reordered by the embedding
//! model when it is installed; keyword queries, `--lexical` and a missing or broken model folder rank
//! by words. The tests that need the model itself run where `QA_TEST_MODEL` names its folder
//! (`.ci/run` installs it with `qa model install`); elsewhere they say so and check nothing else,
//! since the model is optional and the rest of `cargo test` covers ranking by words.

mod support;

use std::path::{Path, PathBuf};

use support::{Env, stderr, stdout};

/// An insecure direct object reference, told by what the user sees: lexically the IDOR entry is
/// second, behind nested resource URLs, which share more of its words.
const DESCRIBED: &str =
    "my api answers 200 to a request for someone else's order if you change the id";
const IDOR: &str = "What is an IDOR vulnerability and how do you prevent it?";

/// The model's folder for these tests, or `None` (said on stderr) when it is not installed here.
fn model() -> Option<PathBuf> {
    let Some(dir) = std::env::var_os("QA_TEST_MODEL").map(PathBuf::from) else {
        eprintln!("QA_TEST_MODEL not set: the semantic model is not installed; skipped");
        return None;
    };
    assert!(
        dir.join("model.safetensors").is_file(),
        "QA_TEST_MODEL={} holds no model.safetensors",
        dir.display()
    );
    Some(dir)
}

/// `qa search` on the shipped bank, with `model` as its model folder.
fn search(env: &Env, model: &Path, args: &[&str]) -> std::process::Output {
    let bank = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    env.bare()
        .env("QA_MODEL", model)
        .arg("--corpus")
        .arg(bank)
        .arg("--index")
        .arg(env.index())
        .arg("search")
        .args(args)
        .output()
        .unwrap()
}

fn first(output: &std::process::Output) -> String {
    let out = stdout(output);
    let line = out.lines().find(|l| l.starts_with("1. ")).unwrap_or("");
    line.trim_start_matches("1. ").to_string()
}

#[test]
fn a_described_problem_is_reordered_by_meaning_and_its_vectors_are_kept() {
    let Some(model) = model() else { return };
    let env = Env::new();
    let lexical = search(&env, &model, &["--lexical", DESCRIBED]);
    assert!(lexical.status.success(), "{}", stderr(&lexical));
    assert_ne!(first(&lexical), IDOR, "by words alone it is not first");
    assert!(stdout(&lexical).contains(IDOR), "but it is a hit");

    let reranked = search(&env, &model, &[DESCRIBED]);
    assert!(reranked.status.success(), "{}", stderr(&reranked));
    assert_eq!(first(&reranked), IDOR, "{}", stdout(&reranked));
    assert!(
        !stderr(&reranked).contains("warning"),
        "{}",
        stderr(&reranked)
    );
    let kept = env.cache().join("vectors-all-MiniLM-L6-v2.bin");
    let size = std::fs::metadata(&kept).expect("vectors kept").len();
    assert!(size > 0 && size.is_multiple_of(8 + 384 * 4), "{size} bytes");

    // The second time the vectors are read back, and the order is the same.
    let again = search(&env, &model, &[DESCRIBED]);
    assert_eq!(stdout(&again), stdout(&reranked));
    assert_eq!(std::fs::metadata(&kept).unwrap().len(), size);
}

#[test]
fn json_and_limits_see_the_reordered_list() {
    let Some(model) = model() else { return };
    let env = Env::new();
    let out = search(&env, &model, &["--json", "-n", "2", DESCRIBED]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hits = json["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0]["question"], IDOR);
}

#[test]
fn a_broken_model_folder_costs_a_warning_not_the_search() {
    let env = Env::new();
    let broken = env.path().join("model");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(broken.join("config.json"), "{ not json").unwrap();

    let long = search(&env, &broken, &[DESCRIBED]);
    assert!(long.status.success(), "{}", stderr(&long));
    assert!(stdout(&long).contains(IDOR));
    let err = stderr(&long);
    assert!(
        err.contains("semantic model not loaded, ranked by words only"),
        "{err}"
    );
    assert!(err.contains("config.json"), "names the file: {err}");

    // A keyword query never loads the model, so it has nothing to say about it.
    let short = search(&env, &broken, &["idor"]);
    assert!(short.status.success());
    assert!(!stderr(&short).contains("semantic"), "{}", stderr(&short));
    // Nor does `--lexical`.
    let lexical = search(&env, &broken, &["--lexical", DESCRIBED]);
    assert!(
        !stderr(&lexical).contains("semantic"),
        "{}",
        stderr(&lexical)
    );
}

#[test]
fn without_the_model_search_ranks_by_words_silently() {
    let env = Env::new();
    let absent = env.path().join("no-model-here");
    let with = search(&env, &absent, &[DESCRIBED]);
    let without = search(&env, &absent, &["--lexical", DESCRIBED]);
    assert!(with.status.success());
    assert_eq!(stdout(&with), stdout(&without));
    assert!(!stderr(&with).contains("semantic"), "{}", stderr(&with));
    assert!(!env.cache().join("vectors-all-MiniLM-L6-v2.bin").exists());
}

/// Broken object-level authorization, in words the query below does not use.
const UNSHARED: &str = "What is broken object-level authorization?";

/// A bank where a described problem shares words with two entries about other things, and none with
/// the one about it.
fn unshared_bank(env: &Env) {
    env.write(
        "security/access.md",
        support::bank_file(
            "security",
            None,
            &[(
                UNSHARED,
                "mid",
                "authorization, access-control",
                "An endpoint fetches a record by the identifier it was given and never checks that \
                 the caller owns it.\n\n**Follow-up:** why are random identifiers not a fix?",
            )],
        ),
    );
    env.write(
        "performance/ui.md",
        support::bank_file(
            "performance",
            None,
            &[
                (
                    "How do you format a number as currency on an invoice?",
                    "junior",
                    "formatting",
                    "Use Intl.NumberFormat with the customer's locale.\n\n**Follow-up:** and \
                     rounding?",
                ),
                (
                    "What does the address bar show for an HTTPS site?",
                    "junior",
                    "tls",
                    "A padlock and the host name.\n\n**Follow-up:** what is HSTS?",
                ),
            ],
        ),
    );
}

#[test]
fn once_every_vector_is_kept_meaning_brings_up_an_entry_no_word_matched() {
    let Some(model) = model() else { return };
    let env = Env::new();
    unshared_bank(&env);
    let query = "changing the number in the address bar shows another customer's invoice";
    let run = |args: &[&str]| {
        env.command()
            .env("QA_MODEL", &model)
            .args(args)
            .output()
            .unwrap()
    };
    let questions = |out: &std::process::Output| -> Vec<String> {
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|hit| hit["question"].as_str().unwrap().to_string())
            .collect()
    };
    // Before its vector is kept, the model reads only the words' hits: two.
    let before = run(&["search", "--json", query]);
    assert_eq!(questions(&before).len(), 2, "{}", stdout(&before));

    let install = run(&["model", "install"]);
    assert!(install.status.success(), "{}", stderr(&install));
    assert!(
        stdout(&install).contains("entry vectors: 1 computed, 3 kept"),
        "{}",
        stdout(&install)
    );
    let after = run(&["search", "--json", "--full", query]);
    assert!(after.status.success(), "{}", stderr(&after));
    assert!(questions(&after).contains(&UNSHARED.to_string()));
    let json: serde_json::Value = serde_json::from_slice(&after.stdout).unwrap();
    let hit = json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|hit| hit["question"] == UNSHARED)
        .unwrap();
    assert!(
        hit["answer"]
            .as_str()
            .unwrap()
            .starts_with("An endpoint fetches a record"),
        "its answer is read like any hit's: {hit}"
    );
    // The terminal list shows the start of its answer where a word match would be.
    let listed = run(&["search", query]);
    assert!(
        stdout(&listed).contains("An endpoint fetches a record by the identifier"),
        "{}",
        stdout(&listed)
    );
    // Filters still hold: the security entry is not brought into a performance search, and
    // `--lexical` never adds it.
    let filtered = run(&["search", "--json", "--topic", "performance", query]);
    assert!(!questions(&filtered).contains(&UNSHARED.to_string()));
    let lexical = run(&["search", "--json", "--lexical", query]);
    assert_eq!(questions(&lexical).len(), 2);
}
