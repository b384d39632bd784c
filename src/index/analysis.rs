//! Text analysis shared by indexing and querying. Code identifiers are searchable as written and by their
//! parts: `password_hash` yields `password_hash`, `password`, `hash`; `$request->validate` yields the
//! whole identifier, `request` and `validate`; `C++`, `N+1` and `node.js` keep their punctuation in the
//! whole-token form. The whole token shares the position of its first part, so phrases still line up.

use std::collections::HashMap;

use tantivy::Index;
use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
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

/// Characters of operators (`==`, `!==`, `<=>`, `??`, `&&`, `=>`), searchable as tokens of 2-4 of them.
fn is_operator(c: char) -> bool {
    matches!(
        c,
        '=' | '!' | '<' | '>' | '?' | '&' | '|' | '~' | '^' | '%' | '*'
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
            .filter(CachedStemmer)
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

/// English Snowball stemming with a per-analyzer cache: the same few thousand words recur all through a
/// bank, and a hash lookup costs a fraction of running the stemmer (a quarter of a build's time without it).
#[derive(Clone, Copy)]
pub struct CachedStemmer;

/// Words cached per analyzer before the cache is cleared, which bounds its memory.
const STEM_CACHE_LIMIT: usize = 100_000;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
            cache: HashMap::new(),
        }
    }
}

#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    stemmer: frostem::Stemmer,
    cache: HashMap<String, String>,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        if self.cache.len() > STEM_CACHE_LIMIT {
            self.cache.clear();
        }
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: self.stemmer,
            cache: &mut self.cache,
        }
    }
}

pub struct CachedStemmerStream<'a, S> {
    tail: S,
    stemmer: frostem::Stemmer,
    cache: &'a mut HashMap<String, String>,
}

impl<S: TokenStream> TokenStream for CachedStemmerStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        let stem = match self.cache.get(&token.text) {
            Some(stem) => stem,
            None => {
                let stem = self.stemmer.stem(&token.text).into_owned();
                self.cache.entry(token.text.clone()).or_insert(stem)
            }
        };
        if *stem != token.text {
            token.text.clear();
            token.text.push_str(stem);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
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

    /// Finds the next run of word and connector characters with at least one part; queues its parts and
    /// returns the trimmed run.
    fn next_run(&mut self) -> Option<(usize, usize)> {
        let bytes = self.text;
        while self.cursor < bytes.len() {
            let rest = &bytes[self.cursor..];
            let Some(skip) =
                rest.find(|c: char| c.is_alphanumeric() || is_connector(c) || is_operator(c))
            else {
                self.cursor = bytes.len();
                return None;
            };
            let start = self.cursor + skip;
            if bytes[start..].starts_with(is_operator) {
                let len = bytes[start..]
                    .find(|c: char| !is_operator(c))
                    .unwrap_or(bytes.len() - start);
                self.cursor = start + len;
                if (2..=4).contains(&len) {
                    self.parts.clear();
                    self.parts.push((start, start + len));
                    self.next_part = 0;
                    return Some((start, start + len));
                }
                continue;
            }
            let len = bytes[start..]
                .find(|c: char| !(c.is_alphanumeric() || is_connector(c)))
                .unwrap_or(bytes.len() - start);
            let end = start + len;
            self.cursor = end;
            // Sentence punctuation and arrows around a word are not part of it; `$var`, `@decorator`,
            // `__init`, `c++` and `c#` keep theirs.
            let chunk = &bytes[start..end];
            let lead = chunk.len()
                - chunk
                    .trim_start_matches(['.', '-', '>', ':', '+', '#', '\\'])
                    .len();
            let trimmed = chunk[lead..].trim_end_matches(['.', '-', '>', ':', '$', '@', '\\']);
            let from = start + lead;
            self.parts.clear();
            self.next_part = 0;
            let mut at = from;
            for part in trimmed.split(|c: char| !c.is_alphanumeric()) {
                if !part.is_empty() {
                    self.parts.push((at, at + part.len()));
                }
                at += part.len() + 1;
            }
            if !self.parts.is_empty() {
                return Some((from, from + trimmed.len()));
            }
        }
        None
    }
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
    fn the_cached_stemmer_stems_like_snowball() {
        let mut analyzer = TextAnalyzer::builder(CodeTokenizer::default())
            .filter(LowerCaser)
            .filter(CachedStemmer)
            .build();
        let mut stems = Vec::new();
        for _ in 0..2 {
            let mut stream = analyzer.token_stream("Caching cached caches running Tokens");
            while stream.advance() {
                stems.push(stream.token().text.clone());
            }
        }
        assert_eq!(stems[..5], ["cach", "cach", "cach", "run", "token"]);
        assert_eq!(stems[..5], stems[5..], "a cache hit gives the same stem");
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
