//! Sealing personal data: XChaCha20-Poly1305 under the active data key, bound to where the
//! value is stored.
//!
//! A sealed value is text, `sh1:<key id>:<base64 of nonce ‖ ciphertext ‖ tag>`, so it fits
//! the text columns both databases already have. The nonce is 24 random bytes, which
//! XChaCha20 makes safe to draw at random for every value. The *binding* (for example
//! `appeals.text SH-2026-0000001`) is authenticated as associated data: a sealed value copied
//! into another row or column no longer opens, so swapping two applicants' names inside the
//! database is detected, not silently believed.

use crate::error::{KeyringError, OpenError};
use crate::keyring::{KeyId, Keyring, random};
use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD as BASE64;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

/// The prefix of every sealed value of this format.
const PREFIX: &str = "sh1:";
const NONCE_LEN: usize = 24;

impl Keyring {
    /// Seals `plaintext` under the active data key, bound to `binding` (which must be given
    /// again, the same, to open it).
    pub fn seal(&self, plaintext: &str, binding: &str) -> Result<String, KeyringError> {
        let key = self
            .data_keys
            .get(&self.active)
            .ok_or_else(|| KeyringError::NoActiveKey(self.active.to_string()))?;
        let cipher = XChaCha20Poly1305::new((&**key).into());
        let nonce_bytes: [u8; NONCE_LEN] = random()?;
        let nonce = XNonce::from(nonce_bytes);
        // Encryption fails only for messages beyond 256 GiB, far past any text Sheshim accepts.
        let sealed = cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: binding.as_bytes(),
                },
            )
            .map_err(|_| KeyringError::Random)?;
        let mut bytes = Vec::with_capacity(NONCE_LEN + sealed.len());
        bytes.extend_from_slice(&nonce_bytes);
        bytes.extend_from_slice(&sealed);
        Ok(format!("{PREFIX}{}:{}", self.active, BASE64.encode(bytes)))
    }

    /// Opens a value sealed by [`Keyring::seal`] with the same binding.
    pub fn open(&self, sealed: &str, binding: &str) -> Result<Zeroizing<String>, OpenError> {
        let (id, bytes) = parse(sealed)?;
        let key = self
            .data_keys
            .get(&id)
            .ok_or_else(|| OpenError::UnknownKey(id.to_string()))?;
        let cipher = XChaCha20Poly1305::new((&**key).into());
        let (nonce, body) = bytes.split_at(NONCE_LEN);
        let nonce = XNonce::try_from(nonce).map_err(|_| OpenError::NotSealed)?;
        let plain = Zeroizing::new(
            cipher
                .decrypt(
                    &nonce,
                    Payload {
                        msg: body,
                        aad: binding.as_bytes(),
                    },
                )
                .map_err(|_| OpenError::Forged(id.to_string()))?,
        );
        let text = std::str::from_utf8(&plain).map_err(|_| OpenError::NotText)?;
        Ok(Zeroizing::new(text.to_owned()))
    }

    /// The data key a sealed value was sealed with, without opening it.
    pub fn sealed_with(sealed: &str) -> Result<KeyId, OpenError> {
        parse(sealed).map(|(id, _)| id)
    }
}

/// Splits a sealed value into its key id and its bytes (nonce, ciphertext and tag).
fn parse(sealed: &str) -> Result<(KeyId, Vec<u8>), OpenError> {
    let rest = sealed.strip_prefix(PREFIX).ok_or(OpenError::NotSealed)?;
    let (id, body) = rest.split_once(':').ok_or(OpenError::NotSealed)?;
    let id = KeyId::parse(id).map_err(|_| OpenError::NotSealed)?;
    let bytes = BASE64.decode(body).map_err(|_| OpenError::NotSealed)?;
    // Nonce and a 16-byte tag at least.
    if bytes.len() < NONCE_LEN + 16 {
        return Err(OpenError::NotSealed);
    }
    Ok((id, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_with_its_binding_only() {
        let keyring = Keyring::generate().unwrap();
        let sealed = keyring
            .seal("Асқар Демоев", "appeals.applicant_name SH-2026-0000001")
            .unwrap();
        assert!(sealed.starts_with("sh1:d1:"));
        assert!(!sealed.contains("Асқар"));
        assert_eq!(
            keyring
                .open(&sealed, "appeals.applicant_name SH-2026-0000001")
                .unwrap()
                .as_str(),
            "Асқар Демоев"
        );
        assert_eq!(
            keyring.open(&sealed, "appeals.applicant_name SH-2026-0000002"),
            Err(OpenError::Forged("d1".into()))
        );
    }

    #[test]
    fn each_seal_draws_a_new_nonce() {
        let keyring = Keyring::generate().unwrap();
        let a = keyring.seal("same", "b").unwrap();
        let b = keyring.seal("same", "b").unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn altered_or_foreign_values_do_not_open() {
        let keyring = Keyring::generate().unwrap();
        let other = Keyring::generate().unwrap();
        let sealed = keyring.seal("text", "b").unwrap();
        assert_eq!(
            other.open(&sealed, "b"),
            Err(OpenError::Forged("d1".into()))
        );
        let mut flipped = sealed.clone().into_bytes();
        let last = flipped.len() - 3;
        flipped[last] = if flipped[last] == b'A' { b'B' } else { b'A' };
        let flipped = String::from_utf8(flipped).unwrap();
        assert!(keyring.open(&flipped, "b").is_err());
        assert_eq!(keyring.open("plain text", "b"), Err(OpenError::NotSealed));
        assert_eq!(keyring.open("sh1:d1:AAAA", "b"), Err(OpenError::NotSealed));
        assert_eq!(
            keyring.open(&sealed.replacen("d1", "d9", 1), "b"),
            Err(OpenError::UnknownKey("d9".into()))
        );
    }

    #[test]
    fn old_values_open_after_a_new_key_becomes_active() {
        let mut keyring = Keyring::generate().unwrap();
        let old = keyring.seal("before", "b").unwrap();
        keyring.add_data_key().unwrap();
        let new = keyring.seal("after", "b").unwrap();
        assert_eq!(Keyring::sealed_with(&old).unwrap().as_str(), "d1");
        assert_eq!(Keyring::sealed_with(&new).unwrap().as_str(), "d2");
        assert_eq!(keyring.open(&old, "b").unwrap().as_str(), "before");
        assert_eq!(keyring.open(&new, "b").unwrap().as_str(), "after");
    }
}
