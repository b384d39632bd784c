//! Reranking by meaning. A lexical engine finds answers that share the query's words; people describe
//! problems in words the bank does not use ("users get kicked back to the login page" for sticky
//! sessions). A sentence-embedding model (all-MiniLM-L6-v2, run on the CPU with candle) reads the query
//! and the best lexical hits, and the two orders are fused (`fuse.rs`). It reorders, never adds: the
//! hits are still the ones whose words match, so filters, counts and snippets stay lexical, and a bank
//! of any size costs the same few hits' worth of model time.
//!
//! The model is optional: a folder with its `config.json`, `tokenizer.json` and `model.safetensors`
//! (`qa model install` puts it where `qa` looks). Without it, search is lexical only.

pub mod cache;
pub mod fuse;
pub mod install;
pub mod weights;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use anyhow::{Context, Result, anyhow};
use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use tokenizers::Tokenizer;

use crate::index::search::Hit;
use cache::Cache;
use weights::Weights;

/// How many of the best lexical hits the model reorders: past the first twenty, a lexical rank means
/// the words barely match, and every hit read costs model time.
pub const RERANK: usize = 20;

/// The model's weight against the lexical order (`fuse::fuse`): equal, chosen on the relevance suites
/// (0.5 gained less on described problems, 1.0 lost nothing on the keyword suites).
pub const WEIGHT: f32 = 1.0;

/// Queries of fewer words are ranked by words only. A keyword query names its subject, and lexical
/// ranking already finds it (the short suites gain nothing from the model); a question typed as a
/// sentence is where words and meaning part, and it can wait a quarter of a second for the model.
pub const MIN_WORDS: usize = 6;

/// Whether the model reads this query (`MIN_WORDS`).
pub fn applies(query: &str) -> bool {
    query.split_whitespace().count() >= MIN_WORDS
}

/// Longer inputs are cut: the model was trained on up to 256 word pieces, and an entry's text is its
/// question, other phrasings and tags, well under that.
const MAX_TOKENS: usize = 256;

/// A loaded sentence-embedding model. The word-piece table is read per batch, only the rows its texts
/// use (`weights.rs`); everything else is read once, here.
pub struct Encoder {
    config: Config,
    tokenizer: Tokenizer,
    weights: Weights,
    rest: HashMap<String, Tensor>,
}

impl Encoder {
    /// The model in `dir`, or an error naming the file that is missing or unreadable, or weights that do
    /// not fit the config.
    pub fn load(dir: &Path) -> Result<Encoder> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).with_context(|| format!("{}: cannot read", path.display()))
        };
        let config: Config = serde_json::from_slice(&read("config.json")?)
            .with_context(|| format!("{}: not a BERT config", dir.join("config.json").display()))?;
        let mut tokenizer = Tokenizer::from_bytes(read("tokenizer.json")?)
            .map_err(|e| anyhow!("{}: {e}", dir.join("tokenizer.json").display()))?;
        tokenizer
            .with_padding(None)
            .with_truncation(None)
            .map_err(|e| anyhow!("{e}"))?;
        let weights = Weights::open(&dir.join("model.safetensors"))?;
        let rest = weights.rest()?;
        let encoder = Encoder {
            config,
            tokenizer,
            weights,
            rest,
        };
        // Built once with no word piece read, to find a mismatch now rather than at the first query.
        encoder.model(&BTreeSet::new())?;
        Ok(encoder)
    }

    /// The model with the word-piece rows `rows` (cheap: the tensors are shared, and the table's other
    /// rows are never read).
    fn model(&self, rows: &BTreeSet<u32>) -> Result<BertModel> {
        let mut tensors = self.rest.clone();
        if let Some(table) = self.weights.table(rows)? {
            tensors.insert(weights::TABLE.to_string(), table);
        }
        let vb = VarBuilder::from_tensors(tensors, DType::F32, &Device::Cpu);
        BertModel::load(vb, &self.config)
            .context("model.safetensors: not the weights of this config.json")
    }

    /// One unit vector per text (mean of the last layer over its word pieces), in one batch padded to
    /// the longest.
    pub fn embed(&self, texts: &[String]) -> Result<Vec<Vec<f32>>> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let mut pieces = Vec::with_capacity(texts.len());
        for text in texts {
            let encoding = self
                .tokenizer
                .encode(text.as_str(), true)
                .map_err(|e| anyhow!("tokenizing {text:?}: {e}"))?;
            let mut ids = encoding.get_ids().to_vec();
            if ids.len() > MAX_TOKENS {
                // Keep the closing [SEP] the model expects.
                let last = ids[ids.len() - 1];
                ids.truncate(MAX_TOKENS - 1);
                ids.push(last);
            }
            pieces.push(ids);
        }
        // Padding is word piece 0.
        let rows: BTreeSet<u32> = pieces.iter().flatten().copied().chain([0]).collect();
        let model = self.model(&rows)?;
        let width = pieces.iter().map(Vec::len).max().unwrap_or(0);
        let mut ids = Vec::with_capacity(texts.len() * width);
        let mut mask = Vec::with_capacity(texts.len() * width);
        for text in &pieces {
            ids.extend(
                text.iter()
                    .copied()
                    .chain(std::iter::repeat_n(0, width - text.len())),
            );
            mask.extend((0..width).map(|i| u32::from(i < text.len())));
        }
        let shape = (texts.len(), width);
        let ids = Tensor::from_vec(ids, shape, &Device::Cpu)?;
        let mask = Tensor::from_vec(mask, shape, &Device::Cpu)?;
        let hidden = model.forward(&ids, &ids.zeros_like()?, Some(&mask))?;
        let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
        let summed = hidden.broadcast_mul(&mask)?.sum(1)?;
        let mean = summed.broadcast_div(&mask.sum(1)?)?;
        let norm = mean.sqr()?.sum_keepdim(1)?.sqrt()?;
        Ok(mean.broadcast_div(&norm)?.to_vec2()?)
    }

    /// Reorders the first `RERANK` of `hits` (in lexical order) by fusing it with the model's order
    /// for `query`; the rest keep their place. Entry vectors come from `cache` where it has them, and
    /// the new ones are added to it (`Cache::save` keeps them).
    pub fn rerank(&self, query: &str, hits: &mut Vec<Hit>, cache: &mut Cache) -> Result<()> {
        let n = hits.len().min(RERANK);
        if n < 2 {
            return Ok(());
        }
        let texts: Vec<String> = hits[..n].iter().map(entry_text).collect();
        let keys: Vec<u64> = texts.iter().map(|t| Cache::key(t)).collect();
        let missing: Vec<usize> = (0..n).filter(|&i| cache.get(keys[i]).is_none()).collect();
        let mut batch = vec![query.to_string()];
        batch.extend(missing.iter().map(|&i| texts[i].clone()));
        let mut vectors = self.embed(&batch)?.into_iter();
        let query = vectors.next().context("no query vector")?;
        for (&i, vector) in missing.iter().zip(vectors) {
            cache.add(keys[i], vector);
        }
        let similarities: Vec<f32> = keys
            .iter()
            .map(|&key| {
                cache
                    .get(key)
                    .map_or(0.0, |v| v.iter().zip(&query).map(|(a, b)| a * b).sum())
            })
            .collect();
        let order = fuse::fuse(&similarities, WEIGHT);
        let mut head: Vec<Option<Hit>> = hits.drain(..n).map(Some).collect();
        let reordered: Vec<Hit> = order.iter().filter_map(|&i| head[i].take()).collect();
        hits.splice(0..0, reordered);
        Ok(())
    }
}

/// What the model reads of an entry: its question, other phrasings and tags. (The first forty words of
/// the answer added a little on long questions, at three times the model time.)
pub fn entry_text(hit: &Hit) -> String {
    let mut text = hit.question.clone();
    if !hit.also.is_empty() {
        text.push(' ');
        text.push_str(&hit.also.join(" ; "));
    }
    if !hit.tags.is_empty() {
        text.push_str(" (");
        text.push_str(&hit.tags.join(", "));
        text.push(')');
    }
    text
}
