//! `qa export --ndjson`: every entry that passes the filters, one JSON object a line, for loading the
//! bank into a search server a team already runs (Meilisearch, Quickwit, Elasticsearch; see the
//! README). Entries are re-read from their files, so answers are the Markdown as written.

use std::collections::HashSet;
use std::io::{self, BufWriter, Write};

use anyhow::Result;

use super::{Outcome, Settings, filter_query, show, with_banks};
use crate::render;

pub fn run(settings: &Settings, filters: &crate::cli::Filters) -> Result<Outcome> {
    let query = filter_query(filters)?;
    let hits = with_banks(settings, |banks| banks.list(&query))?;
    let mut out = BufWriter::new(io::stdout().lock());
    // Hits come by file: each file is read and parsed once.
    let mut exported = 0;
    for file in hits.chunk_by(|a, b| a.path == b.path && a.source == b.source) {
        let wanted: HashSet<&str> = file.iter().map(|hit| hit.id.as_str()).collect();
        let entries = show::entries_of(&file[0])?;
        for entry in entries.iter().filter(|e| wanted.contains(e.id.as_str())) {
            render::entry_ndjson(&mut out, &file[0].source, entry)?;
            exported += 1;
        }
    }
    out.flush()?;
    if exported < hits.len() {
        eprintln!(
            "qa: warning: {} indexed question(s) were no longer in their files",
            hits.len() - exported
        );
    }
    Ok(if exported > 0 {
        Outcome::Found
    } else {
        Outcome::NothingFound
    })
}
