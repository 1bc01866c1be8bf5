//! An incremental near-duplicate index over MinHash signatures.
//!
//! Each band has a hash map from band key to the most recent slot in that
//! bucket, and buckets are singly linked lists through a flat `next` array
//! (`slot × bands`). This costs about 16 bytes per band per signature plus
//! the signature itself, far less than a `Vec` per bucket, which matters at
//! millions of appeals. Re-inserting an id replaces its signature: the old
//! slot is marked dead and skipped (its memory is kept until the index is
//! rebuilt, which is rare and keeps insertion O(bands)).

use std::collections::HashMap;

use crate::error::DedupError;
use crate::hash::MixBuild;
use crate::lsh::LshConfig;
use crate::signature::Signature;

/// Similarity above which two appeals count as near-duplicates by default.
pub const DEFAULT_THRESHOLD: f64 = 0.8;

/// End of a bucket list.
const NONE: usize = usize::MAX;

#[derive(Debug, Clone)]
struct Slot {
    id: u64,
    signature: Signature,
    alive: bool,
}

/// Near-duplicate index: insert signatures, ask for candidates or verified
/// near-duplicates of a new one.
#[derive(Debug, Clone)]
pub struct DuplicateIndex {
    lsh: LshConfig,
    slots: Vec<Slot>,
    by_id: HashMap<u64, usize, MixBuild>,
    heads: Vec<HashMap<u64, usize, MixBuild>>,
    next: Vec<usize>,
}

impl Default for DuplicateIndex {
    fn default() -> Self {
        Self::build(LshConfig::default())
    }
}

impl DuplicateIndex {
    /// An empty index with the default 32 × 4 banding.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty index with the given banding.
    ///
    /// # Errors
    /// [`DedupError::Banding`] when bands or rows is zero.
    pub fn with_config(lsh: LshConfig) -> Result<Self, DedupError> {
        lsh.validate()?;
        Ok(Self::build(lsh))
    }

    fn build(lsh: LshConfig) -> Self {
        Self {
            lsh,
            slots: Vec::new(),
            by_id: HashMap::default(),
            heads: (0..lsh.bands).map(|_| HashMap::default()).collect(),
            next: Vec::new(),
        }
    }

    /// The banding in use.
    #[must_use]
    pub fn config(&self) -> LshConfig {
        self.lsh
    }

    /// Number of ids in the index.
    #[must_use]
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// True when nothing has been inserted.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// True when `id` is in the index.
    #[must_use]
    pub fn contains(&self, id: u64) -> bool {
        self.by_id.contains_key(&id)
    }

    /// The stored signature of `id`.
    #[must_use]
    pub fn signature(&self, id: u64) -> Option<&Signature> {
        self.by_id.get(&id).map(|&s| &self.slots[s].signature)
    }

    /// Adds `id` with its signature; returns true when it replaced an
    /// earlier signature of the same id. A blank signature is stored but
    /// never bucketed, so it is nobody's candidate.
    pub fn insert(&mut self, id: u64, signature: Signature) -> bool {
        let replaced = self.remove(id);
        let slot = self.slots.len();
        let bands = self.lsh.bands;
        self.next.resize(self.next.len() + bands, NONE);
        let (heads, next) = (&mut self.heads, &mut self.next);
        self.lsh.for_each_key(&signature, |band, key| {
            let previous = heads[band].insert(key, slot).unwrap_or(NONE);
            next[slot * bands + band] = previous;
        });
        self.slots.push(Slot {
            id,
            signature,
            alive: true,
        });
        self.by_id.insert(id, slot);
        replaced
    }

    /// Removes `id`; returns whether it was present.
    pub fn remove(&mut self, id: u64) -> bool {
        match self.by_id.remove(&id) {
            Some(slot) => {
                self.slots[slot].alive = false;
                true
            }
            None => false,
        }
    }

    /// Ids sharing at least one LSH band with `signature` (unverified),
    /// ascending. Includes the id of an identical stored signature.
    #[must_use]
    pub fn candidates(&self, signature: &Signature) -> Vec<u64> {
        let mut ids: Vec<u64> = self
            .candidate_slots(signature)
            .map(|s| self.slots[s].id)
            .collect();
        ids.sort_unstable();
        ids
    }

    /// Candidates whose estimated Jaccard similarity is at least
    /// `threshold` (see [`DEFAULT_THRESHOLD`]), most similar first, ties by
    /// ascending id. A stored copy of the query itself is included (with
    /// 1.0): the caller knows its own id and drops it.
    #[must_use]
    pub fn near_duplicates(&self, signature: &Signature, threshold: f64) -> Vec<(u64, f64)> {
        let mut found: Vec<(u64, f64)> = self
            .candidate_slots(signature)
            .filter_map(|s| {
                let slot = &self.slots[s];
                let sim = signature.jaccard(&slot.signature);
                (sim >= threshold).then_some((slot.id, sim))
            })
            .collect();
        found.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        found
    }

    /// Live slots in any bucket of `signature`, each once.
    fn candidate_slots(&self, signature: &Signature) -> impl Iterator<Item = usize> + '_ {
        let bands = self.lsh.bands;
        let mut slots = Vec::new();
        self.lsh.for_each_key(signature, |band, key| {
            let mut s = self.heads[band].get(&key).copied().unwrap_or(NONE);
            while s != NONE {
                slots.push(s);
                s = self.next[s * bands + band];
            }
        });
        slots.sort_unstable();
        slots.dedup();
        slots.into_iter().filter(|&s| self.slots[s].alive)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signature::MinHasher;

    #[test]
    fn banding_is_validated() {
        assert!(DuplicateIndex::with_config(LshConfig { bands: 0, rows: 4 }).is_err());
        assert!(DuplicateIndex::with_config(LshConfig { bands: 16, rows: 8 }).is_ok());
    }

    #[test]
    fn reinsert_replaces_and_remove_forgets() {
        let h = MinHasher::default();
        let water = h.signature("в доме нет холодной воды уже пятый день, просим помочь");
        let roads = h.signature("на улице сатпаева огромные ямы на дороге, просим отремонтировать");
        let mut index = DuplicateIndex::new();
        assert!(!index.insert(7, water.clone()));
        assert_eq!(index.candidates(&water), vec![7]);
        assert!(index.insert(7, roads.clone()));
        assert_eq!(index.len(), 1);
        assert!(index.candidates(&water).is_empty());
        assert_eq!(
            index.near_duplicates(&roads, DEFAULT_THRESHOLD),
            vec![(7, 1.0)]
        );
        assert!(index.remove(7));
        assert!(index.is_empty() && index.candidates(&roads).is_empty());
    }

    #[test]
    fn blank_and_foreign_signatures_are_harmless() {
        let mut index = DuplicateIndex::new();
        let blank = MinHasher::default().signature("...");
        index.insert(1, blank.clone());
        index.insert(2, Signature::from_values(vec![1, 2, 3]));
        assert!(index.candidates(&blank).is_empty());
        assert!(
            index
                .near_duplicates(&Signature::from_values(vec![1, 2, 3, 4]), 0.0)
                .is_empty()
        );
        assert_eq!(
            index.candidates(&Signature::from_values(vec![1, 2, 3])),
            vec![2]
        );
    }
}
