//! A person's full name as they wrote it.
//!
//! Names are not normalised beyond trimming: Kazakh, Russian and foreign names come in many
//! scripts and orders, and the answer must address the citizen exactly as they signed. Only
//! what can never be part of a name is refused: emptiness, control characters and absurd
//! lengths.

use std::fmt;

use serde::Deserialize;
use thiserror::Error;

/// The longest name accepted, in characters; generous enough for long patronymic chains.
const MAX_CHARS: usize = 200;

/// Why a string is not a usable name. Messages never repeat the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum PersonNameError {
    /// Nothing but whitespace.
    #[error("name is empty")]
    Empty,
    /// More than 200 characters.
    #[error("name is longer than 200 characters")]
    TooLong,
    /// A control character such as a line break or NUL.
    #[error("name contains a control character")]
    ControlCharacter,
}

/// A natural person's name (personal data: `Debug` is redacted, no `Display`/`Serialize`).
#[derive(Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub struct PersonName(String);

impl PersonName {
    /// Parses a name: trimmed, 1–200 characters, no control characters.
    ///
    /// # Errors
    /// [`PersonNameError`] naming the rule broken.
    pub fn parse(input: &str) -> Result<Self, PersonNameError> {
        let name = input.trim();
        if name.is_empty() {
            return Err(PersonNameError::Empty);
        }
        if name.chars().any(char::is_control) {
            return Err(PersonNameError::ControlCharacter);
        }
        if name.chars().count() > MAX_CHARS {
            return Err(PersonNameError::TooLong);
        }
        Ok(Self(name.to_owned()))
    }

    /// The name itself; use only where it is really needed (the answer letter, the store).
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PersonName {
    type Error = PersonNameError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl fmt::Debug for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PersonName(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_names_in_any_script() {
        for name in [
            "Әсем Нұрланқызы",
            "Иванов Иван Иванович",
            "Äsem Nurlanqyzy",
            "O'Brien",
            "Ли",
        ] {
            assert_eq!(
                PersonName::parse(&format!("  {name} ")).unwrap().expose(),
                name
            );
        }
        assert!(PersonName::parse(&"я".repeat(200)).is_ok());
    }

    #[test]
    fn rejections() {
        assert_eq!(PersonName::parse(" \t "), Err(PersonNameError::Empty));
        assert_eq!(
            PersonName::parse(&"я".repeat(201)),
            Err(PersonNameError::TooLong)
        );
        assert_eq!(
            PersonName::parse("Ivan\nIvanov"),
            Err(PersonNameError::ControlCharacter)
        );
        assert_eq!(
            PersonName::parse("Ivan\0"),
            Err(PersonNameError::ControlCharacter)
        );
    }

    #[test]
    fn debug_is_redacted() {
        let name = PersonName::parse("Әсем").unwrap();
        assert_eq!(format!("{name:?}"), "PersonName(<redacted>)");
    }
}
