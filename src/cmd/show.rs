//! `qa show ID`: one entry in full, read from its Markdown file (the index stores no Markdown).

use std::io::{self, Write};

use anyhow::{Result, bail};
use serde_json::json;

use super::output::Output;
use super::{Outcome, Settings, fresh_reader, last};
use crate::bank;
use crate::entry::Entry;
use crate::index::Paths;
use crate::index::search::Hit;
use crate::render::{self, View};

pub fn run(settings: &Settings, id: &str, json: bool) -> Result<Outcome> {
    // `qa show 2`: hit 2 of this terminal's last search.
    let listed = match last::number(id) {
        Some(n) => Some((n, last::nth(&settings.paths, n)?)),
        None => None,
    };
    let id = listed.as_ref().map_or(id, |(_, hit)| hit.id.as_str());
    let output = Output::resolve(&settings.display)?;
    let reader = fresh_reader(settings)?;
    let Some(hit) = reader.by_id(id)? else {
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
    print(settings, &output, &hit, json)
}

/// Prints an indexed entry in full, re-read from its file: for `qa show`, `qa random` and `qa pick`.
pub(super) fn print(
    settings: &Settings,
    output: &Output,
    hit: &Hit,
    json: bool,
) -> Result<Outcome> {
    let paths = &settings.paths;
    let Some(entry) = load_entry(paths, &hit.id, &hit.path)? else {
        eprintln!(
            "qa: {} no longer holds {:?}",
            hit.path,
            render::clean(&hit.id)
        );
        return Ok(Outcome::NothingFound);
    };
    if json {
        let mut out = io::stdout().lock();
        let value = json!({
            "id": entry.id,
            "question": entry.question,
            "topic": entry.topic,
            "framework": entry.framework,
            "tags": entry.tags,
            "level": entry.level,
            "path": paths.corpus.join(&entry.path).display().to_string(),
            "line": entry.line,
            "answer": entry.answer,
        });
        render::json(&mut out, &value)?;
        out.flush()?;
    } else {
        output.emit(|mode, out| {
            let view = View {
                mode: mode.clone(),
                corpus: &paths.corpus,
            };
            render::entry(out, &view, &entry)
        })?;
    }
    Ok(Outcome::Found)
}

/// Re-reads one entry from its file. `None` if the file no longer holds it.
pub fn load_entry(paths: &Paths, id: &str, path: &str) -> Result<Option<Entry>> {
    Ok(load_entries(paths, path)?.into_iter().find(|e| e.id == id))
}

/// Re-reads every entry of one bank file.
pub fn load_entries(paths: &Paths, path: &str) -> Result<Vec<Entry>> {
    let text = bank::read(&paths.corpus, path).map_err(|w| anyhow::anyhow!("{w}"))?;
    Ok(bank::parse(&paths.corpus, path, &text).entries)
}
