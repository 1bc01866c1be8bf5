//! Deterministic 64-bit hashing.
//!
//! Signatures are stored and compared across runs and machines, so nothing
//! here may depend on `RandomState`, pointer width or endianness: every hash
//! is plain `u64` arithmetic with fixed constants.

use std::hash::{BuildHasherDefault, Hasher};

/// The MurmurHash3 64-bit finaliser: a bijection with full avalanche, used to
/// turn cheap polynomial pre-hashes into well-mixed values.
#[inline]
pub(crate) const fn fmix64(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

/// SplitMix64 step: derives a stream of independent-looking constants from
/// one seed (permutation parameters, densification probes).
#[inline]
pub(crate) const fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Maps a well-mixed 64-bit value onto `0..n` without a division (Lemire's
/// multiply-high reduction); uses the high bits, leaving the low ones free.
#[inline]
pub(crate) const fn reduce(h: u64, n: usize) -> usize {
    ((h as u128 * n as u128) >> 64) as usize
}

/// A `Hasher` for integer keys with a fixed, seedless mixing, so hash maps in
/// the index behave identically on every run.
#[derive(Default, Clone, Copy)]
pub(crate) struct MixHasher(u64);

impl Hasher for MixHasher {
    fn finish(&self) -> u64 {
        fmix64(self.0)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// Deterministic `BuildHasher` for the index's maps.
pub(crate) type MixBuild = BuildHasherDefault<MixHasher>;
