//! One file per subcommand. This is the only layer that touches stdout, stderr and the environment; it
//! turns the parsed command line into typed values and the results into output.

mod config;
mod index;
mod output;
mod search;
mod show;
mod sources;
mod topics;

use std::cell::RefCell;
use std::fs;
use std::io;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use anyhow::{Context, Result, bail};

use crate::builtin;
use crate::cli::{Cli, Command, Display};
use crate::config::{self as locations, Config, Source};
use crate::index::banks::{Banks, Member};
use crate::index::search::Reader;
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

pub fn run(cli: Cli) -> Result<Outcome> {
    let flags = locations::Flags {
        corpus: cli.dirs.corpus,
        index: cli.dirs.index,
        synonyms: cli.dirs.synonyms,
    };
    let settings = Settings {
        config: locations::resolve(flags, environment()),
        display: cli.display,
    };
    for warning in &settings.config.warnings {
        eprintln!("qa: warning: {}", clean(warning));
    }
    match cli.command {
        Command::Index { rebuild, verbose } => index::run(&settings, rebuild, verbose),
        Command::Search(args) => search::run(&settings, args),
        Command::Show { id, json } => show::run(&settings, &id, json),
        Command::Topics { json } => topics::run(&settings, json),
        Command::Sources { action } => sources::run(&settings, action),
        Command::Config { action } => config::run(&settings, action),
    }
}

/// The process's side of the locations: `QA_*` variables (empty ones count as unset) and the user's
/// platform folders (XDG on Linux, the platform's own elsewhere).
fn environment() -> locations::Environment {
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
            locations::UserDirs {
                config: strategy.config_dir(),
                cache: strategy.cache_dir(),
                data: strategy.data_dir(),
            }
        });
    locations::Environment {
        corpus: var("QA_CORPUS"),
        index: var("QA_INDEX"),
        synonyms: var("QA_SYNONYMS"),
        state: var("QA_STATE"),
        config: var("QA_CONFIG"),
        cwd: std::env::current_dir().unwrap_or_default(),
        dirs,
        temp: std::env::temp_dir(),
    }
}

/// The built-in synonyms plus the user's file, if any.
fn synonyms(settings: &Settings) -> Result<Synonyms> {
    let mut synonyms = Synonyms::builtin();
    if let Some(path) = &settings.config.synonyms {
        let text = fs::read_to_string(path)
            .with_context(|| format!("reading synonyms file {}", path.display()))?;
        synonyms.add(&text);
    }
    Ok(synonyms)
}

/// Runs `work` on every source's fresh index, as one. A source that cannot answer (its folder
/// vanished, its index cannot be built) is one warning and the others answer; an error only when none
/// can. `work` may run twice (see `Fresh::run`).
fn with_banks<T>(settings: &Settings, work: impl Fn(&Banks) -> Result<T>) -> Result<T> {
    let synonyms = synonyms(settings)?;
    let sources = &settings.config.sources;
    let Some(first) = sources.first() else {
        bail!("no source to search");
    };
    if let [only] = sources.as_slice() {
        // One source: the check overlaps the search on the other CPU (see `fresh::check_while`).
        let source = prepare(only)?;
        let paths = source.paths();
        let progress = Progress::new(&paths);
        let fresh = Fresh {
            pin_cpus: true,
            sealed: source.builtin,
            ..Fresh::new(&paths, synonyms, &progress)
        };
        return fresh.run(|reader| work(&Banks::new(&first.name, vec![member(&source, reader)])));
    }
    let mut open = Vec::new();
    let mut failed = None;
    for source in sources {
        match prepare(source).and_then(|source| {
            let reader = open_source(&source, synonyms.clone())?;
            Ok((source, reader))
        }) {
            Ok(pair) => open.push(pair),
            Err(err) => {
                eprintln!(
                    "qa: warning: source {}: {}; searching the others",
                    clean(&source.name),
                    clean(&format!("{err:#}"))
                );
                failed = Some(err);
            }
        }
    }
    if open.is_empty() {
        return Err(failed.unwrap_or_else(|| anyhow::anyhow!("no source could answer")));
    }
    let members = open.iter().map(|(s, r)| member(s, r)).collect();
    work(&Banks::new(&first.name, members))
}

fn member<'a>(source: &'a Source, reader: &'a Reader) -> Member<'a> {
    Member {
        name: &source.name,
        folder: &source.folder,
        reader,
    }
}

/// One source's fresh reader, with its notes on stderr.
fn open_source(source: &Source, synonyms: Synonyms) -> Result<Reader> {
    let paths = source.paths();
    let progress = Progress::new(&paths);
    let fresh = Fresh {
        sealed: source.builtin,
        ..Fresh::new(&paths, synonyms, &progress)
    };
    fresh.open()
}

/// The source ready to index: the built-in bank written out (once) to its folder. When the cache cannot
/// be written, the bank and its index go to the temporary folder instead, with a warning.
fn prepare(source: &Source) -> Result<Source> {
    if !source.builtin {
        return Ok(source.clone());
    }
    let written = builtin::extract(&source.folder).and_then(|wrote| {
        fs::create_dir_all(&source.index)
            .with_context(|| format!("creating {}", source.index.display()))?;
        Ok(wrote)
    });
    match written {
        Ok(wrote) => {
            if wrote {
                // A newer qa: the copies and indexes of older banks go.
                builtin::remove_others(&source.folder);
                builtin::remove_others(&source.index);
            }
            Ok(source.clone())
        }
        // The cache cannot be written, but holds the bank and its index: they answer.
        Err(_) if source.folder.is_dir() && crate::index::open(&source.index).is_ok() => {
            Ok(source.clone())
        }
        Err(err) => {
            let temp = std::env::temp_dir().join(format!("qa-builtin-{}", builtin::hash()));
            eprintln!(
                "qa: warning: cannot write the built-in bank to the cache ({}); using {}",
                clean(&format!("{err:#}")),
                clean(&temp.display().to_string())
            );
            let moved = Source {
                folder: temp.join("bank"),
                index: temp.join("index"),
                ..source.clone()
            };
            builtin::extract(&moved.folder)?;
            Ok(moved)
        }
    }
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
fn report(summary: &Summary, verbose: bool) {
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
            eprintln!("qa: warning: {}:1: {}", clean(path), NO_QUESTIONS);
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

/// What a file without questions is told.
const NO_QUESTIONS: &str =
    "no questions found (expected `## Question?` headings or <details> blocks)";

/// True when the error comes from writing to a closed pipe.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}
