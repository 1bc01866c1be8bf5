//! Errors of the dedup crate: only configuration mistakes are errors; any
//! text, however odd, yields a signature.

/// What is wrong with a configuration or a signature handed to the index.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DedupError {
    /// Shingle length must be at least one character.
    #[error("shingle length must be at least 1, got {0}")]
    ShingleLength(usize),
    /// Number of hash values per signature out of the supported range.
    #[error("number of hashes must be between 1 and {max}, got {got}")]
    NumHashes {
        /// What was asked for.
        got: usize,
        /// The largest supported value.
        max: usize,
    },
    /// LSH bands and rows must both be at least one.
    #[error("LSH needs at least one band and one row, got {bands} bands x {rows} rows")]
    Banding {
        /// Bands asked for.
        bands: usize,
        /// Rows per band asked for.
        rows: usize,
    },
}
