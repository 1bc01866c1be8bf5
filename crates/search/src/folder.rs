//! An index kept in a folder: reused while the sources it was built from are unchanged (a
//! fingerprint of every document is stored beside it), rebuilt otherwise; a folder holding
//! anything else is never emptied.

use crate::error::SearchError;
use crate::index::IndexLocation;
use crate::sources::Document;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;
use tantivy::Index;
use tantivy::schema::Schema;

/// The file, in an index folder, holding the fingerprint of the sources it was built from.
const FINGERPRINT_FILE: &str = "sheshim-sources.sha256";

/// The file, in an index folder, holding the documents' vectors: a header line naming the
/// model, the count and the dimension, then per document its digest ([`document_digest`])
/// and its vector as little-endian `f32`s. It outlives a rebuild of the index, so documents
/// that did not change keep their vectors when others are added.
const VECTORS_FILE: &str = "sheshim-vectors.bin";

/// The version of the schema and analysers: part of the fingerprint, so an index folder built
/// by an older version is rebuilt rather than read with the wrong analysers.
const SCHEMA_VERSION: &str = "sheshim-search 2";

/// The fingerprint of an index's documents: the SHA-256 of the schema version and every
/// document (key, citation, language and parts), in order. It is kept open, so documents
/// added to a running index extend it without hashing the others again.
#[derive(Clone)]
pub(crate) struct Fingerprint(Sha256);

impl Fingerprint {
    /// The fingerprint of `documents`.
    pub(crate) fn of(documents: &[Document]) -> Fingerprint {
        let mut hash = Sha256::new();
        hash_field(&mut hash, SCHEMA_VERSION.as_bytes());
        let mut fingerprint = Fingerprint(hash);
        for document in documents {
            fingerprint.add(document);
        }
        fingerprint
    }

    /// Extends it with one more document.
    pub(crate) fn add(&mut self, document: &Document) {
        hash_document(&mut self.0, document);
    }

    /// Its hex form, as the folder keeps it.
    pub(crate) fn hex(&self) -> String {
        hex::encode(self.0.clone().finalize())
    }
}

/// What the fingerprint file says while documents are being added to an index in a folder:
/// it matches no sources, so an addition interrupted half-way makes the next start rebuild the
/// index instead of reusing one whose documents it cannot know.
pub(crate) const ADDING: &str = "adding";

/// Adds `bytes` to `hash`, prefixed by their length so that fields cannot run into each other.
fn hash_field(hash: &mut Sha256, bytes: &[u8]) {
    hash.update((bytes.len() as u64).to_le_bytes());
    hash.update(bytes);
}

/// Adds a document to `hash`: its key, citation, language and parts.
fn hash_document(hash: &mut Sha256, document: &Document) {
    hash_field(hash, document.source.key().as_bytes());
    hash_field(hash, document.source.to_string().as_bytes());
    hash_field(hash, document.language.code().as_bytes());
    for part in &document.parts {
        hash_field(hash, part.language.code().as_bytes());
        hash_field(hash, part.text.as_bytes());
    }
}

/// Opens the index in `dir` when it was built from sources with this fingerprint; otherwise
/// creates a new one there (after removing an index built here before). Returns the index,
/// its location and whether documents must be written.
pub(crate) fn open_or_create(
    dir: &Path,
    schema: Schema,
    fingerprint: &str,
) -> Result<(Index, IndexLocation, bool), SearchError> {
    let folder_error = |message: String| SearchError::Folder {
        path: dir.to_owned(),
        message,
    };
    let io = |e: std::io::Error| folder_error(e.to_string());
    let marker = dir.join(FINGERPRINT_FILE);
    if marker.is_file() {
        let stored = std::fs::read_to_string(&marker).map_err(io)?;
        if stored.trim() == fingerprint
            && let Ok(index) = Index::open_in_dir(dir)
            && index.schema() == schema
        {
            return Ok((index, IndexLocation::Reused(dir.to_owned()), false));
        }
        // An index built here from other sources: remove its files (but the vectors, which
        // are kept by document) and build anew.
        for entry in std::fs::read_dir(dir).map_err(io)? {
            let path = entry.map_err(io)?.path();
            if path.is_file() && !path.ends_with(VECTORS_FILE) {
                std::fs::remove_file(&path).map_err(io)?;
            }
        }
    } else if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(io)?;
        if entries.next().is_some() {
            return Err(folder_error(
                "the folder is not empty and holds no index built by sheshim search; \
                 name an empty or new folder"
                    .to_owned(),
            ));
        }
    } else {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let index = Index::create_in_dir(dir, schema)?;
    Ok((index, IndexLocation::Built(dir.to_owned()), true))
}

/// Records the sources' fingerprint once the index is committed.
pub(crate) fn write_fingerprint(dir: &Path, fingerprint: &str) -> Result<(), SearchError> {
    std::fs::write(dir.join(FINGERPRINT_FILE), format!("{fingerprint}\n")).map_err(|e| {
        SearchError::Folder {
            path: dir.to_owned(),
            message: e.to_string(),
        }
    })
}

/// The SHA-256 of one document (key, citation, language and parts): what its kept vector is
/// looked up by, so that a document unchanged keeps its vector when others change.
pub(crate) fn document_digest(document: &Document) -> [u8; 32] {
    let mut hash = Sha256::new();
    hash_document(&mut hash, document);
    hash.finalize().into()
}

/// The header line of the vectors file.
fn vectors_header(model: &str, count: usize, dimension: usize) -> String {
    format!("sheshim-vectors 2 model={model} count={count} dimension={dimension}\n")
}

/// The vectors kept in `dir` by this model, by document digest; empty when there are none,
/// they were made by another model, or the file is not whole (they are then computed again).
pub(crate) fn read_vectors(dir: &Path, model: &str) -> HashMap<[u8; 32], Vec<f32>> {
    read_vectors_file(dir, model).unwrap_or_default()
}

fn read_vectors_file(dir: &Path, model: &str) -> Option<HashMap<[u8; 32], Vec<f32>>> {
    let bytes = std::fs::read(dir.join(VECTORS_FILE)).ok()?;
    let end = bytes.iter().position(|&b| b == b'\n')?;
    let header = std::str::from_utf8(&bytes[..=end]).ok()?;
    let field = |name: &str| -> Option<usize> {
        header
            .split_whitespace()
            .find_map(|part| part.strip_prefix(name))?
            .parse()
            .ok()
    };
    let (count, dimension) = (field("count=")?, field("dimension=")?);
    if header != vectors_header(model, count, dimension) || dimension == 0 {
        return None;
    }
    let record = 32 + dimension * 4;
    let body = &bytes[end + 1..];
    if body.len() != count.checked_mul(record)? {
        return None;
    }
    Some(
        body.chunks_exact(record)
            .map(|chunk| {
                let mut digest = [0u8; 32];
                digest.copy_from_slice(&chunk[..32]);
                let vector = chunk[32..]
                    .chunks_exact(4)
                    .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                    .collect();
                (digest, vector)
            })
            .collect(),
    )
}

/// Keeps the documents' vectors in `dir` by their digests, written to a temporary file first
/// so that a crash never leaves a half-written file under the real name.
pub(crate) fn write_vectors(
    dir: &Path,
    model: &str,
    digests: &[[u8; 32]],
    vectors: &[Vec<f32>],
) -> Result<(), SearchError> {
    let dimension = vectors.first().map_or(0, Vec::len);
    let mut bytes = vectors_header(model, vectors.len(), dimension).into_bytes();
    for (digest, vector) in digests.iter().zip(vectors) {
        bytes.extend_from_slice(digest);
        for value in vector {
            bytes.extend_from_slice(&value.to_le_bytes());
        }
    }
    let io = |e: std::io::Error| SearchError::Folder {
        path: dir.to_owned(),
        message: e.to_string(),
    };
    let partial = dir.join(format!("{VECTORS_FILE}.partial"));
    std::fs::write(&partial, bytes).map_err(io)?;
    std::fs::rename(&partial, dir.join(VECTORS_FILE)).map_err(io)
}
