//! `qa index`: update (or rebuild) the index and print its summary.

use anyhow::Result;

use super::{Outcome, report, waiting};
use crate::index::Paths;
use crate::index::write;

pub fn run(paths: &Paths, rebuild: bool) -> Result<Outcome> {
    let summary = write::sync(paths, rebuild, &waiting)?;
    report(&summary);
    Ok(Outcome::Found)
}
