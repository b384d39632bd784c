//! `qa sources`: the banks searched, with question counts and index state; adding, removing and
//! updating one. Sources are kept in the user config file; git sources are cloned with the `git`
//! command (shallow) into the user's data folder.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

use super::{Outcome, Settings, index, prepare};
use crate::cli::SourcesAction;
use crate::config::{self, Origin, Source, SourceEntry};
use crate::index::fresh::{self, Freshness};
use crate::parse::text::slug;
use crate::render::clean;

pub fn run(settings: &Settings, action: Option<SourcesAction>) -> Result<Outcome> {
    match action.unwrap_or(SourcesAction::List) {
        SourcesAction::List => list(settings),
        SourcesAction::Add { name, path, git } => add(settings, &name, path, git),
        SourcesAction::Remove { name } => remove(settings, &name),
        SourcesAction::Update { name } => update(settings, name.as_deref()),
    }
}

/// One line per source: name, questions, index state, folder (and remote).
fn list(settings: &Settings) -> Result<Outcome> {
    let origin = match &settings.config.origin {
        Origin::Flag => "--corpus".to_string(),
        Origin::Environment => "$QA_CORPUS".to_string(),
        Origin::Project(path) | Origin::UserConfig(path) => path.display().to_string(),
        Origin::BuiltIn => "the built-in bank (no config file)".to_string(),
    };
    println!("sources from {}:", clean(&origin));
    let width = settings
        .config
        .sources
        .iter()
        .map(|s| s.name.chars().count())
        .max()
        .unwrap_or(0);
    for source in &settings.config.sources {
        let (questions, state) = state(source);
        let mut place = source.folder.display().to_string();
        if source.builtin {
            place = "built into qa".to_string();
        }
        if let Some(git) = &source.git {
            place.push_str(&format!(" (git {git})"));
        }
        println!(
            "  {:<width$}  {:>6} questions  {:<22}  {}",
            clean(&source.name),
            questions.map_or("-".to_string(), |n| n.to_string()),
            state,
            clean(&place)
        );
    }
    Ok(Outcome::Found)
}

/// Questions in the last index and how it stands against the folder; reads nothing but stats.
fn state(source: &Source) -> (Option<usize>, String) {
    let questions = crate::index::open(&source.index)
        .ok()
        .and_then(|opened| opened.manifest().ok())
        .map(|manifest| manifest.questions());
    if source.builtin {
        let state = match questions {
            Some(_) if source.folder.exists() => "fresh",
            _ => "built on first search",
        };
        return (questions, state.to_string());
    }
    if !source.folder.is_dir() {
        return (questions, "folder missing".to_string());
    }
    let state = match fresh::check(&source.paths()) {
        Ok(check) => match check.freshness {
            Freshness::Fresh | Freshness::FoldersMoved => "fresh".to_string(),
            Freshness::Missing => "not indexed yet".to_string(),
            Freshness::Stale(n) => format!("{n} file(s) changed"),
            Freshness::Unusable(_) => "to be rebuilt".to_string(),
        },
        Err(err) => format!("error: {err:#}"),
    };
    (questions, state)
}

fn user_config(settings: &Settings) -> Result<&Path> {
    settings
        .config
        .user_config
        .as_deref()
        .context("there is no home folder, so no user config file; set QA_CONFIG to name one")
}

fn add(
    settings: &Settings,
    name: &str,
    path: Option<PathBuf>,
    git: Option<String>,
) -> Result<Outcome> {
    let config_path = user_config(settings)?;
    let wanted = slug(name);
    if wanted.is_empty() || wanted == crate::builtin::NAME || wanted != name {
        bail!(
            "a source name is lowercase letters, digits and `-`, and not `builtin`: try {wanted:?}"
        );
    }
    let listed = config::read_sources(config_path);
    if listed.iter().any(|s| s.name == name) {
        bail!(
            "there is already a source named {name:?} in {}",
            config_path.display()
        );
    }
    let folder = match (&path, &git) {
        (Some(path), _) => {
            let folder = std::path::absolute(path)
                .with_context(|| format!("resolving {}", path.display()))?;
            if !folder.is_dir() {
                bail!("{} is not a folder", folder.display());
            }
            folder
        }
        (None, Some(url)) => {
            let clones = settings
                .config
                .clones
                .as_ref()
                .context("there is no home folder to clone into")?;
            let folder = clones.join(name);
            if folder.exists() {
                bail!("{} already exists", folder.display());
            }
            fs::create_dir_all(clones).with_context(|| format!("creating {}", clones.display()))?;
            eprintln!("qa: cloning {url} into {}", folder.display());
            run_git(
                &["clone", "--quiet", "--depth", "1", url],
                Some(&folder),
                None,
            )?;
            folder
        }
        (None, None) => bail!("give a folder or --git URL"),
    };
    config::add_source(config_path, &SourceEntry::new(name, folder.clone(), git))?;
    eprintln!(
        "qa: added source {name} ({}) to {}",
        folder.display(),
        config_path.display()
    );
    if !matches!(
        settings.config.origin,
        Origin::UserConfig(_) | Origin::BuiltIn
    ) {
        eprintln!(
            "qa: note: here the banks come from {}; elsewhere the new source is searched",
            match &settings.config.origin {
                Origin::Project(path) => path.display().to_string(),
                _ => "--corpus or $QA_CORPUS".to_string(),
            }
        );
        return Ok(Outcome::Found);
    }
    // Index it now, so the first search does not wait.
    let base = settings
        .config
        .sources
        .iter()
        .find(|s| s.builtin)
        .and_then(|s| s.index.parent().map(Path::to_path_buf));
    if let Some(base) = base {
        let source = Source {
            name: name.to_string(),
            index: base.join(name),
            folder,
            git: None,
            builtin: false,
        };
        index::update(&[&source], false, false)?;
    }
    Ok(Outcome::Found)
}

fn remove(settings: &Settings, name: &str) -> Result<Outcome> {
    let config_path = user_config(settings)?;
    let listed = config::read_sources(config_path);
    let Some(entry) = listed.iter().find(|s| s.name == name) else {
        bail!("no source named {name:?} in {}", config_path.display());
    };
    config::remove_source(config_path, name)?;
    eprintln!("qa: removed source {name} from {}", config_path.display());
    let folder = config_path
        .parent()
        .unwrap_or(Path::new("."))
        .join(&entry.path);
    let ours = settings
        .config
        .clones
        .as_ref()
        .is_some_and(|clones| folder.starts_with(clones));
    if entry.git.is_some() && ours && folder.is_dir() {
        fs::remove_dir_all(&folder).with_context(|| format!("removing {}", folder.display()))?;
        eprintln!("qa: deleted its clone {}", folder.display());
    }
    if let Some(source) = settings.config.source(name) {
        let _ = fs::remove_dir_all(&source.index);
    }
    Ok(Outcome::Found)
}

/// Pulls git sources (a failed pull keeps the last checkout, with a warning), then updates indexes.
fn update(settings: &Settings, only: Option<&str>) -> Result<Outcome> {
    let sources: Vec<&Source> = settings
        .config
        .sources
        .iter()
        .filter(|s| only.is_none_or(|name| s.name == name))
        .collect();
    if sources.is_empty() {
        bail!("no source named {:?}", only.unwrap_or_default());
    }
    for source in &sources {
        if source.git.is_some() {
            eprintln!("qa: pulling {}", clean(&source.name));
            if let Err(err) = run_git(
                &["pull", "--quiet", "--ff-only"],
                None,
                Some(&source.folder),
            ) {
                eprintln!(
                    "qa: warning: source {}: {}; keeping the last checkout",
                    clean(&source.name),
                    clean(&format!("{err:#}"))
                );
            }
        }
    }
    let ready: Vec<Source> = sources.iter().filter_map(|s| prepare(s).ok()).collect();
    let ready: Vec<&Source> = ready.iter().collect();
    index::update(&ready, false, false)
}

/// Runs `git` with `args` (then `target` as the last argument), in `dir` if given. Its output is kept
/// for the error message; it never asks for a password.
fn run_git(args: &[&str], target: Option<&Path>, dir: Option<&Path>) -> Result<()> {
    let mut command = Command::new("git");
    command.args(args);
    if let Some(target) = target {
        command.arg(target);
    }
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let output = command
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null())
        .output()
        .context("running git (is it installed?)")?;
    if !output.status.success() {
        let message = String::from_utf8_lossy(&output.stderr);
        let message = message
            .lines()
            .rfind(|l| !l.trim().is_empty())
            .unwrap_or("");
        bail!("git {} failed: {}", args[0], message.trim());
    }
    Ok(())
}
