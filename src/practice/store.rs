//! The review state on disk: one SQLite database (rusqlite with its bundled SQLite) holding the cards and
//! the review log, and the only code in `qa` that knows SQL. WAL mode and one transaction per grade, so
//! killing `qa` or closing the terminal loses at most the card on screen; `synchronous = FULL`, so a
//! committed grade also survives a power cut. The schema is versioned (`PRAGMA user_version`) and
//! migrated forward from the first release on; a database from a newer `qa` is refused, not guessed at.

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, Transaction, params};

use super::{Card, Grade, Memory, Phase, Review};

mod plan;

/// Migrations, in order: migration `i` brings the schema from version `i` to `i + 1`. Never edit one
/// that has been released; add the next.
const MIGRATIONS: &[&str] = &[
    "
    CREATE TABLE cards (
        source TEXT NOT NULL,
        id TEXT NOT NULL,
        answer_hash TEXT NOT NULL,
        question TEXT NOT NULL,
        phase INTEGER NOT NULL,
        due INTEGER NOT NULL,
        stability REAL NOT NULL,
        difficulty REAL NOT NULL,
        elapsed_days INTEGER NOT NULL,
        scheduled_days INTEGER NOT NULL,
        reps INTEGER NOT NULL,
        lapses INTEGER NOT NULL,
        last_review INTEGER,
        skipped INTEGER NOT NULL DEFAULT 0,
        starred INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (source, id)
    ) WITHOUT ROWID;
    CREATE TABLE reviews (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        source TEXT NOT NULL,
        id TEXT NOT NULL,
        at INTEGER NOT NULL,
        grade INTEGER,
        elapsed_days INTEGER NOT NULL,
        duration_ms INTEGER NOT NULL,
        had_card INTEGER NOT NULL,
        answer_hash TEXT,
        question TEXT,
        phase INTEGER,
        due INTEGER,
        stability REAL,
        difficulty REAL,
        card_elapsed_days INTEGER,
        scheduled_days INTEGER,
        reps INTEGER,
        lapses INTEGER,
        last_review INTEGER,
        skipped INTEGER,
        starred INTEGER
    );
    CREATE INDEX reviews_by_time ON reviews (source, at);
",
    "
    CREATE TABLE plans (
        source TEXT PRIMARY KEY NOT NULL,
        by_date TEXT NOT NULL,
        per_day INTEGER NOT NULL,
        start_date TEXT NOT NULL,
        seen_at_start INTEGER NOT NULL,
        topics TEXT NOT NULL
    ) WITHOUT ROWID;
",
];

/// Columns of a card, in the order `card_from` reads them; the review log keeps the same ones (with
/// `card_elapsed_days` for `elapsed_days`) as the card's state before the review.
const CARD_COLUMNS: &str = "id, answer_hash, question, phase, due, stability, difficulty, elapsed_days, \
                            scheduled_days, reps, lapses, last_review, skipped, starred";

/// How long a write waits for another process's transaction (a `qa mark` during a session).
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// An open state file, for one source (bank).
pub struct Store {
    conn: Connection,
    source: String,
}

impl Store {
    /// Opens the state file, creating it (and its folder) on first use, and migrates it.
    pub fn open(path: &Path, source: &str) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir)
                .with_context(|| format!("creating the folder of {}", path.display()))?;
        }
        let conn = Connection::open(path)
            .with_context(|| format!("opening the review state {}", path.display()))?;
        Store::setup(conn, path, source)
    }

    /// Opens the state file if it exists: `qa search` shows review state only to those who quizzed.
    pub fn open_existing(path: &Path, source: &str) -> Result<Option<Store>> {
        if !path.exists() {
            return Ok(None);
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .with_context(|| format!("opening the review state {}", path.display()))?;
        Store::setup(conn, path, source).map(Some)
    }

    fn setup(mut conn: Connection, path: &Path, source: &str) -> Result<Store> {
        let context = || format!("setting up the review state {}", path.display());
        conn.busy_timeout(BUSY_TIMEOUT).with_context(context)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .with_context(context)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .with_context(context)?;
        migrate(&mut conn).with_context(context)?;
        Ok(Store {
            conn,
            source: source.to_string(),
        })
    }

    /// Every card of this source, by id.
    pub fn cards(&self) -> Result<HashMap<String, Card>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {CARD_COLUMNS} FROM cards WHERE source = ?1"
        ))?;
        let rows = statement.query_map([&self.source], |row| card_from(row, 0))?;
        let mut cards = HashMap::new();
        for card in rows {
            let card = card?;
            cards.insert(card.id.clone(), card);
        }
        Ok(cards)
    }

    /// The cards of these ids that exist (for a page of search hits).
    pub fn cards_of(&self, ids: &[&str]) -> Result<HashMap<String, Card>> {
        let mut cards = HashMap::new();
        for id in ids {
            if let Some(card) = read_card(&self.conn, &self.source, id)? {
                cards.insert(card.id.clone(), card);
            }
        }
        Ok(cards)
    }

    pub fn card(&self, id: &str) -> Result<Option<Card>> {
        read_card(&self.conn, &self.source, id)
    }

    /// Records a review in one transaction: `change` gets the card as stored (`None` if it never was)
    /// and returns it after the review; the log keeps the state before, so `undo` can restore it
    /// exactly. Returns the log's sequence number (what `undo` takes) and the new card.
    pub fn review(
        &mut self,
        id: &str,
        at: DateTime<Utc>,
        grade: Option<Grade>,
        duration_ms: i64,
        change: impl FnOnce(Option<&Card>) -> Card,
    ) -> Result<(i64, Card)> {
        let source = self.source.as_str();
        let tx = immediate(&mut self.conn)?;
        let before = read_card(&tx, source, id)?;
        let after = change(before.as_ref());
        let b = before.as_ref();
        tx.execute(
            "INSERT INTO reviews (source, id, at, grade, elapsed_days, duration_ms, had_card, answer_hash,
                 question, phase, due, stability, difficulty, card_elapsed_days, scheduled_days, reps,
                 lapses, last_review, skipped, starred)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                 ?19, ?20)",
            params![
                source,
                id,
                at.timestamp_millis(),
                grade.map(Grade::number),
                after.memory.elapsed_days,
                duration_ms,
                before.is_some(),
                b.map(|c| &c.answer_hash),
                b.map(|c| &c.question),
                b.map(|c| c.memory.phase.number()),
                b.map(|c| c.memory.due.timestamp_millis()),
                b.map(|c| c.memory.stability),
                b.map(|c| c.memory.difficulty),
                b.map(|c| c.memory.elapsed_days),
                b.map(|c| c.memory.scheduled_days),
                b.map(|c| c.memory.reps),
                b.map(|c| c.memory.lapses),
                b.and_then(|c| c.memory.last_review.map(|t| t.timestamp_millis())),
                b.map(|c| c.skipped),
                b.map(|c| c.starred),
            ],
        )?;
        let seq = tx.last_insert_rowid();
        write_card(&tx, source, &after)?;
        tx.commit().context("saving a review")?;
        Ok((seq, after))
    }

    /// Takes back review `seq`: the card returns to its state before it (or is removed, if it had
    /// none) and the log row goes, in one transaction.
    pub fn undo(&mut self, seq: i64) -> Result<()> {
        let source = self.source.as_str();
        let tx = immediate(&mut self.conn)?;
        let Some(review) = read_review(&tx, source, seq)? else {
            bail!("review {seq} is not in the log");
        };
        match &review.before {
            Some(card) => write_card(&tx, source, card)?,
            None => {
                tx.execute(
                    "DELETE FROM cards WHERE source = ?1 AND id = ?2",
                    params![source, review.id],
                )?;
            }
        }
        tx.execute("DELETE FROM reviews WHERE seq = ?1", [seq])?;
        tx.commit().context("undoing a review")?;
        Ok(())
    }

    /// Changes a card without logging a review (skip, star, clear): `change` gets the stored card, if
    /// any, and returns the new one.
    pub fn update(&mut self, id: &str, change: impl FnOnce(Option<Card>) -> Card) -> Result<Card> {
        let source = self.source.as_str();
        let tx = immediate(&mut self.conn)?;
        let card = change(read_card(&tx, source, id)?);
        write_card(&tx, source, &card)?;
        tx.commit().context("saving a card")?;
        Ok(card)
    }

    /// The review log of this source from `since` on (everything when `None`), oldest first.
    pub fn reviews(&self, since: Option<DateTime<Utc>>) -> Result<Vec<Review>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT seq, at, grade, elapsed_days, duration_ms, had_card, {} FROM reviews
             WHERE source = ?1 AND at >= ?2 ORDER BY seq",
            CARD_COLUMNS.replace("elapsed_days", "card_elapsed_days")
        ))?;
        let since = since.map_or(i64::MIN, |t| t.timestamp_millis());
        let rows = statement.query_map(params![self.source, since], review_from)?;
        rows.collect::<rusqlite::Result<_>>().map_err(Into::into)
    }
}

/// A write transaction that takes the write lock at once, so it never fails half-way on a busy
/// database.
fn immediate(conn: &mut Connection) -> Result<Transaction<'_>> {
    conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .context("waiting for the review state (another qa is writing it)")
}

fn migrate(conn: &mut Connection) -> Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if version > known {
        bail!("it was written by a newer qa (schema {version}; this qa knows up to {known})");
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process may have migrated while this one waited for the lock.
        let now: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
        if now > i as i64 {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

fn read_card(conn: &Connection, source: &str, id: &str) -> Result<Option<Card>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {CARD_COLUMNS} FROM cards WHERE source = ?1 AND id = ?2"
    ))?;
    Ok(statement
        .query_row(params![source, id], |row| card_from(row, 0))
        .optional()?)
}

fn write_card(conn: &Connection, source: &str, card: &Card) -> Result<()> {
    let m = &card.memory;
    conn.prepare_cached(&format!(
        "INSERT OR REPLACE INTO cards (source, {CARD_COLUMNS})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
    ))?
    .execute(params![
        source,
        card.id,
        card.answer_hash,
        card.question,
        m.phase.number(),
        m.due.timestamp_millis(),
        m.stability,
        m.difficulty,
        m.elapsed_days,
        m.scheduled_days,
        m.reps,
        m.lapses,
        m.last_review.map(|t| t.timestamp_millis()),
        card.skipped,
        card.starred,
    ])?;
    Ok(())
}

fn read_review(conn: &Connection, source: &str, seq: i64) -> Result<Option<Review>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT seq, at, grade, elapsed_days, duration_ms, had_card, {} FROM reviews
         WHERE source = ?1 AND seq = ?2",
        CARD_COLUMNS.replace("elapsed_days", "card_elapsed_days")
    ))?;
    Ok(statement
        .query_row(params![source, seq], review_from)
        .optional()?)
}

fn review_from(row: &Row) -> rusqlite::Result<Review> {
    let had_card: bool = row.get(5)?;
    Ok(Review {
        seq: row.get(0)?,
        at: time(row.get(1)?),
        grade: row.get::<_, Option<i64>>(2)?.and_then(Grade::from_number),
        elapsed_days: row.get(3)?,
        duration_ms: row.get(4)?,
        id: row.get(6)?,
        before: if had_card {
            Some(card_from(row, 6)?)
        } else {
            None
        },
    })
}

/// A card from `CARD_COLUMNS` starting at column `at`.
fn card_from(row: &Row, at: usize) -> rusqlite::Result<Card> {
    let phase: i64 = row.get(at + 3)?;
    Ok(Card {
        id: row.get(at)?,
        answer_hash: row.get(at + 1)?,
        question: row.get(at + 2)?,
        memory: Memory {
            phase: Phase::from_number(phase)
                .ok_or_else(|| rusqlite::Error::IntegralValueOutOfRange(at + 3, phase))?,
            due: time(row.get(at + 4)?),
            stability: row.get(at + 5)?,
            difficulty: row.get(at + 6)?,
            elapsed_days: row.get(at + 7)?,
            scheduled_days: row.get(at + 8)?,
            reps: row.get(at + 9)?,
            lapses: row.get(at + 10)?,
            last_review: row.get::<_, Option<i64>>(at + 11)?.map(time),
        },
        skipped: row.get(at + 12)?,
        starred: row.get(at + 13)?,
    })
}

/// Times are stored as milliseconds since the epoch.
fn time(millis: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(millis).unwrap_or_default()
}

#[cfg(test)]
mod tests;
