//! Unit tests of `queue`.

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
