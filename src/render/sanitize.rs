//! Text from the bank (and from the user) made safe for a terminal: a cloned file must not be able to
//! drive it. Everything `qa` writes that came from outside passes through `clean`, on stdout and stderr.

/// Characters that may act on a terminal or reorder what it shows (newline and tab excepted).
pub(crate) fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// Makes text from the bank safe for a terminal: whole escape sequences (CSI colours and cursor moves, OSC
/// window titles, clipboard writes and links) are removed by a VT parser, then any control character left
/// (BEL, backspace, bare CR, C1) and bidirectional overrides are dropped. Newlines and tabs stay.
pub fn clean(text: &str) -> String {
    if !text.chars().any(is_unsafe) {
        return text.to_string();
    }
    strip_ansi_escapes::strip_str(text)
        .chars()
        .filter(|&c| !is_unsafe(c))
        .collect()
}

/// At most `max` characters of `text`, with `…` when cut (for echoing user input in messages).
pub fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_removes_every_kind_of_terminal_control() {
        for (input, expected) in [
            ("\u{1b}[31mred\u{1b}[0m", "red"),
            ("\u{1b}[2J\u{1b}[Hcleared", "cleared"),
            ("\u{1b}]0;evil title\u{7}after", "after"),
            ("\u{1b}]52;c;ZXZpbA==\u{7}clip", "clip"),
            (
                "\u{1b}]8;;http://evil\u{1b}\\link\u{1b}]8;;\u{1b}\\",
                "link",
            ),
            ("bell\u{7}", "bell"),
            ("back\u{8}space", "backspace"),
            ("carriage\rreturn", "carriagereturn"),
            ("c1\u{9b}31mx", "c131mx"),
            ("bidi\u{202e}txt\u{2066}", "biditxt"),
            ("keeps\nnewlines\tand tabs", "keeps\nnewlines\tand tabs"),
            ("plain ünïcode", "plain ünïcode"),
        ] {
            assert_eq!(clean(input), expected, "{input:?}");
        }
    }
}
