//! Language and script of appeal texts, Kazakh in Latin letters read as Cyrillic, and Kazakh
//! Cyrillic ↔ Latin transliteration.
//!
//! Citizens write in Kazakh (Cyrillic, or Latin in the 2021 alphabet, the 2018 one or without
//! diacritics), Russian or English, and often switch between Kazakh and Russian inside one
//! appeal. [`detect`] tells which, so that the appeal is routed to the right models and
//! answered in the citizen's language, and which Latin spelling a Kazakh text uses;
//! [`normalize`] reads Kazakh Latin words into Cyrillic once, with a map back to the
//! citizen's offsets, so that every later stage reads one form (see the `latin` module);
//! [`transliterate_kk`] and [`spell_kk`] write Cyrillic Kazakh in Latin letters.
//!
//! The crate is pure: no I/O, no clock, no model files. Detection is hand-weighted lexical
//! evidence (see [`lexicon`]) and runs in a few microseconds per appeal.

pub mod detect;
mod latin;
pub mod lexicon;
pub mod spell;
pub mod translit;
mod words;

pub use detect::{Detection, Mix, detect};
pub use latin::{LatinSpelling, Normalized, normalize};
pub use spell::spell_kk;
pub use translit::transliterate_kk;

/// Detects the language of `text` and reads its Kazakh Latin words, if any, into Cyrillic:
/// [`detect()`] then [`normalize()`], for callers that need only the normalised text (a
/// classifier being trained). A text with no letters is returned as it is.
pub fn read_kk(text: &str) -> Normalized<'_> {
    normalize(text, detect(text).ok().and_then(|d| d.kazakh_latin))
}

use thiserror::Error;

/// Why a text's language could not be detected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum LangError {
    /// The text has no letters: it is empty, or only digits, punctuation and symbols.
    #[error("the text has no letters to detect a language from")]
    NoLetters,
    /// The text has letters, but none in Cyrillic or Latin script, so it is in none of the
    /// supported languages.
    #[error(
        "the text has no Cyrillic or Latin letters; only Kazakh, Russian and English are supported"
    )]
    UnsupportedScript,
}
