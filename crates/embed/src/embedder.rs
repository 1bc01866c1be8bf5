//! Sentence embeddings: the tokenizer and the encoder together, with E5's prefixes, sliding
//! windows for long texts, mean pooling and L2 normalisation, as the reference engine
//! computes them.

use std::path::Path;

use crate::EmbedError;
use crate::encoder::Encoder;
use crate::file::E5File;
use crate::tokenizer::Tokenizer;

/// What a text is to the search it takes part in: E5 was trained with a prefix saying so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// A question or a new appeal looking for matches (`query: `).
    Query,
    /// Something to be found: a passage, an earlier answer, a description (`passage: `).
    Passage,
}

impl Role {
    /// The prefix the model expects.
    pub fn prefix(self) -> &'static str {
        match self {
            Role::Query => "query: ",
            Role::Passage => "passage: ",
        }
    }
}

/// A unit-length sentence embedding.
#[derive(Debug, Clone, PartialEq)]
pub struct Embedding(Vec<f32>);

impl Embedding {
    /// Its components.
    pub fn as_slice(&self) -> &[f32] {
        &self.0
    }

    /// Its components, owned.
    pub fn into_vec(self) -> Vec<f32> {
        self.0
    }

    /// The cosine similarity with another embedding (their dot product, both being unit
    /// length); 0 when the dimensions differ.
    pub fn cosine(&self, other: &Embedding) -> f32 {
        if self.0.len() != other.0.len() {
            return 0.0;
        }
        self.0.iter().zip(&other.0).map(|(a, b)| a * b).sum()
    }
}

/// `multilingual-e5-small`, loaded.
#[derive(Debug)]
pub struct Embedder {
    tokenizer: Tokenizer,
    encoder: Encoder,
}

impl Embedder {
    /// Loads the model file (`e5-small-q4.bin`).
    pub fn load(path: &Path) -> Result<Embedder, EmbedError> {
        let bytes = std::fs::read(path).map_err(|source| EmbedError::Read {
            path: path.to_owned(),
            source,
        })?;
        Embedder::from_bytes(&bytes)
    }

    /// Builds the model from the file's bytes; the bytes may be dropped afterwards.
    pub fn from_bytes(bytes: &[u8]) -> Result<Embedder, EmbedError> {
        let file = E5File::read(bytes)?;
        Ok(Embedder {
            tokenizer: Tokenizer::from_file(&file)?,
            encoder: Encoder::from_file(&file)?,
        })
    }

    /// The embedding's dimension (384).
    pub fn dimension(&self) -> usize {
        self.encoder.hidden()
    }

    /// The tokenizer.
    pub fn tokenizer(&self) -> &Tokenizer {
        &self.tokenizer
    }

    /// The number of tokens the text costs in the given role, `<s>` and `</s>` of every
    /// window included.
    pub fn token_count(&self, text: &str, role: Role) -> Result<usize, EmbedError> {
        let content = self.content(text, role)?;
        let window = self.window();
        Ok(content.len() + 2 * content.len().div_ceil(window).max(1))
    }

    fn window(&self) -> usize {
        self.encoder.max_positions().saturating_sub(2).max(1)
    }

    fn content(&self, text: &str, role: Role) -> Result<Vec<u32>, EmbedError> {
        self.tokenizer
            .content_ids(&format!("{}{}", role.prefix(), text))
    }

    /// The text's embedding. A text longer than the model's 510 content tokens is cut into
    /// windows of at most that many; the result is the token-weighted mean of the windows'
    /// mean states, normalised to unit length (for a short text, simply its mean state).
    pub fn embed(&self, text: &str, role: Role) -> Result<Embedding, EmbedError> {
        let content = self.content(text, role)?;
        let window = self.window();
        let mut sum = vec![0.0f32; self.dimension()];
        let mut weight = 0.0f32;
        let mut chunks: Vec<&[u32]> = content.chunks(window).collect();
        if chunks.is_empty() {
            chunks.push(&[]);
        }
        for chunk in chunks {
            let mut ids = Vec::with_capacity(chunk.len() + 2);
            ids.push(self.tokenizer.bos);
            ids.extend_from_slice(chunk);
            ids.push(self.tokenizer.eos);
            let mean = self.encoder.mean_state(&ids)?;
            let w = chunk.len().max(1) as f32;
            for (total, value) in sum.iter_mut().zip(mean) {
                *total += w * value;
            }
            weight += w;
        }
        let norm = sum
            .iter()
            .map(|v| (v / weight) * (v / weight))
            .sum::<f32>()
            .sqrt()
            .max(1e-6);
        Ok(Embedding(
            sum.into_iter().map(|v| v / weight / norm).collect(),
        ))
    }
}
