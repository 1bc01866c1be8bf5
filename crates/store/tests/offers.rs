//! Proactive offers against every backend: written once per service, person and period,
//! sealed at rest, audited without personal data, moved only from the state each change
//! follows (an offer past its time cannot be accepted, only marked expired), and resealed
//! by key rotation.
//!
//! `offers_on_sqlite` always runs; `offers_on_postgres` runs when
//! `SHESHIM_TEST_POSTGRES_URL` names a PostgreSQL database, in a fresh database it drops at
//! the end.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::Arc;

use chrono::{Duration, NaiveDate, Utc};
use sheshim_crypto::Keyring;
use sheshim_domain::{Iin, ServiceCode, with_check_digit};
use sheshim_store::{
    Attached, Backend, NewOffer, OfferChange, OfferContent, OfferId, OfferStatus, Store,
    verify_store,
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

async fn open_with(url: &str, keys: &mut Keyring) -> Arc<dyn Store> {
    let (store, attached) = sheshim_store::open_attached(url, Arc::new(keys.clone()), Utc::now())
        .await
        .unwrap();
    if let Attached::New { store_id, .. } = attached {
        keys.bind(store_id);
    }
    store
}

async fn raw_texts(url: &str, sql: &str) -> Vec<String> {
    let sql = AssertSqlSafe(sql.to_owned());
    match Backend::of_url(url).unwrap() {
        Backend::Sqlite => {
            let pool = SqlitePool::connect(url).await.unwrap();
            let rows = sqlx::query_scalar(sql).fetch_all(&pool).await.unwrap();
            pool.close().await;
            rows
        }
        Backend::Postgres => {
            let pool = PgPool::connect(url).await.unwrap();
            let rows = sqlx::query_scalar(sql).fetch_all(&pool).await.unwrap();
            pool.close().await;
            rows
        }
    }
}

fn offer(n: u8, who: &Iin, period: &str, expires_in: Duration) -> NewOffer {
    NewOffer {
        id: OfferId::from_random([n; 16]),
        service: ServiceCode::parse("large-family-allowance").unwrap(),
        period: period.to_owned(),
        content: OfferContent {
            iin: who.clone(),
            facts: serde_json::json!({ "Children under 18": 4, "Permanent resident": true }),
            claims: serde_json::json!({ "children_under_18": 4 }),
            amount_tiyn: Some(27_731_900),
            as_of: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        },
        access_code_hash: "ab".repeat(32),
        expires_at: Utc::now() + expires_in,
    }
}

async fn scenario(url: &str) {
    let mut keys = Keyring::generate().unwrap();
    let store = open_with(url, &mut keys).await;
    let (aigerim, dana) = (iin("9001154000"), iin("8507224000"));
    let month = Duration::days(30);

    // One offer per service, person and period, also within a batch.
    let written = store
        .put_offers(
            vec![
                offer(1, &aigerim, "2026-03", month),
                offer(2, &dana, "2026-03", -Duration::days(1)),
                offer(3, &aigerim, "2026-03", month),
            ],
            "cli:proactive",
            Utc::now(),
        )
        .await
        .unwrap();
    assert_eq!(written.created, vec![true, true, false]);
    let again = store
        .put_offers(
            vec![
                offer(4, &aigerim, "2026-03", month),
                offer(5, &aigerim, "2026-04", month),
            ],
            "cli:proactive",
            Utc::now(),
        )
        .await
        .unwrap();
    assert_eq!(again.created, vec![false, true]);
    assert!(
        store
            .offer(&OfferId::from_random([3; 16]))
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .offer(&OfferId::from_random([4; 16]))
            .await
            .unwrap()
            .is_none()
    );

    // Read back as written; sealed at rest; the audit log holds no IIN.
    let first = store
        .offer(&OfferId::from_random([1; 16]))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.status, OfferStatus::Offered);
    assert_eq!(first.content.iin, aigerim);
    assert_eq!(first.content.claims["children_under_18"], 4);
    assert_eq!(first.content.amount_tiyn, Some(27_731_900));
    for sealed in raw_texts(url, "SELECT sealed FROM offers").await {
        assert!(sealed.starts_with("sh1:") && !sealed.contains(aigerim.expose()));
    }
    let payloads = raw_texts(url, "SELECT payload FROM audit_log").await;
    assert!(
        payloads
            .iter()
            .all(|p| !p.contains(aigerim.expose()) && !p.contains(dana.expose()))
    );
    assert!(payloads.iter().any(|p| p.contains("\"created\":2")));

    // Accepted once; then neither accepted again nor declined.
    let now = Utc::now();
    let id = OfferId::from_random([1; 16]);
    assert!(
        store
            .change_offer(&id, &OfferChange::Accept, "citizen:offer", now)
            .await
            .unwrap()
    );
    assert!(
        !store
            .change_offer(&id, &OfferChange::Accept, "citizen:offer", now)
            .await
            .unwrap()
    );
    assert!(
        !store
            .change_offer(&id, &OfferChange::Decline, "citizen:offer", now)
            .await
            .unwrap()
    );
    assert_eq!(
        store.offer(&id).await.unwrap().unwrap().status,
        OfferStatus::Accepted
    );

    // Past its time: not accepted, only marked expired, and kept.
    let lapsed = OfferId::from_random([2; 16]);
    assert!(
        !store
            .change_offer(&lapsed, &OfferChange::Accept, "citizen:offer", now)
            .await
            .unwrap()
    );
    assert!(
        store
            .change_offer(&lapsed, &OfferChange::Expire, "citizen:offer", now)
            .await
            .unwrap()
    );
    assert_eq!(
        store.offer(&lapsed).await.unwrap().unwrap().status,
        OfferStatus::Expired
    );

    // Declined and kept.
    let april = OfferId::from_random([5; 16]);
    assert!(
        store
            .change_offer(&april, &OfferChange::Decline, "citizen:offer", now)
            .await
            .unwrap()
    );
    let declined = store.offer(&april).await.unwrap().unwrap();
    assert_eq!(
        (declined.status, declined.decided_at.is_some()),
        (OfferStatus::Declined, true)
    );
    let history = store
        .history(&format!("offer:{}", april.as_str()))
        .await
        .unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].entry.action, "offer.declined");

    // Lapsed offers still open are swept to expired, once.
    store
        .put_offers(
            vec![offer(6, &dana, "2026-05", -Duration::days(1))],
            "cli:proactive",
            Utc::now(),
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .expire_offers("cli:proactive", Utc::now())
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .expire_offers("cli:proactive", Utc::now())
            .await
            .unwrap(),
        0
    );
    let swept = store
        .offer(&OfferId::from_random([6; 16]))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(swept.status, OfferStatus::Expired);
    assert_eq!(
        store.offer(&id).await.unwrap().unwrap().status,
        OfferStatus::Accepted
    );

    // Key rotation reseals the offers, which still open.
    let mut rotated = keys.clone();
    let new_key = rotated.add_data_key().unwrap();
    let store = open_with(url, &mut rotated).await;
    store
        .rotate_keys("officer:admin", Utc::now())
        .await
        .unwrap();
    for sealed in raw_texts(url, "SELECT sealed FROM offers").await {
        assert!(sealed.starts_with(&format!("sh1:{new_key}:")), "{sealed}");
    }
    let first = store.offer(&id).await.unwrap().unwrap();
    assert_eq!(first.content.iin, aigerim);
    let report = verify_store(store.as_ref(), store.keyring(), &[])
        .await
        .unwrap();
    assert!(report.is_intact(), "{report:?}");
}

#[tokio::test]
async fn offers_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("offers.db").display());
    scenario(&url).await;
}

#[tokio::test]
async fn offers_on_postgres() {
    support::on_fresh_postgres("offers", |url| async move { scenario(&url).await }).await;
}
