//! `qa mark ID known|skip|star|clear`: change one question's review state by hand.

use std::io::{self, Write};

use anyhow::Result;

use super::practice::{self as shared, now};
use super::{Outcome, Settings, with_banks};
use crate::cli::{MarkArg, MarkArgs};
use crate::practice::schedule::{DEFAULT_RETENTION, Scheduler};
use crate::practice::store::Store;
use crate::practice::{DEFAULT_SOURCE, Mark, span};
use crate::render;

pub fn run(settings: &Settings, args: MarkArgs) -> Result<Outcome> {
    let now = now()?.to_utc();
    let state = shared::state_path(settings)?;
    let Some(question) = with_banks(settings, |banks| shared::question_of(banks, &args.id))? else {
        eprintln!(
            "qa: no question with id {:?} (ids are shown by `qa search --json`)",
            render::clean(&args.id)
        );
        return Ok(Outcome::NothingFound);
    };
    let mark = match args.mark {
        MarkArg::Known => Mark::Known,
        MarkArg::Skip => Mark::Skip,
        MarkArg::Star => Mark::Star,
        MarkArg::Clear => Mark::Clear,
    };
    let mut store = Store::open(state, DEFAULT_SOURCE)?;
    let said = match mark {
        Mark::Known => {
            // Logged like a review, so its history shows it and stats count the question as learned.
            let scheduler = Scheduler::new(DEFAULT_RETENTION);
            let (_, card) = store.review(&question.id, now, None, 0, |before| {
                scheduler.mark_known(before, &question, now)
            })?;
            format!("known: next review in {}", span(card.memory.due - now))
        }
        Mark::Skip => {
            store.update(&question.id, |before| mark.apply(before, &question, now))?;
            "skipped: left out of quizzes (qa mark ID clear brings it back)".to_string()
        }
        Mark::Star => {
            store.update(&question.id, |before| mark.apply(before, &question, now))?;
            "starred: first among new questions".to_string()
        }
        Mark::Clear => {
            store.update(&question.id, |before| mark.apply(before, &question, now))?;
            "cleared: no longer skipped or starred".to_string()
        }
    };
    let mut out = io::stdout().lock();
    writeln!(out, "{}: {said}", render::clean(&question.question))?;
    out.flush()?;
    Ok(Outcome::Found)
}
