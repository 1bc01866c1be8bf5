//! The name of an account: a user's login or a channel client's name.
//!
//! Account names appear in the audit log's actor field (`user:<login>`, `client:<name>`), in
//! URLs and in commands, so they are restricted to a small ASCII alphabet: 2–64 characters,
//! lowercase letters, digits, `.`, `_` and `-`, starting with a letter. Input is trimmed and
//! lowercased, because people type logins in any case. An account name identifies an
//! official or a system, never a citizen.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Why a string is not a valid account name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum AccountNameError {
    /// Fewer than 2 or more than 64 characters.
    #[error("an account name must be 2 to 64 characters long")]
    WrongLength,
    /// A character other than a–z, 0–9, `.`, `_` and `-`.
    #[error("an account name may contain only letters a-z, digits, '.', '_' and '-'")]
    BadCharacter,
    /// The first character is not a letter.
    #[error("an account name must start with a letter")]
    MustStartWithLetter,
}

/// A user's login or a channel client's name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AccountName(String);

impl AccountName {
    /// Parses an account name; surrounding whitespace is trimmed and letters are lowercased.
    ///
    /// # Errors
    /// [`AccountNameError`] naming the first rule broken.
    pub fn parse(input: &str) -> Result<Self, AccountNameError> {
        let name = input.trim().to_ascii_lowercase();
        if !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
        {
            return Err(AccountNameError::BadCharacter);
        }
        if !(2..=64).contains(&name.len()) {
            return Err(AccountNameError::WrongLength);
        }
        if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
            return Err(AccountNameError::MustStartWithLetter);
        }
        Ok(Self(name))
    }

    /// The name, lowercase.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AccountName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for AccountName {
    type Error = AccountNameError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<AccountName> for String {
    fn from(name: AccountName) -> String {
        name.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_lowercased() {
        assert_eq!(
            AccountName::parse(" A.Serikova ").unwrap().as_str(),
            "a.serikova"
        );
        assert_eq!(
            AccountName::parse("egov-portal_2").unwrap().to_string(),
            "egov-portal_2"
        );
    }

    #[test]
    fn broken_rules_are_named() {
        use AccountNameError::*;
        for (input, error) in [
            ("a", WrongLength),
            ("", WrongLength),
            ("2fa", MustStartWithLetter),
            ("-x", MustStartWithLetter),
            ("a b", BadCharacter),
            ("user:x", BadCharacter),
            ("айгерим", BadCharacter),
        ] {
            assert_eq!(AccountName::parse(input), Err(error), "{input}");
        }
        assert_eq!(AccountName::parse(&"a".repeat(65)), Err(WrongLength));
        assert!(AccountName::parse(&"a".repeat(64)).is_ok());
    }
}
