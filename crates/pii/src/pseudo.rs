//! Pseudonymisation: personal data replaced by keyed tokens.
//!
//! Two modes, with different audiences:
//!
//! - [`Pseudonymiser::reversible`] replaces each value with a token such as `[NAME#3f2a9c]`
//!   and returns a [`Vault`] mapping tokens back to values. The vault is itself personal
//!   data: it stays inside the case store, next to the appeal, and only people entitled to
//!   see the applicant's data (the executing officer, their supervisor) may call
//!   [`Vault::reveal`], e.g. to restore names in a draft answer produced on pseudonymised text.
//! - [`Pseudonymiser::irreversible`] produces the same kind of tokens (with a longer hash and
//!   a different derivation, so they cannot be matched against a vault) and keeps nothing.
//!   Use it for everything that leaves the officer's view: exports, analytics, training
//!   sets, prompts to outside models.
//!
//! Tokens are HMAC-SHA256 of the kind and the value under the secret key, so the same value
//! gets the same token under the same key (an applicant can be followed across appeals
//! without being named), and nobody without the key can compute or test a token, even for a
//! guessable value such as an IIN. Rotating the key changes every token.

use std::collections::HashMap;
use std::fmt::Write as _;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use thiserror::Error;

use crate::{Finding, PiiKind};

/// Hex characters of the hash in a reversible token (24 bits; collisions are lengthened).
const REVERSIBLE_HEX: usize = 6;
/// Hex characters of the hash in an irreversible token (48 bits).
const IRREVERSIBLE_HEX: usize = 12;

/// Why a pseudonymiser could not be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum PseudonymError {
    /// The secret is shorter than 16 bytes: tokens would be guessable.
    #[error("pseudonymisation secret must be at least 16 bytes")]
    WeakSecret,
}

/// Replaces personal data with keyed tokens. Holds the key; `Debug` does not show it.
#[derive(Clone)]
pub struct Pseudonymiser {
    /// HMAC-SHA256 keyed with the secret.
    mac: Hmac<Sha256>,
}

impl std::fmt::Debug for Pseudonymiser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pseudonymiser(<key redacted>)")
    }
}

/// Token → original value, produced by [`Pseudonymiser::reversible`].
///
/// Holds personal data: it implements neither `Debug` nor `Display`, and nothing here
/// serialises it; storing it (encrypted, with the case) is the caller's business.
#[derive(Clone, Default)]
pub struct Vault {
    /// Token (including brackets) → value.
    entries: HashMap<String, String>,
}

impl Vault {
    /// Replaces every token of this vault found in `text` with its value.
    #[must_use]
    pub fn reveal(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find('[') {
            out.push_str(&rest[..open]);
            let tail = &rest[open..];
            let token = tail.find(']').map(|close| &tail[..=close]);
            match token.and_then(|t| self.entries.get(t).map(|v| (t, v))) {
                Some((t, value)) => {
                    out.push_str(value);
                    rest = &tail[t.len()..];
                }
                None => {
                    out.push('[');
                    rest = &tail[1..];
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// Number of distinct tokens.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no token was issued.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The tokens issued (not the values), sorted.
    #[must_use]
    pub fn tokens(&self) -> Vec<&str> {
        let mut t: Vec<&str> = self.entries.keys().map(String::as_str).collect();
        t.sort_unstable();
        t
    }
}

impl Pseudonymiser {
    /// A pseudonymiser keyed with `secret` (at least 16 bytes; 32 random bytes recommended).
    ///
    /// # Errors
    /// [`PseudonymError::WeakSecret`] if the secret is shorter than 16 bytes.
    pub fn new(secret: &[u8]) -> Result<Self, PseudonymError> {
        if secret.len() < 16 {
            return Err(PseudonymError::WeakSecret);
        }
        let mac = Hmac::<Sha256>::new_from_slice(secret).map_err(|_| PseudonymError::WeakSecret)?;
        Ok(Self { mac })
    }

    /// Hex of HMAC(mode ‖ kind ‖ value), `len` characters (at most 64).
    fn digest_hex(&self, mode: &str, kind: PiiKind, value: &str, len: usize) -> String {
        let mut mac = self.mac.clone();
        for part in [mode, kind.label(), value] {
            mac.update(&(part.len() as u64).to_le_bytes());
            mac.update(part.as_bytes());
        }
        let bytes = mac.finalize().into_bytes();
        let mut hex = String::with_capacity(64);
        for b in bytes.iter() {
            let _ = write!(hex, "{b:02x}");
        }
        hex.truncate(len);
        hex
    }

    /// Replaces each finding with a token and returns the vault that reverses it.
    /// The same value of the same kind always gets the same token under one key.
    #[must_use]
    pub fn reversible(&self, text: &str, findings: &[Finding]) -> (String, Vault) {
        let mut vault = Vault::default();
        let out = replace_spans(text, findings, |f, value| {
            let mut len = REVERSIBLE_HEX;
            loop {
                let token = format!(
                    "[{}#{}]",
                    f.kind.label(),
                    self.digest_hex("reversible", f.kind, value, len)
                );
                match vault.entries.get(&token) {
                    Some(existing) if existing != value && len < 64 => len += 6,
                    _ => {
                        vault
                            .entries
                            .entry(token.clone())
                            .or_insert_with(|| value.to_owned());
                        return token;
                    }
                }
            }
        });
        (out, vault)
    }

    /// Replaces each finding with a stable one-way token such as `[IIN#1a2b3c4d5e6f]`.
    #[must_use]
    pub fn irreversible(&self, text: &str, findings: &[Finding]) -> String {
        replace_spans(text, findings, |f, value| {
            format!(
                "[{}#{}]",
                f.kind.label(),
                self.digest_hex("irreversible", f.kind, value, IRREVERSIBLE_HEX)
            )
        })
    }
}

/// Rebuilds `text` with each valid, non-overlapping finding replaced by `replace(f, value)`.
pub(crate) fn replace_spans(
    text: &str,
    findings: &[Finding],
    mut replace: impl FnMut(&Finding, &str) -> String,
) -> String {
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    sorted.sort_by_key(|f| (f.start, f.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for f in sorted {
        if f.start < pos || f.start >= f.end {
            continue;
        }
        let (Some(before), Some(value)) = (text.get(pos..f.start), text.get(f.start..f.end)) else {
            continue;
        };
        out.push_str(before);
        out.push_str(&replace(f, value));
        pos = f.end;
    }
    out.push_str(text.get(pos..).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    #[test]
    fn weak_secret_refused() {
        assert_eq!(
            Pseudonymiser::new(b"short").err(),
            Some(PseudonymError::WeakSecret)
        );
    }

    #[test]
    fn reversible_round_trip_and_stability() {
        let p = Pseudonymiser::new(KEY).unwrap();
        let text = "Асқар and Асқар again, not Болат";
        let f = [
            Finding::new(PiiKind::PersonName, 0, 10, 1.0),
            Finding::new(PiiKind::PersonName, 15, 25, 1.0),
            Finding::new(PiiKind::PersonName, 37, 47, 1.0),
        ];
        let (masked, vault) = p.reversible(text, &f);
        assert!(!masked.contains("Асқар"));
        assert_eq!(vault.len(), 2);
        assert_eq!(vault.reveal(&masked), text);
        let irr = p.irreversible(text, &f);
        assert!(!irr.contains("Асқар"));
        assert_eq!(vault.reveal(&irr), irr);
        let other = Pseudonymiser::new(b"another key of sixteen+ bytes").unwrap();
        assert_ne!(other.irreversible(text, &f), irr);
    }
}
