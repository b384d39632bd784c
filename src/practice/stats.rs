//! Progress counts for `qa stats` and the end of a session: per topic and level, questions, seen,
//! learned, due today and this week, retention over the last 30 days; the streak of days with a review;
//! and orphans (cards whose question left the bank). Days are the user's days: `now` carries the UTC
//! offset they start in.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeDelta, Utc};

use super::{Card, Phase, Question, Review, Status, queue::Today, status};

/// How far back retention is measured.
pub const RETENTION_DAYS: i64 = 30;

/// Counts for one group of questions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub questions: usize,
    /// Reviewed at least once (or marked known).
    pub seen: usize,
    /// Out of learning steps: FSRS's review phase.
    pub learned: usize,
    /// Due by the end of today (an edited answer is due now); skipped ones are not counted.
    pub due_today: usize,
    /// Due by the end of the sixth day after today.
    pub due_week: usize,
    pub skipped: usize,
    /// Recall tests of learned cards in the last 30 days, and how many of them were not "again".
    pub tests_30d: usize,
    pub recalled_30d: usize,
}

impl Counts {
    /// The share of recall tests passed in the last 30 days, `None` without any.
    pub fn retention(&self) -> Option<f64> {
        (self.tests_30d > 0).then(|| self.recalled_30d as f64 / self.tests_30d as f64)
    }

    fn add(&mut self, other: &Counts) {
        self.questions += other.questions;
        self.seen += other.seen;
        self.learned += other.learned;
        self.due_today += other.due_today;
        self.due_week += other.due_week;
        self.skipped += other.skipped;
        self.tests_30d += other.tests_30d;
        self.recalled_30d += other.recalled_30d;
    }
}

/// Everything `qa stats` shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    /// Per (topic, level); questions without a level are under `-`.
    pub rows: BTreeMap<(String, String), Counts>,
    pub topics: BTreeMap<String, Counts>,
    pub total: Counts,
    /// Consecutive days with at least one review, ending today (or yesterday, if today has none yet).
    pub streak_days: usize,
}

/// The level key of a question in the stats table.
pub fn level_key(question: &Question) -> String {
    question.level.clone().unwrap_or_else(|| "-".to_string())
}

/// Progress over `questions` (the bank, or the part of it `qa stats --topic` asked for).
pub fn compute(
    questions: &[Question],
    cards: &HashMap<String, Card>,
    reviews: &[Review],
    now: DateTime<FixedOffset>,
) -> Stats {
    let utc = now.to_utc();
    let end_today = day_end(now, 0);
    let end_week = day_end(now, 6);
    let since = utc - TimeDelta::days(RETENTION_DAYS);
    let mut tests: HashMap<&str, (usize, usize)> = HashMap::new();
    for review in reviews.iter().filter(|r| r.at > since && r.tested_recall()) {
        let entry = tests.entry(review.id.as_str()).or_default();
        entry.0 += 1;
        entry.1 += usize::from(review.grade != Some(super::Grade::Again));
    }
    let mut stats = Stats::default();
    for question in questions {
        let card = cards.get(&question.id);
        let mut counts = Counts {
            questions: 1,
            ..Counts::default()
        };
        if let Some(card) = card {
            counts.seen = usize::from(card.seen());
            counts.learned = usize::from(card.memory.phase == Phase::Review);
            counts.skipped = usize::from(card.skipped);
            let due_at = match status(Some(card), &question.answer_hash, utc) {
                Status::Changed => Some(utc),
                Status::Due { since } => Some(since),
                Status::Learning { next } | Status::Learned { next } => Some(next),
                Status::New | Status::Skipped => None,
            };
            if let Some(due_at) = due_at {
                counts.due_today = usize::from(due_at <= end_today);
                counts.due_week = usize::from(due_at <= end_week);
            }
        }
        if let Some(&(tested, recalled)) = tests.get(question.id.as_str()) {
            counts.tests_30d = tested;
            counts.recalled_30d = recalled;
        }
        stats
            .rows
            .entry((question.topic.clone(), level_key(question)))
            .or_default()
            .add(&counts);
        stats
            .topics
            .entry(question.topic.clone())
            .or_default()
            .add(&counts);
        stats.total.add(&counts);
    }
    stats.streak_days = streak(reviews, now);
    stats
}

/// Consecutive days with a graded review, counted back from today; a streak still counts on a day
/// not yet practised.
pub fn streak(reviews: &[Review], now: DateTime<FixedOffset>) -> usize {
    let offset = *now.offset();
    let days: BTreeSet<NaiveDate> = reviews
        .iter()
        .filter(|r| r.grade.is_some())
        .map(|r| r.at.with_timezone(&offset).date_naive())
        .collect();
    let mut day = now.date_naive();
    if !days.contains(&day) {
        day = day.pred_opt().unwrap_or(day);
    }
    let mut count = 0;
    while days.contains(&day) {
        count += 1;
        match day.pred_opt() {
            Some(before) => day = before,
            None => break,
        }
    }
    count
}

/// What the review log says was done today: new questions introduced, reviews graded.
pub fn today(reviews: &[Review], now: DateTime<FixedOffset>) -> Today {
    let start = day_end(now, -1);
    let mut introduced = HashSet::new();
    let mut reviewed = HashSet::new();
    for review in reviews.iter().filter(|r| r.at > start && r.grade.is_some()) {
        if review.introduced() {
            introduced.insert(review.id.as_str());
        } else if !introduced.contains(review.id.as_str()) {
            // A card introduced today and graded again is still one new card, not a review.
            reviewed.insert(review.id.as_str());
        }
    }
    Today {
        introduced: introduced.len(),
        reviewed: reviewed.len(),
    }
}

/// Cards due by the end of tomorrow and by the end of the coming week (today and six more days).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Upcoming {
    pub tomorrow: usize,
    pub week: usize,
}

/// What is coming up among `questions`, for the end of a session.
pub fn upcoming(
    questions: &[Question],
    cards: &HashMap<String, Card>,
    now: DateTime<FixedOffset>,
) -> Upcoming {
    let stats = compute(questions, cards, &[], now);
    let end_tomorrow = day_end(now, 1);
    let tomorrow = questions
        .iter()
        .filter_map(|q| cards.get(&q.id).map(|c| (q, c)))
        .filter(
            |(q, c)| match status(Some(c), &q.answer_hash, now.to_utc()) {
                Status::Changed => true,
                Status::Due { .. } | Status::Learning { .. } | Status::Learned { .. } => {
                    c.memory.due <= end_tomorrow
                }
                Status::New | Status::Skipped => false,
            },
        )
        .count();
    Upcoming {
        tomorrow,
        week: stats.total.due_week,
    }
}

/// Cards whose question is no longer in the bank, in id order. They are kept, never an error.
pub fn orphans<'a>(questions: &[Question], cards: &'a HashMap<String, Card>) -> Vec<&'a Card> {
    let ids: HashSet<&str> = questions.iter().map(|q| q.id.as_str()).collect();
    let mut out: Vec<&Card> = cards
        .values()
        .filter(|c| !ids.contains(c.id.as_str()))
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// The last instant of the local day `days` after today's (`-1`: the end of yesterday).
fn day_end(now: DateTime<FixedOffset>, days: i64) -> DateTime<Utc> {
    let date = now.date_naive() + TimeDelta::days(days + 1);
    let midnight = date.and_time(NaiveTime::MIN);
    let start_next = midnight
        .and_local_timezone(*now.offset())
        .single()
        .map_or(now.to_utc(), |t| t.to_utc());
    start_next - TimeDelta::milliseconds(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::{Grade, Memory};
    use chrono::TimeZone;

    fn now() -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 10, 9, 0, 0)
            .unwrap()
    }

    fn question(i: usize, topic: &str, level: Option<&str>) -> Question {
        Question {
            source: String::new(),
            folder: std::path::PathBuf::new(),
            id: format!("{topic}/f#q{i}"),
            question: format!("Q{i}?"),
            topic: topic.into(),
            framework: None,
            level: level.map(str::to_string),
            tags: Vec::new(),
            path: format!("{topic}/f.md"),
            line: i,
            answer_hash: "h".into(),
        }
    }

    fn card(q: &Question, phase: Phase, due_days: i64) -> Card {
        let mut card = Card::new(q, now().to_utc());
        card.memory = Memory {
            phase,
            due: now().to_utc() + TimeDelta::days(due_days),
            reps: 1,
            last_review: Some(now().to_utc() - TimeDelta::days(1)),
            ..Memory::new(now().to_utc())
        };
        card
    }

    fn review(id: &str, days_ago: i64, grade: Grade, before: Option<&Card>) -> Review {
        Review {
            seq: 0,
            id: id.into(),
            at: now().to_utc() - TimeDelta::days(days_ago),
            grade: Some(grade),
            elapsed_days: 0,
            duration_ms: 0,
            before: before.cloned(),
        }
    }

    #[test]
    fn counts_per_topic_and_level() {
        let qs = vec![
            question(1, "php", Some("junior")),
            question(2, "php", Some("junior")),
            question(3, "php", Some("senior")),
            question(4, "sql", None),
        ];
        let mut changed = card(&qs[2], Phase::Review, 40);
        changed.answer_hash = "old".into();
        let mut skipped = card(&qs[3], Phase::Review, -1);
        skipped.skipped = true;
        let cards: HashMap<_, _> = [
            card(&qs[0], Phase::Review, 3),
            card(&qs[1], Phase::Learning, 0),
            changed,
            skipped,
        ]
        .into_iter()
        .map(|c| (c.id.clone(), c))
        .collect();
        let learned = cards[&qs[0].id].clone();
        let reviews = [
            review(&qs[0].id, 2, Grade::Good, Some(&learned)),
            review(&qs[0].id, 12, Grade::Again, Some(&learned)),
            review(&qs[0].id, 40, Grade::Good, Some(&learned)),
            review(&qs[1].id, 1, Grade::Good, None),
        ];
        let stats = compute(&qs, &cards, &reviews, now());
        let junior = stats.rows[&("php".to_string(), "junior".to_string())];
        assert_eq!((junior.questions, junior.seen, junior.learned), (2, 2, 1));
        assert_eq!((junior.due_today, junior.due_week), (1, 2));
        assert_eq!((junior.tests_30d, junior.recalled_30d), (2, 1));
        assert_eq!(junior.retention(), Some(0.5));
        let senior = stats.rows[&("php".to_string(), "senior".to_string())];
        assert_eq!((senior.due_today, senior.due_week), (1, 1));
        let sql = stats.rows[&("sql".to_string(), "-".to_string())];
        assert_eq!((sql.skipped, sql.due_today, sql.retention()), (1, 0, None));
        assert_eq!(stats.topics["php"].questions, 3);
        assert_eq!(stats.total.seen, 4);
    }

    #[test]
    fn a_streak_counts_consecutive_days_and_survives_until_tonight() {
        let at = |days_ago| review("a", days_ago, Grade::Good, None);
        assert_eq!(streak(&[at(0), at(1), at(2), at(4)], now()), 3);
        assert_eq!(streak(&[at(1), at(2)], now()), 2);
        assert_eq!(streak(&[at(2)], now()), 0);
        assert_eq!(streak(&[], now()), 0);
    }

    #[test]
    fn today_counts_new_questions_once_and_reviews_apart() {
        let q = question(1, "php", None);
        let learned = card(&q, Phase::Review, 0);
        let learning = card(&q, Phase::Learning, 0);
        let reviews = [
            review("new", 0, Grade::Again, None),
            review("new", 0, Grade::Good, Some(&learning)),
            review("old", 0, Grade::Good, Some(&learned)),
            review("yesterday", 1, Grade::Good, None),
        ];
        assert_eq!(
            today(&reviews, now()),
            Today {
                introduced: 1,
                reviewed: 1
            }
        );
    }

    #[test]
    fn days_end_at_local_midnight() {
        // 09:00 at UTC+1 on the 10th: today ends at 22:59:59.999 UTC.
        let end = day_end(now(), 0);
        assert_eq!(
            end,
            Utc.with_ymd_and_hms(2026, 11, 10, 22, 59, 59).unwrap() + TimeDelta::milliseconds(999)
        );
    }

    #[test]
    fn orphans_are_cards_without_a_question() {
        let qs = vec![question(1, "php", None)];
        let gone = question(2, "php", None);
        let cards: HashMap<_, _> = [
            card(&qs[0], Phase::Review, 1),
            card(&gone, Phase::Review, 1),
        ]
        .into_iter()
        .map(|c| (c.id.clone(), c))
        .collect();
        let orphans = orphans(&qs, &cards);
        assert_eq!(orphans.len(), 1);
        assert_eq!(orphans[0].id, gone.id);
    }
}
