//! `qa topics`: question counts per topic and framework.

use std::io::{self, Write};

use anyhow::Result;

use super::{Outcome, Settings, with_banks};
use crate::render;

pub fn run(settings: &Settings, json: bool) -> Result<Outcome> {
    let facets = with_banks(settings, |banks| banks.facets())?;
    let mut out = io::stdout().lock();
    if json {
        render::topics_json(&mut out, &facets)?;
    } else {
        render::topics(&mut out, &facets)?;
    }
    out.flush()?;
    Ok(if facets.questions > 0 {
        Outcome::Found
    } else {
        Outcome::NothingFound
    })
}
