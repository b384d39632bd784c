//! `qa search`: resolve the arguments, refresh the index if needed, search, print.

use std::io::{self, Write};

use anyhow::Result;

use super::{Outcome, fresh_reader, output_mode};
use crate::cli::SearchArgs;
use crate::index::Paths;
use crate::index::search::SearchQuery;
use crate::render::{self, View};

pub fn run(paths: &Paths, args: SearchArgs) -> Result<Outcome> {
    let query = SearchQuery {
        text: args.query.join(" "),
        topic: args.topic.map(|t| normalize(&t)),
        framework: args.framework.map(|f| normalize(&f)),
        limit: usize::from(args.limit),
    };
    let reader = fresh_reader(paths)?;
    let results = reader.search(&query)?;
    let answers: Vec<Option<String>> = if args.full {
        results
            .hits
            .iter()
            .map(|hit| {
                super::show::load_entry(paths, &hit.id, &hit.path).map(|e| e.map(|e| e.answer))
            })
            .collect::<Result<_>>()?
    } else {
        Vec::new()
    };
    let view = View {
        mode: output_mode(),
        corpus: &paths.corpus,
    };
    let mut out = io::stdout().lock();
    if args.json {
        render::hits_json(&mut out, &view, &query.text, &results, &answers)?;
    } else if results.hits.is_empty() {
        eprintln!(
            "qa: no results for {:?}",
            render::clean(&render::shorten(&query.text, 80))
        );
    } else {
        render::hits(&mut out, &view, &results, &answers)?;
    }
    out.flush()?;
    Ok(if results.hits.is_empty() {
        Outcome::NothingFound
    } else {
        Outcome::Found
    })
}

/// Topic and framework names are stored lowercase with `-` between words.
fn normalize(name: &str) -> String {
    crate::parse::text::slug(name)
}
