//! Where results go and how they look, resolved once from `--color`, `--width`, `--theme`,
//! `--paging`, `--no-pager` and the environment (NO_COLOR, CLICOLOR_FORCE, QA_PAGER, PAGER): the
//! terminal view or the plain one, the width, and whether a pager shows it.

use std::io::{self, IsTerminal, Write};
use std::process::{Command, Stdio};

use anyhow::{Result, bail};

use crate::cli::{Display, When};
use crate::render::{CodeLines, Mode, Screen, THEMES, Theme};

/// Columns the terminal view is wrapped to when the window is wider: a reading width, as glow uses.
const READING_WIDTH: usize = 100;
/// The width when there is no window to measure (`--color always` through a pipe).
const DEFAULT_WIDTH: usize = 80;

/// How one command's output is drawn and delivered.
pub struct Output {
    /// The view, with code lines cut to the width (the view shown without a pager).
    pub mode: Mode,
    paging: When,
    terminal: bool,
    rows: Option<usize>,
}

impl Output {
    /// For whole answers (`show`, `random`, `pick`, `search --full`): paged when taller than the
    /// window unless `--paging` or `--no-pager` say otherwise, as git and bat do.
    pub fn resolve_long(display: &Display) -> Result<Output> {
        let mut output = Output::resolve(display)?;
        if display.paging.is_none() && !display.no_pager {
            output.paging = When::Auto;
        }
        Ok(output)
    }

    /// For lists, which the terminal's own scrollback serves: paged only when `--paging` asks.
    pub fn resolve(display: &Display) -> Result<Output> {
        let terminal = io::stdout().is_terminal();
        let env = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        // https://no-color.org and https://bixense.com/clicolors: NO_COLOR wins over CLICOLOR_FORCE.
        // NO_COLOR takes the colours away, not the view: on a terminal it is still drawn (wrapped,
        // bullets, bold), and crossterm, which writes every style, leaves out colours when NO_COLOR
        // is set; `--color always` turns them back on.
        let view = match display.color {
            When::Always => {
                crossterm::style::force_color_output(true);
                true
            }
            When::Never => false,
            When::Auto if env("NO_COLOR").is_some() => terminal,
            When::Auto if env("CLICOLOR_FORCE").is_some_and(|v| v != "0") => true,
            When::Auto => terminal,
        };
        let Some(theme) = Theme::named(&display.theme) else {
            bail!(
                "unknown theme {:?}; one of: {}",
                crate::render::clean(&display.theme),
                THEMES.join(", ")
            );
        };
        let window = if terminal {
            crossterm::terminal::size().ok()
        } else {
            None
        };
        let width = match display.width {
            Some(n) => usize::from(n),
            None => window.map_or(DEFAULT_WIDTH, |(cols, _)| {
                usize::from(cols).clamp(20, READING_WIDTH)
            }),
        };
        let mode = if view {
            Mode::Terminal(Screen {
                width,
                code_lines: CodeLines::Wrap,
                theme,
            })
        } else {
            Mode::Plain
        };
        Ok(Output {
            mode,
            paging: match display.paging {
                _ if display.no_pager => When::Never,
                Some(when) => when,
                None => When::Never,
            },
            terminal,
            rows: window.map(|(_, rows)| usize::from(rows)),
        })
    }

    /// Draws the output with `draw` and writes it to stdout, or through the pager when paging is on
    /// and the output is taller than the window (`auto`) or always (`always`). Paged, code lines are
    /// kept whole: the pager scrolls sideways.
    pub fn emit(&self, draw: impl Fn(&Mode, &mut Vec<u8>) -> io::Result<()>) -> Result<()> {
        let mut shown = Vec::new();
        draw(&self.mode, &mut shown)?;
        let tall = || {
            let lines = shown.iter().filter(|&&b| b == b'\n').count();
            self.rows.is_some_and(|rows| lines >= rows)
        };
        let page = self.terminal
            && match self.paging {
                When::Always => true,
                When::Auto => tall(),
                When::Never => false,
            };
        if page {
            let mut mode = self.mode.clone();
            if let Mode::Terminal(screen) = &mut mode {
                screen.code_lines = CodeLines::Whole;
            }
            let mut whole = Vec::new();
            draw(&mode, &mut whole)?;
            if let Some(result) = through_pager(&whole) {
                return result;
            }
        }
        let mut out = io::stdout().lock();
        out.write_all(&shown)?;
        out.flush()?;
        Ok(())
    }
}

/// Writes `text` to $QA_PAGER, else $PAGER, else `less -RS`, and waits for it to close. `None` when no
/// pager could be started (the caller prints directly). Quitting the pager early is not an error.
fn through_pager(text: &[u8]) -> Option<Result<()>> {
    let configured = ["QA_PAGER", "PAGER"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|p| !p.trim().is_empty()));
    let command = configured.unwrap_or_else(|| "less -RS".to_string());
    let mut words = command.split_whitespace();
    let program = words.next()?;
    let mut pager = Command::new(program);
    pager.args(words).stdin(Stdio::piped());
    // As git does: a `less` given no options of ours still shows colours (R) and scrolls long code
    // lines sideways (S), unless the user's own LESS says otherwise.
    if std::env::var_os("LESS").is_none() {
        pager.env("LESS", "RS");
    }
    let mut child = pager.spawn().ok()?;
    if let Some(mut stdin) = child.stdin.take() {
        match stdin.write_all(text) {
            Err(err) if err.kind() != io::ErrorKind::BrokenPipe => return Some(Err(err.into())),
            _ => {}
        }
    }
    Some(child.wait().map(|_| ()).map_err(Into::into))
}
