//! Codes that name an agency and a public service.
//!
//! Both codes end up in URLs, file paths and database keys, so they are restricted to a small
//! ASCII alphabet that is safe everywhere:
//!
//! - [`AgencyCode`]: 2–32 characters, uppercase ASCII letters, digits and `-`, starting with a
//!   letter (e.g. `MLSPP`, `AKIMAT-ALA`). Input is trimmed and uppercased, because people type
//!   agency abbreviations in any case.
//! - [`ServiceCode`]: 2–64 characters, lowercase ASCII letters, digits, `-` and `_`, starting
//!   with a letter (e.g. `child_birth_benefit`). It names a folder under `services/`, so it is
//!   only trimmed, never case-folded: a different spelling is a different folder. The alphabet
//!   excludes `.` and `/`, so a service code can never escape that folder.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Why a string is not a valid agency code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum AgencyCodeError {
    /// Fewer than 2 or more than 32 characters.
    #[error("agency code must be 2 to 32 characters long")]
    WrongLength,
    /// A character other than A–Z, 0–9 and `-`.
    #[error("agency code may contain only letters A-Z, digits and '-'")]
    BadCharacter,
    /// The first character is not a letter.
    #[error("agency code must start with a letter")]
    MustStartWithLetter,
}

/// Why a string is not a valid service code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum ServiceCodeError {
    /// Fewer than 2 or more than 64 characters.
    #[error("service code must be 2 to 64 characters long")]
    WrongLength,
    /// A character other than a–z, 0–9, `-` and `_`.
    #[error("service code may contain only lowercase letters a-z, digits, '-' and '_'")]
    BadCharacter,
    /// The first character is not a letter.
    #[error("service code must start with a lowercase letter")]
    MustStartWithLetter,
}

/// The code of a government agency (a ministry, akimat or other body).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AgencyCode(String);

impl AgencyCode {
    /// Parses an agency code; surrounding whitespace is trimmed and letters are uppercased.
    ///
    /// # Errors
    /// [`AgencyCodeError`] naming the first rule broken.
    pub fn parse(input: &str) -> Result<Self, AgencyCodeError> {
        let code = input.trim().to_ascii_uppercase();
        // Characters are checked before length so that a Cyrillic look-alike is reported as
        // a bad character, not as a length problem caused by its multi-byte encoding.
        if !code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(AgencyCodeError::BadCharacter);
        }
        if !(2..=32).contains(&code.len()) {
            return Err(AgencyCodeError::WrongLength);
        }
        if !code.starts_with(|c: char| c.is_ascii_uppercase()) {
            return Err(AgencyCodeError::MustStartWithLetter);
        }
        Ok(Self(code))
    }

    /// The code, uppercase.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The code of a public service; also the name of its folder under `services/`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ServiceCode(String);

impl ServiceCode {
    /// Parses a service code; surrounding whitespace is trimmed, nothing else is changed.
    ///
    /// # Errors
    /// [`ServiceCodeError`] naming the first rule broken.
    pub fn parse(input: &str) -> Result<Self, ServiceCodeError> {
        let code = input.trim();
        let allowed =
            |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_';
        if !code.chars().all(allowed) {
            return Err(ServiceCodeError::BadCharacter);
        }
        if !(2..=64).contains(&code.len()) {
            return Err(ServiceCodeError::WrongLength);
        }
        if !code.starts_with(|c: char| c.is_ascii_lowercase()) {
            return Err(ServiceCodeError::MustStartWithLetter);
        }
        Ok(Self(code.to_owned()))
    }

    /// The code as written.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Implements the string conversions shared by both code types.
macro_rules! string_code_impls {
    ($ty:ident, $err:ty) => {
        impl TryFrom<String> for $ty {
            type Error = $err;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }

        impl From<$ty> for String {
            fn from(code: $ty) -> Self {
                code.0
            }
        }

        impl std::str::FromStr for $ty {
            type Err = $err;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

string_code_impls!(AgencyCode, AgencyCodeError);
string_code_impls!(ServiceCode, ServiceCodeError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agency_code_is_trimmed_and_uppercased() {
        let code = AgencyCode::parse("  akimat-ala2 ").unwrap();
        assert_eq!(code.as_str(), "AKIMAT-ALA2");
        assert_eq!(code.to_string(), "AKIMAT-ALA2");
        assert!(AgencyCode::parse("MF").is_ok());
        assert!(AgencyCode::parse(&"A".repeat(32)).is_ok());
    }

    #[test]
    fn agency_code_rejections() {
        assert_eq!(AgencyCode::parse("M"), Err(AgencyCodeError::WrongLength));
        assert_eq!(AgencyCode::parse(""), Err(AgencyCodeError::WrongLength));
        assert_eq!(
            AgencyCode::parse(&"A".repeat(33)),
            Err(AgencyCodeError::WrongLength)
        );
        assert_eq!(
            AgencyCode::parse("1MF"),
            Err(AgencyCodeError::MustStartWithLetter)
        );
        assert_eq!(
            AgencyCode::parse("-MF"),
            Err(AgencyCodeError::MustStartWithLetter)
        );
        assert_eq!(AgencyCode::parse("M F"), Err(AgencyCodeError::BadCharacter));
        assert_eq!(AgencyCode::parse("M_F"), Err(AgencyCodeError::BadCharacter));
        // Cyrillic "МФ" looks like Latin but is not.
        assert_eq!(AgencyCode::parse("МФ"), Err(AgencyCodeError::BadCharacter));
    }

    #[test]
    fn service_code_rules() {
        let code = ServiceCode::parse(" child_birth-benefit2 ").unwrap();
        assert_eq!(code.as_str(), "child_birth-benefit2");
        assert_eq!(
            ServiceCode::parse("Child"),
            Err(ServiceCodeError::BadCharacter)
        );
        assert_eq!(
            ServiceCode::parse("../etc"),
            Err(ServiceCodeError::BadCharacter)
        );
        assert_eq!(
            ServiceCode::parse("a/b"),
            Err(ServiceCodeError::BadCharacter)
        );
        assert_eq!(
            ServiceCode::parse("_ab"),
            Err(ServiceCodeError::MustStartWithLetter)
        );
        assert_eq!(
            ServiceCode::parse("9ab"),
            Err(ServiceCodeError::MustStartWithLetter)
        );
        assert_eq!(ServiceCode::parse("a"), Err(ServiceCodeError::WrongLength));
        assert_eq!(
            ServiceCode::parse(&"a".repeat(65)),
            Err(ServiceCodeError::WrongLength)
        );
        assert!(ServiceCode::parse(&"a".repeat(64)).is_ok());
    }

    #[test]
    fn serde_goes_through_parse() {
        let code: AgencyCode = serde_json::from_str("\"mlspp\"").unwrap();
        assert_eq!(serde_json::to_string(&code).unwrap(), "\"MLSPP\"");
        assert!(serde_json::from_str::<AgencyCode>("\"1\"").is_err());
        let svc: ServiceCode = serde_json::from_str("\"pension\"").unwrap();
        assert_eq!(serde_json::to_string(&svc).unwrap(), "\"pension\"");
        assert!(serde_json::from_str::<ServiceCode>("\"Pension\"").is_err());
    }
}
