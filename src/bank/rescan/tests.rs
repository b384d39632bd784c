use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use tempfile::TempDir;

use super::*;
use crate::bank::scan;

/// A bank whose folders all carry an mtime an hour old, so that any change made now moves them.
fn bank(files: &[&str]) -> TempDir {
    let dir = TempDir::new().unwrap();
    for file in files {
        let path = dir.path().join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, format!("## {file}?\n\nAnswer.\n")).unwrap();
    }
    age_folders(dir.path());
    dir
}

fn age_folders(root: &Path) {
    let old = SystemTime::now() - Duration::from_secs(3600);
    for entry in walkdir::WalkDir::new(root).contents_first(true) {
        let entry = entry.unwrap();
        if entry.file_type().is_dir() {
            fs::File::open(entry.path())
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
    }
}

/// Rescans against `before` as if its walk had begun at `started`.
fn rescan_from(root: &Path, before: &Scan, started: u64) -> Scan {
    let files: Vec<_> = before
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.size, f.mtime))
        .collect();
    let known = Known {
        dirs: &before.dirs,
        files: &files,
        started,
    };
    rescan(root, &known).unwrap()
}

fn paths(scan: &Scan) -> Vec<&str> {
    scan.files.iter().map(|f| f.path.as_str()).collect()
}

/// Every change a user makes to a bank is found by a rescan exactly as by a walk: files, sizes,
/// mtimes and folders. Checked both when the unchanged folders are trusted (their mtimes an hour older
/// than the walk) and when none is (a walk that began at the epoch, before any of them).
#[test]
fn a_rescan_finds_what_a_walk_finds() {
    type Change = fn(&Path);
    let changes: [(&str, Change); 9] = [
        ("an edit in a nested folder", |r| {
            fs::write(r.join("db/sql/joins.md"), "## Joins?\n\nLonger answer.\n").unwrap()
        }),
        ("a file added to a folder", |r| {
            fs::write(r.join("db/new.md"), "## New?\n\nA.\n").unwrap()
        }),
        ("a new folder with a nested one", |r| {
            fs::create_dir_all(r.join("php/laravel")).unwrap();
            fs::write(r.join("php/laravel/routes.md"), "## Routes?\n\nA.\n").unwrap();
        }),
        ("a file removed", |r| {
            fs::remove_file(r.join("db/sql/keys.md")).unwrap()
        }),
        ("a folder renamed", |r| {
            fs::rename(r.join("db/sql"), r.join("db/postgres")).unwrap()
        }),
        ("a folder removed", |r| {
            fs::remove_dir_all(r.join("web")).unwrap()
        }),
        ("hidden, non-Markdown and linked entries", |r| {
            fs::create_dir_all(r.join("db/.git")).unwrap();
            fs::write(r.join("db/.git/x.md"), "## X?\n\nA.\n").unwrap();
            fs::write(r.join("db/notes.txt"), "not a bank file").unwrap();
            std::os::unix::fs::symlink(r.join("readme.md"), r.join("db/link.md")).unwrap();
        }),
        ("a file renamed to Markdown", |r| {
            fs::write(r.join("web/draft.txt"), "## D?\n\nA.\n").unwrap();
            fs::rename(r.join("web/draft.txt"), r.join("web/draft.md")).unwrap();
        }),
        ("a file replaced by a folder", |r| {
            fs::remove_file(r.join("web/http.md")).unwrap();
            fs::create_dir_all(r.join("web/http.md")).unwrap();
            fs::write(r.join("web/http.md/inner.md"), "## I?\n\nA.\n").unwrap();
        }),
    ];
    for (what, change) in changes {
        for trust in [true, false] {
            let root = bank(&[
                "readme.md",
                "db/sql/joins.md",
                "db/sql/keys.md",
                "web/http.md",
            ]);
            let before = scan(root.path()).unwrap();
            change(root.path());
            let walked = scan(root.path()).unwrap();
            let started = if trust { before.started } else { 0 };
            let rescanned = rescan_from(root.path(), &before, started);
            assert_eq!(rescanned.files, walked.files, "{what} (trusted: {trust})");
            assert_eq!(rescanned.dirs, walked.dirs, "{what} (trusted: {trust})");
            assert_eq!(
                rescanned.warnings, walked.warnings,
                "{what} (trusted: {trust})"
            );
        }
    }
}

/// A folder changed in the same clock tick as the walk keeps its mtime on a coarse clock; a rescan
/// must not trust a folder whose mtime was that close to the walk.
#[test]
fn a_folder_as_recent_as_the_walk_is_read_again() {
    let root = bank(&["a/one.md"]);
    let folder = root.path().join("a");
    let just_now = SystemTime::now();
    fs::File::open(&folder)
        .unwrap()
        .set_modified(just_now)
        .unwrap();
    let before = scan(root.path()).unwrap();
    fs::write(folder.join("two.md"), "## Two?\n\nA.\n").unwrap();
    fs::File::open(&folder)
        .unwrap()
        .set_modified(just_now)
        .unwrap();
    let rescanned = rescan_from(root.path(), &before, before.started);
    assert_eq!(paths(&rescanned), ["a/one.md", "a/two.md"]);
}

/// Without folders on record (a manifest written before they were recorded), a rescan is a walk.
#[test]
fn without_recorded_folders_a_rescan_walks() {
    let root = bank(&["a/one.md", "two.md"]);
    let dirs = BTreeMap::new();
    let known = Known {
        dirs: &dirs,
        files: &[],
        started: u64::MAX,
    };
    let rescanned = rescan(root.path(), &known).unwrap();
    assert_eq!(paths(&rescanned), ["a/one.md", "two.md"]);
    assert_eq!(rescanned.dirs.len(), 2);
}

/// A corpus that is not a folder is the same error as for a walk.
#[test]
fn a_missing_corpus_is_an_error() {
    let root = TempDir::new().unwrap();
    let gone = root.path().join("gone");
    let dirs = BTreeMap::from([(String::new(), 1)]);
    let known = Known {
        dirs: &dirs,
        files: &[],
        started: 0,
    };
    let err = rescan(&gone, &known).unwrap_err();
    assert!(format!("{err:#}").contains("corpus directory"), "{err:#}");
}
