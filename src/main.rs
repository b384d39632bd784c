//! `qa`: search a bank of backend interview questions and answers written in Markdown.
//!
//! Data flows one way: `bank` finds Markdown files → `parse` turns each into entries → `index` stores and
//! searches them → `render` writes hits to the terminal. `cmd` wires a subcommand to those steps.

mod bank;
mod cli;
mod cmd;
mod entry;
mod index;
mod parse;
mod render;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cmd::run(cli) {
        Ok(cmd::Outcome::Found) => ExitCode::from(0),
        Ok(cmd::Outcome::NothingFound) => ExitCode::from(1),
        Err(err) if is_broken_pipe(&err) => ExitCode::from(0),
        Err(err) => {
            eprintln!("qa: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// `qa search x | head -1` closes our stdout early; that is not an error worth a message.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
