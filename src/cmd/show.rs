//! `qa show ID|N`: one entry in full, read from its Markdown file (the index stores no Markdown).

use std::io::{self, Write};
use std::path::Path;

use anyhow::{Result, anyhow, bail};

use super::output::Output;
use super::{Outcome, Settings, last, with_banks};
use crate::bank;
use crate::entry::Entry;
use crate::index::search::Hit;
use crate::render::{self, Mode, View};

pub fn run(settings: &Settings, id: &str, json: bool) -> Result<Outcome> {
    // `qa show 2`: hit 2 of this terminal's last search.
    let listed = match last::number(id) {
        Some(n) => Some((n, last::nth(&settings.config, n)?)),
        None => None,
    };
    let id = listed.as_ref().map_or(id, |(_, hit)| hit.id.as_str());
    let output = Output::resolve_long(&settings.display)?;
    let Some(hit) = with_banks(settings, |banks| banks.by_id(id))? else {
        if let Some((n, listed)) = &listed {
            bail!(
                "hit {n} of the last search ({:?}) is no longer in the bank: it changed since; search again",
                render::clean(&listed.question)
            );
        }
        eprintln!(
            "qa: no question with id {:?} (ids are shown by `qa search --json`)",
            render::clean(id)
        );
        return Ok(Outcome::NothingFound);
    };
    print(&output, &hit, json)
}

/// Prints an indexed entry in full, re-read from its file: for `qa show`, `qa random` and `qa pick`.
pub(super) fn print(output: &Output, hit: &Hit, json: bool) -> Result<Outcome> {
    let Some(entry) = entries_of(hit)?.into_iter().find(|e| e.id == hit.id) else {
        eprintln!(
            "qa: {} no longer holds {:?}",
            render::clean(&hit.path),
            render::clean(&hit.id)
        );
        return Ok(Outcome::NothingFound);
    };
    if json {
        let view = View {
            mode: Mode::Plain,
            corpus: &hit.folder,
        };
        let mut out = io::stdout().lock();
        render::entry_json(&mut out, &view, &entry)?;
        out.flush()?;
    } else {
        output.emit(|mode, out| {
            let view = View {
                mode: mode.clone(),
                corpus: &hit.folder,
            };
            render::entry(out, &view, &entry)
        })?;
    }
    Ok(Outcome::Found)
}

/// Every entry of a hit's file, re-read, with ids as the hit's source names them.
pub(super) fn entries_of(hit: &Hit) -> Result<Vec<Entry>> {
    entries_in(&hit.folder, &hit.path, &hit.source, &hit.id)
}

/// The entry `id` of the bank file `path` below `folder`, re-read; `None` when the file no longer
/// holds it.
pub(super) fn entry_at(folder: &Path, path: &str, source: &str, id: &str) -> Result<Option<Entry>> {
    Ok(entries_in(folder, path, source, id)?
        .into_iter()
        .find(|e| e.id == id))
}

/// A file's entries with ids prefixed by `source:` when `id` shows its source's ids are (any source
/// but the first).
fn entries_in(folder: &Path, path: &str, source: &str, id: &str) -> Result<Vec<Entry>> {
    let mut entries = bank::entries(folder, path).map_err(|w| anyhow!("{w}"))?;
    let prefixed = id
        .strip_prefix(source)
        .is_some_and(|rest| rest.starts_with(':'));
    if prefixed {
        for entry in &mut entries {
            entry.id = format!("{source}:{}", entry.id);
        }
    }
    Ok(entries)
}
