//! Unit tests of `write`.

use super::*;

fn scan(files: &[(&str, u64)], dir_mtime: u64) -> bank::Scan {
    bank::Scan {
        files: files
            .iter()
            .map(|&(path, mtime)| bank::FileStat {
                path: path.to_string(),
                size: 10,
                mtime,
            })
            .collect(),
        dirs: [(String::new(), dir_mtime)].into_iter().collect(),
        warnings: Vec::new(),
        started: 0,
    }
}

fn manifest(files: &[(&str, u64)], dir_mtime: u64) -> Manifest {
    let mut manifest = Manifest::new("/c".into());
    for &(path, mtime) in files {
        let record = FileRecord {
            size: 10,
            mtime,
            hash: 0,
            questions: 1,
            warnings: Vec::new(),
        };
        manifest.files.insert(path.to_string(), record);
    }
    manifest.dirs.insert(String::new(), dir_mtime);
    manifest
}

#[test]
fn without_a_usable_manifest_or_when_asked_everything_is_read_again() {
    let on_disk = scan(&[("a.md", 1), ("b.md", 1)], 1);
    let current = manifest(&[("a.md", 1)], 1);
    for plan in [
        Plan::new(None, &on_disk, false),
        Plan::new(Some(&current), &on_disk, true),
    ] {
        assert!(plan.from_scratch && plan.commit);
        assert_eq!(plan.changes.added, ["a.md", "b.md"]);
    }
}

#[test]
fn an_unchanged_bank_commits_nothing() {
    let current = manifest(&[("a.md", 1)], 1);
    let plan = Plan::new(Some(&current), &scan(&[("a.md", 1)], 1), false);
    assert_eq!(
        plan,
        Plan {
            from_scratch: false,
            changes: Changes::default(),
            commit: false
        }
    );
}

#[test]
fn moved_folders_alone_are_committed_to_record_their_mtimes() {
    let current = manifest(&[("a.md", 1)], 1);
    let plan = Plan::new(Some(&current), &scan(&[("a.md", 1)], 2), false);
    assert!(plan.commit && !plan.from_scratch && plan.changes.is_empty());
}

#[test]
fn changes_are_planned_in_place() {
    let current = manifest(&[("a.md", 1), ("gone.md", 1)], 1);
    let plan = Plan::new(
        Some(&current),
        &scan(&[("a.md", 2), ("new.md", 1)], 2),
        false,
    );
    assert!(plan.commit && !plan.from_scratch);
    assert_eq!(plan.changes.added, ["new.md"]);
    assert_eq!(plan.changes.modified, ["a.md"]);
    assert_eq!(plan.changes.removed, ["gone.md"]);
}
