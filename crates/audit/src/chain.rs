//! Appending to the chain and verifying it.

use crate::entry::{AuditEntry, EntryHash, NewAuditEntry, compute_hash, store_precision};
use thiserror::Error;

/// The last entry of a chain: what the next entry links to. A store keeps it in the same
/// transaction as the entries so that deleting entries from the end is also detected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChainHead {
    /// Sequence number of the last entry, 0 for an empty chain.
    pub seq: u64,
    /// Hash of the last entry, [`EntryHash::GENESIS`] for an empty chain.
    pub hash: EntryHash,
}

impl ChainHead {
    /// The head of a chain with no entries.
    pub const EMPTY: ChainHead = ChainHead {
        seq: 0,
        hash: EntryHash::GENESIS,
    };

    /// Links a new entry after this head and returns it; `self` becomes the new head.
    pub fn append(&mut self, new: NewAuditEntry) -> AuditEntry {
        let seq = self.seq + 1;
        let at = store_precision(new.at);
        let hash = compute_hash(
            &self.hash,
            seq,
            &at,
            &new.actor,
            &new.action,
            &new.subject,
            &new.payload,
        );
        let entry = AuditEntry {
            seq,
            at,
            actor: new.actor,
            action: new.action,
            subject: new.subject,
            payload: new.payload,
            prev_hash: self.hash,
            hash,
        };
        *self = ChainHead { seq, hash };
        entry
    }
}

/// Why a stored chain does not verify, naming the first entry at fault.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ChainBreak {
    /// An entry's sequence number is not the one after its predecessor: entries were deleted or inserted.
    #[error(
        "audit entry {found} follows entry {previous}: entries between them are missing or were reordered"
    )]
    Gap {
        /// Sequence number of the entry before.
        previous: u64,
        /// Sequence number found.
        found: u64,
    },
    /// An entry does not point at the hash of the entry before it.
    #[error("audit entry {seq} does not link to the hash of the entry before it")]
    BrokenLink {
        /// The entry at fault.
        seq: u64,
    },
    /// An entry's stored hash differs from the hash of its contents: it was edited.
    #[error("audit entry {seq} was altered: its contents do not match its hash")]
    Altered {
        /// The entry at fault.
        seq: u64,
    },
    /// The chain ends before the recorded head: entries were deleted from the end.
    #[error(
        "the audit chain ends at entry {last_seq} but its recorded head is entry {head_seq}: entries were deleted"
    )]
    Truncated {
        /// The last entry present.
        last_seq: u64,
        /// The head recorded with the chain.
        head_seq: u64,
    },
    /// The recorded head's hash is not the last entry's hash.
    #[error("the recorded head of the audit chain does not match entry {seq}")]
    HeadMismatch {
        /// The entry the head names.
        seq: u64,
    },
}

/// Walks a chain in sequence order, entry by entry, so that a store can stream it in pages.
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    head: ChainHead,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        ChainVerifier {
            head: ChainHead::EMPTY,
        }
    }
}

impl ChainVerifier {
    /// Checks the next entry of the chain.
    pub fn check(&mut self, entry: &AuditEntry) -> Result<(), ChainBreak> {
        if entry.seq != self.head.seq + 1 {
            return Err(ChainBreak::Gap {
                previous: self.head.seq,
                found: entry.seq,
            });
        }
        if entry.prev_hash != self.head.hash {
            return Err(ChainBreak::BrokenLink { seq: entry.seq });
        }
        if entry.expected_hash() != entry.hash {
            return Err(ChainBreak::Altered { seq: entry.seq });
        }
        self.head = ChainHead {
            seq: entry.seq,
            hash: entry.hash,
        };
        Ok(())
    }

    /// Checks the walked chain against the head the store recorded, and returns the number of entries.
    pub fn finish(self, recorded_head: ChainHead) -> Result<u64, ChainBreak> {
        if self.head.seq < recorded_head.seq {
            return Err(ChainBreak::Truncated {
                last_seq: self.head.seq,
                head_seq: recorded_head.seq,
            });
        }
        if self.head != recorded_head {
            return Err(ChainBreak::HeadMismatch { seq: self.head.seq });
        }
        Ok(self.head.seq)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::canonical_json;
    use chrono::{TimeZone, Utc};
    use serde_json::json;

    fn chain_of(n: u64) -> (Vec<AuditEntry>, ChainHead) {
        let mut head = ChainHead::EMPTY;
        let entries = (0..n)
            .map(|i| {
                head.append(NewAuditEntry {
                    at: Utc
                        .timestamp_opt(1_780_000_000 + i as i64, 123_456_789)
                        .unwrap(),
                    actor: "system:test".into(),
                    action: "appeal.registered".into(),
                    subject: format!("SH-2026-{:07}", i + 1),
                    payload: json!({"b": 2, "a": [1, "x"], "n": i}),
                })
            })
            .collect();
        (entries, head)
    }

    fn verify(entries: &[AuditEntry], head: ChainHead) -> Result<u64, ChainBreak> {
        let mut verifier = ChainVerifier::default();
        for entry in entries {
            verifier.check(entry)?;
        }
        verifier.finish(head)
    }

    #[test]
    fn an_untouched_chain_verifies() {
        let (entries, head) = chain_of(5);
        assert_eq!(verify(&entries, head), Ok(5));
        assert_eq!(verify(&[], ChainHead::EMPTY), Ok(0));
    }

    #[test]
    fn timestamps_are_kept_to_the_microsecond() {
        let (entries, _) = chain_of(1);
        assert_eq!(entries[0].at.timestamp_subsec_nanos(), 123_456_000);
    }

    #[test]
    fn an_edited_payload_is_found() {
        let (mut entries, head) = chain_of(5);
        entries[2].payload = json!({"b": 2, "a": [1, "y"], "n": 2});
        assert_eq!(verify(&entries, head), Err(ChainBreak::Altered { seq: 3 }));
    }

    #[test]
    fn an_edited_actor_or_time_is_found() {
        let (mut entries, head) = chain_of(3);
        entries[0].actor = "officer:7".into();
        assert_eq!(verify(&entries, head), Err(ChainBreak::Altered { seq: 1 }));
        let (mut entries, head) = chain_of(3);
        entries[1].at += chrono::Duration::microseconds(1);
        assert_eq!(verify(&entries, head), Err(ChainBreak::Altered { seq: 2 }));
    }

    #[test]
    fn a_rehashed_entry_breaks_the_next_link() {
        let (mut entries, head) = chain_of(4);
        entries[1].subject = "SH-2026-9999999".into();
        entries[1].hash = entries[1].expected_hash();
        assert_eq!(
            verify(&entries, head),
            Err(ChainBreak::BrokenLink { seq: 3 })
        );
    }

    #[test]
    fn deletions_are_found_in_the_middle_and_at_the_end() {
        let (mut entries, head) = chain_of(5);
        entries.remove(2);
        assert_eq!(
            verify(&entries, head),
            Err(ChainBreak::Gap {
                previous: 2,
                found: 4
            })
        );
        let (mut entries, head) = chain_of(5);
        entries.pop();
        assert_eq!(
            verify(&entries, head),
            Err(ChainBreak::Truncated {
                last_seq: 4,
                head_seq: 5
            })
        );
    }

    #[test]
    fn key_order_does_not_change_the_hash() {
        let a = json!({"x": 1, "y": {"b": true, "a": null}});
        let b: serde_json::Value =
            serde_json::from_str(r#"{"y":{"a":null,"b":true},"x":1}"#).unwrap();
        assert_eq!(canonical_json(&a), canonical_json(&b));
        assert_eq!(canonical_json(&a), r#"{"x":1,"y":{"a":null,"b":true}}"#);
    }

    proptest::proptest! {
        #[test]
        fn any_single_character_edit_of_a_subject_is_found(n in 2u64..8, victim in 0usize..8, ch in proptest::char::any()) {
            let (mut entries, head) = chain_of(n);
            let victim = victim % entries.len();
            let edited = format!("{}{}", entries[victim].subject, ch);
            entries[victim].subject = edited;
            let seq = entries[victim].seq;
            proptest::prop_assert_eq!(verify(&entries, head), Err(ChainBreak::Altered { seq }));
        }
    }
}
