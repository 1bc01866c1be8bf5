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

#![allow(dead_code)]

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

    /// True for both slices of the build part.
    pub fn is_build(self) -> bool {
        self != Part::HeldOut
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

/// One token of a sentence: its byte span in the sentence text and its IOB2 tag.
#[derive(Debug, Clone)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub tag: String,
}

/// One sentence: the text (tokens joined by single spaces), its tokens, the byte spans of its
/// PERSON entities, and its part of the split.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub text: String,
    pub tokens: Vec<Token>,
    pub persons: Vec<(usize, usize)>,
    pub part: Part,
}

impl Sentence {
    /// The text of token `i`.
    pub fn word(&self, i: usize) -> &str {
        &self.text[self.tokens[i].start..self.tokens[i].end]
    }
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
        let mut tokens = Vec::new();
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
            tokens.push(Token {
                start,
                end,
                tag: tag.to_string(),
            });
        }
        if text.is_empty() {
            continue;
        }
        let part = Part::of(&text);
        out.push(Sentence {
            text,
            tokens,
            persons,
            part,
        });
    }
    out
}

/// Person-name detection measured on a set of sentences.
#[derive(Debug, Default, Clone, Copy)]
pub struct Figures {
    /// PERSON entities.
    pub entities: usize,
    /// PERSON entities overlapped by a reported name.
    pub found: usize,
    /// Sentences with no PERSON entity.
    pub nameless: usize,
    /// Of those, sentences in which a name was reported.
    pub false_name_sentences: usize,
}

impl Figures {
    /// Share of PERSON entities found.
    pub fn recall(&self) -> f64 {
        self.found as f64 / self.entities.max(1) as f64
    }
    /// Share of nameless sentences in which a name was reported.
    pub fn false_name_rate(&self) -> f64 {
        self.false_name_sentences as f64 / self.nameless.max(1) as f64
    }
}

/// Measures a detector that returns the byte spans of the names it finds in a text.
pub fn measure<'a>(
    sentences: impl IntoIterator<Item = &'a Sentence>,
    mut names: impl FnMut(&str) -> Vec<(usize, usize)>,
) -> Figures {
    let mut figures = Figures::default();
    for sentence in sentences {
        let found = names(&sentence.text);
        if sentence.persons.is_empty() {
            figures.nameless += 1;
            figures.false_name_sentences += usize::from(!found.is_empty());
            continue;
        }
        for &(s, e) in &sentence.persons {
            figures.entities += 1;
            figures.found += usize::from(found.iter().any(|&(fs, fe)| fs < e && s < fe));
        }
    }
    figures
}
