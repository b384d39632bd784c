//! Practice: spaced-repetition review of the bank's questions (`qa quiz`, `qa stats`, `qa mark`, and the
//! review state shown by `qa search`). The parts are split the way hashcards splits them: `schedule` is
//! FSRS (through rs-fsrs) and pure; `queue` decides what a session shows and in which order, and keeps
//! its undo history; `stats` counts progress; `mock` picks and scores a timed interview; `plan` is the
//! pace to an interview date; `store` is the SQLite file and the only code that knows SQL.
//! Nothing here reads the clock, the environment or the terminal: `now` and the state file's path are
//! parameters, so every rule is tested with a fixed clock.
//!
//! Progress is keyed by the entry's stable id, not by its text: an edited answer keeps its history (its
//! hash differs, so it is shown as changed and due), and an entry that disappeared leaves an orphan card.

pub mod keypoints;
pub mod lock;
pub mod mock;
pub mod plan;
pub mod queue;
pub mod schedule;
pub mod stats;
pub mod store;

use chrono::{DateTime, Utc};

/// The source name of the configured bank. Cards are stored per source so that several banks can share
/// one state file once sources exist.
pub const DEFAULT_SOURCE: &str = "default";

/// A question of the bank as practice sees it: enough to show a card header and to notice an edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub id: String,
    /// The source (bank) it belongs to and that source's folder, which `path` is relative to.
    pub source: String,
    pub folder: std::path::PathBuf,
    pub question: String,
    pub topic: String,
    pub framework: Option<String>,
    pub level: Option<String>,
    pub tags: Vec<String>,
    pub path: String,
    pub line: usize,
    /// A hash of the answer text: when it differs from the card's, the answer was edited.
    pub answer_hash: String,
}

/// How well an answer was recalled, as FSRS grades it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Grade {
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

impl Grade {
    pub fn from_number(n: i64) -> Option<Grade> {
        match n {
            1 => Some(Grade::Again),
            2 => Some(Grade::Hard),
            3 => Some(Grade::Good),
            4 => Some(Grade::Easy),
            _ => None,
        }
    }

    pub fn number(self) -> i64 {
        self as i64
    }

    pub fn name(self) -> &'static str {
        match self {
            Grade::Again => "again",
            Grade::Hard => "hard",
            Grade::Good => "good",
            Grade::Easy => "easy",
        }
    }
}

/// Where a card is in FSRS's life cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    New = 0,
    Learning = 1,
    Review = 2,
    Relearning = 3,
}

impl Phase {
    pub fn from_number(n: i64) -> Option<Phase> {
        match n {
            0 => Some(Phase::New),
            1 => Some(Phase::Learning),
            2 => Some(Phase::Review),
            3 => Some(Phase::Relearning),
            _ => None,
        }
    }

    pub fn number(self) -> i64 {
        self as i64
    }
}

/// What FSRS remembers of one card.
#[derive(Debug, Clone, PartialEq)]
pub struct Memory {
    pub phase: Phase,
    pub due: DateTime<Utc>,
    pub stability: f64,
    pub difficulty: f64,
    pub elapsed_days: i64,
    pub scheduled_days: i64,
    pub reps: i64,
    pub lapses: i64,
    pub last_review: Option<DateTime<Utc>>,
}

impl Memory {
    /// A card never reviewed, due at `now`.
    pub fn new(now: DateTime<Utc>) -> Memory {
        Memory {
            phase: Phase::New,
            due: now,
            stability: 0.0,
            difficulty: 0.0,
            elapsed_days: 0,
            scheduled_days: 0,
            reps: 0,
            lapses: 0,
            last_review: None,
        }
    }
}

/// The review state of one question, kept by its id.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub id: String,
    /// The answer's hash when the card was last reviewed (or marked).
    pub answer_hash: String,
    /// The question as last seen, so an orphan can still be named.
    pub question: String,
    pub memory: Memory,
    /// Left out of quizzes (`qa mark ID skip`).
    pub skipped: bool,
    /// First among new cards (`qa mark ID star`).
    pub starred: bool,
}

impl Card {
    /// A card for a question never reviewed.
    pub fn new(question: &Question, now: DateTime<Utc>) -> Card {
        Card {
            id: question.id.clone(),
            answer_hash: question.answer_hash.clone(),
            question: question.question.clone(),
            memory: Memory::new(now),
            skipped: false,
            starred: false,
        }
    }

    /// True once the card has been reviewed or marked known.
    pub fn seen(&self) -> bool {
        self.memory.phase != Phase::New
    }
}

/// What `qa mark` does to a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Scheduled far out, as if answered easily many times.
    Known,
    /// Left out of quizzes.
    Skip,
    /// First among new cards.
    Star,
    /// Skip and star removed (the schedule is kept).
    Clear,
}

impl Mark {
    /// The card of `question` after a skip, star or clear mark (`known` goes through the scheduler).
    pub fn apply(self, before: Option<Card>, question: &Question, now: DateTime<Utc>) -> Card {
        let mut card = before.unwrap_or_else(|| Card::new(question, now));
        match self {
            Mark::Skip => card.skipped = true,
            Mark::Star => card.starred = true,
            Mark::Clear => (card.skipped, card.starred) = (false, false),
            Mark::Known => {}
        }
        card
    }
}

/// One row of the review log.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    pub seq: i64,
    pub id: String,
    pub at: DateTime<Utc>,
    /// `None` for `qa mark ID known`.
    pub grade: Option<Grade>,
    /// Days since the previous review, as FSRS counted them.
    pub elapsed_days: i64,
    /// How long the answer was on screen before the grade.
    pub duration_ms: i64,
    /// The card before this review; `None` when it had never been stored.
    pub before: Option<Card>,
}

impl Review {
    /// A recall test of a learned card (not a first sight, not a learning step): what retention counts.
    pub fn tested_recall(&self) -> bool {
        self.grade.is_some()
            && self
                .before
                .as_ref()
                .is_some_and(|card| card.memory.phase == Phase::Review)
    }

    /// The first grade a card ever received: what the daily limit of new cards counts.
    pub fn introduced(&self) -> bool {
        self.grade.is_some() && self.before.as_ref().is_none_or(|card| !card.seen())
    }
}

/// Where a question stands for review, as search hits, card headers and stats show it.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    New,
    /// Reviewed before and due since then.
    Due {
        since: DateTime<Utc>,
    },
    /// Reviewed before, and its answer changed since: due now.
    Changed,
    /// In learning steps (minutes apart), next due then.
    Learning {
        next: DateTime<Utc>,
    },
    /// Learned, next due then.
    Learned {
        next: DateTime<Utc>,
    },
    Skipped,
}

/// The status of a question whose current answer hashes to `answer_hash`.
pub fn status(card: Option<&Card>, answer_hash: &str, now: DateTime<Utc>) -> Status {
    let Some(card) = card else {
        return Status::New;
    };
    let memory = &card.memory;
    if card.skipped {
        Status::Skipped
    } else if !card.seen() {
        Status::New
    } else if card.answer_hash != answer_hash {
        Status::Changed
    } else if memory.due <= now {
        Status::Due { since: memory.due }
    } else if memory.phase == Phase::Review {
        Status::Learned { next: memory.due }
    } else {
        Status::Learning { next: memory.due }
    }
}

impl Status {
    /// One word for JSON: new, due, changed, learning, learned, skipped.
    pub fn name(&self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Due { .. } => "due",
            Status::Changed => "changed",
            Status::Learning { .. } => "learning",
            Status::Learned { .. } => "learned",
            Status::Skipped => "skipped",
        }
    }

    /// True when a quiz would show it as a review now.
    pub fn is_due(&self) -> bool {
        matches!(self, Status::Due { .. } | Status::Changed)
    }

    /// `new`, `due`, `due (answer changed)`, `learned (next in 12 d)`, `learning (next in 8 min)`,
    /// `skipped`: the words a search hit's metadata line ends with.
    pub fn label(&self, now: DateTime<Utc>) -> String {
        match self {
            Status::Learning { next } | Status::Learned { next } => {
                format!("{} (next in {})", self.name(), span(*next - now))
            }
            Status::Changed => "due (answer changed)".to_string(),
            _ => self.name().to_string(),
        }
    }
}

/// The hash that tells an edited answer: xxh3 of its words, lowercased, so a change of wording is an
/// edit and a change of layout (wrapping, markup, blank lines) is not.
pub fn answer_hash(text: &str) -> String {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        hasher.update(word.to_lowercase().as_bytes());
        hasher.update(b" ");
    }
    format!("{:016x}", hasher.digest())
}

/// A duration as a person says it: `8 min`, `3 h`, `12 d`, `5 mo`.
pub fn span(duration: chrono::TimeDelta) -> String {
    let minutes = duration.num_minutes().max(0);
    let hours = (minutes + 30) / 60;
    let days = (minutes + 12 * 60) / (24 * 60);
    if minutes < 1 {
        "less than a minute".to_string()
    } else if minutes < 60 {
        format!("{minutes} min")
    } else if hours < 24 {
        format!("{hours} h")
    } else if days < 60 {
        format!("{days} d")
    } else if days < 730 {
        format!("{} mo", (days + 15) / 30)
    } else {
        format!("{} y", (days + 182) / 365)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, TimeZone};

    fn question(hash: &str) -> Question {
        Question {
            source: String::new(),
            folder: std::path::PathBuf::new(),
            id: "a/b#c".into(),
            question: "C?".into(),
            topic: "a".into(),
            framework: None,
            level: None,
            tags: Vec::new(),
            path: "a/b.md".into(),
            line: 1,
            answer_hash: hash.into(),
        }
    }

    #[test]
    fn status_follows_the_card() {
        let now = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
        let mut card = Card::new(&question("h1"), now);
        assert_eq!(status(None, "h1", now), Status::New);
        assert_eq!(status(Some(&card), "h1", now), Status::New);
        card.memory.phase = Phase::Review;
        card.memory.due = now + TimeDelta::days(12);
        assert_eq!(
            status(Some(&card), "h1", now).label(now),
            "learned (next in 12 d)"
        );
        assert_eq!(status(Some(&card), "h2", now), Status::Changed);
        card.memory.due = now - TimeDelta::days(3);
        assert!(status(Some(&card), "h1", now).is_due());
        card.memory.phase = Phase::Learning;
        card.memory.due = now + TimeDelta::minutes(8);
        assert_eq!(
            status(Some(&card), "h1", now).label(now),
            "learning (next in 8 min)"
        );
        card.skipped = true;
        assert_eq!(status(Some(&card), "h2", now), Status::Skipped);
    }

    #[test]
    fn the_answer_hash_sees_words_not_layout() {
        let hash = answer_hash("Use **bcrypt**, not\nMD5.");
        assert_eq!(hash, answer_hash("use bcrypt, not md5"));
        assert_ne!(hash, answer_hash("Use argon2, not MD5."));
        assert_eq!(hash.len(), 16);
    }

    #[test]
    fn spans_read_like_speech() {
        for (minutes, expected) in [
            (0, "less than a minute"),
            (8, "8 min"),
            (150, "3 h"),
            (24 * 60 - 1, "1 d"),
            (24 * 60 * 12, "12 d"),
            (24 * 60 * 150, "5 mo"),
            (24 * 60 * 800, "2 y"),
        ] {
            assert_eq!(span(TimeDelta::minutes(minutes)), expected);
        }
    }
}
