//! A small, documented pseudo-random number generator: SplitMix64.
//!
//! The registry must be byte-identical for the same seed on every machine and every future
//! build, so the generator cannot depend on a crate whose algorithm might change between
//! versions. SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
//! generators", OOPSLA 2014; the seeding generator of Java's `SplittableRandom` and of the
//! xoshiro family) is twelve lines long, passes BigCrush, and — what matters most here — makes
//! independent streams cheap: each chunk of the population gets its own stream derived from
//! the seed and the chunk's index, so chunks can be generated in any order on any thread and
//! still give the same people.
//!
//! It is not cryptographically secure, and nothing here needs it to be.

/// The golden-ratio increment of SplitMix64: an odd constant that makes the state walk
/// through all 2^64 values before repeating.
const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// A SplitMix64 generator.
#[derive(Debug, Clone)]
pub(crate) struct SplitMix64 {
    /// The counter that [`SplitMix64::next_u64`] advances and then scrambles.
    state: u64,
}

/// The SplitMix64 output function: scrambles a counter value into a well-mixed 64-bit word.
///
/// It is a bijection, which is also why it serves to derive stream seeds: distinct inputs
/// always give distinct outputs.
pub(crate) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl SplitMix64 {
    /// A generator whose whole output is determined by `seed`.
    pub(crate) fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// The independent stream number `stream` of the generator seeded with `seed`.
    ///
    /// Mixing the stream index before adding it keeps neighbouring streams (chunk 0, chunk 1)
    /// far apart in the sequence, so they do not share a run of outputs.
    pub(crate) fn stream(seed: u64, stream: u64) -> Self {
        Self::new(mix64(seed ^ mix64(stream.wrapping_add(GOLDEN_GAMMA))))
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN_GAMMA);
        mix64(self.state)
    }

    /// A uniform number in `[0, 1)` with 53 random bits, the full precision of an `f64`.
    pub(crate) fn unit(&mut self) -> f64 {
        // The top 53 bits are exactly representable, so the division loses nothing.
        #[allow(clippy::cast_precision_loss)]
        let bits = (self.next_u64() >> 11) as f64;
        bits / (1u64 << 53) as f64
    }

    /// True with probability `p` (clamped to `[0, 1]` by the comparison itself).
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A uniform integer in `0..n`; `n` must be positive.
    ///
    /// Lemire's multiply-shift maps 64 random bits onto the range. Its bias is below
    /// `n / 2^64`, far under anything a population of millions could show.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0, "below(0) has no value to return");
        let wide = u128::from(self.next_u64()) * u128::from(n);
        // The high half of a 64×64-bit product always fits in 64 bits.
        u64::try_from(wide >> 64).unwrap_or(u64::MAX)
    }

    /// A uniform integer in `lo..=hi`.
    pub(crate) fn range_i64(&mut self, lo: i64, hi: i64) -> i64 {
        debug_assert!(lo <= hi, "empty range");
        let span = hi.abs_diff(lo) + 1;
        lo.wrapping_add_unsigned(self.below(span))
    }

    /// A standard normal variate, by the Box–Muller transform.
    ///
    /// Only one of the pair is used: keeping no cached second value keeps the generator's
    /// state a single word and the stream easy to reason about, at a cost that does not show.
    pub(crate) fn normal(&mut self) -> f64 {
        // `1 - unit()` lies in (0, 1], so the logarithm is finite.
        let u1 = 1.0 - self.unit();
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Picks an index with probability proportional to `weights`, given their precomputed
    /// cumulative sums (the last element is the total).
    pub(crate) fn pick_cumulative(&mut self, cumulative: &[f64]) -> usize {
        let total = cumulative.last().copied().unwrap_or(0.0);
        let target = self.unit() * total;
        let index = cumulative.partition_point(|&c| c <= target);
        index.min(cumulative.len().saturating_sub(1))
    }
}

/// Cumulative sums of `weights`, the form that [`SplitMix64::pick_cumulative`] expects.
pub(crate) fn cumulative(weights: &[f64]) -> Vec<f64> {
    weights
        .iter()
        .scan(0.0, |sum, &w| {
            *sum += w;
            Some(*sum)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_reference_splitmix64_sequence() {
        // The first outputs for seed 1234567, as printed by the reference C implementation
        // (Vigna, splitmix64.c) and quoted by many ports.
        let mut rng = SplitMix64::new(1_234_567);
        assert_eq!(rng.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(rng.next_u64(), 3_203_168_211_198_807_973);
        assert_eq!(rng.next_u64(), 9_817_491_932_198_370_423);
    }

    #[test]
    fn streams_differ_and_repeat() {
        let a: Vec<u64> = {
            let mut r = SplitMix64::stream(7, 0);
            (0..4).map(|_| r.next_u64()).collect()
        };
        let b: Vec<u64> = {
            let mut r = SplitMix64::stream(7, 1);
            (0..4).map(|_| r.next_u64()).collect()
        };
        let a2: Vec<u64> = {
            let mut r = SplitMix64::stream(7, 0);
            (0..4).map(|_| r.next_u64()).collect()
        };
        assert_ne!(a, b);
        assert_eq!(a, a2);
    }

    #[test]
    fn helpers_stay_in_range() {
        let mut rng = SplitMix64::new(42);
        for _ in 0..10_000 {
            let u = rng.unit();
            assert!((0.0..1.0).contains(&u));
            assert!(rng.below(7) < 7);
            let r = rng.range_i64(-3, 3);
            assert!((-3..=3).contains(&r));
            assert!(rng.normal().is_finite());
        }
        let cum = cumulative(&[0.0, 1.0, 0.0, 3.0]);
        let mut counts = [0u32; 4];
        for _ in 0..40_000 {
            counts[rng.pick_cumulative(&cum)] += 1;
        }
        assert_eq!(counts[0], 0);
        assert_eq!(counts[2], 0);
        assert!((9_000..11_000).contains(&counts[1]), "{counts:?}");
    }
}
