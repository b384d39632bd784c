//! Bringing the index in line with the bank: only files whose size or mtime changed are read, only files
//! whose content hash changed are re-parsed, and everything lands in one tantivy commit whose payload is
//! the new manifest. Killing the process before the commit leaves the previous index intact.

use std::collections::HashSet;
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use tantivy::indexer::NoMergePolicy;
use tantivy::schema::Facet;
use tantivy::{IndexWriter, TantivyDocument, Term};

use super::dir::{clear, lock};
use super::manifest::{Changes, FileRecord, Manifest};
use super::{Event, Fields, Observer, Opened, Paths, create, open};
use crate::bank::{self, FileWarning};
use crate::entry::Entry;
use crate::parse::text::plain_text;

/// Incremental updates merge their small segments once there are more than this many.
const MAX_SEGMENTS: usize = 8;

/// How long a second writer waits for the first before giving up (a search waits less: `lifecycle.rs`).
pub const LOCK_TIMEOUT: Duration = Duration::from_secs(120);

/// What an update did.
#[derive(Debug, Default)]
pub struct Summary {
    /// Markdown files and questions in the index after the update.
    pub files: usize,
    pub questions: usize,
    /// Files read for the first time.
    pub added: usize,
    /// Files read again because their size or mtime changed (`touched` of them had the same content).
    pub updated: usize,
    /// Updated files whose content hash had not changed: their documents were kept, their stat recorded.
    pub touched: usize,
    pub removed: usize,
    pub warnings: Vec<FileWarning>,
    /// Files read in this update that hold no question (not counting READMEs): normal in a cloned
    /// repository, so counted apart from warnings.
    pub empty: Vec<String>,
    /// Every file of the index without questions (the same rule), read now or before.
    pub all_empty: Vec<String>,
    pub elapsed: Duration,
}

/// What an update will do, decided from the last manifest and a walk of the bank before anything is
/// written. Pure: `Plan::new` is unit-tested without tantivy.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Plan {
    /// Every document is written again (asked for, or the index cannot be updated in place).
    pub from_scratch: bool,
    /// Files to read and files to drop (on a build from scratch, every file is "added").
    pub changes: Changes,
    /// Something has to be committed: documents change, or folders moved and the manifest must record
    /// their new mtimes so the next freshness check can trust them again.
    pub commit: bool,
}

impl Plan {
    /// `current` is the manifest of an index that can be updated in place, if there is one.
    pub fn new(current: Option<&Manifest>, scan: &bank::Scan, rebuild: bool) -> Plan {
        match current {
            Some(manifest) if !rebuild => {
                let changes = manifest.changes(&scan.files);
                let commit = !changes.is_empty() || manifest.dirs != scan.dirs;
                Plan {
                    from_scratch: false,
                    changes,
                    commit,
                }
            }
            _ => Plan {
                from_scratch: true,
                changes: Changes {
                    added: scan.files.iter().map(|f| f.path.clone()).collect(),
                    ..Changes::default()
                },
                commit: true,
            },
        }
    }
}

/// Updates the index (or rebuilds it when `rebuild` is set or the index is unusable), waiting up to
/// `LOCK_TIMEOUT` for another process's update.
pub fn sync(paths: &Paths, rebuild: bool, observer: &dyn Observer) -> Result<Summary> {
    sync_within(paths, rebuild, LOCK_TIMEOUT, observer)
}

/// `sync`, waiting at most `patience` for another process's lock.
pub(crate) fn sync_within(
    paths: &Paths,
    rebuild: bool,
    patience: Duration,
    observer: &dyn Observer,
) -> Result<Summary> {
    let started = Instant::now();
    let corpus = super::fresh::corpus_key(&paths.corpus)?;
    fs::create_dir_all(&paths.index)
        .with_context(|| format!("creating index directory {}", paths.index.display()))?;
    let _lock = lock(&paths.index, patience, observer)?;
    let (opened, current) = match open(&paths.index) {
        Ok(opened) => {
            let current = opened.manifest().ok().filter(|m| m.fits(&corpus));
            (opened, current)
        }
        Err(_) => {
            clear(&paths.index)?;
            (create(&paths.index)?, None)
        }
    };
    // An update finds the edits by reading only the folders that moved; a rebuild walks everything.
    let mut scan = match &current {
        Some(manifest) if !rebuild => manifest.rescan(&paths.corpus)?,
        _ => bank::scan(&paths.corpus)?,
    };
    let plan = Plan::new(current.as_ref(), &scan, rebuild);
    let mut manifest = match current {
        Some(manifest) if !plan.from_scratch => manifest,
        _ => Manifest::new(corpus),
    };
    let mut summary = Summary::default();
    let mut warnings = std::mem::take(&mut scan.warnings);
    if plan.commit {
        manifest.record_folders(&scan);
        let target = Target {
            root: &paths.corpus,
            dir: &paths.index,
            opened: &opened,
        };
        warnings.extend(apply(
            &target,
            &plan,
            &scan.files,
            &mut manifest,
            &mut summary,
            observer,
        )?);
    }
    summary.files = manifest.files.len();
    summary.questions = manifest.questions();
    summary.all_empty = manifest
        .files
        .iter()
        .filter(|(path, r)| r.questions == 0 && r.warnings.is_empty() && !bank::is_readme(path))
        .map(|(path, _)| path.clone())
        .collect();
    summary.warnings = warnings;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Where an update writes: the bank it reads and the index it writes to.
struct Target<'a> {
    root: &'a Path,
    dir: &'a Path,
    opened: &'a Opened,
}

/// Carries out a plan: deletes, reads the changed files, commits documents and manifest together, and
/// merges small segments. Counts into `summary`; returns the warnings of the files read.
fn apply(
    target: &Target,
    plan: &Plan,
    files: &[bank::FileStat],
    manifest: &mut Manifest,
    summary: &mut Summary,
    observer: &dyn Observer,
) -> Result<Vec<FileWarning>> {
    let Opened { index, fields } = target.opened;
    let mut writer = writer_for(index, plan)?;
    if plan.from_scratch {
        writer
            .delete_all_documents()
            .context("clearing the index for a rebuild")?;
    }
    for path in &plan.changes.removed {
        writer.delete_term(path_term(fields, path));
        manifest.files.remove(path);
        summary.removed += 1;
    }
    let wanted: HashSet<&str> = plan
        .changes
        .added
        .iter()
        .chain(&plan.changes.modified)
        .map(String::as_str)
        .collect();
    let updater = Updater {
        root: target.root,
        fields,
        writer: &writer,
        from_scratch: plan.from_scratch,
    };
    let mut warnings = Vec::new();
    for (done, stat) in files
        .iter()
        .filter(|f| wanted.contains(f.path.as_str()))
        .enumerate()
    {
        observer.event(Event::Reading {
            done,
            total: wanted.len(),
        });
        let old = manifest.files.get(&stat.path);
        let (record, read) = updater.file(stat, old)?;
        if read == Read::Parsed
            && record.questions == 0
            && record.warnings.is_empty()
            && !bank::is_readme(&stat.path)
        {
            summary.empty.push(stat.path.clone());
        }
        match (old, read) {
            (None, _) => summary.added += 1,
            (Some(_), Read::Parsed) => summary.updated += 1,
            (Some(_), Read::Touched) => {
                summary.updated += 1;
                summary.touched += 1;
            }
        }
        warnings.extend(record.warnings.iter().map(|(line, message)| FileWarning {
            path: stat.path.clone(),
            line: *line,
            message: message.clone(),
        }));
        manifest.files.insert(stat.path.clone(), record);
    }
    observer.event(Event::Committing);
    let payload = manifest.save(target.dir)?;
    let mut commit = writer
        .prepare_commit()
        .context("preparing the index commit")?;
    commit.set_payload(&payload);
    commit.commit().context("committing the index")?;
    Manifest::remove_others(target.dir, &payload);
    if !plan.from_scratch {
        merge_small_segments(index, &mut writer)?;
    }
    writer
        .wait_merging_threads()
        .context("merging index segments")?;
    Ok(warnings)
}

/// Above this many files to read, the writer gets two threads (on 2 cores a build is twice as fast).
const BIG_UPDATE_FILES: usize = 64;
/// Indexing memory per writer thread, in MiB: enough for a build of the shipped bank in one segment
/// per thread, and small for an edit, whose arena is allocated whole.
const BIG_ARENA_MIB: usize = 96;
const SMALL_ARENA_MIB: usize = 16;

/// A writer sized for the plan; an incremental one does not merge on its own.
fn writer_for(index: &tantivy::Index, plan: &Plan) -> Result<IndexWriter> {
    let (threads, arena) = if plan.changes.len() > BIG_UPDATE_FILES {
        (2, BIG_ARENA_MIB)
    } else {
        (1, SMALL_ARENA_MIB)
    };
    let writer: IndexWriter = index
        .writer_with_num_threads(threads, threads * arena * 1024 * 1024)
        .context("opening the index for writing")?;
    if !plan.from_scratch {
        // A small update should cost its commit, not a merge of the big segments: small segments
        // are merged after the commit, once there are enough of them to slow searches down.
        writer.set_merge_policy(Box::new(NoMergePolicy));
    }
    Ok(writer)
}

/// How a file was read by `Updater::file`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Read {
    /// Its questions were parsed and written (or it could not be read and has none).
    Parsed,
    /// Same content as recorded (only its mtime moved): documents kept.
    Touched,
}

/// Reads changed files into the writer.
struct Updater<'a> {
    root: &'a Path,
    fields: &'a Fields,
    writer: &'a IndexWriter,
    /// The writer holds no documents: nothing needs deleting first.
    from_scratch: bool,
}

impl Updater<'_> {
    /// Reads one file whose stat changed (`old`: its record before) and writes its documents. Returns
    /// its new record, and whether it was parsed or only touched.
    fn file(&self, stat: &bank::FileStat, old: Option<&FileRecord>) -> Result<(FileRecord, Read)> {
        let mut record = FileRecord {
            size: stat.size,
            mtime: stat.mtime,
            hash: 0,
            questions: 0,
            warnings: Vec::new(),
        };
        let text = match bank::read(self.root, &stat.path) {
            Ok(text) => text,
            Err(warning) => {
                self.delete(&stat.path);
                record.warnings.push((warning.line, warning.message));
                return Ok((record, Read::Parsed));
            }
        };
        record.hash = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
        if let Some(old) = old.filter(|old| !self.from_scratch && old.hash == record.hash) {
            // Touched, not edited: keep the documents, remember the new stat.
            record.questions = old.questions;
            record.warnings = old.warnings.clone();
            return Ok((record, Read::Touched));
        }
        let parsed = bank::parse(self.root, &stat.path, &text);
        self.delete(&stat.path);
        for entry in &parsed.entries {
            self.writer
                .add_document(document(self.fields, entry))
                .with_context(|| format!("indexing {}", stat.path))?;
        }
        record.questions = parsed.entries.len();
        record.warnings = parsed
            .warnings
            .into_iter()
            .map(|w| (w.line, w.message))
            .collect();
        Ok((record, Read::Parsed))
    }

    /// Deletes a file's documents; a build from scratch has none, and a delete would only cost time.
    fn delete(&self, path: &str) {
        if !self.from_scratch {
            self.writer.delete_term(path_term(self.fields, path));
        }
    }
}

/// Merges the small segments that incremental updates leave behind into one, once there are more than
/// `MAX_SEGMENTS` of them: each search opens every segment. Segments of a build (a quarter of the largest
/// or more) are left alone, so an edit never pays for rewriting the bank.
fn merge_small_segments(index: &tantivy::Index, writer: &mut IndexWriter) -> Result<()> {
    let segments = index
        .searchable_segment_metas()
        .context("listing index segments")?;
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

/// The `kind` of an entry whose question introduces its subject: what it is, how it works, what it does.
pub const DEFINITION: &str = "definition";
/// The `kind` of an entry of no particular stack (`data/products.txt`): security, databases, ...
pub const GENERIC: &str = "generic";

/// The tantivy document of one entry.
pub(crate) fn document(fields: &Fields, entry: &Entry) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.id, &entry.id);
    doc.add_text(fields.question, &entry.question);
    for phrasing in &entry.also {
        doc.add_text(fields.also, phrasing);
    }
    doc.add_text(fields.tags, entry.tags.join(", "));
    // The follow-up stays in: measured, leaving it out lost more (words such as `goreplay` live only
    // there) than it gained.
    doc.add_text(fields.body, plain_text(&entry.answer));
    doc.add_bytes(fields.span, &super::answers::Span::of(entry).to_bytes());
    doc.add_facet(fields.topic, Facet::from_path([entry.topic.as_str()]));
    if let Some(framework) = &entry.framework {
        doc.add_facet(fields.framework, Facet::from_path([framework.as_str()]));
    }
    if let Some(level) = entry.level {
        doc.add_text(fields.level, level.as_str());
    }
    if let Some(subject) = crate::query::intent::introduced_subject(&entry.question) {
        doc.add_text(fields.kind, DEFINITION);
        doc.add_text(fields.subject, crate::query::intent::subject_key(&subject));
    }
    // "Also asked as: what is a database transaction" names a subject the entry introduces too.
    for subject in entry
        .also
        .iter()
        .filter_map(|phrasing| crate::query::intent::introduced_subject(phrasing))
    {
        doc.add_text(fields.subject, crate::query::intent::subject_key(&subject));
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

/// Rebuilds a damaged index from scratch: its files are deleted first, since a writer may not even open.
pub fn rebuild_damaged(paths: &Paths, observer: &dyn Observer) -> Result<Summary> {
    {
        let _lock = lock(&paths.index, LOCK_TIMEOUT, observer)?;
        clear(&paths.index)?;
    }
    sync(paths, true, observer)
}

#[cfg(test)]
mod tests;
