//! `qa search`: resolve the arguments, refresh the index if needed, search, print.

use std::collections::HashMap;
use std::io::{self, Write};

use anyhow::Result;

use super::output::Output;
use super::{Outcome, Progress, Settings, fresh};
use crate::cli::SearchArgs;
use crate::entry::Entry;
use crate::query::{Filters, Search};
use crate::render::{self, Mode, View};

pub fn run(settings: &Settings, args: SearchArgs) -> Result<Outcome> {
    let paths = settings.paths();
    let filters = Filters {
        topic: args.topic,
        framework: args.framework,
        level: args.level,
        all: args.all,
        limit: usize::from(args.limit),
    };
    let search = Search::resolve(&args.query.join(" "), filters)?;
    let output = Output::resolve(&settings.display)?;
    let progress = Progress::new(paths);
    let results = fresh(settings, &progress)?.run(|reader| reader.search(&search))?;
    // The terminal view cuts snippets from the answer's text, so it reads the answers too (each file
    // once; a file it cannot read only costs that snippet its context).
    let terminal = matches!(output.mode, Mode::Terminal(_)) && !args.json;
    let answers: Vec<Option<String>> = if args.full || terminal {
        let mut files: HashMap<&str, Vec<Entry>> = HashMap::new();
        let mut answers = Vec::with_capacity(results.hits.len());
        for hit in &results.hits {
            if !files.contains_key(hit.path.as_str()) {
                let entries = match super::show::load_entries(paths, &hit.path) {
                    Ok(entries) => entries,
                    Err(err) if args.full => return Err(err),
                    Err(_) => Vec::new(),
                };
                files.insert(&hit.path, entries);
            }
            let entry = files[hit.path.as_str()].iter().find(|e| e.id == hit.id);
            answers.push(entry.map(|e| e.answer.clone()));
        }
        answers
    } else {
        Vec::new()
    };
    if args.json {
        let view = View {
            mode: Mode::Plain,
            corpus: &paths.corpus,
        };
        let mut out = io::stdout().lock();
        render::hits_json(&mut out, &view, &search.text, &results, &answers)?;
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
                corpus: &paths.corpus,
            };
            render::hits(out, &view, &results, &answers, args.full)
        })?;
    }
    Ok(if results.hits.is_empty() {
        Outcome::NothingFound
    } else {
        Outcome::Found
    })
}
