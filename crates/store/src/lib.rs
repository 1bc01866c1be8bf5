//! Persistence for Sheshim behind one [`Store`] trait, with an SQLite implementation (the
//! embedded default: a file created on first run) and a PostgreSQL one, chosen by the
//! database URL.
//!
//! Every change is written in the same transaction as the audit entry that records it, and
//! each backend has its own append-only migrations under `migrations/<backend>/`.

mod common;
mod model;
mod postgres;
mod row;
mod sqlite;
mod verify;

use async_trait::async_trait;
use sheshim_audit::{AuditEntry, ChainHead};
use sheshim_domain::{Appeal, RegistrationNumber};
use std::sync::Arc;

pub use model::{
    AppealFilter, AppealPage, AppealSummary, Backend, IdempotencyClaim, NewRegistration,
    PageCursor, RegistrationOutcome, StoreError,
};
pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;
pub use verify::{AuditVerification, verify_audit_chain};

/// Everything Sheshim keeps. Implementations must write each change and its audit entry in
/// one transaction, and must never lose a registration they reported as done.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Which database this is.
    fn backend(&self) -> Backend;

    /// Applies the backend's migrations that have not been applied yet.
    async fn migrate(&self) -> Result<(), StoreError>;

    /// Registers a batch of appeals in one transaction: each gets the next registration
    /// number of its registration year and an audit entry. An item whose idempotency key was
    /// already used returns the appeal that key created instead of a new one. The outcomes
    /// are in the order of the batch; nothing is written unless all of it is.
    async fn register_batch(
        &self,
        batch: Vec<NewRegistration>,
    ) -> Result<Vec<RegistrationOutcome>, StoreError>;

    /// One appeal by its registration number.
    async fn appeal(&self, number: &RegistrationNumber) -> Result<Option<Appeal>, StoreError>;

    /// A page of appeals ordered by deadline (then by registration order), filtered.
    async fn list_appeals(&self, filter: &AppealFilter) -> Result<AppealPage, StoreError>;

    /// How many appeals are stored.
    async fn count_appeals(&self) -> Result<u64, StoreError>;

    /// Audit entries with sequence numbers above `after_seq`, in order, at most `limit`.
    async fn audit_entries(
        &self,
        after_seq: u64,
        limit: u32,
    ) -> Result<Vec<AuditEntry>, StoreError>;

    /// The chain head recorded beside the audit log.
    async fn audit_head(&self) -> Result<ChainHead, StoreError>;

    /// Checks that the database answers.
    async fn ping(&self) -> Result<(), StoreError>;
}

/// Opens the store a URL names: `sqlite://path/to/file.db` (created with its folder if
/// missing) or `postgres://…` / `postgresql://…`. Migrations are not run; call
/// [`Store::migrate`].
pub async fn open(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    match Backend::of_url(url)? {
        Backend::Sqlite => Ok(Arc::new(SqliteStore::open(url).await?)),
        Backend::Postgres => Ok(Arc::new(PostgresStore::open(url).await?)),
    }
}
