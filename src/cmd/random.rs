//! `qa random`: one question picked at random among those that pass the filters, shown as `qa show`
//! shows it. `QA_SEED` fixes the choice (for tests and for a reproducible drill).

use anyhow::Result;

use super::output::Output;
use super::{Outcome, Settings, filter_query, show, with_banks};
use crate::cli::Filters;

pub fn run(settings: &Settings, filters: &Filters, json: bool) -> Result<Outcome> {
    let output = Output::resolve_long(&settings.display)?;
    let query = filter_query(filters)?;
    let hits = with_banks(settings, |banks| banks.list(&query))?;
    if hits.is_empty() {
        eprintln!("qa: no question passes these filters");
        return Ok(Outcome::NothingFound);
    }
    let mut rng = super::practice::rng()?;
    let hit = &hits[rng.usize(..hits.len())];
    show::print(&output, hit, json)
}
