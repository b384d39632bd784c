//! The key points of an entry: what a good answer to it must say, which `qa quiz --type` checks a typed
//! answer against. An explicit `**Key points:**` line wins; otherwise they are derived from the answer as
//! written (bold terms, the leading phrase of list items and of labelled paragraphs such as `**Pitfall:**`,
//! the first column of tables, then the tags), so the check works on any bank without editing it. Pure:
//! `cover` does the matching with the search's analysis.

pub mod cover;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::entry::Entry;
pub use cover::{Coverage, Matcher, PointCoverage, THRESHOLD};

/// Bold labels that introduce a phrase instead of naming a subject (`data/keypoint-labels.txt`).
const LABELS: &str = include_str!("../../data/keypoint-labels.txt");

/// Labels of a paragraph that says how a problem shows itself (what users report, what the logs say):
/// a good answer names the cause and the fix, so the paragraph gives no point.
const NOT_POINTS: &[&str] = &["symptoms"];

/// At most this many points: a typed answer is a few sentences, and a longer checklist reads as noise.
pub const MAX_POINTS: usize = 8;
/// Of which at most this many come from the answer's text; the rest of the room goes to tags.
const MAX_FROM_TEXT: usize = 6;
/// A leading phrase is cut after this many words: a point is something to say, not a paragraph.
const MAX_WORDS: usize = 10;

/// Where a key point comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The entry's `**Key points:**` line.
    Explicit,
    /// A bold term, or the bold lead of a list item or paragraph.
    Bold,
    /// The leading phrase of a list item.
    Item,
    /// The phrase after a label such as `**Pitfall:**`.
    Label,
    /// The first cell of a table row.
    Table,
    Tag,
}

/// One thing a good answer says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPoint {
    pub text: String,
    pub origin: Origin,
}

/// The entry's key points: its explicit line, else derived ones, deduplicated (by their analysed words),
/// without trivial ones (a tag that is the topic, the framework or already in the question) and capped.
pub fn key_points(entry: &Entry, matcher: &Matcher) -> Vec<KeyPoint> {
    if !entry.key_points.is_empty() {
        return entry
            .key_points
            .iter()
            .map(|text| KeyPoint {
                text: text.clone(),
                origin: Origin::Explicit,
            })
            .collect();
    }
    let trivial = |text: &str, stems: &[String]| {
        let named = |name: Option<&str>| name.is_some_and(|n| matcher.stems(n) == stems);
        named(Some(&entry.topic))
            || named(entry.framework.as_deref())
            || matcher.mentions(&entry.question, text)
    };
    let mut kept: Vec<(KeyPoint, Vec<String>)> = Vec::new();
    // A question's own tags come after its file's (which every question of the file shares): the last
    // ones are the most specific, so they are taken first.
    let tags = entry.tags.iter().rev().map(|tag| KeyPoint {
        text: tag.clone(),
        origin: Origin::Tag,
    });
    for point in candidates(entry.own_answer()).into_iter().chain(tags) {
        let from_text = kept.iter().filter(|(p, _)| p.origin != Origin::Tag).count();
        if kept.len() == MAX_POINTS || (point.origin != Origin::Tag && from_text == MAX_FROM_TEXT) {
            continue;
        }
        let stems = matcher.stems(&point.text);
        if stems.is_empty() || (point.origin == Origin::Tag && trivial(&point.text, &stems)) {
            continue;
        }
        // A point whose words an earlier one already has adds nothing to check.
        if kept
            .iter()
            .any(|(_, earlier)| stems.iter().all(|s| earlier.contains(s)))
        {
            continue;
        }
        kept.push((point, stems));
    }
    let mut points: Vec<KeyPoint> = kept.into_iter().map(|(point, _)| point).collect();
    // Tags shown in the entry's own order.
    let first_tag = points
        .iter()
        .position(|p| p.origin == Origin::Tag)
        .unwrap_or(points.len());
    points[first_tag..].reverse();
    points
}

/// Candidate points of an answer's Markdown, in document order, before any filtering.
pub fn candidates(markdown: &str) -> Vec<KeyPoint> {
    let mut walk = Walk::default();
    for event in Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES) {
        walk.event(event);
    }
    walk.points
}

/// The state of one pass over an answer's events.
#[derive(Default)]
struct Walk {
    points: Vec<KeyPoint>,
    /// Text of the current block (paragraph, list item or table cell) so far.
    block: String,
    /// The open blocks whose text is being gathered, innermost last.
    kinds: Vec<Block>,
    /// Inside `**...**`, and its text.
    strong: Option<String>,
    /// Inside a code block (skipped) or a table head (column names are not points).
    skipping: usize,
    /// The current table row's cell number, when in a table body.
    cell: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    Paragraph,
    /// The rest of a paragraph (`item: false`) or list item after a label such as `**Pitfall:**`.
    Labelled {
        item: bool,
    },
    Item,
    Cell,
    /// A list item whose point is already taken (a bold lead, or the text before a nested list).
    Done,
}

impl Walk {
    fn event(&mut self, event: Event) {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::TableHead) => self.skipping += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::TableHead) => {
                self.skipping = self.skipping.saturating_sub(1);
            }
            _ if self.skipping > 0 => {}
            Event::Start(Tag::Paragraph) => {
                if self.kinds.last().is_none_or(|k| *k == Block::Cell) {
                    self.open(Block::Paragraph);
                } else {
                    // A loose list item's next paragraph: the same block goes on.
                    self.block.push(' ');
                }
            }
            // A paragraph inside an item or after a label ends with the item, not here.
            Event::End(TagEnd::Paragraph) => {
                if matches!(
                    self.kinds.last(),
                    Some(Block::Paragraph | Block::Labelled { item: false })
                ) {
                    self.close();
                }
            }
            Event::Start(Tag::Item) => self.open(Block::Item),
            // A nested list ends its item's own text.
            Event::Start(Tag::List(_)) => {
                if matches!(
                    self.kinds.last(),
                    Some(Block::Item | Block::Labelled { .. })
                ) {
                    self.close();
                    self.kinds.push(Block::Done);
                }
            }
            Event::Start(Tag::TableRow) => self.cell = Some(0),
            Event::Start(Tag::TableCell) if self.cell == Some(0) => self.open(Block::Cell),
            Event::End(TagEnd::TableCell) => {
                if self.cell == Some(0) {
                    self.close();
                }
                self.cell = self.cell.map(|n| n + 1);
            }
            Event::End(TagEnd::Item) => self.close(),
            Event::Start(Tag::Strong) => self.strong = Some(String::new()),
            Event::End(TagEnd::Strong) => self.end_strong(),
            Event::Text(text) | Event::Code(text) => self.text(&text),
            Event::SoftBreak | Event::HardBreak => self.text(" "),
            _ => {}
        }
    }

    fn open(&mut self, kind: Block) {
        self.kinds.push(kind);
        self.block.clear();
    }

    fn text(&mut self, text: &str) {
        if let Some(strong) = &mut self.strong {
            strong.push_str(text);
        }
        if self.kinds.last().is_some_and(|k| *k != Block::Done) {
            self.block.push_str(text);
        }
    }

    /// A bold run: at the start of a block it is the block's lead (a label or a term); elsewhere a term.
    fn end_strong(&mut self) {
        let Some(strong) = self.strong.take() else {
            return;
        };
        let term = strong.trim().trim_end_matches([':', '.']).trim();
        let at_start = self.block.trim() == strong.trim();
        if at_start && self.kinds.last().is_some_and(|k| *k != Block::Cell) {
            let item = self.kinds.pop() == Some(Block::Item);
            self.block.clear();
            if !item && NOT_POINTS.contains(&term.to_lowercase().as_str()) {
                self.kinds.push(Block::Paragraph);
                return;
            }
            if is_label(term) {
                // The phrase after the label is the point: the block starts again after it.
                self.kinds.push(Block::Labelled { item });
                return;
            }
            self.push(term, Origin::Bold);
            // The bold lead stands for the whole block.
            self.kinds
                .push(if item { Block::Done } else { Block::Paragraph });
            return;
        }
        if !matches!(
            self.kinds.last(),
            Some(Block::Item | Block::Labelled { .. })
        ) {
            self.push(term, Origin::Bold);
        }
    }

    /// Ends the innermost block: a list item gives its leading phrase, a cell its text, and a paragraph
    /// that followed a label the phrase after it.
    fn close(&mut self) {
        let Some(kind) = self.kinds.pop() else {
            return;
        };
        let text = std::mem::take(&mut self.block);
        match kind {
            Block::Item => self.push(&lead(&text), Origin::Item),
            Block::Cell => self.push(&lead(&text), Origin::Table),
            Block::Labelled { .. } => self.push(&lead(&text), Origin::Label),
            Block::Paragraph | Block::Done => {}
        }
    }

    fn push(&mut self, text: &str, origin: Origin) {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() && !self.points.iter().any(|p| p.text == text) {
            self.points.push(KeyPoint { text, origin });
        }
    }
}

/// True for a bold label that names no subject (`Pitfall`, `Note`).
fn is_label(term: &str) -> bool {
    let term = term.to_lowercase();
    LABELS
        .lines()
        .filter(|line| !line.starts_with('#'))
        .any(|label| label.trim() == term)
}

/// The leading phrase of a block of text: up to the first `:`, `;`, sentence end or dash, or the first
/// comma outside parentheses once it has a few words, and at most `MAX_WORDS` words.
pub fn lead(text: &str) -> String {
    let text = text.trim();
    let mut depth = 0usize;
    let mut end = text.len();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let next = chars.get(i + 1).map(|&(_, n)| n);
        let then_space = next.is_none_or(char::is_whitespace);
        let words = text[..at].split_whitespace().count();
        let stop = match c {
            '(' | '[' => {
                depth += 1;
                false
            }
            ')' | ']' => {
                depth = depth.saturating_sub(1);
                false
            }
            ':' | ';' | '.' | '?' | '!' => then_space && depth == 0,
            '—' | '–' => depth == 0,
            '-' => depth == 0 && then_space && at > 0 && text[..at].ends_with(' '),
            ',' => depth == 0 && words >= 4,
            _ => false,
        };
        if stop {
            end = at;
            break;
        }
    }
    let phrase = &text[..end];
    let words: Vec<&str> = phrase.split_whitespace().collect();
    if words.len() <= MAX_WORDS {
        return phrase.trim().to_string();
    }
    let cut = words[..MAX_WORDS].join(" ");
    // A cut inside parentheses drops the unclosed part.
    match cut.rfind('(') {
        Some(open) if !cut[open..].contains(')') => cut[..open].trim().to_string(),
        _ => cut,
    }
}

#[cfg(test)]
mod tests;
