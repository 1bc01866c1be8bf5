//! The BERT encoder of `multilingual-e5-small`, run by candle on the CPU.
//!
//! The file keeps the projections in 4-bit GGML Q4_0 blocks. Candle dequantises them once,
//! at load, into 32-bit floats (21 million weights, 85 MB) and every projection is then a
//! candle matrix product (the `gemm` crate, which picks AVX2 or AVX-512 at run time): on this
//! model that is 2.7 times faster than candle 0.9's own 4-bit kernel, whose vector code is
//! only compiled in for CPUs named at build time. The weights are the same numbers either
//! way; the one difference from the package's C engine is that the activations stay 32-bit
//! floats where the C engine rounds them to 8 bits per block of 32, and the test against it
//! shows that difference to be below a cosine of 0.999. The word-embedding table (250,037
//! rows) stays in 4 bits and only the rows a text uses are dequantised, so it costs 54 MB
//! rather than 384 MB.
//!
//! Candle's CPU kernels split their work with rayon, so the caller decides how many cores
//! one text uses by the rayon pool it runs in.

use candle_core::quantized::{GgmlDType, QMatMul, ggml_file::qtensor_from_ggml};
use candle_core::{D, Device, Module, Tensor};

use crate::EmbedError;
use crate::file::{E5File, TensorEntry, TensorType};

/// Elements and bytes of one Q4_0 block.
const BLOCK_ELEMENTS: usize = 32;
const BLOCK_BYTES: usize = 18;

/// One transformer layer.
struct Layer {
    query: Projection,
    key: Projection,
    value: Projection,
    attention_out: Projection,
    attention_norm: Norm,
    feed_in: Projection,
    feed_out: Projection,
    output_norm: Norm,
}

/// A 4-bit weight matrix and its bias.
struct Projection {
    /// The weights as `[out, in]` 32-bit floats (see the module's comment).
    weight: QMatMul,
    bias: Tensor,
}

impl Projection {
    fn forward(&self, input: &Tensor) -> candle_core::Result<Tensor> {
        self.weight.forward(input)?.broadcast_add(&self.bias)
    }
}

/// A layer norm's scale and shift.
struct Norm {
    weight: Tensor,
    bias: Tensor,
}

impl Norm {
    fn forward(&self, input: &Tensor, eps: f32) -> candle_core::Result<Tensor> {
        candle_nn::ops::layer_norm(input, &self.weight, &self.bias, eps)
    }
}

/// The encoder: embeddings, twelve layers, and their dimensions.
pub struct Encoder {
    hidden: usize,
    heads: usize,
    max_positions: usize,
    eps: f32,
    /// The word-embedding table's Q4_0 bytes, row after row, kept 2-byte aligned for candle.
    word_rows: Vec<u16>,
    word_row_bytes: usize,
    vocabulary_rows: usize,
    positions: Tensor,
    token_type: Tensor,
    embedding_norm: Norm,
    layers: Vec<Layer>,
}

impl std::fmt::Debug for Encoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Encoder")
            .field("hidden", &self.hidden)
            .field("layers", &self.layers.len())
            .finish()
    }
}

fn candle(error: candle_core::Error) -> EmbedError {
    EmbedError::Compute(error.to_string())
}

fn entry<'a>(file: &'a E5File<'_>, name: &str) -> Result<&'a TensorEntry<'a>, EmbedError> {
    file.tensor(name)
        .ok_or_else(|| EmbedError::Model(format!("the tensor {name} is missing")))
}

/// A 32-bit tensor of the given shape.
fn floats(file: &E5File<'_>, name: &str, shape: &[usize]) -> Result<Tensor, EmbedError> {
    let tensor = entry(file, name)?;
    let expected: usize = shape.iter().product();
    if tensor.kind != TensorType::F32 || tensor.elements != expected {
        return Err(EmbedError::Model(format!(
            "the tensor {name} is not {expected} 32-bit floats"
        )));
    }
    let values: Vec<f32> = tensor
        .bytes
        .chunks_exact(4)
        .map(|word| f32::from_le_bytes([word[0], word[1], word[2], word[3]]))
        .collect();
    Tensor::from_vec(values, shape, &Device::Cpu).map_err(candle)
}

/// Q4_0 bytes copied into a 2-byte aligned buffer, as candle reads them in place as blocks
/// whose scale is an `f16`.
fn aligned(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair.get(1).copied().unwrap_or(0)]))
        .collect()
}

fn projection(
    file: &E5File<'_>,
    prefix: &str,
    rows: usize,
    columns: usize,
) -> Result<Projection, EmbedError> {
    let name = format!("{prefix}.w");
    let tensor = entry(file, &name)?;
    if tensor.kind != TensorType::Q4_0 || tensor.elements != rows * columns {
        return Err(EmbedError::Model(format!(
            "the tensor {name} is not a {rows}×{columns} Q4_0 matrix"
        )));
    }
    let words = aligned(tensor.bytes);
    let quantised = qtensor_from_ggml(
        GgmlDType::Q4_0,
        bytemuck::cast_slice(&words),
        vec![rows, columns],
        &Device::Cpu,
    )
    .map_err(candle)?;
    Ok(Projection {
        weight: QMatMul::Tensor(quantised.dequantize(&Device::Cpu).map_err(candle)?),
        bias: floats(file, &format!("{prefix}.b"), &[rows])?,
    })
}

fn norm(file: &E5File<'_>, prefix: &str, hidden: usize) -> Result<Norm, EmbedError> {
    Ok(Norm {
        weight: floats(file, &format!("{prefix}.w"), &[hidden])?,
        bias: floats(file, &format!("{prefix}.b"), &[hidden])?,
    })
}

impl Encoder {
    /// Builds the encoder from a read model file, checking every tensor's type and size.
    pub fn from_file(file: &E5File<'_>) -> Result<Encoder, EmbedError> {
        let d = file.dimensions;
        let (hidden, ff) = (d.hidden, d.feed_forward);
        if hidden == 0 || hidden % BLOCK_ELEMENTS != 0 || ff % BLOCK_ELEMENTS != 0 {
            return Err(EmbedError::Model(format!(
                "the hidden size {hidden} and feed-forward size {ff} must be multiples of {BLOCK_ELEMENTS}"
            )));
        }
        let word = entry(file, "emb.word")?;
        if word.kind != TensorType::Q4_0 || word.elements != d.vocabulary_rows * hidden {
            return Err(EmbedError::Model(
                "the tensor emb.word is not a Q4_0 table of the vocabulary's rows".into(),
            ));
        }
        let mut layers = Vec::with_capacity(d.layers);
        for l in 0..d.layers {
            layers.push(Layer {
                query: projection(file, &format!("l{l}.q"), hidden, hidden)?,
                key: projection(file, &format!("l{l}.k"), hidden, hidden)?,
                value: projection(file, &format!("l{l}.v"), hidden, hidden)?,
                attention_out: projection(file, &format!("l{l}.ao"), hidden, hidden)?,
                attention_norm: norm(file, &format!("l{l}.aln"), hidden)?,
                feed_in: projection(file, &format!("l{l}.fi"), ff, hidden)?,
                feed_out: projection(file, &format!("l{l}.fo"), hidden, ff)?,
                output_norm: norm(file, &format!("l{l}.oln"), hidden)?,
            });
        }
        Ok(Encoder {
            hidden,
            heads: d.heads,
            max_positions: d.max_positions,
            eps: d.layer_norm_eps,
            word_rows: aligned(word.bytes),
            word_row_bytes: hidden / BLOCK_ELEMENTS * BLOCK_BYTES,
            vocabulary_rows: d.vocabulary_rows,
            positions: floats(file, "emb.pos", &[d.max_positions, hidden])?,
            token_type: floats(file, "emb.type", &[d.token_types, hidden])?
                .get(0)
                .map_err(candle)?,
            embedding_norm: norm(file, "emb.ln", hidden)?,
            layers,
        })
    }

    /// The embedding's dimension.
    pub fn hidden(&self) -> usize {
        self.hidden
    }

    /// The most tokens one pass takes, `<s>` and `</s>` included.
    pub fn max_positions(&self) -> usize {
        self.max_positions
    }

    /// The dequantised word-embedding rows of `ids`.
    fn word_embeddings(&self, ids: &[u32]) -> Result<Tensor, EmbedError> {
        let row_words = self.word_row_bytes / 2;
        let mut gathered = Vec::with_capacity(ids.len() * row_words);
        for &id in ids {
            let row = id as usize;
            if row >= self.vocabulary_rows {
                return Err(EmbedError::Tokenize(format!(
                    "token id {id} has no embedding"
                )));
            }
            gathered.extend_from_slice(&self.word_rows[row * row_words..(row + 1) * row_words]);
        }
        let quantised = qtensor_from_ggml(
            GgmlDType::Q4_0,
            bytemuck::cast_slice(&gathered),
            vec![ids.len(), self.hidden],
            &Device::Cpu,
        )
        .map_err(candle)?;
        quantised.dequantize(&Device::Cpu).map_err(candle)
    }

    /// The mean of the last layer's token states for one window of at most
    /// [`Encoder::max_positions`] ids (`<s>` and `</s>` included).
    pub fn mean_state(&self, ids: &[u32]) -> Result<Vec<f32>, EmbedError> {
        if ids.is_empty() || ids.len() > self.max_positions {
            return Err(EmbedError::Tokenize(format!(
                "a window holds 1 to {} tokens, not {}",
                self.max_positions,
                ids.len()
            )));
        }
        let words = self.word_embeddings(ids)?;
        self.forward(words, ids.len()).map_err(candle)
    }

    fn forward(&self, words: Tensor, length: usize) -> candle_core::Result<Vec<f32>> {
        let head = self.hidden / self.heads;
        let scale = 1.0 / (head as f64).sqrt();
        let positions = self.positions.narrow(0, 0, length)?;
        let embedded = words.add(&positions)?.broadcast_add(&self.token_type)?;
        let mut x = self.embedding_norm.forward(&embedded, self.eps)?;
        // Heads as the batch dimension: [heads, tokens, head size].
        let split = |t: Tensor| -> candle_core::Result<Tensor> {
            t.reshape((length, self.heads, head))?
                .transpose(0, 1)?
                .contiguous()
        };
        for layer in &self.layers {
            let q = split(layer.query.forward(&x)?)?;
            let k = split(layer.key.forward(&x)?)?;
            let v = split(layer.value.forward(&x)?)?;
            let scores = (q.matmul(&k.t()?.contiguous()?)? * scale)?;
            let weights = candle_nn::ops::softmax_last_dim(&scores)?;
            let context = weights
                .matmul(&v)?
                .transpose(0, 1)?
                .contiguous()?
                .reshape((length, self.hidden))?;
            let attended = layer.attention_out.forward(&context)?;
            x = layer.attention_norm.forward(&x.add(&attended)?, self.eps)?;
            let inner = layer.feed_in.forward(&x)?.gelu_erf()?;
            let fed = layer.feed_out.forward(&inner)?;
            x = layer.output_norm.forward(&x.add(&fed)?, self.eps)?;
        }
        x.mean(D::Minus2)?.to_vec1::<f32>()
    }
}
