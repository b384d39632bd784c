//! Scheduling: FSRS through the `rs-fsrs` crate (the scheduler alone; the `fsrs` crate trains parameters
//! and brings an ML framework). This file only translates between our `Memory` and rs-fsrs's `Card`, so
//! the intervals are exactly FSRS's: default weights, short-term learning steps (again in 1 minute on a
//! new card), and interval fuzz seeded from the review itself, so the same review always gives the same
//! date.

use chrono::{DateTime, TimeDelta, Utc};
use rs_fsrs::{FSRS, Parameters, Rating, State};

use super::{Card, Grade, Memory, Phase, Question};

/// FSRS's recommended desired retention, and the default of `--retention`.
pub const DEFAULT_RETENTION: f64 = 0.9;

/// The retention range accepted: below it intervals grow absurdly long, above it reviews pile up.
pub const RETENTION_RANGE: std::ops::RangeInclusive<f64> = 0.7..=0.99;

/// The stability `qa mark ID known` gives a card: about a year before it is due again at 0.9 retention.
const KNOWN_STABILITY_DAYS: f64 = 365.0;

/// FSRS with a desired retention.
#[derive(Debug, Clone)]
pub struct Scheduler {
    parameters: Parameters,
}

impl Scheduler {
    pub fn new(retention: f64) -> Scheduler {
        Scheduler {
            parameters: Parameters {
                request_retention: retention,
                enable_fuzz: true,
                ..Parameters::default()
            },
        }
    }

    /// The card's memory after a review with this grade at `now`.
    pub fn grade(&self, memory: &Memory, grade: Grade, now: DateTime<Utc>) -> Memory {
        let fsrs = FSRS::new(self.parameters.clone());
        let next = fsrs.next(to_fsrs(memory, now), now, rating(grade)).card;
        from_fsrs(&next)
    }

    /// The card's memory after `qa mark ID known`: learned, with a stability of about a year, so it is
    /// due again in about a year (at the default retention) and grows from there like any learned card.
    pub fn known(&self, memory: &Memory, now: DateTime<Utc>) -> Memory {
        let days = self.parameters.next_interval(KNOWN_STABILITY_DAYS, 0) as i64;
        Memory {
            phase: Phase::Review,
            due: now + TimeDelta::days(days),
            stability: KNOWN_STABILITY_DAYS,
            difficulty: self.parameters.init_difficulty(Rating::Easy),
            elapsed_days: memory
                .last_review
                .map_or(0, |last| (now - last).num_days().max(0)),
            scheduled_days: days,
            reps: memory.reps + 1,
            lapses: memory.lapses,
            last_review: Some(now),
        }
    }

    /// The card of `question` after a review at `at`: `before` as stored (`None` if never), its memory
    /// moved on by FSRS, and its answer hash and question text brought up to date (an edited answer is
    /// no longer "changed" once reviewed).
    pub fn review(
        &self,
        before: Option<&Card>,
        question: &Question,
        grade: Grade,
        at: DateTime<Utc>,
    ) -> Card {
        let mut card = before.cloned().unwrap_or_else(|| Card::new(question, at));
        card.memory = self.grade(&card.memory, grade, at);
        card.answer_hash = question.answer_hash.clone();
        card.question = question.question.clone();
        card
    }

    /// The card of `question` after `qa mark ID known`.
    pub fn mark_known(
        &self,
        before: Option<&Card>,
        question: &Question,
        at: DateTime<Utc>,
    ) -> Card {
        let mut card = before.cloned().unwrap_or_else(|| Card::new(question, at));
        card.memory = self.known(&card.memory, at);
        card.answer_hash = question.answer_hash.clone();
        card.question = question.question.clone();
        card
    }

    /// When the card would be due after each grade, for the grade prompt (`3 good (10 min)`).
    pub fn preview(&self, memory: &Memory, at: DateTime<Utc>) -> [(Grade, DateTime<Utc>); 4] {
        [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy]
            .map(|grade| (grade, self.grade(memory, grade, at).due))
    }
}

fn rating(grade: Grade) -> Rating {
    match grade {
        Grade::Again => Rating::Again,
        Grade::Hard => Rating::Hard,
        Grade::Good => Rating::Good,
        Grade::Easy => Rating::Easy,
    }
}

fn to_fsrs(memory: &Memory, now: DateTime<Utc>) -> rs_fsrs::Card {
    rs_fsrs::Card {
        due: memory.due,
        stability: memory.stability,
        difficulty: memory.difficulty,
        elapsed_days: memory.elapsed_days,
        scheduled_days: memory.scheduled_days,
        reps: memory.reps as i32,
        lapses: memory.lapses as i32,
        state: match memory.phase {
            Phase::New => State::New,
            Phase::Learning => State::Learning,
            Phase::Review => State::Review,
            Phase::Relearning => State::Relearning,
        },
        // A new card has no last review; FSRS ignores the field for it.
        last_review: memory.last_review.unwrap_or(now),
    }
}

fn from_fsrs(card: &rs_fsrs::Card) -> Memory {
    Memory {
        phase: match card.state {
            State::New => Phase::New,
            State::Learning => Phase::Learning,
            State::Review => Phase::Review,
            State::Relearning => Phase::Relearning,
        },
        due: card.due,
        stability: card.stability,
        difficulty: card.difficulty,
        elapsed_days: card.elapsed_days,
        scheduled_days: card.scheduled_days,
        reps: i64::from(card.reps),
        lapses: i64::from(card.lapses),
        last_review: Some(card.last_review),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(n: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap() + TimeDelta::days(n)
    }

    fn interval(memory: &Memory, at: DateTime<Utc>) -> TimeDelta {
        memory.due - at
    }

    #[test]
    fn a_new_card_goes_through_learning_steps() {
        let s = Scheduler::new(DEFAULT_RETENTION);
        let new = Memory::new(day(0));
        let again = s.grade(&new, Grade::Again, day(0));
        let hard = s.grade(&new, Grade::Hard, day(0));
        let good = s.grade(&new, Grade::Good, day(0));
        let easy = s.grade(&new, Grade::Easy, day(0));
        assert_eq!(again.phase, Phase::Learning);
        assert_eq!(interval(&again, day(0)), TimeDelta::minutes(1));
        assert!(interval(&hard, day(0)) < interval(&good, day(0)));
        assert!(interval(&good, day(0)) < interval(&easy, day(0)));
        assert_eq!(easy.phase, Phase::Review);
        assert_eq!(good.reps, 1);
        assert_eq!(good.last_review, Some(day(0)));
    }

    #[test]
    fn a_learned_card_gets_longer_intervals_for_better_grades() {
        let s = Scheduler::new(DEFAULT_RETENTION);
        let learned = s.grade(&Memory::new(day(0)), Grade::Easy, day(0));
        let at = learned.due;
        let [again, hard, good, easy] =
            [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy].map(|g| s.grade(&learned, g, at));
        assert_eq!(again.phase, Phase::Relearning);
        assert_eq!(again.lapses, 1);
        assert!(interval(&again, at) < interval(&hard, at));
        assert!(interval(&hard, at) < interval(&good, at));
        assert!(interval(&good, at) < interval(&easy, at));
        assert!(good.stability > learned.stability);
    }

    #[test]
    fn the_same_review_always_gives_the_same_schedule() {
        let s = Scheduler::new(DEFAULT_RETENTION);
        let learned = s.grade(&Memory::new(day(0)), Grade::Easy, day(0));
        assert_eq!(
            s.grade(&learned, Grade::Good, day(20)),
            s.grade(&learned, Grade::Good, day(20))
        );
    }

    #[test]
    fn higher_retention_means_shorter_intervals() {
        let learned = Scheduler::new(0.9).grade(&Memory::new(day(0)), Grade::Easy, day(0));
        let strict = Scheduler::new(0.97).grade(&learned, Grade::Good, day(20));
        let relaxed = Scheduler::new(0.8).grade(&learned, Grade::Good, day(20));
        assert!(strict.due < relaxed.due);
    }

    #[test]
    fn known_is_far_out_and_keeps_counts() {
        let s = Scheduler::new(DEFAULT_RETENTION);
        let mut memory = s.grade(&Memory::new(day(0)), Grade::Again, day(0));
        memory.lapses = 2;
        let known = s.known(&memory, day(1));
        assert_eq!(known.phase, Phase::Review);
        assert!(interval(&known, day(1)) >= TimeDelta::days(300));
        assert_eq!((known.reps, known.lapses), (2, 2));
        assert_eq!(known.last_review, Some(day(1)));
    }
}
