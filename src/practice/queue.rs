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
mod tests;
