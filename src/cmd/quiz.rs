//! `qa quiz`: a spaced-repetition session over the bank, or over what a search finds. `practice::queue`
//! plans it, `practice::schedule` grades, and `practice::store` saves each grade in its own transaction
//! before the next card is shown. This is the only file that reads keys (through `keys`); `card` has the
//! words it shows.

mod card;
mod keys;

use std::collections::{HashMap, HashSet};
use std::io::{self, IsTerminal, Write};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use chrono::{DateTime, FixedOffset, TimeDelta, Utc};
use serde::Serialize;
use termimad::crossterm::style::Stylize;
use termimad::crossterm::{cursor, queue, terminal};

use super::practice::{self as shared, now, time};
use super::search::{Filters, search_query};
use super::{Outcome, Settings, fresh_reader, output_mode};
use crate::cli::QuizArgs;
use crate::entry::{Entry, Level};
use crate::index::search::Reader;
use crate::parse::text::slug;
use crate::practice::queue::{self, Limits, Plan, Reason, Session, Today};
use crate::practice::schedule::{RETENTION_RANGE, Scheduler};
use crate::practice::store::{self, Store};
use crate::practice::{Card, DEFAULT_SOURCE, Grade, Question, span, stats};
use crate::render::{self, Mode, View};
use card::Summary;
use keys::{Key, Keys};

pub fn run(settings: &Settings, args: QuizArgs) -> Result<Outcome> {
    if !RETENTION_RANGE.contains(&args.retention) {
        bail!(
            "--retention {} is out of range; use 0.7 to 0.99 (0.9 is FSRS's recommendation)",
            args.retention
        );
    }
    let started = now()?;
    let state = shared::state_path(settings)?;
    let reader = fresh_reader(settings)?;
    let questions = scope(&reader, &args)?;
    if questions.is_empty() {
        eprintln!(
            "qa: no questions to drill for {:?}",
            render::clean(&args.query.join(" "))
        );
        return Ok(Outcome::NothingFound);
    }
    // The plan alone (`--json`) never creates the state file.
    let mut store = if args.json {
        Store::open_existing(state, DEFAULT_SOURCE)?
    } else {
        Some(Store::open(state, DEFAULT_SOURCE)?)
    };
    let (cards, recent) = match &store {
        Some(store) => (
            store.cards()?,
            store.reviews(Some(started.to_utc() - TimeDelta::days(2)))?,
        ),
        None => (HashMap::new(), Vec::new()),
    };
    let limits = Limits {
        cards: usize::from(args.limit),
        new_per_day: usize::from(args.new),
        reviews_per_day: args.max.map(usize::from),
    };
    let plan = queue::plan(
        &questions,
        &cards,
        started.to_utc(),
        limits,
        stats::today(&recent, started),
    );
    if args.json {
        let mut out = io::stdout().lock();
        render::json(
            &mut out,
            &plan_json(&plan, &questions, &cards, started, args.max),
        )?;
        out.flush()?;
    } else if plan.cards.is_empty() {
        nothing_to_do(&plan, &questions, &cards, started.to_utc(), args.new);
    } else if let Some(store) = store.as_mut() {
        let lock = store::lock_session(state)?;
        if lock.is_none() {
            eprintln!(
                "qa: another qa quiz is running on {}; this one is read-only: grades are shown but not saved",
                state.display()
            );
        }
        let mut quiz = Quiz::new(settings, &questions, store, &args, lock.is_none());
        let mut out = io::stdout().lock();
        let summary = quiz.session(&mut out, &plan, args.max.map(usize::from))?;
        quiz.write_lines(&mut out, &card::summary(&summary))?;
        out.flush()?;
    }
    Ok(if plan.cards.is_empty() {
        Outcome::NothingFound
    } else {
        Outcome::Found
    })
}

/// The questions to drill, in the order new ones come: search rank with a query, bank order without.
fn scope(reader: &Reader, args: &QuizArgs) -> Result<Vec<Question>> {
    let all = shared::questions(reader)?;
    let filters = Filters {
        topic: args.topic.as_deref(),
        framework: args.framework.as_deref(),
        level: args.level.as_deref(),
    };
    if !args.query.is_empty() {
        let search = search_query(
            args.query.join(" "),
            &filters,
            false,
            reader.questions().max(1),
        );
        let results = reader.search(&search)?;
        let mut by_id: HashMap<String, Question> =
            all.into_iter().map(|q| (q.id.clone(), q)).collect();
        return Ok(results
            .hits
            .iter()
            .filter_map(|hit| by_id.remove(&hit.id))
            .collect());
    }
    let topic = filters.topic.map(slug);
    let framework = filters.framework.map(slug);
    let facets = reader.facets()?;
    for (what, value, known) in [
        ("topic", &topic, &facets.topics),
        ("framework", &framework, &facets.frameworks),
    ] {
        if let Some(value) = value.as_ref().filter(|v| !known.contains_key(*v)) {
            let names: Vec<&str> = known.keys().map(String::as_str).collect();
            bail!("unknown {what} {value:?}; known: {}", names.join(", "));
        }
    }
    let level = filters.level.and_then(Level::parse).map(Level::as_str);
    Ok(all
        .into_iter()
        .filter(|q| topic.as_ref().is_none_or(|t| q.topic == *t))
        .filter(|q| framework.is_none() || q.framework == framework)
        .filter(|q| level.is_none_or(|l| q.level.as_deref() == Some(l)))
        .collect())
}

/// Why there is nothing to drill, and when there will be.
fn nothing_to_do(
    plan: &Plan,
    questions: &[Question],
    cards: &HashMap<String, Card>,
    now: DateTime<Utc>,
    new_per_day: u16,
) {
    let mut message = "qa: nothing to review now".to_string();
    if plan.new > 0 {
        message.push_str(&format!(
            "; today's {new_per_day} new questions are done (--new N for more)"
        ));
    }
    let next = questions
        .iter()
        .filter_map(|q| cards.get(&q.id))
        .filter(|c| c.seen() && !c.skipped)
        .map(|c| c.memory.due)
        .min();
    if let Some(next) = next {
        message.push_str(&format!("; next review in {}", span(next - now)));
    }
    eprintln!("{message}");
}

/// `qa quiz --json`: the plan, without asking anything.
#[derive(Serialize)]
struct PlanJson<'a> {
    now: String,
    /// Reviews due now (in the plan or not).
    due: usize,
    /// New questions available (in the plan or not).
    new: usize,
    /// Due reviews left out by `--max` or `-n`.
    due_left: usize,
    /// Days the due reviews take at `--max` a day.
    backlog_days: Option<usize>,
    cards: Vec<PlannedJson<'a>>,
}

#[derive(Serialize)]
struct PlannedJson<'a> {
    id: &'a str,
    question: &'a str,
    topic: &'a str,
    framework: Option<&'a str>,
    level: Option<&'a str>,
    tags: &'a [String],
    /// due, changed or new.
    reason: &'static str,
    /// When it was due (`null` for a new question).
    due: Option<String>,
    /// Days since it was due, for a due review.
    overdue_days: Option<f64>,
    starred: bool,
}

fn plan_json<'a>(
    plan: &Plan,
    questions: &'a [Question],
    cards: &HashMap<String, Card>,
    now: DateTime<FixedOffset>,
    max: Option<u16>,
) -> PlanJson<'a> {
    let cards_json = plan
        .cards
        .iter()
        .map(|p| {
            let q = &questions[p.question];
            let card = cards.get(&q.id);
            let overdue = match &p.reason {
                Reason::Due { since } => {
                    let days = (now.to_utc() - *since).num_minutes() as f64 / 1440.0;
                    Some((days * 100.0).round() / 100.0)
                }
                _ => None,
            };
            PlannedJson {
                id: &q.id,
                question: &q.question,
                topic: &q.topic,
                framework: q.framework.as_deref(),
                level: q.level.as_deref(),
                tags: &q.tags,
                reason: p.reason.name(),
                due: card.filter(|c| c.seen()).map(|c| time(c.memory.due)),
                overdue_days: overdue,
                starred: card.is_some_and(|c| c.starred),
            }
        })
        .collect();
    PlanJson {
        now: time(now.to_utc()),
        due: plan.due,
        new: plan.new,
        due_left: plan.due_left(),
        backlog_days: max.map(|m| queue::backlog_days(plan.due_left(), usize::from(m))),
        cards: cards_json,
    }
}

/// A session in progress: where grades go and how cards are shown.
struct Quiz<'a> {
    settings: &'a Settings,
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
}

impl<'a> Quiz<'a> {
    fn new(
        settings: &'a Settings,
        questions: &'a [Question],
        store: &'a mut Store,
        args: &QuizArgs,
        read_only: bool,
    ) -> Quiz<'a> {
        let keys = Keys::from_stdin();
        let mode = output_mode();
        Quiz {
            settings,
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
        }
    }

    /// Shows the planned cards until they are done or `q`; returns what the summary needs.
    fn session(
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
            let mut key = self.wait(false)?;
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
        match self.mode {
            Mode::Terminal { .. } => writeln!(
                out,
                "{}\n\n{}\n\n{}",
                header.dim(),
                text.bold(),
                card::QUESTION_KEYS.dim()
            )?,
            Mode::Plain => writeln!(out, "{header}\n{text}\n{}", card::QUESTION_KEYS)?,
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
            writeln!(out, "{}\n", header.dim())?;
        } else {
            writeln!(out)?;
        }
        let view = View {
            mode: self.mode,
            corpus: &self.settings.paths.corpus,
        };
        match super::show::load_entry(&self.settings.paths, &question.id, &question.path) {
            Ok(Some(entry)) => answer(out, &view, &entry)?,
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
        .unwrap_or_else(|| crate::practice::Memory::new(at));
        let keys = card::grade_keys(&self.scheduler.preview(&memory, at), at);
        match self.mode {
            Mode::Terminal { .. } => writeln!(out, "\n{}", keys.dim())?,
            Mode::Plain => writeln!(out, "\n{keys}")?,
        }
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

    fn write_lines(&mut self, out: &mut impl Write, lines: &[String]) -> Result<()> {
        if self.clear {
            queue!(
                out,
                terminal::Clear(terminal::ClearType::All),
                cursor::MoveTo(0, 0)
            )?;
        }
        let notice = self.notice.take().map(|n| [n, String::new()]);
        for line in notice.iter().flatten().chain(lines) {
            match self.mode {
                Mode::Terminal { .. } => writeln!(out, "{}", line.as_str().dim())?,
                Mode::Plain => writeln!(out, "{line}")?,
            }
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
    render::entry(out, view, entry)?;
    if entry.answer.trim().is_empty() {
        writeln!(out, "no answer in this bank")?;
    }
    Ok(())
}
