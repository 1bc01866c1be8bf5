//! The substance of an appeal: what the citizen wrote.
//!
//! The text is kept exactly as written apart from trimming, because it is the legal record of
//! the appeal. It is bounded (20,000 characters, about ten pages) so that one appeal cannot
//! exhaust the classifiers or the store, and it may not hold control characters other than
//! line breaks and tabs, which have no place in a letter and can corrupt exports and logs.
//! A text made only of invisible characters (zero-width spaces, direction marks, combining
//! marks with no base, tag or private-use characters) is refused as empty.
//!
//! Appeal text routinely contains names, IINs, diagnoses and addresses, so it is treated as
//! personal data: `Debug` is redacted and there is no `Display` or `Serialize`.

use std::fmt;

use serde::Deserialize;
use thiserror::Error;

/// Why a string is not acceptable as the text of an appeal. Messages never quote the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum AppealTextError {
    /// Nothing but whitespace.
    #[error("text is empty")]
    Empty,
    /// More than [`AppealText::MAX_CHARS`] characters after trimming.
    #[error("text is longer than 20000 characters")]
    TooLong,
    /// A NUL or another control character other than `\n`, `\r` and `\t`.
    #[error("text contains a control character (only line breaks and tabs are allowed)")]
    ControlCharacter,
    /// Characters, but none that shows: only spaces, zero-width, direction, combining, tag,
    /// private-use or other invisible characters.
    #[error(
        "text has no visible character (only spaces and invisible or combining characters); write the appeal in letters or digits"
    )]
    NothingVisible,
}

/// The checked text of an appeal.
#[derive(Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub struct AppealText {
    /// The text, trimmed.
    text: String,
    /// Counted once at parse time; limits and statistics use characters, not bytes.
    chars: usize,
}

impl AppealText {
    /// The longest text accepted, in Unicode scalar values (characters).
    pub const MAX_CHARS: usize = 20_000;

    /// Parses appeal text: trimmed, not empty, at most [`Self::MAX_CHARS`] characters, no
    /// control characters except line feed, carriage return and tab, and at least one visible
    /// character.
    ///
    /// # Errors
    /// [`AppealTextError`] naming the rule broken.
    pub fn parse(input: &str) -> Result<Self, AppealTextError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(AppealTextError::Empty);
        }
        if text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            return Err(AppealTextError::ControlCharacter);
        }
        if !crate::visible::has_visible_character(text) {
            return Err(AppealTextError::NothingVisible);
        }
        let chars = text.chars().count();
        if chars > Self::MAX_CHARS {
            return Err(AppealTextError::TooLong);
        }
        Ok(Self {
            text: text.to_owned(),
            chars,
        })
    }

    /// The text itself.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The number of characters (Unicode scalar values) in the text.
    #[must_use]
    pub fn char_count(&self) -> usize {
        self.chars
    }
}

impl TryFrom<String> for AppealText {
    type Error = AppealTextError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl fmt::Debug for AppealText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AppealText(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_multiline_text_and_counts_characters() {
        let text = AppealText::parse("\n  Сәлеметсіз бе!\r\n\tКөмек сұраймын.  \n").unwrap();
        assert_eq!(text.as_str(), "Сәлеметсіз бе!\r\n\tКөмек сұраймын.");
        assert_eq!(text.char_count(), text.as_str().chars().count());
        assert_eq!(text.char_count(), 32);
    }

    #[test]
    fn length_limit_is_in_characters() {
        // 20,000 two-byte characters are 40,000 bytes but still within the limit.
        assert!(AppealText::parse(&"ә".repeat(AppealText::MAX_CHARS)).is_ok());
        assert_eq!(
            AppealText::parse(&"ә".repeat(AppealText::MAX_CHARS + 1)),
            Err(AppealTextError::TooLong)
        );
        // Surrounding whitespace does not count.
        let padded = format!("  {}  ", "a".repeat(AppealText::MAX_CHARS));
        assert!(AppealText::parse(&padded).is_ok());
    }

    #[test]
    fn rejections_and_messages() {
        assert_eq!(AppealText::parse(" \n\t "), Err(AppealTextError::Empty));
        assert_eq!(
            AppealText::parse("a\0b"),
            Err(AppealTextError::ControlCharacter)
        );
        assert_eq!(
            AppealText::parse("a\u{7}b"),
            Err(AppealTextError::ControlCharacter)
        );
        assert_eq!(
            AppealText::parse("a\u{1b}[31mb"),
            Err(AppealTextError::ControlCharacter)
        );
        assert_eq!(
            AppealText::parse("a\u{85}b"),
            Err(AppealTextError::ControlCharacter)
        );
        assert_eq!(AppealTextError::Empty.to_string(), "text is empty");
        assert_eq!(
            AppealTextError::TooLong.to_string(),
            "text is longer than 20000 characters"
        );
    }

    #[test]
    fn text_with_nothing_visible_is_refused() {
        for text in [
            "\u{200B}\u{200D}\u{2060}",
            "\u{200F}\u{202E}",
            "\u{0301}\u{0302}",
            "\u{E0048}\u{E0069}",
            "\u{E000}",
            "\u{FE0F}",
            "\u{3164}",
        ] {
            assert_eq!(
                AppealText::parse(text),
                Err(AppealTextError::NothingVisible),
                "{text:?}"
            );
        }
        // Invisible characters beside visible ones are kept as written.
        let joined = AppealText::parse("Әке\u{200D}м").unwrap();
        assert_eq!(joined.as_str(), "Әке\u{200D}м");
    }

    #[test]
    fn debug_is_redacted() {
        let text = AppealText::parse("Менің ЖСН 900315301234").unwrap();
        assert_eq!(format!("{text:?}"), "AppealText(<redacted>)");
    }
}
