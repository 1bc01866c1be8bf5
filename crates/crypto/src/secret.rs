//! The secrets Sheshim hands out once and keeps only as hashes: API tokens of users, keys of
//! channel clients, citizens' access codes and users' one-time passwords.
//!
//! Tokens and client keys are 32 random bytes, so a plain SHA-256 of them is enough to store:
//! nobody can search a space of 2^256 values, and a fast hash keeps every request's check
//! cheap. A password is chosen by a person and may be weak, so it is stored as an argon2id
//! PHC string, slow on purpose. An access code is short enough to type (60 bits): it is
//! stored as an HMAC under the keyring's look-up key ([`Keyring::access_code_hash`]), so a
//! copy of the database alone does not let anyone search the codes offline.

use crate::error::KeyringError;
use crate::keyring::{Keyring, random};
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Argon2, PasswordHash};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use std::fmt;
use thiserror::Error;
use zeroize::Zeroizing;

/// What kind of bearer secret a value is; its prefix tells them apart at a glance (and in a
/// secret scanner) without revealing anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKind {
    /// A user's API token, `sht_…`.
    UserToken,
    /// A channel client's key, `shk_…`.
    ClientKey,
    /// A web workspace session's cookie, `shs_…`.
    WebSession,
}

impl SecretKind {
    fn prefix(self) -> &'static str {
        match self {
            SecretKind::UserToken => "sht_",
            SecretKind::ClientKey => "shk_",
            SecretKind::WebSession => "shs_",
        }
    }
}

/// A freshly generated bearer secret: shown once to whoever it is for, then kept only as
/// [`BearerSecret::hash`]. Wiped from memory when dropped; `Debug` does not show it.
pub struct BearerSecret(Zeroizing<String>);

impl BearerSecret {
    /// A new secret of this kind: its prefix and 32 random bytes in URL-safe base64.
    pub fn generate(kind: SecretKind) -> Result<BearerSecret, KeyringError> {
        let bytes = Zeroizing::new(random::<32>()?);
        let mut text = Zeroizing::new(String::with_capacity(47));
        text.push_str(kind.prefix());
        text.push_str(&URL_SAFE_NO_PAD.encode(bytes.as_slice()));
        Ok(BearerSecret(text))
    }

    /// The secret itself, to show once.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// What is stored: [`secret_hash`] of the secret.
    pub fn hash(&self) -> String {
        secret_hash(&self.0)
    }
}

impl fmt::Debug for BearerSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BearerSecret(…)")
    }
}

/// SHA-256, in lowercase hex, of a presented token or key: the value its owner is looked up
/// by. Looking up by the hash (an index search on a value no one can choose) leaks nothing
/// useful through timing.
pub fn secret_hash(presented: &str) -> String {
    hex::encode(Sha256::digest(presented.as_bytes()))
}

/// The letters of access codes: digits and capitals without 0, 1, I and O, which people
/// mistake for one another. 32 symbols, 5 bits each.
const CODE_ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// Symbols in an access code: 12 × 5 = 60 bits.
const CODE_SYMBOLS: usize = 12;

/// A citizen's access code to their appeal: 12 symbols of an unambiguous alphabet, shown as
/// three groups of four (`7KQ4-M2XH-9PAD`). `Debug` does not show it.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessCode(String);

/// The text is not an access code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("an access code is 12 letters and digits, optionally in groups split by hyphens")]
pub struct AccessCodeError;

impl AccessCode {
    /// A new random access code.
    pub fn generate() -> Result<AccessCode, KeyringError> {
        let bytes = Zeroizing::new(random::<CODE_SYMBOLS>()?);
        // 256 is a multiple of 32, so keeping the low five bits of a uniform byte is uniform.
        let code = bytes
            .iter()
            .map(|byte| char::from(CODE_ALPHABET[usize::from(byte & 31)]))
            .collect();
        Ok(AccessCode(code))
    }

    /// Reads a code as a person may type it: any case, with or without hyphens or spaces
    /// between groups.
    pub fn parse(text: &str) -> Result<AccessCode, AccessCodeError> {
        let mut code = String::with_capacity(CODE_SYMBOLS);
        for c in text.trim().chars() {
            if c == '-' || c == ' ' {
                continue;
            }
            let upper = c.to_ascii_uppercase();
            if !upper.is_ascii() || !CODE_ALPHABET.contains(&(upper as u8)) {
                return Err(AccessCodeError);
            }
            code.push(upper);
            if code.len() > CODE_SYMBOLS {
                return Err(AccessCodeError);
            }
        }
        if code.len() == CODE_SYMBOLS {
            Ok(AccessCode(code))
        } else {
            Err(AccessCodeError)
        }
    }

    /// The code as it is shown to the citizen: three groups of four, split by hyphens.
    pub fn display_form(&self) -> String {
        let (a, rest) = self.0.split_at(4);
        let (b, c) = rest.split_at(4);
        format!("{a}-{b}-{c}")
    }

    /// The twelve symbols, without hyphens: what is hashed.
    pub(crate) fn symbols(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AccessCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessCode(…)")
    }
}

/// A password could not be hashed.
#[derive(Debug, Error)]
#[error("the password could not be hashed")]
pub struct PasswordError;

/// A new one-time password for a user: 18 random bytes in URL-safe base64 (24 characters),
/// to be changed at first sign-in.
pub fn one_time_password() -> Result<Zeroizing<String>, KeyringError> {
    let bytes = Zeroizing::new(random::<18>()?);
    Ok(Zeroizing::new(URL_SAFE_NO_PAD.encode(bytes.as_slice())))
}

/// The argon2id PHC string of a password (with a fresh random salt), as stored.
pub fn hash_password(password: &str) -> Result<String, PasswordError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|_| PasswordError)
}

/// Whether `password` is the one a stored PHC string was made from. A string that is not a
/// PHC string matches nothing.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

impl Keyring {
    /// What is stored for an access code: HMAC-SHA256 of it under the look-up key, in hex.
    pub fn access_code_hash(&self, code: &AccessCode) -> String {
        hex::encode(self.lookup_mac(&[b"sheshim-access-code-v1\0", code.symbols().as_bytes()]))
    }

    /// Whether `code` is the one whose [`Keyring::access_code_hash`] is `stored_hex`,
    /// compared in constant time.
    pub fn access_code_matches(&self, code: &AccessCode, stored_hex: &str) -> bool {
        let Ok(stored) = hex::decode(stored_hex) else {
            return false;
        };
        self.lookup_mac_verify(
            &[b"sheshim-access-code-v1\0", code.symbols().as_bytes()],
            &stored,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_secrets_are_prefixed_distinct_and_hashed_as_presented() {
        let one = BearerSecret::generate(SecretKind::UserToken).unwrap();
        let two = BearerSecret::generate(SecretKind::UserToken).unwrap();
        let key = BearerSecret::generate(SecretKind::ClientKey).unwrap();
        assert!(one.expose().starts_with("sht_") && key.expose().starts_with("shk_"));
        assert_eq!(one.expose().len(), 4 + 43);
        assert_ne!(one.expose(), two.expose());
        assert_eq!(one.hash(), secret_hash(one.expose()));
        assert_eq!(one.hash().len(), 64);
        assert_ne!(one.hash(), two.hash());
        assert!(!format!("{one:?}").contains(&one.expose()[4..]));
    }

    #[test]
    fn access_codes_read_back_however_typed() {
        let code = AccessCode::generate().unwrap();
        let shown = code.display_form();
        assert_eq!(shown.len(), 14);
        assert_eq!(AccessCode::parse(&shown).unwrap(), code);
        assert_eq!(AccessCode::parse(&shown.to_lowercase()).unwrap(), code);
        assert_eq!(AccessCode::parse(&shown.replace('-', " ")).unwrap(), code);
        for bad in [
            "",
            "ABCD-EFGH-JKL",
            "ABCD-EFGH-JKLMN",
            "ABCD-EFGH-JKL0",
            "ÄBCD-EFGH-JKLM",
        ] {
            assert_eq!(AccessCode::parse(bad), Err(AccessCodeError), "{bad}");
        }
        assert!(!format!("{code:?}").contains(code.symbols()));
    }

    #[test]
    fn access_codes_use_the_whole_alphabet() {
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..200 {
            seen.extend(AccessCode::generate().unwrap().symbols().chars());
        }
        assert_eq!(seen.len(), 32);
    }

    #[test]
    fn access_code_hashes_match_only_their_code_under_their_keyring() {
        let keys = Keyring::generate().unwrap();
        let other = Keyring::generate().unwrap();
        let code = AccessCode::generate().unwrap();
        let stored = keys.access_code_hash(&code);
        assert!(keys.access_code_matches(&code, &stored));
        assert!(!other.access_code_matches(&code, &stored));
        assert!(!keys.access_code_matches(&AccessCode::generate().unwrap(), &stored));
        assert!(!keys.access_code_matches(&code, "not hex"));
        assert_ne!(stored, secret_hash(code.symbols()));
    }

    #[test]
    fn passwords_verify_against_their_phc_string_only() {
        let password = one_time_password().unwrap();
        assert_eq!(password.len(), 24);
        let stored = hash_password(&password).unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify_password(&password, &stored));
        assert!(!verify_password("wrong", &stored));
        assert!(!verify_password(&password, "not a phc string"));
        assert_ne!(
            hash_password(&password).unwrap(),
            stored,
            "a fresh salt each time"
        );
    }
}
