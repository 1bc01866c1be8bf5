//! The values of access that cross the store's boundary: users and the principal a token
//! names, channel clients, and what adding them needs.
//!
//! Secrets never cross it: the store receives and searches only their hashes (see
//! `sheshim_crypto::secret_hash` and `Keyring::access_code_hash`).

use sheshim_domain::{AccountName, AgencyCode, Channel, Role};

/// A user's storage id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UserId(pub i64);

/// A channel client's storage id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientId(pub i64);

/// A user to add, with their first API token.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// The login, unique.
    pub login: AccountName,
    /// What the user may do.
    pub role: Role,
    /// The agency whose cases the user works on.
    pub agency: AgencyCode,
    /// The argon2id PHC string of the one-time password; the user must change it.
    pub password_hash: String,
    /// SHA-256 (hex) of the user's first API token.
    pub token_hash: String,
}

/// The user an API token belongs to, as every request checks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// Storage id.
    pub user_id: UserId,
    /// Login.
    pub login: AccountName,
    /// Role.
    pub role: Role,
    /// Agency.
    pub agency: AgencyCode,
}

/// A channel client to add.
#[derive(Debug, Clone)]
pub struct NewClient {
    /// The client's name, unique.
    pub name: AccountName,
    /// The channel every appeal it submits arrived by.
    pub channel: Channel,
    /// SHA-256 (hex) of the client's key.
    pub key_hash: String,
    /// Most submissions per minute.
    pub rate_per_minute: u32,
}

/// A channel client, as every submission checks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelClient {
    /// Storage id.
    pub id: ClientId,
    /// Name.
    pub name: AccountName,
    /// The channel its appeals arrive by.
    pub channel: Channel,
    /// Most submissions per minute.
    pub rate_per_minute: u32,
}
