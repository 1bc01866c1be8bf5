//! KazNERD's validation file (IS2AI, CC BY 4.0; `shared/data/kaznerd/IOB2_valid.txt`), read
//! into sentences, and its deterministic split into a build part and a held-out part.
//!
//! # The split
//!
//! A sentence is rebuilt from its tokens joined by single spaces, and hashed with 64-bit
//! FNV-1a over its UTF-8 bytes. If `hash % 100 < 30` the sentence is **held out** (about 30 %):
//! nothing that builds the crate's lists, rules or model may read it, and it is used only to
//! measure. Otherwise it is in the **build** part; within the build part, sentences with
//! `(hash / 100) % 5 == 0` form the **development** slice (about 14 % of the file), on which
//! thresholds are tuned while the lists are built from the rest (`train`). Identical sentences
//! hash alike, so a repeated sentence never sits on both sides.
//!
//! Shared by `tests/kaznerd.rs` and `examples/build_name_lists.rs` through `#[path]`.

use std::path::{Path, PathBuf};

/// Which part of the split a sentence belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Build part, used to build lists and to train.
    Train,
    /// Build part, development slice: used to tune thresholds.
    Dev,
    /// Held out: only measured, never read by anything that builds.
    HeldOut,
}

impl Part {
    /// The part of a sentence written as its tokens joined by single spaces.
    pub fn of(text: &str) -> Part {
        let hash = fnv1a(text.as_bytes());
        if hash % 100 < 30 {
            Part::HeldOut
        } else if (hash / 100).is_multiple_of(5) {
            Part::Dev
        } else {
            Part::Train
        }
    }
}

/// 64-bit FNV-1a.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// One sentence: the text (tokens joined by single spaces), the byte spans of its PERSON
/// entities, and its part of the split.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub text: String,
    pub persons: Vec<(usize, usize)>,
    pub part: Part,
}

/// Where the validation file is expected, relative to this crate.
pub fn default_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/kaznerd/IOB2_valid.txt")
}

/// Reads the file; `None` if it cannot be read (the data set is absent).
pub fn load(path: &Path) -> Option<Vec<Sentence>> {
    let content = std::fs::read_to_string(path).ok()?;
    Some(parse(&content))
}

/// Parses IOB2 text: one `token … tag` per line, sentences separated by blank lines.
pub fn parse(content: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    for block in content.split("\n\n") {
        let mut text = String::new();
        let mut persons: Vec<(usize, usize)> = Vec::new();
        for line in block.lines() {
            let mut parts = line.split_whitespace();
            let (Some(word), Some(tag)) = (parts.next(), parts.next_back()) else {
                continue;
            };
            if !text.is_empty() {
                text.push(' ');
            }
            let start = text.len();
            text.push_str(word);
            let end = text.len();
            match tag {
                "B-PERSON" => persons.push((start, end)),
                "I-PERSON" => {
                    if let Some(last) = persons.last_mut() {
                        last.1 = end;
                    }
                }
                _ => {}
            }
        }
        if text.is_empty() {
            continue;
        }
        let part = Part::of(&text);
        out.push(Sentence {
            text,
            persons,
            part,
        });
    }
    out
}
