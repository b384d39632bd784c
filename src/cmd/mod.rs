//! One file per subcommand. This is the only layer that touches stdout, stderr and the environment; it
//! turns the parsed command line into typed values and the results into output.

pub mod completions;
mod config;
mod export;
mod index;
mod last;
mod man;
mod mark;
mod mock;
mod model;
mod open;
mod output;
mod pick;
mod plan;
mod practice;
mod progress;
mod quiz;
mod random;
mod search;
mod show;
mod sources;
mod stats;
mod topics;

use std::io;
use std::path::PathBuf;

use anyhow::Result;

use crate::cli::{Cli, Command, Display, Filters};
use crate::config::{self as locations, Config};
use crate::query::Search;
use crate::render::clean;

use open::{prepare, with_banks};
use progress::{Progress, report};

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
        state: cli.dirs.state,
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
        Command::Search(args) if args.pick => pick::run(&settings, args),
        Command::Search(args) => search::run(&settings, args),
        Command::Pick(args) => pick::run(&settings, args),
        Command::Show { id, json } => show::run(&settings, &id, json),
        Command::Topics { json } => topics::run(&settings, json),
        Command::Sources { action } => sources::run(&settings, action),
        Command::Config { action } => config::run(&settings, action),
        Command::Quiz(args) => quiz::run(&settings, args),
        Command::Mock(args) => mock::run(&settings, &args),
        Command::Plan(args) => plan::run(&settings, &args),
        Command::Stats(args) => stats::run(&settings, args),
        Command::Mark(args) => mark::run(&settings, args),
        Command::Completions { shell, dynamic } => completions::run(&settings, shell, dynamic),
        Command::Man => man::run(),
        Command::Model { action } => model::run(&settings, action),
        Command::Random { filters, json } => random::run(&settings, &filters, json),
        Command::Export { filters, .. } => export::run(&settings, &filters),
    }
}

/// A search's text with the filter flags (`--source`, `--topic`, `--framework`, `--level`) merged over
/// it, as every command that takes them resolves them.
fn resolve_search(text: &str, filters: &Filters, all: bool, limit: usize) -> Result<Search> {
    let flags = crate::query::Filters {
        source: filters.source.clone(),
        topic: filters.topic.clone(),
        framework: filters.framework.clone(),
        level: filters.level.clone(),
        all,
        limit,
    };
    Search::resolve(text, flags)
}

/// The filter flags alone, as a query with no words (`qa random`, `qa export`).
fn filter_query(filters: &Filters) -> Result<crate::query::Query> {
    Ok(resolve_search("", filters, false, 0)?.query)
}

/// The process's side of the locations: `QA_*` variables (empty ones count as unset) and the user's
/// platform folders (XDG on Linux, the platform's own elsewhere).
pub(crate) fn environment() -> locations::Environment {
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
        model: var("QA_MODEL"),
        config: var("QA_CONFIG"),
        cache: var("QA_CACHE"),
        cwd: std::env::current_dir().unwrap_or_default(),
        dirs,
        temp: std::env::temp_dir(),
    }
}

/// True when the error comes from writing to a closed pipe.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}
