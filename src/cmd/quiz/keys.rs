//! The keys of a quiz session. On a terminal, single key presses: raw mode (crossterm, through termimad)
//! is on only while waiting for a key, so everything else is written normally. Through a pipe, one line
//! per key (an empty line is Enter), so tests and scripts can drive a whole session; the end of input
//! ends the session.

use std::io::{self, BufRead, IsTerminal, StdinLock};

use anyhow::{Context, Result};
use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::terminal;

use crate::practice::Grade;

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// Space or Enter: show the answer.
    Reveal,
    Grade(Grade),
    Undo,
    Skip,
    Quit,
    /// Any other key: ignored.
    Other,
}

/// Where keys come from.
pub enum Keys {
    Terminal,
    Lines(StdinLock<'static>),
}

impl Keys {
    /// Single key presses when standard input is a terminal, lines otherwise.
    pub fn from_stdin() -> Keys {
        let stdin = io::stdin();
        if stdin.is_terminal() {
            Keys::Terminal
        } else {
            Keys::Lines(stdin.lock())
        }
    }

    pub fn is_terminal(&self) -> bool {
        matches!(self, Keys::Terminal)
    }

    /// The next key.
    pub fn next(&mut self) -> Result<Key> {
        match self {
            Keys::Terminal => key_press(),
            Keys::Lines(lines) => {
                let mut line = String::new();
                let read = lines.read_line(&mut line).context("reading keys")?;
                Ok(if read == 0 {
                    Key::Quit
                } else {
                    line_key(&line)
                })
            }
        }
    }
}

/// The key a line of input stands for.
pub fn line_key(line: &str) -> Key {
    match line.trim() {
        "" => Key::Reveal,
        text => {
            let mut chars = text.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => char_key(c),
                _ => Key::Other,
            }
        }
    }
}

fn char_key(c: char) -> Key {
    match c.to_ascii_lowercase() {
        ' ' => Key::Reveal,
        '1' => Key::Grade(Grade::Again),
        '2' => Key::Grade(Grade::Hard),
        '3' => Key::Grade(Grade::Good),
        '4' => Key::Grade(Grade::Easy),
        'u' => Key::Undo,
        's' => Key::Skip,
        'q' => Key::Quit,
        _ => Key::Other,
    }
}

/// One key press, in raw mode for as long as it takes.
fn key_press() -> Result<Key> {
    terminal::enable_raw_mode().context("reading keys from the terminal")?;
    let key = loop {
        match event::read() {
            Ok(Event::Key(press)) if press.kind == KeyEventKind::Press => {
                break Ok(event_key(press));
            }
            Ok(_) => continue,
            Err(err) => break Err(err),
        }
    };
    terminal::disable_raw_mode().context("leaving raw mode")?;
    key.context("reading keys from the terminal")
}

pub fn event_key(press: KeyEvent) -> Key {
    let control = press.modifiers.contains(KeyModifiers::CONTROL);
    match press.code {
        // Raw mode turns Ctrl-C into a key: it ends the session like `q`.
        KeyCode::Char('c' | 'd') if control => Key::Quit,
        KeyCode::Enter => Key::Reveal,
        KeyCode::Esc => Key::Quit,
        KeyCode::Char(c) => char_key(c),
        _ => Key::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_stand_for_keys() {
        for (line, key) in [
            ("\n", Key::Reveal),
            (" \n", Key::Reveal),
            ("3\n", Key::Grade(Grade::Good)),
            ("1", Key::Grade(Grade::Again)),
            ("4\r\n", Key::Grade(Grade::Easy)),
            ("U\n", Key::Undo),
            ("s\n", Key::Skip),
            ("q\n", Key::Quit),
            ("33\n", Key::Other),
            ("x\n", Key::Other),
        ] {
            assert_eq!(line_key(line), key, "{line:?}");
        }
    }
}
