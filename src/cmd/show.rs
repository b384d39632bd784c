//! `qa show ID`: one entry in full, read from its Markdown file (the index stores no Markdown).

use std::io::{self, Write};

use anyhow::{Result, anyhow};

use super::output::Output;
use super::{Outcome, Progress, Settings, fresh};
use crate::bank;
use crate::render::{self, Mode, View};

pub fn run(settings: &Settings, id: &str, json: bool) -> Result<Outcome> {
    let output = Output::resolve(&settings.display)?;
    let reader = fresh(settings, &Progress::new(settings.paths()))?.open()?;
    let paths = settings.paths();
    let Some(hit) = reader.by_id(id)? else {
        eprintln!(
            "qa: no question with id {:?} (ids are shown by `qa search --json`)",
            render::clean(id)
        );
        return Ok(Outcome::NothingFound);
    };
    let entries = bank::entries(&paths.corpus, &hit.path).map_err(|w| anyhow!("{w}"))?;
    let Some(entry) = entries.into_iter().find(|e| e.id == hit.id) else {
        eprintln!(
            "qa: {} no longer holds {:?}",
            render::clean(&hit.path),
            render::clean(id)
        );
        return Ok(Outcome::NothingFound);
    };
    if json {
        let view = View {
            mode: Mode::Plain,
            corpus: &paths.corpus,
        };
        let mut out = io::stdout().lock();
        render::entry_json(&mut out, &view, &entry)?;
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
