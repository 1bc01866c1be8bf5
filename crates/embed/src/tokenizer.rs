//! The model's SentencePiece unigram tokenizer: the file's normalisation map and metaspace
//! rules, then the `tokenizers` crate's unigram model (Viterbi over the pieces' scores).
//!
//! The normalisation is the model's own data (a code point → code points map taken from
//! the original SentencePiece model), applied exactly as the reference engine applies it:
//! each code point is replaced by its mapping, runs of spaces become one, a `▁` is put in
//! front unless the text starts with a space, and every space becomes `▁`. The `tokenizers`
//! crate then splits the result into pieces. One difference from the reference is known and
//! deliberate: `tokenizers` fuses consecutive characters that are in no piece into a single
//! `<unk>`, as the published Hugging Face tokenizer of this model does, where the reference
//! emits one `<unk>` per character; the vocabulary of 250,002 pieces covers Kazakh, Russian
//! and English text, so this only matters for rare symbols.

use std::collections::HashMap;

use tokenizers::Model;
use tokenizers::models::unigram::Unigram;

use crate::EmbedError;
use crate::file::E5File;

/// The SentencePiece word-start marker.
const METASPACE: char = '\u{2581}';

/// Turns text into the model's token ids.
pub struct Tokenizer {
    normalisation: HashMap<char, String>,
    unigram: Unigram,
    /// `<s>`, `</s>`.
    pub(crate) bos: u32,
    pub(crate) eos: u32,
}

impl std::fmt::Debug for Tokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokenizer")
            .field("pieces", &self.unigram.get_vocab_size())
            .field("normalisation", &self.normalisation.len())
            .finish()
    }
}

impl Tokenizer {
    /// Builds the tokenizer from a read model file.
    pub fn from_file(file: &E5File<'_>) -> Result<Tokenizer, EmbedError> {
        let [bos, eos, _pad, unk] = file.special;
        let mut vocabulary = Vec::with_capacity(file.pieces.len());
        for (id, piece) in file.pieces.iter().enumerate() {
            let text = std::str::from_utf8(piece.bytes)
                .map_err(|_| EmbedError::Model(format!("vocabulary piece {id} is not UTF-8")))?;
            vocabulary.push((text.to_owned(), f64::from(piece.score)));
        }
        let unigram = Unigram::from(vocabulary, Some(unk as usize), false)
            .map_err(|error| EmbedError::Model(format!("the vocabulary: {error}")))?;
        let mut normalisation = HashMap::with_capacity(file.normalisation.len());
        for (from, to) in &file.normalisation {
            let (Some(from), Some(to)) = (
                char::from_u32(*from),
                to.iter()
                    .map(|&c| char::from_u32(c))
                    .collect::<Option<String>>(),
            ) else {
                return Err(EmbedError::Model(format!(
                    "the normalisation map has a code point that is not a character ({from:#x})"
                )));
            };
            normalisation.insert(from, to);
        }
        Ok(Tokenizer {
            normalisation,
            unigram,
            bos,
            eos,
        })
    }

    /// The text as the unigram model sees it: normalised, spaces as `▁`, a leading `▁`.
    pub fn normalise(&self, text: &str) -> String {
        let mut mapped = String::with_capacity(text.len() + 3);
        for c in text.chars() {
            match self.normalisation.get(&c) {
                Some(to) => mapped.push_str(to),
                None => mapped.push(c),
            }
        }
        let mut out = String::with_capacity(mapped.len() + 3);
        if !mapped.starts_with(' ') {
            out.push(METASPACE);
        }
        let mut previous_space = false;
        for c in mapped.chars() {
            let space = c == ' ';
            if space && previous_space {
                continue;
            }
            previous_space = space;
            out.push(if space { METASPACE } else { c });
        }
        out
    }

    fn tokens(&self, text: &str) -> Result<Vec<tokenizers::Token>, EmbedError> {
        self.unigram
            .tokenize(&self.normalise(text))
            .map_err(|error| EmbedError::Tokenize(error.to_string()))
    }

    /// The ids of the text's pieces, without `<s>` and `</s>`.
    pub fn content_ids(&self, text: &str) -> Result<Vec<u32>, EmbedError> {
        Ok(self
            .tokens(text)?
            .into_iter()
            .map(|token| token.id)
            .collect())
    }

    /// The pieces' texts, for tests and diagnostics.
    pub fn pieces(&self, text: &str) -> Result<Vec<String>, EmbedError> {
        Ok(self
            .tokens(text)?
            .into_iter()
            .map(|token| token.value)
            .collect())
    }
}
