//! What the practice commands (`quiz`, `stats`, `mark`) and `search` share: the clock (`QA_NOW` fixes it
//! for tests and demos), where the state file is, the bank as practice sees it, and the review state of
//! search hits. Where the state file is by default is `config`'s to say.

use std::path::Path;

use anyhow::{Context, Result, anyhow};
use chrono::{DateTime, FixedOffset, Local, SecondsFormat, Utc};
use serde::Serialize;

use super::Settings;
use crate::index::banks::Banks;
use crate::index::search::{Hit, Results};
use crate::practice::store::Store;
use crate::practice::{self, Card, DEFAULT_SOURCE, Question, Status};

/// The state file, or why there is none.
pub fn state_path(settings: &Settings) -> Result<&Path> {
    settings.config.state.as_deref().ok_or_else(|| {
        anyhow!("no home folder to keep the review state in; set QA_STATE or --state FILE")
    })
}

/// Now, to the millisecond (what the state file keeps), in the user's UTC offset: days start at local
/// midnight. `QA_NOW` (RFC 3339, e.g. `2026-11-02T09:00:00+01:00`) fixes it.
pub fn now() -> Result<DateTime<FixedOffset>> {
    let now = match std::env::var("QA_NOW") {
        Ok(text) if !text.is_empty() => DateTime::parse_from_rfc3339(&text)
            .with_context(|| format!("QA_NOW is not an RFC 3339 time: {text:?}"))?,
        _ => Local::now().fixed_offset(),
    };
    let millis = DateTime::from_timestamp_millis(now.timestamp_millis())
        .ok_or_else(|| anyhow!("the clock is out of range"))?;
    Ok(millis.with_timezone(now.offset()))
}

/// The random draw of `qa random` and `qa mock`: `QA_SEED` fixes it (for tests and a reproducible drill).
pub fn rng() -> Result<fastrand::Rng> {
    Ok(match std::env::var("QA_SEED") {
        Ok(seed) => fastrand::Rng::with_seed(
            seed.trim()
                .parse()
                .with_context(|| format!("QA_SEED must be a whole number, not {seed:?}"))?,
        ),
        Err(_) => fastrand::Rng::new(),
    })
}

/// A practice question from an index entry and its answer text.
fn question(hit: Hit, answer: &str) -> Question {
    Question {
        answer_hash: practice::answer_hash(answer),
        id: hit.id,
        source: hit.source,
        folder: hit.folder,
        question: hit.question,
        topic: hit.topic,
        framework: hit.framework,
        level: hit.level,
        tags: hit.tags,
        path: hit.path,
        line: hit.line,
    }
}

/// The question with this id, if indexed.
pub fn question_of(banks: &Banks, id: &str) -> Result<Option<Question>> {
    let Some(hit) = banks.by_id(id)? else {
        return Ok(None);
    };
    let answer = banks.answer_text(id)?.unwrap_or_default();
    Ok(Some(question(hit, &answer)))
}

/// Every question of the bank, in bank order (file, then line).
pub fn questions(banks: &Banks) -> Result<Vec<Question>> {
    let mut out = Vec::with_capacity(banks.questions());
    banks.each_entry(|hit, answer| out.push(question(hit, answer)))?;
    out.sort_by(|a, b| a.path.cmp(&b.path).then(a.line.cmp(&b.line)));
    Ok(out)
}

/// The review state of one search hit.
pub struct HitReview {
    pub status: Status,
    /// The words that end the hit's metadata line (`learned (next in 12 d)`).
    pub label: String,
    pub card: Option<Card>,
}

/// The review state of each hit, or `None` when there is no state file yet: for someone who never
/// quizzed, search output stays exactly as it was.
pub fn hit_reviews(
    settings: &Settings,
    banks: &Banks,
    hits: &[Hit],
) -> Result<Option<Vec<HitReview>>> {
    let Some(path) = settings.config.state.as_deref() else {
        return Ok(None);
    };
    let Some(store) = Store::open_existing(path, DEFAULT_SOURCE)? else {
        return Ok(None);
    };
    let now = now()?.to_utc();
    let ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
    let mut cards = store.cards_of(&ids)?;
    let mut out = Vec::with_capacity(hits.len());
    for hit in hits {
        let card = cards.remove(&hit.id);
        let hash = match &card {
            Some(_) => practice::answer_hash(&banks.answer_text(&hit.id)?.unwrap_or_default()),
            None => String::new(),
        };
        let status = practice::status(card.as_ref(), &hash, now);
        out.push(HitReview {
            label: status.label(now),
            status,
            card,
        });
    }
    Ok(Some(out))
}

/// Keeps only the hits due for review now (`qa search --due`), recounting the total and topics, and
/// cuts the list to `limit`.
pub fn keep_due(results: &mut Results, reviews: &mut Vec<HitReview>, limit: usize) {
    let mut kept = Vec::new();
    let mut kept_reviews = Vec::new();
    for (hit, review) in results.hits.drain(..).zip(reviews.drain(..)) {
        if review.status.is_due() {
            kept.push(hit);
            kept_reviews.push(review);
        }
    }
    results.total = kept.len();
    results.topics = Results::topics_of(&kept);
    kept.truncate(limit);
    kept_reviews.truncate(limit);
    results.hits = kept;
    *reviews = kept_reviews;
}

/// A hit's `"review"` object in `qa search --json`.
#[derive(Debug, Serialize)]
pub struct ReviewJson {
    /// new, due, changed, learning, learned or skipped.
    pub state: &'static str,
    /// When it is due (`null` for a question never reviewed).
    pub due: Option<String>,
    pub last_review: Option<String>,
    pub reps: i64,
    pub lapses: i64,
    pub starred: bool,
}

impl ReviewJson {
    pub fn of(review: &HitReview) -> ReviewJson {
        let card = review.card.as_ref();
        ReviewJson {
            state: review.status.name(),
            due: card.filter(|c| c.seen()).map(|c| time(c.memory.due)),
            last_review: card.and_then(|c| c.memory.last_review).map(time),
            reps: card.map_or(0, |c| c.memory.reps),
            lapses: card.map_or(0, |c| c.memory.lapses),
            starred: card.is_some_and(|c| c.starred),
        }
    }
}

/// A time in JSON: RFC 3339 in UTC, to the second.
pub fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}
