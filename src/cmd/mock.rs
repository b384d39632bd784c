//! `qa mock`: a timed mock interview. This file resolves the arguments, picks the questions
//! (`practice::mock`) and the clock; `interview` runs the session (reading keys through the quiz's
//! `keys`, saving each graded question through the quiz's store); `scorecard` prints the result.
//!
//! The clock: `QA_NOW` fixes the start, as for the quiz. `QA_CLOCK_STEP` (e.g. `90s`, `2m`) makes the
//! clock fake: it stands still except that every key read advances it by the step, so tests and demos
//! can run a 30-minute interview out in a moment and end it by the time box, without sleeping.

mod interview;
mod scorecard;

use std::io::{self, IsTerminal, Write};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use chrono::{DateTime, FixedOffset, TimeDelta, Utc};

use super::output::Output;
use super::practice::{self as shared, now};
use super::{Outcome, Settings, resolve_search, with_banks};
use crate::cli::{Filters, MockArgs};
use crate::index::banks::Banks;
use crate::practice::keypoints::Matcher;
use crate::practice::lock;
use crate::practice::mock as pick;
use crate::practice::store::Store;
use crate::practice::{DEFAULT_SOURCE, Question};
use crate::render::Mode;
use interview::{Ended, Interview};

pub fn run(settings: &Settings, args: &MockArgs) -> Result<Outcome> {
    let clock = Clock::from_env(now()?)?;
    let mut rng = super::practice::rng()?;
    let state = shared::state_path(settings)?;
    let (all, pool) = with_banks(settings, |banks| questions(banks, args))?;
    if pool.is_empty() {
        eprintln!("qa: no question passes these filters");
        return Ok(Outcome::NothingFound);
    }
    let mut store = Store::open(state, DEFAULT_SOURCE)?;
    let cards = store.cards()?;
    let picked: Vec<usize> = pick::pick(&pool, &cards, pick::count(args.minutes), &mut rng);
    if picked.is_empty() {
        eprintln!("qa: every question that passes these filters is skipped (qa mark ID clear)");
        return Ok(Outcome::NothingFound);
    }
    let session = lock::lock_session(state)?;
    if session.is_none() {
        eprintln!(
            "qa: a qa quiz is running on {}; this interview is not saved as reviews",
            state.display()
        );
    }
    // With --json the scorecard alone goes to stdout; the interview is on stderr.
    let (mode, live) = if args.json {
        (Mode::Plain, io::stderr().is_terminal())
    } else {
        // A display setting that cannot be resolved (an unknown theme) falls back to plain text.
        let mode = Output::resolve(&settings.display).map_or(Mode::Plain, |o| o.mode);
        (mode, io::stdout().is_terminal())
    };
    let total = TimeDelta::minutes(i64::from(args.minutes));
    let mut interview = Interview {
        all: &all,
        pool: &pool,
        store: session.as_ref().map(|_| &mut store),
        clock,
        total,
        per_question: total / i32::try_from(picked.len()).unwrap_or(i32::MAX),
        mode,
        live,
        typed: match args.type_answer {
            true => Some(Matcher::new(super::open::synonyms(settings)?)),
            false => None,
        },
    };
    let report = if args.json {
        interview.run(&mut io::stderr().lock(), &picked)?
    } else {
        interview.run(&mut io::stdout().lock(), &picked)?
    };
    let card = scorecard::Scorecard::new(&report, &pool, args.minutes);
    let mut out = io::stdout().lock();
    if args.json {
        crate::render::json(&mut out, &card.json())?;
    } else {
        card.write(&mut out)?;
    }
    out.flush()?;
    Ok(if report.asked.is_empty() && report.ended == Ended::Quit {
        Outcome::NothingFound
    } else {
        Outcome::Found
    })
}

/// Every question (for the follow-ups' links) and those that pass the filters, in bank order. Each
/// `--topic` is resolved as `qa quiz --topic` resolves it, so its spellings and errors are the same.
fn questions(banks: &Banks, args: &MockArgs) -> Result<(Vec<Question>, Vec<Question>)> {
    let all = shared::questions(banks)?;
    let topics: Vec<Option<String>> = if args.topic.is_empty() {
        vec![None]
    } else {
        args.topic.iter().cloned().map(Some).collect()
    };
    let mut ids = std::collections::HashSet::new();
    for topic in topics {
        let filters = Filters {
            source: args.source.clone(),
            topic,
            framework: args.framework.clone(),
            level: args.level.clone(),
        };
        let search = resolve_search("", &filters, false, banks.questions().max(1))?;
        ids.extend(banks.list(&search.query)?.into_iter().map(|hit| hit.id));
    }
    let pool = all
        .iter()
        .filter(|q| ids.contains(&q.id))
        .cloned()
        .collect();
    Ok((all, pool))
}

/// The interview's time: real, or fake with `QA_CLOCK_STEP`.
pub struct Clock {
    start: DateTime<FixedOffset>,
    /// The fake clock's step per key read.
    step: Option<TimeDelta>,
    keys: i32,
    real: Instant,
}

impl Clock {
    fn from_env(start: DateTime<FixedOffset>) -> Result<Clock> {
        let step = match std::env::var("QA_CLOCK_STEP") {
            Ok(text) if !text.is_empty() => Some(parse_step(&text)?),
            _ => None,
        };
        Ok(Clock {
            start,
            step,
            keys: 0,
            real: Instant::now(),
        })
    }

    /// Time since the interview started.
    pub fn elapsed(&self) -> TimeDelta {
        match self.step {
            Some(step) => step * self.keys,
            None => TimeDelta::from_std(self.real.elapsed()).unwrap_or(TimeDelta::MAX),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.start.to_utc() + self.elapsed()
    }

    /// A key was read: the fake clock moves on.
    pub fn key_read(&mut self) {
        self.keys = self.keys.saturating_add(1);
    }

    /// True when the clock runs by itself (a countdown is worth redrawing).
    pub fn is_real(&self) -> bool {
        self.step.is_none()
    }
}

/// `90s`, `2m`, `1h` or a number of seconds.
fn parse_step(text: &str) -> Result<TimeDelta> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => text.split_at(at),
        None => (text, "s"),
    };
    let n: i64 = number
        .parse()
        .with_context(|| format!("QA_CLOCK_STEP is not a duration like 90s or 2m: {text:?}"))?;
    Ok(match unit {
        "s" => TimeDelta::seconds(n),
        "m" => TimeDelta::minutes(n),
        "h" => TimeDelta::hours(n),
        _ => bail!("QA_CLOCK_STEP is not a duration like 90s or 2m: {text:?}"),
    })
}

/// `m:ss`, with a `-` once the time is past.
pub fn minutes(t: TimeDelta) -> String {
    let seconds = t.num_seconds();
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.abs();
    format!("{sign}{}:{:02}", s / 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_and_times_read_as_written() {
        assert_eq!(parse_step("90s").unwrap(), TimeDelta::seconds(90));
        assert_eq!(parse_step("2m").unwrap(), TimeDelta::minutes(2));
        assert_eq!(parse_step("45").unwrap(), TimeDelta::seconds(45));
        assert!(parse_step("soon").is_err() && parse_step("3d").is_err());
        assert_eq!(minutes(TimeDelta::seconds(125)), "2:05");
        assert_eq!(minutes(TimeDelta::seconds(-20)), "-0:20");
    }
}
