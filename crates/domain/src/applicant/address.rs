//! A postal address as the applicant wrote it.
//!
//! Addresses are free text (region, city, street, flat, sometimes a village with no street),
//! so they are only trimmed and bounded, and must show at least one visible character. The
//! address is written on one line: control characters, line breaks included, are refused,
//! because the address is copied into letters and registries whose fields are single-line; a
//! line break should be written as a comma.

use std::fmt;

use serde::Deserialize;
use thiserror::Error;

/// The longest address accepted, in characters.
const MAX_CHARS: usize = 500;

/// Why a string is not a usable postal address. Messages never repeat the address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum PostalAddressError {
    /// Nothing but whitespace.
    #[error("address is empty")]
    Empty,
    /// More than 500 characters.
    #[error("address is longer than 500 characters")]
    TooLong,
    /// A control character, including a line break or tab.
    #[error("address contains a control character or line break (write it on one line)")]
    ControlCharacter,
    /// Characters, but none that shows.
    #[error("address has no visible character (only spaces and invisible or combining characters)")]
    NothingVisible,
}

/// A postal address (personal data: `Debug` is redacted, no `Display`/`Serialize`).
#[derive(Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub struct PostalAddress(String);

impl PostalAddress {
    /// Parses an address: trimmed, 1–500 characters, no control characters at all, at least
    /// one visible character.
    ///
    /// # Errors
    /// [`PostalAddressError`] naming the rule broken.
    pub fn parse(input: &str) -> Result<Self, PostalAddressError> {
        let address = input.trim();
        if address.is_empty() {
            return Err(PostalAddressError::Empty);
        }
        if address.chars().any(char::is_control) {
            return Err(PostalAddressError::ControlCharacter);
        }
        if !crate::visible::has_visible_character(address) {
            return Err(PostalAddressError::NothingVisible);
        }
        if address.chars().count() > MAX_CHARS {
            return Err(PostalAddressError::TooLong);
        }
        Ok(Self(address.to_owned()))
    }

    /// The address itself; use only where it is really needed.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PostalAddress {
    type Error = PostalAddressError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl fmt::Debug for PostalAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PostalAddress(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_trims() {
        let a = PostalAddress::parse("  г. Астана, ул. Мәңгілік Ел, 8, кв. 12 ").unwrap();
        assert_eq!(a.expose(), "г. Астана, ул. Мәңгілік Ел, 8, кв. 12");
        assert!(PostalAddress::parse(&"а".repeat(500)).is_ok());
        assert_eq!(format!("{a:?}"), "PostalAddress(<redacted>)");
    }

    #[test]
    fn rejections() {
        assert_eq!(PostalAddress::parse(""), Err(PostalAddressError::Empty));
        assert_eq!(
            PostalAddress::parse(&"а".repeat(501)),
            Err(PostalAddressError::TooLong)
        );
        assert_eq!(
            PostalAddress::parse("Астана\nул. Абая 1"),
            Err(PostalAddressError::ControlCharacter)
        );
        assert_eq!(
            PostalAddress::parse("a\tb"),
            Err(PostalAddressError::ControlCharacter)
        );
        assert_eq!(
            PostalAddress::parse("\u{200B}\u{E0020}\u{0300}"),
            Err(PostalAddressError::NothingVisible)
        );
    }
}
