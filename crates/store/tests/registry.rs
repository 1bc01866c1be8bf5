//! The store's registry table against every backend: persons written and read back, sealed
//! at rest, recorded in an audit log that still verifies, found only by their own IIN,
//! resealed by key rotation, and read through the `Registry` trait.
//!
//! `registry_on_sqlite` always runs; `registry_on_postgres` runs when
//! `SHESHIM_TEST_POSTGRES_URL` names a PostgreSQL database, in a fresh database it drops at
//! the end.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::Arc;

use chrono::{NaiveDate, Utc};
use sheshim_crypto::Keyring;
use sheshim_domain::{Iin, with_check_digit};
use sheshim_registry::{Child, Fact, Member, PersonFacts, Registry, RegistryError};
use sheshim_store::{
    Attached, Backend, RegistryWritten, Store, StoreError, StoreRegistry, verify_store,
};
use sqlx::AssertSqlSafe;
use sqlx::postgres::PgPool;
use sqlx::sqlite::SqlitePool;

fn iin(first10: &str) -> Iin {
    let text = (0..10)
        .find_map(|last| with_check_digit(&format!("{first10}{last}")))
        .unwrap();
    Iin::parse(&text).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn fact<T>(value: T) -> Fact<T> {
    Fact {
        value,
        source: "extract:akimat-2026-03".to_owned(),
        as_of: date(2026, 3, 1),
    }
}

fn person(birth: NaiveDate, region: &str, income: i64, children: usize) -> PersonFacts {
    PersonFacts {
        birth_date: fact(birth),
        sex: fact("F".to_owned()),
        residence: Some(fact(region.to_owned())),
        citizen: Some(fact(true)),
        permanent_resident: Some(fact(true)),
        children: Some(fact(
            (0..children)
                .map(|i| Child {
                    birth_date: date(2015 + i as i32, 5, 1),
                    birth_order: i as u32 + 1,
                })
                .collect(),
        )),
        household: Some(fact(vec![Member {
            birth_date: birth,
            monthly_income: income,
        }])),
        monthly_income: Some(fact(income)),
        disability_group: Some(fact(0)),
        employed: None,
    }
}

async fn open_with(url: &str, keys: &mut Keyring) -> Arc<dyn Store> {
    let (store, attached) = sheshim_store::open_attached(url, Arc::new(keys.clone()), Utc::now())
        .await
        .unwrap();
    if let Attached::New { store_id, .. } = attached {
        keys.bind(store_id);
    }
    store
}

/// Runs `sql` on the database directly, returning the rows of one text column.
async fn raw_texts(url: &str, sql: &str) -> Vec<String> {
    match Backend::of_url(url).unwrap() {
        Backend::Sqlite => {
            let pool = SqlitePool::connect(url).await.unwrap();
            let rows = sqlx::query_scalar(AssertSqlSafe(sql.to_owned()))
                .fetch_all(&pool)
                .await
                .unwrap();
            pool.close().await;
            rows
        }
        Backend::Postgres => {
            let pool = PgPool::connect(url).await.unwrap();
            let rows = sqlx::query_scalar(AssertSqlSafe(sql.to_owned()))
                .fetch_all(&pool)
                .await
                .unwrap();
            pool.close().await;
            rows
        }
    }
}

async fn raw_execute(url: &str, sql: &str) {
    match Backend::of_url(url).unwrap() {
        Backend::Sqlite => {
            let pool = SqlitePool::connect(url).await.unwrap();
            sqlx::query(AssertSqlSafe(sql.to_owned()))
                .execute(&pool)
                .await
                .unwrap();
            pool.close().await;
        }
        Backend::Postgres => {
            let pool = PgPool::connect(url).await.unwrap();
            sqlx::query(AssertSqlSafe(sql.to_owned()))
                .execute(&pool)
                .await
                .unwrap();
            pool.close().await;
        }
    }
}

async fn intact(store: &dyn Store) -> u64 {
    let report = verify_store(store, store.keyring(), &[]).await.unwrap();
    assert!(report.is_intact(), "{report:?}");
    report.entries
}

async fn scenario(url: &str) {
    let mut keys = Keyring::generate().unwrap();
    let store = open_with(url, &mut keys).await;
    let aigerim = iin("9001154000");
    let dana = iin("8507224000");
    let saule = iin("0203036000");
    let stranger = iin("7711114000");
    let facts_a = person(date(1990, 1, 15), "Almaty", 310_000, 2);
    let facts_d = person(date(1985, 7, 22), "Turkistan region", 0, 5);
    let facts_s = person(date(2002, 3, 3), "Astana", 150_000, 0);

    // Written in one batch, read back as written; a person not written is None.
    let written = store
        .put_registry_persons(
            &[
                (aigerim.clone(), facts_a.clone()),
                (dana.clone(), facts_d.clone()),
                (saule.clone(), facts_s.clone()),
            ],
            "system:test",
            Utc::now(),
        )
        .await
        .unwrap();
    assert_eq!(
        written,
        RegistryWritten {
            created: 3,
            updated: 0
        }
    );
    assert_eq!(
        store.registry_person(&aigerim).await.unwrap(),
        Some(facts_a)
    );
    assert_eq!(
        store.registry_person(&dana).await.unwrap(),
        Some(facts_d.clone())
    );
    assert_eq!(store.registry_person(&stranger).await.unwrap(), None);

    // Writing a person again replaces the facts; a person named twice keeps the later ones.
    let moved = person(date(1990, 1, 15), "Shymkent", 320_000, 3);
    store
        .put_registry_person(&aigerim, &moved, "system:test", Utc::now())
        .await
        .unwrap();
    assert_eq!(
        store.registry_person(&aigerim).await.unwrap(),
        Some(moved.clone())
    );
    let twice = store
        .put_registry_persons(
            &[
                (stranger.clone(), facts_s.clone()),
                (stranger.clone(), facts_d.clone()),
            ],
            "system:test",
            Utc::now(),
        )
        .await
        .unwrap();
    assert_eq!(
        twice,
        RegistryWritten {
            created: 1,
            updated: 0
        }
    );
    assert_eq!(
        store.registry_person(&stranger).await.unwrap(),
        Some(facts_d.clone())
    );
    assert_eq!(
        raw_texts(url, "SELECT CAST(COUNT(*) AS TEXT) FROM registry_persons").await,
        ["4"]
    );

    // Nothing about the persons is stored or logged in the clear.
    let stored = raw_texts(url, "SELECT facts FROM registry_persons").await;
    let logged = raw_texts(url, "SELECT payload FROM audit_log").await;
    for text in stored.iter().chain(&logged) {
        for secret in [
            aigerim.expose(),
            dana.expose(),
            "Shymkent",
            "Turkistan",
            "1990-01-15",
        ] {
            assert!(!text.contains(secret), "{secret} found in {text}");
        }
    }
    assert!(stored.iter().all(|s| s.starts_with("sh1:d1:")));
    assert!(
        logged
            .iter()
            .any(|p| p.contains("\"created\":1") && p.contains("records_sha256"))
    );
    // Three writes, one entry each, after the binding entry: the log still verifies.
    assert_eq!(intact(&*store).await, 4);

    // Through the Registry trait.
    let registry = StoreRegistry(Arc::clone(&store));
    assert_eq!(registry.name(), "store:registry_persons");
    assert_eq!(
        registry.person(&aigerim).await.unwrap(),
        Some(moved.clone())
    );
    assert_eq!(registry.person(&iin("6612124000")).await.unwrap(), None);

    // Key rotation seals the registry's rows again under the new key and retires the old.
    let mut rotated = keys.clone();
    rotated.add_data_key().unwrap();
    let store = open_with(url, &mut rotated).await;
    store
        .rotate_keys("officer:admin", Utc::now())
        .await
        .unwrap();
    let stored = raw_texts(url, "SELECT facts FROM registry_persons").await;
    assert!(
        stored.iter().all(|s| s.starts_with("sh1:d2:")),
        "{stored:?}"
    );
    assert_eq!(
        raw_texts(
            url,
            "SELECT key_id FROM data_keys WHERE retired_at IS NOT NULL"
        )
        .await,
        ["d1"]
    );
    assert_eq!(store.registry_person(&dana).await.unwrap(), Some(facts_d));
    assert!(
        raw_texts(url, "SELECT payload FROM audit_log")
            .await
            .iter()
            .any(|p| p.contains("\"registry_persons_resealed\":4"))
    );
    assert_eq!(intact(&*store).await, 5);

    // A sealed value moved to another person's row does not open: the store says it is
    // corrupt, and the registry that reads it does not answer (the case goes to an officer).
    raw_execute(
        url,
        "UPDATE registry_persons SET facts = (SELECT facts FROM registry_persons ORDER BY id \
         LIMIT 1) WHERE id = (SELECT MAX(id) FROM registry_persons)",
    )
    .await;
    match store.registry_person(&stranger).await {
        Err(StoreError::Corrupt { column, subject }) => {
            assert_eq!(column, "registry_persons.facts");
            assert!(!subject.contains(stranger.expose()));
        }
        other => panic!("expected a corrupt row, got {other:?}"),
    }
    let registry = StoreRegistry(Arc::clone(&store));
    match registry.person(&stranger).await {
        Err(RegistryError::Unavailable { registry, reason }) => {
            assert_eq!(registry, "store:registry_persons");
            assert!(!reason.contains(stranger.expose()), "{reason}");
        }
        other => panic!("expected the registry not to answer, got {other:?}"),
    }
}

#[tokio::test]
async fn registry_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("registry.db").display());
    scenario(&url).await;
}

#[tokio::test]
async fn registry_on_postgres() {
    support::on_fresh_postgres("registry", |url| async move { scenario(&url).await }).await;
}
