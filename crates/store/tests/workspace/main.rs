//! The web workspace's accounts in the store, the same on both backends: failed sign-ins lock
//! an account at the fifth (audited) and a successful one starts the count again; sessions
//! are found by their hash, refreshed, expire when idle (and are cleared then, even if nobody
//! asks for them again) and end on sign-out, when the user is disabled or their password is
//! reset; saved views replace by name and belong to their user
//! only; every change to a user is audited, an unknown login is an error, no secret reaches
//! the log, and the chain still verifies, after a key rotation too.
//!
//! `workspace_on_postgres` runs when `SHESHIM_TEST_POSTGRES_URL` names a PostgreSQL database;
//! it creates a fresh database beside it and drops it at the end.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod admin;
#[path = "../support/mod.rs"]
mod support;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use sheshim_crypto::{BearerSecret, Keyring, SecretKind, secret_hash};
use sheshim_domain::{AccountName, AgencyCode, Language, Role};
use sheshim_store::{Attached, Lockout, NewUser, Store, StoreError, UserId, verify_store};
use std::sync::Arc;

/// Stand-ins for argon2id PHC strings: the store keeps and compares nothing but the text.
const FIRST_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$Zmlyc3Qtc2FsdA$Zmlyc3QtaGFzaA";
const OWN_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$b3duLXNhbHQ$b3duLWhhc2g";
const RESET_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$cmVzZXQtc2FsdA$cmVzZXQtaGFzaA";

async fn open(url: &str) -> Arc<dyn Store> {
    let mut keys = Keyring::generate().unwrap();
    let (store, attached) = sheshim_store::open_attached(url, Arc::new(keys.clone()), Utc::now())
        .await
        .unwrap();
    if let Attached::New { store_id, .. } = attached {
        keys.bind(store_id);
    }
    store
}

async fn add(store: &dyn Store, login: &str, role: Role, at: DateTime<Utc>) -> UserId {
    let token = BearerSecret::generate(SecretKind::UserToken).unwrap();
    store
        .add_user(
            NewUser {
                login: AccountName::parse(login).unwrap(),
                role,
                agency: AgencyCode::parse("AKIMAT-ALA").unwrap(),
                password_hash: FIRST_HASH.to_owned(),
                token_hash: token.hash(),
            },
            "system:cli",
            at,
        )
        .await
        .unwrap()
}

/// The cookie's secret of a session the test names.
fn cookie(name: &str) -> String {
    format!("cookie-secret-of-{name}")
}

/// A session id's hash, as the workspace makes it from the cookie's secret.
fn session(name: &str) -> String {
    secret_hash(&cookie(name))
}

fn minutes(n: i64) -> TimeDelta {
    TimeDelta::minutes(n)
}

/// The audit entries with this action, as (actor, subject, payload).
async fn entries(store: &dyn Store, action: &str) -> Vec<(String, String, serde_json::Value)> {
    store
        .audit_entries(0, 1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.entry.action == action)
        .map(|e| (e.entry.actor, e.entry.subject, e.entry.payload))
        .collect()
}

async fn lockout_and_sign_in(store: &dyn Store, alice: UserId, t0: DateTime<Utc>) {
    let lockout = Lockout::default();
    assert_eq!(lockout.after_failures, 5);
    let login = AccountName::parse("alice").unwrap();
    let account = store.sign_in_account(&login).await.unwrap().unwrap();
    assert_eq!(account.user_id, alice);
    assert_eq!(account.password_hash, FIRST_HASH);
    assert!(account.must_change_password && !account.disabled);
    assert_eq!((account.locked_until, account.language), (None, None));
    assert!(!format!("{account:?}").contains(FIRST_HASH));
    let unknown = AccountName::parse("nobody").unwrap();
    assert!(store.sign_in_account(&unknown).await.unwrap().is_none());

    // Three failures, then a success: the count starts again, so four more do not lock.
    for i in 0..3 {
        let at = t0 + TimeDelta::seconds(i);
        assert_eq!(
            store
                .record_failed_sign_in(alice, at, &lockout)
                .await
                .unwrap(),
            None
        );
    }
    store
        .start_web_session(&session("first"), alice, t0 + minutes(1))
        .await
        .unwrap();
    for i in 0..4 {
        let at = t0 + minutes(2) + TimeDelta::seconds(i);
        assert_eq!(
            store
                .record_failed_sign_in(alice, at, &lockout)
                .await
                .unwrap(),
            None
        );
    }
    let fifth = t0 + minutes(3);
    let until = store
        .record_failed_sign_in(alice, fifth, &lockout)
        .await
        .unwrap();
    assert_eq!(
        until,
        Some(fifth + minutes(15)),
        "the fifth failure in a row locks"
    );
    let account = store.sign_in_account(&login).await.unwrap().unwrap();
    assert_eq!(account.locked_until, until);
    assert!(
        account.is_locked_at(fifth + minutes(14)) && !account.is_locked_at(fifth + minutes(16))
    );
    let locked = entries(store, "user.locked").await;
    assert_eq!(locked.len(), 1);
    assert_eq!(locked[0].0, "system:web-sign-in");
    assert_eq!(locked[0].1, "user:alice");
    assert_eq!(locked[0].2["failures"], 5);
    let written: DateTime<Utc> = locked[0].2["until"].as_str().unwrap().parse().unwrap();
    assert_eq!(Some(written), until);

    // While locked no session starts, even with the right password; after the lock it does.
    match store
        .start_web_session(&session("locked"), alice, fifth + minutes(5))
        .await
    {
        Err(StoreError::Refused { why }) => assert!(why.contains("locked")),
        other => panic!("a locked account signed in: {other:?}"),
    }
    store
        .start_web_session(&session("second"), alice, fifth + minutes(16))
        .await
        .unwrap();
    let account = store.sign_in_account(&login).await.unwrap().unwrap();
    assert_eq!(
        account.locked_until, None,
        "a successful sign-in after the lock lifts it"
    );
    let signed_in = entries(store, "user.signed_in").await;
    assert_eq!(signed_in.len(), 2);
    assert_eq!(
        (signed_in[0].0.as_str(), signed_in[0].1.as_str()),
        ("user:alice", "user:alice")
    );
    assert_eq!(signed_in[0].2["failed_sign_ins_before"], 3);
    assert_eq!(
        signed_in[1].2["failed_sign_ins_before"], 0,
        "the lock started the count again"
    );
    assert!(matches!(
        store
            .record_failed_sign_in(UserId(9999), t0, &lockout)
            .await,
        Err(StoreError::NotFound { .. })
    ));
}

async fn sessions(store: &dyn Store, alice: UserId, t0: DateTime<Utc>) {
    let idle = minutes(30);
    let id = session("sessions");
    assert!(store.web_session(&id, t0, idle).await.unwrap().is_none());
    store.start_web_session(&id, alice, t0).await.unwrap();
    let found = store
        .web_session(&id, t0 + TimeDelta::seconds(30), idle)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((found.user_id, found.login.as_str()), (alice, "alice"));
    assert_eq!(
        (found.role, found.agency.as_str()),
        (Role::Officer, "AKIMAT-ALA")
    );
    assert_eq!(
        (found.created_at, found.last_seen_at),
        (t0, t0),
        "younger than a minute"
    );
    assert!(
        store
            .web_session(&cookie("sessions"), t0, idle)
            .await
            .unwrap()
            .is_none(),
        "hash only"
    );

    // Used every 20 minutes, it lives longer than the idle time; left 31 minutes, it ends.
    let mut at = t0;
    for _ in 0..3 {
        at += minutes(20);
        let seen = store.web_session(&id, at, idle).await.unwrap().unwrap();
        assert_eq!(seen.last_seen_at, at, "refreshed");
    }
    // The first refresh cleared the sessions of the lockout's part of the story, idle for
    // longer than that since: asked at a time they were still fresh, they are gone.
    let earlier = t0 - minutes(40);
    for name in ["first", "second"] {
        assert!(
            store
                .web_session(&session(name), earlier, idle)
                .await
                .unwrap()
                .is_none()
        );
    }
    assert!(
        store
            .web_session(&id, at + minutes(31), idle)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .web_session(&id, at + minutes(1), idle)
            .await
            .unwrap()
            .is_none(),
        "deleted"
    );

    // The language is the user's, read with every session.
    store.start_web_session(&id, alice, at).await.unwrap();
    store.set_user_language(alice, Language::Kk).await.unwrap();
    let seen = store.web_session(&id, at, idle).await.unwrap().unwrap();
    assert_eq!(seen.language, Some(Language::Kk));
    assert!(matches!(
        store.set_user_language(UserId(9999), Language::Ru).await,
        Err(StoreError::NotFound { .. })
    ));

    // The user's own new password clears the forced change and keeps the session.
    store.change_password(alice, OWN_HASH, at).await.unwrap();
    let seen = store.web_session(&id, at, idle).await.unwrap().unwrap();
    assert!(!seen.must_change_password);
    let login = AccountName::parse("alice").unwrap();
    let account = store.sign_in_account(&login).await.unwrap().unwrap();
    assert_eq!(account.password_hash, OWN_HASH);

    // Signing out ends it, audited once; signing out again changes nothing.
    store.end_web_session(&id, at).await.unwrap();
    assert!(store.web_session(&id, at, idle).await.unwrap().is_none());
    store.end_web_session(&id, at).await.unwrap();
    let out = entries(store, "user.signed_out").await;
    assert_eq!(
        out,
        [(
            "user:alice".to_owned(),
            "user:alice".to_owned(),
            serde_json::json!({})
        )]
    );
}

async fn workspace(url: &str) {
    let store = open(url).await;
    let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 4, 0, 0).unwrap();
    let added = t0 - minutes(600);
    let alice = add(store.as_ref(), "alice", Role::Officer, added).await;
    let bob = add(store.as_ref(), "bob", Role::Officer, added).await;

    lockout_and_sign_in(store.as_ref(), alice, t0).await;
    sessions(store.as_ref(), alice, t0 + minutes(60)).await;
    admin::saved_views(store.as_ref(), alice, bob, t0 + minutes(200)).await;
    admin::administration(store.as_ref(), alice, bob, t0 + minutes(600)).await;

    // No password hash and no session id or its hash is in any audit entry.
    let mut secrets = vec![
        FIRST_HASH.to_owned(),
        OWN_HASH.to_owned(),
        RESET_HASH.to_owned(),
    ];
    for name in ["first", "second", "sessions", "a1", "a2", "a4", "b1"] {
        secrets.push(cookie(name));
        secrets.push(session(name));
    }
    for entry in store.audit_entries(0, 1000).await.unwrap() {
        let text = format!(
            "{} {} {}",
            entry.entry.actor,
            entry.entry.subject,
            entry.entry.payload_text()
        );
        for secret in &secrets {
            assert!(!text.contains(secret.as_str()), "{text}");
        }
    }

    // The chain verifies, and still does after a key rotation, which the new tables (sealing
    // nothing) leave as it was.
    let report = verify_store(store.as_ref(), store.keyring(), &[])
        .await
        .unwrap();
    assert!(report.is_intact(), "{report:?}");
    store
        .rotate_keys("system:key-rotate", t0 + minutes(700))
        .await
        .unwrap();
    let report = verify_store(store.as_ref(), store.keyring(), &[])
        .await
        .unwrap();
    assert!(report.is_intact(), "{report:?}");
}

#[tokio::test]
async fn workspace_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    workspace(&format!(
        "sqlite://{}",
        dir.path().join("workspace.db").display()
    ))
    .await;
}

#[tokio::test]
async fn workspace_on_postgres() {
    support::on_fresh_postgres("workspace", |url| async move { workspace(&url).await }).await;
}
