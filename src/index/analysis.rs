//! Text analysis shared by indexing and querying. Code identifiers are searchable as written and by their
//! parts: `password_hash` yields `password_hash`, `password`, `hash`; `$request->validate` yields the
//! whole identifier, `request` and `validate`; `C++`, `N+1` and `node.js` keep their punctuation in the
//! whole-token form. The whole token shares the position of its first part, so phrases still line up.

use tantivy::Index;
use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, Stemmer, TextAnalyzer, Token, TokenStream, Tokenizer,
};

/// Analyzer of the searched text fields: code-aware words, lowercased, English-stemmed.
pub const STEMMED: &str = "qa_stemmed";
/// Analyzer of the vocabulary field that "did you mean" draws from: the same words, not stemmed.
pub const RAW: &str = "qa_raw";

/// Characters that may join the parts of one identifier.
fn is_connector(c: char) -> bool {
    matches!(
        c,
        '_' | '$' | '@' | '.' | '+' | '-' | '>' | '#' | ':' | '\\'
    )
}

/// Registers both analyzers; needed on every open, since tantivy does not store analyzers in the index.
pub fn register(index: &Index) {
    let manager = index.tokenizers();
    manager.register(
        STEMMED,
        TextAnalyzer::builder(CodeTokenizer::default())
            .filter(RemoveLongFilter::limit(48))
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build(),
    );
    manager.register(
        RAW,
        TextAnalyzer::builder(CodeTokenizer::default())
            .filter(RemoveLongFilter::limit(48))
            .filter(LowerCaser)
            .build(),
    );
}

/// Splits text into words and code identifiers (see the module comment).
#[derive(Clone, Default)]
pub struct CodeTokenizer {
    pending: Vec<Token>,
}

pub struct CodeTokenStream<'a> {
    tokens: &'a mut Vec<Token>,
    index: usize,
}

impl Tokenizer for CodeTokenizer {
    type TokenStream<'a> = CodeTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CodeTokenStream<'a> {
        self.pending.clear();
        split(text, &mut self.pending);
        CodeTokenStream {
            tokens: &mut self.pending,
            index: usize::MAX,
        }
    }
}

impl TokenStream for CodeTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.index = self.index.wrapping_add(1);
        self.index < self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.index]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.index]
    }
}

/// The tokenizer's work as a plain function, so it can be tested on its own.
fn split(text: &str, out: &mut Vec<Token>) {
    let mut position = 0;
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if !(c.is_alphanumeric() || is_connector(c)) {
            chars.next();
            continue;
        }
        let mut end = start;
        while let Some(&(i, c)) = chars.peek() {
            if c.is_alphanumeric() || is_connector(c) {
                end = i + c.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        emit(text, start, end, &mut position, out);
    }
}

/// Emits one run of word and connector characters: the trimmed whole (when it has connectors) and its
/// alphanumeric parts.
fn emit(text: &str, start: usize, end: usize, position: &mut usize, out: &mut Vec<Token>) {
    let chunk = &text[start..end];
    // Sentence punctuation and arrows around a word are not part of it; `$var`, `@decorator`, `__init`,
    // `c++` and `c#` keep theirs.
    let lead = chunk.len()
        - chunk
            .trim_start_matches(['.', '-', '>', ':', '+', '#', '\\'])
            .len();
    let trimmed = chunk[lead..].trim_end_matches(['.', '-', '>', ':', '$', '@', '\\']);
    if trimmed.is_empty() {
        return;
    }
    let from = start + lead;
    let parts: Vec<(usize, &str)> = trimmed
        .split(|c: char| !c.is_alphanumeric())
        .scan(from, |at, part| {
            let here = *at;
            *at += part.len() + 1;
            Some((here, part))
        })
        .filter(|(_, part)| !part.is_empty())
        .collect();
    let whole = parts.len() != 1 || parts[0].1.len() != trimmed.len();
    if whole {
        out.push(token(from, trimmed, *position));
    }
    for (offset, part) in &parts {
        out.push(token(*offset, part, *position));
        *position += 1;
    }
    if parts.is_empty() {
        *position += 1;
    }
}

fn token(offset: usize, text: &str, position: usize) -> Token {
    Token {
        offset_from: offset,
        offset_to: offset + text.len(),
        position,
        text: text.to_string(),
        position_length: 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        split(text, &mut out);
        out.into_iter().map(|t| (t.text, t.position)).collect()
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
    fn lone_punctuation_yields_nothing() {
        assert!(texts("- -> :: ... + #").is_empty());
    }

    #[test]
    fn offsets_point_at_the_text() {
        let text = "x $request->validate y";
        let mut out = Vec::new();
        split(text, &mut out);
        for token in out {
            assert_eq!(&text[token.offset_from..token.offset_to], token.text);
        }
    }
}
