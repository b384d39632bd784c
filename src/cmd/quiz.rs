//! `qa quiz`: a spaced-repetition session over the bank, or over what a search finds. This file resolves
//! the arguments, picks the questions and plans the session (`practice::queue`), or prints the plan
//! (`--json`); `session` runs it, the only code that reads keys (through `keys`), grading with
//! `practice::schedule` and saving each grade with `practice::store` before the next card; `card` has
//! the words it shows.

mod card;
pub(super) mod keys;
mod session;
pub mod typed;

use std::collections::HashMap;
use std::io::{self, Write};

use anyhow::{Result, bail};
use chrono::{DateTime, FixedOffset, TimeDelta, Utc};
use serde::Serialize;

use super::open::synonyms;
use super::practice::{self as shared, now, time};
use super::{Outcome, Settings, resolve_search, with_banks};
use crate::cli::QuizArgs;
use crate::index::banks::Banks;
use crate::practice::keypoints::Matcher;
use crate::practice::lock;
use crate::practice::queue::{self, Limits, Plan, Reason};
use crate::practice::schedule::RETENTION_RANGE;
use crate::practice::store::Store;
use crate::practice::{Card, DEFAULT_SOURCE, Question, span, stats};
use crate::render;
use session::Quiz;

pub fn run(settings: &Settings, args: QuizArgs) -> Result<Outcome> {
    if !RETENTION_RANGE.contains(&args.retention) {
        bail!(
            "--retention {} is out of range; use 0.7 to 0.99 (0.9 is FSRS's recommendation)",
            args.retention
        );
    }
    let started = now()?;
    let state = shared::state_path(settings)?;
    let questions = with_banks(settings, |banks| scope(banks, &args))?;
    if questions.is_empty() {
        eprintln!(
            "qa: no questions to drill for {:?}",
            render::clean(&args.query.join(" "))
        );
        return Ok(Outcome::NothingFound);
    }
    // The plan alone (`--json`) never creates the state file.
    let mut store = if args.json {
        Store::open_existing(state, DEFAULT_SOURCE)?
    } else {
        Some(Store::open(state, DEFAULT_SOURCE)?)
    };
    let (cards, recent) = match &store {
        Some(store) => (
            store.cards()?,
            store.reviews(Some(started.to_utc() - TimeDelta::days(2)))?,
        ),
        None => (HashMap::new(), Vec::new()),
    };
    // --new, else a saved plan's pace until its date, else the default.
    let new = match args.new {
        Some(n) => n,
        None => super::plan::new_per_day(store.as_ref(), started)?,
    };
    let limits = Limits {
        cards: usize::from(args.limit),
        new_per_day: usize::from(new),
        reviews_per_day: args.max.map(usize::from),
    };
    let plan = queue::plan(
        &questions,
        &cards,
        started.to_utc(),
        limits,
        stats::today(&recent, started),
    );
    if args.json {
        let mut out = io::stdout().lock();
        render::json(
            &mut out,
            &plan_json(&plan, &questions, &cards, started, args.max),
        )?;
        out.flush()?;
    } else if plan.cards.is_empty() {
        nothing_to_do(&plan, &questions, &cards, started.to_utc(), new);
    } else if let Some(store) = store.as_mut() {
        let lock = lock::lock_session(state)?;
        if lock.is_none() {
            eprintln!(
                "qa: another qa quiz is running on {}; this one is read-only: grades are shown but not saved",
                state.display()
            );
        }
        let mut quiz = Quiz::new(settings, &questions, store, &args, lock.is_none());
        if args.type_answer {
            quiz = quiz.typed(Matcher::new(synonyms(settings)?));
        }
        let mut out = io::stdout().lock();
        let summary = quiz.session(&mut out, &plan, args.max.map(usize::from))?;
        quiz.write_lines(&mut out, &card::summary(&summary))?;
        out.flush()?;
    }
    Ok(if plan.cards.is_empty() {
        Outcome::NothingFound
    } else {
        Outcome::Found
    })
}

/// The questions to drill, in the order new ones come: search rank with a query, bank order without.
fn scope(banks: &Banks, args: &QuizArgs) -> Result<Vec<Question>> {
    let all = shared::questions(banks)?;
    let search = resolve_search(
        &args.query.join(" "),
        &args.filters,
        false,
        banks.questions().max(1),
    )?;
    // With a query, search rank; without, the filters alone, in bank order.
    let hits = if args.query.is_empty() {
        banks.list(&search.query)?
    } else {
        banks.search(&search)?.hits
    };
    let mut by_id: HashMap<String, Question> = all.into_iter().map(|q| (q.id.clone(), q)).collect();
    Ok(hits
        .iter()
        .filter_map(|hit| by_id.remove(&hit.id))
        .collect())
}

/// Why there is nothing to drill, and when there will be.
fn nothing_to_do(
    plan: &Plan,
    questions: &[Question],
    cards: &HashMap<String, Card>,
    now: DateTime<Utc>,
    new_per_day: u16,
) {
    let mut message = "qa: nothing to review now".to_string();
    if plan.new > 0 {
        message.push_str(&format!(
            "; today's {new_per_day} new questions are done (--new N for more)"
        ));
    }
    let next = questions
        .iter()
        .filter_map(|q| cards.get(&q.id))
        .filter(|c| c.seen() && !c.skipped)
        .map(|c| c.memory.due)
        .min();
    if let Some(next) = next {
        message.push_str(&format!("; next review in {}", span(next - now)));
    }
    eprintln!("{message}");
}

/// `qa quiz --json`: the plan, without asking anything.
#[derive(Serialize)]
struct PlanJson<'a> {
    now: String,
    /// Reviews due now (in the plan or not).
    due: usize,
    /// New questions available (in the plan or not).
    new: usize,
    /// Due reviews left out by `--max` or `-n`.
    due_left: usize,
    /// Days the due reviews take at `--max` a day.
    backlog_days: Option<usize>,
    cards: Vec<PlannedJson<'a>>,
}

#[derive(Serialize)]
struct PlannedJson<'a> {
    id: &'a str,
    question: &'a str,
    topic: &'a str,
    framework: Option<&'a str>,
    level: Option<&'a str>,
    tags: &'a [String],
    /// due, changed or new.
    reason: &'static str,
    /// When it was due (`null` for a new question).
    due: Option<String>,
    /// Days since it was due, for a due review.
    overdue_days: Option<f64>,
    starred: bool,
}

fn plan_json<'a>(
    plan: &Plan,
    questions: &'a [Question],
    cards: &HashMap<String, Card>,
    now: DateTime<FixedOffset>,
    max: Option<u16>,
) -> PlanJson<'a> {
    let cards_json = plan
        .cards
        .iter()
        .map(|p| {
            let q = &questions[p.question];
            let card = cards.get(&q.id);
            let overdue = match &p.reason {
                Reason::Due { since } => {
                    let days = (now.to_utc() - *since).num_minutes() as f64 / 1440.0;
                    Some((days * 100.0).round() / 100.0)
                }
                _ => None,
            };
            PlannedJson {
                id: &q.id,
                question: &q.question,
                topic: &q.topic,
                framework: q.framework.as_deref(),
                level: q.level.as_deref(),
                tags: &q.tags,
                reason: p.reason.name(),
                due: card.filter(|c| c.seen()).map(|c| time(c.memory.due)),
                overdue_days: overdue,
                starred: card.is_some_and(|c| c.starred),
            }
        })
        .collect();
    PlanJson {
        now: time(now.to_utc()),
        due: plan.due,
        new: plan.new,
        due_left: plan.due_left(),
        backlog_days: max.map(|m| queue::backlog_days(plan.due_left(), usize::from(m))),
        cards: cards_json,
    }
}
