//! Unit tests of `store`.

use super::*;
use crate::practice::Question;
use crate::practice::schedule::{DEFAULT_RETENTION, Scheduler};
use chrono::{TimeDelta, TimeZone};
use tempfile::TempDir;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()
}

fn question(id: &str) -> Question {
    Question {
        source: String::new(),
        folder: std::path::PathBuf::new(),
        id: id.into(),
        question: format!("{id}?"),
        topic: "t".into(),
        framework: None,
        level: None,
        tags: Vec::new(),
        path: "t/f.md".into(),
        line: 1,
        answer_hash: "h".into(),
    }
}

fn graded(store: &mut Store, id: &str, grade: Grade, at: DateTime<Utc>) -> (i64, Card) {
    let s = Scheduler::new(DEFAULT_RETENTION);
    let q = question(id);
    store
        .review(id, at, Some(grade), 1200, |before| {
            let mut card = before.cloned().unwrap_or_else(|| Card::new(&q, at));
            card.memory = s.grade(&card.memory, grade, at);
            card
        })
        .unwrap()
}

#[test]
fn reviews_are_stored_logged_and_undone_exactly() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("sub/practice.sqlite3");
    let mut store = Store::open(&path, "default").unwrap();
    let (first, card) = graded(&mut store, "a", Grade::Good, now());
    assert_eq!(store.card("a").unwrap(), Some(card.clone()));
    let later = now() + TimeDelta::days(3);
    let (second, _) = graded(&mut store, "a", Grade::Again, later);
    let log = store.reviews(None).unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].before, None);
    assert_eq!(log[1].before.as_ref(), Some(&card));
    assert_eq!(log[1].grade, Some(Grade::Again));
    assert_eq!(log[1].duration_ms, 1200);
    store.undo(second).unwrap();
    assert_eq!(store.card("a").unwrap(), Some(card));
    store.undo(first).unwrap();
    assert_eq!(store.card("a").unwrap(), None);
    assert!(store.reviews(None).unwrap().is_empty());
    assert!(store.undo(first).is_err());
}

#[test]
fn sources_are_kept_apart_and_state_survives_reopening() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("practice.sqlite3");
    {
        let mut store = Store::open(&path, "default").unwrap();
        graded(&mut store, "a", Grade::Easy, now());
        store
            .update("b", |card| {
                let mut card = card.unwrap_or_else(|| Card::new(&question("b"), now()));
                card.starred = true;
                card
            })
            .unwrap();
    }
    let store = Store::open_existing(&path, "default").unwrap().unwrap();
    let cards = store.cards().unwrap();
    assert_eq!(cards.len(), 2);
    assert!(cards["b"].starred);
    assert_eq!(store.cards_of(&["a", "zz"]).unwrap().len(), 1);
    let other = Store::open(&path, "other").unwrap();
    assert!(other.cards().unwrap().is_empty());
    assert!(other.reviews(None).unwrap().is_empty());
    assert!(
        Store::open_existing(&dir.path().join("none"), "default")
            .unwrap()
            .is_none()
    );
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("practice.sqlite3");
    drop(Store::open(&path, "default").unwrap());
    let conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let err = Store::open(&path, "default").err().unwrap();
    assert!(format!("{err:#}").contains("newer qa"), "{err:#}");
}
