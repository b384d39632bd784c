//! Markdown → terminal lines, on pulldown-cmark's events: soft breaks joined and paragraphs, list items
//! and quotes wrapped to the width (never by the source file's line length), emphasis, headings and
//! inline code styled, links shown as their text with the URL dimmed after it when it differs, tables
//! laid out by `table`, fenced code highlighted and never re-wrapped by `code`. Nothing is escaped:
//! the text printed is the text the Markdown means.

use crossterm::style::ContentStyle;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::Screen;
use super::code;
use super::style::{self, Line, Span, line_width, nest, width};
use super::table::Table;
use super::wrap::wrap;

/// Columns a code block is indented by, inside whatever holds it.
const CODE_INDENT: usize = 4;

/// The answer's lines, each starting with `indent` spaces and at most `screen.width` columns wide
/// (except code lines when the screen keeps them whole). `id` is the entry's: a link to another entry
/// of its bank is shown as the command that opens it (a terminal cannot follow
/// `../databases/locking.md#slug`).
pub fn render(markdown: &str, screen: &Screen, indent: usize, id: Option<&str>) -> Vec<Line> {
    let mut renderer = Renderer {
        screen,
        indent,
        id,
        lines: Vec::new(),
        inline: Vec::new(),
        styles: Vec::new(),
        links: Vec::new(),
        notes: Vec::new(),
        containers: Vec::new(),
        lists: Vec::new(),
        code: None,
        table: None,
    };
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    for event in Parser::new_ext(markdown, options) {
        renderer.event(event);
    }
    renderer.flush();
    renderer.notes();
    while renderer.lines.last().is_some_and(|l| is_blank(l)) {
        renderer.lines.pop();
    }
    renderer.lines
}

/// What surrounds the text being written: a quote draws a bar, a list item its bullet once, then
/// spaces as wide.
enum Container {
    Quote,
    Item { bullet: String, pending: bool },
}

struct Renderer<'a> {
    screen: &'a Screen,
    indent: usize,
    id: Option<&'a str>,
    lines: Vec<Line>,
    /// The paragraph (or heading, cell, item text) being collected; `\n` spans are hard breaks.
    inline: Vec<Span>,
    styles: Vec<ContentStyle>,
    /// Open links: their URL and where their text starts in `inline`.
    links: Vec<(String, usize)>,
    /// Entries the answer links to, in the order of their first link: note `[n]` is `notes[n - 1]`.
    notes: Vec<String>,
    containers: Vec<Container>,
    /// Open lists: the next number of an ordered one.
    lists: Vec<Option<u64>>,
    /// An open code block: its language and text.
    code: Option<(String, String)>,
    table: Option<Table>,
}

impl Renderer<'_> {
    fn event(&mut self, event: Event) {
        if let Some((_, text)) = &mut self.code {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => self.code_block(),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text),
            Event::Code(text) => {
                let style = nest(self.style(), style::inline_code());
                self.inline.push(Span::new(inline::code_span(&text), style));
            }
            Event::SoftBreak => self.inline.push(Span::plain(" ")),
            Event::HardBreak => self.inline.push(Span::plain("\n")),
            Event::Rule => {
                self.flush();
                self.gap();
                let (first, _) = self.prefixes();
                let rule = "─".repeat(self.screen.width.saturating_sub(line_width(&first)));
                let mut line = first;
                line.push(Span::new(rule, style::dim()));
                self.lines.push(line);
            }
            Event::Html(html) => self.html(&html, true),
            Event::InlineHtml(html) => self.html(&html, false),
            Event::TaskListMarker(done) => {
                self.inline.push(Span::new(
                    if done { "[x] " } else { "[ ] " },
                    style::marker(),
                ));
            }
            Event::FootnoteReference(name) => self.text(&format!("[{name}]")),
            Event::InlineMath(text) | Event::DisplayMath(text) => self.text(&text),
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph if !self.bullet_pending() => self.gap(),
            Tag::Heading { .. } => {
                self.flush();
                self.gap();
                self.styles.push(style::heading());
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.gap();
                self.containers.push(Container::Quote);
            }
            Tag::CodeBlock(kind) => {
                self.flush();
                if !self.bullet_pending() {
                    self.gap();
                }
                let language = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split([' ', ',', '{']).next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((language, String::new()));
            }
            Tag::HtmlBlock => {
                self.flush();
                if !self.bullet_pending() {
                    self.gap();
                }
            }
            Tag::List(start) => {
                self.flush();
                let nested = self
                    .containers
                    .iter()
                    .any(|c| matches!(c, Container::Item { .. }));
                if !nested {
                    self.gap();
                }
                self.lists.push(start);
            }
            Tag::Item => {
                self.flush();
                let depth = self.lists.len();
                let bullet = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}. ", *n - 1)
                    }
                    _ => match depth {
                        0 | 1 => "• ",
                        2 => "◦ ",
                        _ => "▪ ",
                    }
                    .to_string(),
                };
                self.containers.push(Container::Item {
                    bullet,
                    pending: true,
                });
            }
            Tag::Emphasis => self.styles.push(style::emphasis()),
            Tag::Strong => self.styles.push(style::strong()),
            Tag::Strikethrough => self.styles.push(style::strikethrough()),
            Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => {
                self.links.push((dest_url.to_string(), self.inline.len()));
            }
            Tag::Table(alignments) => {
                self.flush();
                self.gap();
                self.table = Some(Table::new(alignments));
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(table) = &mut self.table {
                    table.start_row();
                }
            }
            Tag::TableCell => self.inline.clear(),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::HtmlBlock => self.flush(),
            TagEnd::Heading(_) => {
                self.flush();
                self.styles.pop();
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.containers.pop();
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
            }
            TagEnd::Item => {
                self.flush();
                if self.bullet_pending() {
                    // An empty item still shows its bullet.
                    let (first, _) = self.prefixes();
                    self.lines.push(first);
                }
                self.containers.pop();
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                self.styles.pop();
            }
            TagEnd::Link | TagEnd::Image => {
                if let Some((url, from)) = self.links.pop() {
                    let text: String = self.inline[from.min(self.inline.len())..]
                        .iter()
                        .map(|s| s.text.as_str())
                        .collect();
                    if let Some(entry) = inline::linked_entry(&url, self.id) {
                        // Another entry: its text underlined and a note mark; the command that
                        // opens it is listed under the answer (`notes`), out of the sentence.
                        let start = from.min(self.inline.len());
                        for span in &mut self.inline[start..] {
                            span.style = nest(span.style, style::link());
                        }
                        let n = match self.notes.iter().position(|e| *e == entry) {
                            Some(i) => i + 1,
                            None => {
                                self.notes.push(entry);
                                self.notes.len()
                            }
                        };
                        self.inline.push(Span::new(format!(" [{n}]"), style::dim()));
                    } else if let Some(shown) = inline::link_suffix(&url, &text) {
                        self.inline.push(Span::new(shown, style::dim()));
                    }
                }
            }
            TagEnd::TableHead => {
                if let Some(table) = &mut self.table {
                    table.end_head();
                }
            }
            TagEnd::TableCell => {
                let cell = std::mem::take(&mut self.inline);
                if let Some(table) = &mut self.table {
                    table.push_cell(cell);
                }
            }
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    let (first, rest) = self.prefixes();
                    let max = self.screen.width.saturating_sub(line_width(&rest));
                    for (i, line) in table.render(max).into_iter().enumerate() {
                        let mut out = if i == 0 { first.clone() } else { rest.clone() };
                        out.extend(line);
                        self.lines.push(out);
                    }
                }
            }
            _ => {}
        }
    }

    fn style(&self) -> ContentStyle {
        self.styles
            .iter()
            .fold(ContentStyle::new(), |outer, inner| nest(outer, *inner))
    }

    fn text(&mut self, text: &str) {
        let style = self.style();
        self.inline.push(Span::new(text, style));
    }

    /// HTML shows as the text between its tags: `<br>` breaks the line, entities are decoded, and
    /// each line of an HTML block is a line of its own.
    fn html(&mut self, html: &str, block: bool) {
        let lower = html.trim().to_ascii_lowercase();
        if lower.starts_with("<br") {
            self.inline.push(Span::plain("\n"));
            return;
        }
        if lower.starts_with("<!--") {
            return;
        }
        let text = inline::decode_entities(&crate::parse::text::strip_tags(html));
        if block {
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                self.text(line.trim());
                self.inline.push(Span::plain("\n"));
            }
        } else {
            self.text(&text);
        }
    }

    fn code_block(&mut self) {
        let Some((language, text)) = self.code.take() else {
            return;
        };
        let (first, rest) = self.prefixes();
        let pad = Span::plain(" ".repeat(CODE_INDENT));
        let max = match self.screen.code_lines {
            super::CodeLines::Wrap => Some(
                self.screen
                    .width
                    .saturating_sub(line_width(&rest) + CODE_INDENT)
                    .max(8),
            ),
            super::CodeLines::Whole => None,
        };
        for (i, line) in code::block(&text, &language, &self.screen.theme, max)
            .into_iter()
            .enumerate()
        {
            let mut out = if i == 0 { first.clone() } else { rest.clone() };
            out.push(pad.clone());
            out.extend(line);
            self.lines.push(out);
        }
    }

    fn bullet_pending(&self) -> bool {
        self.containers
            .iter()
            .any(|c| matches!(c, Container::Item { pending: true, .. }))
    }

    /// The prefix of the next line (bullets not yet shown appear here, once) and of the lines after.
    fn prefixes(&mut self) -> (Line, Line) {
        let mut first = vec![Span::plain(" ".repeat(self.indent))];
        let mut rest = first.clone();
        for container in &mut self.containers {
            match container {
                Container::Quote => {
                    first.push(Span::new("│ ", style::dim()));
                    rest.push(Span::new("│ ", style::dim()));
                }
                Container::Item { bullet, pending } => {
                    let spaces = Span::plain(" ".repeat(width(bullet)));
                    if *pending {
                        first.push(Span::new(bullet.clone(), style::marker()));
                        *pending = false;
                    } else {
                        first.push(spaces.clone());
                    }
                    rest.push(spaces);
                }
            }
        }
        (first, rest)
    }

    /// Writes the collected inline text as wrapped lines.
    /// Under the answer, the command that opens each entry it links to: `[1] qa show <id>`, numbered
    /// as the marks after the links' text.
    fn notes(&mut self) {
        if self.notes.is_empty() {
            return;
        }
        while self.lines.last().is_some_and(|l| is_blank(l)) {
            self.lines.pop();
        }
        self.lines.push(Line::new());
        for (i, entry) in std::mem::take(&mut self.notes).into_iter().enumerate() {
            // One unbroken word: a long id then breaks at its `/`, `#` and `-`, after the command.
            let note = format!("[{}] qa show {entry}", i + 1).replace(' ', style::NO_BREAK);
            self.inline = vec![Span::new(note, style::dim())];
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.table.is_some() || self.inline.iter().all(|s| s.text.trim().is_empty()) {
            if self.table.is_none() {
                self.inline.clear();
            }
            return;
        }
        let inline = std::mem::take(&mut self.inline);
        let (first, rest) = self.prefixes();
        let room = |prefix: &Line| self.screen.width.saturating_sub(line_width(prefix)).max(10);
        let (first_room, rest_room) = (room(&first), room(&rest));
        let mut first = Some(first);
        for segment in inline.split(|s| s.text == "\n") {
            let has_first = first.is_some();
            let lines = wrap(
                segment,
                if has_first { first_room } else { rest_room },
                rest_room,
            );
            for line in lines {
                let mut out = first.take().unwrap_or_else(|| rest.clone());
                out.extend(line);
                self.lines.push(out);
            }
        }
    }

    /// One blank line between blocks (a quote keeps its bar on it).
    fn gap(&mut self) {
        if self.lines.last().is_none_or(|l| is_blank(l)) {
            return;
        }
        let bars: Line = self
            .containers
            .iter()
            .filter(|c| matches!(c, Container::Quote))
            .map(|_| Span::new("│", style::dim()))
            .collect();
        let mut line = vec![Span::plain(" ".repeat(self.indent))];
        line.extend(bars);
        self.lines.push(line);
    }
}

fn is_blank(line: &[Span]) -> bool {
    line.iter()
        .all(|s| s.text.trim().is_empty() || s.text == "│")
}

mod inline;
#[cfg(test)]
mod tests;
