//! `qa` at home in the shell: completion scripts, the man page, colour and pager control.

mod support;

use support::{Env, sample, stderr, stdout};

const SHELLS: [&str; 5] = ["bash", "zsh", "fish", "powershell", "elvish"];
const JWT: &str = "security/jwt#how-do-refresh-tokens-work-with-jwt-access-tokens";

#[test]
fn completions_for_every_shell_name_the_subcommands_and_the_banks_topics() {
    let env = sample();
    for shell in SHELLS {
        let output = env.qa().args(["completions", shell]).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{shell}: {}",
            stderr(&output)
        );
        let script = stdout(&output);
        let mut words = vec![
            "search",
            "show",
            "topics",
            "index",
            "completions",
            "framework",
        ];
        // clap_complete's PowerShell and elvish scripts complete no values: those come with --dynamic.
        if !["powershell", "elvish"].contains(&shell) {
            words.extend(["senior", "security", "laravel", "express"]);
        }
        for word in words {
            assert!(script.contains(word), "{shell} script lacks {word:?}");
        }
    }
}

/// What `qa` answers when `shell`'s dynamic registration asks it to complete `words` (the last one
/// being typed), read from the bank and index named by QA_CORPUS and QA_INDEX (at a Tab the flags
/// are not parsed: the variables, a project file or the user config say where the banks are).
fn complete(env: &Env, shell: &str, words: &[&str]) -> String {
    let output = env
        .command()
        .env("COMPLETE", shell)
        .env("QA_CORPUS", env.corpus())
        .env("QA_INDEX", env.index())
        .env("_CLAP_IFS", "\n")
        .env("_CLAP_COMPLETE_INDEX", (words.len() - 1).to_string())
        .arg("--")
        .args(words)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    stdout(&output)
}

#[test]
fn dynamic_completion_offers_the_indexs_topics_and_ids_in_every_shell() {
    let env = sample();
    env.qa().arg("index").assert().success();
    for shell in SHELLS {
        let output = env
            .qa()
            .args(["completions", shell, "--dynamic"])
            .output()
            .unwrap();
        assert!(
            stdout(&output).contains("COMPLETE"),
            "{shell}: {}",
            stdout(&output)
        );
        let topics = complete(&env, shell, &["qa", "search", "--topic", "la"]);
        assert!(topics.starts_with("laravel"), "{shell}: {topics:?}");
        let ids = complete(&env, shell, &["qa", "show", "security/jwt#how"]);
        assert!(ids.starts_with(JWT), "{shell}: {ids:?}");
        assert_eq!(ids.lines().count(), 1, "{shell}: {ids:?}");
    }
    // After a search, `qa show <Tab>` offers its numbers first.
    env.qa().args(["search", "middleware"]).assert().success();
    let numbers = complete(&env, "fish", &["qa", "show", ""]);
    let firsts: Vec<&str> = numbers.lines().take(3).map(|l| &l[..2]).collect();
    assert_eq!(firsts, ["1\t", "2\t", "ex"], "{numbers}");
    // fish shows each id's question beside it.
    assert_eq!(
        complete(&env, "fish", &["qa", "show", "security/jwt#how"]),
        format!("{JWT}\tHow do refresh tokens work with JWT access tokens?\n")
    );
}

#[test]
fn the_man_page_is_roff_that_man_renders_without_warnings() {
    let env = Env::new();
    let output = env.qa().arg("man").output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = stdout(&output);
    assert!(page.contains("\n.TH QA 1 "), "{}", &page[..80]);
    for section in [
        "SYNOPSIS",
        "OPTIONS",
        "COMMANDS",
        "\"QUERY SYNTAX\"",
        "\"EXIT STATUS\"",
    ] {
        assert!(page.contains(&format!("\n.SH {section}\n")), "no {section}");
    }
    for command in ["search", "show", "topics", "index", "completions", "man"] {
        assert!(
            page.contains(&format!(".SS \"qa {command}\"")),
            "no qa {command}"
        );
    }
    let file = env.path().join("qa.1");
    std::fs::write(&file, &page).unwrap();
    let rendered = std::process::Command::new("man")
        .args(["--warnings", "-l"])
        .arg(&file)
        .env("MANWIDTH", "80")
        .env("MANPAGER", "cat")
        .env("LC_ALL", "C.UTF-8")
        .output();
    let Ok(rendered) = rendered else {
        eprintln!("no `man` here: the page was not rendered");
        return;
    };
    assert!(rendered.status.success(), "{}", stderr(&rendered));
    assert_eq!(stderr(&rendered), "", "man warned");
    let text = stdout(&rendered);
    for heading in ["QUERY SYNTAX", "EXIT STATUS", "ENVIRONMENT", "EXAMPLES"] {
        assert!(text.contains(heading), "rendered page lacks {heading}");
    }
}
