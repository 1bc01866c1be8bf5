//! Who is calling: officials by their API token, channel clients by their key.
//!
//! - An official sends `Authorization: Bearer <token>` (made by `sheshim user add`); the
//!   [`Principal`] extractor finds their login, role and agency, or answers 401 with
//!   `WWW-Authenticate: Bearer`.
//! - A channel client (the portal or integration that authenticated the citizen) sends
//!   `X-Client-Key: <key>` (made by `sheshim client add`); the [`ChannelClient`] extractor
//!   finds its name and channel, or answers 401, and takes one request from its rate
//!   (429 with `Retry-After` when used up).
//!
//! Both are looked up by the SHA-256 of what was sent: the store holds no secret. A client is
//! remembered for [`CLIENT_CACHE_TTL`] after its key was found, so that intake does not read
//! the database for every submission; revoking a key therefore takes effect within that time.

use crate::error::ApiError;
use crate::rate::RateLimiter;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use sheshim_crypto::secret_hash;
use sheshim_domain::{AccountName, AgencyCode, Channel, Role};
use sheshim_store::{ClientId, UserId};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a channel client found by its key is remembered.
pub const CLIENT_CACHE_TTL: Duration = Duration::from_secs(60);

/// The header a channel client sends its key in.
pub const CLIENT_KEY_HEADER: &str = "x-client-key";

/// Longest token or key read; real ones are 47 characters.
const MAX_SECRET_BYTES: usize = 256;

/// What the server keeps between requests to authenticate them: the clients recently found
/// and their rate buckets.
#[derive(Debug, Default)]
pub(crate) struct Access {
    clients: Mutex<HashMap<String, (sheshim_store::ChannelClient, Instant)>>,
    limiter: RateLimiter,
}

impl Access {
    fn cached(&self, key_hash: &str, now: Instant) -> Option<sheshim_store::ChannelClient> {
        let clients = self
            .clients
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        clients
            .get(key_hash)
            .filter(|(_, found_at)| now.saturating_duration_since(*found_at) < CLIENT_CACHE_TTL)
            .map(|(client, _)| client.clone())
    }

    fn remember(&self, key_hash: String, client: sheshim_store::ChannelClient, now: Instant) {
        let mut clients = self
            .clients
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // Only keys that named a client are kept, so the map grows with the clients there
        // are, not with what callers send; stale entries are dropped as they are replaced.
        clients
            .retain(|_, (_, found_at)| now.saturating_duration_since(*found_at) < CLIENT_CACHE_TTL);
        clients.insert(key_hash, (client, now));
    }
}

/// An official calling with their API token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The user's storage id.
    pub user_id: UserId,
    /// Their login.
    pub login: AccountName,
    /// Their role.
    pub role: Role,
    /// Their agency.
    pub agency: AgencyCode,
}

/// Whose cases a principal reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CaseScope {
    /// Every agency's (auditors).
    AllAgencies,
    /// Their own agency's only (officers and supervisors).
    Agency(AgencyCode),
}

impl CaseScope {
    /// Whether a case addressed to `agency` is within the scope. A case addressed to no
    /// agency yet belongs to none, so only a reader of all agencies sees it.
    pub(crate) fn admits(&self, agency: Option<&AgencyCode>) -> bool {
        match self {
            CaseScope::AllAgencies => true,
            CaseScope::Agency(own) => agency == Some(own),
        }
    }
}

impl Principal {
    /// The cases this principal may read; an administrator reads none (403).
    pub(crate) fn case_scope(&self) -> Result<CaseScope, ApiError> {
        if self.role.reads_all_agencies() {
            Ok(CaseScope::AllAgencies)
        } else if self.role.acts_on_cases() {
            Ok(CaseScope::Agency(self.agency.clone()))
        } else {
            Err(ApiError::Forbidden(format!(
                "the {} role does not read cases",
                self.role.code()
            )))
        }
    }

    /// The principal the `Authorization: Bearer` header names, or 401.
    pub(crate) async fn from_headers(
        headers: &HeaderMap,
        state: &AppState,
    ) -> Result<Principal, ApiError> {
        let unauthorized = |detail: &str| ApiError::Unauthorized {
            scheme: "Bearer",
            detail: detail.to_owned(),
        };
        let Some(value) = headers.get(header::AUTHORIZATION) else {
            return Err(unauthorized(
                "send an API token as `Authorization: Bearer <token>`",
            ));
        };
        let token = value
            .to_str()
            .ok()
            .and_then(|value| value.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim())
            .filter(|token| plausible_secret(token))
            .ok_or_else(|| unauthorized("the Authorization header must be `Bearer <token>`"))?;
        let found = state
            .store
            .principal_by_token_hash(&secret_hash(token))
            .await?
            .ok_or_else(|| unauthorized("the API token is not valid"))?;
        Ok(Principal {
            user_id: found.user_id,
            login: found.login,
            role: found.role,
            agency: found.agency,
        })
    }

    /// The audit log's name for this principal.
    pub fn actor(&self) -> String {
        format!("user:{}", self.login)
    }
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Principal::from_headers(&parts.headers, state).await
    }
}

/// A channel client calling with its key; extracting it takes one request from its rate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelClient {
    /// The client's storage id.
    pub id: ClientId,
    /// Its name.
    pub name: AccountName,
    /// The channel its appeals arrive by.
    pub channel: Channel,
}

impl ChannelClient {
    /// The audit log's name for this client.
    pub fn actor(&self) -> String {
        format!("client:{}", self.name)
    }
}

impl FromRequestParts<AppState> for ChannelClient {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let unauthorized = |detail: &str| ApiError::Unauthorized {
            scheme: "X-Client-Key",
            detail: detail.to_owned(),
        };
        let key = parts
            .headers
            .get(CLIENT_KEY_HEADER)
            .ok_or_else(|| unauthorized("send the channel client's key as `X-Client-Key: <key>`"))?
            .to_str()
            .ok()
            .map(str::trim)
            .filter(|key| plausible_secret(key))
            .ok_or_else(|| unauthorized("the client key is not valid"))?;
        let key_hash = secret_hash(key);
        let now = Instant::now();
        let client = match state.access.cached(&key_hash, now) {
            Some(client) => client,
            None => {
                let client = state
                    .store
                    .client_by_key_hash(&key_hash)
                    .await?
                    .ok_or_else(|| unauthorized("the client key is not valid"))?;
                state.access.remember(key_hash, client.clone(), now);
                client
            }
        };
        state
            .access
            .limiter
            .take(client.id, client.rate_per_minute, now)
            .map_err(|wait| ApiError::TooManyRequests {
                retry_after: wait.as_secs_f64().ceil().max(1.0) as u64,
            })?;
        Ok(ChannelClient {
            id: client.id,
            name: client.name,
            channel: client.channel,
        })
    }
}

/// Whether a presented secret is worth looking up: 1–256 visible ASCII characters.
fn plausible_secret(secret: &str) -> bool {
    (1..=MAX_SECRET_BYTES).contains(&secret.len()) && secret.bytes().all(|b| b.is_ascii_graphic())
}
