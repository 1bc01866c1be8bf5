//! Character shingles and MinHash signatures.
//!
//! A text is normalised ([`crate::normalize`]), cut into overlapping windows
//! of `k` characters (shingles, `k = 5` by default) and each shingle is hashed
//! once to 64 bits. The signature is then built by one of two schemes:
//!
//! * [`Scheme::OnePermutation`] (default): one-permutation hashing with
//!   optimal densification (Li, Owen & Zhang 2012; Shrivastava 2017). The
//!   shingle hash picks one of `num_hashes` bins and the bin keeps its
//!   minimum; bins left empty borrow, via a seeded probe sequence that depends
//!   only on the bin number, the value of an originally filled bin. Two
//!   signatures agree in a position with probability equal to the Jaccard
//!   similarity of the shingle sets, as in classic MinHash, but the cost is
//!   one hash per shingle instead of `num_hashes`, which is what meets the
//!   10 µs budget for a 500-character appeal.
//! * [`Scheme::Classic`]: `num_hashes` seeded multiply-add-shift permutations
//!   of each shingle hash, the textbook construction; kept for comparison and
//!   for callers who prefer it, at roughly `num_hashes` times the cost.
//!
//! Everything is derived from [`MinHashConfig::seed`] with fixed arithmetic,
//! so the same text gives the same signature on every run and platform.
//! Values are 32-bit: half the memory of 64-bit minima in an index of
//! millions, at a chance collision rate of 2^-32 per position.

use crate::error::DedupError;
use crate::hash::{fmix64, reduce, splitmix64};
use crate::normalize::normalize_into;

/// Default seed: fixed so signatures stored yesterday compare with today's.
pub const DEFAULT_SEED: u64 = 0x5348_4553_4849_4d31; // "SHESHIM1"

/// Largest supported number of hash values per signature.
pub const MAX_HASHES: usize = 4096;

/// How a signature is computed from the shingle hashes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scheme {
    /// One-permutation hashing with optimal densification (fast, default).
    #[default]
    OnePermutation,
    /// `num_hashes` independent seeded permutations (textbook MinHash).
    Classic,
}

/// Parameters of a [`MinHasher`]. Signatures are comparable only when they
/// were computed with equal configurations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MinHashConfig {
    /// Characters per shingle (`k`); texts shorter than this after
    /// normalisation form a single shingle.
    pub shingle_len: usize,
    /// Values per signature (permutations or bins).
    pub num_hashes: usize,
    /// Seed of every hash used.
    pub seed: u64,
    /// Signature construction.
    pub scheme: Scheme,
}

impl Default for MinHashConfig {
    fn default() -> Self {
        Self {
            shingle_len: 5,
            num_hashes: 128,
            seed: DEFAULT_SEED,
            scheme: Scheme::default(),
        }
    }
}

/// A MinHash signature: `num_hashes` 32-bit minima.
///
/// A text with no kept characters (empty, only punctuation or other scripts)
/// has a *blank* signature — every value `u32::MAX` — which is similar to
/// nothing, not even another blank one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Signature {
    values: Box<[u32]>,
    /// Cached because every comparison and band lookup asks.
    blank: bool,
}

impl Signature {
    /// Rebuilds a signature from stored values (see [`Signature::values`]).
    #[must_use]
    pub fn from_values(values: Vec<u32>) -> Self {
        let blank = values.iter().all(|&v| v == u32::MAX);
        Self {
            values: values.into_boxed_slice(),
            blank,
        }
    }

    /// The values, for storing or custom comparison.
    #[must_use]
    pub fn values(&self) -> &[u32] {
        &self.values
    }

    /// Number of values.
    #[must_use]
    pub fn num_hashes(&self) -> usize {
        self.values.len()
    }

    /// True for the signature of a text with nothing to compare.
    #[must_use]
    pub fn is_blank(&self) -> bool {
        self.blank
    }

    /// Estimated Jaccard similarity of the two texts' shingle sets: the share
    /// of positions where the signatures agree. 0.0 when either is blank or
    /// the lengths differ (they cannot come from the same configuration).
    #[must_use]
    pub fn jaccard(&self, other: &Self) -> f64 {
        jaccard(self, other)
    }
}

/// Estimated Jaccard similarity; see [`Signature::jaccard`].
#[must_use]
pub fn jaccard(a: &Signature, b: &Signature) -> f64 {
    let (x, y) = (a.values(), b.values());
    if x.len() != y.len() || x.is_empty() || a.blank || b.blank {
        return 0.0;
    }
    let equal: usize = x.iter().zip(y).map(|(p, q)| usize::from(p == q)).sum();
    equal as f64 / x.len() as f64
}

/// Computes signatures for one configuration; cheap to share across threads.
#[derive(Debug, Clone)]
pub struct MinHasher {
    config: MinHashConfig,
    /// Multipliers of the classic permutations (odd), empty for one-permutation.
    mul: Vec<u64>,
    /// Offsets of the classic permutations.
    add: Vec<u64>,
}

impl Default for MinHasher {
    fn default() -> Self {
        Self::build(MinHashConfig::default())
    }
}

impl MinHasher {
    /// Validates `config` and precomputes the permutation parameters.
    ///
    /// # Errors
    /// [`DedupError::ShingleLength`] for `shingle_len == 0`,
    /// [`DedupError::NumHashes`] outside `1..=MAX_HASHES`.
    pub fn new(config: MinHashConfig) -> Result<Self, DedupError> {
        if config.shingle_len == 0 {
            return Err(DedupError::ShingleLength(0));
        }
        if config.num_hashes == 0 || config.num_hashes > MAX_HASHES {
            return Err(DedupError::NumHashes {
                got: config.num_hashes,
                max: MAX_HASHES,
            });
        }
        Ok(Self::build(config))
    }

    fn build(config: MinHashConfig) -> Self {
        let (mut mul, mut add) = (Vec::new(), Vec::new());
        if config.scheme == Scheme::Classic {
            let mut state = config.seed ^ 0xc1a5_51c0;
            for _ in 0..config.num_hashes {
                mul.push(splitmix64(&mut state) | 1);
                add.push(splitmix64(&mut state));
            }
        }
        Self { config, mul, add }
    }

    /// The configuration in use.
    #[must_use]
    pub fn config(&self) -> &MinHashConfig {
        &self.config
    }

    /// The signature of a (masked) appeal text.
    #[must_use]
    pub fn signature(&self, text: &str) -> Signature {
        let mut chars = Vec::with_capacity(text.len());
        normalize_into(text, &mut chars);
        let n = self.config.num_hashes;
        let mut values = vec![u32::MAX; n];
        let shingles = Shingles::new(&chars, self.config.shingle_len, self.config.seed);
        match self.config.scheme {
            Scheme::OnePermutation => self.one_permutation(shingles, &mut values),
            Scheme::Classic => {
                for x in shingles {
                    // Separate arrays and a plain min keep this loop vectorisable.
                    for ((v, &a), &b) in values.iter_mut().zip(&self.mul).zip(&self.add) {
                        let h = (a.wrapping_mul(x).wrapping_add(b) >> 32) as u32;
                        *v = (*v).min(h);
                    }
                }
            }
        }
        Signature::from_values(values)
    }

    fn one_permutation(&self, shingles: Shingles<'_>, bins: &mut [u32]) {
        let n = bins.len();
        let mut filled = vec![false; n];
        let mut any = false;
        for x in shingles {
            // High bits choose the bin, low bits are the value: independent
            // enough after fmix64, and one hash serves both.
            let bin = reduce(x, n);
            bins[bin] = bins[bin].min(x as u32);
            filled[bin] = true;
            any = true;
        }
        if !any {
            return; // blank signature
        }
        // Optimal densification: the probe sequence depends on the bin number
        // and seed only, so two texts borrow for the same empty bin from the
        // same place whenever the same bins are filled.
        let max_probes = 64 * n;
        for i in 0..n {
            if filled[i] {
                continue;
            }
            let mut state =
                fmix64(self.config.seed ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
            let mut source = None;
            for _ in 0..max_probes {
                let j = reduce(splitmix64(&mut state), n);
                if filled[j] {
                    source = Some(j);
                    break;
                }
            }
            // Unreachable in practice (probability < e^-64); a circular scan
            // keeps the function total and deterministic.
            let j = source.unwrap_or_else(|| {
                (1..n)
                    .map(|d| (i + d) % n)
                    .find(|&j| filled[j])
                    .unwrap_or(i)
            });
            bins[i] = bins[j];
        }
    }
}

/// Base of the polynomial rolling hash (odd, so powers never vanish mod 2^64).
const BASE: u64 = 0x9e37_79b9_7f4a_7c15;

/// Iterator over the 64-bit hashes of a normalised text's shingles.
///
/// A polynomial rolling hash modulo 2^64 moves from one window to the next
/// with two multiplications instead of `k`, then `fmix64` with the seed
/// spreads it; this is most of the per-shingle cost, hence the care.
struct Shingles<'a> {
    chars: &'a [char],
    k: usize,
    /// Index of the next character to enter the window.
    end: usize,
    /// Rolling hash of the current window.
    rolling: u64,
    /// `BASE^k`, to remove the character leaving the window.
    drop_factor: u64,
    seed: u64,
}

impl<'a> Shingles<'a> {
    fn new(chars: &'a [char], k: usize, seed: u64) -> Self {
        let drop_factor = (0..k).fold(1u64, |p, _| p.wrapping_mul(BASE));
        Self {
            chars,
            k,
            end: 0,
            rolling: 0,
            drop_factor,
            seed: fmix64(seed),
        }
    }

    #[inline]
    fn code(c: char) -> u64 {
        // +1 so that no character hashes like an absent one.
        u64::from(u32::from(c)) + 1
    }
}

impl Iterator for Shingles<'_> {
    type Item = u64;

    #[inline]
    fn next(&mut self) -> Option<u64> {
        let len = self.chars.len();
        if len < self.k {
            // A text shorter than k is one shingle: short appeals ("свет
            // нет") must still match their exact copies.
            if self.end > 0 || len == 0 {
                return None;
            }
            self.end = 1;
            let h = self.chars.iter().fold(0u64, |h, &c| {
                h.wrapping_mul(BASE).wrapping_add(Self::code(c))
            });
            // The length goes in so a short text never equals a k-window hash.
            return Some(fmix64(h ^ self.seed ^ ((len as u64) << 56)));
        }
        if self.end == 0 {
            for &c in &self.chars[..self.k] {
                self.rolling = self.rolling.wrapping_mul(BASE).wrapping_add(Self::code(c));
            }
            self.end = self.k;
        } else {
            let entering = *self.chars.get(self.end)?;
            let leaving = self.chars[self.end - self.k];
            self.rolling = self
                .rolling
                .wrapping_mul(BASE)
                .wrapping_add(Self::code(entering))
                .wrapping_sub(Self::code(leaving).wrapping_mul(self.drop_factor));
            self.end += 1;
        }
        Some(fmix64(self.rolling ^ self.seed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_is_validated() {
        let bad_k = MinHashConfig {
            shingle_len: 0,
            ..MinHashConfig::default()
        };
        assert_eq!(
            MinHasher::new(bad_k).err(),
            Some(DedupError::ShingleLength(0))
        );
        let bad_n = MinHashConfig {
            num_hashes: 0,
            ..MinHashConfig::default()
        };
        assert!(MinHasher::new(bad_n).is_err());
    }

    #[test]
    fn blank_texts_are_similar_to_nothing() {
        let h = MinHasher::default();
        let a = h.signature("");
        let b = h.signature("?!… ☺");
        assert!(a.is_blank() && b.is_blank());
        assert_eq!(a.jaccard(&b), 0.0);
    }

    #[test]
    fn short_text_matches_its_copy() {
        let h = MinHasher::default();
        let a = h.signature("Газ");
        assert!(!a.is_blank());
        assert_eq!(a.jaccard(&h.signature("газ!")), 1.0);
        assert!(a.jaccard(&h.signature("свет")) < 0.1);
    }

    #[test]
    fn both_schemes_estimate_similarity() {
        for scheme in [Scheme::OnePermutation, Scheme::Classic] {
            let h = MinHasher::new(MinHashConfig {
                scheme,
                ..MinHashConfig::default()
            })
            .unwrap();
            let a = h.signature("в нашем доме по улице абая третью неделю нет горячей воды");
            let b = h.signature("в нашем доме по улице абая вторую неделю нет горячей воды");
            let c = h.signature("прошу разъяснить порядок получения субсидии на покупку жилья");
            assert!(a.jaccard(&b) > 0.6, "{scheme:?}: {}", a.jaccard(&b));
            assert!(a.jaccard(&c) < 0.2, "{scheme:?}: {}", a.jaccard(&c));
        }
    }
}
