//! What index updates tell the user on stderr: notes (building, updating, rebuilding, falling back),
//! the lock wait, a progress bar, and the one-line summary with its warnings.

use std::cell::RefCell;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::index::write::Summary;
use crate::index::{Event, Observer, Paths};
use crate::render::{clean, shorten};

/// Notes and progress of index updates on stderr: the lock wait as a line, and a bar once reading takes
/// longer than a second. indicatif draws nothing when stderr is not a terminal.
pub(super) struct Progress<'a> {
    paths: &'a Paths,
    started: Instant,
    bar: RefCell<Option<ProgressBar>>,
}

impl Progress<'_> {
    pub(super) fn new(paths: &Paths) -> Progress<'_> {
        Progress {
            paths,
            started: Instant::now(),
            bar: RefCell::new(None),
        }
    }

    fn reading(&self, done: usize, total: usize) {
        let mut bar = self.bar.borrow_mut();
        if bar.is_none() && self.started.elapsed() > Duration::from_secs(1) {
            let new =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            if let Ok(style) =
                ProgressStyle::with_template("qa: reading {bar:30} {pos}/{len} files {eta}")
            {
                new.set_style(style);
            }
            *bar = Some(new);
        }
        if let Some(bar) = bar.as_ref() {
            bar.set_position(done as u64);
        }
    }
}

impl Observer for Progress<'_> {
    fn event(&self, event: Event<'_>) {
        let index = clean(&self.paths.index.display().to_string());
        match event {
            Event::Building => eprintln!(
                "qa: no index in {index} yet; building it from {}",
                clean(&self.paths.corpus.display().to_string())
            ),
            Event::Rebuilding(why) => {
                eprintln!(
                    "qa: the index in {index} {}; rebuilding",
                    clean(&why.to_string())
                )
            }
            Event::Updating(n) => {
                eprintln!("qa: {n} file(s) changed since the last index; updating")
            }
            Event::Waiting => {
                eprintln!("qa: another qa process is updating the index; waiting for it")
            }
            Event::Reading { done, total } => self.reading(done, total),
            Event::Committing => {
                if let Some(bar) = self.bar.borrow_mut().take() {
                    bar.finish_and_clear();
                }
            }
            Event::Updated(summary) => report(summary, false),
            Event::Damaged(reason) => eprintln!(
                "qa: the index in {index} is damaged ({}); rebuilding",
                clean(&shorten(reason, 100))
            ),
            Event::Fallback(err) => eprintln!(
                "qa: warning: could not update the index ({}); answering from the last one",
                clean(&format!("{err:#}"))
            ),
        }
    }
}

/// The one-line summary of an update, after its warnings. Files without questions are normal in a
/// cloned repository (its README, LICENSE, exercises): up to `QUIET_EMPTY` are listed as warnings,
/// more are one line, and `verbose` lists them all.
pub(super) fn report(summary: &Summary, verbose: bool) {
    for warning in &summary.warnings {
        eprintln!("qa: warning: {}", clean(&warning.to_string()));
    }
    let listed = verbose || summary.empty.len() <= QUIET_EMPTY;
    let empty = if verbose {
        &summary.all_empty
    } else {
        &summary.empty
    };
    if listed {
        for path in empty {
            eprintln!(
                "qa: warning: {}:1: {}",
                clean(path),
                crate::parse::NO_QUESTIONS
            );
        }
    } else {
        eprintln!(
            "qa: {} files had no questions; qa index --verbose lists them",
            summary.empty.len()
        );
    }
    let touched = match summary.touched {
        0 => String::new(),
        n => format!("; {n} of the updated only touched"),
    };
    eprintln!(
        "qa: indexed {} files, {} questions ({} added, {} updated, {} removed; {} warnings{touched}) in {:.2?}",
        summary.files,
        summary.questions,
        summary.added,
        summary.updated,
        summary.removed,
        summary.warnings.len() + if listed { empty.len() } else { 0 },
        summary.elapsed
    );
}

/// Files without questions listed one by one; more are counted in one line.
const QUIET_EMPTY: usize = 3;
