//! One filter for lowercasing, dropping stop words and English stemming, with a per-analyzer cache keyed
//! by the word as written: the same few thousand words recur all through a bank, and one hash lookup costs
//! a fraction of lowercasing, a stop-word lookup and the Snowball stemmer (most of a build without it).

use std::sync::Arc;

use compact_str::CompactString;
use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Words cached per analyzer before the cache is cleared, which bounds its memory.
const CACHE_LIMIT: usize = 100_000;

/// Lowercase, drop the given stop words, stem (English).
#[derive(Clone)]
pub struct Normalize {
    stop_words: Arc<FxHashSet<String>>,
}

impl Normalize {
    pub fn new(stop_words: impl IntoIterator<Item = String>) -> Normalize {
        Normalize {
            stop_words: Arc::new(stop_words.into_iter().collect()),
        }
    }
}

impl TokenFilter for Normalize {
    type Tokenizer<T: Tokenizer> = NormalizeFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> NormalizeFilter<T> {
        NormalizeFilter {
            inner: tokenizer,
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
            stop_words: self.stop_words,
            cache: FxHashMap::default(),
        }
    }
}

#[derive(Clone)]
pub struct NormalizeFilter<T> {
    inner: T,
    stemmer: frostem::Stemmer,
    stop_words: Arc<FxHashSet<String>>,
    /// Word as written → its stem, or `None` for a stop word.
    cache: FxHashMap<CompactString, Option<CompactString>>,
}

impl<T: Tokenizer> Tokenizer for NormalizeFilter<T> {
    type TokenStream<'a> = NormalizeStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        if self.cache.len() > CACHE_LIMIT {
            self.cache.clear();
        }
        NormalizeStream {
            tail: self.inner.token_stream(text),
            stemmer: self.stemmer,
            stop_words: &self.stop_words,
            cache: &mut self.cache,
        }
    }
}

pub struct NormalizeStream<'a, S> {
    tail: S,
    stemmer: frostem::Stemmer,
    stop_words: &'a FxHashSet<String>,
    cache: &'a mut FxHashMap<CompactString, Option<CompactString>>,
}

impl<S: TokenStream> TokenStream for NormalizeStream<'_, S> {
    fn advance(&mut self) -> bool {
        // Stop words are skipped; the next word keeps its own position, so phrases keep the gap.
        while self.tail.advance() {
            let token = self.tail.token_mut();
            let normal = match self.cache.get(token.text.as_str()) {
                Some(normal) => normal,
                None => {
                    let lower = token.text.to_lowercase();
                    let normal = (!self.stop_words.contains(&lower))
                        .then(|| CompactString::from(stem(self.stemmer, &lower)));
                    self.cache
                        .entry(CompactString::from(token.text.as_str()))
                        .or_insert(normal)
                }
            };
            if let Some(normal) = normal {
                if normal.as_str() != token.text {
                    token.text.clear();
                    token.text.push_str(normal);
                }
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// The English stem, and a number's plural as the number: "getting 429s", "a wall of 502s" (Snowball
/// keeps the `s` of a word without a vowel).
fn stem(stemmer: frostem::Stemmer, lower: &str) -> std::borrow::Cow<'_, str> {
    match lower.strip_suffix('s') {
        Some(number) if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) => {
            number.into()
        }
        _ => stemmer.stem(lower),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::analysis::tokenizer::CodeTokenizer;
    use tantivy::tokenizer::TextAnalyzer;

    fn analyze(text: &str) -> Vec<(String, usize)> {
        let mut analyzer = TextAnalyzer::builder(CodeTokenizer::default())
            .filter(Normalize::new(["the".to_string(), "a".to_string()]))
            .build();
        let mut out = Vec::new();
        // Twice: the second pass is served from the cache and must agree.
        for _ in 0..2 {
            let mut stream = analyzer.token_stream(text);
            while stream.advance() {
                out.push((stream.token().text.clone(), stream.token().position));
            }
        }
        let half = out.len() / 2;
        assert_eq!(
            out[..half],
            out[half..],
            "a cache hit gives the same result"
        );
        out.truncate(half);
        out
    }

    #[test]
    fn lowercases_stems_and_drops_stop_words_keeping_positions() {
        let words = analyze("Caching THE cached Caches a Running happy Tokens");
        let texts: Vec<&str> = words.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["cach", "cach", "cach", "run", "happi", "token"]);
        let positions: Vec<usize> = words.iter().map(|(_, p)| *p).collect();
        assert_eq!(positions, [0, 2, 3, 5, 6, 7], "stop words leave gaps");
    }

    #[test]
    fn a_numbers_plural_is_the_number() {
        let words = analyze("getting 429s and 502S, not 3s3 or s or https");
        let texts: Vec<&str> = words.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "get", "429", "and", "502", "not", "3s3", "or", "s", "or", "https"
            ]
        );
    }
}
