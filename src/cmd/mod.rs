//! One file per subcommand. This is the only layer that touches stdout, stderr and the environment; it
//! turns the parsed command line into typed values and the results into output.

mod index;
mod output;
mod search;
mod show;
mod topics;

use std::cell::RefCell;
use std::io;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use anyhow::{Context, Result};

use crate::cli::{Cli, Command, Display};
use crate::config::{self, Config};
use crate::index::write::Summary;
use crate::index::{Event, Fresh, Observer, Paths};
use crate::query::synonyms::Synonyms;
use crate::render::{clean, shorten};

/// What a command found, for the exit status.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Found,
    NothingFound,
}

/// What every command needs besides its own arguments.
pub struct Settings {
    /// Where everything lives.
    pub config: Config,
    /// How results look (resolved by `output::Output` where a command prints results).
    pub display: Display,
}

impl Settings {
    fn paths(&self) -> &Paths {
        &self.config.paths
    }
}

pub fn run(cli: Cli) -> Result<Outcome> {
    let flags = config::Flags {
        corpus: cli.dirs.corpus,
        index: cli.dirs.index,
        synonyms: cli.dirs.synonyms,
    };
    let settings = Settings {
        config: config::resolve(flags, environment()),
        display: cli.display,
    };
    match cli.command {
        Command::Index { rebuild } => index::run(settings.paths(), rebuild),
        Command::Search(args) => search::run(&settings, args),
        Command::Show { id, json } => show::run(&settings, &id, json),
        Command::Topics { json } => topics::run(&settings, json),
    }
}

/// The process's side of the locations: `QA_*` variables (empty ones count as unset) and the user's
/// platform folders (XDG on Linux, the platform's own elsewhere).
fn environment() -> config::Environment {
    let var = |name: &str| {
        std::env::var_os(name)
            .filter(|value| !value.is_empty())
            .map(PathBuf::from)
    };
    let args = etcetera::app_strategy::AppStrategyArgs {
        top_level_domain: "org".to_string(),
        author: "qa".to_string(),
        app_name: "qa".to_string(),
    };
    let dirs = etcetera::app_strategy::choose_native_strategy(args)
        .ok()
        .map(|strategy| {
            use etcetera::AppStrategy;
            config::UserDirs {
                config: strategy.config_dir(),
                cache: strategy.cache_dir(),
                data: strategy.data_dir(),
            }
        });
    config::Environment {
        corpus: var("QA_CORPUS"),
        index: var("QA_INDEX"),
        synonyms: var("QA_SYNONYMS"),
        state: var("QA_STATE"),
        dirs,
    }
}

/// The built-in synonyms plus the user's file, if any.
fn synonyms(settings: &Settings) -> Result<Synonyms> {
    let mut synonyms = Synonyms::builtin();
    if let Some(path) = &settings.config.synonyms {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading synonyms file {}", path.display()))?;
        synonyms.add(&text);
    }
    Ok(synonyms)
}

/// The index, fresh, with its notes and progress on stderr.
fn fresh<'a>(settings: &'a Settings, progress: &'a Progress) -> Result<Fresh<'a>> {
    Ok(Fresh {
        // The check overlaps the search on the other CPU (see `fresh::check_while`).
        pin_cpus: true,
        ..Fresh::new(settings.paths(), synonyms(settings)?, progress)
    })
}

/// Notes and progress of index updates on stderr: the lock wait as a line, and a bar once reading takes
/// longer than a second. indicatif draws nothing when stderr is not a terminal.
struct Progress<'a> {
    paths: &'a Paths,
    started: Instant,
    bar: RefCell<Option<ProgressBar>>,
}

impl Progress<'_> {
    fn new(paths: &Paths) -> Progress<'_> {
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
            Event::Updated(summary) => report(summary),
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

/// The one-line summary of an update, after its warnings.
fn report(summary: &Summary) {
    for warning in &summary.warnings {
        eprintln!("qa: warning: {}", clean(&warning.to_string()));
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
