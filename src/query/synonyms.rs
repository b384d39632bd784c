//! Synonyms and abbreviations of the field (`auth`/`authentication`, `pg`/`postgresql`), read from a
//! data file and applied at query time: the index stays as written, and a user's own file adds groups.

use std::collections::HashMap;

const BUILTIN: &str = include_str!("../../data/synonyms.txt");

/// Groups of interchangeable words or phrases.
#[derive(Debug, Default, Clone)]
pub struct Synonyms {
    groups: Vec<Vec<Vec<String>>>,
    /// An entry's words → the groups it belongs to.
    lookup: HashMap<Vec<String>, Vec<usize>>,
    longest: usize,
}

/// A run of query words and what else it may be written as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The words as the user typed them.
    pub words: Vec<String>,
    /// Other ways to say the same thing, each one or more words (not including `words` itself).
    pub alternatives: Vec<Vec<String>>,
}

impl Synonyms {
    /// The groups shipped with `qa`.
    pub fn builtin() -> Synonyms {
        let mut synonyms = Synonyms::default();
        synonyms.add(BUILTIN);
        synonyms
    }

    /// Adds the groups of a file in the same format as `data/synonyms.txt`.
    pub fn add(&mut self, text: &str) {
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let group: Vec<Vec<String>> = line
                .split(',')
                .map(|entry| {
                    entry
                        .split_whitespace()
                        .map(str::to_lowercase)
                        .collect::<Vec<_>>()
                })
                .filter(|words| !words.is_empty())
                .collect();
            if group.len() < 2 {
                continue;
            }
            let id = self.groups.len();
            for entry in &group {
                self.longest = self.longest.max(entry.len());
                self.lookup.entry(entry.clone()).or_default().push(id);
            }
            self.groups.push(group);
        }
    }

    /// Splits lowercase query words into spans, longest synonym match first, left to right. Words that
    /// match no entry come back as one-word spans without alternatives.
    pub fn spans(&self, words: &[String]) -> Vec<Span> {
        let mut spans = Vec::new();
        let mut at = 0;
        while at < words.len() {
            let longest = self.longest.min(words.len() - at);
            let found = (1..=longest).rev().find_map(|len| {
                let key = &words[at..at + len];
                self.lookup.get(key).map(|groups| (len, groups))
            });
            match found {
                Some((len, groups)) => {
                    let key = &words[at..at + len];
                    let mut alternatives: Vec<Vec<String>> = Vec::new();
                    for &group in groups {
                        for entry in &self.groups[group] {
                            if entry.as_slice() != key && !alternatives.contains(entry) {
                                alternatives.push(entry.clone());
                            }
                        }
                    }
                    spans.push(Span {
                        words: key.to_vec(),
                        alternatives,
                    });
                    at += len;
                }
                None => {
                    spans.push(Span {
                        words: vec![words[at].clone()],
                        alternatives: Vec::new(),
                    });
                    at += 1;
                }
            }
        }
        spans
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn abbreviations_expand_both_ways() {
        let synonyms = Synonyms::builtin();
        let spans = synonyms.spans(&words("pg index"));
        assert_eq!(spans[0].words, ["pg"]);
        assert!(spans[0].alternatives.contains(&words("postgresql")));
        assert!(spans[1].alternatives.is_empty());
        let spans = synonyms.spans(&words("postgresql"));
        assert!(spans[0].alternatives.contains(&words("pg")));
    }

    #[test]
    fn multi_word_entries_match_as_one_span() {
        let spans = Synonyms::builtin().spans(&words("stop sql injection now"));
        assert_eq!(spans.len(), 3);
        assert_eq!(spans[1].words, words("sql injection"));
        assert!(spans[1].alternatives.contains(&words("sqli")));
    }

    #[test]
    fn user_groups_are_added() {
        let mut synonyms = Synonyms::builtin();
        synonyms.add("# mine\nfoo, bar baz\n\nlonely\n");
        let spans = synonyms.spans(&words("foo"));
        assert_eq!(spans[0].alternatives, [words("bar baz")]);
        assert!(synonyms.spans(&words("lonely"))[0].alternatives.is_empty());
    }

    #[test]
    fn the_data_file_has_no_one_entry_groups() {
        for line in BUILTIN
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        {
            assert!(line.split(',').count() >= 2, "{line}");
        }
    }

    #[test]
    fn everyday_phrases_reach_the_words_the_bank_uses() {
        let synonyms = Synonyms::builtin();
        let spans = synonyms.spans(&words("two writes at the same time"));
        assert_eq!(spans[2].words, words("at the same time"));
        assert!(spans[2].alternatives.contains(&words("concurrently")));
        let spans = synonyms.spans(&words("users see old data"));
        assert!(spans[2].alternatives.contains(&words("stale")));
        let spans = synonyms.spans(&words("nginx returns 502"));
        assert!(spans[2].alternatives.contains(&words("bad gateway")));
    }
}
