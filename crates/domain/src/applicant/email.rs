//! An e-mail address, checked pragmatically.
//!
//! Full RFC 5322 syntax (quoted local parts, comments, IP-literal domains) is legal but is
//! never what a citizen means to type into an appeal form, and accepting it would let garbage
//! through. The rules here accept every address a mail provider actually hands out, including
//! internationalised ones such as `әсем@пошта.қаз`:
//!
//! - at most 254 characters in total, exactly one `@`;
//! - local part: 1–64 characters, no whitespace, control characters or `"(),:;<>@[\]`, and no
//!   leading, trailing or doubled dot;
//! - domain: at least two dot-separated labels of 1–63 letters, digits or hyphens (letters of
//!   any script), no label starting or ending with a hyphen, and a top-level label that is not
//!   all digits (so a bare IP address is refused).
//!
//! The domain is lowercased, since domains are case-insensitive; the local part is kept as
//! written, since in principle it is not.

use std::fmt;

use serde::Deserialize;
use thiserror::Error;

/// The longest address accepted, in characters (the SMTP path limit).
const MAX_CHARS: usize = 254;
/// The longest local part accepted, in characters.
const MAX_LOCAL_CHARS: usize = 64;
/// The longest domain label accepted, in characters.
const MAX_LABEL_CHARS: usize = 63;

/// Why a string is not an accepted e-mail address. Messages never repeat the address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum EmailError {
    /// Nothing but whitespace.
    #[error("e-mail address is empty")]
    Empty,
    /// More than 254 characters.
    #[error("e-mail address is longer than 254 characters")]
    TooLong,
    /// There is no `@`.
    #[error("e-mail address must contain @")]
    MissingAt,
    /// The part before `@` breaks a rule.
    #[error("e-mail address part before @ is not valid")]
    BadLocalPart,
    /// The part after `@` breaks a rule.
    #[error("e-mail address domain after @ is not valid")]
    BadDomain,
}

/// An e-mail address (personal data: `Debug` is redacted, no `Display`/`Serialize`).
#[derive(Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub struct Email(String);

impl Email {
    /// Parses an e-mail address by the rules in the module documentation.
    ///
    /// # Errors
    /// [`EmailError`] naming the first rule broken.
    pub fn parse(input: &str) -> Result<Self, EmailError> {
        let address = input.trim();
        if address.is_empty() {
            return Err(EmailError::Empty);
        }
        if address.chars().count() > MAX_CHARS {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = address.rsplit_once('@').ok_or(EmailError::MissingAt)?;
        if !local_part_ok(local) {
            return Err(EmailError::BadLocalPart);
        }
        let domain = domain.to_lowercase();
        if !domain_ok(&domain) {
            return Err(EmailError::BadDomain);
        }
        Ok(Self(format!("{local}@{domain}")))
    }

    /// The address, with its domain lowercased; use only where it is really needed.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Checks the part before the `@`.
fn local_part_ok(local: &str) -> bool {
    let length_ok = (1..=MAX_LOCAL_CHARS).contains(&local.chars().count());
    let chars_ok = local
        .chars()
        .all(|c| !c.is_whitespace() && !c.is_control() && !"\"(),:;<>@[\\]".contains(c));
    let dots_ok = !local.starts_with('.') && !local.ends_with('.') && !local.contains("..");
    length_ok && chars_ok && dots_ok
}

/// Checks the part after the `@`, already lowercased.
fn domain_ok(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |label: &&str| {
        (1..=MAX_LABEL_CHARS).contains(&label.chars().count())
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    let top_level_ok = labels
        .last()
        .is_some_and(|tld| !tld.chars().all(|c| c.is_ascii_digit()));
    labels.len() >= 2 && labels.iter().all(label_ok) && top_level_ok
}

impl TryFrom<String> for Email {
    type Error = EmailError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Email(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_and_international_addresses() {
        for (input, stored) in [
            ("asem@mail.kz", "asem@mail.kz"),
            ("  Asem.N+appeals@Gov.KZ ", "Asem.N+appeals@gov.kz"),
            ("a_b-c@sub.domain.co.uk", "a_b-c@sub.domain.co.uk"),
            ("әсем@пошта.ҚАЗ", "әсем@пошта.қаз"),
            ("x@xn--80ao21a.xn--80ao21a", "x@xn--80ao21a.xn--80ao21a"),
        ] {
            assert_eq!(Email::parse(input).unwrap().expose(), stored, "{input}");
        }
    }

    #[test]
    fn rejections() {
        let long_local = format!("{}@mail.kz", "a".repeat(65));
        let long_total = format!("a@{}.kz", "b".repeat(260));
        let long_label = format!("a@{}.kz", "b".repeat(64));
        for (input, err) in [
            ("", EmailError::Empty),
            ("asem.mail.kz", EmailError::MissingAt),
            ("@mail.kz", EmailError::BadLocalPart),
            (".asem@mail.kz", EmailError::BadLocalPart),
            ("asem.@mail.kz", EmailError::BadLocalPart),
            ("as..em@mail.kz", EmailError::BadLocalPart),
            ("as em@mail.kz", EmailError::BadLocalPart),
            ("a@b@mail.kz", EmailError::BadLocalPart),
            ("\"asem\"@mail.kz", EmailError::BadLocalPart),
            (long_local.as_str(), EmailError::BadLocalPart),
            (long_total.as_str(), EmailError::TooLong),
            (long_label.as_str(), EmailError::BadDomain),
            ("asem@", EmailError::BadDomain),
            ("asem@localhost", EmailError::BadDomain),
            ("asem@mail..kz", EmailError::BadDomain),
            ("asem@-mail.kz", EmailError::BadDomain),
            ("asem@mail-.kz", EmailError::BadDomain),
            ("asem@mail.kz.", EmailError::BadDomain),
            ("asem@mail_box.kz", EmailError::BadDomain),
            ("asem@10.0.0.1", EmailError::BadDomain),
            ("asem@[10.0.0.1]", EmailError::BadDomain),
        ] {
            assert_eq!(Email::parse(input), Err(err), "{input}");
        }
    }

    #[test]
    fn debug_is_redacted() {
        let email = Email::parse("asem@mail.kz").unwrap();
        assert_eq!(format!("{email:?}"), "Email(<redacted>)");
    }
}
