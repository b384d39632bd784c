//! The manifest: changes found by comparing stats, the file named by the commit, what a listing reads.

use super::*;

fn stat(path: &str, size: u64, mtime: u64) -> FileStat {
    FileStat {
        path: path.to_string(),
        size,
        mtime,
    }
}

fn record(size: u64, mtime: u64) -> FileRecord {
    FileRecord {
        size,
        mtime,
        hash: 0,
        questions: 1,
        warnings: Vec::new(),
    }
}

#[test]
fn changes_finds_added_modified_and_removed_files() {
    let mut manifest = Manifest::new("/c".into());
    manifest.files.insert("same.md".into(), record(10, 1));
    manifest.files.insert("grown.md".into(), record(10, 1));
    manifest.files.insert("touched.md".into(), record(10, 1));
    manifest.files.insert("gone.md".into(), record(10, 1));
    let disk = [
        stat("grown.md", 11, 1),
        stat("new.md", 5, 1),
        stat("same.md", 10, 1),
        stat("touched.md", 10, 2),
    ];
    let changes = manifest.changes(&disk);
    assert_eq!(changes.added, ["new.md"]);
    assert_eq!(changes.modified, ["grown.md", "touched.md"]);
    assert_eq!(changes.removed, ["gone.md"]);
    assert_eq!(changes.len(), 4);
}

#[test]
fn nothing_changed_is_empty() {
    let mut manifest = Manifest::new("/c".into());
    manifest.files.insert("a.md".into(), record(1, 1));
    assert!(manifest.changes(&[stat("a.md", 1, 1)]).is_empty());
}

#[test]
fn the_manifest_file_round_trips_through_a_commit_payload() {
    let dir = tempfile::TempDir::new().unwrap();
    let mut manifest = Manifest::new("/c".into());
    manifest.files.insert("a.md".into(), record(1, 2));
    manifest.dirs.insert(String::new(), 7);
    let payload = manifest.save(dir.path()).unwrap();
    assert!(
        payload.len() < 200,
        "the payload only names the file: {payload}"
    );
    let older = Manifest::new("/c".into()).save(dir.path()).unwrap();
    Manifest::remove_others(dir.path(), &payload);
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(payload.contains(&names[0]) && !older.contains(&names[0]));
}

#[test]
fn a_listing_reads_what_the_manifest_wrote() {
    let mut manifest = Manifest::new("/c".into());
    manifest.files.insert("a/x.md".into(), record(1, 2));
    let mut warned = record(3, 4);
    warned.warnings.push((7, "no questions found".into()));
    manifest.files.insert("b.md".into(), warned);
    manifest.dirs.insert("a".into(), 9);
    manifest.scanned = 11;
    let bytes = postcard::to_allocvec(&manifest).unwrap();
    let listing = Listing::decode("m", &bytes).unwrap();
    assert_eq!(listing.file_list(), manifest.file_list());
    assert_eq!(listing.dirs, [("a", 9)]);
    assert!(listing.check("/c").is_ok());
    assert!(matches!(listing.check("/d"), Err(Unusable::OtherCorpus(_))));
    assert!(Listing::decode("m", &bytes[..bytes.len() / 2]).is_err());
}

#[test]
fn another_corpus_or_version_does_not_fit() {
    let manifest = Manifest::new("/c".into());
    assert!(manifest.fits("/c"));
    assert!(!manifest.fits("/d"));
    let old = Manifest {
        version: 0,
        ..manifest
    };
    assert!(!old.fits("/c"));
}
