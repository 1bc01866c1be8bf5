//! The SQLite store: Sheshim's embedded default, one file created on first run.
//!
//! The file runs in WAL mode with `synchronous = FULL`, so a registration reported as done
//! has reached the disk. Write transactions start with `BEGIN IMMEDIATE`, taking SQLite's
//! single write lock at once instead of upgrading a read lock later (which can deadlock).

use crate::common::{impl_store, insert_audit_entry_method};
use crate::model::{Backend, StoreError};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};
use std::str::FromStr;
use std::time::Duration;

/// A store in an SQLite file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// The head row, read inside a write transaction; `BEGIN IMMEDIATE` already holds the lock.
    const HEAD_FOR_UPDATE: &'static str = "SELECT seq, hash FROM audit_head WHERE id = 1";

    /// Opens (creating if needed) the SQLite file a `sqlite://PATH` URL names, and its folder.
    pub async fn open(url: &str) -> Result<SqliteStore, StoreError> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        if let Some(folder) = options.get_filename().parent()
            && !folder.as_os_str().is_empty()
        {
            std::fs::create_dir_all(folder).map_err(StoreError::Folder)?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        Ok(SqliteStore { pool })
    }

    async fn begin_write(&self) -> Result<Transaction<'static, Sqlite>, StoreError> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    insert_audit_entry_method!(Sqlite);
}

impl_store!(SqliteStore, Sqlite, Backend::Sqlite, "./migrations/sqlite");
