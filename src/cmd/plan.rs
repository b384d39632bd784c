//! `qa plan`: the pace to an interview date (`practice::plan` does the arithmetic), saved in the state
//! file; and the two readers of a saved plan: `qa quiz`'s daily new-question limit and the line
//! `qa stats` shows.

use std::collections::HashMap;
use std::io::{self, Write};

use anyhow::{Result, anyhow, bail};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use super::practice::{self as shared, now};
use super::{Outcome, Settings, with_banks};
use crate::cli::PlanArgs;
use crate::parse::text::slug;
use crate::practice::plan::{self, Goal, Saved, Standing};
use crate::practice::store::Store;
use crate::practice::{Card, DEFAULT_SOURCE, Question};
use crate::render;

/// New questions a day when no plan sets the pace.
pub const DEFAULT_NEW: u16 = 10;

pub fn run(settings: &Settings, args: &PlanArgs) -> Result<Outcome> {
    let today = now()?.date_naive();
    let state = shared::state_path(settings)?;
    if args.clear {
        let cleared = match Store::open_existing(state, DEFAULT_SOURCE)? {
            Some(mut store) => store.clear_plan()?,
            None => false,
        };
        if !cleared {
            eprintln!("qa: no plan to clear");
            return Ok(Outcome::NothingFound);
        }
        println!("plan cleared: qa quiz takes {DEFAULT_NEW} new questions a day again");
        return Ok(Outcome::Found);
    }
    let questions = with_banks(settings, shared::questions)?;
    let Some(by) = args.by else {
        return show(state, &questions, today, args.json);
    };
    let topics = topics(&questions, &args.topic)?;
    let mut store = Store::open(state, DEFAULT_SOURCE)?;
    let cards = store.cards()?;
    let (count, seen) = plan::progress(&questions, &cards, &topics);
    let goal = Goal {
        by,
        today,
        questions: count,
        seen,
        cap: args.per_day.map(usize::from),
    };
    let pace = plan::pace(&goal).map_err(|err| anyhow!("{err}"))?;
    let saved = Saved {
        by,
        per_day: pace.per_day,
        start: today,
        seen_at_start: seen,
        topics,
    };
    store.save_plan(&saved)?;
    let mut out = io::stdout().lock();
    if args.json {
        render::json(&mut out, &PlanJson::of(&saved, count, seen, Some(&pace)))?;
    } else {
        let scope = match saved.topics.as_slice() {
            [] => "the whole bank".to_string(),
            topics => topics.join(", "),
        };
        writeln!(
            out,
            "{count} questions in {scope}: {seen} seen, {} to see; {} days to {by}, today included",
            pace.unseen, pace.days
        )?;
        if pace.unseen == 0 {
            writeln!(
                out,
                "every question is seen: reviews alone carry you to {by}"
            )?;
        } else {
            writeln!(
                out,
                "pace: {} new a day until {}, then reviews only (each new question comes back about a \
                 day and four days after its first sight)",
                pace.per_day, pace.last_new_day
            )?;
        }
        if pace.short > 0 {
            writeln!(
                out,
                "at --per-day {}, {} questions stay unseen by {} ({} a day would see them all)",
                pace.per_day, pace.short, pace.last_new_day, pace.needed
            )?;
        }
        writeln!(
            out,
            "saved: qa quiz takes {} new questions a day until {by}; qa stats says whether you are on track",
            quiz_pace(pace.per_day)
        )?;
    }
    out.flush()?;
    Ok(Outcome::Found)
}

/// `qa plan` without `--by`: the saved plan and where you stand.
fn show(
    state: &std::path::Path,
    questions: &[Question],
    today: NaiveDate,
    json: bool,
) -> Result<Outcome> {
    let store = Store::open_existing(state, DEFAULT_SOURCE)?;
    let Some((saved, cards)) = (match &store {
        Some(store) => store
            .plan()?
            .map(|p| Ok::<_, anyhow::Error>((p, store.cards()?))),
        None => None,
    })
    .transpose()?
    else {
        eprintln!("qa: no plan yet: qa plan --by YYYY-MM-DD");
        return Ok(Outcome::NothingFound);
    };
    let mut out = io::stdout().lock();
    if json {
        let (count, seen) = plan::progress(questions, &cards, &saved.topics);
        render::json(&mut out, &PlanJson::of(&saved, count, seen, None))?;
    } else {
        writeln!(out, "{}", standing_line(&saved, questions, &cards, today))?;
    }
    out.flush()?;
    Ok(Outcome::Found)
}

/// The topics asked for, as slugs, each checked against the bank.
fn topics(questions: &[Question], asked: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for topic in asked.iter().map(|t| slug(t)) {
        if !questions.iter().any(|q| q.topic == topic) {
            let mut known: Vec<&str> = questions.iter().map(|q| q.topic.as_str()).collect();
            known.sort_unstable();
            known.dedup();
            bail!("unknown topic {topic:?}; known: {}", known.join(", "));
        }
        if !out.contains(&topic) {
            out.push(topic);
        }
    }
    Ok(out)
}

/// A pace as the quiz takes it: a plan that needs no new question leaves the default, so a quiz on
/// other topics still brings new ones.
fn quiz_pace(per_day: usize) -> u16 {
    match per_day {
        0 => DEFAULT_NEW,
        n => u16::try_from(n).unwrap_or(u16::MAX),
    }
}

/// `qa quiz`'s daily new-question limit without `--new`: the saved plan's pace until its date.
pub fn new_per_day(store: Option<&Store>, now: DateTime<FixedOffset>) -> Result<u16> {
    let Some(store) = store else {
        return Ok(DEFAULT_NEW);
    };
    Ok(match store.plan()? {
        Some(saved) if saved.active(now.date_naive()) => quiz_pace(saved.per_day),
        _ => DEFAULT_NEW,
    })
}

/// One line on a saved plan: its pace and date, and whether the questions seen keep up with it.
pub fn standing_line(
    saved: &Saved,
    questions: &[Question],
    cards: &HashMap<String, Card>,
    today: NaiveDate,
) -> String {
    let (count, seen) = plan::progress(questions, cards, &saved.topics);
    let head = format!("plan: {} new a day until {}", saved.per_day, saved.by);
    if !saved.active(today) {
        return format!("{head}: the date has passed ({seen} of {count} seen; qa plan --clear)");
    }
    let days = (saved.by - today).num_days();
    match plan::standing(saved, today, count, seen) {
        Standing::OnTrack => {
            format!("{head}: on track ({seen} of {count} seen, {days} days left)")
        }
        Standing::Behind(n) => format!(
            "{head}: {n} behind ({seen} of {count} seen, {days} days left; qa quiz --new {} catches up today)",
            saved.per_day + n
        ),
    }
}

/// `qa plan --json`.
#[derive(Serialize)]
struct PlanJson<'a> {
    by: String,
    per_day: usize,
    start: String,
    topics: &'a [String],
    questions: usize,
    seen: usize,
    /// Only when the plan was just made: what it needs without a cap, and what a cap leaves unseen.
    #[serde(skip_serializing_if = "Option::is_none")]
    needed_per_day: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_new_day: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    short: Option<usize>,
}

impl<'a> PlanJson<'a> {
    fn of(saved: &'a Saved, questions: usize, seen: usize, pace: Option<&plan::Pace>) -> Self {
        PlanJson {
            by: saved.by.to_string(),
            per_day: saved.per_day,
            start: saved.start.to_string(),
            topics: &saved.topics,
            questions,
            seen,
            needed_per_day: pace.map(|p| p.needed),
            last_new_day: pace.map(|p| p.last_new_day.to_string()),
            short: pace.map(|p| p.short),
        }
    }
}
