//! The SQLite store: Sheshim's embedded default, one file created on first run.
//!
//! The file runs in WAL mode with `synchronous = FULL`, so a registration reported as done
//! has reached the disk. Write transactions start with `BEGIN IMMEDIATE`, taking SQLite's
//! single write lock at once instead of upgrading a read lock later (which can deadlock).
//! Every write transaction checks, before and after it commits, that the files on disk are
//! still the ones opened and writable (`file_guard.rs`). The file is created readable by its
//! owner only, and `secure_delete` overwrites what an update replaces, so a value that was
//! ever stored in the clear does not linger in free pages.

use crate::access::access_methods;
use crate::case_upkeep::case_upkeep_methods;
use crate::cases::case_methods;
use crate::common::{impl_store, insert_methods};
use crate::file_guard::{FileGuard, restrict_permissions};
use crate::keys::keys_methods;
use crate::link_sql::link_methods;
use crate::model::{Backend, StoreError};
use crate::offer_sql::offer_methods;
use crate::registry::registry_methods;
use crate::report_sql::report_methods;
use crate::web_access::web_access_methods;
use crate::web_admin::web_admin_methods;
use sheshim_crypto::Keyring;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{ConnectOptions, Sqlite, SqlitePool, Transaction};
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A store in an SQLite file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    keys: Arc<Keyring>,
    guard: Arc<FileGuard>,
    /// A connection held open for the store's whole life, so that SQLite never deletes and
    /// re-creates the WAL by itself (it does when its last connection closes); the guard can
    /// then tell a WAL replaced from outside.
    _keeper: Arc<Mutex<SqliteConnection>>,
}

impl SqliteStore {
    /// The head row, read inside a write transaction; `BEGIN IMMEDIATE` already holds the lock.
    const HEAD_FOR_UPDATE: &'static str = "SELECT seq, hash FROM audit_head WHERE id = 1";

    /// Opens (creating if needed, readable by its owner only) the SQLite file a
    /// `sqlite://PATH` URL names, and its folder; personal data is sealed with `keys`.
    pub async fn open(url: &str, keys: Arc<Keyring>) -> Result<SqliteStore, StoreError> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .pragma("secure_delete", "ON")
            .busy_timeout(Duration::from_secs(10));
        let path = options.get_filename().to_owned();
        restrict_permissions(&path)?;
        let keeper = options.connect().await?;
        // Only the first connection may create the file: a connection opened later, after the
        // file was deleted, must fail rather than start an empty database in its place.
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.create_if_missing(false))
            .await?;
        let guard = FileGuard::new(&path)?;
        Ok(SqliteStore {
            pool,
            keys,
            guard: Arc::new(guard),
            _keeper: Arc::new(Mutex::new(keeper)),
        })
    }

    async fn begin_write(&self) -> Result<Transaction<'static, Sqlite>, StoreError> {
        let tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        self.guard.check()?;
        Ok(tx)
    }

    /// Commits, then checks that the commit went to the files Sheshim opened: if the file was
    /// deleted or replaced meanwhile, the write is not acknowledged.
    async fn commit_write(&self, tx: Transaction<'static, Sqlite>) -> Result<(), StoreError> {
        tx.commit().await?;
        self.guard.check()
    }

    /// After values stored in the clear were sealed: copy the WAL into the file and empty it,
    /// so the old values (already overwritten by `secure_delete`) leave no copy behind.
    async fn scrub_after_sealing(&self) -> Result<(), StoreError> {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    insert_methods!(Sqlite);
    keys_methods!(Sqlite);
    case_methods!(Sqlite);
    case_upkeep_methods!(Sqlite);
    access_methods!(Sqlite);
    registry_methods!(Sqlite);
    offer_methods!(Sqlite);
    link_methods!(Sqlite);
    web_access_methods!(Sqlite);
    web_admin_methods!(Sqlite);
    report_methods!(Sqlite);
}

impl_store!(SqliteStore, Sqlite, Backend::Sqlite, "./migrations/sqlite");
