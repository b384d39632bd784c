//! Pure text rules for one question: does a heading read as a question, what is its clean wording, which
//! labels to strip from an answer, the level/tags line, slugs, and Markdown to plain text.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::entry::Level;

/// `<summary>` texts that reveal an answer instead of asking a question.
const REVEAL_LABELS: &str = include_str!("../../data/reveal-labels.txt");

/// A heading reads as a question when it is numbered, labelled `Question N`/`Q1`, or ends in `?`; a
/// leading mark (`✅ 3.`, `❓ What is ...`) is not part of it.
pub fn reads_as_question(heading: &str) -> bool {
    let text = heading.trim();
    let text = text[mark_len(text)..].trim_start();
    if numbering_len(text) > 0 || question_label_len(text) > 0 {
        return true;
    }
    text.trim_end_matches(['"', '\'', '”', '’', '*', '_', ' ', ':'])
        .ends_with(['?', '？'])
}

/// True for a `<summary>` that only says "Answer" or "Click to expand".
pub fn is_reveal_label(summary: &str) -> bool {
    let text = summary
        .trim()
        .trim_end_matches(['.', ':', '!', ' '])
        .to_lowercase();
    text.is_empty()
        || REVEAL_LABELS
            .lines()
            .filter(|line| !line.starts_with('#'))
            .any(|label| label.trim() == text)
}

/// Strips a leading mark (`✅`, `🔹`), numbering (`1.`, `12)`), a `Question 3:`/`Q3.` label and
/// surrounding quotes.
pub fn clean_question(heading: &str) -> String {
    let mut text = heading.trim();
    loop {
        let skip = mark_len(text)
            .max(numbering_len(text))
            .max(question_label_len(text));
        if skip == 0 {
            break;
        }
        text = text[skip..].trim_start();
    }
    let text = text.trim();
    let unquoted = [('"', '"'), ('“', '”'), ('\'', '\''), ('«', '»')]
        .iter()
        .find_map(|&(open, close)| {
            let inner = text.strip_prefix(open)?.strip_suffix(close)?;
            (!inner.contains(open) || open != close).then_some(inner)
        })
        .unwrap_or(text);
    unquoted.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Length of leading marks that decorate a heading (`✅`, `❓`, `🔹`, `▶`, `★`, `•`: emoji, arrows,
/// dingbats and shapes, with their variation selectors) and the spaces after them, else 0. Quotes and
/// `¿` are not marks: they are part of the question.
fn mark_len(text: &str) -> usize {
    let is_mark = |c: char| {
        matches!(c as u32,
            0x2022 | 0x200D | 0xFE0F | 0x2190..=0x2BFF | 0x1F000..=0x1FAFF)
    };
    let mut end = 0;
    for (i, c) in text.char_indices() {
        if is_mark(c) {
            end = i + c.len_utf8();
        } else if !c.is_whitespace() {
            break;
        }
    }
    // Spaces after the last mark go too; spaces alone are not a mark.
    if end == 0 {
        return 0;
    }
    end + (text[end..].len() - text[end..].trim_start().len())
}

/// Length of a leading `12.` or `12)` followed by whitespace, else 0.
fn numbering_len(text: &str) -> usize {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 4 {
        return 0;
    }
    let rest = &text[digits..];
    match rest.chars().next() {
        Some('.' | ')') if rest[1..].starts_with(char::is_whitespace) => digits + 1,
        _ => 0,
    }
}

/// Length of a leading `Question 3:`, `Question:`, `Q3.` or `Q:` label, else 0.
fn question_label_len(text: &str) -> usize {
    let lower = text.to_ascii_lowercase();
    let after_word = if lower.starts_with("question") {
        "question".len()
    } else if lower.starts_with('q') {
        1
    } else {
        return 0;
    };
    let rest = &text[after_word..];
    let spaces = rest.len() - rest.trim_start().len();
    let rest = &rest[spaces..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &rest[digits..];
    let punct = rest
        .chars()
        .next()
        .filter(|c| matches!(c, ':' | '.' | ')' | '-' | '#'))
        .map_or(0, char::len_utf8);
    // "Q" alone needs a number or punctuation ("Queue" is not a label); "Question" needs a number or
    // punctuation too ("Questions about X" is not one).
    let after = &rest[punct..];
    let ends_cleanly = after.is_empty() || after.starts_with(char::is_whitespace);
    if (digits == 0 && punct == 0) || !ends_cleanly || (after_word == 1 && spaces > 0) {
        return 0;
    }
    text.len() - after.len()
}

/// Removes a leading `Answer:`, `**Answer:**`, `**Answer**:`, `A:` or `Ans:` label (or a line that is only
/// `**Answer**`) from an answer.
pub fn strip_answer_label(answer: &str) -> &str {
    let trimmed = answer.trim_start();
    // An `#### Answer` (or `Solution`) sub-heading is a label too.
    let heading = trimmed.starts_with('#');
    let rest = skip_emphasis(
        trimmed
            .trim_start_matches('#')
            .trim_start_matches([' ', '\t']),
    );
    let lower = rest.to_ascii_lowercase();
    if heading {
        let line_end = rest.find('\n').unwrap_or(rest.len());
        let label = lower[..line_end]
            .trim()
            .trim_end_matches([':', '.', '*', '_', ' ']);
        return if is_answer_heading(label) {
            rest[line_end..].trim_start_matches('\n')
        } else {
            answer
        };
    }
    let Some(word) = ["answer", "ans", "a"]
        .into_iter()
        .find(|w| lower.starts_with(w))
    else {
        return answer;
    };
    let rest = skip_emphasis(&rest[word.len()..]);
    if let Some(after_colon) = rest.strip_prefix(':') {
        return skip_emphasis(after_colon).trim_start_matches([' ', '\t']);
    }
    let line_end = rest.find('\n').unwrap_or(rest.len());
    if word == "answer" && rest[..line_end].trim().is_empty() {
        return rest[line_end..].trim_start_matches('\n');
    }
    answer
}

/// True for a heading that only says "Answer" or "Solution": the heading above it is then a question,
/// whatever its wording (`### Explain how X works.` + `#### Answer`).
pub fn is_answer_heading(text: &str) -> bool {
    let text = text
        .trim()
        .trim_matches(['*', '_', ':', '.', ' '])
        .to_lowercase();
    matches!(
        text.as_str(),
        "answer"
            | "answers"
            | "solution"
            | "solutions"
            | "the answer"
            | "sample answer"
            | "answer guide"
            | "answer key"
            | "model answer"
            | "suggested answer"
            | "expected answer"
            | "example answer"
            | "reference answer"
    )
}

/// A paragraph that asks: it holds a question mark, or opens as an instruction to the candidate.
pub fn asks(paragraph: &str) -> bool {
    const OPENERS: [&str; 8] = [
        "explain",
        "describe",
        "compare",
        "write",
        "design",
        "implement",
        "list",
        "name",
    ];
    let first = paragraph
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_lowercase();
    paragraph.contains('?') || OPENERS.contains(&first.as_str())
}

/// One question a file (`# Verify build provenance`, the question as a paragraph, `## Answer guide`):
/// the paragraph before the answer's own sub-heading is the question as asked, and the answer starts
/// after that sub-heading. Returns the prompt and the answer, or `None` when the section does not have
/// that shape (no answer heading, another heading before it, nothing before it).
pub fn split_prompt(section: &str) -> Option<(&str, &str)> {
    let mut at = 0;
    for line in section.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            let label = trimmed.trim_start_matches('#').trim();
            if !is_answer_heading(label) {
                return None;
            }
            let prompt = section[..at].trim();
            let answer = &section[at + line.len()..];
            return (!prompt.is_empty()).then_some((prompt, answer.trim_start_matches('\n')));
        }
        at += line.len();
    }
    None
}

/// Reads an `**Also asked as:** one; two` paragraph at the start of an answer: the other phrasings of the
/// question, searched like the question itself. Returns them and the answer without the paragraph.
pub fn split_also_asked(answer: &str) -> Option<(Vec<String>, &str)> {
    split_labelled_list(answer, "also asked as")
}

/// Reads a `**Key points:** one; two` paragraph at the start of an answer (after the level/tags line
/// and any `Also asked as`): what a good answer must say, which `qa quiz --type` checks a typed answer
/// against. Returns the points and the answer without the paragraph.
pub fn split_key_points(answer: &str) -> Option<(Vec<String>, &str)> {
    split_labelled_list(answer, "key points")
}

/// A first paragraph `**Label:** item; item` with the given label: its `;`-separated items, whitespace
/// collapsed, and the answer after it.
fn split_labelled_list<'a>(answer: &'a str, wanted: &str) -> Option<(Vec<String>, &'a str)> {
    let text = answer.trim_start();
    let end = text.find("\n\n").unwrap_or(text.len());
    let paragraph = text[..end].replace(['*', '_'], "");
    let (label, value) = paragraph.split_once(':')?;
    if !label.trim().eq_ignore_ascii_case(wanted) {
        return None;
    }
    let items = value
        .split(';')
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect();
    Some((items, &text[end..]))
}

fn skip_emphasis(text: &str) -> &str {
    text.trim_start_matches(['*', '_'])
}

/// The level and tags of a `**Level:** mid · **Tags:** jwt, cookies` line.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct MetaLine {
    pub level: Option<Level>,
    pub tags: Vec<String>,
    /// A level value we could not read, for a warning.
    pub bad_level: Option<String>,
}

/// Reads the first paragraph of an answer as a level/tags line. Returns the line's data and the answer
/// without it, or `None` when the paragraph is ordinary text.
pub fn split_meta_line(answer: &str) -> Option<(MetaLine, &str)> {
    let text = answer.trim_start();
    let end = text.find("\n\n").unwrap_or(text.len());
    let paragraph = text[..end].replace('*', "");
    let mut meta = MetaLine::default();
    for part in paragraph.split(['·', '|']) {
        let (key, value) = part.split_once(':')?;
        match key.trim().to_lowercase().as_str() {
            "level" | "difficulty" => match Level::parse(value) {
                Some(level) => meta.level = Some(level),
                None => meta.bad_level = Some(value.trim().to_string()),
            },
            "tags" => meta.tags = split_tags(value),
            _ => return None,
        }
    }
    Some((meta, &text[end..]))
}

/// Splits a comma-separated tag list into lowercase, trimmed, non-empty tags.
pub fn split_tags(list: &str) -> Vec<String> {
    list.split(',')
        .map(|tag| {
            tag.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        })
        .filter(|tag| !tag.is_empty())
        .collect()
}

/// Lowercase letters and digits, every other run turned into one `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Markdown to the plain text a reader sees: markup and HTML tags dropped, code kept. Snippets are cut
/// from it with every line break a space, so a heading or a table row ends as a sentence ("Server
/// logic. Look up the key"), list items start with a bullet, and table cells are parted by `|` with
/// the rule under the header row gone.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::Html(html) | Event::InlineHtml(html) => out.push_str(&strip_tags(&html)),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak | Event::Rule => out.push('\n'),
            Event::Start(Tag::Item) => out.push_str("• "),
            Event::Start(Tag::TableCell) if !out.is_empty() && !out.ends_with('\n') => {
                out.push_str(" | ");
            }
            Event::End(TagEnd::Heading(_) | TagEnd::TableHead | TagEnd::TableRow) => {
                let end = out.trim_end().chars().last();
                if end.is_some_and(|c| !matches!(c, '.' | ':' | ';' | '?' | '!' | '\n')) {
                    out.push('.');
                }
                out.push('\n');
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::CodeBlock | TagEnd::BlockQuote(_),
            ) if !out.ends_with('\n') => out.push('\n'),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// Drops the navigation other people's repositories put after every answer: trailing lines that hold
/// nothing but links within the page (`**[⬆ Back to Top](#table-of-contents)**`, `<a href="#top">back
/// to top</a>`, `[Prev](#q1) | [Next](#q3)`), and thematic breaks (`---`) around them. They are no part
/// of the answer, and a snippet or a quiz would show them as its words.
pub fn strip_navigation(answer: &str) -> &str {
    let mut kept = answer.trim_end();
    loop {
        let start = kept.rfind('\n').map_or(0, |at| at + 1);
        let line = kept[start..].trim();
        if start == 0 || !(is_navigation(line) || is_thematic_break(line)) {
            return kept;
        }
        kept = kept[..start].trim_end();
    }
}

/// A line of in-page links and decoration only, with at least one link.
fn is_navigation(line: &str) -> bool {
    let mut rest = line.to_string();
    let mut links = 0;
    // Markdown links to an anchor: `[text](#anchor)`.
    while let Some(open) = rest.find("](#") {
        let Some(start) = rest[..open].rfind('[') else {
            return false;
        };
        let Some(close) = rest[open..].find(')') else {
            return false;
        };
        rest.replace_range(start..open + close + 1, " ");
        links += 1;
    }
    // HTML links to an anchor: `<a href="#top">text</a>`.
    loop {
        let lower = rest.to_ascii_lowercase();
        let Some(start) = lower.find("<a ") else {
            break;
        };
        let Some(end) = lower[start..].find("</a>") else {
            return false;
        };
        let tag = &lower[start..start + end];
        if !(tag.contains("href=\"#") || tag.contains("href='#")) {
            return false;
        }
        rest.replace_range(start..start + end + "</a>".len(), " ");
        links += 1;
    }
    links > 0 && !strip_tags(&rest).chars().any(char::is_alphanumeric)
}

/// `---`, `***` or `___` alone on a line.
fn is_thematic_break(line: &str) -> bool {
    let mut marks = line.chars().filter(|c| !c.is_whitespace());
    let first = marks.next();
    matches!(first, Some('-' | '*' | '_')) && {
        let rest: Vec<char> = marks.collect();
        rest.len() >= 2 && rest.iter().all(|&c| Some(c) == first)
    }
}

/// Removes `<...>` tags from an HTML fragment, keeping the text between them.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}
