//! Near-duplicate detection and grouping of mass appeals.
//!
//! Works on the *masked* text of appeals: personal data has already been
//! replaced by placeholders such as `[NAME]` or `[IIN]`, so two citizens who
//! send the same template produce nearly the same text and collide here.
//!
//! * [`normalize`]: lower-case, Latin/Cyrillic letters and digits only,
//!   one space between words.
//! * [`MinHasher`] → [`Signature`]: character shingles (`k = 5`) hashed into
//!   a 128-value MinHash signature with deterministic seeded hashes;
//!   [`Signature::jaccard`] estimates the shingle-set Jaccard similarity.
//! * [`DuplicateIndex`]: LSH banding (32 bands × 4 rows by default) for
//!   incremental "is this new appeal a near-duplicate of one we have?".
//! * [`group_mass_appeals`]: union-find clustering of a batch into groups of
//!   near-duplicates, largest first.
//!
//! Pure: no I/O, no clock, no process-random hashing; the same input gives
//! the same output on every run and platform.
//!
//! ```
//! use sheshim_dedup::{DuplicateIndex, MinHasher, DEFAULT_THRESHOLD};
//!
//! let hasher = MinHasher::default();
//! let mut index = DuplicateIndex::new();
//! index.insert(1, hasher.signature("Я, [NAME], прошу отремонтировать крышу дома по адресу [ADDRESS]."));
//! let new = hasher.signature("Я [NAME] прошу отремонтировать крышу дома по адресу [ADDRESS]!");
//! assert_eq!(index.near_duplicates(&new, DEFAULT_THRESHOLD)[0].0, 1);
//! ```

mod error;
mod group;
mod hash;
mod index;
mod lsh;
mod normalize;
mod signature;

pub use error::DedupError;
pub use group::{Group, group_mass_appeals, group_mass_appeals_with};
pub use index::{DEFAULT_THRESHOLD, DuplicateIndex};
pub use lsh::LshConfig;
pub use normalize::normalize;
pub use signature::{
    DEFAULT_SEED, MAX_HASHES, MinHashConfig, MinHasher, Scheme, Signature, jaccard,
};
