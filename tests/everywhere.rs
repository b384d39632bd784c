//! `qa` as an installed tool: run from a folder outside the checkout with its own home, config, cache
//! and data folders. The built-in bank answers and its index is reused; sources added with `qa sources
//! add` (a folder, a git repository) are searched with it; a broken config or a vanished source costs
//! one line and the rest answers.

mod support;

use std::fs;
use std::path::Path;
use std::process::Command;

use support::{Env, bank_file, stderr, stdout};

/// `qa` run from `folder` (not the checkout) with the test's home.
fn qa(env: &Env, folder: &Path, args: &[&str]) -> std::process::Output {
    fs::create_dir_all(folder).unwrap();
    env.bare().current_dir(folder).args(args).output().unwrap()
}

fn notes(env: &Env) -> std::path::PathBuf {
    let folder = env.path().join("my-notes");
    let text = bank_file(
        "kubernetes",
        None,
        &[(
            "What does a kubelet do?",
            "mid",
            "kubelet",
            "It runs on every node and starts the pods the control plane assigns, like a jwt-free agent.",
        )],
    );
    fs::create_dir_all(folder.join("kubernetes")).unwrap();
    fs::write(folder.join("kubernetes/kubelet.md"), text).unwrap();
    folder
}

#[test]
fn installed_qa_answers_from_the_built_in_bank_with_user_sources_beside_it() {
    let env = Env::new();
    let away = env.path().join("somewhere/else");

    // First run: the built-in bank is written out and indexed in the cache, with a note.
    let first = qa(&env, &away, &["search", "jwt refresh token", "-n", "1"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(
        stdout(&first).starts_with("1. How do refresh tokens work with JWT access tokens?"),
        "{}",
        stdout(&first)
    );
    assert!(stderr(&first).contains("building it"), "{}", stderr(&first));
    assert!(env.home().join(".cache/qa/indexes").is_dir());

    // Second run: the cache index is reused, silently.
    let second = qa(&env, &away, &["search", "jwt refresh token", "-n", "1"]);
    assert_eq!(second.status.code(), Some(0));
    assert_eq!(stderr(&second), "");
    assert_eq!(stdout(&first), stdout(&second));

    // A folder added as a source is searched with the built-in bank.
    let folder = notes(&env);
    let added = qa(
        &env,
        &away,
        &["sources", "add", "notes", folder.to_str().unwrap()],
    );
    assert_eq!(added.status.code(), Some(0), "{}", stderr(&added));
    let config = fs::read_to_string(env.home().join(".config/qa/config.toml")).unwrap();
    assert!(config.contains("name = \"notes\""), "{config}");
    let both = qa(&env, &away, &["search", "--json", "kubelet"]);
    let value: serde_json::Value = serde_json::from_slice(&both.stdout).unwrap();
    assert_eq!(value["hits"][0]["source"], "notes", "{value}");
    assert_eq!(
        value["hits"][0]["id"],
        "notes:kubernetes/kubelet#what-does-a-kubelet-do"
    );
    assert!(value["sources"]["builtin"].is_number(), "{value}");
    // Filtered by --source, and by source: in the query; the id shows the entry.
    for args in [
        &["search", "--json", "--source", "notes", "jwt"][..],
        &["search", "--json", "source:notes", "jwt"][..],
    ] {
        let only = qa(&env, &away, args);
        let value: serde_json::Value = serde_json::from_slice(&only.stdout).unwrap();
        assert_eq!(value["total"], 1, "{value}");
        assert_eq!(value["sources"], serde_json::json!({"notes": 1}));
    }
    let shown = qa(
        &env,
        &away,
        &["show", "notes:kubernetes/kubelet#what-does-a-kubelet-do"],
    );
    assert_eq!(shown.status.code(), Some(0), "{}", stderr(&shown));
    assert!(stdout(&shown).contains("starts the pods"));
    // The summary line and `qa sources` count both sources.
    let plain = qa(&env, &away, &["search", "jwt"]);
    let summary = stdout(&plain).lines().last().unwrap().to_string();
    assert!(summary.contains("(builtin "), "{summary}");
    assert!(summary.contains(", notes 1)"), "{summary}");
    let listed = stdout(&qa(&env, &away, &["sources"]));
    assert!(
        listed.contains("builtin") && listed.contains("notes"),
        "{listed}"
    );
    assert!(listed.contains("1 questions"), "{listed}");

    // A vanished source is one warning line; the built-in bank still answers.
    fs::remove_dir_all(&folder).unwrap();
    let vanished = qa(&env, &away, &["search", "jwt refresh token", "-n", "1"]);
    assert_eq!(vanished.status.code(), Some(0), "{}", stderr(&vanished));
    let warnings: Vec<String> = stderr(&vanished).lines().map(str::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("qa: warning: source notes: "),
        "{warnings:?}"
    );
    assert_eq!(stdout(&vanished), stdout(&second));

    // A broken config file is one line naming the file and line; the built-in bank answers.
    let path = env.home().join(".config/qa/config.toml");
    fs::write(&path, "builtin = true\n[[source]\nname = 3\n").unwrap();
    let broken = qa(&env, &away, &["search", "jwt refresh token", "-n", "1"]);
    assert_eq!(broken.status.code(), Some(0), "{}", stderr(&broken));
    assert_eq!(stderr(&broken).lines().count(), 1, "{}", stderr(&broken));
    assert!(
        stderr(&broken).starts_with(&format!("qa: warning: {}:2: ", path.display())),
        "{}",
        stderr(&broken)
    );
    assert_eq!(stdout(&broken), stdout(&second));
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(status.status.success(), "git {args:?}: {}", stderr(&status));
}

#[test]
fn a_git_source_is_cloned_and_updated() {
    let env = Env::new();
    let away = env.path().join("away");
    // No built-in bank here: this test is about the git source alone.
    let config = env.home().join(".config/qa/config.toml");
    fs::create_dir_all(config.parent().unwrap()).unwrap();
    fs::write(&config, "builtin = false\n").unwrap();
    // An upstream repository and its bare remote.
    let work = env.path().join("upstream");
    fs::create_dir_all(work.join("topics/kubernetes")).unwrap();
    fs::write(
        work.join("topics/kubernetes/README.md"),
        "# Kubernetes\n\n## What is a pod?\n\nThe smallest deployable unit.\n",
    )
    .unwrap();
    git(&work, &["init", "-q"]);
    git(&work, &["add", "."]);
    git(&work, &["commit", "-qm", "first"]);
    let bare = env.path().join("remote.git");
    git(
        env.path(),
        &[
            "clone",
            "-q",
            "--bare",
            work.to_str().unwrap(),
            bare.to_str().unwrap(),
        ],
    );
    let url = format!("file://{}", bare.display());

    let added = qa(&env, &away, &["sources", "add", "k8s", "--git", &url]);
    assert_eq!(added.status.code(), Some(0), "{}", stderr(&added));
    let clone = env.home().join(".local/share/qa/sources/k8s");
    assert!(clone.join("topics/kubernetes/README.md").is_file());
    let found = qa(&env, &away, &["search", "--json", "pod"]);
    let value: serde_json::Value = serde_json::from_slice(&found.stdout).unwrap();
    assert_eq!(value["hits"][0]["question"], "What is a pod?", "{value}");
    assert_eq!(
        value["hits"][0]["topic"], "kubernetes",
        "the topic comes from its own folders"
    );

    // Upstream gains a question; `qa sources update` pulls it and the next search finds it.
    fs::write(
        work.join("topics/kubernetes/services.md"),
        "## What is a headless service?\n\nA service without a cluster IP.\n",
    )
    .unwrap();
    git(&work, &["add", "."]);
    git(&work, &["commit", "-qm", "second"]);
    git(&work, &["push", "-q", bare.to_str().unwrap(), "HEAD:main"]);
    let updated = qa(&env, &away, &["sources", "update"]);
    assert_eq!(updated.status.code(), Some(0), "{}", stderr(&updated));
    let found = qa(&env, &away, &["search", "headless"]);
    assert_eq!(found.status.code(), Some(0), "{}", stderr(&found));
    assert!(stdout(&found).contains("What is a headless service?"));

    // A failed pull (the remote is gone) keeps the last checkout, with a warning.
    fs::remove_dir_all(&bare).unwrap();
    let offline = qa(&env, &away, &["sources", "update", "k8s"]);
    assert_eq!(offline.status.code(), Some(0), "{}", stderr(&offline));
    assert!(
        stderr(&offline).contains("keeping the last checkout"),
        "{}",
        stderr(&offline)
    );
    assert!(stdout(&qa(&env, &away, &["search", "headless"])).contains("headless service"));

    // Removed: its clone goes too.
    let removed = qa(&env, &away, &["sources", "remove", "k8s"]);
    assert_eq!(removed.status.code(), Some(0), "{}", stderr(&removed));
    assert!(!clone.exists());
}

#[test]
fn an_unwritable_cache_is_one_warning_and_the_bank_is_indexed_in_the_temporary_folder() {
    let env = Env::new();
    let away = env.path().join("away");
    // The cache folder cannot be created: a file stands where it would be.
    let blocked = env.path().join("not-a-folder");
    fs::write(&blocked, "in the way").unwrap();
    let temp = env.path().join("tmp");
    fs::create_dir_all(&temp).unwrap();
    let output = env
        .bare()
        .current_dir({
            fs::create_dir_all(&away).unwrap();
            &away
        })
        .env("XDG_CACHE_HOME", &blocked)
        .env("TMPDIR", &temp)
        .args(["search", "jwt refresh token", "-n", "1"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let err = stderr(&output);
    let warnings: Vec<&str> = err.lines().filter(|l| l.contains("warning:")).collect();
    assert_eq!(warnings.len(), 1, "{err}");
    assert!(
        warnings[0].starts_with("qa: warning: cannot write the built-in bank to the cache"),
        "{err}"
    );
    assert!(stdout(&output).starts_with("1. How do refresh tokens work with JWT access tokens?"));
    assert!(
        fs::read_dir(&temp).unwrap().count() > 0,
        "the bank went to $TMPDIR"
    );
}

#[test]
fn two_first_runs_at_once_share_one_copy_of_the_bank() {
    let env = Env::new();
    let away = env.path().join("away");
    fs::create_dir_all(&away).unwrap();
    let run = || {
        env.bare()
            .current_dir(&away)
            .args(["search", "jwt refresh token", "-n", "1"])
            .output()
            .unwrap()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(run);
        let b = s.spawn(run);
        (a.join().unwrap(), b.join().unwrap())
    });
    for output in [&a, &b] {
        assert_eq!(output.status.code(), Some(0), "{}", stderr(output));
        assert!(!stderr(output).contains("warning:"), "{}", stderr(output));
    }
    assert_eq!(stdout(&a), stdout(&b));
    assert!(stdout(&a).starts_with("1. How do refresh tokens work with JWT access tokens?"));
}
