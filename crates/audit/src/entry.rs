//! One audit entry, its canonical form and its hash.

use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::fmt;

/// A SHA-256 hash, kept as raw bytes and shown as 64 lowercase hex characters.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntryHash([u8; 32]);

impl EntryHash {
    /// The "previous hash" of the first entry: 32 zero bytes.
    pub const GENESIS: EntryHash = EntryHash([0; 32]);

    /// Reads a hash from its 64-character hex form.
    pub fn from_hex(hex_text: &str) -> Option<EntryHash> {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(hex_text, &mut bytes).ok()?;
        Some(EntryHash(bytes))
    }

    /// The 64-character lowercase hex form stored in the database.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl fmt::Display for EntryHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for EntryHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EntryHash({})", self.to_hex())
    }
}

/// What a caller wants recorded; the chain gives it a sequence number and hashes.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAuditEntry {
    /// When the recorded change happened. Truncated to microseconds, which both stores keep exactly.
    pub at: DateTime<Utc>,
    /// Who made the change: a user id, or `system:<component>` for the machine.
    pub actor: String,
    /// What was done, as a dotted verb such as `appeal.registered`.
    pub action: String,
    /// What it was done to, such as a registration number.
    pub subject: String,
    /// Details of the change. Must not hold personal data in clear: hash it instead.
    pub payload: serde_json::Value,
}

/// An entry as stored: the recorded change plus its place in the chain.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    /// Position in the chain, starting at 1 with no gaps.
    pub seq: u64,
    /// When the recorded change happened (microsecond precision).
    pub at: DateTime<Utc>,
    /// Who made the change.
    pub actor: String,
    /// What was done.
    pub action: String,
    /// What it was done to.
    pub subject: String,
    /// Details of the change.
    pub payload: serde_json::Value,
    /// The hash of the entry before this one, or [`EntryHash::GENESIS`] for the first.
    pub prev_hash: EntryHash,
    /// SHA-256 over `prev_hash` and this entry's canonical JSON.
    pub hash: EntryHash,
}

/// The fields that are hashed, in the shape that is canonicalised.
#[derive(Serialize)]
struct HashedFields<'a> {
    seq: u64,
    at: String,
    actor: &'a str,
    action: &'a str,
    subject: &'a str,
    payload: &'a serde_json::Value,
}

/// The RFC 8785 canonical JSON text of a value: sorted keys, no insignificant whitespace,
/// numbers in their shortest form. The audit payload is stored in this form.
pub fn canonical_json(value: &serde_json::Value) -> String {
    // A `serde_json::Value` always has string keys and finite numbers, the only things JCS
    // can reject, so this cannot fail; fall back to serde_json's own compact form regardless.
    serde_jcs::to_string(value).unwrap_or_else(|_| value.to_string())
}

/// The timestamp form that is hashed: RFC 3339, UTC, exactly six fractional digits.
pub(crate) fn timestamp_text(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Truncates to the microsecond precision that both stores keep, so that a re-read entry hashes the same.
pub(crate) fn store_precision(at: DateTime<Utc>) -> DateTime<Utc> {
    at.trunc_subsecs(6)
}

/// Computes the hash an entry with these fields must have.
pub(crate) fn compute_hash(
    prev_hash: &EntryHash,
    seq: u64,
    at: &DateTime<Utc>,
    actor: &str,
    action: &str,
    subject: &str,
    payload: &serde_json::Value,
) -> EntryHash {
    let fields = HashedFields {
        seq,
        at: timestamp_text(at),
        actor,
        action,
        subject,
        payload,
    };
    // Serialising this struct into a Value cannot fail: it holds only strings, integers and a Value.
    let value = serde_json::to_value(&fields).unwrap_or(serde_json::Value::Null);
    let mut hasher = Sha256::new();
    hasher.update(prev_hash.to_hex().as_bytes());
    hasher.update(canonical_json(&value).as_bytes());
    EntryHash(hasher.finalize().into())
}

impl AuditEntry {
    /// The hash this entry should have given its fields; differs from `hash` if anything was edited.
    pub fn expected_hash(&self) -> EntryHash {
        compute_hash(
            &self.prev_hash,
            self.seq,
            &self.at,
            &self.actor,
            &self.action,
            &self.subject,
            &self.payload,
        )
    }

    /// The payload in its canonical stored form.
    pub fn payload_text(&self) -> String {
        canonical_json(&self.payload)
    }
}
