//! `qa stats`: progress per topic and level (questions, seen, learned, due today and this week,
//! retention over the last 30 days), the streak of days, and the orphans: cards whose question left the
//! bank, kept with their history.

use std::collections::HashMap;
use std::io::{self, Write};

use anyhow::{Result, bail};
use serde::Serialize;

use super::output::Output;
use super::practice::{self as shared, now, time};
use super::{Outcome, Settings, with_banks};
use crate::cli::StatsArgs;
use crate::parse::text::slug;
use crate::practice::stats::{self, Counts, RETENTION_DAYS, Stats};
use crate::practice::store::Store;
use crate::practice::{Card, DEFAULT_SOURCE};
use crate::render::{self, Mode};

/// Width of the per-topic bar on a terminal.
const BAR: usize = 24;

pub fn run(settings: &Settings, args: StatsArgs) -> Result<Outcome> {
    let now = now()?;
    let state = shared::state_path(settings)?;
    let all = with_banks(settings, shared::questions)?;
    let topic = args.topic.as_deref().map(slug);
    if let Some(topic) = &topic
        && !all.iter().any(|q| q.topic == *topic)
    {
        let known: std::collections::BTreeSet<&str> =
            all.iter().map(|q| q.topic.as_str()).collect();
        bail!(
            "unknown topic {topic:?}; known: {}",
            known.into_iter().collect::<Vec<_>>().join(", ")
        );
    }
    // Stats never create the state file: without one, nothing was reviewed.
    let (cards, reviews, plan) = match Store::open_existing(state, DEFAULT_SOURCE)? {
        Some(store) => (store.cards()?, store.reviews(None)?, store.plan()?),
        None => (HashMap::new(), Vec::new(), None),
    };
    let questions: Vec<_> = all
        .iter()
        .filter(|q| topic.as_ref().is_none_or(|t| q.topic == *t))
        .cloned()
        .collect();
    let stats = stats::compute(&questions, &cards, &reviews, now);
    let orphans = stats::orphans(&all, &cards);
    let mut out = io::stdout().lock();
    if args.json {
        let value = StatsJson {
            now: time(now.to_utc()),
            state: state.display().to_string(),
            streak_days: stats.streak_days,
            total: CountsJson::of(None, None, &stats.total),
            topics: stats
                .topics
                .iter()
                .map(|(topic, c)| CountsJson::of(Some(topic), None, c))
                .collect(),
            rows: stats
                .rows
                .iter()
                .map(|((topic, level), c)| CountsJson::of(Some(topic), Some(level), c))
                .collect(),
            orphans: orphans.iter().map(|card| OrphanJson::of(card)).collect(),
        };
        render::json(&mut out, &value)?;
    } else if args.orphans {
        write_orphans(&mut out, &orphans)?;
    } else {
        let mode = Output::resolve(&settings.display)?.mode;
        write_table(&mut out, &mode, &stats, orphans.len())?;
        if let Some(plan) = &plan {
            let line = super::plan::standing_line(plan, &all, &cards, now.date_naive());
            writeln!(out, "{line}")?;
        }
    }
    out.flush()?;
    Ok(Outcome::Found)
}

/// `qa stats --json`.
#[derive(Serialize)]
struct StatsJson<'a> {
    now: String,
    state: String,
    streak_days: usize,
    total: CountsJson<'a>,
    topics: Vec<CountsJson<'a>>,
    rows: Vec<CountsJson<'a>>,
    orphans: Vec<OrphanJson<'a>>,
}

#[derive(Serialize)]
struct CountsJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    topic: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<&'a str>,
    questions: usize,
    seen: usize,
    learned: usize,
    skipped: usize,
    due_today: usize,
    due_week: usize,
    /// Recall tests of learned cards in the last 30 days, and the share passed.
    tests_30d: usize,
    retention_30d: Option<f64>,
}

impl<'a> CountsJson<'a> {
    fn of(topic: Option<&'a str>, level: Option<&'a str>, c: &Counts) -> CountsJson<'a> {
        CountsJson {
            topic,
            level,
            questions: c.questions,
            seen: c.seen,
            learned: c.learned,
            skipped: c.skipped,
            due_today: c.due_today,
            due_week: c.due_week,
            tests_30d: c.tests_30d,
            retention_30d: c.retention().map(|r| (r * 1000.0).round() / 1000.0),
        }
    }
}

#[derive(Serialize)]
struct OrphanJson<'a> {
    id: &'a str,
    question: &'a str,
    reps: i64,
    last_review: Option<String>,
}

impl<'a> OrphanJson<'a> {
    fn of(card: &'a Card) -> OrphanJson<'a> {
        OrphanJson {
            id: &card.id,
            question: &card.question,
            reps: card.memory.reps,
            last_review: card.memory.last_review.map(time),
        }
    }
}

fn write_orphans(out: &mut impl Write, orphans: &[&Card]) -> io::Result<()> {
    if orphans.is_empty() {
        return writeln!(
            out,
            "no orphans: every reviewed question is still in the bank"
        );
    }
    writeln!(
        out,
        "{} reviewed question(s) no longer in the bank (history kept; they come back if the id does):",
        orphans.len()
    )?;
    for card in orphans {
        let last = card
            .memory
            .last_review
            .map_or("never".to_string(), |t| t.format("%Y-%m-%d").to_string());
        writeln!(
            out,
            "  {}  ({} reviews, last {last})\n    {}",
            render::clean(&card.id),
            card.memory.reps,
            render::clean(&card.question)
        )?;
    }
    Ok(())
}

fn write_table(out: &mut impl Write, mode: &Mode, stats: &Stats, orphans: usize) -> io::Result<()> {
    if let Mode::Terminal { .. } = mode {
        for (topic, c) in &stats.topics {
            writeln!(
                out,
                "{:<14} {} {}/{} learned",
                render::clean(topic),
                bar(c),
                c.learned,
                c.questions
            )?;
        }
        writeln!(out)?;
    }
    let columns = match mode {
        Mode::Terminal(screen) if screen.width < Columns::WIDE.fits => Columns::NARROW,
        _ => Columns::WIDE,
    };
    columns.header(out)?;
    for ((topic, level), c) in &stats.rows {
        columns.row(out, topic, level, c)?;
    }
    columns.row(out, "total", "", &stats.total)?;
    let days = match stats.streak_days {
        1 => "1 day".to_string(),
        n => format!("{n} days"),
    };
    let mut last = format!("\nstreak: {days}");
    if orphans > 0 {
        last.push_str(&format!(
            " · {orphans} orphan(s): reviewed questions no longer in the bank (qa stats --orphans)"
        ));
    }
    writeln!(out, "{last}")
}

/// The table's columns: its full header where the window has room, and below that shorter names, widths
/// and retention (the share alone), so a 60-column window does not wrap every row.
struct Columns {
    /// Topic, level, then the five counts.
    widths: [usize; 7],
    names: [&'static str; 7],
    retention: &'static str,
    /// "95% of 120" rather than "95%", under "retention 30 d" rather than the name alone.
    tests: bool,
    /// The least window width the table fits in.
    fits: usize,
}

impl Columns {
    const WIDE: Columns = Columns {
        widths: [14, 7, 9, 6, 8, 6, 6],
        names: [
            "topic",
            "level",
            "questions",
            "seen",
            "learned",
            "today",
            "week",
        ],
        retention: "retention",
        tests: true,
        fits: 78,
    };
    const NARROW: Columns = Columns {
        widths: [12, 6, 6, 5, 7, 5, 5],
        names: [
            "topic", "level", "quest.", "seen", "learned", "today", "week",
        ],
        retention: "kept",
        tests: false,
        fits: 60,
    };

    fn header(&self, out: &mut impl Write) -> io::Result<()> {
        let [topic, level, counts @ ..] = self.names;
        let retention = match self.tests {
            true => format!("{} {RETENTION_DAYS} d", self.retention),
            false => self.retention.to_string(),
        };
        self.line(out, topic, level, counts.map(str::to_string), &retention)
    }

    fn row(&self, out: &mut impl Write, topic: &str, level: &str, c: &Counts) -> io::Result<()> {
        let retention = match c.retention() {
            Some(r) if self.tests => format!("{:.0}% of {}", r * 100.0, c.tests_30d),
            Some(r) => format!("{:.0}%", r * 100.0),
            None => "-".to_string(),
        };
        let counts =
            [c.questions, c.seen, c.learned, c.due_today, c.due_week].map(|n| n.to_string());
        self.line(
            out,
            &render::clean(topic),
            &render::clean(level),
            counts,
            &retention,
        )
    }

    fn line(
        &self,
        out: &mut impl Write,
        topic: &str,
        level: &str,
        counts: [String; 5],
        retention: &str,
    ) -> io::Result<()> {
        let [topic_width, level_width, widths @ ..] = self.widths;
        let mut line = format!("{topic:<topic_width$} {level:<level_width$}");
        for (count, width) in counts.iter().zip(widths) {
            line.push_str(&format!(" {count:>width$}"));
        }
        writeln!(out, "{line}  {retention}")
    }
}

/// `█████▒▒▒░░░░`: learned, seen, not seen yet.
fn bar(c: &Counts) -> String {
    // Any progress shows as at least one cell.
    let cells = |n: usize| (n * BAR).div_ceil(c.questions.max(1)).min(BAR);
    let learned = cells(c.learned);
    let seen = cells(c.seen).max(learned) - learned;
    format!(
        "{}{}{}",
        "█".repeat(learned),
        "▒".repeat(seen),
        "░".repeat(BAR - learned - seen)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_layout_fits_the_width_it_is_chosen_for() {
        let busy = Counts {
            questions: 12_345,
            seen: 12_345,
            learned: 12_345,
            due_today: 1_234,
            due_week: 12_345,
            skipped: 0,
            tests_30d: 12_345,
            recalled_30d: 12_345,
        };
        for columns in [Columns::WIDE, Columns::NARROW] {
            let mut out = Vec::new();
            columns.header(&mut out).unwrap();
            columns
                .row(&mut out, "performance", "senior", &busy)
                .unwrap();
            columns
                .row(&mut out, "total", "", &Counts::default())
                .unwrap();
            let text = String::from_utf8(out).unwrap();
            for line in text.lines() {
                assert!(
                    line.chars().count() <= columns.fits,
                    "{line:?} in {}",
                    columns.fits
                );
            }
            assert!(text.contains("100%"), "{text}");
        }
    }
}
