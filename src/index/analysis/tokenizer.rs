//! The tokenizer: words and code identifiers. `password_hash` yields `password_hash`, `password`, `hash`;
//! `$request->validate` the whole identifier, `request` and `validate`; `C++`, `N+1` and `node.js` keep
//! their punctuation in the whole-token form, which shares the position of its first part so phrases still
//! line up; operators of 2-4 characters (`==`, `<=>`, `??`) are tokens of their own.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Characters that may join the parts of one identifier.
fn is_connector(c: char) -> bool {
    matches!(
        c,
        '_' | '$' | '@' | '.' | '+' | '-' | '>' | '#' | ':' | '\\'
    )
}

/// Characters of operators (`==`, `!==`, `<=>`, `??`, `&&`, `=>`).
fn is_operator(c: char) -> bool {
    matches!(
        c,
        '=' | '!' | '<' | '>' | '?' | '&' | '|' | '~' | '^' | '%' | '*'
    )
}

/// Splits text into words and code identifiers (see the module comment). Streams: one `Token` is reused,
/// so indexing allocates nothing per word.
#[derive(Clone, Default)]
pub struct CodeTokenizer {
    token: Token,
    parts: Vec<(usize, usize)>,
}

pub struct CodeTokenStream<'a> {
    text: &'a str,
    /// Byte offset where the search for the next run starts.
    cursor: usize,
    token: &'a mut Token,
    /// Parts of the current run still to emit, as byte ranges.
    parts: &'a mut Vec<(usize, usize)>,
    next_part: usize,
    position: usize,
}

impl Tokenizer for CodeTokenizer {
    type TokenStream<'a> = CodeTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CodeTokenStream<'a> {
        self.token.reset();
        self.parts.clear();
        CodeTokenStream {
            text,
            cursor: 0,
            token: &mut self.token,
            parts: &mut self.parts,
            next_part: 0,
            position: 0,
        }
    }
}

impl CodeTokenStream<'_> {
    fn set(&mut self, from: usize, to: usize, position: usize) {
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = position;
        self.token.position_length = 1;
        self.token.text.clear();
        self.token.text.push_str(&self.text[from..to]);
    }

    /// The class of the character at byte `at`, and its length in bytes. ASCII, nearly all of a bank, is
    /// classified by a byte test; other characters are decoded.
    #[inline(always)]
    fn class_at(&self, at: usize) -> (Class, usize) {
        let byte = self.text.as_bytes()[at];
        if byte.is_ascii() {
            let c = byte as char;
            let class = if byte.is_ascii_alphanumeric() {
                Class::Word
            } else if is_connector(c) {
                Class::Connector
            } else if is_operator(c) {
                Class::Operator
            } else {
                Class::Other
            };
            return (class, 1);
        }
        let c = self.text[at..].chars().next().unwrap_or(' ');
        let class = if c.is_alphanumeric() {
            Class::Word
        } else {
            Class::Other
        };
        (class, c.len_utf8())
    }

    /// Finds the next run of word and connector characters with at least one part (or an operator);
    /// queues its parts and returns the trimmed run.
    fn next_run(&mut self) -> Option<(usize, usize)> {
        let len = self.text.len();
        while self.cursor < len {
            let (mut class, width) = self.class_at(self.cursor);
            let start = self.cursor;
            let is_op = |at: usize| is_operator(self.text.as_bytes()[at] as char);
            // `>` joins `$a->b` inside a word, but starts an operator (`>=`) on its own.
            if is_op(start) {
                class = Class::Operator;
            }
            match class {
                Class::Other => {
                    self.cursor += width;
                    continue;
                }
                Class::Operator => {
                    while self.cursor < len && is_op(self.cursor) {
                        self.cursor += 1;
                    }
                    let run = self.cursor - start;
                    if (2..=4).contains(&run) {
                        self.parts.clear();
                        self.parts.push((start, self.cursor));
                        self.next_part = 0;
                        return Some((start, self.cursor));
                    }
                    continue;
                }
                Class::Word | Class::Connector => {}
            }
            // The run, and its parts: maximal stretches of word characters.
            self.parts.clear();
            self.next_part = 0;
            let mut part_start = None;
            while self.cursor < len {
                let (class, width) = self.class_at(self.cursor);
                match class {
                    Class::Word => {
                        part_start.get_or_insert(self.cursor);
                    }
                    Class::Connector => {
                        if let Some(from) = part_start.take() {
                            self.parts.push((from, self.cursor));
                        }
                    }
                    Class::Operator | Class::Other => break,
                }
                self.cursor += width;
            }
            if let Some(from) = part_start {
                self.parts.push((from, self.cursor));
            }
            let (Some(&(first, _)), Some(&(_, last))) = (self.parts.first(), self.parts.last())
            else {
                continue;
            };
            // Sentence punctuation and arrows around a word are not part of it; `$var`, `@decorator`,
            // `__init`, `c++` and `c#` keep theirs.
            let bytes = self.text.as_bytes();
            let mut from = start;
            while from < first
                && matches!(bytes[from], b'.' | b'-' | b'>' | b':' | b'+' | b'#' | b'\\')
            {
                from += 1;
            }
            let mut to = self.cursor;
            while to > last
                && matches!(
                    bytes[to - 1],
                    b'.' | b'-' | b'>' | b':' | b'$' | b'@' | b'\\'
                )
            {
                to -= 1;
            }
            return Some((from, to));
        }
        None
    }
}

/// What a character is to the tokenizer.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Word,
    Connector,
    Operator,
    Other,
}

impl TokenStream for CodeTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if let Some(&(from, to)) = self.parts.get(self.next_part) {
            self.next_part += 1;
            self.set(from, to, self.position);
            self.position += 1;
            return true;
        }
        let Some((from, to)) = self.next_run() else {
            return false;
        };
        let (first_from, first_to) = self.parts[0];
        if (first_from, first_to) == (from, to) {
            // A plain word: the part is the whole.
            self.next_part = 1;
            self.set(from, to, self.position);
            self.position += 1;
        } else {
            // The whole identifier first, at the position of its first part.
            self.set(from, to, self.position);
        }
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<Token> {
        let mut tokenizer = CodeTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().clone());
        }
        out
    }

    fn words(text: &str) -> Vec<(String, usize)> {
        split(text)
            .into_iter()
            .map(|t| (t.text, t.position))
            .collect()
    }

    fn texts(text: &str) -> Vec<String> {
        words(text).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn plain_words_split_on_punctuation() {
        assert_eq!(
            texts("Hello, happy (tax) payer!"),
            ["Hello", "happy", "tax", "payer"]
        );
        assert_eq!(
            texts("ends a sentence. Next"),
            ["ends", "a", "sentence", "Next"]
        );
    }

    #[test]
    fn identifiers_are_kept_whole_and_split_into_parts() {
        for (text, expected) in [
            ("password_hash", vec!["password_hash", "password", "hash"]),
            (
                "$request->validate()",
                vec!["$request->validate", "request", "validate"],
            ),
            ("@app.route", vec!["@app.route", "app", "route"]),
            ("app.use(", vec!["app.use", "app", "use"]),
            ("N+1", vec!["N+1", "N", "1"]),
            ("C++", vec!["C++", "C"]),
            ("node.js.", vec!["node.js", "node", "js"]),
            ("$fillable", vec!["$fillable", "fillable"]),
            ("Route::get", vec!["Route::get", "Route", "get"]),
            ("cross-site", vec!["cross-site", "cross", "site"]),
        ] {
            assert_eq!(texts(text), expected, "{text}");
        }
    }

    #[test]
    fn the_whole_shares_the_first_part_position() {
        assert_eq!(
            words("use password_hash now"),
            [
                ("use".to_string(), 0),
                ("password_hash".to_string(), 1),
                ("password".to_string(), 1),
                ("hash".to_string(), 2),
                ("now".to_string(), 3)
            ]
        );
    }

    #[test]
    fn operators_are_tokens() {
        assert_eq!(
            texts("a == b vs a === b"),
            ["a", "==", "b", "vs", "a", "===", "b"]
        );
        assert_eq!(
            texts("$x ?? 0; fn() => 1; a <=> b"),
            ["$x", "x", "??", "0", "fn", "=>", "1", "a", "<=>", "b"]
        );
        assert_eq!(texts("a = b, c ** d"), ["a", "b", "c", "**", "d"]);
    }

    #[test]
    fn lone_punctuation_yields_nothing() {
        assert!(texts("- -> :: ... + #").is_empty());
    }

    #[test]
    fn offsets_point_at_the_text() {
        let text = "x $request->validate y";
        for token in split(text) {
            assert_eq!(&text[token.offset_from..token.offset_to], token.text);
        }
    }
}
