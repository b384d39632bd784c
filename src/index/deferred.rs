//! A bounded part of the score, computed for the best candidates only. The answers' phrase bonus reads
//! the positions of every match, a quarter of a search that matches most of a large bank, yet it adds a
//! few points at most to an answer that already has the words. So the first pass ranks every match
//! without it and keeps more candidates than asked; the phrase is then scored for those alone. The
//! result is the same as scoring it everywhere whenever no match outside the candidates could reach
//! the last place asked for even with the largest bonus the phrase can give (BM25 saturates: its
//! bound is the boost times the phrase's weight); otherwise the caller searches again with the phrase
//! in the query.

use anyhow::Result;
use tantivy::query::{Bm25StatisticsProvider, Bm25Weight, EnableScoring};
use tantivy::{DocAddress, DocSet, Score, Searcher, TERMINATED};

use super::plan::Deferred;

/// When the answers' phrase is deferred, and how many candidates the first pass keeps then.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// From how many answers holding the phrase's rarest word on: below, reading its positions costs
    /// less than a first pass that keeps hundreds of candidates and scoring them again.
    pub from: u64,
    /// Candidates kept, at least.
    pub candidates: usize,
}

impl Policy {
    /// Measured on the benchmark banks (BENCHMARKS.md): with 300 candidates the last of ten results
    /// stood clear of the left-out matches' bound on every bank of 10k and 100k questions, and the
    /// phrase of `middleware request` cost 0.25 ms with its rarest word in 1,900 answers (less than
    /// deferring it) and 2 ms with it in 17,000 (a quarter of the search).
    pub const DEFAULT: Policy = Policy {
        from: 5_000,
        candidates: 300,
    };

    /// The first pass's size for `limit` results.
    pub fn candidates(self, limit: usize) -> usize {
        (limit * 4).max(self.candidates)
    }

    /// Whether to defer `phrase`: its rarest word is in at least `from` answers.
    pub fn worth_it(self, stats: &dyn Bm25StatisticsProvider, phrase: &Deferred) -> Result<bool> {
        let mut rarest = u64::MAX;
        for term in &phrase.terms() {
            rarest = rarest.min(stats.doc_freq(term)?);
        }
        Ok(rarest != u64::MAX && rarest >= self.from)
    }
}

/// The best `limit` of `top` (the first pass's best, by score without `deferred`, best first) with
/// `deferred`'s score added, or `None` when a match the first pass left out could still be among them.
/// `complete`: `top` holds every match.
pub fn rescore(
    searcher: &Searcher,
    stats: &dyn Bm25StatisticsProvider,
    deferred: &Deferred,
    top: &[(Score, DocAddress)],
    complete: bool,
    limit: usize,
) -> Result<Option<Vec<(Score, DocAddress)>>> {
    let weight = deferred
        .query()
        .weight(EnableScoring::enabled_from_statistics_provider(
            stats, searcher,
        ))?;
    let mut scored = top.to_vec();
    // Segment by segment, each segment's candidates in document order, as a scorer moves.
    let mut order: Vec<usize> = (0..scored.len()).collect();
    order.sort_by_key(|&i| scored[i].1);
    let mut current: Option<(u32, Box<dyn tantivy::query::Scorer>)> = None;
    for i in order {
        let address = scored[i].1;
        if current
            .as_ref()
            .is_none_or(|(segment, _)| *segment != address.segment_ord)
        {
            let reader = searcher.segment_reader(address.segment_ord);
            current = Some((address.segment_ord, weight.scorer(reader, 1.0)?));
        }
        let Some((_, scorer)) = current.as_mut() else {
            continue;
        };
        if scorer.doc() < address.doc_id {
            scorer.seek(address.doc_id);
        }
        if scorer.doc() == address.doc_id && scorer.doc() != TERMINATED {
            scored[i].0 += scorer.score();
        }
    }
    let bound = Bm25Weight::for_terms(stats, &deferred.terms())?.max_score() * deferred.boost;
    Ok(settled(
        scored,
        top.last().map(|&(score, _)| score),
        bound,
        complete,
        limit,
    ))
}

/// Orders `scored` as tantivy's top documents are (score, then address), and keeps the best `limit`
/// when nothing left out could beat the last of them: everything left out scored at most `floor` in
/// the first pass, so at most `floor + bound` in all.
fn settled(
    mut scored: Vec<(Score, DocAddress)>,
    floor: Option<Score>,
    bound: Score,
    complete: bool,
    limit: usize,
) -> Option<Vec<(Score, DocAddress)>> {
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    scored.truncate(limit);
    let last = scored.last().map(|&(score, _)| score);
    let safe = complete
        || match (floor, last) {
            (Some(floor), Some(last)) => scored.len() == limit && floor + bound < last,
            _ => false,
        };
    safe.then_some(scored)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(doc: u32) -> DocAddress {
        DocAddress::new(0, doc)
    }

    #[test]
    fn the_best_are_kept_when_nothing_left_out_can_reach_them() {
        let scored = vec![(10.0, at(3)), (12.0, at(1)), (11.0, at(2))];
        // Left out: at most 5 + 2 = 7 < 11.
        let kept = settled(scored, Some(5.0), 2.0, false, 2).unwrap();
        assert_eq!(kept, vec![(12.0, at(1)), (11.0, at(2))]);
    }

    #[test]
    fn a_left_out_match_that_could_reach_the_last_place_means_searching_again() {
        let scored = vec![(10.0, at(3)), (12.0, at(1))];
        assert_eq!(settled(scored.clone(), Some(9.5), 1.0, false, 2), None);
        // A tie could go either way by address: not settled either.
        assert_eq!(settled(scored, Some(9.0), 1.0, false, 2), None);
    }

    #[test]
    fn every_match_seen_is_settled_whatever_the_bound() {
        let scored = vec![(1.0, at(2)), (1.0, at(1))];
        let kept = settled(scored, Some(1.0), 100.0, true, 10).unwrap();
        // Equal scores in address order, as tantivy orders them.
        assert_eq!(kept, vec![(1.0, at(1)), (1.0, at(2))]);
    }

    #[test]
    fn fewer_candidates_than_asked_without_every_match_is_not_settled() {
        assert_eq!(settled(vec![(5.0, at(1))], Some(5.0), 0.0, false, 2), None);
    }
}
