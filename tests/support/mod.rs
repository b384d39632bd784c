//! A test environment: a temporary corpus and index, and `qa` run on them with a clean environment.

#![allow(dead_code)]

pub mod quiz;
pub mod ranking;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

pub struct Env {
    pub dir: TempDir,
}

impl Env {
    pub fn new() -> Env {
        let env = Env {
            dir: TempDir::new().expect("temp dir"),
        };
        fs::create_dir_all(env.corpus()).expect("corpus dir");
        env
    }

    pub fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    pub fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    /// Writes a bank file (parents created) relative to the corpus.
    pub fn write(&self, path: &str, text: impl AsRef<[u8]>) -> &Env {
        let full = self.corpus().join(path);
        fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        fs::write(full, text).expect("write");
        self
    }

    pub fn remove(&self, path: &str) {
        fs::remove_file(self.corpus().join(path)).expect("remove");
    }

    /// The cache dir `qa` keeps indexes and the last result list in (`$XDG_CACHE_HOME/qa`).
    pub fn cache(&self) -> PathBuf {
        self.home().join(".cache/qa")
    }

    /// `qa` with `--corpus` and `--index` set, no colour, no inherited `QA_*` variables, and a home
    /// folder of its own (where `qa quiz` keeps its state and `qa show N` its list).
    pub fn qa(&self) -> Command {
        Command::from_std(self.command())
    }

    /// The same as a plain `std::process::Command`, for tests that spawn, race or kill `qa`.
    pub fn command(&self) -> std::process::Command {
        let mut cmd = self.bare();
        cmd.arg("--corpus")
            .arg(self.corpus())
            .arg("--index")
            .arg(self.index());
        cmd
    }

    /// The test's home folder: `qa`'s config, cache and data live below it.
    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// `qa` in the test folder with no flags: no colour, no inherited `QA_*`, colour or XDG variables,
    /// and a home folder of its own.
    pub fn bare(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_qa"));
        for (name, _) in std::env::vars_os() {
            let name = name.to_string_lossy();
            if name.starts_with("QA_") || name.starts_with("XDG_") || name.starts_with("CLICOLOR") {
                cmd.env_remove(&*name);
            }
        }
        let home = self.home();
        cmd.env("NO_COLOR", "1")
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_CACHE_HOME", home.join(".cache"))
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .current_dir(self.dir.path());
        cmd
    }

    /// Where `qa quiz` keeps its state in this environment (`$XDG_DATA_HOME/qa/practice.sqlite3`).
    pub fn state(&self) -> PathBuf {
        self.home().join(".local/share/qa/practice.sqlite3")
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// A bank file in our format with the given questions (question, level, tags, answer).
pub fn bank_file(
    topic: &str,
    framework: Option<&str>,
    questions: &[(&str, &str, &str, &str)],
) -> String {
    let mut text = format!("---\ntopic: {topic}\n");
    if let Some(framework) = framework {
        text.push_str(&format!("framework: {framework}\n"));
    }
    text.push_str("---\n\n# Subject\n\n");
    for (question, level, tags, answer) in questions {
        text.push_str(&format!(
            "## {question}\n\n**Level:** {level} · **Tags:** {tags}\n\n{answer}\n\n"
        ));
    }
    text
}

pub fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A small bank in our format: two security questions (JWT), one Laravel and one Express middleware
/// question.
pub fn sample() -> Env {
    let env = Env::new();
    env.write(
        "security/jwt.md",
        bank_file(
            "security",
            None,
            &[
                (
                    "How do refresh tokens work with JWT access tokens?",
                    "mid",
                    "jwt, refresh token",
                    "A short-lived access token is sent with each request; a long-lived refresh token is \
                     exchanged for a new access token. Rotate refresh tokens on every use.",
                ),
                (
                    "What is a JWT made of?",
                    "junior",
                    "jwt",
                    "A header, a payload and a signature, each base64url-encoded and joined by dots.",
                ),
            ],
        ),
    );
    env.write(
        "laravel/middleware.md",
        bank_file(
            "laravel",
            Some("laravel"),
            &[(
                "How does middleware work in Laravel?",
                "mid",
                "middleware",
                "Each request passes through a pipeline of middleware classes before the controller; \
                 a middleware calls `$next($request)` to pass it on.\n\n```php\nreturn $next($request);\n```",
            )],
        ),
    );
    env.write(
        "express/middleware.md",
        bank_file(
            "express",
            Some("express"),
            &[(
                "In what order does Express run middleware?",
                "junior",
                "middleware, app.use",
                "In the order app.use registered it; each middleware calls next() to pass the request on.",
            )],
        ),
    );
    env
}
