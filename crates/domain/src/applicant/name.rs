//! A person's full name as they wrote it.
//!
//! Names are not normalised beyond trimming: Kazakh, Russian and foreign names come in many
//! scripts and orders, and the answer must address the citizen exactly as they signed. Only
//! what can never be part of a name is refused: emptiness (blank or only invisible
//! characters), control characters, direction overrides and isolates, and absurd lengths.
//! Direction overrides reorder what is shown after them, so a stored name could be displayed
//! as another; a name in a right-to-left script never needs them.

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
    /// A direction override, embedding or isolate (U+202A–U+202E, U+2066–U+2069).
    #[error(
        "name contains a direction override or isolate character (U+202A to U+202E, U+2066 to U+2069); remove it"
    )]
    DirectionControl,
    /// Characters, but none that shows.
    #[error("name has no visible character (only spaces and invisible or combining characters)")]
    NothingVisible,
}

/// A natural person's name (personal data: `Debug` is redacted, no `Display`/`Serialize`).
#[derive(Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub struct PersonName(String);

impl PersonName {
    /// Parses a name: trimmed, 1–200 characters, no control characters, no direction
    /// overrides or isolates, at least one visible character.
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
        if name.chars().any(crate::visible::is_direction_control) {
            return Err(PersonNameError::DirectionControl);
        }
        if !crate::visible::has_visible_character(name) {
            return Err(PersonNameError::NothingVisible);
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
    fn invisible_names_and_direction_overrides_are_refused() {
        for name in [
            "\u{200B}",
            "\u{0301}\u{0301}",
            "\u{E0041}",
            "\u{F8FF}",
            "\u{FE0F}",
        ] {
            assert_eq!(
                PersonName::parse(name),
                Err(PersonNameError::NothingVisible),
                "{name:?}"
            );
        }
        for name in ["Ivan\u{202E}vonavI", "\u{2066}Әсем\u{2069}", "\u{202B}Ли"] {
            assert_eq!(
                PersonName::parse(name),
                Err(PersonNameError::DirectionControl),
                "{name:?}"
            );
        }
        // A right-to-left name and a plain direction mark need no override.
        assert!(PersonName::parse("\u{0639}\u{0644}\u{064A}\u{200F}").is_ok());
    }

    #[test]
    fn debug_is_redacted() {
        let name = PersonName::parse("Әсем").unwrap();
        assert_eq!(format!("{name:?}"), "PersonName(<redacted>)");
    }
}
