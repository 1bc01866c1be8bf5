//! Users, API tokens, channel clients and access codes in the store, the same on both
//! backends: each is found by the hash of its secret only, each addition is audited in its
//! own transaction, a taken login or client name is refused, and an appeal's access-code hash
//! is written with its registration and never replaced by an idempotent replay.
//!
//! `access_on_postgres` runs when `SHESHIM_TEST_POSTGRES_URL` names a PostgreSQL database; it
//! creates a fresh database beside it and drops it at the end.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::{NaiveDate, TimeZone, Utc};
use sheshim_crypto::{AccessCode, BearerSecret, Keyring, SecretKind, secret_hash};
use sheshim_domain::{
    AccountName, AgencyCode, AppealKind, AppealText, Applicant, Channel, Iin, Language, PersonName,
    Role,
};
use sheshim_store::{
    Attached, IdempotencyClaim, NewClient, NewRegistration, NewUser, RegistrationOutcome, Store,
    StoreError, verify_store,
};
use std::sync::Arc;

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

fn registration(code_hash: Option<String>, key: Option<&str>) -> NewRegistration {
    NewRegistration {
        kind: AppealKind::Request,
        language: Language::Ru,
        channel: Channel::Egov,
        text: AppealText::parse("Прошу сообщить, когда отремонтируют дорогу.").unwrap(),
        applicant: Applicant {
            iin: Iin::parse("850115310009").unwrap(),
            name: PersonName::parse("Test Applicant").unwrap(),
            phone: None,
            email: None,
            address: None,
        },
        agency: Some(AgencyCode::parse("AKIMAT-ALA").unwrap()),
        received_at: Utc.with_ymd_and_hms(2026, 3, 2, 6, 0, 0).unwrap(),
        registered_on: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        deadline: NaiveDate::from_ymd_opt(2026, 3, 23).unwrap(),
        idempotency: key.map(|key| IdempotencyClaim {
            key: key.to_owned(),
            request_sha256: "same-request".to_owned(),
        }),
        actor: "client:egov".to_owned(),
        access_code_hash: code_hash,
        service: None,
        claims: None,
        case_record: None,
    }
}

async fn access(url: &str) {
    let store = open(url).await;
    let at = Utc::now();

    // A user, found by their token's hash only, and never by a revoked or unknown one.
    let token = BearerSecret::generate(SecretKind::UserToken).unwrap();
    let login = AccountName::parse("a.serikova").unwrap();
    let user = NewUser {
        login: login.clone(),
        role: Role::Officer,
        agency: AgencyCode::parse("AKIMAT-ALA").unwrap(),
        password_hash: sheshim_crypto::hash_password("one-time").unwrap(),
        token_hash: token.hash(),
    };
    let id = store
        .add_user(user.clone(), "system:cli", at)
        .await
        .unwrap();
    let principal = store
        .principal_by_token_hash(&secret_hash(token.expose()))
        .await
        .unwrap()
        .expect("the token names its user");
    assert_eq!(principal.user_id, id);
    assert_eq!(principal.login, login);
    assert_eq!(principal.role, Role::Officer);
    assert_eq!(principal.agency.as_str(), "AKIMAT-ALA");
    assert_eq!(
        store.principal_by_token_hash(token.expose()).await.unwrap(),
        None,
        "the token itself is not what is stored"
    );
    let other = BearerSecret::generate(SecretKind::UserToken).unwrap();
    assert_eq!(
        store.principal_by_token_hash(&other.hash()).await.unwrap(),
        None
    );
    match store.add_user(user, "system:cli", at).await {
        Err(StoreError::Duplicate { what }) => assert!(what.contains("login")),
        other => panic!("a taken login was accepted: {other:?}"),
    }

    // A channel client, found by its key's hash.
    let key = BearerSecret::generate(SecretKind::ClientKey).unwrap();
    let client = NewClient {
        name: AccountName::parse("egov-portal").unwrap(),
        channel: Channel::Egov,
        key_hash: key.hash(),
        rate_per_minute: 600,
    };
    let client_id = store
        .add_client(client.clone(), "system:cli", at)
        .await
        .unwrap();
    let found = store
        .client_by_key_hash(&key.hash())
        .await
        .unwrap()
        .expect("the key names its client");
    assert_eq!(found.id, client_id);
    assert_eq!(found.name.as_str(), "egov-portal");
    assert_eq!(found.channel, Channel::Egov);
    assert_eq!(found.rate_per_minute, 600);
    assert_eq!(store.client_by_key_hash(&token.hash()).await.unwrap(), None);
    let renamed_key = NewClient {
        key_hash: BearerSecret::generate(SecretKind::ClientKey)
            .unwrap()
            .hash(),
        ..client
    };
    assert!(matches!(
        store.add_client(renamed_key, "system:cli", at).await,
        Err(StoreError::Duplicate { .. })
    ));

    // Access codes: written with the registration, kept by a replay.
    let keys = store.keyring();
    let code = AccessCode::generate().unwrap();
    let outcomes = store
        .register_batch(vec![
            registration(Some(keys.access_code_hash(&code)), Some("k1")),
            registration(None, None),
        ])
        .await
        .unwrap();
    let (RegistrationOutcome::Created(first), RegistrationOutcome::Created(second)) =
        (&outcomes[0], &outcomes[1])
    else {
        panic!("both are new: {outcomes:?}");
    };
    let stored = store
        .access_code_hash(&first.registration_number)
        .await
        .unwrap()
        .expect("the code's hash is stored with the appeal");
    assert!(keys.access_code_matches(&code, &stored));
    assert_eq!(
        store
            .access_code_hash(&second.registration_number)
            .await
            .unwrap(),
        None
    );
    let replay_code = AccessCode::generate().unwrap();
    let replayed = store
        .register_batch(vec![registration(
            Some(keys.access_code_hash(&replay_code)),
            Some("k1"),
        )])
        .await
        .unwrap();
    assert!(matches!(&replayed[0], RegistrationOutcome::Replayed(appeal)
        if appeal.registration_number == first.registration_number));
    let still = store
        .access_code_hash(&first.registration_number)
        .await
        .unwrap()
        .unwrap();
    assert!(keys.access_code_matches(&code, &still));
    assert!(!keys.access_code_matches(&replay_code, &still));

    // Every addition is in the audit log, which still verifies; no hash is in it.
    let entries = store.audit_entries(0, 100).await.unwrap();
    let actions: Vec<(&str, &str)> = entries
        .iter()
        .map(|e| (e.entry.action.as_str(), e.entry.subject.as_str()))
        .filter(|(action, _)| action.starts_with("user.") || action.starts_with("client."))
        .collect();
    assert_eq!(
        actions,
        [
            ("user.added", "user:a.serikova"),
            ("client.added", "client:egov-portal")
        ]
    );
    for entry in &entries {
        let payload = entry.entry.payload_text();
        for secret in [token.hash(), key.hash(), stored.clone()] {
            assert!(!payload.contains(&secret), "{payload}");
        }
    }
    let report = verify_store(store.as_ref(), store.keyring(), &[])
        .await
        .unwrap();
    assert!(report.is_intact(), "{report:?}");
}

#[tokio::test]
async fn access_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    access(&format!(
        "sqlite://{}",
        dir.path().join("access.db").display()
    ))
    .await;
}

#[tokio::test]
async fn access_on_postgres() {
    support::on_fresh_postgres("access", |url| async move { access(&url).await }).await;
}
