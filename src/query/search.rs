//! A search resolved once from what the user gave: the query's syntax read, flags merged over the same
//! filters written in the query (flags win), topic and framework names slugged as the index stores them,
//! and a level that names no level rejected before any index is opened.

use anyhow::{Result, bail};

use super::{Query, read};
use crate::entry::Level;
use crate::parse::text::slug;

/// Filters and limits given as flags (`--source`, `--topic`, `--framework`, `--level`, `--all`, `-n`).
#[derive(Debug, Clone)]
pub struct Filters {
    pub source: Option<String>,
    pub topic: Option<String>,
    pub framework: Option<String>,
    pub level: Option<String>,
    /// Every concept must match (`--all`).
    pub all: bool,
    pub limit: usize,
}

impl Default for Filters {
    fn default() -> Filters {
        Filters {
            source: None,
            topic: None,
            framework: None,
            level: None,
            all: false,
            limit: 10,
        }
    }
}

/// Everything a search needs, resolved.
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// The text as typed, for messages and `--json`.
    pub text: String,
    pub query: Query,
    /// Every concept must match (`--all`).
    pub require_all: bool,
    pub limit: usize,
}

impl Search {
    /// Reads `text` and merges `filters` over what it says. Fails only on a level that names no level.
    pub fn resolve(text: &str, filters: Filters) -> Result<Search> {
        let (mut query, unknown) = read(text);
        if let Some(bad) = unknown.level {
            bail!("unknown level {bad:?}; use junior, mid or senior");
        }
        if let Some(source) = filters.source {
            query.source = Some(source);
        }
        if let Some(topic) = filters.topic {
            query.topic = Some(topic);
        }
        if let Some(framework) = filters.framework {
            query.framework = Some(framework);
        }
        if let Some(level) = filters.level {
            match Level::parse(&level) {
                Some(level) => query.level = Some(level),
                None => bail!("unknown level {level:?}; use junior, mid or senior"),
            }
        }
        // Topic and framework names are stored lowercase with `-` between words.
        query.topic = query.topic.map(|t| slug(&t));
        query.framework = query.framework.map(|f| slug(&f));
        query.source = query.source.map(|s| slug(&s));
        Ok(Search {
            text: text.to_string(),
            query,
            require_all: filters.all,
            limit: filters.limit,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_win_over_the_query_and_names_are_slugged() {
        let filters = Filters {
            topic: Some("Node JS".into()),
            level: Some("senior".into()),
            ..Filters::default()
        };
        let search =
            Search::resolve("topic:php framework:Express_App level:junior x", filters).unwrap();
        assert_eq!(search.query.topic.as_deref(), Some("node-js"));
        assert_eq!(search.query.framework.as_deref(), Some("express-app"));
        assert_eq!(search.query.level, Some(Level::Senior));
        assert_eq!(search.query.words, ["x"]);
        assert_eq!(search.limit, 10);
    }

    #[test]
    fn a_level_that_names_no_level_is_an_error() {
        let err = Search::resolve("level:guru x", Filters::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown level \"guru\"; use junior, mid or senior"
        );
    }
}
