//! Grouping of mass appeals: many citizens writing about the same matter.
//!
//! Clustering is single-linkage: union-find over LSH candidate pairs whose
//! estimated Jaccard similarity reaches the threshold, so a group is the
//! transitive closure of verified near-duplicate pairs. Two things keep a
//! large campaign from costing a quadratic number of comparisons:
//! exact-equal signatures (the same template with the same placeholders)
//! are merged before banding, and a candidate pair already in one set is not
//! verified again, since the edge could not change the partition.

use std::collections::HashMap;

use crate::hash::MixBuild;
use crate::lsh::LshConfig;
use crate::signature::Signature;

/// Members sampled per member when choosing a representative; enough to find
/// the typical text, bounded so a campaign of thousands stays linear.
const REPRESENTATIVE_SAMPLE: usize = 32;

/// A group of near-duplicate appeals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Member ids, ascending, each once.
    pub ids: Vec<u64>,
    /// Number of members (`ids.len()`, at least 2).
    pub size: usize,
    /// The most typical member: highest summed similarity to a deterministic
    /// sample of the group, ties by the smallest id.
    pub representative: u64,
}

/// Groups `signatures` whose similarity is at least `threshold` (transitively)
/// with the default 32 × 4 banding; see [`group_mass_appeals_with`].
#[must_use]
pub fn group_mass_appeals(signatures: &[(u64, Signature)], threshold: f64) -> Vec<Group> {
    group_mass_appeals_with(signatures, threshold, LshConfig::default())
}

/// Groups of at least two distinct ids, largest first, then by smallest
/// representative id. Blank signatures (texts with nothing to compare) are
/// never grouped. An id given twice counts once. A NaN threshold or one
/// above 1 groups nothing; [`DEFAULT_THRESHOLD`](crate::DEFAULT_THRESHOLD) is the usual choice.
#[must_use]
pub fn group_mass_appeals_with(
    signatures: &[(u64, Signature)],
    threshold: f64,
    lsh: LshConfig,
) -> Vec<Group> {
    let n = signatures.len();
    let mut sets = UnionFind::new(n);

    // Exact copies: one survivor per distinct signature goes into banding.
    let mut distinct: Vec<usize> = Vec::new();
    let mut first_of: HashMap<&[u32], usize, MixBuild> = HashMap::default();
    for (i, (_, sig)) in signatures.iter().enumerate() {
        if sig.is_blank() || sig.num_hashes() == 0 {
            continue;
        }
        match first_of.get(sig.values()) {
            Some(&first) if 1.0 >= threshold => sets.union(first, i),
            Some(_) => {}
            None => {
                first_of.insert(sig.values(), i);
                distinct.push(i);
            }
        }
    }

    // Banding: keys computed once per signature, then per band the
    // (key, entry) pairs are sorted so every bucket is a run.
    let bands = lsh.bands.max(1);
    let mut keys = vec![None; distinct.len() * bands];
    for (d, &i) in distinct.iter().enumerate() {
        lsh.for_each_key(&signatures[i].1, |b, key| keys[d * bands + b] = Some(key));
    }
    let mut keyed: Vec<(u64, usize)> = Vec::with_capacity(distinct.len());
    for band in 0..bands {
        keyed.clear();
        keyed.extend(
            distinct
                .iter()
                .enumerate()
                .filter_map(|(d, &i)| keys[d * bands + band].map(|k| (k, i))),
        );
        keyed.sort_unstable();
        for bucket in keyed.chunk_by(|a, b| a.0 == b.0) {
            for (a, &(_, i)) in bucket.iter().enumerate().skip(1) {
                for &(_, j) in &bucket[..a] {
                    if sets.find(i) != sets.find(j)
                        && signatures[i].1.jaccard(&signatures[j].1) >= threshold
                    {
                        sets.union(i, j);
                    }
                }
            }
        }
    }

    let mut members: HashMap<usize, Vec<usize>, MixBuild> = HashMap::default();
    for (i, (_, sig)) in signatures.iter().enumerate() {
        if !sig.is_blank() {
            members.entry(sets.find(i)).or_default().push(i);
        }
    }
    let mut groups: Vec<Group> = members
        .into_values()
        .filter_map(|entries| make_group(signatures, entries))
        .collect();
    groups.sort_unstable_by(|a, b| {
        b.size
            .cmp(&a.size)
            .then(a.representative.cmp(&b.representative))
    });
    groups
}

/// Builds the reported group from entry indices, or `None` below two ids.
fn make_group(signatures: &[(u64, Signature)], mut entries: Vec<usize>) -> Option<Group> {
    entries.sort_unstable_by_key(|&i| (signatures[i].0, i));
    entries.dedup_by_key(|i| signatures[*i].0);
    if entries.len() < 2 {
        return None;
    }
    let step = entries.len().div_ceil(REPRESENTATIVE_SAMPLE);
    let sample: Vec<usize> = entries.iter().copied().step_by(step).collect();
    let mut best = (f64::NEG_INFINITY, u64::MAX);
    for &i in &entries {
        let (id, sig) = (&signatures[i].0, &signatures[i].1);
        let score: f64 = sample
            .iter()
            .filter(|&&j| j != i)
            .map(|&j| sig.jaccard(&signatures[j].1))
            .sum();
        // Entries are in ascending id order, so strict `>` keeps the smallest id on ties.
        if score > best.0 {
            best = (score, *id);
        }
    }
    let ids: Vec<u64> = entries.iter().map(|&i| signatures[i].0).collect();
    Some(Group {
        size: ids.len(),
        ids,
        representative: best.1,
    })
}

/// Disjoint sets with path halving and union by size.
struct UnionFind {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        Self {
            parent: (0..n).collect(),
            size: vec![1; n],
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        if self.size[a] < self.size[b] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b] = a;
        self.size[a] += self.size[b];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::DEFAULT_THRESHOLD;
    use crate::signature::MinHasher;

    #[test]
    fn exact_copies_group_and_blanks_do_not() {
        let h = MinHasher::default();
        let text = "просим установить светофор возле школы номер двенадцать";
        let input = vec![
            (3, h.signature(text)),
            (1, h.signature(text)),
            (2, h.signature("")),
            (4, h.signature("")),
            (
                5,
                h.signature("совсем другое обращение о вывозе мусора во дворе"),
            ),
        ];
        let groups = group_mass_appeals(&input, DEFAULT_THRESHOLD);
        assert_eq!(
            groups,
            vec![Group {
                ids: vec![1, 3],
                size: 2,
                representative: 1
            }]
        );
        assert!(group_mass_appeals(&input, f64::NAN).is_empty());
        assert!(group_mass_appeals(&input, 1.5).is_empty());
    }

    #[test]
    fn repeated_id_counts_once() {
        let h = MinHasher::default();
        let s = h.signature("просим установить светофор возле школы");
        assert!(group_mass_appeals(&[(9, s.clone()), (9, s)], DEFAULT_THRESHOLD).is_empty());
    }
}
