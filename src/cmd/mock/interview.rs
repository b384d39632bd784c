//! The interview on screen: each question with the time left for it and for the interview, the
//! reference answer when asked for, the self-grade, then the entry's follow-up the same way. A graded
//! question is saved as a review at once, in one transaction, as `qa quiz` saves a grade; follow-ups are
//! graded for the scorecard only (a linked one is its own entry, reviewed when it comes up itself).
//!
//! On a terminal the countdown line under the question ticks every second while it waits for a key;
//! through a pipe the times are printed as text with each question and answer.

use std::io::Write;
use std::time::Duration;

use anyhow::{Context, Result};
use chrono::TimeDelta;
use crossterm::event::{self, Event, KeyEventKind};
use crossterm::style::Stylize;
use crossterm::{queue, terminal};

use super::{Clock, minutes};
use crate::cmd::quiz::keys::{self, Key, Keys};
use crate::cmd::quiz::typed;
use crate::cmd::show::entry_at;
use crate::entry::Entry;
use crate::practice::keypoints::Matcher;
use crate::practice::mock::{Asked, FollowUpAsked};
use crate::practice::schedule::{DEFAULT_RETENTION, Scheduler};
use crate::practice::store::Store;
use crate::practice::{Grade, Question};
use crate::render::{self, Mode, Tone, View};

const QUESTION_KEYS: &str =
    "answer aloud, then Space/Enter: the reference answer · s: skip · q: end";
const GRADE_KEYS: &str = "grade yourself: 1 again · 2 hard · 3 good · 4 easy · s: skip · q: end";

/// How the interview ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// Every picked question was asked.
    Done,
    /// The time box ran out.
    Time,
    /// `q`, Ctrl-C or the end of input.
    Quit,
}

impl Ended {
    pub fn name(self) -> &'static str {
        match self {
            Ended::Done => "done",
            Ended::Time => "time",
            Ended::Quit => "quit",
        }
    }
}

/// What the scorecard is made of.
pub struct Report {
    pub asked: Vec<Asked>,
    pub ended: Ended,
    pub elapsed: TimeDelta,
    /// Graded questions saved as reviews.
    pub saved: usize,
}

pub struct Interview<'a> {
    /// Every question, to find a follow-up's linked entry.
    pub all: &'a [Question],
    pub pool: &'a [Question],
    /// `None` when another session holds the state: grades are not saved.
    pub store: Option<&'a mut Store>,
    pub clock: Clock,
    pub total: TimeDelta,
    pub per_question: TimeDelta,
    pub mode: Mode,
    /// The interview is on a terminal: keys are single presses and the countdown ticks.
    pub live: bool,
    /// `--type`: each answer is typed, and a main question's is checked against its key points.
    pub typed: Option<Matcher>,
}

/// What a question came to.
enum Answer {
    Graded(Grade),
    Skipped,
    Quit,
}

impl Interview<'_> {
    pub fn run(&mut self, out: &mut impl Write, picked: &[usize]) -> Result<Report> {
        let mut keys = Keys::from_stdin();
        self.live &= keys.is_terminal();
        let mut asked = Vec::new();
        let mut saved = 0;
        let mut ended = Ended::Done;
        for (n, &index) in picked.iter().enumerate() {
            if self.left() <= TimeDelta::zero() {
                ended = Ended::Time;
                break;
            }
            let question = &self.pool[index];
            let entry = entry_at(
                &question.folder,
                &question.path,
                &question.source,
                &question.id,
            )?;
            let title = format!(
                "Question {} of {} · {}{}",
                n + 1,
                picked.len(),
                question.topic,
                question
                    .level
                    .as_deref()
                    .map(|l| format!(" · {l}"))
                    .unwrap_or_default()
            );
            let started = self.clock.elapsed();
            let answer = self.ask(
                out,
                &mut keys,
                &title,
                &question.question,
                started,
                entry.as_ref(),
                |me, out| me.reference(out, question, entry.as_ref()),
            )?;
            let seconds = (self.clock.elapsed() - started).num_seconds();
            let grade = match answer {
                Answer::Quit => {
                    ended = Ended::Quit;
                    break;
                }
                Answer::Skipped => None,
                Answer::Graded(grade) => {
                    if self.save(question, grade, seconds)? {
                        saved += 1;
                    }
                    Some(grade)
                }
            };
            let mut record = Asked {
                question: index,
                grade,
                seconds,
                follow_up: None,
            };
            let follow_up = entry.as_ref().and_then(|e| e.follow_up.clone());
            if let (Some(follow_up), Some(_)) = (follow_up, grade) {
                if self.left() <= TimeDelta::zero() {
                    asked.push(record);
                    ended = Ended::Time;
                    break;
                }
                // The follow-up shares its question's time: the countdown goes on.
                let asked_at = self.clock.elapsed();
                let title = format!("Follow-up to question {}", n + 1);
                let answer = self.ask(
                    out,
                    &mut keys,
                    &title,
                    &follow_up.question,
                    started,
                    None,
                    |me, out| me.follow_up_answer(out, question, &follow_up),
                )?;
                let grade = match answer {
                    Answer::Graded(grade) => Some(grade),
                    Answer::Skipped | Answer::Quit => None,
                };
                record.follow_up = Some(FollowUpAsked {
                    question: follow_up.question.clone(),
                    grade,
                    seconds: (self.clock.elapsed() - asked_at).num_seconds(),
                });
                if matches!(answer, Answer::Quit) {
                    asked.push(record);
                    ended = Ended::Quit;
                    break;
                }
            }
            asked.push(record);
        }
        let notice = match ended {
            Ended::Time => "time is up",
            Ended::Quit => "interview ended",
            Ended::Done => "that was the last question",
        };
        self.line(out, notice)?;
        writeln!(out)?;
        Ok(Report {
            asked,
            ended,
            elapsed: self.clock.elapsed(),
            saved,
        })
    }

    fn left(&self) -> TimeDelta {
        self.total - self.clock.elapsed()
    }

    /// One question: shown with its times; Space/Enter shows the answer (`reveal`), then a grade. With
    /// `--type` the typed answer replaces Space/Enter, and `entry`'s key points are checked first.
    #[allow(clippy::too_many_arguments)]
    fn ask(
        &mut self,
        out: &mut impl Write,
        keys: &mut Keys,
        title: &str,
        question: &str,
        started: TimeDelta,
        entry: Option<&Entry>,
        reveal: impl FnOnce(&mut Self, &mut dyn Write) -> Result<()>,
    ) -> Result<Answer> {
        writeln!(out)?;
        self.line(out, &format!("{title} · {}", self.times(started)))?;
        let spaced = matches!(self.mode, Mode::Terminal(_));
        if spaced {
            writeln!(out)?;
        }
        render::say(out, &self.mode, &render::clean(question), Tone::Bold)?;
        if spaced {
            writeln!(out)?;
        }
        if let Some(matcher) = &self.typed {
            let Some(answer) = typed::read_answer(keys, out, &self.mode)? else {
                return Ok(Answer::Quit);
            };
            if let Some(entry) = entry {
                writeln!(out)?;
                typed::write_coverage(out, &self.mode, &typed::check(entry, &answer, matcher))?;
            }
        } else {
            self.line(out, QUESTION_KEYS)?;
            match self.key(out, keys, started, false)? {
                Key::Reveal => {}
                Key::Skip => return Ok(Answer::Skipped),
                _ => return Ok(Answer::Quit),
            }
        }
        writeln!(out)?;
        reveal(self, out)?;
        writeln!(out)?;
        self.line(out, &format!("{} · {GRADE_KEYS}", self.times(started)))?;
        Ok(match self.key(out, keys, started, true)? {
            Key::Grade(grade) => Answer::Graded(grade),
            Key::Skip => Answer::Skipped,
            _ => Answer::Quit,
        })
    }

    /// `4:10 left for this question · 27:30 left in the interview`.
    fn times(&self, started: TimeDelta) -> String {
        let question = self.per_question - (self.clock.elapsed() - started);
        let left = self.left();
        let question = if question < TimeDelta::zero() {
            format!("{} over on this question", minutes(-question))
        } else {
            format!("{} left for this question", minutes(question))
        };
        let total = if left <= TimeDelta::zero() {
            "the interview's time is up".to_string()
        } else {
            format!("{} left in the interview", minutes(left))
        };
        format!("{question} · {total}")
    }

    /// The next key that means something here (Space/Enter before the answer, a grade after it; skip
    /// and quit at any time); the fake clock steps on every key read.
    fn key(
        &mut self,
        out: &mut impl Write,
        keys: &mut Keys,
        started: TimeDelta,
        answer_shown: bool,
    ) -> Result<Key> {
        loop {
            let key = if self.live && self.clock.is_real() {
                self.ticking(out, started)?
            } else {
                keys.next()?
            };
            self.clock.key_read();
            match key {
                Key::Reveal if !answer_shown => return Ok(key),
                Key::Grade(_) if answer_shown => return Ok(key),
                Key::Skip | Key::Quit => return Ok(key),
                _ => {}
            }
        }
    }

    /// A key press, with the countdown redrawn in place every half second until it comes.
    fn ticking(&mut self, out: &mut impl Write, started: TimeDelta) -> Result<Key> {
        terminal::enable_raw_mode().context("reading keys from the terminal")?;
        let key = loop {
            let line = format!("⏱  {}", self.times(started));
            let drawn = queue!(out, terminal::Clear(terminal::ClearType::CurrentLine))
                .and_then(|()| write!(out, "\r{}", line.dim()))
                .and_then(|()| out.flush());
            if let Err(err) = drawn {
                break Err(err);
            }
            match event::poll(Duration::from_millis(500)) {
                Ok(false) => continue,
                Ok(true) => match event::read() {
                    Ok(Event::Key(press)) if press.kind == KeyEventKind::Press => {
                        break Ok(keys::event_key(press));
                    }
                    Ok(_) => continue,
                    Err(err) => break Err(err),
                },
                Err(err) => break Err(err),
            }
        };
        terminal::disable_raw_mode().context("leaving raw mode")?;
        queue!(out, terminal::Clear(terminal::ClearType::CurrentLine))?;
        write!(out, "\r")?;
        key.context("reading keys from the terminal")
    }

    /// The entry's own answer (its follow-up comes next, as its own question).
    fn reference(
        &self,
        out: &mut dyn Write,
        question: &Question,
        entry: Option<&Entry>,
    ) -> Result<()> {
        let Some(entry) = entry else {
            writeln!(
                out,
                "(no longer in {}; s skips it)",
                render::clean(&question.path)
            )?;
            return Ok(());
        };
        self.entry(out, question, entry)
    }

    /// A follow-up's answer: its short text, or the linked entry's own answer.
    fn follow_up_answer(
        &self,
        out: &mut dyn Write,
        question: &Question,
        follow_up: &crate::entry::FollowUp,
    ) -> Result<()> {
        let linked = follow_up.link.as_deref().and_then(|link| {
            // A linked id is written as its own bank names it; after the first source, ids carry
            // the source as a prefix.
            let prefixed = format!("{}:{link}", question.source);
            self.all
                .iter()
                .find(|q| q.source == question.source && (q.id == link || q.id == prefixed))
        });
        if let Some(target) = linked
            && let Some(entry) = entry_at(&target.folder, &target.path, &target.source, &target.id)?
        {
            return self.entry(out, target, &entry);
        }
        let text = render::clean(follow_up.answer.trim());
        match &self.mode {
            Mode::Terminal(screen) => {
                for line in textwrap::wrap(&text, screen.width.max(20)) {
                    writeln!(out, "{line}")?;
                }
            }
            Mode::Plain => writeln!(out, "{text}")?,
        }
        Ok(())
    }

    /// An entry shown as `qa show` shows it, without its follow-up paragraph.
    fn entry(&self, mut out: &mut dyn Write, question: &Question, entry: &Entry) -> Result<()> {
        let mut own = entry.clone();
        own.answer = entry.own_answer().to_string();
        own.follow_up = None;
        let view = View {
            mode: self.mode.clone(),
            corpus: &question.folder,
        };
        render::entry(&mut out, &view, &own)?;
        Ok(())
    }

    /// Saves a grade as a review, in one transaction; false when another session holds the state.
    fn save(&mut self, question: &Question, grade: Grade, seconds: i64) -> Result<bool> {
        let Some(store) = self.store.as_deref_mut() else {
            return Ok(false);
        };
        let at = self.clock.now();
        let scheduler = Scheduler::new(DEFAULT_RETENTION);
        store.review(
            &question.id,
            at,
            Some(grade),
            seconds.saturating_mul(1000),
            |before| scheduler.review(before, question, grade, at),
        )?;
        Ok(true)
    }

    /// A dim line on a terminal, plain text elsewhere.
    fn line(&self, out: &mut impl Write, text: &str) -> Result<()> {
        Ok(render::say(out, &self.mode, text, Tone::Dim)?)
    }
}
