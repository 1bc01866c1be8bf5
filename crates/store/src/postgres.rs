//! The PostgreSQL store, for production and for several Sheshim processes sharing one database.
//!
//! Writers serialise on the single `audit_head` row (`SELECT … FOR UPDATE`), which keeps the
//! hash chain linear however many processes register appeals at once.

use crate::access::access_methods;
use crate::case_upkeep::case_upkeep_methods;
use crate::cases::case_methods;
use crate::common::{impl_store, insert_methods};
use crate::keys::keys_methods;
use crate::link_sql::link_methods;
use crate::model::{Backend, StoreError};
use crate::offer_sql::offer_methods;
use crate::registry::registry_methods;
use crate::report_sql::report_methods;
use crate::web_access::web_access_methods;
use crate::web_admin::web_admin_methods;
use sheshim_crypto::Keyring;
use sqlx::postgres::PgPoolOptions;
use sqlx::{PgPool, Postgres, Transaction};
use std::sync::Arc;

/// A store in a PostgreSQL database.
#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
    keys: Arc<Keyring>,
}

impl PostgresStore {
    /// Locks the head row for the rest of the transaction, so appends are serialised.
    const HEAD_FOR_UPDATE: &'static str =
        "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE";

    /// Connects to the database a `postgres://…` URL names; personal data is sealed with `keys`.
    pub async fn open(url: &str, keys: Arc<Keyring>) -> Result<PostgresStore, StoreError> {
        let pool = PgPoolOptions::new().max_connections(8).connect(url).await?;
        Ok(PostgresStore { pool, keys })
    }

    async fn begin_write(&self) -> Result<Transaction<'static, Postgres>, StoreError> {
        Ok(self.pool.begin().await?)
    }

    async fn commit_write(&self, tx: Transaction<'static, Postgres>) -> Result<(), StoreError> {
        Ok(tx.commit().await?)
    }

    /// After values stored in the clear were sealed: rewrite the table, so the old row
    /// versions holding them are gone rather than merely dead.
    async fn scrub_after_sealing(&self) -> Result<(), StoreError> {
        sqlx::query("VACUUM FULL appeals")
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    insert_methods!(Postgres);
    keys_methods!(Postgres);
    case_methods!(Postgres);
    case_upkeep_methods!(Postgres);
    access_methods!(Postgres);
    registry_methods!(Postgres);
    offer_methods!(Postgres);
    link_methods!(Postgres);
    web_access_methods!(Postgres);
    web_admin_methods!(Postgres);
    report_methods!(Postgres);
}

impl_store!(
    PostgresStore,
    Postgres,
    Backend::Postgres,
    "./migrations/postgres"
);
