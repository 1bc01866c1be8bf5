//! The audit log's pure core: what an entry is, how it is hashed into the chain, and how a
//! stored chain is verified.
//!
//! Each entry's hash is SHA-256 over the previous entry's hash (as 64 lowercase hex
//! characters) followed by the entry's canonical JSON (RFC 8785), so editing, reordering or
//! deleting any entry changes every hash after it. The store writes entries in the same
//! transaction as the change they record; this crate never does I/O, so the same rules are
//! used by every store and by the `audit verify` command.

mod chain;
mod entry;

pub use chain::{ChainBreak, ChainHead, ChainVerifier};
pub use entry::{AuditEntry, EntryHash, NewAuditEntry, canonical_json};
