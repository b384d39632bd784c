//! Opening the configured banks for a command: the built-in bank written out to the cache, each
//! source's index made fresh (with its notes on stderr), and a source that cannot answer reduced to one
//! warning while the others answer.

use std::fs;

use anyhow::{Context, Result, bail};

use super::Settings;
use super::progress::Progress;
use crate::builtin;
use crate::config::Source;
use crate::index::Fresh;
use crate::index::banks::{Banks, Member};
use crate::index::search::Reader;
use crate::query::synonyms::Synonyms;
use crate::render::clean;

/// The built-in synonyms plus the user's file, if any.
pub(super) fn synonyms(settings: &Settings) -> Result<Synonyms> {
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
pub(super) fn with_banks<T>(settings: &Settings, work: impl Fn(&Banks) -> Result<T>) -> Result<T> {
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
pub(super) fn prepare(source: &Source) -> Result<Source> {
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
