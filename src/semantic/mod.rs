//! Ranking by meaning. A lexical engine finds answers that share the query's words; people describe
//! problems in words the bank does not use ("users get kicked back to the login page" for sticky
//! sessions). A sentence-embedding model (all-MiniLM-L6-v2, run on the CPU with candle) reads the
//! query; each entry's vector is computed once and kept (`cache.rs`; `qa model install` computes them
//! all). The model ranks every entry that passes the filters twice, the second time with the query
//! moved toward its closest entries (`feedback.rs`), and that order is fused with the lexical one
//! (`fuse.rs`), so an answer can come up whose words the query does not share, while filters, counts
//! and the snippets of word matches stay lexical, and a query costs one pass of the model.
//!
//! The model is optional: a folder with its `config.json`, `tokenizer.json` and `model.safetensors`
//! (`qa model install` puts it where `qa` looks). Without it, search is lexical only.

pub mod cache;
pub mod feedback;
pub mod fuse;
pub mod install;
pub mod weights;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use anyhow::{Context, Result, anyhow};
use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use tokenizers::Tokenizer;

use crate::index::search::Hit;
use cache::Cache;
use weights::Weights;

/// How far down each order, by words and by meaning, the fusion looks (`rerank`): the usual depth
/// for reciprocal-rank fusion; 20 lexical hits alone gave up a little on the blind suites.
pub const DEPTH: usize = 60;

/// How many of the best lexical hits get their vector computed during the search when the cache lacks
/// it (the model reads them with the query, about 50 ms a batch of twenty short texts); the others join
/// the model's order once `qa model install`, or an earlier search, kept theirs.
pub const READ: usize = 20;

/// Up to this many entries, a search weighs every entry's kept vector against the query's, so the
/// model can bring up an answer that shares no word with it; past it, only the lexical hits are
/// weighed (reading every entry's fields would cost more than the model does).
pub const WHOLE_BANK: usize = 20_000;

/// The model's weight against the lexical order (`fuse::fuse`): equal, chosen on the relevance suites
/// (0.5 gained less on described problems, 1.0 lost nothing on the keyword suites).
pub const WEIGHT: f32 = 1.0;

/// Queries of fewer words are ranked by words only. A keyword query names its subject, and lexical
/// ranking already finds it (the short suites gain nothing from the model); a question typed as a
/// sentence is where words and meaning part, and it can wait a quarter of a second for the model.
pub const MIN_WORDS: usize = 6;

/// Whether the model reads this search (`MIN_WORDS`): not text pasted from an error or code (as the
/// query's reading found it), which is matched by its exact words (an error message the bank quotes)
/// and which the model, trained on sentences, reads as noise (every suite's pasted queries ranked
/// better without it).
pub fn applies(search: &crate::query::Search) -> bool {
    search.text.split_whitespace().count() >= MIN_WORDS && !search.query.pasted
}

/// How many entries `Encoder::fill` sends to the model at once: enough to keep both cores busy, few
/// enough that one long text pads little.
const BATCH: usize = 32;

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

    /// Adds to `cache` the vectors of `texts` it lacks, in batches of similar length (padding to the
    /// longest costs less), saving after each so an interrupted run keeps what it computed; `progress`
    /// hears (done, to do) after each batch. Returns how many were computed.
    pub fn fill(
        &self,
        texts: &[String],
        cache: &mut Cache,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<usize> {
        let mut missing: Vec<(u64, &String)> = Vec::new();
        let mut seen = HashSet::new();
        for text in texts {
            let key = Cache::key(text);
            if cache.get(key).is_none() && seen.insert(key) {
                missing.push((key, text));
            }
        }
        missing.sort_by_key(|(_, text)| text.len());
        let mut done = 0;
        for batch in missing.chunks(BATCH) {
            let texts: Vec<String> = batch.iter().map(|(_, text)| (*text).clone()).collect();
            for ((key, _), vector) in batch.iter().zip(self.embed(&texts)?) {
                cache.add(*key, vector);
            }
            cache.save()?;
            done += batch.len();
            progress(done, missing.len());
        }
        Ok(done)
    }

    /// Reorders the first `DEPTH` of `hits` (in lexical order) by fusing that order with the model's
    /// for `query` over those hits and `pool`: entries the words may have missed (every entry that
    /// passes the search's filters, or none). An entry joins the model's order only with a kept vector
    /// (`Cache`); the first `READ` hits get theirs computed now when missing. Entries of `pool` that the
    /// fusion brings in come without answer or snippet (`Hit::answer` is `None`); the rest of `hits`
    /// keep their place, less any entry brought up.
    pub fn rerank(
        &self,
        query: &str,
        hits: &mut Vec<Hit>,
        pool: Vec<Hit>,
        cache: &mut Cache,
    ) -> Result<()> {
        let n = hits.len().min(DEPTH);
        // No word matched: nothing to reorder, and meaning alone does not make an answer.
        if n == 0 {
            return Ok(());
        }
        // Candidates: the lexical head, then the pool's entries not in it; each one's text is
        // hashed once, and the first `READ` lexical hits go to the model when their vector is missing.
        let head: HashSet<&str> = hits[..n].iter().map(|h| h.id.as_str()).collect();
        let extra: Vec<Hit> = pool
            .into_iter()
            .filter(|hit| !head.contains(hit.id.as_str()))
            .collect();
        let mut batch = vec![query.to_string()];
        let mut missing = Vec::new();
        let keys: Vec<u64> = hits[..n]
            .iter()
            .chain(&extra)
            .enumerate()
            .map(|(i, hit)| {
                let text = entry_text(hit);
                let key = Cache::key(&text);
                if i < n.min(READ) && cache.get(key).is_none() {
                    missing.push(key);
                    batch.push(text);
                }
                key
            })
            .collect();
        let mut vectors = self.embed(&batch)?.into_iter();
        let query = vectors.next().context("no query vector")?;
        for (key, vector) in missing.into_iter().zip(vectors) {
            cache.add(key, vector);
        }
        // The model's order, ranked a second time with the query moved toward its closest entries.
        let vectors: Vec<Option<&[f32]>> = keys.iter().map(|&key| cache.get(key)).collect();
        let first = feedback::rank(&query, &vectors);
        let closest: Vec<&[f32]> = first
            .iter()
            .take(feedback::DEPTH)
            .filter_map(|&(_, i)| vectors[i])
            .collect();
        let similar = feedback::rank(&feedback::expand(&query, &closest), &vectors);
        let by_model: Vec<usize> = similar.iter().take(DEPTH).map(|&(_, i)| i).collect();
        let order = fuse::fuse(n, &by_model, WEIGHT);
        let mut candidates: Vec<Option<Hit>> = hits.drain(..n).chain(extra).map(Some).collect();
        let fused: Vec<Hit> = order.iter().filter_map(|&i| candidates[i].take()).collect();
        // An entry brought up from past the lexical head is not listed twice.
        let listed: HashSet<String> = fused.iter().map(|h| h.id.clone()).collect();
        hits.retain(|hit| !listed.contains(&hit.id));
        hits.splice(0..0, fused);
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
