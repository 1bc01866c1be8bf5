//! LSH banding shared by the index and the batch grouping.
//!
//! A signature is cut into `bands` bands of `rows` values; two signatures
//! become candidates when all rows of at least one band agree. With the
//! default 32 × 4 a pair at Jaccard 0.8 is missed with probability
//! `(1 - 0.8^4)^32 ≈ 5e-8`, a pair at 0.3 becomes a candidate with
//! probability ≈ 0.23 and is then rejected by the exact estimate.

use crate::error::DedupError;
use crate::hash::fmix64;
use crate::signature::Signature;

/// Banding of signatures into LSH buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LshConfig {
    /// Number of bands.
    pub bands: usize,
    /// Signature values per band.
    pub rows: usize,
}

impl Default for LshConfig {
    fn default() -> Self {
        Self { bands: 32, rows: 4 }
    }
}

impl LshConfig {
    /// Checks that both numbers are at least one.
    ///
    /// # Errors
    /// [`DedupError::Banding`] otherwise.
    pub fn validate(&self) -> Result<(), DedupError> {
        if self.bands == 0 || self.rows == 0 {
            return Err(DedupError::Banding {
                bands: self.bands,
                rows: self.rows,
            });
        }
        Ok(())
    }

    /// Bands actually usable for a signature of `len` values: a shorter
    /// signature than `bands × rows` uses fewer whole bands (or one band of
    /// everything when it is shorter than a band) instead of being refused,
    /// so indexing and grouping never fail on a foreign signature — its
    /// estimate against the others is 0 anyway.
    pub(crate) fn shape(&self, len: usize) -> (usize, usize) {
        let rows = self.rows.max(1);
        if len == 0 {
            (0, rows)
        } else if len < rows {
            (1, len)
        } else {
            (self.bands.max(1).min(len / rows), rows)
        }
    }

    /// Calls `f(band, key)` for every band key of `sig`; nothing for a blank
    /// signature, which must never become anyone's candidate.
    pub(crate) fn for_each_key(&self, sig: &Signature, mut f: impl FnMut(usize, u64)) {
        if sig.is_blank() {
            return;
        }
        let values = sig.values();
        let (bands, rows) = self.shape(values.len());
        for (band, chunk) in values.chunks_exact(rows).take(bands).enumerate() {
            // The band number and shape go into the key so equal rows in
            // different bands or shapes never share a bucket by accident.
            let mut h = fmix64((band as u64) << 32 | rows as u64);
            for &v in chunk {
                h = (h ^ u64::from(v)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            }
            f(band, fmix64(h));
        }
    }
}
