//! Reciprocal-rank fusion of the lexical order with the model's. Ranks, not scores, are fused: the
//! lexical score mixes BM25 with coverage and preference bonuses on a scale of its own, and the model's
//! cosine similarities cluster differently per query, so neither scale means anything to the other.

/// How much a rank counts at the top against further down (the usual RRF constant): large enough
/// that one signal alone cannot move a hit from the bottom of the list to the top.
pub const K: f32 = 60.0;

/// The order of `similarities.len()` hits, given in lexical order, once each hit's lexical rank and
/// its rank by `similarities` (most similar first) are fused: `1/(K + lexical) + weight/(K + model)`.
/// Equal fused scores keep the lexical order.
pub fn fuse(similarities: &[f32], weight: f32) -> Vec<usize> {
    let mut by_model: Vec<usize> = (0..similarities.len()).collect();
    by_model.sort_by(|&a, &b| similarities[b].total_cmp(&similarities[a]).then(a.cmp(&b)));
    let mut model_rank = vec![0; similarities.len()];
    for (rank, &hit) in by_model.iter().enumerate() {
        model_rank[hit] = rank;
    }
    let score = |hit: usize| 1.0 / (K + hit as f32) + weight / (K + model_rank[hit] as f32);
    let mut order: Vec<usize> = (0..similarities.len()).collect();
    order.sort_by(|&a, &b| score(b).total_cmp(&score(a)).then(a.cmp(&b)));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agreeing_orders_are_kept() {
        assert_eq!(fuse(&[0.9, 0.5, 0.1], 1.0), vec![0, 1, 2]);
    }

    #[test]
    fn the_model_breaks_a_close_lexical_call() {
        // Lexically second, but by far the most similar: first once fused at equal weight.
        assert_eq!(fuse(&[0.2, 0.8, 0.5], 1.0), vec![1, 0, 2]);
    }

    #[test]
    fn one_signal_alone_cannot_lift_the_last_hit_to_the_top() {
        let mut similarities = vec![0.5; 20];
        similarities[19] = 0.99;
        let order = fuse(&similarities, 1.0);
        assert_ne!(order[0], 19);
        assert!(order.iter().position(|&h| h == 19).unwrap() < 19);
    }

    #[test]
    fn zero_weight_is_the_lexical_order() {
        assert_eq!(fuse(&[0.1, 0.9, 0.5, 0.7], 0.0), vec![0, 1, 2, 3]);
    }

    #[test]
    fn ties_keep_the_lexical_order_and_nothing_is_lost() {
        let order = fuse(&[0.5, 0.5, 0.5, 0.5], 1.0);
        assert_eq!(order, vec![0, 1, 2, 3]);
        assert!(fuse(&[], 1.0).is_empty());
    }
}
