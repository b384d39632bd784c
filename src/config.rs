//! Where everything lives, resolved once: the bank, its index, the user's synonyms and practice state.
//! Each location comes from the first of: a flag, an environment variable, the default. `cmd` gathers
//! the raw inputs (flags, `QA_*` variables, the user's platform folders); the rest of `qa` receives the
//! resolved `Config` and never looks at the environment itself (tealdeer's `config.rs`).

use std::path::PathBuf;

/// The bank and its index, as every index operation receives them.
#[derive(Debug, Clone)]
pub struct Paths {
    pub corpus: PathBuf,
    pub index: PathBuf,
}

/// Locations given as flags.
#[derive(Debug, Default, Clone)]
pub struct Flags {
    pub corpus: Option<PathBuf>,
    pub index: Option<PathBuf>,
    pub synonyms: Option<PathBuf>,
}

/// What `cmd` read from the process for locations.
#[derive(Debug, Default, Clone)]
pub struct Environment {
    /// `QA_CORPUS`, `QA_INDEX`, `QA_SYNONYMS`, `QA_STATE` (empty values count as unset).
    pub corpus: Option<PathBuf>,
    pub index: Option<PathBuf>,
    pub synonyms: Option<PathBuf>,
    pub state: Option<PathBuf>,
    /// The user's platform folders for `qa` (XDG on Linux), `None` without a home folder.
    pub dirs: Option<UserDirs>,
}

/// The user's folders for `qa`: `~/.config/qa`, `~/.cache/qa`, `~/.local/share/qa` on Linux.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserDirs {
    pub config: PathBuf,
    pub cache: PathBuf,
    pub data: PathBuf,
}

/// Every location `qa` uses, resolved.
#[derive(Debug, Clone)]
pub struct Config {
    /// The bank and its index.
    pub paths: Paths,
    /// A user's synonym file, added to the built-in groups.
    pub synonyms: Option<PathBuf>,
    /// The practice state (`qa quiz`): `QA_STATE`, else `practice.sqlite3` in the user's data folder;
    /// `None` when there is neither.
    pub state: Option<PathBuf>,
}

/// File name of the practice state in the user's data folder.
pub const STATE_FILE: &str = "practice.sqlite3";

/// Resolves every location: flag, then environment, then default.
pub fn resolve(flags: Flags, env: Environment) -> Config {
    let corpus = flags
        .corpus
        .or(env.corpus)
        .unwrap_or_else(|| PathBuf::from("corpus"));
    let index = flags
        .index
        .or(env.index)
        .unwrap_or_else(|| PathBuf::from("index"));
    let state = env
        .state
        .or_else(|| env.dirs.as_ref().map(|dirs| dirs.data.join(STATE_FILE)));
    Config {
        paths: Paths { corpus, index },
        synonyms: flags.synonyms.or(env.synonyms),
        state,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dirs() -> UserDirs {
        UserDirs {
            config: "/home/u/.config/qa".into(),
            cache: "/home/u/.cache/qa".into(),
            data: "/home/u/.local/share/qa".into(),
        }
    }

    #[test]
    fn flags_win_over_the_environment_which_wins_over_defaults() {
        let env = Environment {
            corpus: Some("/env/corpus".into()),
            index: Some("/env/index".into()),
            synonyms: Some("/env/syn".into()),
            ..Environment::default()
        };
        let flags = Flags {
            corpus: Some("/flag/corpus".into()),
            ..Flags::default()
        };
        let config = resolve(flags, env);
        assert_eq!(config.paths.corpus, PathBuf::from("/flag/corpus"));
        assert_eq!(config.paths.index, PathBuf::from("/env/index"));
        assert_eq!(config.synonyms, Some(PathBuf::from("/env/syn")));
        let config = resolve(Flags::default(), Environment::default());
        assert_eq!(config.paths.corpus, PathBuf::from("corpus"));
        assert_eq!(config.paths.index, PathBuf::from("index"));
        assert_eq!(config.synonyms, None);
    }

    #[test]
    fn practice_state_lives_in_the_data_folder_unless_qa_state_says() {
        let env = Environment {
            dirs: Some(dirs()),
            ..Environment::default()
        };
        assert_eq!(
            resolve(Flags::default(), env.clone()).state,
            Some(PathBuf::from("/home/u/.local/share/qa/practice.sqlite3"))
        );
        let env = Environment {
            state: Some("/tmp/s.sqlite3".into()),
            ..env
        };
        assert_eq!(
            resolve(Flags::default(), env).state,
            Some(PathBuf::from("/tmp/s.sqlite3"))
        );
        assert_eq!(
            resolve(Flags::default(), Environment::default()).state,
            None
        );
    }
}
