//! `qa index`: update (or rebuild) the index and print its summary.

use anyhow::Result;

use super::{Outcome, Progress, report};
use crate::index::Paths;
use crate::index::write;

pub fn run(paths: &Paths, rebuild: bool) -> Result<Outcome> {
    let summary = write::sync(paths, rebuild, &Progress::new(paths))?;
    report(&summary);
    Ok(Outcome::Found)
}
