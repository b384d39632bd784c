//! `qa search`: resolve the arguments, refresh the index if needed, search, print.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;

use super::output::Output;
use super::{Outcome, Settings, with_banks};
use crate::bank;
use crate::cli::SearchArgs;
use crate::entry::Entry;
use crate::query::{Filters, Search};
use crate::render::{self, Mode, View};

pub fn run(settings: &Settings, args: SearchArgs) -> Result<Outcome> {
    let filters = Filters {
        source: args.source,
        topic: args.topic,
        framework: args.framework,
        level: args.level,
        all: args.all,
        limit: usize::from(args.limit),
    };
    let search = Search::resolve(&args.query.join(" "), filters)?;
    let output = Output::resolve(&settings.display)?;
    let mut results = with_banks(settings, |banks| banks.search(&search))?;
    // The terminal view cuts snippets from the answer's text, so it reads the answers too (each file
    // once). A file that cannot be read costs its hits their answer: `--full` says so and shows the
    // snippet instead.
    let terminal = matches!(output.mode, Mode::Terminal(_)) && !args.json;
    if args.full || terminal {
        let mut files: HashMap<PathBuf, Vec<Entry>> = HashMap::new();
        for hit in &mut results.hits {
            let file = hit.folder.join(&hit.path);
            let entries = files.entry(file).or_insert_with(|| {
                bank::entries(&hit.folder, &hit.path).unwrap_or_else(|warning| {
                    if args.full {
                        eprintln!("qa: warning: {}", render::clean(&warning.to_string()));
                    }
                    Vec::new()
                })
            });
            hit.answer = entries
                .iter()
                .find(|e| e.id == hit.id)
                .map(|e| e.answer.clone());
        }
    }
    if args.json {
        let view = View {
            mode: Mode::Plain,
            corpus: Path::new(""),
        };
        let mut out = io::stdout().lock();
        render::hits_json(&mut out, &view, &search.text, &results)?;
        out.flush()?;
    } else if results.hits.is_empty() {
        let shown = render::clean(&render::shorten(&search.text, 80));
        match &results.suggestion {
            Some(better) => eprintln!(
                "qa: no results for {shown:?}; did you mean {:?}?",
                render::clean(better)
            ),
            None => eprintln!("qa: no results for {shown:?}"),
        }
    } else {
        output.emit(|mode, out| {
            let view = View {
                mode: mode.clone(),
                corpus: Path::new(""),
            };
            render::hits(out, &view, &results, args.full)
        })?;
    }
    Ok(if results.hits.is_empty() {
        Outcome::NothingFound
    } else {
        Outcome::Found
    })
}
