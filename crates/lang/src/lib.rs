//! Language and script of appeal texts, and Kazakh Cyrillic ↔ Latin transliteration.
//!
//! Citizens write in Kazakh (Cyrillic or the 2021 Latin alphabet), Russian or English, and
//! often switch between Kazakh and Russian inside one appeal. [`detect`] tells which, so that
//! the appeal is routed to the right models and answered in the citizen's language;
//! [`transliterate_kk`] converts Kazakh between its two scripts, so that models trained on
//! Cyrillic text can read Latin text and answers can be written in the script the citizen used.
//!
//! The crate is pure: no I/O, no clock, no model files. Detection is hand-weighted lexical
//! evidence (see [`lexicon`]) and runs in a few microseconds per appeal.

pub mod detect;
pub mod lexicon;
pub mod translit;
mod words;

pub use detect::{Detection, Mix, detect};
pub use translit::transliterate_kk;

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
