//! The versioned model file.
//!
//! Layout (all integers little-endian):
//!
//! | bytes | content |
//! |---|---|
//! | 8 | magic `SHSMCLS\0` |
//! | 2 | format version (`u16`, currently 1) |
//! | 4 + n | metadata length (`u32`) and metadata as UTF-8 JSON ([`ModelMetadata`]) |
//! | 4 + 4 | number of classes `k` and of buckets (`u32`) |
//! | 4·k | biases (`f32`) |
//! | 4 | number of stored weight rows `r` (`u32`) |
//! | r·(4 + 4·k) | each row: row index (`u32`, strictly increasing; the buckets, then the dense dimensions the metadata names, if any), then `k` weights (`f32`); all-zero rows are omitted |
//! | 32 | SHA-256 of every preceding byte |

use sha2::{Digest, Sha256};

use crate::error::ClassifyError;
use crate::features::FEATURE_VERSION;
use crate::model::{Classifier, ModelMetadata};

const MAGIC: &[u8; 8] = b"SHSMCLS\0";
/// The model-file format version this build writes and reads.
pub const FORMAT_VERSION: u16 = 1;

fn corrupt(m: impl Into<String>) -> ClassifyError {
    ClassifyError::CorruptModel(m.into())
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ClassifyError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.buf.len());
        let end = end.ok_or_else(|| corrupt("truncated"))?;
        let s = &self.buf[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, ClassifyError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn f32(&mut self) -> Result<f32, ClassifyError> {
        let v = f32::from_bits(self.u32()?);
        if v.is_finite() {
            Ok(v)
        } else {
            Err(corrupt("non-finite weight"))
        }
    }
}

impl Classifier {
    /// Serialises the model to the versioned file format.
    pub fn to_bytes(&self) -> Vec<u8> {
        let k = self.bias.len();
        // Serialising plain data structures cannot fail.
        let meta = serde_json::to_vec(&self.meta).unwrap_or_default();
        let mut out = Vec::with_capacity(64 + meta.len() + self.weights.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&(meta.len() as u32).to_le_bytes());
        out.extend_from_slice(&meta);
        out.extend_from_slice(&(k as u32).to_le_bytes());
        out.extend_from_slice(&self.meta.options.buckets.to_le_bytes());
        for b in &self.bias {
            out.extend_from_slice(&b.to_le_bytes());
        }
        let rows: Vec<usize> = (0..self.rows())
            .filter(|&j| self.weights[j * k..j * k + k].iter().any(|&w| w != 0.0))
            .collect();
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for j in rows {
            out.extend_from_slice(&(j as u32).to_le_bytes());
            for w in &self.weights[j * k..j * k + k] {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        let digest = Sha256::digest(&out);
        out.extend_from_slice(&digest);
        out
    }

    /// Reads a model written by [`Classifier::to_bytes`]. A wrong, truncated
    /// or altered file gives an error, never a panic.
    pub fn from_bytes(bytes: &[u8]) -> Result<Classifier, ClassifyError> {
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err(ClassifyError::BadMagic);
        }
        if bytes.len() < MAGIC.len() + 2 {
            return Err(corrupt("truncated"));
        }
        let version = u16::from_le_bytes([bytes[8], bytes[9]]);
        if version != FORMAT_VERSION {
            return Err(ClassifyError::UnsupportedVersion {
                found: version,
                supported: FORMAT_VERSION,
            });
        }
        if bytes.len() < 10 + 32 {
            return Err(corrupt("truncated"));
        }
        let (body, digest) = bytes.split_at(bytes.len() - 32);
        if Sha256::digest(body).as_slice() != digest {
            return Err(corrupt("checksum mismatch"));
        }
        let mut r = Reader { buf: body, pos: 10 };
        let n = r.u32()? as usize;
        let meta: ModelMetadata =
            serde_json::from_slice(r.take(n)?).map_err(|e| corrupt(format!("metadata: {e}")))?;
        if meta.feature_version != FEATURE_VERSION {
            return Err(ClassifyError::UnsupportedFeatureVersion {
                found: meta.feature_version,
                supported: FEATURE_VERSION,
            });
        }
        let k = r.u32()? as usize;
        let buckets = r.u32()?;
        if k != meta.labels.len() || k < 2 {
            return Err(corrupt("class count does not match labels"));
        }
        if buckets != meta.options.buckets || !buckets.is_power_of_two() || buckets > 1 << 24 {
            return Err(corrupt("bad bucket count"));
        }
        let t = meta.training.temperature;
        if !(t.is_finite() && t > 0.0) {
            return Err(corrupt("bad temperature"));
        }
        let dense_rows = match &meta.dense {
            Some(dense)
                if dense.dimension > 4096 || !(dense.weight.is_finite() && dense.weight > 0.0) =>
            {
                return Err(corrupt("bad dense features"));
            }
            Some(dense) => dense.dimension,
            None => 0,
        };
        let total_rows = buckets + dense_rows;
        let bias = (0..k).map(|_| r.f32()).collect::<Result<Vec<_>, _>>()?;
        let rows = r.u32()? as usize;
        if rows > total_rows as usize || body.len() - r.pos != rows * (4 + 4 * k) {
            return Err(corrupt("weight section has the wrong size"));
        }
        let mut weights = vec![0f32; total_rows as usize * k];
        let mut prev: Option<u32> = None;
        for _ in 0..rows {
            let j = r.u32()?;
            if j >= total_rows || prev.is_some_and(|p| j <= p) {
                return Err(corrupt("bad row index"));
            }
            prev = Some(j);
            let base = j as usize * k;
            for c in 0..k {
                weights[base + c] = r.f32()?;
            }
        }
        Ok(Classifier {
            meta,
            weights,
            bias,
        })
    }
}
