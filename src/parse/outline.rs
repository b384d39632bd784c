//! Finds where the questions are in a Markdown body: which heading level holds them, or which
//! `<details>` blocks do, and the byte range of each answer.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use std::collections::HashSet;

use crate::entry::Level;

use super::text::{
    asks, is_answer_heading, is_reveal_label, plain_text, reads_as_question, strip_tags,
};

/// One question found in the body, before cleaning.
#[derive(Debug, PartialEq, Eq)]
pub struct Section {
    /// The question as written (plain text, numbering and labels still on).
    pub question: String,
    /// Byte offset of the question in the body, for its line number.
    pub at: usize,
    /// Byte range of the answer's Markdown in the body (empty for a prompt).
    pub answer: Range<usize>,
    /// A question-only bank's title heading (`#### Idempotency`), kept as a tag; `None` elsewhere.
    pub title: Option<String>,
    /// A question the bank asks without answering (a prompt under a title, an item of a list of
    /// questions): kept with no answer, where an empty answer elsewhere is a question skipped.
    pub asked_only: bool,
    /// The level a section above it names (`## Beginner Level`, `### Advanced questions`).
    pub level: Option<Level>,
}

/// How a file marks its questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Convention {
    /// Our bank's format: every `##` heading is a question.
    Bank,
    /// Anything else: work out from the headings and `<details>` blocks.
    Guess,
}

#[derive(Debug)]
struct Heading {
    level: usize,
    text: String,
    range: Range<usize>,
}

/// Splits a Markdown body into question sections.
pub fn sections(body: &str, convention: Convention) -> Vec<Section> {
    let (headings, html) = scan(body);
    if convention == Convention::Bank {
        return heading_sections(body, &headings, 2, |_| true);
    }
    let mut sections = guessed_sections(body, &headings, &html);
    for section in &mut sections {
        section.level = named_level(&headings, section.at);
    }
    sections
}

/// The level named by the nearest heading above a question and shallower than it (`## Beginner
/// Level` over `### 1. What is SQL?`, or over a list of questions), if any.
fn named_level(headings: &[Heading], at: usize) -> Option<Level> {
    let depth = headings
        .iter()
        .find(|h| h.range.start == at)
        .map_or(7, |h| h.level);
    let above = headings
        .iter()
        .rev()
        .find(|h| h.range.start < at && h.level < depth)?;
    above
        .text
        .split(|c: char| !c.is_alphanumeric())
        .find_map(|word| match word.to_lowercase().as_str() {
            "basics" | "fundamentals" | "entry" => Some(Level::Junior),
            "experienced" => Some(Level::Senior),
            other => Level::parse(other),
        })
}

/// Sections of a file in another repository's convention: the heading level that asks most, or its
/// `<details>` blocks, or its prompts, or its lists of questions.
fn guessed_sections(
    body: &str,
    headings: &[Heading],
    html: &[(Range<usize>, String)],
) -> Vec<Section> {
    // A heading followed by an `Answer`/`Solution` sub-heading is a question whatever its wording.
    let answered: HashSet<usize> = headings
        .windows(2)
        .filter(|pair| pair[1].level > pair[0].level && is_answer_heading(&pair[1].text))
        .map(|pair| pair[0].range.start)
        .collect();
    let is_question = |h: &Heading| {
        !is_answer_heading(&h.text)
            && (reads_as_question(&h.text) || answered.contains(&h.range.start))
    };
    let mut counts = [0usize; 7];
    for heading in headings.iter().filter(|h| is_question(h)) {
        counts[heading.level] += 1;
    }
    let (best_level, best_count) = (1..=6)
        .map(|level| (level, counts[level]))
        .fold((0, 0), |best, cur| if cur.1 > best.1 { cur } else { best });
    let details = details_sections(body, html);
    if details.len() > best_count {
        return details;
    }
    let prompts = prompt_sections(body, headings);
    if prompts.len() >= MIN_PROMPTS && prompts.len() > best_count {
        return prompts;
    }
    if best_count == 0 {
        return list_sections(body, headings, &[]);
    }
    let mut sections = heading_sections(body, headings, best_level, is_question);
    // Lists of questions in sections of their own, after (or before) the answered ones.
    let answered: Vec<Range<usize>> = sections.iter().map(|s| s.at..s.answer.end).collect();
    sections.extend(list_sections(body, headings, &answered));
    sections.sort_by_key(|s| s.at);
    sections
}

/// Fewer prompts than this in a file are more likely notes than a question-only bank.
const MIN_PROMPTS: usize = 3;

/// A question-only bank: short title headings (`#### Idempotency`), each followed by one paragraph that
/// asks something and by no answer. Each paragraph is a question; its title becomes a tag.
fn prompt_sections(body: &str, headings: &[Heading]) -> Vec<Section> {
    let mut sections = Vec::new();
    for (i, heading) in headings.iter().enumerate() {
        if heading.level < 2 || reads_as_question(&heading.text) {
            continue;
        }
        let end = headings
            .get(i + 1)
            .map_or(body.len(), |next| next.range.start);
        let Some(content) = body.get(heading.range.end..end) else {
            continue;
        };
        let content = content.trim();
        let title = heading.text.trim();
        let one_paragraph = !content.is_empty()
            && !content.contains("\n\n")
            && !content.starts_with(['`', '|', '<', '-', '*', '>', '~'])
            && !content.starts_with(|c: char| c.is_ascii_digit());
        if !one_paragraph || title.is_empty() || title.split_whitespace().count() > 8 {
            continue;
        }
        let question = plain_text(content);
        if !asks(&question) {
            continue;
        }
        sections.push(Section {
            question,
            at: heading.range.start,
            answer: end..end,
            title: Some(title.to_string()),
            asked_only: true,
            level: None,
        });
    }
    sections
}

/// A bank of questions written as a list (`- How would you manage schema migrations?` under `##
/// Databases`, or numbered): each top-level item that asks is a question without an answer, its nested
/// items (a rephrasing, a follow-up) part of it, and the heading above it kept as a tag. Only when most
/// top-level items ask, and at least `MIN_PROMPTS` do: a list of links or notes is not a bank. Items
/// inside `answered` (other questions and their answers) are not looked at.
fn list_sections(body: &str, headings: &[Heading], answered: &[Range<usize>]) -> Vec<Section> {
    let mut sections = Vec::new();
    let mut items = 0;
    let mut depth = 0usize;
    let mut code = false;
    let mut item: Option<(usize, String)> = None;
    // Words of the item outside links: an item that is only a link (a table of contents pointing at
    // the questions elsewhere) is not a question here.
    let mut own_words = false;
    let mut links = 0usize;
    for (event, range) in Parser::new_ext(body, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::List(_)) => {
                depth += 1;
                // A nested list (a tight one has no paragraph to end) starts after a space.
                if let Some((_, question)) = item.as_mut() {
                    question.push(' ');
                }
            }
            Event::End(TagEnd::List(_)) => depth = depth.saturating_sub(1),
            Event::Start(Tag::Item) if depth == 1 => {
                let inside = answered.iter().any(|a| a.contains(&range.start));
                item = (!inside).then(|| (range.start, String::new()));
                own_words = false;
            }
            Event::Start(Tag::Link { .. }) => links += 1,
            Event::End(TagEnd::Link) => links = links.saturating_sub(1),
            Event::End(TagEnd::Item) if depth == 1 => {
                let Some((at, text)) = item.take() else {
                    continue;
                };
                items += 1;
                // Its spaces are made single with the rest of its cleaning (`clean_question`).
                if !own_words || !asks(&text) {
                    continue;
                }
                let title = headings
                    .iter()
                    .rev()
                    .find(|h| h.range.start < at)
                    .map(|h| h.text.trim().to_string())
                    .filter(|t| !t.is_empty());
                sections.push(Section {
                    question: text,
                    at,
                    answer: range.end..range.end,
                    title,
                    asked_only: true,
                    level: None,
                });
            }
            Event::Start(Tag::CodeBlock(_)) => code = true,
            Event::End(TagEnd::CodeBlock) => code = false,
            Event::Text(text) | Event::Code(text) if !code => {
                if let Some((_, question)) = item.as_mut() {
                    question.push_str(&text);
                    own_words |= links == 0 && !text.trim().is_empty();
                }
            }
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                if let Some((_, question)) = item.as_mut() {
                    question.push(' ');
                }
            }
            _ => {}
        }
    }
    if sections.len() < MIN_PROMPTS || sections.len() * 2 < items {
        return Vec::new();
    }
    sections
}

/// Collects headings (with their plain text) and raw HTML fragments, skipping code.
fn scan(body: &str) -> (Vec<Heading>, Vec<(Range<usize>, String)>) {
    let mut headings = Vec::new();
    let mut html = Vec::new();
    let mut current: Option<Heading> = None;
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some(Heading {
                    level: heading_depth(level),
                    text: String::new(),
                    range,
                });
            }
            Event::End(TagEnd::Heading(_)) => headings.extend(current.take()),
            Event::Text(text) | Event::Code(text) => {
                if let Some(heading) = current.as_mut() {
                    heading.text.push_str(&text);
                }
            }
            Event::Html(text) | Event::InlineHtml(text) => {
                if let Some(heading) = current.as_mut() {
                    heading.text.push_str(&strip_tags(&text));
                }
                html.push((range, text.to_string()));
            }
            _ => {}
        }
    }
    (headings, html)
}

fn heading_depth(level: HeadingLevel) -> usize {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Questions are headings at `level` that pass `is_question`. A shallower heading ends an answer; a
/// deeper one belongs to it; a non-question heading at `level` belongs to the answer before it when
/// another question follows in the same section (`## Cookies` between `## Question 4` and
/// `## Question 5`), and ends it otherwise (`## License` at the end of a README).
fn heading_sections(
    body: &str,
    headings: &[Heading],
    level: usize,
    is_question: impl Fn(&Heading) -> bool,
) -> Vec<Section> {
    let mut sections = Vec::new();
    let mut open: Option<&Heading> = None;
    let close = |open: &mut Option<&Heading>, end: usize, sections: &mut Vec<Section>| {
        if let Some(q) = open.take() {
            sections.push(Section {
                question: q.text.trim().to_string(),
                at: q.range.start,
                answer: q.range.end.min(end)..end,
                title: None,
                asked_only: false,
                level: None,
            });
        }
    };
    for (i, heading) in headings.iter().enumerate() {
        if heading.level < level {
            close(&mut open, heading.range.start, &mut sections);
        } else if heading.level == level {
            if is_question(heading) {
                close(&mut open, heading.range.start, &mut sections);
                open = Some(heading);
            } else {
                let later_question = headings[i + 1..]
                    .iter()
                    .take_while(|h| h.level >= level)
                    .any(|h| h.level == level && is_question(h));
                if !later_question {
                    close(&mut open, heading.range.start, &mut sections);
                }
            }
        }
    }
    close(&mut open, body.len(), &mut sections);
    sections
}

/// Outermost `<details>` blocks whose `<summary>` asks something. An unclosed block runs to the end.
fn details_sections(body: &str, html: &[(Range<usize>, String)]) -> Vec<Section> {
    // Positions of `<details` and `</details>` in the body, from HTML fragments only (never from code).
    let mut marks: Vec<(usize, bool)> = Vec::new();
    for (range, text) in html {
        let lower = text.to_ascii_lowercase();
        for (pos, _) in lower.match_indices("<details") {
            marks.push((range.start + pos, true));
        }
        for (pos, _) in lower.match_indices("</details") {
            marks.push((range.start + pos, false));
        }
    }
    marks.sort_unstable();
    let mut blocks = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (pos, opens) in marks {
        if opens {
            if depth == 0 {
                start = pos;
            }
            depth += 1;
        } else if depth > 0 {
            depth -= 1;
            if depth == 0 {
                blocks.push(start..pos);
            }
        }
    }
    if depth > 0 {
        blocks.push(start..body.len());
    }
    blocks
        .into_iter()
        .filter_map(|block| summary_section(body, block))
        .collect()
}

fn summary_section(body: &str, block: Range<usize>) -> Option<Section> {
    let text = body.get(block.clone())?;
    let lower = text.to_ascii_lowercase();
    let open = lower.find("<summary")?;
    let open_end = open + lower[open..].find('>')? + 1;
    let close = open_end + lower[open_end..].find("</summary")?;
    let after = close
        + lower[close..]
            .find('>')
            .map_or(lower.len() - close, |p| p + 1);
    // A summary that goes on past its first paragraph (a list of terms, a code block to explain):
    // the first paragraph asks, the rest opens the answer.
    let summary = &text[open_end..close];
    let lead = summary.trim_start();
    let skipped = summary.len() - lead.len();
    let asked = ["\n\n", "\n```", "\n~~~", "\n* ", "\n- ", "\n1. "]
        .iter()
        .filter_map(|mark| lead.find(mark))
        .min()
        .map(|end| skipped + end);
    let (asked, answer_start) = match asked {
        Some(end) => (&summary[..end], open_end + end),
        None => (summary, after),
    };
    let question = strip_tags(asked);
    let question = question.trim().trim_matches('*').trim();
    if is_reveal_label(question) {
        return None;
    }
    Some(Section {
        question: question.to_string(),
        at: block.start,
        answer: block.start + answer_start..block.end,
        title: None,
        asked_only: false,
        level: None,
    })
}
