//! The keys that protect one Sheshim store, and what is done with them.
//!
//! A [`Keyring`] is kept outside the database (a file readable by its owner only) and holds:
//! - **data keys**, each with an id, of which one is active: personal data is sealed with
//!   XChaCha20-Poly1305 under the active key ([`Keyring::seal`]); the key id travels with
//!   every sealed value, so old values still open after a new key becomes active and
//!   `sheshim key rotate` can re-seal them;
//! - a **look-up key**: an applicant's cases are found by a keyed hash (HMAC-SHA256) of the
//!   IIN ([`Keyring::lookup_id`]), never by the IIN itself;
//! - an **audit key**: each audit entry is authenticated by an HMAC over its chain hash
//!   ([`Keyring::audit_mac`]), so the chain cannot be recomputed from inside the database;
//! - a **signing key**: the chain's head can be anchored outside the database as a line
//!   signed with Ed25519 ([`Keyring::anchor`]), which `audit verify --anchors` checks.
//!
//! It also makes the secrets handed out once and kept only as hashes (`secret.rs`): users'
//! API tokens and passwords, channel clients' keys and citizens' access codes.
//!
//! The crate does no I/O beyond asking the operating system for random bytes: the caller
//! reads and writes the key file. Nothing here prints a key: `Debug` shows key ids only, and
//! error messages never quote the key file's contents.

mod anchor;
mod error;
mod keyring;
mod seal;
mod secret;

pub use anchor::{Anchor, AnchorProblem};
pub use error::{KeyringError, OpenError};
pub use keyring::{KeyCheck, KeyId, Keyring, StoreId};
pub use secret::{
    AccessCode, AccessCodeError, BearerSecret, PasswordError, SecretKind, hash_password,
    one_time_password, secret_hash, verify_password,
};
