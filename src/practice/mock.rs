//! A mock interview's choices and its scorecard, pure: which questions fit the time box (a mix across
//! topics, weighted toward what was never seen or keeps being failed), and what the session's grades say
//! per topic and which subjects to work on next. `cmd::mock` runs the interview and prints the result.

use std::collections::{BTreeMap, HashMap};

use super::{Card, Grade, Question};

/// Minutes one question takes with its follow-up: about three to answer, two for the follow-up.
pub const MINUTES_PER_QUESTION: u32 = 5;

/// How many questions a time box holds (at least one).
pub fn count(minutes: u32) -> usize {
    usize::try_from((minutes / MINUTES_PER_QUESTION).max(1)).unwrap_or(1)
}

/// How strongly a question is drawn: never seen first, then the ones failed most, then the rest.
/// Skipped cards (`qa mark ID skip`) are left out, as the quiz leaves them out.
pub fn weight(card: Option<&Card>) -> u64 {
    match card {
        Some(card) if card.skipped => 0,
        Some(card) if card.seen() => {
            1 + 2 * u64::try_from(card.memory.lapses.clamp(0, 4)).unwrap_or(0)
        }
        _ => 6,
    }
}

/// Picks up to `n` questions: topics take turns (in an order the random source shuffles), and within a
/// topic questions are drawn by `weight` without replacement. Returns indexes into `questions`.
pub fn pick(
    questions: &[Question],
    cards: &HashMap<String, Card>,
    n: usize,
    rng: &mut fastrand::Rng,
) -> Vec<usize> {
    let mut by_topic: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, q) in questions.iter().enumerate() {
        if weight(cards.get(&q.id)) > 0 {
            by_topic.entry(&q.topic).or_default().push(i);
        }
    }
    let mut topics: Vec<Vec<usize>> = by_topic.into_values().collect();
    rng.shuffle(&mut topics);
    let mut picked = Vec::with_capacity(n);
    while picked.len() < n && topics.iter().any(|t| !t.is_empty()) {
        for pool in topics.iter_mut().filter(|t| !t.is_empty()) {
            if picked.len() == n {
                break;
            }
            let weights: Vec<u64> = pool
                .iter()
                .map(|&i| weight(cards.get(&questions[i].id)))
                .collect();
            let mut ticket = rng.u64(..weights.iter().sum::<u64>());
            let at = weights
                .iter()
                .position(|&w| {
                    let hit = ticket < w;
                    ticket = ticket.saturating_sub(w);
                    hit
                })
                .unwrap_or(0);
            picked.push(pool.remove(at));
        }
    }
    picked
}

/// One question as the interview went.
#[derive(Debug, Clone, PartialEq)]
pub struct Asked {
    /// Index into the questions.
    pub question: usize,
    /// `None` when skipped or left when the interview ended.
    pub grade: Option<Grade>,
    pub seconds: i64,
    pub follow_up: Option<FollowUpAsked>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FollowUpAsked {
    pub question: String,
    pub grade: Option<Grade>,
    pub seconds: i64,
}

impl Asked {
    /// The grades given (question, then follow-up); an ungraded answer counts as "again", as an
    /// interviewer counts a question left unanswered.
    fn scores(&self) -> Vec<f64> {
        let score = |g: Option<Grade>| g.map_or(1.0, |g| g.number() as f64);
        let mut out = vec![score(self.grade)];
        if let Some(f) = &self.follow_up {
            out.push(score(f.grade));
        }
        out
    }
}

/// A topic's line in the scorecard.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicScore {
    pub topic: String,
    pub asked: usize,
    /// Mean grade (1 to 4) over questions and follow-ups.
    pub mean: f64,
    /// Questions and follow-ups graded "again" or left ungraded.
    pub missed: usize,
    pub seconds: i64,
}

/// A subject to work on: a tag of the questions asked (or their topic when they have none).
#[derive(Debug, Clone, PartialEq)]
pub struct Weak {
    pub subject: String,
    pub topic: String,
    pub mean: f64,
    /// `qa search …` and `qa quiz …` for it.
    pub search: String,
    pub quiz: String,
}

/// The per-topic summary, in the order topics came up.
pub fn topics(asked: &[Asked], questions: &[Question]) -> Vec<TopicScore> {
    let mut out: Vec<TopicScore> = Vec::new();
    for a in asked {
        let topic = &questions[a.question].topic;
        let at = match out.iter().position(|t| t.topic == *topic) {
            Some(at) => at,
            None => {
                out.push(TopicScore {
                    topic: topic.clone(),
                    asked: 0,
                    mean: 0.0,
                    missed: 0,
                    seconds: 0,
                });
                out.len() - 1
            }
        };
        let t = &mut out[at];
        let scores = a.scores();
        // Kept as a sum until the end.
        t.mean += scores.iter().sum::<f64>();
        t.missed += scores.iter().filter(|&&s| s <= 1.0).count();
        t.asked += 1;
        t.seconds += a.seconds + a.follow_up.as_ref().map_or(0, |f| f.seconds);
    }
    for t in &mut out {
        let graded = asked
            .iter()
            .filter(|a| questions[a.question].topic == t.topic)
            .map(|a| a.scores().len())
            .sum::<usize>();
        t.mean = round(t.mean / graded.max(1) as f64);
    }
    out
}

/// The subject a question belongs to: its file (a bank file holds one subject: `databases/indexes.md`
/// is "indexes"), so the weakest subjects point at a body of questions rather than at one.
pub fn subject(question: &Question) -> String {
    let file = question.path.rsplit('/').next().unwrap_or(&question.path);
    file.strip_suffix(".md")
        .unwrap_or(file)
        .replace(['-', '_'], " ")
}

/// The three weakest subjects below "easy", weakest first (ties: the one asked first), each with the
/// search and quiz that work on it.
pub fn weakest(asked: &[Asked], questions: &[Question]) -> Vec<Weak> {
    // ((subject, topic), sum of grades, grades)
    let mut subjects: Vec<((String, String), f64, usize)> = Vec::new();
    for a in asked {
        let q = &questions[a.question];
        let scores = a.scores();
        let key = (subject(q), q.topic.clone());
        match subjects.iter_mut().find(|(k, ..)| *k == key) {
            Some((_, sum, n)) => {
                *sum += scores.iter().sum::<f64>();
                *n += scores.len();
            }
            None => subjects.push((key, scores.iter().sum(), scores.len())),
        }
    }
    let mut means: Vec<((String, String), f64)> = subjects
        .into_iter()
        .map(|(key, sum, n)| (key, round(sum / n as f64)))
        .filter(|(_, mean)| *mean < Grade::Easy.number() as f64)
        .collect();
    // A stable sort keeps the order subjects came up in among equals.
    means.sort_by(|a, b| a.1.total_cmp(&b.1));
    means
        .into_iter()
        .take(3)
        .map(|((subject, topic), mean)| {
            let words = quoted(&subject);
            Weak {
                search: format!("qa search {words} --topic {topic}"),
                quiz: format!("qa quiz {words} --topic {topic}"),
                subject,
                topic,
                mean,
            }
        })
        .collect()
}

/// A word as a shell reads it back: quoted when it holds anything but letters, digits, `-`, `_`, `.`.
fn quoted(word: &str) -> String {
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::Phase;
    use chrono::{TimeZone, Utc};

    fn question(topic: &str, n: usize, file: &str) -> Question {
        Question {
            id: format!("{topic}/q#{n}"),
            source: "default".into(),
            folder: std::path::PathBuf::new(),
            question: format!("{topic} {n}?"),
            topic: topic.into(),
            framework: None,
            level: None,
            tags: Vec::new(),
            path: format!("{topic}/{file}.md"),
            line: n,
            answer_hash: String::new(),
        }
    }

    fn seen(q: &Question, lapses: i64) -> Card {
        let mut card = Card::new(q, Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap());
        card.memory.phase = Phase::Review;
        card.memory.lapses = lapses;
        card
    }

    #[test]
    fn the_time_box_holds_a_question_per_five_minutes() {
        assert_eq!((count(30), count(12), count(1)), (6, 2, 1));
    }

    #[test]
    fn unseen_and_failed_questions_weigh_more_and_skipped_ones_nothing() {
        let q = question("a", 1, "q");
        let mut skipped = seen(&q, 0);
        skipped.skipped = true;
        assert_eq!(weight(None), 6);
        assert_eq!(weight(Some(&seen(&q, 0))), 1);
        assert_eq!(weight(Some(&seen(&q, 2))), 5);
        assert_eq!(weight(Some(&seen(&q, 40))), 9);
        assert_eq!(weight(Some(&skipped)), 0);
    }

    #[test]
    fn topics_take_turns_and_each_question_comes_once() {
        let questions: Vec<Question> = (0..6)
            .map(|n| question("a", n, "q"))
            .chain((0..2).map(|n| question("b", n, "q")))
            .chain((0..2).map(|n| question("c", n, "q")))
            .collect();
        let picked = pick(
            &questions,
            &HashMap::new(),
            6,
            &mut fastrand::Rng::with_seed(7),
        );
        assert_eq!(picked.len(), 6);
        let topics: Vec<&str> = picked
            .iter()
            .map(|&i| questions[i].topic.as_str())
            .collect();
        // Two rounds over the three topics.
        for round in topics.chunks(3) {
            let mut sorted = round.to_vec();
            sorted.sort();
            assert_eq!(sorted, ["a", "b", "c"], "{topics:?}");
        }
        let mut unique = picked.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 6);
        // More than there are: all of them, once.
        assert_eq!(
            pick(
                &questions,
                &HashMap::new(),
                50,
                &mut fastrand::Rng::with_seed(1)
            )
            .len(),
            10
        );
    }

    #[test]
    fn the_draw_leans_toward_unseen_questions() {
        // One unseen question among nine well-known ones, one drawn: over many seeds the unseen one is
        // drawn about 6 / (6 + 9) of the time, not 1 / 10.
        let questions: Vec<Question> = (0..10).map(|n| question("a", n, "q")).collect();
        let cards: HashMap<String, Card> = questions[1..]
            .iter()
            .map(|q| (q.id.clone(), seen(q, 0)))
            .collect();
        let drawn = (0..1000)
            .filter(|&seed| pick(&questions, &cards, 1, &mut fastrand::Rng::with_seed(seed)) == [0])
            .count();
        assert!((330..470).contains(&drawn), "{drawn}");
    }

    #[test]
    fn the_scorecard_sums_topics_and_names_the_weakest_subjects() {
        let questions = vec![
            question("databases", 0, "indexes"),
            question("databases", 1, "locks-and-transactions"),
            question("security", 2, "jwt"),
            question("php", 3, "arrays"),
            question("databases", 4, "indexes"),
        ];
        let follow = |grade| {
            Some(FollowUpAsked {
                question: "and then?".into(),
                grade,
                seconds: 60,
            })
        };
        let asked = vec![
            Asked {
                question: 0,
                grade: Some(Grade::Good),
                seconds: 120,
                follow_up: follow(Some(Grade::Hard)),
            },
            Asked {
                question: 1,
                grade: Some(Grade::Again),
                seconds: 200,
                follow_up: None,
            },
            Asked {
                question: 2,
                grade: Some(Grade::Easy),
                seconds: 90,
                follow_up: follow(Some(Grade::Easy)),
            },
            Asked {
                question: 3,
                grade: None,
                seconds: 30,
                follow_up: None,
            },
            Asked {
                question: 4,
                grade: Some(Grade::Hard),
                seconds: 60,
                follow_up: None,
            },
        ];
        let topics = topics(&asked, &questions);
        assert_eq!(topics.len(), 3);
        assert_eq!(
            topics[0],
            TopicScore {
                topic: "databases".into(),
                asked: 3,
                mean: 2.0,
                missed: 1,
                seconds: 440
            }
        );
        assert_eq!((topics[1].mean, topics[1].missed), (4.0, 0));
        assert_eq!((topics[2].mean, topics[2].missed), (1.0, 1));
        let weak = weakest(&asked, &questions);
        let names: Vec<&str> = weak.iter().map(|w| w.subject.as_str()).collect();
        // The two files at 1.0 in the order asked, then indexes (3, 2, 2: 2.33); jwt is all easy.
        assert_eq!(names, ["locks and transactions", "arrays", "indexes"]);
        assert_eq!(weak[2].mean, 2.33);
        assert_eq!(
            weak[0].search,
            "qa search 'locks and transactions' --topic databases"
        );
        assert_eq!(weak[1].quiz, "qa quiz arrays --topic php");
        assert_eq!(quoted("refresh token"), "'refresh token'");
    }
}
