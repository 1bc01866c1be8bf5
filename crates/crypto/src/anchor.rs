//! Anchors: the audit chain's head, signed with the store's Ed25519 key and kept outside the
//! database (a file or the system log), so that a chain rewritten from inside the database —
//! even one whose every hash and MAC was recomputed by someone holding the keys later, or
//! cut short at its end — no longer matches what was anchored earlier.

use crate::error::KeyringError;
use crate::keyring::Keyring;
use ed25519_dalek::{Signature, Signer, VerifyingKey};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// One anchored head: the chain had entry `seq` with hash `hash` at time `at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anchor {
    /// The store whose chain this is.
    pub store_id: String,
    /// Sequence number of the head entry.
    pub seq: u64,
    /// The head entry's chain hash (hex).
    pub hash: String,
    /// When the head was anchored (RFC 3339, UTC).
    pub at: String,
    /// The Ed25519 public key that signed it (hex).
    pub public_key: String,
    /// The signature over the fields above (hex).
    pub signature: String,
}

/// Why an anchor cannot be trusted.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AnchorProblem {
    /// The line is not an anchor.
    #[error("not an anchor line")]
    Malformed,
    /// The anchor is of another store's chain.
    #[error("the anchor belongs to another store")]
    OtherStore,
    /// The anchor was signed with a key that is not this store's.
    #[error("the anchor was signed with a key that is not this store's signing key")]
    OtherKey,
    /// The signature does not verify: the anchor was altered.
    #[error("the anchor's signature does not verify: it was altered")]
    BadSignature,
}

impl Keyring {
    /// Signs the head of this store's chain. The keyring must be bound to its store.
    pub fn anchor(&self, seq: u64, hash_hex: &str, at: &str) -> Result<Anchor, KeyringError> {
        let store_id = self.store_id.as_ref().ok_or(KeyringError::BadStoreId)?;
        let message = signed_text(store_id.as_str(), seq, hash_hex, at);
        let signature = self.signing_key.sign(message.as_bytes());
        Ok(Anchor {
            store_id: store_id.to_string(),
            seq,
            hash: hash_hex.to_owned(),
            at: at.to_owned(),
            public_key: hex::encode(self.signing_key.verifying_key().to_bytes()),
            signature: hex::encode(signature.to_bytes()),
        })
    }

    /// The public half of the signing key (hex), to publish beside the anchors.
    pub fn anchor_public_key(&self) -> String {
        hex::encode(self.signing_key.verifying_key().to_bytes())
    }
}

impl Anchor {
    /// The anchor as one line of JSON, as appended to an anchor file or sent to the system log.
    pub fn to_line(&self) -> String {
        // A struct of strings and an integer always serialises.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads an anchor line. Text around the JSON object (a syslog prefix) is ignored.
    pub fn parse_line(line: &str) -> Result<Anchor, AnchorProblem> {
        let start = line.find('{').ok_or(AnchorProblem::Malformed)?;
        let end = line.rfind('}').ok_or(AnchorProblem::Malformed)?;
        if end < start {
            return Err(AnchorProblem::Malformed);
        }
        serde_json::from_str(&line[start..=end]).map_err(|_| AnchorProblem::Malformed)
    }

    /// Checks that this anchor is of the keyring's store and was signed by its key, unaltered.
    pub fn check(&self, keyring: &Keyring) -> Result<(), AnchorProblem> {
        if keyring.store_id.as_ref().map(|id| id.as_str()) != Some(self.store_id.as_str()) {
            return Err(AnchorProblem::OtherStore);
        }
        if self.public_key != keyring.anchor_public_key() {
            return Err(AnchorProblem::OtherKey);
        }
        let key_bytes: [u8; 32] = hex::decode(&self.public_key)
            .ok()
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or(AnchorProblem::Malformed)?;
        let key = VerifyingKey::from_bytes(&key_bytes).map_err(|_| AnchorProblem::OtherKey)?;
        let signature_bytes: [u8; 64] = hex::decode(&self.signature)
            .ok()
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or(AnchorProblem::Malformed)?;
        let signature = Signature::from_bytes(&signature_bytes);
        let message = signed_text(&self.store_id, self.seq, &self.hash, &self.at);
        key.verify_strict(message.as_bytes(), &signature)
            .map_err(|_| AnchorProblem::BadSignature)
    }
}

/// The exact text that is signed: a version label and the fields, one per line.
fn signed_text(store_id: &str, seq: u64, hash_hex: &str, at: &str) -> String {
    format!("sheshim-audit-anchor-v1\n{store_id}\n{seq}\n{hash_hex}\n{at}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::StoreId;

    fn bound() -> Keyring {
        let mut keyring = Keyring::generate().unwrap();
        keyring.bind(StoreId::generate().unwrap());
        keyring
    }

    #[test]
    fn an_anchor_round_trips_and_verifies() {
        let keyring = bound();
        let anchor = keyring
            .anchor(42, &"ab".repeat(32), "2026-12-06T12:00:00.000000Z")
            .unwrap();
        let line = anchor.to_line();
        let read = Anchor::parse_line(&format!("Dec  6 12:00:00 host sheshim: {line}")).unwrap();
        assert_eq!(read, anchor);
        assert_eq!(read.check(&keyring), Ok(()));
    }

    #[test]
    fn altered_or_foreign_anchors_are_refused() {
        let keyring = bound();
        let anchor = keyring
            .anchor(42, &"ab".repeat(32), "2026-12-06T12:00:00.000000Z")
            .unwrap();
        let mut moved = anchor.clone();
        moved.seq = 41;
        assert_eq!(moved.check(&keyring), Err(AnchorProblem::BadSignature));
        let mut rehashed = anchor.clone();
        rehashed.hash = "cd".repeat(32);
        assert_eq!(rehashed.check(&keyring), Err(AnchorProblem::BadSignature));
        let other = bound();
        assert_eq!(anchor.check(&other), Err(AnchorProblem::OtherStore));
        let mut same_store_other_key = Keyring::generate().unwrap();
        same_store_other_key.bind(StoreId::parse(&anchor.store_id).unwrap());
        assert_eq!(
            anchor.check(&same_store_other_key),
            Err(AnchorProblem::OtherKey)
        );
        assert_eq!(
            Anchor::parse_line("no json here"),
            Err(AnchorProblem::Malformed)
        );
        assert!(Keyring::generate().unwrap().anchor(1, "00", "t").is_err());
    }
}
