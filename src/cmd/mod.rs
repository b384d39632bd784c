//! One file per subcommand. This is the only layer that touches stdout, stderr and the environment; it
//! turns the parsed command line into typed values and the results into output.

pub mod completions;
mod export;
mod index;
mod last;
mod man;
mod mark;
mod output;
mod practice;
mod quiz;
mod random;
mod search;
mod show;
mod stats;
mod topics;

use std::cell::RefCell;
use std::io;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use anyhow::{Context, Result};

use crate::cli::{Cli, Command, Display, Filters};
use crate::index::fresh::{self, Freshness};
use crate::index::search::Reader;
use crate::index::write::{self, Summary};
use crate::index::{self as idx, Paths};
use crate::query::synonyms::Synonyms;

/// What a command found, for the exit status.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Found,
    NothingFound,
}

/// What every command needs besides its own arguments.
pub struct Settings {
    pub paths: Paths,
    /// A user's synonym file, added to the built-in groups.
    pub synonyms: Option<PathBuf>,
    /// How results look (resolved by `output::Output` where a command prints results).
    pub display: Display,
    /// The review state file (`--state`, `QA_STATE`, or the user data folder); `None` when there is
    /// no home folder to put it in.
    pub state: Option<PathBuf>,
}

pub fn run(cli: Cli) -> Result<Outcome> {
    let settings = Settings {
        paths: Paths {
            corpus: cli.dirs.corpus,
            index: cli.dirs.index,
        },
        synonyms: cli.dirs.synonyms,
        display: cli.display,
        state: cli.dirs.state.or_else(practice::default_state),
    };
    match cli.command {
        Command::Index { rebuild } => index::run(&settings.paths, rebuild),
        Command::Search(args) => search::run(&settings, args),
        Command::Show { id, json } => show::run(&settings, &id, json),
        Command::Topics { json } => topics::run(&settings, json),
        Command::Quiz(args) => quiz::run(&settings, args),
        Command::Stats(args) => stats::run(&settings, args),
        Command::Mark(args) => mark::run(&settings, args),
        Command::Completions { shell, dynamic } => completions::run(&settings, shell, dynamic),
        Command::Man => man::run(),
        Command::Random { filters, json } => random::run(&settings, &filters, json),
        Command::Export { filters, .. } => export::run(&settings, &filters),
    }
}

/// `--topic`, `--framework` and `--level` as a query of filters alone, names normalised as search does.
fn filter_query(filters: &Filters) -> crate::query::Query {
    use crate::parse::text::slug;
    crate::query::Query {
        topic: filters.topic.as_deref().map(slug),
        framework: filters.framework.as_deref().map(slug),
        level: filters
            .level
            .as_deref()
            .and_then(crate::entry::Level::parse),
        ..Default::default()
    }
}

/// The built-in synonyms plus the user's file, if any.
fn synonyms(settings: &Settings) -> Result<Synonyms> {
    let mut synonyms = Synonyms::builtin();
    if let Some(path) = &settings.synonyms {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading synonyms file {}", path.display()))?;
        synonyms.add(&text);
    }
    Ok(synonyms)
}

/// Opens the index for reading after making sure it reflects the bank: built on first use, updated when
/// a file changed, rebuilt when unusable, each with a note on stderr. If the update fails but an older
/// index exists, that one answers, with a warning.
fn fresh_reader(settings: &Settings) -> Result<Reader> {
    let synonyms = synonyms(settings)?;
    let check = fresh::check(&settings.paths)?;
    open_checked(settings, check, synonyms)
}

/// Runs `work` on a fresh index. On a fresh index (nearly always) it runs while the bank is being
/// checked, on the other CPU; otherwise the index is updated first and `work` runs after.
fn with_fresh_reader<T>(settings: &Settings, work: impl Fn(&Reader) -> Result<T>) -> Result<T> {
    let synonyms = synonyms(settings)?;
    let (check, early) = fresh::check_while(&settings.paths, |index, fields| {
        Reader::new(index.clone(), *fields, synonyms.clone()).and_then(|reader| work(&reader))
    })?;
    if let Some(Ok(result)) = early {
        return Ok(result);
    }
    // Stale, or the work failed (a damaged segment, an unknown topic): the full path says why.
    work(&open_checked(settings, check, synonyms)?)
}

/// The reader after a freshness check: the checked index when fresh, else after an update.
fn open_checked(settings: &Settings, check: fresh::Check, synonyms: Synonyms) -> Result<Reader> {
    let paths = &settings.paths;
    let note = match check.freshness {
        Freshness::Fresh => None,
        Freshness::Missing => Some(format!(
            "no index in {} yet; building it from {}",
            paths.index.display(),
            paths.corpus.display()
        )),
        Freshness::Unusable => Some(format!(
            "the index in {} is damaged, outdated or of another corpus; rebuilding",
            paths.index.display()
        )),
        Freshness::Stale(0) => None,
        Freshness::Stale(n) => Some(format!(
            "{n} file(s) changed since the last index; updating"
        )),
    };
    let opened = match check.index {
        Some(opened) => Some(opened),
        None => {
            if let Some(note) = &note {
                eprintln!("qa: {note}");
            }
            // With an index to fall back on, a search does not wait long for another process's update.
            let progress = match check.freshness {
                Freshness::Stale(_) => Progress::for_search(),
                _ => Progress::new(),
            };
            match write::sync_observed(paths, false, &progress) {
                Ok(summary) if note.is_some() => report(&summary),
                Ok(_) => {}
                Err(err) if idx::open(&paths.index)?.is_some() => eprintln!(
                    "qa: warning: could not update the index ({err:#}); answering from the last one"
                ),
                Err(err) => return Err(err),
            }
            idx::open(&paths.index)?
        }
    };
    let reader = opened
        .ok_or_else(|| anyhow::anyhow!("no usable index in {}", paths.index.display()))
        .and_then(|(index, fields)| Reader::new(index, fields, synonyms.clone()));
    match reader {
        Ok(reader) => Ok(reader),
        Err(err) => {
            // A truncated or missing segment file: the Markdown is the truth, so build again.
            let reason = crate::render::shorten(&err.to_string(), 100);
            eprintln!(
                "qa: the index in {} is damaged ({reason}); rebuilding",
                paths.index.display()
            );
            report(&write::rebuild_damaged(paths, &Progress::new())?);
            let (index, fields) = idx::open(&paths.index)?
                .ok_or_else(|| anyhow::anyhow!("no usable index in {}", paths.index.display()))?;
            Reader::new(index, fields, synonyms)
        }
    }
}

/// Progress of an index update on stderr: the lock wait as a line, and a bar once reading takes longer
/// than a second. indicatif draws nothing when stderr is not a terminal.
struct Progress {
    started: Instant,
    bar: RefCell<Option<ProgressBar>>,
    lock_timeout: Duration,
}

impl Progress {
    fn new() -> Progress {
        Progress {
            started: Instant::now(),
            bar: RefCell::new(None),
            lock_timeout: write::LOCK_TIMEOUT,
        }
    }

    /// A search waits only briefly for another process's update, then answers from the last commit.
    fn for_search() -> Progress {
        Progress {
            lock_timeout: Duration::from_secs(3),
            ..Progress::new()
        }
    }
}

impl write::Observer for Progress {
    fn waiting(&self) {
        eprintln!("qa: another qa process is updating the index; waiting for it");
    }

    fn lock_timeout(&self) -> Duration {
        self.lock_timeout
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

    fn committing(&self) {
        if let Some(bar) = self.bar.borrow_mut().take() {
            bar.finish_and_clear();
        }
    }
}

/// The one-line summary of an update, after its warnings.
fn report(summary: &Summary) {
    for warning in &summary.warnings {
        eprintln!(
            "qa: warning: {}",
            crate::render::clean(&warning.to_string())
        );
    }
    eprintln!(
        "qa: indexed {} files, {} questions ({} added, {} updated, {} removed; {} warnings) in {:.2?}",
        summary.files,
        summary.questions,
        summary.added,
        summary.updated,
        summary.removed,
        summary.warnings.len(),
        summary.elapsed
    );
}

/// True when the error comes from writing to a closed pipe.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}
