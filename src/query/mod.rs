//! What the user typed → what to look for. Pure: the search syntax is read here and nowhere else.
//!
//! Syntax: words; `"an exact phrase"`; `-word` or `-"a phrase"` to exclude; `topic:laravel`,
//! `framework:express`, `tag:jwt`, `level:senior`, `source:notes` to filter. Anything else is a word: an unknown `key:`
//! or a lone `-` is text, an unbalanced quote is ignored, so no input is ever a syntax error.

pub mod intent;
mod search;
pub mod synonyms;

pub use search::{Filters, Search};

use crate::entry::Level;

/// A query as the user meant it, before any analysis.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Query {
    /// Loose words, lowercased, in the order typed.
    pub words: Vec<String>,
    /// Quoted phrases, each as typed (lowercased).
    pub phrases: Vec<String>,
    /// Words and phrases the answer must not contain.
    pub excluded: Vec<String>,
    pub topic: Option<String>,
    pub framework: Option<String>,
    pub tags: Vec<String>,
    pub level: Option<Level>,
    /// Only this source (bank); not a field of the index: `Banks` picks the sources.
    pub source: Option<String>,
    /// True when the text ends inside a word (no trailing space): the last word may be unfinished.
    pub last_word_open: bool,
    /// Pasted from an error, a log or code (see `intent::is_pasted`): matched exactly.
    pub pasted: bool,
    /// Asked as a question rather than stated (see `intent::is_question`): a problem stated in a
    /// sentence ("users get logged out after every deploy") wants the entry that names and introduces it.
    pub asks: bool,
    /// Asks what something is: its subject (see `intent::defined_subject`), whose defining entry comes
    /// first.
    pub definition: Option<String>,
    /// Which of `words` were typed in capitals in a query that is not all capitals (`how do you use
    /// EXPLAIN`, `GROUP BY`): a code keyword, even where the same word in lowercase is filler.
    pub capitals: Vec<bool>,
}

impl Query {
    /// Nothing left to search for (filters alone do not make a search).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }

    /// Filters and nothing else (`tag:jwt`, `level:senior topic:php`): a listing, not a search.
    pub fn is_filters_only(&self) -> bool {
        self.is_empty()
            && self.excluded.is_empty()
            && (self.topic.is_some()
                || self.framework.is_some()
                || !self.tags.is_empty()
                || self.level.is_some()
                || self.source.is_some())
    }
}

/// What the syntax named that no filter knows, for `Search::resolve` to reject.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Unknown {
    /// A `level:` value that names no level.
    pub level: Option<String>,
}

/// Reads the search syntax. Never fails.
pub fn parse(text: &str) -> Query {
    read(text).0
}

/// `parse`, with what the query named that no filter knows.
pub fn read(text: &str) -> (Query, Unknown) {
    // A question pasted from a page or a chat has typographic apostrophes: "what’s" is "what's".
    let text = &text.replace(['\u{2019}', '\u{2018}'], "'");
    let mut query = Query::default();
    let mut unknown = Unknown::default();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        // `-word` excludes; `--flag` is a pasted command-line option (`node --watch`), and `-1` a
        // number ("stock shows -1"): words.
        let negated = rest.starts_with('-')
            && rest[1..]
                .starts_with(|c: char| !c.is_whitespace() && c != '-' && !c.is_ascii_digit());
        let body = if negated { &rest[1..] } else { rest };
        if let Some(after_quote) = body.strip_prefix('"') {
            if let Some(close) = after_quote.find('"') {
                let phrase = after_quote[..close].trim().to_lowercase();
                if !phrase.is_empty() {
                    if negated {
                        query.excluded.push(phrase)
                    } else {
                        query.phrases.push(phrase)
                    }
                }
                rest = after_quote[close + 1..].trim_start();
                continue;
            }
            // Unbalanced: the quote is not syntax.
            rest = after_quote;
            continue;
        }
        let end = body.find(char::is_whitespace).unwrap_or(body.len());
        let word = &body[..end];
        rest = body[end..].trim_start();
        if negated {
            query.excluded.push(word.to_lowercase());
        } else if !apply_filter(&mut query, &mut unknown, word) {
            query.words.push(word.to_lowercase());
            query.capitals.push(is_capitals(word));
        }
    }
    // All capitals is a way of typing, not a keyword.
    if !text.chars().any(char::is_lowercase) {
        query.capitals.fill(false);
    }
    query.last_word_open = !query.words.is_empty()
        && !text.ends_with(char::is_whitespace)
        && !text.trim_end().ends_with('"')
        && text
            .split_whitespace()
            .last()
            .map(str::to_lowercase)
            .as_ref()
            == query.words.last();
    query.pasted = intent::is_pasted(text);
    query.asks = intent::is_question(text);
    query.definition = intent::defined_subject(text);
    (query, unknown)
}

/// A word of two letters or more in capitals (`EXPLAIN`, `BY`), but not the boolean operators people
/// carry over from web search (`AND`, `OR`), which stay filler.
fn is_capitals(word: &str) -> bool {
    let letters = word.trim_matches(|c: char| !c.is_alphabetic());
    letters.chars().count() >= 2
        && letters.chars().all(|c| c.is_uppercase())
        && !matches!(letters, "AND" | "OR")
}

/// Handles `key:value`; false when the word is not a filter.
fn apply_filter(query: &mut Query, unknown: &mut Unknown, word: &str) -> bool {
    let Some((key, value)) = word.split_once(':') else {
        return false;
    };
    let value = value.trim_matches('"').to_lowercase();
    if value.is_empty() {
        return false;
    }
    match key.to_lowercase().as_str() {
        "topic" => query.topic = Some(value),
        "framework" => query.framework = Some(value),
        "source" => query.source = Some(value),
        "tag" => query.tags.push(value.replace(['-', '_'], " ")),
        "level" => match Level::parse(&value) {
            Some(level) => query.level = Some(level),
            None => unknown.level = Some(value),
        },
        _ => return false,
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_phrases_and_exclusions() {
        let q = parse("JWT \"refresh token\" -cookie -\"local storage\" rotation");
        assert_eq!(q.words, ["jwt", "rotation"]);
        assert_eq!(q.phrases, ["refresh token"]);
        assert_eq!(q.excluded, ["cookie", "local storage"]);
        assert!(q.last_word_open);
    }

    #[test]
    fn typographic_apostrophes_are_plain_ones() {
        let q = parse("What\u{2019}s the difference");
        assert_eq!(q.words, ["what's", "the", "difference"]);
        assert!(q.last_word_open);
    }

    #[test]
    fn a_command_line_option_is_a_word_not_an_exclusion() {
        let q = parse("node --env-file .env -dotenv");
        assert_eq!(q.words, ["node", "--env-file", ".env"]);
        assert_eq!(q.excluded, ["dotenv"]);
    }

    #[test]
    fn a_negative_number_is_a_word_not_an_exclusion() {
        let q = parse("stock shows -1 after two orders -oauth");
        assert_eq!(q.words, ["stock", "shows", "-1", "after", "two", "orders"]);
        assert_eq!(q.excluded, ["oauth"]);
    }

    #[test]
    fn filters_inside_the_query() {
        let q = parse("topic:laravel framework:Laravel tag:n+1 level:senior eager loading ");
        assert_eq!(q.topic.as_deref(), Some("laravel"));
        assert_eq!(q.framework.as_deref(), Some("laravel"));
        assert_eq!(q.tags, ["n+1"]);
        assert_eq!(q.level, Some(Level::Senior));
        assert_eq!(q.words, ["eager", "loading"]);
        assert!(!q.last_word_open, "a trailing space closes the last word");
    }

    #[test]
    fn nothing_is_a_syntax_error() {
        for text in [
            "\"unbalanced",
            "AND (",
            "title:",
            "-",
            "*",
            "",
            "c++",
            "node.js",
            "a\"b",
            "--x",
            ":",
        ] {
            let q = parse(text);
            assert!(
                q.words.iter().chain(&q.phrases).all(|w| !w.is_empty()),
                "{text}: {q:?}"
            );
        }
        assert_eq!(parse("\"unbalanced").words, ["unbalanced"]);
        assert_eq!(parse("title:").words, ["title:"]);
        assert_eq!(parse("-").words, ["-"]);
        assert_eq!(parse("url:http://x").words, ["url:http://x"]);
    }

    #[test]
    fn words_in_capitals_are_keywords_unless_everything_is() {
        let q = parse("how do you use EXPLAIN with GROUP BY AND having");
        let capitals: Vec<&str> = q
            .words
            .iter()
            .zip(&q.capitals)
            .filter(|(_, capital)| **capital)
            .map(|(word, _)| word.as_str())
            .collect();
        assert_eq!(capitals, ["explain", "group", "by"]);
        assert!(parse("HOW DO I USE EXPLAIN").capitals.iter().all(|c| !c));
        assert!(!parse("I think so").capitals[0]);
    }

    #[test]
    fn unknown_level_is_reported() {
        assert_eq!(read("level:guru x").1.level.as_deref(), Some("guru"));
    }
}
