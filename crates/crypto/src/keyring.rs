//! The key file: its TOML form, generation, and adding a data key.

use crate::error::KeyringError;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{KeyInit, Mac};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use zeroize::Zeroizing;

/// A 256-bit secret, wiped from memory when dropped.
pub(crate) type Secret = Zeroizing<[u8; 32]>;

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// The name of a data key: 1–16 lowercase ASCII letters and digits, such as `d1`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyId(String);

impl KeyId {
    /// Reads a key id.
    pub fn parse(text: &str) -> Result<KeyId, KeyringError> {
        let valid = (1..=16).contains(&text.len())
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        if valid {
            Ok(KeyId(text.to_owned()))
        } else {
            Err(KeyringError::BadKeyId)
        }
    }

    /// The id as written in the key file and in every sealed value.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The identity of one store (one database), written into the database and into its key
/// file when they are first put together, so that a key file is never used with another
/// database and a deleted database is never silently started afresh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreId(String);

impl StoreId {
    /// Reads a store id: 32 lowercase hexadecimal characters.
    pub fn parse(text: &str) -> Result<StoreId, KeyringError> {
        if text.len() == 32 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            Ok(StoreId(text.to_owned()))
        } else {
            Err(KeyringError::BadStoreId)
        }
    }

    /// A new random store id.
    pub fn generate() -> Result<StoreId, KeyringError> {
        let bytes: [u8; 16] = random()?;
        Ok(StoreId(hex::encode(bytes)))
    }

    /// The id's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for StoreId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A value that shows whether a key is the one a database was set up with, without
/// revealing the key: HMAC-SHA256 of a fixed label under the key, in hex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyCheck(pub String);

/// All the keys of one store. See the crate documentation for what each is for.
#[derive(Clone)]
pub struct Keyring {
    pub(crate) store_id: Option<StoreId>,
    pub(crate) data_keys: BTreeMap<KeyId, Secret>,
    pub(crate) active: KeyId,
    pub(crate) lookup_key: Secret,
    pub(crate) audit_key: Secret,
    pub(crate) signing_key: ed25519_dalek::SigningKey,
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keyring")
            .field("store_id", &self.store_id)
            .field("data_keys", &self.data_keys.keys().collect::<Vec<_>>())
            .field("active", &self.active)
            .finish_non_exhaustive()
    }
}

/// The key file as TOML.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    format: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    store_id: Option<String>,
    active_data_key: String,
    lookup_key: String,
    audit_key: String,
    signing_key: String,
    data_keys: BTreeMap<String, String>,
}

/// What a key file says about itself, at its top.
const KEY_FILE_HEADER: &str = "\
# Sheshim keyring: the keys that protect the personal data and the audit log of one store.
# Keep it secret (readable by its owner only) and back it up apart from the database:
# without it the personal data in the database cannot be read, and audit entries cannot be
# authenticated. Written by `sheshim key generate` and `sheshim key rotate`; do not edit.
";

impl Keyring {
    /// A new keyring with fresh random keys and one data key, `d1`; not yet bound to a store.
    pub fn generate() -> Result<Keyring, KeyringError> {
        let active = KeyId("d1".to_owned());
        let mut data_keys = BTreeMap::new();
        data_keys.insert(active.clone(), secret()?);
        Ok(Keyring {
            store_id: None,
            data_keys,
            active,
            lookup_key: secret()?,
            audit_key: secret()?,
            signing_key: ed25519_dalek::SigningKey::from_bytes(&*secret()?),
        })
    }

    /// Reads a key file's text.
    pub fn parse(text: &str) -> Result<Keyring, KeyringError> {
        let file: KeyFile = toml::from_str(text).map_err(|error| KeyringError::Syntax {
            line: error.span().map_or(0, |span| {
                text[..span.start.min(text.len())].lines().count().max(1)
            }),
            // The message names the problem (a missing field, a wrong type); the span, not
            // quoted here, is where a key would be.
            reason: error.message().to_owned(),
        })?;
        if file.format != 1 {
            return Err(KeyringError::Format(file.format));
        }
        let mut data_keys = BTreeMap::new();
        for (id, key) in &file.data_keys {
            let id = KeyId::parse(id)?;
            let key = decode_key(key, &format!("data key {id}"))?;
            data_keys.insert(id, key);
        }
        let active = KeyId::parse(&file.active_data_key)?;
        if !data_keys.contains_key(&active) {
            return Err(KeyringError::NoActiveKey(active.0));
        }
        Ok(Keyring {
            store_id: file.store_id.as_deref().map(StoreId::parse).transpose()?,
            data_keys,
            active,
            lookup_key: decode_key(&file.lookup_key, "lookup_key")?,
            audit_key: decode_key(&file.audit_key, "audit_key")?,
            signing_key: ed25519_dalek::SigningKey::from_bytes(&*decode_key(
                &file.signing_key,
                "signing_key",
            )?),
        })
    }

    /// The key file's text: a header saying what it is, then TOML.
    pub fn to_file_text(&self) -> String {
        let file = KeyFile {
            format: 1,
            store_id: self.store_id.as_ref().map(|id| id.0.clone()),
            active_data_key: self.active.0.clone(),
            lookup_key: BASE64.encode(*self.lookup_key),
            audit_key: BASE64.encode(*self.audit_key),
            signing_key: BASE64.encode(self.signing_key.to_bytes()),
            data_keys: self
                .data_keys
                .iter()
                .map(|(id, key)| (id.0.clone(), BASE64.encode(**key)))
                .collect(),
        };
        // Serialising this plain struct of strings and maps cannot fail.
        let body = toml::to_string(&file).unwrap_or_default();
        format!("{KEY_FILE_HEADER}\n{body}")
    }

    /// The store this keyring belongs to, once it has been bound to one.
    pub fn store_id(&self) -> Option<&StoreId> {
        self.store_id.as_ref()
    }

    /// Binds an unbound keyring to a store.
    pub fn bind(&mut self, store_id: StoreId) {
        self.store_id = Some(store_id);
    }

    /// The data key new values are sealed with.
    pub fn active_key(&self) -> &KeyId {
        &self.active
    }

    /// Every data key id, oldest name first.
    pub fn data_key_ids(&self) -> impl Iterator<Item = &KeyId> {
        self.data_keys.keys()
    }

    /// Adds a fresh data key (`d2`, `d3`, …) and makes it the active one; the old keys stay, so
    /// values sealed with them still open until they are re-sealed.
    pub fn add_data_key(&mut self) -> Result<KeyId, KeyringError> {
        let next = (1..)
            .map(|n| KeyId(format!("d{n}")))
            .find(|id| !self.data_keys.contains_key(id))
            .ok_or(KeyringError::BadKeyId)?;
        self.data_keys.insert(next.clone(), secret()?);
        self.active = next.clone();
        Ok(next)
    }

    /// The check value of a data key, stored in the database to recognise a wrong key file.
    pub fn data_key_check(&self, id: &KeyId) -> Option<KeyCheck> {
        self.data_keys.get(id).map(|key| check_of(key))
    }

    /// The check value of the look-up key.
    pub fn lookup_key_check(&self) -> KeyCheck {
        check_of(&self.lookup_key)
    }

    /// The check value of the audit key.
    pub fn audit_key_check(&self) -> KeyCheck {
        check_of(&self.audit_key)
    }

    /// The keyed hash an applicant's cases are found by: the first 64 bits of HMAC-SHA256 of
    /// the IIN under the look-up key. Equal IINs give equal values; the IIN cannot be read
    /// back, nor guessed by hashing all IINs without the key. 64 bits keep the index small
    /// (an index of 64-character hex keys made registration a quarter slower); two IINs
    /// sharing a value is possible but rare (about one pair in 10^5 among 20 million people),
    /// so a look-up checks each appeal it finds against the IIN itself.
    pub fn lookup_id(&self, iin: &str) -> i64 {
        let full = mac(&self.lookup_key, &[b"sheshim-lookup-v1\0", iin.as_bytes()]);
        let mut first = [0u8; 8];
        first.copy_from_slice(&full[..8]);
        i64::from_be_bytes(first)
    }

    /// The MAC of an audit entry: HMAC-SHA256 under the audit key of the entry's chain hash
    /// (which covers the entry and everything before it), in hex.
    pub fn audit_mac(&self, entry_hash_hex: &str) -> String {
        hex::encode(mac(
            &self.audit_key,
            &[b"sheshim-audit-v1\0", entry_hash_hex.as_bytes()],
        ))
    }

    /// Whether `mac_hex` is the MAC of an entry with this chain hash (compared in constant time).
    pub fn audit_mac_is_valid(&self, entry_hash_hex: &str, mac_hex: &str) -> bool {
        let Ok(given) = hex::decode(mac_hex) else {
            return false;
        };
        let mut check = hmac_with(&self.audit_key);
        check.update(b"sheshim-audit-v1\0");
        check.update(entry_hash_hex.as_bytes());
        check.verify_slice(&given).is_ok()
    }
}

impl Keyring {
    /// HMAC-SHA256 under the look-up key over the concatenated parts.
    pub(crate) fn lookup_mac(&self, parts: &[&[u8]]) -> [u8; 32] {
        mac(&self.lookup_key, parts)
    }

    /// Whether `given` is the HMAC-SHA256 under the look-up key of the concatenated parts,
    /// compared in constant time.
    pub(crate) fn lookup_mac_verify(&self, parts: &[&[u8]], given: &[u8]) -> bool {
        let mut check = hmac_with(&self.lookup_key);
        for part in parts {
            check.update(part);
        }
        check.verify_slice(given).is_ok()
    }
}

/// HMAC-SHA256 over the concatenated parts.
fn mac(key: &[u8; 32], parts: &[&[u8]]) -> [u8; 32] {
    let mut mac = hmac_with(key);
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// An HMAC-SHA256 keyed with `key`.
fn hmac_with(key: &[u8; 32]) -> HmacSha256 {
    // HMAC takes keys of any length, so this cannot fail.
    <HmacSha256 as KeyInit>::new_from_slice(key).expect("HMAC accepts keys of any length")
}

fn check_of(key: &[u8; 32]) -> KeyCheck {
    KeyCheck(hex::encode(mac(key, &[b"sheshim-key-check-v1"])))
}

fn decode_key(text: &str, name: &str) -> Result<Secret, KeyringError> {
    let bytes = Zeroizing::new(
        BASE64
            .decode(text.trim())
            .map_err(|_| KeyringError::BadKey(name.to_owned()))?,
    );
    let key: [u8; 32] = bytes
        .as_slice()
        .try_into()
        .map_err(|_| KeyringError::BadKey(name.to_owned()))?;
    Ok(Zeroizing::new(key))
}

fn secret() -> Result<Secret, KeyringError> {
    Ok(Zeroizing::new(random()?))
}

pub(crate) fn random<const N: usize>() -> Result<[u8; N], KeyringError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|_| KeyringError::Random)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_reads_back_to_the_same_keys() {
        let mut keyring = Keyring::generate().unwrap();
        keyring.bind(StoreId::generate().unwrap());
        keyring.add_data_key().unwrap();
        let text = keyring.to_file_text();
        let again = Keyring::parse(&text).unwrap();
        assert_eq!(again.store_id, keyring.store_id);
        assert_eq!(again.active.as_str(), "d2");
        assert_eq!(again.data_key_ids().count(), 2);
        assert_eq!(
            again.lookup_id("850115310009"),
            keyring.lookup_id("850115310009")
        );
        assert_eq!(again.audit_key_check(), keyring.audit_key_check());
        assert_eq!(again.to_file_text(), text);
    }

    #[test]
    fn two_keyrings_hash_an_iin_differently() {
        let (a, b) = (Keyring::generate().unwrap(), Keyring::generate().unwrap());
        assert_ne!(a.lookup_id("850115310009"), b.lookup_id("850115310009"));
        assert_eq!(a.lookup_id("850115310009"), a.lookup_id("850115310009"));
        assert_ne!(a.lookup_id("850115310009"), a.lookup_id("850115310010"));
    }

    #[test]
    fn audit_macs_verify_only_under_their_key() {
        let (a, b) = (Keyring::generate().unwrap(), Keyring::generate().unwrap());
        let hash = "ab".repeat(32);
        let tag = a.audit_mac(&hash);
        assert!(a.audit_mac_is_valid(&hash, &tag));
        assert!(!b.audit_mac_is_valid(&hash, &tag));
        assert!(!a.audit_mac_is_valid(&"cd".repeat(32), &tag));
        assert!(!a.audit_mac_is_valid(&hash, "not hex"));
    }

    #[test]
    fn broken_key_files_are_refused_without_quoting_them() {
        let keyring = Keyring::generate().unwrap();
        let text = keyring.to_file_text();
        let secret_line = text
            .lines()
            .find(|line| line.starts_with("lookup_key"))
            .unwrap()
            .to_owned();
        let short = text.replace(&secret_line, "lookup_key = \"c2hvcnQ=\"");
        assert_eq!(
            Keyring::parse(&short).unwrap_err(),
            KeyringError::BadKey("lookup_key".into())
        );
        let unknown = format!("{text}\nextra = 1\n");
        let error = Keyring::parse(&unknown).unwrap_err();
        assert!(matches!(error, KeyringError::Syntax { .. }), "{error:?}");
        let broken = text.replace("lookup_key = \"", "lookup_key = ");
        let message = Keyring::parse(&broken).unwrap_err().to_string();
        assert!(!message.contains(&secret_line[14..30]), "{message}");
        let newer = text.replace("format = 1", "format = 2");
        assert_eq!(Keyring::parse(&newer).unwrap_err(), KeyringError::Format(2));
    }

    #[test]
    fn debug_shows_no_key() {
        let keyring = Keyring::generate().unwrap();
        let shown = format!("{keyring:?}");
        let text = keyring.to_file_text();
        let lookup = text
            .lines()
            .find(|line| line.starts_with("lookup_key"))
            .unwrap();
        assert!(!shown.contains(&lookup[14..40]), "{shown}");
        assert!(shown.contains("d1"));
    }

    #[test]
    fn ids_are_checked() {
        assert!(KeyId::parse("d12").is_ok());
        assert!(KeyId::parse("").is_err());
        assert!(KeyId::parse("D1").is_err());
        assert!(KeyId::parse("d1:x").is_err());
        assert!(StoreId::parse(&"a".repeat(32)).is_ok());
        assert!(StoreId::parse(&"g".repeat(32)).is_err());
        assert_eq!(StoreId::generate().unwrap().as_str().len(), 32);
    }
}
