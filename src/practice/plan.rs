//! `qa plan`'s arithmetic: how many new questions a day it takes to see every selected question once and
//! review it twice before an interview date, and how far a saved plan is from that pace today. Pure:
//! dates and counts in, numbers out; `cmd::plan` reads the bank and the store, `store` keeps the result.
//!
//! A question first seen on day `d` is reviewed about a day later and again about three days after that
//! (FSRS's first intervals at "good" with the default weights), so the last new question has to come
//! `REVIEW_DAYS` days before the interview for both reviews to fit before it. The quiz's scheduler
//! decides the real intervals; this is the estimate a pace needs.

use chrono::NaiveDate;

/// Days from a first sight to the second review: a day, then about three.
pub const REVIEW_DAYS: i64 = 4;

/// What a plan is computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Goal {
    /// The interview day: reviews have to be done the day before.
    pub by: NaiveDate,
    pub today: NaiveDate,
    /// Questions selected (by topic) and, of those, already seen (reviewed or marked known).
    pub questions: usize,
    pub seen: usize,
    /// `--per-day N`: never more new questions a day than this.
    pub cap: Option<usize>,
}

/// The pace a goal needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pace {
    /// New questions a day (today included), at most the cap.
    pub per_day: usize,
    /// What the goal needs without a cap.
    pub needed: usize,
    /// Questions still to see.
    pub unseen: usize,
    /// Days left before the interview, today included.
    pub days: i64,
    /// The last day a new question can come and still be reviewed twice in time.
    pub last_new_day: NaiveDate,
    /// Questions the cap leaves unseen by `last_new_day` (0 when the pace suffices).
    pub short: usize,
}

/// Why no pace fits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    /// The date is today or past.
    NotAhead { by: NaiveDate, today: NaiveDate },
    /// Too few days left to see a question and review it twice (the last day for a new one is past).
    TooClose {
        by: NaiveDate,
        last_new_day: NaiveDate,
        /// The first date that leaves a day for new questions.
        earliest: NaiveDate,
    },
    /// `--per-day 0`.
    ZeroCap,
}

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlanError::NotAhead { by, today } if by == today => {
                write!(f, "{by} is today: plan to a later date")
            }
            PlanError::NotAhead { by, .. } => {
                write!(f, "{by} is in the past: plan to a later date")
            }
            PlanError::TooClose {
                by,
                last_new_day,
                earliest,
            } => write!(
                f,
                "{by} is too close: a new question needs {REVIEW_DAYS} more days for two reviews, so the \
                 last day to start one was {last_new_day}; plan to {earliest} or later, or drill what you \
                 have seen with `qa quiz`"
            ),
            PlanError::ZeroCap => write!(f, "--per-day 0 sees nothing new: give 1 or more"),
        }
    }
}

impl std::error::Error for PlanError {}

/// The pace that sees every unseen question by `last_new_day`.
pub fn pace(goal: &Goal) -> Result<Pace, PlanError> {
    if goal.cap == Some(0) {
        return Err(PlanError::ZeroCap);
    }
    if goal.by <= goal.today {
        return Err(PlanError::NotAhead {
            by: goal.by,
            today: goal.today,
        });
    }
    let days = (goal.by - goal.today).num_days();
    let last_new_day = goal.by - chrono::TimeDelta::days(REVIEW_DAYS + 1);
    let unseen = goal.questions.saturating_sub(goal.seen);
    let new_days = days - REVIEW_DAYS;
    if new_days < 1 && unseen > 0 {
        return Err(PlanError::TooClose {
            by: goal.by,
            last_new_day,
            earliest: goal.today + chrono::TimeDelta::days(REVIEW_DAYS + 1),
        });
    }
    let new_days = usize::try_from(new_days.max(1)).unwrap_or(usize::MAX);
    let needed = unseen.div_ceil(new_days);
    let per_day = goal.cap.map_or(needed, |cap| needed.min(cap));
    Ok(Pace {
        per_day,
        needed,
        unseen,
        days,
        last_new_day,
        short: unseen.saturating_sub(per_day.saturating_mul(new_days)),
    })
}

/// A plan as saved: the quiz's daily new-card limit until `by`, and what stats measure it against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub by: NaiveDate,
    pub per_day: usize,
    /// The day it was made, and the selected questions seen then.
    pub start: NaiveDate,
    pub seen_at_start: usize,
    /// The topics it covers (empty: the whole bank).
    pub topics: Vec<String>,
}

impl Saved {
    /// True while the plan sets the pace: until the interview day.
    pub fn active(&self, today: NaiveDate) -> bool {
        today < self.by
    }
}

/// The questions a plan over `topics` (all when empty) counts, and how many of them are seen. Skipped
/// questions (`qa mark ID skip`) are left out: the quiz never shows them.
pub fn progress(
    questions: &[super::Question],
    cards: &std::collections::HashMap<String, super::Card>,
    topics: &[String],
) -> (usize, usize) {
    let mut counted = (0, 0);
    for q in questions {
        if !topics.is_empty() && !topics.contains(&q.topic) {
            continue;
        }
        let card = cards.get(&q.id);
        if card.is_some_and(|c| c.skipped) {
            continue;
        }
        counted.0 += 1;
        if card.is_some_and(super::Card::seen) {
            counted.1 += 1;
        }
    }
    counted
}

/// Where progress stands against a saved plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    OnTrack,
    /// Questions fewer seen than the pace would have seen by the end of yesterday.
    Behind(usize),
}

/// Today's standing: the pace counts whole days since the plan was made (today's new questions are
/// still to do, so nobody is behind in the morning), never beyond the questions there are.
pub fn standing(plan: &Saved, today: NaiveDate, questions: usize, seen: usize) -> Standing {
    let days = usize::try_from((today.min(plan.by) - plan.start).num_days()).unwrap_or(0);
    let expected = plan
        .seen_at_start
        .saturating_add(plan.per_day.saturating_mul(days))
        .min(questions);
    match expected.saturating_sub(seen) {
        0 => Standing::OnTrack,
        n => Standing::Behind(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn goal(today: &str, by: &str, questions: usize, seen: usize, cap: Option<usize>) -> Goal {
        Goal {
            by: date(by),
            today: date(today),
            questions,
            seen,
            cap,
        }
    }

    #[test]
    fn the_pace_spreads_unseen_questions_over_the_days_that_leave_room_for_two_reviews() {
        // 16 days to 12-15, the last 4 for reviews: 12 days of new questions.
        let pace = pace(&goal("2026-11-29", "2026-12-15", 120, 0, None)).unwrap();
        assert_eq!(pace.days, 16);
        assert_eq!(pace.per_day, 10);
        assert_eq!(pace.last_new_day, date("2026-12-10"));
        assert_eq!(pace.short, 0);
        // Rounded up: 121 questions need 11 a day.
        assert_eq!(
            super::pace(&goal("2026-11-29", "2026-12-15", 121, 0, None))
                .unwrap()
                .per_day,
            11
        );
    }

    #[test]
    fn questions_already_seen_need_no_new_day() {
        let pace = pace(&goal("2026-11-29", "2026-12-15", 120, 84, None)).unwrap();
        assert_eq!((pace.unseen, pace.per_day), (36, 3));
        let done = super::pace(&goal("2026-11-29", "2026-12-15", 120, 120, None)).unwrap();
        assert_eq!((done.unseen, done.per_day), (0, 0));
    }

    #[test]
    fn a_cap_limits_the_pace_and_says_what_it_leaves_unseen() {
        let pace = pace(&goal("2026-11-29", "2026-12-15", 120, 0, Some(8))).unwrap();
        assert_eq!((pace.per_day, pace.needed, pace.short), (8, 10, 24));
        let roomy = super::pace(&goal("2026-11-29", "2026-12-15", 120, 0, Some(15))).unwrap();
        assert_eq!((roomy.per_day, roomy.short), (10, 0));
        assert_eq!(
            super::pace(&goal("2026-11-29", "2026-12-15", 1, 0, Some(0))),
            Err(PlanError::ZeroCap)
        );
    }

    #[test]
    fn past_today_and_too_close_dates_are_errors() {
        let today = pace(&goal("2026-11-29", "2026-11-29", 10, 0, None)).unwrap_err();
        assert_eq!(
            today.to_string(),
            "2026-11-29 is today: plan to a later date"
        );
        let past = pace(&goal("2026-11-29", "2026-11-01", 10, 0, None)).unwrap_err();
        assert!(past.to_string().contains("in the past"), "{past}");
        // Four days: no day is left for a first sight before the two reviews.
        let close = pace(&goal("2026-11-29", "2026-12-03", 10, 0, None)).unwrap_err();
        assert_eq!(
            close,
            PlanError::TooClose {
                by: date("2026-12-03"),
                last_new_day: date("2026-11-28"),
                earliest: date("2026-12-04"),
            }
        );
        assert!(
            close.to_string().contains("plan to 2026-12-04 or later"),
            "{close}"
        );
        // Five days: one day of new questions, all of them today.
        let pace = pace(&goal("2026-11-29", "2026-12-04", 10, 0, None)).unwrap();
        assert_eq!((pace.per_day, pace.last_new_day), (10, date("2026-11-29")));
        // Nothing left to see: a close date is fine.
        assert!(super::pace(&goal("2026-11-29", "2026-11-30", 10, 10, None)).is_ok());
    }

    #[test]
    fn the_standing_counts_whole_days_since_the_plan() {
        let plan = Saved {
            by: date("2026-12-15"),
            per_day: 10,
            start: date("2026-11-29"),
            seen_at_start: 5,
            topics: Vec::new(),
        };
        // The day it is made: nothing expected yet.
        assert_eq!(
            standing(&plan, date("2026-11-29"), 125, 5),
            Standing::OnTrack
        );
        // Two days later 25 should be seen.
        assert_eq!(
            standing(&plan, date("2026-12-01"), 125, 12),
            Standing::Behind(13)
        );
        assert_eq!(
            standing(&plan, date("2026-12-01"), 125, 30),
            Standing::OnTrack
        );
        // Never more than the questions there are, and the count stops at the date.
        assert_eq!(
            standing(&plan, date("2027-01-30"), 125, 120),
            Standing::Behind(5)
        );
        assert!(plan.active(date("2026-12-14")) && !plan.active(date("2026-12-15")));
    }
}
