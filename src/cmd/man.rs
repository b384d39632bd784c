//! `qa man`: the manual page as roff, made at run time by clap_mangen from the same declarations as
//! `--help` (so the page always matches the binary it comes with, and a build needs no build script),
//! plus the sections `--help` has no room for, from data/man-sections.roff.

use std::io::{self, Write};

use anyhow::Result;
use clap::{Command, CommandFactory};
use clap_mangen::Man;
use clap_mangen::roff::Roff;

use super::Outcome;
use crate::cli::Cli;

/// Query syntax, exit status, environment, files and examples.
const SECTIONS: &str = include_str!("../../data/man-sections.roff");

pub fn run() -> Result<Outcome> {
    let mut page = Vec::new();
    render(&mut page)?;
    let mut out = io::stdout().lock();
    out.write_all(&page)?;
    out.flush()?;
    Ok(Outcome::Found)
}

/// The whole page: qa(1) with every command's synopsis and options in one COMMANDS section.
fn render(w: &mut Vec<u8>) -> io::Result<()> {
    let command = Cli::command();
    let man = Man::new(command.clone()).title("QA").manual("qa manual");
    // Every render call starts with the same two-line preamble (which quote glyph to use): keep one.
    man.render_title(w)?;
    section(w, true, |buf| man.render_name_section(buf))?;
    section(w, true, |buf| man.render_synopsis_section(buf))?;
    section(w, true, |buf| man.render_description_section(buf))?;
    section(w, true, |buf| man.render_options_section(buf))?;
    let mut heading = Roff::new();
    heading.control("SH", ["COMMANDS"]);
    section(w, true, |buf| heading.to_writer(buf))?;
    // Subcommands of the unbuilt command carry only their own flags: the global ones are above.
    for sub in command.get_subcommands() {
        let name = format!("qa {}", sub.get_name());
        let sub: Command = sub
            .clone()
            .display_name(&name)
            .bin_name(&name)
            .long_about(None)
            .disable_help_flag(true);
        let man = Man::new(sub);
        let mut title = Roff::new();
        title.control("SS", [name.as_str()]);
        section(w, true, |buf| title.to_writer(buf))?;
        section(w, false, |buf| man.render_synopsis_section(buf))?;
        w.extend_from_slice(b".PP\n");
        section(w, false, |buf| man.render_description_section(buf))?;
        section(w, false, |buf| man.render_options_section(buf))?;
    }
    w.write_all(SECTIONS.as_bytes())
}

/// A part clap_mangen renders, without its preamble, and without its `.SH` line unless `heading` (a
/// command's synopsis and options go under its `.SS` instead).
fn section(
    w: &mut Vec<u8>,
    heading: bool,
    render: impl Fn(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut part = Vec::new();
    render(&mut part)?;
    let text = String::from_utf8_lossy(&part);
    let preamble =
        |line: &str| line.starts_with(".ie \\n(.g .ds Aq") || line.starts_with(".el .ds Aq");
    for line in text.lines() {
        if !preamble(line) && (heading || !line.starts_with(".SH ")) {
            writeln!(w, "{line}")?;
        }
    }
    Ok(())
}
