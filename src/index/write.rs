//! Bringing the index in line with the bank: only files whose size or mtime changed are read, only files
//! whose content hash changed are re-parsed, and everything lands in one tantivy commit whose payload is
//! the new manifest. Killing the process before the commit leaves the previous index intact.

use std::collections::HashSet;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::path::Path;
use std::thread::sleep;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use tantivy::indexer::NoMergePolicy;
use tantivy::schema::Facet;
use tantivy::{IndexWriter, TantivyDocument, Term};

use super::manifest::{Changes, FileRecord, Manifest};
use super::{Fields, Paths, create, open};
use crate::bank::{self, FileWarning};
use crate::entry::Entry;
use crate::parse::text::plain_text;

/// Incremental updates merge their small segments once there are more than this many.
const MAX_SEGMENTS: usize = 8;

/// How long a second writer waits for the first before giving up, unless its observer says otherwise.
pub const LOCK_TIMEOUT: Duration = Duration::from_secs(120);

/// The writer lock of an index directory.
const LOCK_FILE: &str = ".qa.lock";

/// Files tantivy writes; only these are ever deleted when a damaged index is cleared.
const INDEX_FILE_SUFFIXES: [&str; 8] = [
    ".idx",
    ".pos",
    ".term",
    ".store",
    ".fast",
    ".fieldnorm",
    ".del",
    ".lock",
];

/// What an update did.
#[derive(Debug, Default)]
pub struct Summary {
    pub files: usize,
    pub questions: usize,
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
    pub warnings: Vec<FileWarning>,
    pub elapsed: Duration,
}

/// What an update reports while it runs, for a progress bar; every method does nothing by default.
pub trait Observer {
    /// Another process holds the index lock; called once, then the update waits for it.
    fn waiting(&self) {}
    /// How long to wait for another process's lock before failing.
    fn lock_timeout(&self) -> Duration {
        LOCK_TIMEOUT
    }
    /// `done` of `total` changed files have been read.
    fn reading(&self, _done: usize, _total: usize) {}
    /// Files are read; the commit (and merge) starts.
    fn committing(&self) {}
}

struct WaitOnly<'a>(&'a dyn Fn());

impl Observer for WaitOnly<'_> {
    fn waiting(&self) {
        (self.0)()
    }
}

/// Updates the index (or rebuilds it when `rebuild` is set or the index is unusable). `waiting` is called
/// once if another process holds the index lock.
pub fn sync(paths: &Paths, rebuild: bool, waiting: &dyn Fn()) -> Result<Summary> {
    sync_observed(paths, rebuild, &WaitOnly(waiting))
}

/// `sync`, reporting progress to `observer`.
pub fn sync_observed(paths: &Paths, rebuild: bool, observer: &dyn Observer) -> Result<Summary> {
    let started = Instant::now();
    let corpus = super::fresh::corpus_key(&paths.corpus)?;
    fs::create_dir_all(&paths.index)
        .with_context(|| format!("creating index directory {}", paths.index.display()))?;
    let _lock = lock(&paths.index, observer)?;
    let bank::Scan {
        files,
        dirs,
        mut warnings,
    } = bank::scan(&paths.corpus)?;

    let (index, fields, mut manifest, rebuild) = match open(&paths.index)? {
        Some((index, fields)) => match Manifest::load(&index) {
            Some(manifest) if manifest.fits(&corpus) && !rebuild => {
                (index, fields, manifest, false)
            }
            _ => (index, fields, Manifest::new(corpus), true),
        },
        None => {
            clear(&paths.index)?;
            let (index, fields) = create(&paths.index)?;
            (index, fields, Manifest::new(corpus), true)
        }
    };
    let changes = if rebuild {
        Changes {
            added: files.iter().map(|f| f.path.clone()).collect(),
            ..Changes::default()
        }
    } else {
        manifest.changes(&files)
    };
    let mut summary = Summary::default();
    // Folders whose mtime moved without a Markdown change (an editor's swap file, a new hidden folder)
    // are recorded too, so the next freshness check can trust folder mtimes again.
    if !changes.is_empty() || rebuild || manifest.dirs != dirs {
        manifest.dirs = dirs;
        let (threads, arena) = if changes.len() > 64 { (2, 96) } else { (1, 16) };
        let mut writer: IndexWriter = index
            .writer_with_num_threads(threads, threads * arena * 1024 * 1024)
            .context("opening the index for writing")?;
        if !rebuild {
            // A small update should cost its commit, not a merge of the big segments: small segments
            // are merged below, once there are enough of them to slow searches down.
            writer.set_merge_policy(Box::new(NoMergePolicy));
        }
        if rebuild {
            writer.delete_all_documents()?;
        }
        for path in &changes.removed {
            writer.delete_term(path_term(&fields, path));
            manifest.files.remove(path);
            summary.removed += 1;
        }
        let wanted: HashSet<&str> = changes
            .added
            .iter()
            .chain(&changes.modified)
            .map(String::as_str)
            .collect();
        let total = wanted.len();
        for (done, stat) in files
            .iter()
            .filter(|f| wanted.contains(f.path.as_str()))
            .enumerate()
        {
            observer.reading(done, total);
            let is_new = !manifest.files.contains_key(&stat.path);
            let record = update_file(&paths.corpus, &fields, &writer, &manifest, stat, rebuild)?;
            if let Some(record) = record {
                warnings.extend(record.warnings.iter().map(|(line, message)| FileWarning {
                    path: stat.path.clone(),
                    line: *line,
                    message: message.clone(),
                }));
                if is_new {
                    summary.added += 1
                } else {
                    summary.updated += 1
                }
                manifest.files.insert(stat.path.clone(), record);
            }
        }
        observer.committing();
        let payload = manifest.save(&paths.index)?;
        let mut commit = writer
            .prepare_commit()
            .context("preparing the index commit")?;
        commit.set_payload(&payload);
        commit.commit().context("committing the index")?;
        Manifest::remove_others(&paths.index, &payload);
        if !rebuild {
            merge_small_segments(&index, &mut writer)?;
        }
        writer
            .wait_merging_threads()
            .context("merging index segments")?;
    }
    summary.files = manifest.files.len();
    summary.questions = manifest.questions();
    summary.warnings = warnings;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Re-reads one file. Returns its new record, or `None` when only its mtime changed (the record is then
/// updated in place).
fn update_file(
    root: &Path,
    fields: &Fields,
    writer: &IndexWriter,
    manifest: &Manifest,
    stat: &bank::FileStat,
    rebuild: bool,
) -> Result<Option<FileRecord>> {
    let mut record = FileRecord {
        size: stat.size,
        mtime: stat.mtime,
        hash: 0,
        questions: 0,
        warnings: Vec::new(),
    };
    let text = match bank::read(root, &stat.path) {
        Ok(text) => text,
        Err(warning) => {
            if !rebuild {
                writer.delete_term(path_term(fields, &stat.path));
            }
            record.warnings.push((warning.line, warning.message));
            return Ok(Some(record));
        }
    };
    record.hash = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
    if let Some(old) = manifest
        .files
        .get(&stat.path)
        .filter(|old| !rebuild && old.hash == record.hash)
    {
        // Touched, not edited: keep the documents, remember the new stat.
        record.questions = old.questions;
        record.warnings = old.warnings.clone();
        return Ok(Some(record));
    }
    let parsed = bank::parse(root, &stat.path, &text);
    // A rebuild starts from no documents; a delete per file would only cost the commit time.
    if !rebuild {
        writer.delete_term(path_term(fields, &stat.path));
    }
    for entry in &parsed.entries {
        writer.add_document(document(fields, entry))?;
    }
    record.questions = parsed.entries.len();
    let readme = stat
        .path
        .rsplit('/')
        .next()
        .is_some_and(|n| n.eq_ignore_ascii_case("readme.md"));
    if !(readme && parsed.entries.is_empty()) {
        record.warnings = parsed
            .warnings
            .into_iter()
            .map(|w| (w.line, w.message))
            .collect();
    }
    Ok(Some(record))
}

/// Merges the small segments that incremental updates leave behind into one, once there are more than
/// `MAX_SEGMENTS` of them: each search opens every segment. Segments of a build (a quarter of the largest
/// or more) are left alone, so an edit never pays for rewriting the bank.
fn merge_small_segments(index: &tantivy::Index, writer: &mut IndexWriter) -> Result<()> {
    let segments = index.searchable_segment_metas()?;
    let largest = segments
        .iter()
        .map(|meta| meta.num_docs())
        .max()
        .unwrap_or(0);
    let small: Vec<_> = segments
        .iter()
        .filter(|meta| meta.num_docs() < largest / 4)
        .map(|meta| meta.id())
        .collect();
    if small.len() > MAX_SEGMENTS {
        writer
            .merge(&small)
            .wait()
            .context("merging small index segments")?;
    }
    Ok(())
}

/// The `kind` of an entry whose question asks what something is.
pub const DEFINITION: &str = "definition";
/// The `kind` of an entry of no particular stack (`data/products.txt`): security, databases, ...
pub const GENERIC: &str = "generic";

/// The tantivy document of one entry.
pub fn document(fields: &Fields, entry: &Entry) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.id, &entry.id);
    doc.add_text(fields.question, &entry.question);
    for phrasing in &entry.also {
        doc.add_text(fields.also, phrasing);
    }
    doc.add_text(fields.tags, entry.tags.join(", "));
    doc.add_text(fields.body, plain_text(&entry.answer));
    doc.add_facet(fields.topic, Facet::from_path([entry.topic.as_str()]));
    if let Some(framework) = &entry.framework {
        doc.add_facet(fields.framework, Facet::from_path([framework.as_str()]));
    }
    if let Some(level) = entry.level {
        doc.add_text(fields.level, level.as_str());
    }
    if crate::query::intent::is_definition(&entry.question) {
        doc.add_text(fields.kind, DEFINITION);
    }
    let stacks = crate::query::intent::all_stacks();
    let in_stack = |name: &str| stacks.iter().any(|stack| stack == name);
    if !in_stack(&entry.topic) && !entry.framework.as_deref().is_some_and(in_stack) {
        doc.add_text(fields.kind, GENERIC);
    }
    doc.add_text(fields.vocab, &entry.question);
    for phrasing in &entry.also {
        doc.add_text(fields.vocab, phrasing);
    }
    doc.add_text(fields.vocab, entry.tags.join(", "));
    doc.add_text(fields.path, &entry.path);
    doc.add_u64(fields.line, entry.line as u64);
    doc
}

fn path_term(fields: &Fields, path: &str) -> Term {
    Term::from_field_text(fields.path, path)
}

/// Takes the writer lock of an index directory, waiting up to the observer's timeout for another process.
fn lock(dir: &Path, observer: &dyn Observer) -> Result<File> {
    let path = dir.join(LOCK_FILE);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot write to the index directory {}", dir.display()))?;
    let timeout = observer.lock_timeout();
    let deadline = Instant::now() + timeout;
    let mut told = false;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(err)) => {
                return Err(err).with_context(|| format!("locking {}", path.display()));
            }
        }
        if !told {
            observer.waiting();
            told = true;
        }
        if Instant::now() > deadline {
            bail!(
                "another qa process has held the index lock {} for over {:.0} s; giving up",
                path.display(),
                timeout.as_secs_f32()
            );
        }
        sleep(Duration::from_millis(50));
    }
}

/// Rebuilds a damaged index from scratch: its files are deleted first, since a writer may not even open.
pub fn rebuild_damaged(paths: &Paths, observer: &dyn Observer) -> Result<Summary> {
    {
        let _lock = lock(&paths.index, observer)?;
        clear(&paths.index)?;
    }
    sync_observed(paths, true, observer)
}

/// Deletes the files of an unusable index, and nothing else that may live in the directory.
fn clear(dir: &Path) -> Result<()> {
    for item in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = item?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Our lock file ends in `.lock` too, and is held while this runs.
        let ours = name != LOCK_FILE
            && (name == "meta.json"
                || name == ".managed.json"
                || name.starts_with(".tantivy")
                || Manifest::owns(&name)
                || INDEX_FILE_SUFFIXES.iter().any(|s| name.ends_with(s)));
        if ours && path.is_file() {
            fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
        }
    }
    Ok(())
}
