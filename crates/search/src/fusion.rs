//! Dense vectors beside BM25: the embedder a caller may give, cosine similarity, and
//! reciprocal rank fusion of several rankings.
//!
//! Reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009) scores each document by the
//! sum over rankings of `1 / (k + rank)`, ranks counted from 1. It needs no calibration
//! between BM25 scores and cosines, which live on unrelated scales, and a document found by
//! one ranking only still takes part.

use std::collections::BTreeMap;
use thiserror::Error;

/// The `k` of reciprocal rank fusion: 60, the value of the paper, which damps the weight of
/// the very first ranks.
pub const RRF_K: f32 = 60.0;

/// What a text is to the embedder: models such as e5 embed a query and a passage with
/// different prefixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The text searched for.
    Query,
    /// A document of the index.
    Passage,
}

/// Why an embedder could not embed a text.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{0}")]
pub struct EmbedFailure(pub String);

/// A sentence embedder (`sheshim-embed` provides one when its model is fetched).
pub trait TextEmbedder: Send + Sync {
    /// The text's vector; every vector of one embedder has the same length.
    fn embed(&self, text: &str, role: Role) -> Result<Vec<f32>, EmbedFailure>;

    /// The model's name and version, when the embedder has a stable one: an index kept in a
    /// folder then keeps the documents' vectors too, and reuses them only for the same model.
    /// `None` (the default) keeps no vectors.
    fn model(&self) -> Option<String> {
        None
    }
}

/// The cosine similarity of two vectors; 0 when either is zero or they differ in length.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    if a.len() != b.len() {
        return 0.0;
    }
    let (mut dot, mut na, mut nb) = (0.0f32, 0.0f32, 0.0f32);
    for (x, y) in a.iter().zip(b) {
        dot += x * y;
        na += x * x;
        nb += y * y;
    }
    if na == 0.0 || nb == 0.0 {
        return 0.0;
    }
    dot / (na.sqrt() * nb.sqrt())
}

/// Fuses rankings (each a list of document numbers, best first) into one: each document
/// scores the sum of `1 / (k + rank)` over the rankings it appears in, rank 1 being the
/// best. The result is sorted by score, best first; equal scores by document number, so the
/// fusion is deterministic. A document listed twice in one ranking counts at its best rank.
pub fn reciprocal_rank_fusion(rankings: &[Vec<usize>], k: f32) -> Vec<(usize, f32)> {
    let mut scores: BTreeMap<usize, f32> = BTreeMap::new();
    for ranking in rankings {
        let mut seen = std::collections::BTreeSet::new();
        for (position, &doc) in ranking.iter().enumerate() {
            if seen.insert(doc) {
                *scores.entry(doc).or_insert(0.0) += 1.0 / (k + position as f32 + 1.0);
            }
        }
    }
    let mut fused: Vec<(usize, f32)> = scores.into_iter().collect();
    fused.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    fused
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fusion_sums_reciprocal_ranks() {
        let fused = reciprocal_rank_fusion(&[vec![1, 2, 3], vec![3, 1]], RRF_K);
        let expected_1 = 1.0 / 61.0 + 1.0 / 62.0;
        let expected_3 = 1.0 / 63.0 + 1.0 / 61.0;
        let expected_2 = 1.0 / 62.0;
        assert_eq!(fused.iter().map(|f| f.0).collect::<Vec<_>>(), vec![1, 3, 2]);
        assert!((fused[0].1 - expected_1).abs() < 1e-7);
        assert!((fused[1].1 - expected_3).abs() < 1e-7);
        assert!((fused[2].1 - expected_2).abs() < 1e-7);
    }

    #[test]
    fn a_document_in_one_ranking_only_still_counts_and_ties_are_ordered() {
        // 7 is first in one ranking, 8 first in the other: a tie, broken by number.
        let fused = reciprocal_rank_fusion(&[vec![7], vec![8]], RRF_K);
        assert_eq!(fused, vec![(7, 1.0 / 61.0), (8, 1.0 / 61.0)]);
        // A document agreed on by both rankings at rank 2 beats one ranked first by one.
        let fused = reciprocal_rank_fusion(&[vec![1, 5], vec![2, 5]], RRF_K);
        assert_eq!(fused[0].0, 5);
        assert!(reciprocal_rank_fusion(&[], RRF_K).is_empty());
    }

    #[test]
    fn a_repeated_document_counts_once_per_ranking() {
        let fused = reciprocal_rank_fusion(&[vec![4, 4, 4]], RRF_K);
        assert_eq!(fused, vec![(4, 1.0 / 61.0)]);
    }

    #[test]
    fn cosine_of_vectors() {
        assert!((cosine(&[1.0, 0.0], &[1.0, 0.0]) - 1.0).abs() < 1e-6);
        assert!(cosine(&[1.0, 0.0], &[0.0, 2.0]).abs() < 1e-6);
        assert!((cosine(&[1.0, 1.0], &[-1.0, -1.0]) + 1.0).abs() < 1e-6);
        assert_eq!(cosine(&[0.0, 0.0], &[1.0, 0.0]), 0.0);
        assert_eq!(cosine(&[1.0], &[1.0, 0.0]), 0.0);
    }
}
