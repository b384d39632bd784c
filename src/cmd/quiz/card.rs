//! The words of a quiz session: a card's header, the prompts, what a grade did, and the summary. They are
//! built as strings, apart from writing, so they are tested without a terminal.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::practice::queue::Reason;
use crate::practice::stats::Upcoming;
use crate::practice::{Card, Grade, Question, span};
use crate::render::clean;

/// What the keys do before the answer is shown.
pub const QUESTION_KEYS: &str = "Space/Enter: answer · s: skip · u: undo · q: quit";

/// Tags shown in a card's header.
const TAGS: usize = 3;

/// What the keys do after the last card.
pub const END_KEYS: &str = "That was the last card. u: undo its grade · any other key: end";

/// `[3/20] security · mid · jwt, refresh token · due since 3 days`.
pub fn header(
    n: usize,
    total: usize,
    question: &Question,
    reason: &Reason,
    now: DateTime<Utc>,
) -> String {
    let mut parts = vec![question.topic.clone()];
    parts.extend(question.framework.clone().filter(|f| *f != question.topic));
    parts.extend(question.level.clone());
    // A few tags say what the question is about; a long list would wrap the header.
    match question.tags.len() {
        0 => {}
        1..=TAGS => parts.push(question.tags.join(", ")),
        _ => parts.push(format!("{}, …", question.tags[..TAGS].join(", "))),
    }
    parts.push(reason_text(reason, now));
    clean(&format!("[{n}/{total}] {}", parts.join(" · ")))
}

/// Why the card is shown: `new`, `due since 3 days`, `changed since your last review`, `again`.
pub fn reason_text(reason: &Reason, now: DateTime<Utc>) -> String {
    match reason {
        Reason::New { starred: false } => "new".to_string(),
        Reason::New { starred: true } => "new, starred".to_string(),
        Reason::Due { since } => match (now - *since).num_days() {
            0 => "due".to_string(),
            1 => "due since 1 day".to_string(),
            days => format!("due since {days} days"),
        },
        Reason::Changed => "changed since your last review".to_string(),
        Reason::Again => "graded again earlier in this session".to_string(),
    }
}

/// `1 again (1 min) · 2 hard (5 min) · 3 good (10 min) · 4 easy (15 d) · u: undo · s: skip · q: quit`.
pub fn grade_keys(preview: &[(Grade, DateTime<Utc>)], now: DateTime<Utc>) -> String {
    let grades: Vec<String> = preview
        .iter()
        .map(|(grade, due)| format!("{} {} ({})", grade.number(), grade.name(), span(*due - now)))
        .collect();
    format!("{} · u: undo · s: skip · q: quit", grades.join(" · "))
}

/// `good: next in 10 min`.
pub fn graded(grade: Grade, card: &Card, now: DateTime<Utc>) -> String {
    format!("{}: next in {}", grade.name(), span(card.memory.due - now))
}

/// What a session did, for its last lines.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Cards graded at least once.
    pub cards: usize,
    pub grades: usize,
    /// Grades other than "again".
    pub correct: usize,
    pub skipped: usize,
    pub elapsed: Duration,
    pub upcoming: Upcoming,
    /// Reviews still due after the session.
    pub due_left: usize,
    /// `--max`, if given.
    pub max: Option<usize>,
    pub read_only: bool,
}

/// The summary's lines.
pub fn summary(s: &Summary) -> Vec<String> {
    let mut lines = Vec::new();
    let mut done = format!(
        "Session over: {} {}, {} {}",
        s.cards,
        plural(s.cards, "card", "cards"),
        s.grades,
        plural(s.grades, "grade", "grades")
    );
    if let Some(share) = (s.correct * 100).checked_div(s.grades) {
        done.push_str(&format!(", {share}% correct"));
    }
    if s.skipped > 0 {
        done.push_str(&format!(", {} skipped", s.skipped));
    }
    done.push_str(&format!(", {}.", duration(s.elapsed)));
    lines.push(done);
    lines.push(format!(
        "Due tomorrow: {} · this week: {}.",
        s.upcoming.tomorrow, s.upcoming.week
    ));
    if s.due_left > 0 {
        let reviews = plural(s.due_left, "review is", "reviews are");
        lines.push(match s.max {
            Some(max) => {
                let days = crate::practice::queue::backlog_days(s.due_left, max);
                format!(
                    "Backlog: {} {reviews} still due; at --max {max} a day that takes {days} more {}.",
                    s.due_left,
                    plural(days, "day", "days")
                )
            }
            None => format!("{} more {reviews} due now (qa quiz again for them).", s.due_left),
        });
    }
    if s.read_only {
        lines.push(
            "Read-only session (another qa quiz was running): nothing was saved.".to_string(),
        );
    }
    lines
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// `4 min 12 s`, `12 s`.
fn duration(elapsed: Duration) -> String {
    let secs = elapsed.as_secs();
    match secs / 60 {
        0 => format!("{secs} s"),
        minutes => format!("{minutes} min {} s", secs % 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, TimeZone};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()
    }

    #[test]
    fn a_header_names_topic_level_tags_and_why() {
        let question = Question {
            source: String::new(),
            folder: std::path::PathBuf::new(),
            id: "security/jwt#q".into(),
            question: "Q?".into(),
            topic: "security".into(),
            framework: None,
            level: Some("mid".into()),
            tags: vec!["jwt".into(), "refresh token".into()],
            path: "security/jwt.md".into(),
            line: 3,
            answer_hash: "h".into(),
        };
        let since = now() - TimeDelta::days(3);
        assert_eq!(
            header(3, 20, &question, &Reason::Due { since }, now()),
            "[3/20] security · mid · jwt, refresh token · due since 3 days"
        );
        let many = Question {
            tags: ["a", "b", "c", "d"].map(String::from).to_vec(),
            ..question.clone()
        };
        assert_eq!(
            header(1, 2, &many, &Reason::New { starred: true }, now()),
            "[1/2] security · mid · a, b, c, … · new, starred"
        );
        assert_eq!(
            reason_text(&Reason::Changed, now()),
            "changed since your last review"
        );
        assert_eq!(reason_text(&Reason::New { starred: false }, now()), "new");
    }

    #[test]
    fn the_summary_says_what_was_done_and_what_is_coming() {
        let summary = summary(&Summary {
            cards: 3,
            grades: 4,
            correct: 3,
            skipped: 1,
            elapsed: Duration::from_secs(252),
            upcoming: Upcoming {
                tomorrow: 5,
                week: 23,
            },
            due_left: 140,
            max: Some(50),
            read_only: false,
        });
        assert_eq!(
            summary,
            [
                "Session over: 3 cards, 4 grades, 75% correct, 1 skipped, 4 min 12 s.",
                "Due tomorrow: 5 · this week: 23.",
                "Backlog: 140 reviews are still due; at --max 50 a day that takes 3 more days.",
            ]
        );
    }
}
