//! The staleness check and the incremental path, through the library: what `fresh::check` reports after
//! each kind of change, and what `write::sync` then re-reads. No timings.

mod support;

use std::fs;
use std::time::{Duration, SystemTime};

use qa::index::Paths;
use qa::index::fresh::{self, Freshness};
use qa::index::write;
use support::{Env, bank_file};

fn paths(env: &Env) -> Paths {
    Paths {
        corpus: env.corpus(),
        index: env.index(),
    }
}

fn bank() -> Env {
    let env = Env::new();
    for (path, question) in [
        ("a/one.md", "What is one?"),
        ("a/two.md", "What is two?"),
        ("b/three.md", "What is three?"),
    ] {
        env.write(
            path,
            bank_file("misc", None, &[(question, "mid", "x", "An answer.")]),
        );
    }
    write::sync(&paths(&env), false, &()).unwrap();
    env
}

fn freshness(env: &Env) -> Freshness {
    fresh::check(&paths(env)).unwrap().freshness
}

fn touch(env: &Env, path: &str, seconds: u64) {
    let file = fs::File::options()
        .write(true)
        .open(env.corpus().join(path))
        .unwrap();
    file.set_modified(SystemTime::now() + Duration::from_secs(seconds))
        .unwrap();
}

#[test]
fn an_untouched_bank_is_fresh_and_the_check_hands_over_the_index() {
    let env = bank();
    let check = fresh::check(&paths(&env)).unwrap();
    assert_eq!(check.freshness, Freshness::Fresh);
    assert!(check.index.is_some());
}

#[test]
fn a_missing_index_is_reported() {
    let env = Env::new();
    env.write(
        "a/one.md",
        bank_file("misc", None, &[("What?", "mid", "x", "A.")]),
    );
    assert_eq!(freshness(&env), Freshness::Missing);
}

#[test]
fn a_same_size_edit_is_found_by_its_mtime() {
    let env = bank();
    let text = fs::read_to_string(env.corpus().join("a/one.md")).unwrap();
    env.write("a/one.md", text.replace("An answer.", "A reply!!."));
    touch(&env, "a/one.md", 10);
    assert_eq!(freshness(&env), Freshness::Stale(1));
    let summary = write::sync(&paths(&env), false, &()).unwrap();
    assert_eq!((summary.added, summary.updated, summary.removed), (0, 1, 0));
    assert_eq!(freshness(&env), Freshness::Fresh);
}

#[test]
fn added_removed_and_renamed_files_are_found() {
    let env = bank();
    env.write(
        "c/new/four.md",
        bank_file("misc", None, &[("What is four?", "mid", "x", "An answer.")]),
    );
    assert_eq!(freshness(&env), Freshness::Stale(1));
    write::sync(&paths(&env), false, &()).unwrap();

    fs::remove_file(env.corpus().join("b/three.md")).unwrap();
    assert_eq!(freshness(&env), Freshness::Stale(1));
    write::sync(&paths(&env), false, &()).unwrap();

    // An editor's save-by-rename: same size, new inode, and (copied) a new mtime.
    let original = env.corpus().join("a/two.md");
    let copy = env.corpus().join("a/.two.md.tmp");
    fs::copy(&original, &copy).unwrap();
    fs::rename(&copy, &original).unwrap();
    touch(&env, "a/two.md", 20);
    assert_eq!(freshness(&env), Freshness::Stale(1));
    let summary = write::sync(&paths(&env), false, &()).unwrap();
    assert_eq!((summary.files, summary.questions), (3, 3));
}

#[test]
fn a_folder_change_without_markdown_changes_is_recorded_silently() {
    let env = bank();
    fs::write(env.corpus().join("a/.one.md.swp"), "editor state").unwrap();
    fs::create_dir(env.corpus().join("a/.hidden")).unwrap();
    // Past the file system's clock tick, so the folder's mtime surely moved.
    fs::File::open(env.corpus().join("a"))
        .unwrap()
        .set_modified(SystemTime::now() + Duration::from_secs(40))
        .unwrap();
    // The folder's mtime moved: the walk finds no Markdown change, and asks for a silent manifest update.
    assert_eq!(freshness(&env), Freshness::FoldersMoved);
    let summary = write::sync(&paths(&env), false, &()).unwrap();
    assert_eq!((summary.added, summary.updated, summary.removed), (0, 0, 0));
    let check = fresh::check(&paths(&env)).unwrap();
    assert_eq!(check.freshness, Freshness::Fresh);
    assert!(check.index.is_some());
}

#[test]
fn a_touched_file_is_re_read_but_not_re_indexed() {
    let env = bank();
    touch(&env, "a/one.md", 30);
    assert_eq!(freshness(&env), Freshness::Stale(1));
    let summary = write::sync(&paths(&env), false, &()).unwrap();
    assert_eq!((summary.updated, summary.touched), (1, 1));
    assert_eq!(summary.questions, 3);
    assert_eq!(freshness(&env), Freshness::Fresh);
}

#[test]
fn old_manifest_files_are_removed_after_each_commit() {
    let env = bank();
    for i in 0..3 {
        env.write(
            "a/one.md",
            bank_file(
                "misc",
                None,
                &[("What is one?", "mid", "x", &"longer ".repeat(i + 2))],
            ),
        );
        write::sync(&paths(&env), false, &()).unwrap();
    }
    let manifests = fs::read_dir(env.index())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("manifest-")
        })
        .count();
    assert_eq!(manifests, 1);
}
