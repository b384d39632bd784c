//! `qa random`: one question picked at random among those that pass the filters, shown as `qa show`
//! shows it. `QA_SEED` fixes the choice (for tests and for a reproducible drill).

use anyhow::{Context, Result};

use super::output::Output;
use super::{Outcome, Settings, filter_query, fresh_reader, show};
use crate::cli::Filters;

pub fn run(settings: &Settings, filters: &Filters, json: bool) -> Result<Outcome> {
    let output = Output::resolve(&settings.display)?;
    let hits = fresh_reader(settings)?.list(&filter_query(filters))?;
    if hits.is_empty() {
        eprintln!("qa: no question passes these filters");
        return Ok(Outcome::NothingFound);
    }
    let mut rng = match std::env::var("QA_SEED") {
        Ok(seed) => fastrand::Rng::with_seed(
            seed.trim()
                .parse()
                .with_context(|| format!("QA_SEED must be a whole number, not {seed:?}"))?,
        ),
        Err(_) => fastrand::Rng::new(),
    };
    let hit = &hits[rng.usize(..hits.len())];
    show::print(settings, &output, hit, json)
}
