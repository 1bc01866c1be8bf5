//! The PostgreSQL store, for production and for several Sheshim processes sharing one database.
//!
//! Writers serialise on the single `audit_head` row (`SELECT … FOR UPDATE`), which keeps the
//! hash chain linear however many processes register appeals at once.

use crate::common::{impl_store, insert_audit_entry_method};
use crate::model::{Backend, StoreError};
use sqlx::postgres::PgPoolOptions;
use sqlx::{PgPool, Postgres, Transaction};

/// A store in a PostgreSQL database.
#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    /// Locks the head row for the rest of the transaction, so appends are serialised.
    const HEAD_FOR_UPDATE: &'static str =
        "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE";

    /// Connects to the database a `postgres://…` URL names.
    pub async fn open(url: &str) -> Result<PostgresStore, StoreError> {
        let pool = PgPoolOptions::new().max_connections(8).connect(url).await?;
        Ok(PostgresStore { pool })
    }

    async fn begin_write(&self) -> Result<Transaction<'static, Postgres>, StoreError> {
        Ok(self.pool.begin().await?)
    }

    insert_audit_entry_method!(Postgres);
}

impl_store!(
    PostgresStore,
    Postgres,
    Backend::Postgres,
    "./migrations/postgres"
);
