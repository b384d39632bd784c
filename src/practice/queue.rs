//! What a session shows and in which order: due reviews first, most overdue first (an edited answer
//! counts as due), then new questions, starred ones first, within the daily limits; and, during the
//! session, the queue itself: a card graded "again" comes back a few cards later, a skipped one does not,
//! and every grade can be undone. Pure: a function of (questions, cards, now, limits).

use std::collections::{HashMap, VecDeque};

use chrono::{DateTime, Utc};

use super::{Card, Grade, Question, Status, status};

/// A card graded "again" comes back after this many other cards (or at the end, if fewer are left).
pub const AGAIN_GAP: usize = 3;

/// The limits of one session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// At most this many cards (`-n`).
    pub cards: usize,
    /// New questions per day (`--new`).
    pub new_per_day: usize,
    /// Reviews per day (`--max`); `None` for no limit.
    pub reviews_per_day: Option<usize>,
}

/// What was already done today, from the review log.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Today {
    /// Questions graded for the first time today.
    pub introduced: usize,
    /// Reviews (not first sights) graded today.
    pub reviewed: usize,
}

/// Why a card is in the session.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// Reviewed before, due since then.
    Due {
        since: DateTime<Utc>,
    },
    /// Reviewed before, and its answer changed since.
    Changed,
    New {
        starred: bool,
    },
    /// Graded "again" earlier in this session.
    Again,
}

impl Reason {
    pub fn name(&self) -> &'static str {
        match self {
            Reason::Due { .. } => "due",
            Reason::Changed => "changed",
            Reason::New { .. } => "new",
            Reason::Again => "again",
        }
    }
}

/// One card of a session: `question` indexes the questions the plan was made from.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub question: usize,
    pub reason: Reason,
}

/// A session's cards, in order, and what was left out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    pub cards: Vec<Planned>,
    /// Reviews due now among the questions (in the plan or not).
    pub due: usize,
    /// New questions that could be shown (not skipped), in the plan or not.
    pub new: usize,
}

impl Plan {
    /// Due reviews the plan leaves for later (because of `--max` or `-n`).
    pub fn due_left(&self) -> usize {
        let planned = self
            .cards
            .iter()
            .filter(|p| !matches!(p.reason, Reason::New { .. }))
            .count();
        self.due - planned
    }
}

/// The session for `questions` (in the order new ones should come: bank order, or search rank).
pub fn plan(
    questions: &[Question],
    cards: &HashMap<String, Card>,
    now: DateTime<Utc>,
    limits: Limits,
    today: Today,
) -> Plan {
    let mut due = Vec::new();
    let mut new = Vec::new();
    for (i, question) in questions.iter().enumerate() {
        let card = cards.get(&question.id);
        match status(card, &question.answer_hash, now) {
            Status::Due { since } => due.push((since, i, Reason::Due { since })),
            // Due now; its old due date still says how overdue it was.
            Status::Changed => {
                let since = card.map_or(now, |c| c.memory.due.min(now));
                due.push((since, i, Reason::Changed));
            }
            Status::New => new.push((card.is_some_and(|c| c.starred), i)),
            Status::Learning { .. } | Status::Learned { .. } | Status::Skipped => {}
        }
    }
    // Most overdue first; ties in question order (sorts are stable).
    due.sort_by_key(|(since, _, _)| *since);
    // Starred first, otherwise in the questions' order.
    new.sort_by_key(|(starred, _)| !starred);
    let reviews_left = limits
        .reviews_per_day
        .map_or(usize::MAX, |max| max.saturating_sub(today.reviewed));
    let new_left = limits.new_per_day.saturating_sub(today.introduced);
    let mut cards_out: Vec<Planned> = due
        .iter()
        .take(reviews_left)
        .map(|(_, i, reason)| Planned {
            question: *i,
            reason: reason.clone(),
        })
        .collect();
    cards_out.extend(new.iter().take(new_left).map(|&(starred, i)| Planned {
        question: i,
        reason: Reason::New { starred },
    }));
    cards_out.truncate(limits.cards);
    Plan {
        cards: cards_out,
        due: due.len(),
        new: new.len(),
    }
}

/// Days a backlog of `due` reviews takes at `per_day` a day (`--max`).
pub fn backlog_days(due: usize, per_day: usize) -> usize {
    if per_day == 0 {
        return 0;
    }
    due.div_ceil(per_day)
}

/// A session in progress: the cards still to show, what was graded, and how to undo it.
#[derive(Debug, Clone)]
pub struct Session {
    queue: VecDeque<Planned>,
    /// Grades given, in order, with the token the store returned for each (to undo it).
    graded: Vec<Graded>,
    skipped: usize,
    /// The queue and skip count before each grade, for undo.
    history: Vec<(VecDeque<Planned>, usize)>,
}

/// One grade given during a session.
#[derive(Debug, Clone, PartialEq)]
pub struct Graded {
    pub question: usize,
    pub grade: Grade,
    /// What the store needs to undo it (`None` in a read-only session).
    pub token: Option<i64>,
}

impl Session {
    pub fn new(plan: &Plan) -> Session {
        Session {
            queue: plan.cards.iter().cloned().collect(),
            graded: Vec::new(),
            skipped: 0,
            history: Vec::new(),
        }
    }

    /// The card on screen, `None` when the session is over.
    pub fn current(&self) -> Option<&Planned> {
        self.queue.front()
    }

    /// The card on screen's number and the session's length so far (`3/20`).
    pub fn position(&self) -> (usize, usize) {
        let done = self.graded.len() + self.skipped;
        (done + 1, done + self.queue.len())
    }

    /// Grades the card on screen; "again" brings it back `AGAIN_GAP` cards later.
    pub fn grade(&mut self, grade: Grade, token: Option<i64>) {
        let Some(card) = self.queue.front().cloned() else {
            return;
        };
        self.history.push((self.queue.clone(), self.skipped));
        self.queue.pop_front();
        if grade == Grade::Again {
            let at = AGAIN_GAP.min(self.queue.len());
            self.queue.insert(
                at,
                Planned {
                    question: card.question,
                    reason: Reason::Again,
                },
            );
        }
        self.graded.push(Graded {
            question: card.question,
            grade,
            token,
        });
    }

    /// Leaves the card on screen out of this session.
    pub fn skip(&mut self) {
        if self.queue.pop_front().is_some() {
            self.skipped += 1;
        }
    }

    /// Takes back the last grade: its card is on screen again, the queue as it was then. Returns the
    /// grade taken back, `None` when nothing was graded.
    pub fn undo(&mut self) -> Option<Graded> {
        let graded = self.graded.pop()?;
        if let Some((queue, skipped)) = self.history.pop() {
            self.queue = queue;
            self.skipped = skipped;
        }
        Some(graded)
    }

    /// Cards skipped (and not brought back by an undo).
    pub fn skipped(&self) -> usize {
        self.skipped
    }

    /// Every grade given (and not undone), in order.
    pub fn graded(&self) -> &[Graded] {
        &self.graded
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::{Memory, Phase};
    use chrono::{TimeDelta, TimeZone};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()
    }

    fn questions(n: usize) -> Vec<Question> {
        (0..n)
            .map(|i| Question {
                source: String::new(),
                folder: std::path::PathBuf::new(),
                id: format!("t/f#q{i}"),
                question: format!("Q{i}?"),
                topic: "t".into(),
                framework: None,
                level: None,
                tags: Vec::new(),
                path: "t/f.md".into(),
                line: i + 1,
                answer_hash: "h".into(),
            })
            .collect()
    }

    /// A learned card due `days` from now (negative: overdue).
    fn learned(q: &Question, days: i64) -> Card {
        let mut card = Card::new(q, now());
        card.memory = Memory {
            phase: Phase::Review,
            due: now() + TimeDelta::days(days),
            stability: 5.0,
            difficulty: 5.0,
            elapsed_days: 0,
            scheduled_days: 5,
            reps: 2,
            lapses: 0,
            last_review: Some(now() - TimeDelta::days(5)),
        };
        card
    }

    fn limits(cards: usize, new: usize, max: Option<usize>) -> Limits {
        Limits {
            cards,
            new_per_day: new,
            reviews_per_day: max,
        }
    }

    fn order(plan: &Plan) -> Vec<usize> {
        plan.cards.iter().map(|p| p.question).collect()
    }

    #[test]
    fn due_reviews_come_first_most_overdue_first_then_new_in_order() {
        let qs = questions(6);
        let cards: HashMap<_, _> = [(1, -1), (3, -10), (4, 2), (5, -3)]
            .map(|(i, days)| (qs[i].id.clone(), learned(&qs[i], days)))
            .into();
        let plan = plan(&qs, &cards, now(), limits(20, 10, None), Today::default());
        assert_eq!(order(&plan), [3, 5, 1, 0, 2]);
        assert_eq!((plan.due, plan.new, plan.due_left()), (3, 2, 0));
        assert_eq!(
            plan.cards[0].reason,
            Reason::Due {
                since: now() - TimeDelta::days(10)
            }
        );
    }

    #[test]
    fn an_edited_answer_is_due_even_before_its_date() {
        let qs = questions(2);
        let mut edited = learned(&qs[1], 30);
        edited.answer_hash = "old".into();
        let cards: HashMap<_, _> = [(qs[1].id.clone(), edited)].into();
        let plan = plan(&qs, &cards, now(), limits(20, 10, None), Today::default());
        assert_eq!(order(&plan), [1, 0]);
        assert_eq!(plan.cards[0].reason, Reason::Changed);
    }

    #[test]
    fn the_daily_new_limit_counts_what_was_introduced_today() {
        let qs = questions(10);
        let none = HashMap::new();
        let fresh = plan(&qs, &none, now(), limits(20, 4, None), Today::default());
        assert_eq!(order(&fresh), [0, 1, 2, 3]);
        let later = Today {
            introduced: 3,
            reviewed: 0,
        };
        assert_eq!(
            order(&plan(&qs, &none, now(), limits(20, 4, None), later)),
            [0]
        );
        let over = Today {
            introduced: 7,
            reviewed: 0,
        };
        assert!(
            plan(&qs, &none, now(), limits(20, 4, None), over)
                .cards
                .is_empty()
        );
    }

    #[test]
    fn max_limits_reviews_per_day_and_leaves_a_backlog() {
        let qs = questions(10);
        let cards: HashMap<_, _> = (0..8)
            .map(|i| (qs[i].id.clone(), learned(&qs[i], -(i as i64) - 1)))
            .collect();
        let today = Today {
            introduced: 0,
            reviewed: 2,
        };
        let plan = plan(&qs, &cards, now(), limits(20, 1, Some(5)), today);
        assert_eq!(order(&plan), [7, 6, 5, 8]);
        assert_eq!(plan.due_left(), 5);
        assert_eq!(backlog_days(8, 5), 2);
        assert_eq!(backlog_days(0, 5), 0);
    }

    #[test]
    fn the_card_limit_cuts_new_cards_before_reviews() {
        let qs = questions(6);
        let cards: HashMap<_, _> = (0..3)
            .map(|i| (qs[i].id.clone(), learned(&qs[i], -1)))
            .collect();
        let plan = plan(&qs, &cards, now(), limits(4, 10, None), Today::default());
        assert_eq!(order(&plan), [0, 1, 2, 3]);
    }

    #[test]
    fn skipped_cards_stay_out_and_starred_ones_lead_the_new() {
        let qs = questions(5);
        let mut skipped = learned(&qs[0], -5);
        skipped.skipped = true;
        let mut skipped_new = Card::new(&qs[1], now());
        skipped_new.skipped = true;
        let mut starred = Card::new(&qs[4], now());
        starred.starred = true;
        let cards: HashMap<_, _> = [skipped, skipped_new, starred]
            .into_iter()
            .map(|c| (c.id.clone(), c))
            .collect();
        let plan = plan(&qs, &cards, now(), limits(20, 10, None), Today::default());
        assert_eq!(order(&plan), [4, 2, 3]);
        assert_eq!(plan.cards[0].reason, Reason::New { starred: true });
    }

    #[test]
    fn again_comes_back_a_few_cards_later_and_undo_restores_the_queue() {
        let qs = questions(6);
        let plan = plan(
            &qs,
            &HashMap::new(),
            now(),
            limits(6, 6, None),
            Today::default(),
        );
        let mut session = Session::new(&plan);
        assert_eq!(session.position(), (1, 6));
        session.grade(Grade::Again, Some(1));
        let queue: Vec<_> = session.queue.iter().map(|p| p.question).collect();
        assert_eq!(queue, [1, 2, 3, 0, 4, 5]);
        assert_eq!(session.queue[3].reason, Reason::Again);
        assert_eq!(session.position(), (2, 7));
        let before = session.queue.clone();
        session.grade(Grade::Good, Some(2));
        session.skip();
        assert_eq!(session.position(), (4, 7));
        let undone = session.undo().unwrap();
        assert_eq!(
            (undone.question, undone.grade, undone.token),
            (1, Grade::Good, Some(2))
        );
        assert_eq!(session.queue, before);
        assert_eq!(session.position(), (2, 7));
        session.undo();
        assert_eq!(session.current().unwrap().question, 0);
        assert_eq!(session.position(), (1, 6));
        assert!(session.undo().is_none());
    }

    #[test]
    fn again_on_the_last_card_shows_it_again_until_it_passes() {
        let qs = questions(1);
        let plan = plan(
            &qs,
            &HashMap::new(),
            now(),
            limits(5, 5, None),
            Today::default(),
        );
        let mut session = Session::new(&plan);
        session.grade(Grade::Again, None);
        session.grade(Grade::Again, None);
        assert_eq!(session.current().unwrap().reason, Reason::Again);
        session.grade(Grade::Good, None);
        assert!(session.current().is_none());
        assert_eq!(session.graded().len(), 3);
    }
}
