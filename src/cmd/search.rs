//! `qa search`: resolve the arguments, refresh the index if needed, search, print.

use std::collections::HashMap;
use std::io::{self, Write};

use anyhow::Result;

use super::output::Output;
use super::{Outcome, Settings, with_fresh_reader};
use crate::cli::SearchArgs;
use crate::entry::{Entry, Level};
use crate::index::plan::Request;
use crate::index::search::SearchQuery;
use crate::parse::text::slug;
use crate::query;
use crate::render::{self, Mode, View};

pub fn run(settings: &Settings, args: SearchArgs) -> Result<Outcome> {
    let paths = &settings.paths;
    let text = args.query.join(" ");
    let mut parsed = query::parse(&text);
    // Flags win over the same filter written inside the query.
    if let Some(topic) = &args.topic {
        parsed.topic = Some(topic.clone());
    }
    if let Some(framework) = &args.framework {
        parsed.framework = Some(framework.clone());
    }
    if let Some(level) = args.level.as_deref().and_then(Level::parse) {
        parsed.level = Some(level);
    }
    // Topic and framework names are stored lowercase with `-` between words.
    parsed.topic = parsed.topic.map(|t| slug(&t));
    parsed.framework = parsed.framework.map(|f| slug(&f));
    let search = SearchQuery {
        text,
        request: Request {
            query: parsed,
            require_all: args.all,
        },
        limit: usize::from(args.limit),
    };
    let output = Output::resolve(&settings.display)?;
    let results = with_fresh_reader(settings, |reader| reader.search(&search))?;
    // Numbered lists are kept for `qa show N`; `--json` is for scripts, which use ids.
    if !args.json
        && !results.hits.is_empty()
        && let Err(err) = super::last::save(paths, &search.text, &results.hits)
    {
        eprintln!("qa: warning: this list is not kept for `qa show N` ({err:#})");
    }
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
