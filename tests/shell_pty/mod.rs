//! Running `qa` in a pseudo-terminal (util-linux `script`) with the test environment's variables, for
//! the features that behave differently on a terminal: the pager and the picker.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::Env;

/// `script` running `line` under `sh` in a terminal `cols` x `rows`, with the environment `env.bare()`
/// gives `qa` (its own home, no inherited `QA_*`, NO_COLOR set) and `qa` on the PATH's place as
/// `$QA`.
pub fn script(env: &Env, cols: usize, rows: usize, line: &str) -> Command {
    let bare = env.bare();
    let mut command = Command::new("script");
    for (name, value) in bare.get_envs() {
        match value {
            Some(value) => command.env(name, value),
            None => command.env_remove(name),
        };
    }
    command
        .args([
            "-qec",
            &format!("stty cols {cols} rows {rows}; {line}"),
            "/dev/null",
        ])
        .env("QA", env!("CARGO_BIN_EXE_qa"))
        .env("TERM", "xterm-256color")
        .env_remove("LESS")
        .env_remove("PAGER")
        .current_dir(env.path());
    command
}

/// `$QA --corpus corpus --index index ARGS...` as a shell line, each argument quoted; in the plain
/// view (`--color never`, as NO_COLOR no longer gives it) unless ARGS choose a colour.
pub fn qa_line(args: &[&str]) -> String {
    let mut line = "\"$QA\" --corpus corpus --index index".to_string();
    if !args.contains(&"--color") {
        line.push_str(" --color never");
    }
    for arg in args {
        line.push_str(&format!(" '{arg}'"));
    }
    line
}

/// Runs `command` (a `script`), waits until the terminal shows `ready`, types each of `keys` with a
/// pause after it, and returns everything the terminal showed (escape sequences stripped, `\r\n` as
/// `\n`) once the command ends.
pub fn drive(mut command: Command, ready: &str, keys: &[&str]) -> String {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("util-linux `script`");
    let screen = Arc::new(Mutex::new(Vec::new()));
    let mut out = child.stdout.take().unwrap();
    let reader = {
        let screen = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 {
                    break;
                }
                screen.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        })
    };
    let started = Instant::now();
    while !text(&screen.lock().unwrap()).contains(ready) {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "never showed {ready:?}: {}",
            text(&screen.lock().unwrap())
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(300));
    let mut stdin = child.stdin.take().unwrap();
    // The command may end before every key is typed (a pager that quits at the end): the screen says
    // what happened, not the pipe.
    for key in keys {
        if stdin
            .write_all(key.as_bytes())
            .and_then(|()| stdin.flush())
            .is_err()
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    child.wait().unwrap();
    reader.join().unwrap();
    text(&screen.lock().unwrap())
}

/// Terminal output as text: escape sequences stripped, lines ending in `\n`.
pub fn text(raw: &[u8]) -> String {
    String::from_utf8_lossy(&strip_ansi_escapes::strip(raw)).replace("\r\n", "\n")
}
