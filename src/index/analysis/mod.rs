//! Text analysis shared by indexing and querying: the code-aware tokenizer (`tokenizer.rs`), then one
//! cached filter that lowercases, drops stop words and stems (`normalize.rs`).

mod normalize;
mod tokenizer;

use tantivy::Index;
use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, TextAnalyzer};

pub use normalize::Normalize;
pub use tokenizer::CodeTokenizer;

/// Analyzer of the searched text fields: code-aware words, lowercased, English-stemmed.
pub const STEMMED: &str = "qa_stemmed";
/// Analyzer of the vocabulary field that "did you mean" draws from: the same words, not stemmed.
pub const RAW: &str = "qa_raw";

/// The commonest English words, left out of the searched fields: a fifth of all words, they cost a build
/// a fifth of its time and never decide a search. Words that are also code (`in`, `is`, `as`, `or`, `and`,
/// `not`, `on`, `from`, `with`, `by`: SQL) are kept. Positions keep their gaps, so phrases still match.
const INDEX_STOP_WORDS: &str = include_str!("../../../data/index-stopwords.txt");

fn index_stop_words() -> Vec<String> {
    INDEX_STOP_WORDS
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// Registers both analyzers; needed on every open, since tantivy does not store analyzers in the index.
pub fn register(index: &Index) {
    let manager = index.tokenizers();
    manager.register(
        STEMMED,
        TextAnalyzer::builder(CodeTokenizer::default())
            .filter(RemoveLongFilter::limit(48))
            .filter(Normalize::new(index_stop_words()))
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
