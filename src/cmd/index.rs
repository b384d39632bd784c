//! `qa index`: update (or rebuild) each source's index and print its summary.

use anyhow::Result;

use super::{Outcome, Progress, Settings, prepare, report};
use crate::config::Source;
use crate::index::write;
use crate::render::clean;

pub fn run(settings: &Settings, rebuild: bool, verbose: bool) -> Result<Outcome> {
    let sources: Vec<&Source> = settings.config.sources.iter().collect();
    update(&sources, rebuild, verbose)
}

/// Brings each source's index up to date with a summary each (named when there are several). With
/// several, one that fails is a warning and the others are still indexed; an error only when all fail.
pub(super) fn update(sources: &[&Source], rebuild: bool, verbose: bool) -> Result<Outcome> {
    let named = sources.len() > 1;
    let mut failed = None;
    let mut done = 0;
    for source in sources {
        let result = prepare(source).and_then(|source| {
            let paths = source.paths();
            write::sync(&paths, rebuild, &Progress::new(&paths))
        });
        match result {
            Ok(summary) => {
                if named {
                    eprintln!("qa: source {}:", clean(&source.name));
                }
                report(&summary, verbose);
                done += 1;
            }
            Err(err) if named => {
                eprintln!(
                    "qa: warning: source {}: {}",
                    clean(&source.name),
                    clean(&format!("{err:#}"))
                );
                failed = Some(err);
            }
            Err(err) => return Err(err),
        }
    }
    match failed {
        Some(err) if done == 0 => Err(err),
        _ => Ok(Outcome::Found),
    }
}
