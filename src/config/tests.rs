//! The lookup order of banks and indexes, on temporary folders.

use std::fs;

use tempfile::TempDir;

use super::*;

struct Home {
    dir: TempDir,
}

impl Home {
    fn new() -> Home {
        Home {
            dir: TempDir::new().unwrap(),
        }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.path(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        path
    }

    fn env(&self, cwd: &str) -> Environment {
        let cwd = self.path(cwd);
        fs::create_dir_all(&cwd).unwrap();
        Environment {
            cwd,
            dirs: Some(UserDirs {
                config: self.path("config/qa"),
                cache: self.path("cache/qa"),
                data: self.path("data/qa"),
            }),
            temp: self.path("tmp"),
            ..Environment::default()
        }
    }
}

fn names(config: &Config) -> Vec<&str> {
    config.sources.iter().map(|s| s.name.as_str()).collect()
}

#[test]
fn with_nothing_configured_the_builtin_bank_is_searched_from_the_cache() {
    let home = Home::new();
    let config = resolve(Flags::default(), home.env("somewhere"));
    assert_eq!(config.origin, Origin::BuiltIn);
    assert_eq!(names(&config), ["builtin"]);
    let source = &config.sources[0];
    assert!(source.builtin);
    assert!(source.folder.starts_with(home.path("cache/qa")));
    assert!(source.index.starts_with(home.path("cache/qa/indexes")));
    assert_eq!(
        config.state,
        Some(home.path("data/qa/practice.sqlite3")),
        "practice state in the data folder"
    );
    assert!(config.warnings.is_empty(), "{:?}", config.warnings);
}

#[test]
fn flag_beats_environment_beats_project_beats_user_config() {
    let home = Home::new();
    home.write(
        "p/qa.toml",
        "index = \"index\"\n[[source]]\nname = \"corpus\"\npath = \"corpus\"\n",
    );
    home.write(
        "config/qa/config.toml",
        "[[source]]\nname = \"notes\"\npath = \"/notes\"\n",
    );
    let env = home.env("p/deep/er");
    let project = resolve(Flags::default(), env.clone());
    assert_eq!(project.origin, Origin::Project(home.path("p/qa.toml")));
    assert_eq!(names(&project), ["corpus"]);
    assert_eq!(project.sources[0].folder, home.path("p/corpus"));
    assert_eq!(
        project.sources[0].index,
        home.path("p/index"),
        "the checkout's index/"
    );

    let by_env = resolve(
        Flags::default(),
        Environment {
            corpus: Some("/env/bank".into()),
            ..env.clone()
        },
    );
    assert_eq!(by_env.origin, Origin::Environment);
    assert_eq!(by_env.sources[0].folder, PathBuf::from("/env/bank"));
    assert!(
        by_env.sources[0]
            .index
            .starts_with(home.path("cache/qa/corpora"))
    );

    let by_flag = resolve(
        Flags {
            corpus: Some("/flag/bank".into()),
            index: Some("/flag/index".into()),
            ..Flags::default()
        },
        Environment {
            corpus: Some("/env/bank".into()),
            ..env
        },
    );
    assert_eq!(by_flag.origin, Origin::Flag);
    assert_eq!(by_flag.sources[0].folder, PathBuf::from("/flag/bank"));
    assert_eq!(by_flag.sources[0].index, PathBuf::from("/flag/index"));

    let user = resolve(Flags::default(), home.env("elsewhere"));
    assert_eq!(
        user.origin,
        Origin::UserConfig(home.path("config/qa/config.toml"))
    );
    assert_eq!(names(&user), ["builtin", "notes"]);
    assert_eq!(user.sources[1].index, home.path("cache/qa/indexes/notes"));
}

#[test]
fn a_broken_user_config_is_one_warning_and_the_builtin_bank_answers() {
    let home = Home::new();
    let path = home.write("config/qa/config.toml", "builtin = true\n[[source]\n");
    let config = resolve(Flags::default(), home.env("x"));
    assert_eq!(names(&config), ["builtin"]);
    assert_eq!(config.warnings.len(), 1, "{:?}", config.warnings);
    assert!(
        config.warnings[0].starts_with(&format!("{}:2: ", path.display())),
        "{:?}",
        config.warnings
    );
}

#[test]
fn another_tools_qa_toml_is_skipped_and_unknown_keys_are_named_once() {
    let home = Home::new();
    home.write("a/qa.toml", "[tool]\nanswer = 42\n");
    let config = resolve(Flags::default(), home.env("a/b"));
    assert_eq!(config.origin, Origin::BuiltIn);
    assert_eq!(config.warnings.len(), 1, "{:?}", config.warnings);
    assert!(config.warnings[0].contains("not a qa project file"));

    home.write(
        "a/qa.toml",
        "colour = \"red\"\n[[source]]\nname = \"x\"\npath = \"x\"\nweight = 1\n",
    );
    let config = resolve(Flags::default(), home.env("a/b"));
    assert_eq!(names(&config), ["x"]);
    assert_eq!(config.warnings.len(), 1, "{:?}", config.warnings);
    assert!(config.warnings[0].ends_with("unknown key(s) colour, source.weight ignored"));
}

#[test]
fn qa_state_and_qa_config_override_the_user_folders() {
    let home = Home::new();
    let custom = home.write(
        "elsewhere.toml",
        "builtin = false\n[[source]]\nname = \"mine\"\npath = \"mine\"\n",
    );
    let env = Environment {
        state: Some("/tmp/s.sqlite3".into()),
        config: Some(custom.clone()),
        ..home.env("x")
    };
    let config = resolve(Flags::default(), env);
    assert_eq!(config.state, Some(PathBuf::from("/tmp/s.sqlite3")));
    assert_eq!(config.origin, Origin::UserConfig(custom));
    assert_eq!(names(&config), ["mine"]);
    assert_eq!(
        config.sources[0].folder,
        home.path("mine"),
        "relative to the file"
    );
}

#[test]
fn without_a_home_the_cache_is_in_the_temporary_folder() {
    let home = Home::new();
    let env = Environment {
        dirs: None,
        ..home.env("x")
    };
    let config = resolve(Flags::default(), env);
    assert!(config.sources[0].folder.starts_with(home.path("tmp")));
    assert_eq!(config.state, None);
}
