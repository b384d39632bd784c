//! The scorecard at the end of `qa mock`: per question the grade and time taken (and the follow-up's),
//! per topic a summary, and the three weakest subjects with the commands to work on each; as text or
//! as JSON (`--json`). The numbers come from `practice::mock`.

use std::io::{self, Write};

use serde::Serialize;

use super::interview::Report;
use super::minutes;
use crate::practice::mock::{self, Asked, TopicScore, Weak};
use crate::practice::{Grade, Question};
use crate::render::clean;

pub struct Scorecard<'a> {
    report: &'a Report,
    questions: &'a [Question],
    minutes: u32,
    topics: Vec<TopicScore>,
    weakest: Vec<Weak>,
}

impl<'a> Scorecard<'a> {
    pub fn new(report: &'a Report, questions: &'a [Question], minutes: u32) -> Scorecard<'a> {
        Scorecard {
            topics: mock::topics(&report.asked, questions),
            weakest: mock::weakest(&report.asked, questions),
            report,
            questions,
            minutes,
        }
    }

    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        let r = self.report;
        let ended = match r.ended.name() {
            "time" => "time is up",
            "quit" => "ended early",
            _ => "all asked",
        };
        writeln!(
            out,
            "Scorecard: {} question(s) in {} of {}:00 ({ended}); {} saved as reviews",
            r.asked.len(),
            minutes(r.elapsed),
            self.minutes,
            r.saved
        )?;
        if r.asked.is_empty() {
            return Ok(());
        }
        writeln!(out, "\n  #  grade  time   follow-up     topic")?;
        for (n, a) in r.asked.iter().enumerate() {
            let q = &self.questions[a.question];
            let follow = a.follow_up.as_ref().map_or("-".to_string(), |f| {
                format!("{:<6} {}", grade(f.grade), secs(f.seconds))
            });
            writeln!(
                out,
                "{:>3}  {:<6} {:>5}  {:<13} {}\n     {}",
                n + 1,
                grade(a.grade),
                secs(a.seconds),
                follow,
                clean(&q.topic),
                clean(&q.question)
            )?;
        }
        writeln!(out, "\nBy topic")?;
        for t in &self.topics {
            writeln!(
                out,
                "  {:<14} {} asked · mean grade {:.1} of 4 · {} missed · {}",
                clean(&t.topic),
                t.asked,
                t.mean,
                t.missed,
                secs(t.seconds)
            )?;
        }
        if self.weakest.is_empty() {
            writeln!(out, "\nNothing weak: every answer was easy")?;
        } else {
            writeln!(out, "\nWork on next")?;
            for (n, w) in self.weakest.iter().enumerate() {
                writeln!(
                    out,
                    "  {}. {} ({}, mean {:.1})\n     {}\n     {}",
                    n + 1,
                    clean(&w.subject),
                    clean(&w.topic),
                    w.mean,
                    clean(&w.search),
                    clean(&w.quiz)
                )?;
            }
        }
        Ok(())
    }

    pub fn json(&self) -> ScorecardJson<'_> {
        let r = self.report;
        ScorecardJson {
            minutes: self.minutes,
            elapsed_seconds: r.elapsed.num_seconds(),
            ended: r.ended.name(),
            saved: r.saved,
            questions: r
                .asked
                .iter()
                .map(|a| QuestionJson::of(a, &self.questions[a.question]))
                .collect(),
            topics: self
                .topics
                .iter()
                .map(|t| TopicJson {
                    topic: &t.topic,
                    asked: t.asked,
                    mean_grade: t.mean,
                    missed: t.missed,
                    seconds: t.seconds,
                })
                .collect(),
            weakest: self
                .weakest
                .iter()
                .map(|w| WeakJson {
                    subject: &w.subject,
                    topic: &w.topic,
                    mean_grade: w.mean,
                    search: &w.search,
                    quiz: &w.quiz,
                })
                .collect(),
        }
    }
}

fn grade(g: Option<Grade>) -> &'static str {
    g.map_or("skip", Grade::name)
}

fn secs(s: i64) -> String {
    minutes(chrono::TimeDelta::seconds(s))
}

/// `qa mock --json`.
#[derive(Serialize)]
pub struct ScorecardJson<'a> {
    minutes: u32,
    elapsed_seconds: i64,
    /// done (every picked question asked), time (the time box ended it) or quit.
    ended: &'static str,
    /// Graded questions saved as reviews in the quiz's state.
    saved: usize,
    questions: Vec<QuestionJson<'a>>,
    topics: Vec<TopicJson<'a>>,
    weakest: Vec<WeakJson<'a>>,
}

#[derive(Serialize)]
struct QuestionJson<'a> {
    id: &'a str,
    question: &'a str,
    topic: &'a str,
    level: Option<&'a str>,
    /// 1 to 4, `null` when skipped.
    grade: Option<i64>,
    seconds: i64,
    follow_up: Option<FollowUpJson<'a>>,
}

impl<'a> QuestionJson<'a> {
    fn of(a: &'a Asked, q: &'a Question) -> QuestionJson<'a> {
        QuestionJson {
            id: &q.id,
            question: &q.question,
            topic: &q.topic,
            level: q.level.as_deref(),
            grade: a.grade.map(Grade::number),
            seconds: a.seconds,
            follow_up: a.follow_up.as_ref().map(|f| FollowUpJson {
                question: &f.question,
                grade: f.grade.map(Grade::number),
                seconds: f.seconds,
            }),
        }
    }
}

#[derive(Serialize)]
struct FollowUpJson<'a> {
    question: &'a str,
    grade: Option<i64>,
    seconds: i64,
}

#[derive(Serialize)]
struct TopicJson<'a> {
    topic: &'a str,
    asked: usize,
    /// Over questions and follow-ups, 1 to 4; a skip counts 1.
    mean_grade: f64,
    missed: usize,
    seconds: i64,
}

#[derive(Serialize)]
struct WeakJson<'a> {
    subject: &'a str,
    topic: &'a str,
    mean_grade: f64,
    search: &'a str,
    quiz: &'a str,
}
