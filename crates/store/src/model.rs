//! The values that cross the store's boundary: what to register, what came of it, filters,
//! pages and errors.

use chrono::{DateTime, NaiveDate, Utc};
use sheshim_crypto::StoreId;
use sheshim_domain::{
    AgencyCode, Appeal, AppealKind, AppealText, Applicant, CaseStatus, Channel, Language,
    RegistrationNumber, ServiceCode,
};
use thiserror::Error;

/// The database behind a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An SQLite file: the embedded default.
    Sqlite,
    /// A PostgreSQL server: for production and scaling out.
    Postgres,
}

impl Backend {
    /// Picks the backend from a database URL's scheme.
    pub fn of_url(url: &str) -> Result<Backend, StoreError> {
        let scheme = url.split_once(':').map(|(scheme, _)| scheme).unwrap_or("");
        match scheme {
            "sqlite" => Ok(Backend::Sqlite),
            "postgres" | "postgresql" => Ok(Backend::Postgres),
            _ => Err(StoreError::UnsupportedUrl),
        }
    }

    /// The backend's short name, as used in logs and metrics.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// A client's idempotency key and a hash of the request it came with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyClaim {
    /// The `Idempotency-Key` header's value.
    pub key: String,
    /// SHA-256 (hex) of the request, to tell a true retry from a different request reusing the key.
    pub request_sha256: String,
}

/// An appeal that was accepted and is to be registered. Its dates are already computed; the
/// store gives it its registration number.
#[derive(Debug, Clone)]
pub struct NewRegistration {
    /// Kind of appeal under the APPC.
    pub kind: AppealKind,
    /// Language of the appeal, in which it will be answered.
    pub language: Language,
    /// How it arrived.
    pub channel: Channel,
    /// What the citizen wrote.
    pub text: AppealText,
    /// Who wrote it.
    pub applicant: Applicant,
    /// The agency it is addressed to, if named.
    pub agency: Option<AgencyCode>,
    /// When it arrived (UTC).
    pub received_at: DateTime<Utc>,
    /// The working day it is registered on; its year picks the registration number's series.
    pub registered_on: NaiveDate,
    /// The legal deadline for the answer.
    pub deadline: NaiveDate,
    /// Present when the client sent an `Idempotency-Key`.
    pub idempotency: Option<IdempotencyClaim>,
    /// Who is registering it, for the audit log.
    pub actor: String,
    /// The service applied for, if it is a service application.
    pub service: Option<ServiceCode>,
    /// What the applicant claims, typed by the service's inputs (sealed at rest).
    pub claims: Option<serde_json::Value>,
    /// The case's first record, e.g. the link to the case it was forwarded from.
    pub case_record: Option<serde_json::Value>,
    /// The hash of the citizen's access code (see `Keyring::access_code_hash`), stored with
    /// a new appeal; a replayed registration keeps the code of the first.
    pub access_code_hash: Option<String>,
}

/// What became of one item of a registration batch.
#[derive(Debug, Clone)]
pub enum RegistrationOutcome {
    /// A new appeal was registered.
    Created(Appeal),
    /// The idempotency key had been used for the same request: this is the appeal it created.
    Replayed(Appeal),
    /// The idempotency key had been used for a different request; nothing was registered.
    KeyReusedForAnotherRequest,
}

/// Which appeals to list.
#[derive(Debug, Clone, Default)]
pub struct AppealFilter {
    /// Only appeals in this status.
    pub status: Option<CaseStatus>,
    /// Only appeals addressed to this agency.
    pub agency: Option<AgencyCode>,
    /// Only appeals due on or before this date.
    pub due_on_or_before: Option<NaiveDate>,
    /// Continue after this position of an earlier page.
    pub after: Option<PageCursor>,
    /// At most this many items (the caller bounds it).
    pub limit: u32,
}

/// A position in the listing order (deadline, then storage order). Opaque to clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageCursor {
    /// Deadline of the last item of the previous page.
    pub deadline: NaiveDate,
    /// Storage id of that item.
    pub id: i64,
}

impl PageCursor {
    /// The cursor's text form, `YYYY-MM-DD.id`.
    pub fn encode(&self) -> String {
        format!("{}.{}", self.deadline.format("%Y-%m-%d"), self.id)
    }

    /// Reads a cursor produced by [`PageCursor::encode`].
    pub fn decode(text: &str) -> Option<PageCursor> {
        let (date, id) = text.split_once('.')?;
        Some(PageCursor {
            deadline: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?,
            id: id.parse().ok()?,
        })
    }
}

/// What a listing shows of an appeal: no text and no personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppealSummary {
    /// Registration number.
    pub registration_number: RegistrationNumber,
    /// Kind of appeal.
    pub kind: AppealKind,
    /// Language of the appeal.
    pub language: Language,
    /// How it arrived.
    pub channel: Channel,
    /// Addressed agency.
    pub agency: Option<AgencyCode>,
    /// Registration date.
    pub registered_on: NaiveDate,
    /// Legal deadline.
    pub deadline: NaiveDate,
    /// Case status.
    pub status: CaseStatus,
}

/// One page of a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppealPage {
    /// The appeals on this page.
    pub items: Vec<AppealSummary>,
    /// Where the next page starts, if there may be one.
    pub next: Option<PageCursor>,
}

/// Why a store operation failed. Messages never carry personal data.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The URL names no supported database.
    #[error("unsupported database URL: expected sqlite://PATH or postgres://…")]
    UnsupportedUrl,
    /// The database refused or failed an operation.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// Applying migrations failed.
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// A stored value no longer parses, or a sealed one no longer opens: the database was
    /// edited outside Sheshim.
    #[error("stored {column} of {subject} is not valid")]
    Corrupt {
        /// The column at fault.
        column: &'static str,
        /// What row it is (a registration number or audit sequence number, never personal data).
        subject: String,
    },
    /// The database cannot take writes safely now: its file was deleted, replaced or made
    /// read-only while Sheshim ran. Nothing is acknowledged until it is put right.
    #[error("the database cannot be written: {0}")]
    Unavailable(String),
    /// The key file does not fit the database.
    #[error(transparent)]
    Keys(#[from] KeysProblem),
    /// A value could not be sealed.
    #[error("sealing personal data failed: {0}")]
    Seal(#[from] sheshim_crypto::KeyringError),
    /// Creating the folder or file of an SQLite database failed.
    #[error("cannot create the database file or its folder: {0}")]
    Folder(std::io::Error),
    /// What was to be added exists already (a login or a client name is taken).
    #[error("{what} already exists")]
    Duplicate {
        /// What, e.g. `a user with this login`.
        what: &'static str,
    },
    /// What a change names does not exist (e.g. no user has this login).
    #[error("no such {what}")]
    NotFound {
        /// What, e.g. `user`.
        what: &'static str,
    },
    /// The change is not allowed in the state its row is in now (e.g. a session for a
    /// disabled or locked account).
    #[error("refused: {why}")]
    Refused {
        /// Why, in words that name no person.
        why: &'static str,
    },
}

impl StoreError {
    /// Whether retrying the same write later may succeed once the database is put right,
    /// so that a batch need not be retried item by item now.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, StoreError::Unavailable(_))
    }
}

/// Why a key file cannot be used with a database. Each says what to do.
#[derive(Debug, Error)]
pub enum KeysProblem {
    /// The database was set up with another key file.
    #[error(
        "the key file belongs to store {found}, but this database is store {expected}: use the database's own key file"
    )]
    OtherStore {
        /// The database's store id.
        expected: String,
        /// The key file's store id.
        found: String,
    },
    /// The database was set up with a key file, and this one was never used with any database.
    #[error(
        "the database is store {expected}, but the key file was never used with a database: use the database's own key file"
    )]
    NotBound {
        /// The database's store id.
        expected: String,
    },
    /// The key file was made for a database that is not this one: this database is new or
    /// was replaced, and starting it afresh would issue registration numbers again.
    #[error(
        "the key file belongs to store {found}, but this database has never been used: the store's database is missing or was replaced. Restore it from a backup; only to start a new, empty store, use a new key file"
    )]
    DatabaseMissing {
        /// The key file's store id.
        found: String,
    },
    /// A key in the file is not the one the database was set up with.
    #[error("{key} in the key file is not the key this database was set up with")]
    WrongKey {
        /// Which key (e.g. `data key d1`, `lookup_key`).
        key: String,
    },
    /// Values in the database are sealed with a data key the file does not hold.
    #[error(
        "the database holds values sealed with data key {key}, which the key file does not hold"
    )]
    MissingKey {
        /// The data key id.
        key: String,
    },
}

/// What opening a store did with its key file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attached {
    /// The database and the key file were already each other's.
    Existing(StoreId),
    /// The database was used with a key file for the first time and is now bound to it under
    /// this new store id, which the caller must write into the key file. `sealed` appeals
    /// written before personal data was sealed were sealed now.
    New {
        /// The new store id.
        store_id: StoreId,
        /// How many earlier appeals were sealed.
        sealed: u64,
    },
}

impl Attached {
    /// The store's id.
    pub fn store_id(&self) -> &StoreId {
        match self {
            Attached::Existing(id) | Attached::New { store_id: id, .. } => id,
        }
    }
}

/// An audit entry as stored, with its MAC.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredAuditEntry {
    /// The entry.
    pub entry: sheshim_audit::AuditEntry,
    /// HMAC of the entry's hash under the audit key; `None` for entries written before audit
    /// entries were authenticated.
    pub mac: Option<String>,
}

/// One stored appeal as `audit verify` reads it: its registration number as stored, and the
/// appeal, or why it cannot be read.
#[derive(Debug)]
pub struct AppealRecord {
    /// Storage id, the listing order.
    pub id: i64,
    /// The registration number column as stored (it may itself be what is broken).
    pub registration_number: String,
    /// The appeal, or why it does not parse or open.
    pub appeal: Result<Appeal, StoreError>,
}

/// How far a key rotation has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Resealed {
    /// Appeals whose personal data was sealed again under the active key.
    pub appeals: u64,
}
