//! The domain type: one question and its answer, as found in the bank.

use serde::Serialize;

/// How hard an interviewer would consider a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Junior,
    Mid,
    Senior,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Junior => "junior",
            Level::Mid => "mid",
            Level::Senior => "senior",
        }
    }

    /// Accepts our own names and the synonyms public repositories use.
    pub fn parse(text: &str) -> Option<Level> {
        match text.trim().to_lowercase().as_str() {
            "junior" | "beginner" | "easy" | "basic" => Some(Level::Junior),
            "mid" | "middle" | "intermediate" | "medium" => Some(Level::Mid),
            "senior" | "advanced" | "hard" | "expert" => Some(Level::Senior),
            _ => None,
        }
    }
}

/// One question of the bank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// `<path without extension>#<slug>`: stable while the question's wording and file stay put.
    pub id: String,
    pub question: String,
    /// Other phrasings of the question (`**Also asked as:**`), searched with the question's weight.
    pub also: Vec<String>,
    /// What a good answer must say (`**Key points:**`), when the entry lists it; `qa quiz --type`
    /// derives points from the answer otherwise (`practice::keypoints`).
    pub key_points: Vec<String>,
    /// The answer as Markdown, with labels (`**Answer:**`) and the level/tags line removed; empty for a
    /// question-only bank (a prompt with no answer).
    pub answer: String,
    /// Where `answer` starts in its file's text as `parse::normalized` gives it (byte offset): the index
    /// stores this instead of the answer, and reads the answer back from there.
    pub answer_at: usize,
    pub topic: String,
    pub framework: Option<String>,
    pub tags: Vec<String>,
    pub level: Option<Level>,
    /// Path relative to the corpus root, `/`-separated.
    pub path: String,
    /// 1-based line of the question in its file.
    pub line: usize,
    /// The question an interviewer asks next (`**Follow-up:**`, the answer's last paragraph).
    pub follow_up: Option<FollowUp>,
}

/// An entry's follow-up question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    pub question: String,
    /// Its short answer as written (for a link, the `See [...](...)` text).
    pub answer: String,
    /// The id of the entry that answers it, when it links one instead of answering.
    pub link: Option<String>,
    /// Where its paragraph starts in the entry's answer.
    pub at: usize,
}

impl Entry {
    /// The answer without its follow-up paragraph: what the entry itself says.
    pub fn own_answer(&self) -> &str {
        let end = self.follow_up.as_ref().map_or(self.answer.len(), |f| f.at);
        self.answer[..end].trim_end()
    }
}
