//! The model file reader on a small file written here, on damaged files, and on the real
//! `e5-small` model when it has been fetched (`sheshim models fetch e5-small`; the models
//! folder is `SHESHIM_MODELS`, else `models/` at the repository's root).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use sheshim_embed::{E5File, FileError, TensorType};

/// A tiny but complete E5S1 file: 2 heads of 4, vocabulary `<s> <pad> </s> <unk> ▁a`, one
/// normalisation entry, one f32 tensor and one Q4_0 tensor.
fn tiny() -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(b"E5S1");
    out.extend_from_slice(&1u32.to_le_bytes());
    for value in [8i32, 1, 2, 16, 5, 16, 2] {
        out.extend_from_slice(&value.to_le_bytes());
    }
    out.extend_from_slice(&1e-12f32.to_le_bytes());
    out.extend_from_slice(&32i32.to_le_bytes());
    let pieces: [&str; 5] = ["<s>", "<pad>", "</s>", "<unk>", "▁a"];
    out.extend_from_slice(&5i32.to_le_bytes());
    for id in [0i32, 2, 1, 3] {
        out.extend_from_slice(&id.to_le_bytes());
    }
    let blob: Vec<u8> = pieces.iter().flat_map(|p| p.bytes()).collect();
    out.extend_from_slice(&(blob.len() as u64).to_le_bytes());
    let mut at = 0u32;
    out.extend_from_slice(&at.to_le_bytes());
    for piece in pieces {
        at += piece.len() as u32;
        out.extend_from_slice(&at.to_le_bytes());
    }
    for score in [0.0f32, 0.0, 0.0, 0.0, -1.5] {
        out.extend_from_slice(&score.to_le_bytes());
    }
    out.extend_from_slice(&blob);
    // One entry: U+00C5 becomes A + combining ring.
    out.extend_from_slice(&1i32.to_le_bytes());
    out.extend_from_slice(&13u32.to_le_bytes());
    out.extend_from_slice(&0xC5u32.to_le_bytes());
    out.push(2);
    out.extend_from_slice(&0x41u32.to_le_bytes());
    out.extend_from_slice(&0x30Au32.to_le_bytes());
    // The directory, then the data it points to.
    let header_end = out.len() + 4 + 2 * (2 + 8 + 1 + 4 + 8 + 8);
    out.extend_from_slice(&2i32.to_le_bytes());
    let entries = [("emb.ln.w", 0u8, 8u32, 32u64), ("emb.word", 1, 32, 18)];
    let mut offset = header_end as u64;
    for (name, kind, elements, bytes) in entries {
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.push(kind);
        out.extend_from_slice(&elements.to_le_bytes());
        out.extend_from_slice(&offset.to_le_bytes());
        out.extend_from_slice(&bytes.to_le_bytes());
        offset += bytes;
    }
    out.extend(std::iter::repeat_n(7u8, 32 + 18));
    out
}

#[test]
fn a_complete_file_is_read_without_copying_its_tensors() {
    let bytes = tiny();
    let file = E5File::read(&bytes).unwrap();
    assert_eq!(file.dimensions.hidden, 8);
    assert_eq!(file.dimensions.heads, 2);
    assert_eq!(file.special, [0, 2, 1, 3]);
    assert_eq!(file.pieces.len(), 5);
    assert_eq!(file.pieces[4].bytes, "▁a".as_bytes());
    assert_eq!(file.pieces[4].score, -1.5);
    assert_eq!(file.normalisation, vec![(0xC5, vec![0x41, 0x30A])]);
    let word = file.tensor("emb.word").unwrap();
    assert_eq!(
        (word.kind, word.elements, word.bytes.len()),
        (TensorType::Q4_0, 32, 18)
    );
    assert_eq!(file.tensor("emb.ln.w").unwrap().kind, TensorType::F32);
    assert!(file.tensor("l0.q.w").is_none());
}

#[test]
fn a_damaged_file_is_an_error_naming_what_is_wrong_never_a_panic() {
    let bytes = tiny();
    assert_eq!(E5File::read(b"GGUF").unwrap_err(), FileError::Magic);
    assert_eq!(E5File::read(b"").unwrap_err(), FileError::Magic);
    // Every truncation is refused.
    for cut in 0..bytes.len() {
        assert!(E5File::read(&bytes[..cut]).is_err(), "cut at {cut}");
    }
    // A tensor pointing past the end of the file.
    let mut past = bytes.clone();
    past.truncate(bytes.len() - 1);
    assert!(matches!(E5File::read(&past), Err(FileError::Damaged(_))));
    // A negative vocabulary size (offset 48 is the piece count).
    let mut negative = bytes.clone();
    negative[48..52].copy_from_slice(&(-1i32).to_le_bytes());
    assert!(matches!(
        E5File::read(&negative),
        Err(FileError::Damaged(_))
    ));
    // Random bytes after a valid magic.
    let mut noise = b"E5S1".to_vec();
    noise.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    assert!(E5File::read(&noise).is_err());
}

#[test]
fn the_fetched_e5_small_model_has_the_published_shape() {
    let folder = std::env::var_os("SHESHIM_MODELS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models"));
    let spec = sheshim_models::find("e5-small").unwrap();
    let files = match sheshim_models::locate(spec, &folder) {
        Ok(files) => files,
        Err(error) => {
            println!("SKIPPED: {error}");
            return;
        }
    };
    let bytes = std::fs::read(files.path("e5-small-q4.bin").unwrap()).unwrap();
    let file = E5File::read(&bytes).unwrap();
    let d = file.dimensions;
    assert_eq!(
        (d.hidden, d.layers, d.heads, d.feed_forward),
        (384, 12, 12, 1536)
    );
    assert_eq!(
        (d.vocabulary_rows, d.max_positions, d.token_types),
        (250_037, 512, 2)
    );
    assert_eq!(file.pieces.len(), 250_002);
    assert_eq!(file.pieces[0].bytes, b"<s>");
    assert_eq!(file.pieces[6].bytes, "▁".as_bytes());
    // Embeddings, five per layer's attention and feed-forward, and their norms.
    assert_eq!(file.tensors.len(), 5 + 12 * 16);
    let word = file.tensor("emb.word").unwrap();
    assert_eq!(
        (word.kind, word.elements),
        (TensorType::Q4_0, 250_037 * 384)
    );
    assert_eq!(file.tensor("l11.oln.b").unwrap().elements, 384);
    assert!(file.normalisation.len() > 1000);
}
