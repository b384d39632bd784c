//! The pager and colour settings as a user meets them: whole answers taller than the window go through
//! $QA_PAGER, else $PAGER, else `less -RS`, only on a terminal (driven in a pseudo-terminal here);
//! `--color`, NO_COLOR and CLICOLOR_FORCE decide the escape codes, also through a pipe.

mod shell_pty;
mod support;

use std::path::PathBuf;

use shell_pty::{qa_line, script};
use support::{Env, sample, stdout};

const JWT: &str = "security/jwt#how-do-refresh-tokens-work-with-jwt-access-tokens";

/// A pager that records what it was given (and the LESS it saw) instead of showing it.
fn fake_pager(env: &Env, name: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = env.path().join(name);
    let script = format!(
        "#!/bin/sh\nprintf '%s' \"$LESS\" > '{dir}/{name}.less'\ncat > '{dir}/{name}.txt'\n",
        dir = env.path().display()
    );
    std::fs::write(&path, script).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// What `qa ARGS` shows in a pseudo-terminal `rows` tall with the fake pager as QA_PAGER, and what
/// that pager got, if it ran.
fn paged(env: &Env, rows: usize, args: &[&str], vars: &[(&str, &str)]) -> (String, Option<String>) {
    let got = env.path().join("pager.txt");
    let _ = std::fs::remove_file(&got);
    let mut command = script(env, 80, rows, &format!("exec {}", qa_line(args)));
    command
        .stdin(std::process::Stdio::null())
        .env("QA_PAGER", fake_pager(env, "pager"));
    for (name, value) in vars {
        command.env(name, value);
    }
    let output = command.output().expect("util-linux `script`");
    assert!(output.status.success(), "{args:?}: {}", stdout(&output));
    (
        stdout(&output).replace("\r\n", "\n"),
        std::fs::read_to_string(got).ok(),
    )
}

#[test]
fn long_answers_are_paged_only_on_a_terminal_and_only_when_taller() {
    let env = sample();
    env.qa().arg("index").assert().success();
    let show = ["show", JWT];
    // Taller than the window: through the pager, with LESS set for colours and long lines.
    let (screen, pager) = paged(&env, 4, &show, &[]);
    let pager = pager.expect("paged");
    assert!(pager.starts_with("How do refresh tokens work"), "{pager}");
    assert!(!screen.contains("refresh token"), "{screen}");
    assert_eq!(
        std::fs::read_to_string(env.path().join("pager.less")).unwrap(),
        "RS"
    );
    // Shorter than the window, or told not to: printed directly.
    for (rows, args) in [
        (200, vec!["show", JWT]),
        (4, vec!["--no-pager", "show", JWT]),
        (4, vec!["--paging", "never", "show", JWT]),
    ] {
        let (screen, pager) = paged(&env, rows, &args, &[]);
        assert_eq!(pager, None, "{args:?}");
        assert!(
            screen.starts_with("How do refresh tokens work"),
            "{args:?}: {screen}"
        );
    }
    // A list of snippets is left to the terminal's scrollback.
    let (screen, pager) = paged(&env, 4, &["search", "middleware"], &[]);
    assert_eq!(pager, None);
    assert!(screen.starts_with("1. "), "{screen}");
    // Whole answers are paged; lists only when asked.
    for args in [
        vec!["search", "middleware", "--full"],
        vec!["random"],
        vec!["--paging", "always", "search", "middleware"],
    ] {
        assert!(paged(&env, 4, &args, &[]).1.is_some(), "{args:?}");
    }
    // QA_PAGING=never is the same as --no-pager.
    assert_eq!(paged(&env, 4, &show, &[("QA_PAGING", "never")]).1, None);
    // Not a terminal: never paged, even when asked to.
    let piped = env
        .qa()
        .env("QA_PAGER", fake_pager(&env, "pager"))
        .args(["--paging", "always", "show", JWT])
        .output()
        .unwrap();
    assert!(stdout(&piped).starts_with("How do refresh tokens work"));
    assert!(!env.path().join("pager.txt").exists());
}

#[test]
fn the_pager_is_qa_pager_then_pager_then_less() {
    let env = sample();
    env.qa().arg("index").assert().success();
    let theirs = fake_pager(&env, "theirs");
    // QA_PAGER wins over PAGER.
    let (_, ours) = paged(
        &env,
        4,
        &["show", JWT],
        &[("PAGER", theirs.to_str().unwrap())],
    );
    assert!(ours.is_some(), "QA_PAGER first");
    assert!(!env.path().join("theirs.txt").exists());
    // Without QA_PAGER, PAGER.
    let output = script(&env, 80, 4, &format!("exec {}", qa_line(&["show", JWT])))
        .stdin(std::process::Stdio::null())
        .env("PAGER", &theirs)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stdout(&output));
    let got = std::fs::read_to_string(env.path().join("theirs.txt")).expect("PAGER ran");
    assert!(got.starts_with("How do refresh tokens work"), "{got}");
    // Neither: `less`, told to show colours and scroll long lines sideways (LESS=RS); `q` quits it.
    if std::process::Command::new("less")
        .arg("--version")
        .output()
        .is_ok()
    {
        let screen = shell_pty::drive(
            script(&env, 80, 6, &qa_line(&["show", JWT])),
            "How do refresh tokens work",
            &["q"],
        );
        assert!(screen.contains("How do refresh tokens work"), "{screen}");
    }
}

#[test]
fn colour_follows_the_flag_then_no_color_then_clicolor_force() {
    let env = sample();
    env.qa().arg("index").assert().success();
    for (args, vars, coloured) in [
        (vec![], vec![], false),
        (
            vec!["--color", "never"],
            vec![("CLICOLOR_FORCE", "1")],
            false,
        ),
        (vec!["--color", "always"], vec![("NO_COLOR", "1")], true),
        (vec![], vec![("CLICOLOR_FORCE", "1")], true),
        (vec![], vec![("CLICOLOR_FORCE", "0")], false),
        (
            vec![],
            vec![("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
            false,
        ),
    ] {
        for command in [vec!["show", JWT], vec!["search", "middleware"]] {
            let mut qa = env.qa();
            qa.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
            for (name, value) in &vars {
                qa.env(name, value);
            }
            let output = qa.args(&args).args(&command).output().unwrap();
            assert_eq!(output.status.code(), Some(0));
            assert_eq!(
                stdout(&output).contains('\u{1b}'),
                coloured,
                "{args:?} {vars:?} {command:?}"
            );
        }
    }
}
