//! The bank's own words (the `vocab` field: questions, other phrasings and tags, not stemmed), where a
//! mistyped word finds the word it was meant to be, for "did you mean" and for the search itself.

use anyhow::Result;
use tantivy::Searcher;
use tantivy::schema::Field;

/// The bank word closest to `word` (one edit up to 7 letters, two from 8; a swap of two letters is one
/// edit), sharing its first letter; the more frequent wins a tie. `None` when nothing is that close.
pub fn closest(searcher: &Searcher, vocab: Field, word: &str) -> Result<Option<String>> {
    let max = if word.chars().count() >= 8 { 2 } else { 1 };
    let first: String = word.chars().take(1).collect();
    let mut best: Option<(usize, u32, String)> = None;
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(vocab)?;
        let mut stream = inverted
            .terms()
            .range()
            .ge(first.as_bytes())
            .into_stream()?;
        while stream.advance() {
            let Ok(candidate) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            if !candidate.starts_with(&first) {
                break;
            }
            let distance = strsim::damerau_levenshtein(word, candidate);
            let freq = stream.value().doc_freq;
            let better = match &best {
                None => distance <= max,
                Some((d, n, _)) => distance < *d || (distance == *d && freq > *n),
            };
            if better && distance <= max {
                best = Some((distance, freq, candidate.to_string()));
            }
        }
    }
    Ok(best.map(|(_, _, word)| word))
}
