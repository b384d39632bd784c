//! Fenced code on a terminal: highlighted by language with syntect (as bat does), its lines kept as
//! written. A line wider than the window goes on at the next line after a `↪` mark, unless the output
//! is paged, where `less -S` scrolls sideways instead. The default theme, `ansi`, is built from data/code-theme.txt and uses the
//! terminal's own palette; syntect's bundled themes can be chosen by name.

use std::str::FromStr;
use std::sync::OnceLock;

use crossterm::style::{Attribute, Color, ContentStyle};
use syntect::easy::HighlightLines;
use syntect::highlighting::{
    self as sy, FontStyle, ScopeSelectors, StyleModifier, ThemeItem, ThemeSet, ThemeSettings,
};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::style::{Line, Span, continued, width};

/// Theme names `--theme` accepts: ours, then syntect's bundled ones.
pub const THEMES: &[&str] = &[
    "ansi",
    "base16-ocean.dark",
    "base16-eighties.dark",
    "base16-mocha.dark",
    "base16-ocean.light",
    "InspiredGitHub",
    "Solarized (dark)",
    "Solarized (light)",
];

/// A code theme, by one of the names in [`THEMES`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme(&'static str);

impl Theme {
    pub fn named(name: &str) -> Option<Theme> {
        THEMES
            .iter()
            .find(|t| t.eq_ignore_ascii_case(name))
            .map(|t| Theme(t))
    }
}

impl Default for Theme {
    fn default() -> Theme {
        Theme("ansi")
    }
}

const ANSI_THEME: &str = include_str!("../../data/code-theme.txt");

/// Language names of the bank's fences that syntect knows by another name.
const ALIASES: &[(&str, &str)] = &[
    ("ts", "js"),
    ("typescript", "js"),
    ("jsx", "js"),
    ("tsx", "js"),
    ("node", "js"),
    ("shell", "sh"),
    ("console", "sh"),
    ("zsh", "sh"),
    ("py", "python"),
    ("yml", "yaml"),
    ("postgresql", "sql"),
    ("mysql", "sql"),
    // Cassandra's query language reads as SQL.
    ("cql", "sql"),
    // `KEY=value` lines are shell assignments.
    ("dotenv", "sh"),
    ("env", "sh"),
    // Templates: the HTML around their tags is what most of them hold; EJS's `<% %>` tags are ERB's.
    ("blade", "html"),
    ("jinja", "html"),
    ("jinja2", "html"),
    ("twig", "html"),
    ("ejs", "erb"),
];

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// The syntax for a fence's language, if syntect has one. PHP written without `<?php` (as answers are)
/// is read as PHP source, not as HTML that may hold PHP.
fn syntax(language: &str, code: &str) -> Option<&'static SyntaxReference> {
    let language = language.to_ascii_lowercase();
    let name = ALIASES
        .iter()
        .find(|(alias, _)| *alias == language)
        .map_or(language.as_str(), |(_, name)| name);
    if matches!(name, "" | "text" | "txt" | "plain" | "plaintext") {
        return None;
    }
    let set = syntaxes();
    let source = (name == "php" && !code.trim_start().starts_with("<?"))
        .then(|| set.find_syntax_by_name("PHP Source"))
        .flatten();
    source.or_else(|| set.find_syntax_by_token(name))
}

fn theme(theme: &Theme) -> &'static sy::Theme {
    static ANSI: OnceLock<sy::Theme> = OnceLock::new();
    static BUNDLED: OnceLock<ThemeSet> = OnceLock::new();
    if theme.0 == "ansi" {
        return ANSI.get_or_init(|| ansi_theme(ANSI_THEME));
    }
    let set = BUNDLED.get_or_init(ThemeSet::load_defaults);
    set.themes
        .get(theme.0)
        .unwrap_or_else(|| ANSI.get_or_init(|| ansi_theme(ANSI_THEME)))
}

/// Builds the palette theme. Colours are stored as syntect does for bat's `ansi` theme: alpha 0 means
/// "palette colour number `r`", alpha 1 "the terminal's default colour".
fn ansi_theme(table: &str) -> sy::Theme {
    let mut scopes = Vec::new();
    for line in table.lines().map(str::trim) {
        let Some((selectors, style)) = line.split_once('=') else {
            continue;
        };
        if line.starts_with('#') {
            continue;
        }
        let Ok(scope) = ScopeSelectors::from_str(selectors.trim()) else {
            continue;
        };
        let mut words = style.split_whitespace();
        let foreground = words.next().and_then(palette);
        let mut font_style = FontStyle::empty();
        for word in words {
            match word {
                "bold" => font_style |= FontStyle::BOLD,
                "italic" => font_style |= FontStyle::ITALIC,
                "underline" => font_style |= FontStyle::UNDERLINE,
                _ => {}
            }
        }
        scopes.push(ThemeItem {
            scope,
            style: StyleModifier {
                foreground,
                background: None,
                font_style: Some(font_style),
            },
        });
    }
    sy::Theme {
        name: Some("ansi".into()),
        author: None,
        settings: ThemeSettings {
            foreground: Some(sy::Color {
                r: 0,
                g: 0,
                b: 0,
                a: 1,
            }),
            ..ThemeSettings::default()
        },
        scopes,
    }
}

fn palette(name: &str) -> Option<sy::Color> {
    const NAMES: [&str; 16] = [
        "black",
        "red",
        "green",
        "yellow",
        "blue",
        "magenta",
        "cyan",
        "white",
        "brightblack",
        "brightred",
        "brightgreen",
        "brightyellow",
        "brightblue",
        "brightmagenta",
        "brightcyan",
        "brightwhite",
    ];
    if name == "default" {
        return Some(sy::Color {
            r: 0,
            g: 0,
            b: 0,
            a: 1,
        });
    }
    let index = NAMES.iter().position(|n| *n == name)?;
    Some(sy::Color {
        r: index as u8,
        g: 0,
        b: 0,
        a: 0,
    })
}

fn to_style(style: sy::Style) -> ContentStyle {
    let mut out = ContentStyle::new();
    let fg = style.foreground;
    out.foreground_color = match fg.a {
        0 => Some(Color::AnsiValue(fg.r)),
        1 => None,
        _ => Some(Color::Rgb {
            r: fg.r,
            g: fg.g,
            b: fg.b,
        }),
    };
    for (flag, attribute) in [
        (FontStyle::BOLD, Attribute::Bold),
        (FontStyle::ITALIC, Attribute::Italic),
        (FontStyle::UNDERLINE, Attribute::Underlined),
    ] {
        if style.font_style.contains(flag) {
            out.attributes.set(attribute);
        }
    }
    out
}

/// The lines of a code block, highlighted when the language is known, tabs expanded, and each line
/// wider than `max` columns, when a maximum is given, continued on the next (`wrap_line`).
pub fn block(code: &str, language: &str, chosen: &Theme, max: Option<usize>) -> Vec<Line> {
    let code = expand_tabs(code);
    let mut lines: Vec<Line> = match syntax(language, &code) {
        Some(syntax) => {
            let mut highlighter = HighlightLines::new(syntax, theme(chosen));
            LinesWithEndings::from(&code)
                .map(|line| match highlighter.highlight_line(line, syntaxes()) {
                    Ok(regions) => regions
                        .into_iter()
                        .map(|(style, text)| {
                            Span::new(text.trim_end_matches('\n'), to_style(style))
                        })
                        .filter(|span| !span.text.is_empty())
                        .collect(),
                    Err(_) => vec![Span::plain(line.trim_end_matches('\n'))],
                })
                .collect()
        }
        None => code.lines().map(|line| vec![Span::plain(line)]).collect(),
    };
    if let Some(max) = max {
        lines = lines
            .into_iter()
            .flat_map(|line| wrap_line(line, max))
            .collect();
    }
    lines
}

/// The mark that starts the continuation of a code line too wide for the window.
pub const GOES_ON: &str = "↪ ";

/// The line as is when it fits in `max` columns; else its first `max` columns, then the rest on lines
/// of their own, each led by `GOES_ON`. Nothing of the code is lost (a cut line hid the end of a token
/// or a `WHERE` clause), and the mark tells a continuation from a line of the code.
fn wrap_line(line: Line, max: usize) -> Vec<Line> {
    if super::style::line_width(&line) <= max {
        return vec![line];
    }
    let goes_on = width(GOES_ON);
    let mut lines = Vec::new();
    let mut out = Line::new();
    let mut used = 0;
    for span in line {
        let mut kept = String::new();
        for c in span.text.chars() {
            let w = width(c.encode_utf8(&mut [0; 4]));
            if used + w > max && used > goes_on {
                out.push(Span::new(std::mem::take(&mut kept), span.style));
                lines.push(std::mem::take(&mut out));
                out.push(Span::new(GOES_ON, continued()));
                used = goes_on;
            }
            used += w;
            kept.push(c);
        }
        out.push(Span::new(kept, span.style));
    }
    lines.push(out);
    lines
        .into_iter()
        .map(|line| {
            line.into_iter()
                .filter(|span| !span.text.is_empty())
                .collect()
        })
        .collect()
}

fn expand_tabs(code: &str) -> String {
    if !code.contains('\t') {
        return code.to_string();
    }
    let mut out = String::with_capacity(code.len());
    let mut column = 0;
    for c in code.chars() {
        match c {
            '\t' => {
                let spaces = 4 - column % 4;
                out.extend(std::iter::repeat_n(' ', spaces));
                column += spaces;
            }
            '\n' => {
                out.push(c);
                column = 0;
            }
            _ => {
                out.push(c);
                column += width(c.encode_utf8(&mut [0; 4]));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
