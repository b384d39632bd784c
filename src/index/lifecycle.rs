//! The index's life cycle before a read: the freshness check, then, as needed, a build (no index yet), an
//! update (files changed), a rebuild (unusable or damaged), or the last commit when an update fails. The
//! command only shows the `Event`s; every decision is made here, and unit-tested below.

use std::time::Duration;

use anyhow::Result;

use super::fresh::{self, Check, Freshness};
use super::search::Reader;
use super::write::{self, LOCK_TIMEOUT};
use super::{Event, Observer, Paths, open};
use crate::query::synonyms::Synonyms;

/// How long a read waits for another process's update when there is an index to fall back on.
pub const READ_PATIENCE: Duration = Duration::from_secs(3);

/// Opens the index for reading once it reflects the bank.
pub struct Fresh<'a> {
    pub paths: &'a Paths,
    pub synonyms: Synonyms,
    pub observer: &'a dyn Observer,
    /// Pin the freshness check's two threads to two CPUs (see `fresh::check_while`).
    pub pin_cpus: bool,
    /// How long to wait for another process's update of a stale index before answering from the
    /// last commit.
    pub patience: Duration,
    /// The bank cannot change (see `fresh::check_while`): no stat when its index is there.
    pub sealed: bool,
}

impl<'a> Fresh<'a> {
    pub fn new(paths: &'a Paths, synonyms: Synonyms, observer: &'a dyn Observer) -> Fresh<'a> {
        Fresh {
            paths,
            synonyms,
            observer,
            pin_cpus: false,
            patience: READ_PATIENCE,
            sealed: false,
        }
    }

    /// A reader of an index that reflects the bank: built on first use, updated when a file changed,
    /// rebuilt when unusable or damaged; the last commit when an update fails but an index exists.
    pub fn open(&self) -> Result<Reader> {
        let (check, _) = fresh::check_while(self.paths, self.pin_cpus, self.sealed, |_| ())?;
        self.after(check)
    }

    /// Runs `work` on a fresh index. Nearly always the index is fresh, and `work` runs while the bank is
    /// checked, on the other CPU; otherwise (or when it failed on a damaged index) it runs again after
    /// the update. So `work` must have no side effect: it may run twice, and only its last result counts.
    pub fn run<T>(&self, work: impl Fn(&Reader) -> Result<T>) -> Result<T> {
        let (check, early) =
            fresh::check_while(self.paths, self.pin_cpus, self.sealed, |opened| {
                opened
                    .reader(self.synonyms.clone(), &self.paths.corpus)
                    .and_then(|reader| work(&reader))
            })?;
        if let Some(Ok(result)) = early {
            return Ok(result);
        }
        // Stale, or the work failed (a damaged segment, an unknown topic): the full path says why.
        work(&self.after(check)?)
    }

    /// The reader after a check: the checked index when fresh, else after an update; a rebuild when it
    /// cannot be read.
    fn after(&self, check: Check) -> Result<Reader> {
        let opened = match check.index {
            Some(opened) => Ok(opened),
            None => {
                self.update(&check.freshness)?;
                open(&self.paths.index)
            }
        };
        let reader = opened
            .map_err(|why| anyhow::anyhow!("the index {why}"))
            .and_then(|opened| opened.reader(self.synonyms.clone(), &self.paths.corpus));
        match reader {
            Ok(reader) => Ok(reader),
            Err(err) => {
                // A truncated or missing segment file: the Markdown is the truth, so build again.
                self.observer.event(Event::Damaged(&format!("{err:#}")));
                let summary = write::rebuild_damaged(self.paths, self.observer)?;
                self.observer.event(Event::Updated(&summary));
                open(&self.paths.index)
                    .map_err(|why| anyhow::anyhow!("the rebuilt index {why}"))?
                    .reader(self.synonyms.clone(), &self.paths.corpus)
            }
        }
    }

    /// Brings the index up to date, announcing why. When that fails and an index exists, its last commit
    /// answers, with a warning.
    fn update(&self, freshness: &Freshness) -> Result<()> {
        let (announced, patience) = match freshness {
            Freshness::Missing => (Some(Event::Building), LOCK_TIMEOUT),
            Freshness::Unusable(why) => (Some(Event::Rebuilding(why)), LOCK_TIMEOUT),
            Freshness::Stale(n) => (Some(Event::Updating(*n)), self.patience),
            Freshness::FoldersMoved | Freshness::Fresh => (None, self.patience),
        };
        let announced = announced.map(|event| self.observer.event(event)).is_some();
        match write::sync_within(self.paths, false, patience, self.observer) {
            Ok(summary) if announced => self.observer.event(Event::Updated(&summary)),
            Ok(_) => {}
            Err(err) if open(&self.paths.index).is_ok() => {
                self.observer.event(Event::Fallback(&err))
            }
            Err(err) => return Err(err),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::fs;

    use tempfile::TempDir;

    use super::*;

    /// Records each event as a short name.
    #[derive(Default)]
    struct Recorder(RefCell<Vec<String>>);

    impl Observer for Recorder {
        fn event(&self, event: Event<'_>) {
            let name = match event {
                Event::Building => "building".to_string(),
                Event::Rebuilding(why) => format!("rebuilding: {why:?}"),
                Event::Updating(n) => format!("updating {n}"),
                Event::Waiting => "waiting".to_string(),
                Event::Reading { .. } => return,
                Event::Committing => "committing".to_string(),
                Event::Updated(summary) => format!("updated {}", summary.questions),
                Event::Damaged(_) => "damaged".to_string(),
                Event::Fallback(_) => "fallback".to_string(),
            };
            self.0.borrow_mut().push(name);
        }
    }

    impl Recorder {
        fn take(&self) -> Vec<String> {
            self.0.take()
        }
    }

    fn bank(files: &[&str]) -> (TempDir, Paths) {
        let dir = TempDir::new().unwrap();
        let paths = Paths {
            corpus: dir.path().join("corpus"),
            index: dir.path().join("index"),
        };
        for name in files {
            add(&paths, name);
        }
        (dir, paths)
    }

    fn add(paths: &Paths, name: &str) {
        let file = paths.corpus.join(format!("t/{name}.md"));
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(
            file,
            format!("## What is {name}?\n\nThe answer about {name}.\n"),
        )
        .unwrap();
    }

    fn questions(fresh: &Fresh) -> usize {
        fresh.open().unwrap().facets().unwrap().questions
    }

    #[test]
    fn no_index_is_built_and_announced() {
        let (_dir, paths) = bank(&["one", "two"]);
        let seen = Recorder::default();
        let fresh = Fresh::new(&paths, Synonyms::builtin(), &seen);
        assert_eq!(questions(&fresh), 2);
        assert_eq!(seen.take(), ["building", "committing", "updated 2"]);
        assert_eq!(questions(&fresh), 2);
        assert_eq!(seen.take(), Vec::<String>::new(), "fresh: nothing to say");
    }

    #[test]
    fn a_changed_bank_is_updated_and_announced() {
        let (_dir, paths) = bank(&["one"]);
        write::sync(&paths, false, &()).unwrap();
        add(&paths, "two");
        let seen = Recorder::default();
        let fresh = Fresh::new(&paths, Synonyms::builtin(), &seen);
        assert_eq!(questions(&fresh), 2);
        assert_eq!(seen.take(), ["updating 1", "committing", "updated 2"]);
    }

    #[test]
    fn an_unusable_index_says_why_and_is_rebuilt() {
        let (_dir, paths) = bank(&["one"]);
        write::sync(&paths, false, &()).unwrap();
        fs::write(paths.index.join("meta.json"), "{ not json").unwrap();
        let seen = Recorder::default();
        let fresh = Fresh::new(&paths, Synonyms::builtin(), &seen);
        assert_eq!(questions(&fresh), 1);
        let events = seen.take();
        assert!(events[0].starts_with("rebuilding: Damaged("), "{events:?}");
        assert_eq!(events[1..], ["committing", "updated 1"]);
    }

    #[test]
    fn a_damaged_segment_is_found_on_opening_and_rebuilt() {
        let (_dir, paths) = bank(&["one"]);
        write::sync(&paths, false, &()).unwrap();
        let store = fs::read_dir(&paths.index)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "store"))
            .unwrap();
        fs::write(store, b"truncated").unwrap();
        let seen = Recorder::default();
        let fresh = Fresh::new(&paths, Synonyms::builtin(), &seen);
        assert_eq!(questions(&fresh), 1);
        assert_eq!(seen.take(), ["damaged", "committing", "updated 1"]);
    }

    #[test]
    fn a_held_lock_leaves_the_last_commit_answering() {
        let (_dir, paths) = bank(&["one"]);
        write::sync(&paths, false, &()).unwrap();
        add(&paths, "two");
        let lock = fs::File::options()
            .write(true)
            .open(paths.index.join(".qa.lock"))
            .unwrap();
        lock.lock().unwrap();
        let seen = Recorder::default();
        let fresh = Fresh {
            patience: Duration::from_millis(100),
            ..Fresh::new(&paths, Synonyms::builtin(), &seen)
        };
        assert_eq!(questions(&fresh), 1, "the last commit answers");
        assert_eq!(seen.take(), ["updating 1", "waiting", "fallback"]);
        lock.unlock().unwrap();
    }

    #[test]
    fn without_any_index_a_failed_build_is_an_error() {
        let (dir, paths) = bank(&["one"]);
        // The index directory cannot be created: a file stands in its way.
        fs::write(dir.path().join("index"), "not a folder").unwrap();
        let fresh = Fresh::new(&paths, Synonyms::builtin(), &());
        assert!(fresh.open().is_err());
    }

    #[test]
    fn work_runs_once_on_a_fresh_index() {
        let (_dir, paths) = bank(&["one"]);
        write::sync(&paths, false, &()).unwrap();
        let runs = RefCell::new(0);
        let fresh = Fresh::new(&paths, Synonyms::builtin(), &());
        let n = fresh
            .run(|reader| {
                *runs.borrow_mut() += 1;
                Ok(reader.facets()?.questions)
            })
            .unwrap();
        assert_eq!((n, runs.take()), (1, 1));
    }
}
