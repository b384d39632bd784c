//! `qa search`: resolve the arguments, refresh the index if needed, search, print.

use std::io::{self, Write};
use std::path::Path;

use anyhow::Result;

use super::output::Output;
use super::practice::HitReview;
use super::{Outcome, Settings, with_banks};
use crate::cli::SearchArgs;
use crate::index::search::{Hit, Results};
use crate::query::Search;
use crate::render::{self, Mode, View};
use crate::semantic;

/// The search `qa search` and `qa pick` run for these arguments.
pub(super) fn resolve(args: &SearchArgs) -> Result<Search> {
    super::resolve_search(
        &args.query.join(" "),
        &args.filters,
        args.all,
        usize::from(args.limit),
    )
}

pub fn run(settings: &Settings, args: SearchArgs) -> Result<Outcome> {
    let search = resolve(&args)?;
    // Whole answers page like `qa show`; a list of snippets is left to the terminal's scrollback.
    let output = if args.full {
        Output::resolve_long(&settings.display)?
    } else {
        Output::resolve(&settings.display)?
    };
    let (mut results, reviews) = find(settings, &search, &args)?;
    // Numbered lists are kept for `qa show N`; `--json` is for scripts, which use ids.
    if !args.json && !results.hits.is_empty() {
        keep_list(settings, &search, &results);
    }
    // Hits come with their answer read from the bank (snippets are cut from it); a file that could
    // not be read costs its hits their answer, which `--full` says, showing the snippet instead.
    if args.json && !args.full {
        // `"answer"` is documented for `--full` only.
        results.hits.iter_mut().for_each(|hit| hit.answer = None);
    } else if args.full {
        for hit in results.hits.iter().filter(|hit| hit.answer.is_none()) {
            eprintln!(
                "qa: warning: {}",
                render::clean(&format!(
                    "{}: the answer of {} could not be read",
                    hit.path, hit.id
                ))
            );
        }
    }
    if args.json {
        let view = View {
            mode: Mode::Plain,
            corpus: Path::new(""),
        };
        let reviews: Vec<_> = reviews
            .iter()
            .map(super::practice::ReviewJson::of)
            .collect();
        let mut out = io::stdout().lock();
        render::hits_json(&mut out, &view, &search.text, &results, &reviews)?;
        out.flush()?;
    } else if results.hits.is_empty() {
        let shown = render::clean(&render::shorten(&search.text, 80));
        match &results.suggestion {
            Some(better) => eprintln!(
                "qa: no results for {}; did you mean {}?",
                quoted(&shown),
                quoted(&render::clean(better))
            ),
            None => eprintln!("qa: no results for {}", quoted(&shown)),
        }
    } else {
        let labels: Vec<_> = reviews.iter().map(|r| r.label.clone()).collect();
        output.emit(|mode, out| {
            let view = View {
                mode: mode.clone(),
                corpus: Path::new(""),
            };
            render::hits(out, &view, &results, args.full, &labels)
        })?;
    }
    Ok(if results.hits.is_empty() {
        Outcome::NothingFound
    } else {
        Outcome::Found
    })
}

/// The hits of `search` in every configured bank, as `qa search` and `qa pick` rank them (by words,
/// then by meaning for a long query when the model is installed; only those due for review with
/// `--due`), with each hit's review state.
pub(super) fn find(
    settings: &Settings,
    search: &Search,
    args: &SearchArgs,
) -> Result<(Results, Vec<HitReview>)> {
    with_banks(settings, |banks| {
        // `--due` filters after ranking, so it ranks everything that matches; the semantic model
        // fuses the best `DEPTH` hits with its own order, so they are all fetched, then cut to the
        // limit.
        let encoder = (!args.lexical && !args.due && semantic::applies(search))
            .then(|| semantic_model(settings))
            .flatten();
        let limit = if args.due {
            banks.questions().max(search.limit)
        } else if encoder.is_some() {
            search.limit.max(semantic::DEPTH)
        } else {
            search.limit
        };
        let wide = Search {
            limit,
            ..search.clone()
        };
        let mut results = banks.search(&wide)?;
        if let Some(encoder) = &encoder {
            let pool = if banks.questions() <= semantic::WHOLE_BANK {
                banks.list(&search.query)?
            } else {
                Vec::new()
            };
            rerank(settings, encoder, &search.text, &mut results.hits, pool);
            results.hits.truncate(search.limit);
            // Entries the model brought up that no word matched.
            for hit in results.hits.iter_mut().filter(|hit| hit.answer.is_none()) {
                banks.complete(hit);
            }
            results.total = results.total.max(results.hits.len());
        }
        // A damaged or locked state file must not cost the search: the hits come without review state.
        let mut reviews = super::practice::hit_reviews(settings, banks, &results.hits)
            .unwrap_or_else(|err| {
                eprintln!("qa: warning: review state not shown ({err:#})");
                None
            });
        if args.due {
            let reviews = reviews.get_or_insert_with(Vec::new);
            super::practice::keep_due(&mut results, reviews, search.limit);
        }
        Ok((results, reviews.unwrap_or_default()))
    })
}

/// A query as a message quotes it: in double quotes, or single ones when it holds a quoted phrase.
fn quoted(text: &str) -> String {
    if text.contains('"') {
        format!("'{text}'")
    } else {
        format!("\"{text}\"")
    }
}

/// The semantic model, when its folder exists; a folder that is there but cannot be loaded is
/// reported, and the search goes on by words only.
fn semantic_model(settings: &Settings) -> Option<semantic::Encoder> {
    let dir = settings.config.model.as_deref()?;
    if !dir.exists() {
        return None;
    }
    semantic::Encoder::load(dir)
        .map_err(|err| {
            eprintln!("qa: warning: semantic model not loaded, ranked by words only ({err:#}); `qa model install` repairs it")
        })
        .ok()
}

/// The model's reordering of `hits`, with entry vectors kept in the cache folder; a failure leaves the
/// lexical order (or only costs the next search the vectors), said on stderr.
fn rerank(
    settings: &Settings,
    encoder: &semantic::Encoder,
    query: &str,
    hits: &mut Vec<Hit>,
    pool: Vec<Hit>,
) {
    let mut cache = super::model::vectors(settings);
    if let Err(err) = encoder.rerank(query, hits, pool, &mut cache) {
        eprintln!("qa: warning: ranked by words only ({err:#})");
    } else if let Err(err) = cache.save() {
        eprintln!("qa: warning: model vectors not kept ({err:#})");
    }
}

/// Keeps a numbered list for `qa show N` (the picker's too), or says why not. A cache folder that cannot
/// be created was already reported (the bank went to the temporary folder).
pub(super) fn keep_list(settings: &Settings, search: &Search, results: &Results) {
    if let Err(err) = super::last::save(&settings.config, &search.text, &results.hits)
        && settings.config.cache.is_dir()
    {
        eprintln!("qa: warning: this list is not kept for `qa show N` ({err:#})");
    }
}
