//! `qa pick QUERY` and `qa search QUERY --pick`: the hits in nucleo-picker's fuzzy picker, each answer
//! previewed beside the list as `qa show` draws it, and the chosen one printed in full. The picker
//! draws on stderr and the answer goes to stdout, so with either not a terminal (or `--json`) there is
//! nothing to pick on: the numbered list of `qa search` instead.

use std::io::{self, IsTerminal, Write};
use std::sync::OnceLock;

use anyhow::{Result, anyhow};
use nucleo_picker::error::PickError;
use nucleo_picker::preview::{PreviewBuffer, SyncPreviewer};
use nucleo_picker::render::StrRenderer;
use nucleo_picker::{Picker, PickerOptions};

use super::output::Output;
use super::{Outcome, Settings, search, show};
use crate::cli::SearchArgs;
use crate::entry::Entry;
use crate::index::search::Hit;
use crate::render::{self, CodeLines, Mode, Screen, View};

/// The share of the window the preview takes: the answer is what the user reads, the list only
/// needs the questions.
const PREVIEW_SHARE: f64 = 0.6;

pub fn run(settings: &Settings, args: SearchArgs) -> Result<Outcome> {
    if args.json || !io::stdout().is_terminal() || !io::stderr().is_terminal() {
        return search::run(settings, args);
    }
    let search = search::resolve(&args)?;
    let output = Output::resolve_long(&settings.display)?;
    let (results, _) = search::find(settings, &search, &args)?;
    if results.hits.is_empty() {
        // Nothing to pick: `qa search` says so, with its "did you mean".
        return search::run(settings, args);
    }
    // The picker shows the list's numbers: `qa show N` opens them afterwards too.
    search::keep_list(settings, &search, &results);
    let columns = crossterm::terminal::size().map_or(80, |(cols, _)| usize::from(cols));
    // The pane's border and padding take two columns.
    let preview_width = ((columns as f64 * PREVIEW_SHARE) as usize)
        .saturating_sub(2)
        .max(20);
    let preview_mode = match &output.mode {
        Mode::Terminal(screen) => Mode::Terminal(Screen {
            width: preview_width.min(screen.width),
            code_lines: CodeLines::Wrap,
            theme: screen.theme.clone(),
        }),
        Mode::Plain => Mode::Plain,
    };
    let previewer = SyncPreviewer(move |pick: &Pick, buffer: &mut PreviewBuffer| {
        pick.preview(&preview_mode, preview_width, buffer);
    });
    let mut picker: Picker<Pick, StrRenderer, _> = PickerOptions::new()
        .reversed(true)
        .preview_size(PREVIEW_SHARE)
        .picker(StrRenderer)
        .with_preview(previewer);
    picker.push_batch(
        results
            .hits
            .iter()
            .enumerate()
            .map(|(i, hit)| Pick::new(i + 1, hit)),
    );
    match picker.pick() {
        Ok(Some(pick)) => show::print(&output, &pick.hit, false),
        // Esc, or Ctrl-C: nothing chosen, as a search that found nothing.
        Ok(None) | Err(PickError::UserInterrupted) => Ok(Outcome::NothingFound),
        Err(err) => Err(anyhow!("the picker failed: {err}")),
    }
}

/// One hit in the picker: matched on its number, question and metadata; previewed in full.
struct Pick {
    line: String,
    hit: Hit,
    /// Read from its file on first preview; `None` when the file no longer holds it.
    entry: OnceLock<Option<Entry>>,
}

impl AsRef<str> for Pick {
    fn as_ref(&self) -> &str {
        &self.line
    }
}

impl Pick {
    fn new(number: usize, hit: &Hit) -> Pick {
        let mut about = vec![hit.topic.clone()];
        about.extend(hit.framework.iter().filter(|f| **f != hit.topic).cloned());
        about.extend(hit.level.iter().cloned());
        Pick {
            line: render::clean(&format!(
                "{number}. {}  · {}",
                hit.question,
                about.join(" · ")
            )),
            hit: hit.clone(),
            entry: OnceLock::new(),
        }
    }

    /// Fills `buffer` with the entry as `qa show` draws it in `mode`. The plain view (Markdown as
    /// written) is wrapped here to `width`, since the pane cuts long lines.
    fn preview(&self, mode: &Mode, width: usize, buffer: &mut PreviewBuffer) {
        let hit = &self.hit;
        let entry = self.entry.get_or_init(|| {
            show::entry_at(&hit.folder, &hit.path, &hit.source, &hit.id)
                .ok()
                .flatten()
        });
        let Some(entry) = entry else {
            buffer.set_err(true);
            buffer.push_text(&format!(
                "{} no longer holds this question",
                render::clean(&hit.path)
            ));
            return;
        };
        let view = View {
            mode: mode.clone(),
            corpus: &hit.folder,
        };
        let mut drawn = Vec::new();
        if let Err(err) = render::entry(&mut drawn, &view, entry) {
            buffer.set_err(true);
            buffer.push_text(&err.to_string());
            return;
        }
        match mode {
            Mode::Terminal(_) => {
                // Writing to a buffer in memory cannot fail.
                let _ = buffer.ansi_writer().write_all(&drawn);
            }
            Mode::Plain => {
                let text = String::from_utf8_lossy(&drawn);
                // One buffer line per screen line: a pushed line may hold no line break.
                for line in text.lines() {
                    for part in textwrap::wrap(line, width) {
                        buffer.push_line(&part);
                    }
                }
            }
        }
    }
}
