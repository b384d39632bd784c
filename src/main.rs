//! The `qa` binary: parse the command line, run the command, print `qa: error` and map to an exit status
//! (0 found, 1 nothing found, 2 error), as grep does.

use std::process::ExitCode;

use clap::Parser;
use qa::{cli::Cli, cmd};

fn main() -> ExitCode {
    // `COMPLETE=bash qa -- ...` (a Tab in a shell with `qa completions --dynamic`): answer and exit.
    cmd::completions::dynamic_complete();
    match cmd::run(Cli::parse()) {
        Ok(cmd::Outcome::Found) => ExitCode::from(0),
        Ok(cmd::Outcome::NothingFound) => ExitCode::from(1),
        // `qa search x | head -1` closes stdout early; that is not an error worth a message.
        Err(err) if cmd::is_broken_pipe(&err) => ExitCode::from(0),
        Err(err) => {
            // Error chains can carry bank paths and text: cleaned like everything else from outside.
            eprintln!("qa: {}", qa::render::clean(&format!("{err:#}")));
            ExitCode::from(2)
        }
    }
}
