//! The terminal view's pieces: styled spans, lines of spans, their display width, the palette, and
//! writing lines with SGR escapes. Colours are the terminal's own 16 (plus bold, dim, italic), so the
//! view reads on dark and light backgrounds alike.

use std::io::{self, Write};

use crossterm::style::{Attribute, Color, ContentStyle, Stylize};
use unicode_width::UnicodeWidthStr;

/// Text with one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub style: ContentStyle,
}

impl Span {
    pub fn new(text: impl Into<String>, style: ContentStyle) -> Span {
        Span {
            text: text.into(),
            style,
        }
    }

    pub fn plain(text: impl Into<String>) -> Span {
        Span::new(text, ContentStyle::new())
    }
}

/// A space that wrapping never breaks at; written as a plain space.
pub const NO_BREAK: &str = "\u{a0}";

/// One screen line.
pub type Line = Vec<Span>;

/// Columns the text takes on a terminal.
pub fn width(text: &str) -> usize {
    text.width()
}

pub fn line_width(line: &[Span]) -> usize {
    line.iter().map(|span| width(&span.text)).sum()
}

/// The outer style with the inner one's colour (when it has one) and both sets of attributes.
pub fn nest(outer: ContentStyle, inner: ContentStyle) -> ContentStyle {
    let mut style = outer;
    style.foreground_color = inner.foreground_color.or(outer.foreground_color);
    style.background_color = inner.background_color.or(outer.background_color);
    style.attributes.extend(inner.attributes);
    style
}

pub fn question() -> ContentStyle {
    ContentStyle::new().bold()
}

/// Metadata, summaries, URLs, quote bars and rules: present but quiet.
pub fn dim() -> ContentStyle {
    ContentStyle::new().attribute(Attribute::Dim)
}

/// A matched word in a snippet (bold red, as grep and ripgrep show matches).
pub fn matched() -> ContentStyle {
    ContentStyle::new().bold().with(Color::DarkRed)
}

pub fn inline_code() -> ContentStyle {
    ContentStyle::new().with(Color::DarkCyan)
}

pub fn strong() -> ContentStyle {
    ContentStyle::new().bold()
}

pub fn emphasis() -> ContentStyle {
    ContentStyle::new().italic()
}

pub fn strikethrough() -> ContentStyle {
    ContentStyle::new().attribute(Attribute::CrossedOut)
}

pub fn heading() -> ContentStyle {
    ContentStyle::new().bold().with(Color::DarkBlue)
}

/// The text of a link to another entry (its command is a note under the answer).
pub fn link() -> ContentStyle {
    ContentStyle::new().attribute(Attribute::Underlined)
}

/// List bullets and numbers.
pub fn marker() -> ContentStyle {
    ContentStyle::new().with(Color::DarkYellow)
}

/// The mark that starts the continuation of a code line wider than the window.
pub fn continued() -> ContentStyle {
    dim()
}

/// Writes lines, joining neighbouring spans of one style and dropping trailing blanks.
pub fn write_lines<W: Write>(w: &mut W, lines: &[Line]) -> io::Result<()> {
    for line in lines {
        let mut merged: Vec<Span> = Vec::with_capacity(line.len());
        for span in line {
            match merged.last_mut() {
                Some(last) if last.style == span.style => last.text.push_str(&span.text),
                _ => merged.push(span.clone()),
            }
        }
        while let Some(last) = merged.last_mut() {
            let kept = last.text.trim_end().len();
            if kept > 0 {
                last.text.truncate(kept);
                break;
            }
            merged.pop();
        }
        for span in &merged {
            let text = span.text.replace(NO_BREAK, " ");
            if span.style == ContentStyle::new() {
                w.write_all(text.as_bytes())?;
            } else {
                write!(w, "{}", span.style.apply(&text))?;
            }
        }
        writeln!(w)?;
    }
    Ok(())
}
