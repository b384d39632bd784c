//! `qa export --ndjson`: every entry that passes the filters, one JSON object a line, for loading the
//! bank into a search server a team already runs (Meilisearch, Quickwit, Elasticsearch; see the
//! README). Entries are re-read from their files, so answers are the Markdown as written.

use std::collections::HashSet;
use std::io::{self, BufWriter, Write};

use anyhow::Result;

use super::{Outcome, Settings, filter_query, fresh_reader, show};
use crate::render;

pub fn run(settings: &Settings, filters: &crate::cli::Filters) -> Result<Outcome> {
    let hits = fresh_reader(settings)?.list(&filter_query(filters))?;
    let mut out = BufWriter::new(io::stdout().lock());
    // Hits come by file: each file is read and parsed once.
    let mut exported = 0;
    for file in hits.chunk_by(|a, b| a.path == b.path) {
        let wanted: HashSet<&str> = file.iter().map(|hit| hit.id.as_str()).collect();
        let entries = show::load_entries(&settings.paths, &file[0].path)?;
        for entry in entries.iter().filter(|e| wanted.contains(e.id.as_str())) {
            render::entry_ndjson(&mut out, entry)?;
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
