//! One quiz session on screen: shows each card, reads its keys, saves each grade through the store before
//! the next card, undoes, and gathers the summary. Through a pipe everything is printed in order; on a
//! terminal each card gets a clean screen.

use std::collections::{HashMap, HashSet};
use std::io::{self, IsTerminal, Write};
use std::time::{Duration, Instant};

use anyhow::Result;
use crossterm::{cursor, queue, terminal};

use super::card::{self, Summary};
use super::keys::{Key, Keys};
use super::typed;
use crate::cli::QuizArgs;
use crate::cmd::Settings;
use crate::cmd::output::Output;
use crate::cmd::practice::now;
use crate::entry::Entry;
use crate::practice::keypoints::Matcher;
use crate::practice::queue::{self, Limits, Plan, Session, Today};
use crate::practice::schedule::Scheduler;
use crate::practice::store::Store;
use crate::practice::{Card, Grade, Memory, Question, stats};
use crate::render::{self, Mode, Tone, View};

/// A session in progress: where grades go and how cards are shown.
pub struct Quiz<'a> {
    questions: &'a [Question],
    store: &'a mut Store,
    scheduler: Scheduler,
    /// Another session holds the lock: grades are shown, not saved.
    read_only: bool,
    /// In a read-only session, the cards as graded here, and the state before each grade (for undo).
    unsaved: HashMap<String, Card>,
    unsaved_before: Vec<(String, Option<Card>)>,
    keys: Keys,
    mode: Mode,
    /// On a terminal each card gets a clean screen; the last grade's result then heads the next one.
    clear: bool,
    notice: Option<String>,
    /// `--type`: each answer is typed first, then checked against the key points with this.
    typed: Option<Matcher>,
    /// The current card's typed answer.
    answer: Option<String>,
}

impl<'a> Quiz<'a> {
    pub fn new(
        settings: &'a Settings,
        questions: &'a [Question],
        store: &'a mut Store,
        args: &QuizArgs,
        read_only: bool,
    ) -> Quiz<'a> {
        let keys = Keys::from_stdin();
        // A display setting that cannot be resolved (an unknown theme) falls back to plain text.
        let mode = Output::resolve(&settings.display).map_or(Mode::Plain, |output| output.mode);
        Quiz {
            questions,
            store,
            scheduler: Scheduler::new(args.retention),
            read_only,
            unsaved: HashMap::new(),
            unsaved_before: Vec::new(),
            clear: keys.is_terminal() && io::stdout().is_terminal(),
            keys,
            mode,
            notice: None,
            typed: None,
            answer: None,
        }
    }

    /// Asks for a typed answer before each reveal and checks it against the entry's key points.
    pub fn typed(mut self, matcher: Matcher) -> Quiz<'a> {
        self.typed = Some(matcher);
        self
    }

    /// Shows the planned cards until they are done or `q`; returns what the summary needs.
    pub fn session(
        &mut self,
        out: &mut impl Write,
        plan: &Plan,
        max: Option<usize>,
    ) -> Result<Summary> {
        let started = Instant::now();
        let mut session = Session::new(plan);
        loop {
            let Some(planned) = session.current().cloned() else {
                // The last grade can still be taken back before the session ends.
                if !session.graded().is_empty() && self.undo_at_end(out)? {
                    self.undo_last(out, &mut session)?;
                    continue;
                }
                break;
            };
            let question = &self.questions[planned.question];
            let (n, total) = session.position();
            let header = card::header(n, total, question, &planned.reason, now()?.to_utc());
            self.show_question(out, &header, question)?;
            let shown = Instant::now();
            let mut key = if self.typed.is_some() {
                self.answer = typed::read_answer(&mut self.keys, out, &self.mode)?;
                // The input ended before an answer: the session ends, as it does without --type.
                if self.answer.is_some() {
                    Key::Reveal
                } else {
                    Key::Quit
                }
            } else {
                self.wait(false)?
            };
            if key == Key::Reveal {
                self.show_answer(out, &header, question)?;
                key = self.wait(true)?;
            }
            match key {
                Key::Grade(grade) => {
                    let (token, card) = self.grade(question, grade, shown.elapsed())?;
                    session.grade(grade, token);
                    // From the moment of the grade, which the card keeps as its last review.
                    let graded_at = card.memory.last_review.unwrap_or(card.memory.due);
                    self.notify(out, card::graded(grade, &card, graded_at))?;
                }
                Key::Skip => {
                    session.skip();
                    self.notify(out, "skipped".to_string())?;
                }
                Key::Undo => self.undo_last(out, &mut session)?,
                Key::Quit | Key::Reveal | Key::Other => break,
            }
        }
        self.summary(&session, started.elapsed(), max)
    }

    /// Waits for a key that means something now: before the answer, Space/Enter; after it, a grade;
    /// undo, skip and quit at any time. Other keys are ignored.
    fn wait(&mut self, answer_shown: bool) -> Result<Key> {
        loop {
            let key = self.keys.next()?;
            match key {
                Key::Reveal if !answer_shown => return Ok(key),
                Key::Grade(_) if answer_shown => return Ok(key),
                Key::Undo | Key::Skip | Key::Quit => return Ok(key),
                _ => {}
            }
        }
    }

    /// Saves a grade (one transaction) and returns the store's token for undoing it and the new card.
    fn grade(
        &mut self,
        question: &Question,
        grade: Grade,
        shown: Duration,
    ) -> Result<(Option<i64>, Card)> {
        let at = now()?.to_utc();
        if self.read_only {
            let before = match self.unsaved.get(&question.id) {
                Some(card) => Some(card.clone()),
                None => self.store.card(&question.id)?,
            };
            let card = self.scheduler.review(before.as_ref(), question, grade, at);
            let previous = self.unsaved.insert(question.id.clone(), card.clone());
            self.unsaved_before.push((question.id.clone(), previous));
            return Ok((None, card));
        }
        let millis = i64::try_from(shown.as_millis()).unwrap_or(i64::MAX);
        let scheduler = &self.scheduler;
        let (seq, card) = self
            .store
            .review(&question.id, at, Some(grade), millis, |before| {
                scheduler.review(before, question, grade, at)
            })?;
        Ok((Some(seq), card))
    }

    /// Takes back the last grade of the session, in the store too, and says so.
    fn undo_last(&mut self, out: &mut impl Write, session: &mut Session) -> Result<()> {
        let text = match session.undo() {
            Some(undone) => {
                self.undo(undone.token)?;
                let question = &self.questions[undone.question].question;
                format!(
                    "undone: {} on {}",
                    undone.grade.name(),
                    render::clean(question)
                )
            }
            None => "nothing to undo".to_string(),
        };
        self.notify(out, text)
    }

    /// After the last card: `u` takes its grade back, any other key (or the end of input) ends.
    fn undo_at_end(&mut self, out: &mut impl Write) -> Result<bool> {
        let lines = [card::END_KEYS.to_string()];
        self.write_lines(out, &lines)?;
        out.flush()?;
        Ok(self.keys.next()? == Key::Undo)
    }

    fn undo(&mut self, token: Option<i64>) -> Result<()> {
        match token {
            Some(seq) => self.store.undo(seq),
            None => {
                if let Some((id, previous)) = self.unsaved_before.pop() {
                    match previous {
                        Some(card) => self.unsaved.insert(id, card),
                        None => self.unsaved.remove(&id),
                    };
                }
                Ok(())
            }
        }
    }

    fn show_question(
        &mut self,
        out: &mut impl Write,
        header: &str,
        question: &Question,
    ) -> Result<()> {
        if self.clear {
            // A clean screen, headed by what the last key did.
            self.write_lines(out, &[])?;
        }
        let text = render::clean(&question.question);
        // With --type the prompt for the answer takes the keys' place.
        let keys = if self.typed.is_some() {
            ""
        } else {
            card::QUESTION_KEYS
        };
        let spaced = matches!(self.mode, Mode::Terminal(_));
        render::say(out, &self.mode, header, Tone::Dim)?;
        if spaced {
            writeln!(out)?;
        }
        render::say(out, &self.mode, &text, Tone::Bold)?;
        if !keys.is_empty() {
            if spaced {
                writeln!(out)?;
            }
            render::say(out, &self.mode, keys, Tone::Dim)?;
        }
        out.flush()?;
        Ok(())
    }

    fn show_answer(
        &mut self,
        out: &mut impl Write,
        header: &str,
        question: &Question,
    ) -> Result<()> {
        if self.clear {
            queue!(
                out,
                terminal::Clear(terminal::ClearType::All),
                cursor::MoveTo(0, 0)
            )?;
            render::say(out, &self.mode, header, Tone::Dim)?;
            writeln!(out)?;
        } else {
            writeln!(out)?;
        }
        let view = View {
            mode: self.mode.clone(),
            corpus: &question.folder,
        };
        let found = crate::cmd::show::entry_at(
            &question.folder,
            &question.path,
            &question.source,
            &question.id,
        );
        match found {
            Ok(Some(entry)) => {
                if let (Some(matcher), Some(typed)) = (&self.typed, self.answer.take()) {
                    typed::write_coverage(out, &self.mode, &typed::check(&entry, &typed, matcher))?;
                    writeln!(out)?;
                }
                answer(out, &view, &entry)?
            }
            Ok(None) => writeln!(
                out,
                "(no longer in {}; s skips it)",
                render::clean(&question.path)
            )?,
            Err(err) => writeln!(
                out,
                "(cannot read the answer: {})",
                render::clean(&format!("{err:#}"))
            )?,
        }
        let at = now()?.to_utc();
        let memory = match self.unsaved.get(&question.id) {
            Some(card) => Some(card.memory.clone()),
            None => self.store.card(&question.id)?.map(|c| c.memory),
        }
        .unwrap_or_else(|| Memory::new(at));
        let keys = card::grade_keys(&self.scheduler.preview(&memory, at), at);
        writeln!(out)?;
        render::say(out, &self.mode, &keys, Tone::Dim)?;
        out.flush()?;
        Ok(())
    }

    /// What a key did: at once through a pipe, at the top of the next card on a terminal.
    fn notify(&mut self, out: &mut impl Write, text: String) -> Result<()> {
        if self.clear {
            self.notice = Some(text);
            Ok(())
        } else {
            writeln!(out, "{text}\n")?;
            Ok(out.flush()?)
        }
    }

    pub fn write_lines(&mut self, out: &mut impl Write, lines: &[String]) -> Result<()> {
        if self.clear {
            queue!(
                out,
                terminal::Clear(terminal::ClearType::All),
                cursor::MoveTo(0, 0)
            )?;
        }
        let notice = self.notice.take().map(|n| [n, String::new()]);
        for line in notice.iter().flatten().chain(lines) {
            render::say(out, &self.mode, line, Tone::Dim)?;
        }
        Ok(())
    }

    fn summary(
        &mut self,
        session: &Session,
        elapsed: Duration,
        max: Option<usize>,
    ) -> Result<Summary> {
        let graded = session.graded();
        let at = now()?;
        let mut cards = self.store.cards()?;
        cards.extend(self.unsaved.clone());
        let left = queue::plan(
            self.questions,
            &cards,
            at.to_utc(),
            Limits {
                cards: usize::MAX,
                new_per_day: 0,
                reviews_per_day: None,
            },
            Today::default(),
        );
        Ok(Summary {
            cards: graded
                .iter()
                .map(|g| g.question)
                .collect::<HashSet<_>>()
                .len(),
            grades: graded.len(),
            correct: graded.iter().filter(|g| g.grade != Grade::Again).count(),
            skipped: session.skipped(),
            elapsed,
            upcoming: stats::upcoming(self.questions, &cards, at),
            due_left: left.due,
            max,
            read_only: self.read_only,
        })
    }
}

/// Shows an answer as `qa show` does. When `render` can render an answer's Markdown by itself, this is
/// the one line to change.
fn answer(out: &mut impl Write, view: &View, entry: &Entry) -> io::Result<()> {
    // A question-only bank's prompt says it has no answer (`render::NO_ANSWER`).
    render::entry(out, view, entry)
}
