//! `qa`: search a bank of backend interview questions and answers written in Markdown.
//!
//! Data flows one way: `bank` finds Markdown files → `parse` turns each into entries (`entry`) → `index`
//! stores them and searches them for a `query` → `render` writes hits to the terminal. `practice`, beside
//! `index`, keeps the review state of `qa quiz` (FSRS scheduling, session queue, SQLite store). `config`
//! says where everything lives (which banks, their indexes, the state file); `builtin` is the bank
//! shipped inside the binary; `cmd` wires each subcommand to those steps; the binary (`main.rs`) only
//! parses the command line and maps the outcome to an exit status.

pub mod bank;
pub mod builtin;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod entry;
pub mod index;
pub mod parse;
pub mod practice;
pub mod query;
pub mod render;
pub mod semantic;
