//! A Kazakhstan telephone number, normalised to `+7XXXXXXXXXX`.
//!
//! Kazakhstan shares country code +7 with Russia; its own numbers are the ones whose
//! ten-digit national number starts with 7 (mobile `+7 70x/747/77x…`, landline `+7 7172…`,
//! `+7 727…`). Accepted spellings, after removing separators:
//!
//! | written as | example |
//! |---|---|
//! | `+7` + 10 digits | `+7 (701) 234-56-78`, `+7 7172 12 34 56` |
//! | `8` + 10 digits (domestic trunk prefix) | `8 701 234 56 78`, `87012345678` |
//! | `7` + 10 digits (`+` forgotten) | `77012345678` |
//!
//! Separators are spaces (including no-break space), `-`, `.`, `(` and `)`, anywhere after
//! the optional leading `+`. Foreign numbers and Russian `+7 9…` numbers are refused: the
//! appeal still registers without a phone, and the applicant can give an e-mail instead.

use std::fmt;

use serde::Deserialize;
use thiserror::Error;

/// Why a string is not an accepted phone number. Messages never repeat the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum PhoneError {
    /// Nothing but whitespace.
    #[error("phone number is empty")]
    Empty,
    /// A character other than digits, a leading `+` and the allowed separators.
    #[error(
        "phone number may contain only digits, a leading +, spaces, dashes, dots and parentheses"
    )]
    BadCharacter,
    /// Does not start with `+7`, `7` or `8`.
    #[error("phone number must start with +7, 7 or 8")]
    BadPrefix,
    /// The prefix is not followed by exactly ten digits.
    #[error("phone number must be +7 or 8 followed by 10 digits")]
    WrongLength,
    /// The ten-digit national number does not start with 7, so it is not a Kazakhstan number.
    #[error(
        "phone number is not a Kazakhstan number (the 10 digits after +7 or 8 must start with 7)"
    )]
    NotKazakhstan,
}

/// A Kazakhstan phone number (personal data: `Debug` is redacted, no `Display`/`Serialize`).
#[derive(Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub struct Phone(String);

impl Phone {
    /// Parses and normalises a phone number; see the module documentation for the formats.
    ///
    /// # Errors
    /// [`PhoneError`] naming the first rule broken.
    pub fn parse(input: &str) -> Result<Self, PhoneError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(PhoneError::Empty);
        }
        let (plus, rest) = match trimmed.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        let mut digits = String::with_capacity(11);
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '\u{a0}' | '-' | '.' | '(' | ')' => {}
                _ => return Err(PhoneError::BadCharacter),
            }
        }
        let national = match (plus, digits.chars().next()) {
            (true, Some('7')) | (false, Some('7' | '8')) => &digits[1..],
            _ => return Err(PhoneError::BadPrefix),
        };
        if national.len() != 10 {
            return Err(PhoneError::WrongLength);
        }
        if !national.starts_with('7') {
            return Err(PhoneError::NotKazakhstan);
        }
        Ok(Self(format!("+7{national}")))
    }

    /// The normalised number, `+7` and ten digits; use only where it is really needed.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Phone {
    type Error = PhoneError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Phone(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_accepted_spellings() {
        for input in [
            "+7 701 234 56 78",
            "+7 (701) 234-56-78",
            "+77012345678",
            "8 701 234 56 78",
            "8(701)234-56-78",
            "87012345678",
            "77012345678",
            " 8.701.234.56.78 ",
            "+7\u{a0}701\u{a0}2345678",
        ] {
            assert_eq!(
                Phone::parse(input).unwrap().expose(),
                "+77012345678",
                "{input}"
            );
        }
        assert_eq!(
            Phone::parse("8 (7172) 12-34-56").unwrap().expose(),
            "+77172123456"
        );
    }

    #[test]
    fn rejections() {
        for (input, err) in [
            ("", PhoneError::Empty),
            ("   ", PhoneError::Empty),
            ("+7 701 234 56 7x", PhoneError::BadCharacter),
            ("+7 701 234 56 78 ext 1", PhoneError::BadCharacter),
            ("++77012345678", PhoneError::BadCharacter),
            ("+7 701 +234 56 78", PhoneError::BadCharacter),
            ("+7 ٧٠١ 234 56 78", PhoneError::BadCharacter),
            ("+1 202 555 0100", PhoneError::BadPrefix),
            ("+8 701 234 56 78", PhoneError::BadPrefix),
            ("9012345678", PhoneError::BadPrefix),
            ("+7", PhoneError::WrongLength),
            ("8 701 234 56 7", PhoneError::WrongLength),
            ("8 701 234 56 789", PhoneError::WrongLength),
            ("+7 916 123 45 67", PhoneError::NotKazakhstan),
            ("8 495 123 45 67", PhoneError::NotKazakhstan),
        ] {
            assert_eq!(Phone::parse(input), Err(err), "{input}");
        }
    }

    #[test]
    fn debug_is_redacted() {
        let phone = Phone::parse("+77012345678").unwrap();
        assert_eq!(format!("{phone:?}"), "Phone(<redacted>)");
    }
}
