//! Reciprocal-rank fusion of the lexical order with the model's. Ranks, not scores, are fused: the
//! lexical score mixes BM25 with coverage and preference bonuses on a scale of its own, and the model's
//! cosine similarities cluster differently per query, so neither scale means anything to the other.

use std::collections::HashMap;

/// How much a rank counts at the top against further down (the usual RRF constant): large enough
/// that one signal alone cannot move a hit from the bottom of the list to the top.
pub const K: f32 = 60.0;

/// Candidates are numbered: `0..lexical` are the lexical hits in their order; `model` is the model's
/// order (most similar first) of some of them and of others the words missed (numbers from `lexical`
/// on). Returns every candidate of either list once, by fused score `1/(K + lexical rank) +
/// weight/(K + model rank)`, a list a candidate is missing from adding nothing. Equal scores keep the
/// lexical order, then the model's.
pub fn fuse(lexical: usize, model: &[usize], weight: f32) -> Vec<usize> {
    let mut score: HashMap<usize, f32> = (0..lexical).map(|i| (i, 1.0 / (K + i as f32))).collect();
    let mut model_rank = HashMap::new();
    for (rank, &candidate) in model.iter().enumerate() {
        if model_rank.insert(candidate, rank).is_none() {
            *score.entry(candidate).or_default() += weight / (K + rank as f32);
        }
    }
    let mut order: Vec<usize> = score.keys().copied().collect();
    let tie = |c: usize| (c >= lexical, if c < lexical { c } else { model_rank[&c] });
    order.sort_by(|&a, &b| score[&b].total_cmp(&score[&a]).then(tie(a).cmp(&tie(b))));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agreeing_orders_are_kept() {
        assert_eq!(fuse(3, &[0, 1, 2], 1.0), vec![0, 1, 2]);
    }

    #[test]
    fn the_model_breaks_a_close_lexical_call() {
        // Lexically second, but first by meaning: first once fused at equal weight.
        assert_eq!(fuse(3, &[1, 2, 0], 1.0), vec![1, 0, 2]);
    }

    #[test]
    fn one_signal_alone_cannot_lift_the_last_hit_to_the_top() {
        let mut model: Vec<usize> = (0..19).collect();
        model.insert(0, 19);
        let order = fuse(20, &model, 1.0);
        assert_ne!(order[0], 19);
        assert!(order.iter().position(|&h| h == 19).unwrap() < 19);
    }

    #[test]
    fn what_the_words_missed_joins_by_its_rank_by_meaning() {
        // Candidate 10 matched no word but is the most similar: above every lexical hit the model
        // does not favour, below the one both lists put first.
        let order = fuse(10, &[10, 0], 1.0);
        assert_eq!(order[..3], [0, 10, 1]);
        assert_eq!(order.len(), 11);
        // A lexical hit the model did not rank is still listed.
        assert_eq!(fuse(2, &[5], 1.0), vec![0, 5, 1]);
    }

    #[test]
    fn zero_weight_is_the_lexical_order() {
        assert_eq!(fuse(4, &[1, 3, 2, 0], 0.0), vec![0, 1, 2, 3]);
    }

    #[test]
    fn nothing_is_lost_or_repeated() {
        assert_eq!(fuse(4, &[], 1.0), vec![0, 1, 2, 3]);
        assert_eq!(fuse(2, &[1, 1, 0], 1.0), vec![1, 0]);
        assert!(fuse(0, &[], 1.0).is_empty());
    }
}
