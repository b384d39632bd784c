//! How well `qa quiz --type` judges a typed answer: `keypoints/answers.json` holds typed answers written
//! against real bank entries (good, partial and wrong; typos, synonyms, candidates' wording), each with
//! the key points it really covers, labelled by hand. This prints the precision and recall of "covered"
//! over every (answer, key point) pair, at the shipped threshold and around it, and fails below floors
//! set from the first measurement.
//!
//! Labels name key points by their text, and the file records each entry's points as they were when
//! labelled: a labelled point that is gone from the bank fails with the entry's id (relabel it); a new
//! point is left out of the figures (and listed) until someone labels it.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use qa::entry::Entry;
use qa::practice::keypoints::{Matcher, THRESHOLD, key_points};
use qa::query::synonyms::Synonyms;
use serde::Deserialize;

/// Floors from the first measurement at the shipped threshold (72 answers: precision 0.806, recall
/// 0.820, wrong answers "covering" 0.112 of their points; see the README's "Typed answers"), a little
/// under it so an unrelated bank edit does not fail the suite, but a worse rule does.
const MIN_PRECISION: f64 = 0.78;
const MIN_RECALL: f64 = 0.80;
/// Points a wrong answer may be said to cover, as a share of the points shown for wrong answers.
const MAX_WRONG_COVERED: f64 = 0.13;

#[derive(Deserialize)]
struct Suite {
    /// Each entry's key points as they were when the answers were labelled.
    entries: BTreeMap<String, Vec<String>>,
    answers: Vec<Answer>,
}

#[derive(Deserialize)]
struct Answer {
    id: String,
    kind: String,
    answer: String,
    covers: Vec<String>,
}

fn suite() -> Suite {
    serde_json::from_str(include_str!("keypoints/answers.json")).expect("answers.json parses")
}

fn entry(id: &str) -> Entry {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let (path, _) = id.split_once('#').expect("an id has a #");
    qa::bank::entries(&root, &format!("{path}.md"))
        .unwrap_or_else(|w| panic!("{id}: {}", w.message))
        .into_iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("{id} is no longer in the bank: relabel its answers"))
}

#[derive(Default, Debug)]
struct Counts {
    true_pos: usize,
    false_pos: usize,
    false_neg: usize,
    /// Points a wrong answer was said to cover, of all points shown for wrong answers.
    wrong_covered: usize,
    wrong_points: usize,
}

impl Counts {
    fn precision(&self) -> f64 {
        self.true_pos as f64 / (self.true_pos + self.false_pos).max(1) as f64
    }
    fn recall(&self) -> f64 {
        self.true_pos as f64 / (self.true_pos + self.false_neg).max(1) as f64
    }
    fn wrong_share(&self) -> f64 {
        self.wrong_covered as f64 / self.wrong_points.max(1) as f64
    }
}

/// Scores every answer at one threshold; prints each disagreement when `verbose`.
fn measure(suite: &Suite, matcher: &Matcher, verbose: bool) -> Counts {
    let mut counts = Counts::default();
    for answer in &suite.answers {
        let entry = entry(&answer.id);
        let labelled = &suite.entries[&answer.id];
        let points = key_points(&entry, matcher);
        let current: HashSet<&str> = points.iter().map(|p| p.text.as_str()).collect();
        let gone: Vec<&String> = answer
            .covers
            .iter()
            .filter(|c| !current.contains(c.as_str()))
            .collect();
        assert!(
            gone.is_empty(),
            "{}: the labelled key points {gone:?} are gone from the entry; relabel them",
            answer.id
        );
        let unknown: Vec<&String> = answer
            .covers
            .iter()
            .filter(|c| !labelled.contains(c))
            .collect();
        assert!(
            unknown.is_empty(),
            "{}: {unknown:?} are not in its entry's recorded points",
            answer.id
        );
        let coverage = matcher.check(&entry.question, &points, &answer.answer);
        for point in &coverage.points {
            if !labelled.contains(&point.point.text) {
                continue;
            }
            let truth = answer.covers.contains(&point.point.text);
            match (point.covered, truth) {
                (true, true) => counts.true_pos += 1,
                (true, false) => counts.false_pos += 1,
                (false, true) => counts.false_neg += 1,
                (false, false) => {}
            }
            if answer.kind == "wrong" {
                counts.wrong_points += 1;
                counts.wrong_covered += usize::from(point.covered);
            }
            if verbose && point.covered != truth {
                let what = if point.covered {
                    "false ✓"
                } else {
                    "missed ✗"
                };
                println!(
                    "{what} {:?} ({}, {}): {:?}",
                    point.point.text, answer.kind, answer.id, answer.answer
                );
            }
        }
    }
    counts
}

#[test]
fn labelled_answers_agree_with_the_check() {
    let suite = suite();
    assert!(
        suite.answers.len() >= 60,
        "the set keeps at least 60 answers"
    );
    let kinds: HashSet<&str> = suite.answers.iter().map(|a| a.kind.as_str()).collect();
    assert_eq!(kinds, HashSet::from(["good", "partial", "wrong"]));
    for entry_id in suite.entries.keys() {
        let points: Vec<String> = key_points(&entry(entry_id), &Matcher::new(Synonyms::builtin()))
            .into_iter()
            .map(|p| p.text)
            .collect();
        let new: Vec<&String> = points
            .iter()
            .filter(|p| !suite.entries[entry_id].contains(p))
            .collect();
        if !new.is_empty() {
            println!("unlabelled new points of {entry_id} (left out): {new:?}");
        }
    }
    println!("threshold  precision  recall  wrong-answer points covered");
    for threshold in [0.34, 0.5, 0.6, 0.67, 0.75, 1.0] {
        let matcher = Matcher::new(Synonyms::builtin()).with_threshold(threshold);
        let c = measure(&suite, &matcher, false);
        println!(
            "{threshold:>9.2}  {:>9.3}  {:>6.3}  {:>5.3}",
            c.precision(),
            c.recall(),
            c.wrong_share()
        );
    }
    let counts = measure(&suite, &Matcher::new(Synonyms::builtin()), true);
    println!(
        "at {THRESHOLD}: {} answers, precision {:.3}, recall {:.3} ({counts:?})",
        suite.answers.len(),
        counts.precision(),
        counts.recall()
    );
    assert!(
        counts.precision() >= MIN_PRECISION,
        "precision {:.3} < {MIN_PRECISION}",
        counts.precision()
    );
    assert!(
        counts.recall() >= MIN_RECALL,
        "recall {:.3} < {MIN_RECALL}",
        counts.recall()
    );
    assert!(
        counts.wrong_share() <= MAX_WRONG_COVERED,
        "wrong answers cover {:.3} of their points",
        counts.wrong_share()
    );
}

/// `cargo test --test keypoints -- --ignored --nocapture`: the key points of every entry in the set, for
/// labelling new answers.
#[test]
#[ignore]
fn print_key_points() {
    let matcher = Matcher::new(Synonyms::builtin());
    let ids: Vec<String> = match std::env::var("KEYPOINTS_IDS") {
        Ok(ids) => ids.split_whitespace().map(str::to_string).collect(),
        Err(_) => suite().entries.keys().cloned().collect(),
    };
    for id in ids {
        let points: Vec<String> = key_points(&entry(&id), &matcher)
            .into_iter()
            .map(|p| format!("{:?} {:?}", p.origin, p.text))
            .collect();
        println!("{id}\n  {}", points.join("\n  "));
    }
}
