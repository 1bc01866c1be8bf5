//! The values of the officers' web workspace that cross the store's boundary: the account a
//! sign-in checks, a browser session, the lockout rule, saved queue views, and the users an
//! administrator lists and changes.
//!
//! Secrets never cross it in the clear: a session is named by the SHA-256 (hex) of its
//! cookie's secret, and a password only as its argon2id PHC string.

use crate::UserId;
use chrono::{DateTime, TimeDelta, Utc};
use sheshim_domain::{AccountName, AgencyCode, Language, Role};

/// What a sign-in needs to know about the account a login names.
#[derive(Clone, PartialEq, Eq)]
pub struct SignInAccount {
    /// Storage id.
    pub user_id: UserId,
    /// Login.
    pub login: AccountName,
    /// Role.
    pub role: Role,
    /// Agency.
    pub agency: AgencyCode,
    /// The argon2id PHC string the password is checked against.
    pub password_hash: String,
    /// Whether the password is a one-time one the user must change before anything else.
    pub must_change_password: bool,
    /// Whether an administrator disabled the account.
    pub disabled: bool,
    /// Until when too many failed sign-ins lock the account, if they ever did; the lock is in
    /// force only while this is later than now.
    pub locked_until: Option<DateTime<Utc>>,
    /// The interface language the user chose, if they chose one.
    pub language: Option<Language>,
}

impl std::fmt::Debug for SignInAccount {
    // The password hash is left out, so that a debug print of an account never puts it in
    // a log where it could be attacked offline.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignInAccount")
            .field("user_id", &self.user_id)
            .field("login", &self.login)
            .field("role", &self.role)
            .field("agency", &self.agency)
            .field("password_hash", &"[redacted]")
            .field("must_change_password", &self.must_change_password)
            .field("disabled", &self.disabled)
            .field("locked_until", &self.locked_until)
            .field("language", &self.language)
            .finish()
    }
}

impl SignInAccount {
    /// Whether failed sign-ins keep the account locked at `at`.
    pub fn is_locked_at(&self, at: DateTime<Utc>) -> bool {
        self.locked_until.is_some_and(|until| until > at)
    }
}

/// A signed-in browser session and the user it belongs to, as every page checks it. The
/// user's role, agency and language are read with the session, so a change an administrator
/// makes takes effect on the user's next page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebSession {
    /// Storage id of the user.
    pub user_id: UserId,
    /// Login.
    pub login: AccountName,
    /// Role.
    pub role: Role,
    /// Agency.
    pub agency: AgencyCode,
    /// Whether the user must change their password before anything else.
    pub must_change_password: bool,
    /// The interface language the user chose, if they chose one.
    pub language: Option<Language>,
    /// When the session started.
    pub created_at: DateTime<Utc>,
    /// When the session was last used (refreshed at most once a minute).
    pub last_seen_at: DateTime<Utc>,
}

/// How many failed sign-ins in a row lock an account, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lockout {
    /// The failure that locks the account (the fifth, by default). Zero is taken as one.
    pub after_failures: u32,
    /// How long the lock lasts from that failure.
    pub duration: TimeDelta,
}

impl Default for Lockout {
    /// Five failures lock the account for fifteen minutes: long enough to make guessing a
    /// password hopeless, short enough that an officer who mistyped is back at work soon.
    fn default() -> Lockout {
        Lockout {
            after_failures: 5,
            duration: TimeDelta::minutes(15),
        }
    }
}

/// A queue view a user saved under a name of their own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedView {
    /// Storage id.
    pub id: i64,
    /// The name the user gave it, unique among their views.
    pub name: String,
    /// The queue's query string (its filters), without the leading `?`.
    pub query: String,
}

/// A user as the administrators' list shows them: no password hash, no tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSummary {
    /// Login.
    pub login: AccountName,
    /// Role.
    pub role: Role,
    /// Agency.
    pub agency: AgencyCode,
    /// Whether the account is disabled.
    pub disabled: bool,
    /// Whether the user must change their password at their next sign-in.
    pub must_change_password: bool,
    /// Until when failed sign-ins lock the account, if they ever did.
    pub locked_until: Option<DateTime<Utc>>,
    /// When the user was added.
    pub created_at: DateTime<Utc>,
}

/// A change an administrator makes to a user, audited.
#[derive(Clone, PartialEq, Eq)]
pub enum UserChange {
    /// Disables the account and ends its web sessions; its API tokens stop working too.
    Disable,
    /// Enables a disabled account.
    Enable,
    /// Sets a one-time password the user must change at their next sign-in, lifts a lock
    /// and ends the user's web sessions.
    ResetPassword {
        /// The argon2id PHC string of the one-time password.
        password_hash: String,
    },
    /// Gives the user another role.
    SetRole(Role),
    /// Moves the user to another agency.
    SetAgency(AgencyCode),
}

impl std::fmt::Debug for UserChange {
    // As for accounts, the password hash is never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UserChange::Disable => f.write_str("Disable"),
            UserChange::Enable => f.write_str("Enable"),
            UserChange::ResetPassword { .. } => f.write_str("ResetPassword { .. }"),
            UserChange::SetRole(role) => f.debug_tuple("SetRole").field(role).finish(),
            UserChange::SetAgency(agency) => f.debug_tuple("SetAgency").field(agency).finish(),
        }
    }
}

impl UserChange {
    /// The audit action that records the change.
    pub fn action(&self) -> &'static str {
        match self {
            UserChange::Disable => "user.disabled",
            UserChange::Enable => "user.enabled",
            UserChange::ResetPassword { .. } => "user.password_reset",
            UserChange::SetRole(_) => "user.role_changed",
            UserChange::SetAgency(_) => "user.agency_changed",
        }
    }
}
