//! `qa show ID`: one entry in full, read from its Markdown file (the index stores no Markdown).

use std::io::{self, Write};

use anyhow::{Result, anyhow};

use super::output::Output;
use super::{Outcome, Settings, with_banks};
use crate::bank;
use crate::render::{self, Mode, View};

pub fn run(settings: &Settings, id: &str, json: bool) -> Result<Outcome> {
    let output = Output::resolve(&settings.display)?;
    let Some(hit) = with_banks(settings, |banks| banks.by_id(id))? else {
        eprintln!(
            "qa: no question with id {:?} (ids are shown by `qa search --json`)",
            render::clean(id)
        );
        return Ok(Outcome::NothingFound);
    };
    let entries = bank::entries(&hit.folder, &hit.path).map_err(|w| anyhow!("{w}"))?;
    // Ids of sources after the first carry their source's name; the file's own do not.
    let local = hit
        .id
        .strip_prefix(&format!("{}:", hit.source))
        .unwrap_or(&hit.id);
    let Some(mut entry) = entries.into_iter().find(|e| e.id == local) else {
        eprintln!(
            "qa: {} no longer holds {:?}",
            render::clean(&hit.path),
            render::clean(id)
        );
        return Ok(Outcome::NothingFound);
    };
    entry.id = hit.id.clone();
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
