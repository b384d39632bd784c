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
    let filters = Filters {
        topic: args.topic.as_deref(),
        framework: args.framework.as_deref(),
        level: args.level.as_deref(),
    };
    let search = search_query(
        args.query.join(" "),
        &filters,
        args.all,
        usize::from(args.limit),
    );
    let output = Output::resolve(&settings.display)?;
    let (results, reviews) = with_fresh_reader(settings, |reader| {
        // `--due` filters after ranking, so it ranks everything that matches.
        let wide = SearchQuery {
            limit: reader.questions().max(search.limit),
            ..search.clone()
        };
        let mut results = reader.search(if args.due { &wide } else { &search })?;
        // A damaged or locked state file must not cost the search: the hits come without review state.
        let mut reviews = super::practice::hit_reviews(settings, reader, &results.hits)
            .unwrap_or_else(|err| {
                eprintln!("qa: warning: review state not shown ({err:#})");
                None
            });
        if args.due {
            let reviews = reviews.get_or_insert_with(Vec::new);
            super::practice::keep_due(&mut results, reviews, search.limit);
        }
        Ok((results, reviews.unwrap_or_default()))
    })?;
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
        let reviews: Vec<_> = reviews
            .iter()
            .map(super::practice::ReviewJson::of)
            .collect();
        let mut out = io::stdout().lock();
        render::hits_json_reviewed(&mut out, &view, &search.text, &results, &answers, &reviews)?;
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
        let labels: Vec<_> = reviews.iter().map(|r| r.label.clone()).collect();
        output.emit(|mode, out| {
            let view = View {
                mode: mode.clone(),
                corpus: &paths.corpus,
            };
            render::hits_reviewed(out, &view, &results, &answers, args.full, &labels)
        })?;
    }
    Ok(if results.hits.is_empty() {
        Outcome::NothingFound
    } else {
        Outcome::Found
    })
}

/// The filters given as flags (`--topic`, `--framework`, `--level`).
pub struct Filters<'a> {
    pub topic: Option<&'a str>,
    pub framework: Option<&'a str>,
    pub level: Option<&'a str>,
}

/// A search from its text and flags; flags win over the same filter written inside the query.
pub fn search_query(text: String, filters: &Filters, all: bool, limit: usize) -> SearchQuery {
    let mut parsed = query::parse(&text);
    if let Some(topic) = filters.topic {
        parsed.topic = Some(topic.to_string());
    }
    if let Some(framework) = filters.framework {
        parsed.framework = Some(framework.to_string());
    }
    if let Some(level) = filters.level.and_then(Level::parse) {
        parsed.level = Some(level);
    }
    // Topic and framework names are stored lowercase with `-` between words.
    parsed.topic = parsed.topic.map(|t| slug(&t));
    parsed.framework = parsed.framework.map(|f| slug(&f));
    SearchQuery {
        text,
        request: Request {
            query: parsed,
            require_all: all,
        },
        limit,
    }
}
