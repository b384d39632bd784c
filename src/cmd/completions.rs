//! `qa completions SHELL`: completion scripts from the clap declarations (clap_complete), in two kinds.
//!
//! The static script (the default) is written once and completes subcommands, flags, levels and the
//! topics and frameworks the bank has when it is written. The dynamic one (`--dynamic`) is a short
//! registration that calls `COMPLETE=SHELL qa -- ARGS` at every Tab: `dynamic_complete` answers it
//! (called first thing in `main`), with topics and frameworks read from the index at that moment,
//! and for `qa show` the numbers of this terminal's last search and the ids.

use std::ffi::OsStr;
use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::builder::PossibleValuesParser;
use clap::{Command, CommandFactory};
use clap_complete::Shell;
use clap_complete::engine::{ArgValueCandidates, ArgValueCompleter, CompletionCandidate};
use clap_complete::env::{CompleteEnv, Shells};

use super::{Outcome, Settings, with_banks};
use crate::cli::Cli;
use crate::index::search::Reader;
use crate::query::synonyms::Synonyms;

/// The variable the dynamic registration sets to ask for candidates.
const VAR: &str = "COMPLETE";

pub fn run(settings: &Settings, shell: Shell, dynamic: bool) -> Result<Outcome> {
    let mut script = Vec::new();
    if dynamic {
        let name = shell.to_string();
        let shells = Shells::builtins();
        let completer = shells
            .completer(&name)
            .with_context(|| format!("no dynamic completion for {name}"))?;
        completer.write_registration(VAR, "qa", "qa", &completer_path(), &mut script)?;
    } else {
        let mut command = Cli::command();
        match known_values(settings) {
            Ok((topics, frameworks)) => {
                command = with_values(command, "topic", &topics);
                command = with_values(command, "framework", &frameworks);
            }
            Err(err) => eprintln!("qa: warning: topics and frameworks left out ({err:#})"),
        }
        clap_complete::generate(shell, &mut command, "qa", &mut script);
    }
    let mut out = io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(Outcome::Found)
}

/// Answers a dynamic completion request (`COMPLETE=bash qa -- qa search --topic ...`) and exits;
/// returns at once on any other run.
pub fn dynamic_complete() {
    CompleteEnv::with_factory(dynamic_command)
        .var(VAR)
        .complete();
}

/// The command line with candidates read from the index at Tab time.
fn dynamic_command() -> Command {
    let mut command = Cli::command();
    for name in subcommands_with(&command, "topic") {
        command = command.mut_subcommand(name, |sub| {
            sub.mut_arg("topic", |arg| {
                arg.add(ArgValueCandidates::new(|| facet_candidates(true)))
            })
        });
    }
    for name in subcommands_with(&command, "framework") {
        command = command.mut_subcommand(name, |sub| {
            sub.mut_arg("framework", |arg| {
                arg.add(ArgValueCandidates::new(|| facet_candidates(false)))
            })
        });
    }
    command.mut_subcommand("show", |show| {
        show.mut_arg("id", |arg| arg.add(ArgValueCompleter::new(id_candidates)))
    })
}

/// The subcommands that take an argument with this id.
fn subcommands_with(command: &Command, arg: &str) -> Vec<String> {
    command
        .get_subcommands()
        .filter(|sub| sub.get_arguments().any(|a| a.get_id() == arg))
        .map(|sub| sub.get_name().to_string())
        .collect()
}

/// The same command line with the values of `arg` listed, for the static scripts.
fn with_values(mut command: Command, arg: &str, values: &[String]) -> Command {
    if values.is_empty() {
        return command;
    }
    for name in subcommands_with(&command, arg) {
        // clap takes `'static` names (without its `string` feature); the process ends after printing.
        let names = values.iter().map(|v| -> &'static str { v.clone().leak() });
        let parser = PossibleValuesParser::new(names);
        command = command.mut_subcommand(name, |sub| sub.mut_arg(arg, |a| a.value_parser(parser)));
    }
    command
}

/// Topics and frameworks of the bank, from an index brought up to date first.
fn known_values(settings: &Settings) -> Result<(Vec<String>, Vec<String>)> {
    let facets = with_banks(settings, |banks| banks.facets())?;
    Ok((
        facets.topics.into_keys().collect(),
        facets.frameworks.into_keys().collect(),
    ))
}

/// The configured banks' indexes as they are (a Tab never updates them), each with the prefix of its
/// ids (none for the first). The flags on the line being completed are not parsed yet at that point.
fn readers_at_tab() -> Vec<(Option<String>, Reader)> {
    let config = super::locations::resolve(Default::default(), super::environment());
    config
        .sources
        .iter()
        .enumerate()
        .filter_map(|(i, source)| {
            let reader = crate::index::open(&source.index)
                .ok()?
                .reader(Synonyms::builtin(), &source.folder)
                .ok()?;
            Some(((i > 0).then(|| source.name.clone()), reader))
        })
        .collect()
}

fn facet_candidates(topics: bool) -> Vec<CompletionCandidate> {
    let mut counts = std::collections::BTreeMap::<String, u64>::new();
    for (_, reader) in readers_at_tab() {
        let Ok(facets) = reader.facets() else {
            continue;
        };
        let found = if topics {
            facets.topics
        } else {
            facets.frameworks
        };
        for (name, count) in found {
            *counts.entry(name).or_default() += count;
        }
    }
    counts
        .into_iter()
        .map(|(name, count)| {
            CompletionCandidate::new(name).help(Some(format!("{count} questions").into()))
        })
        .collect()
}

/// The numbers of this terminal's last search, then the ids, that start with what was typed, each
/// with its question as help (shown by zsh, fish, PowerShell and elvish).
fn id_candidates(current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = current.to_string_lossy();
    let candidate = |value: String, question: &str| {
        CompletionCandidate::new(value).help(Some(crate::render::clean(question).into()))
    };
    let mut candidates = Vec::new();
    if typed.bytes().all(|b| b.is_ascii_digit()) {
        let config = super::locations::resolve(Default::default(), super::environment());
        let hits = super::last::load(&config)
            .map(|list| list.hits)
            .unwrap_or_default();
        for (i, hit) in hits.iter().enumerate() {
            let number = (i + 1).to_string();
            if number.starts_with(typed.as_ref()) {
                candidates.push(candidate(number, &hit.question));
            }
        }
    }
    for (prefix, reader) in readers_at_tab() {
        let Ok(hits) = reader.list(&Default::default()) else {
            continue;
        };
        for hit in hits {
            let id = match &prefix {
                Some(source) => format!("{source}:{}", hit.id),
                None => hit.id,
            };
            if id.starts_with(typed.as_ref()) {
                candidates.push(candidate(id, &hit.question));
            }
        }
    }
    candidates
}

/// How the registration calls `qa` back: the name it was run by, made absolute when it is a path
/// (as clap_complete's own registration does), so a `./target/release/qa` script works from anywhere.
fn completer_path() -> String {
    let arg0 = std::env::args_os()
        .next()
        .map_or_else(|| PathBuf::from("qa"), PathBuf::from);
    let path = if arg0.components().count() > 1 {
        std::env::current_dir().map_or(arg0.clone(), |dir| dir.join(&arg0))
    } else {
        arg0
    };
    path.to_string_lossy().into_owned()
}
