//! A database written before personal data was sealed: opening it with a key file for the
//! first time seals every stored appeal, keeps every record and the audit chain intact, and
//! leaves no value in the clear in the SQLite files (nor in PostgreSQL's rows, when
//! `SHESHIM_TEST_POSTGRES_URL` is set).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{NaiveDate, TimeZone, Utc};
use sheshim_audit::{ChainHead, NewAuditEntry};
use sheshim_crypto::Keyring;
use sheshim_domain::{
    Appeal, AppealKind, AppealText, Applicant, CaseStatus, Channel, Email, Iin, Language,
    PersonName, Phone, PostalAddress, RegistrationNumber,
};
use sheshim_store::{Attached, Backend, record_digest, verify_store};
use sqlx::AssertSqlSafe;
use std::sync::Arc;

const SQLITE_0001: &str = include_str!("../migrations/sqlite/0001_appeals_and_audit.sql");
const POSTGRES_0001: &str = include_str!("../migrations/postgres/0001_appeals_and_audit.sql");

/// Three appeals as the store kept them before sealing.
fn legacy_appeals() -> Vec<Appeal> {
    let people = [
        (
            "8501153",
            "Ерлан Қайратұлы Сәрсенбаев",
            "Ақтөбе, Абай даңғылы 44, 12",
        ),
        (
            "8801014",
            "Мария Петровна Иванова",
            "Алматы, ул. Жибек Жолы 50, 3",
        ),
        (
            "9002144",
            "Aigul Nurlanovna Bekova",
            "Shymkent, Tauke Khan avenue 9",
        ),
    ];
    people
        .iter()
        .enumerate()
        .map(|(i, (born, name, address))| {
            // The first serial that gives a valid check digit.
            let iin = (0..10_000u32)
                .find_map(|serial| sheshim_domain::with_check_digit(&format!("{born}{serial:04}")))
                .unwrap();
            let iin = Iin::parse(&iin).unwrap();
            Appeal {
                registration_number: RegistrationNumber::new(2026, i as u64 + 1).unwrap(),
                kind: AppealKind::Complaint,
                language: Language::Ru,
                channel: Channel::Web,
                text: AppealText::parse(&format!(
                    "Старое обращение номер {i}: во дворе течёт труба."
                ))
                .unwrap(),
                applicant: Applicant {
                    iin,
                    name: PersonName::parse(name).unwrap(),
                    phone: Some(Phone::parse(&format!("+7701555000{i}")).unwrap()),
                    email: Some(Email::parse(&format!("legacy{i}@example.kz")).unwrap()),
                    address: Some(PostalAddress::parse(address).unwrap()),
                },
                agency: None,
                received_at: Utc.with_ymd_and_hms(2026, 3, 2, 5, i as u32, 0).unwrap(),
                registered_on: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
                deadline: NaiveDate::from_ymd_opt(2026, 3, 23).unwrap(),
                status: CaseStatus::Registered,
            }
        })
        .collect()
}

fn secrets(appeals: &[Appeal]) -> Vec<String> {
    appeals
        .iter()
        .flat_map(|a| {
            let p = &a.applicant;
            [
                a.text.as_str().to_owned(),
                p.iin.expose().to_owned(),
                p.name.expose().to_owned(),
                p.phone.as_ref().unwrap().expose().to_owned(),
                p.email.as_ref().unwrap().expose().to_owned(),
                p.address.as_ref().unwrap().expose().to_owned(),
            ]
        })
        .collect()
}

/// The statements that write the legacy rows: the appeals in the clear, their audit entries
/// and the head, as the first migration's schema held them.
fn legacy_statements(appeals: &[Appeal], backend: Backend) -> Vec<String> {
    let quote = |text: &str| format!("'{}'", text.replace('\'', "''"));
    let mut head = ChainHead::EMPTY;
    let mut statements = Vec::new();
    for (i, appeal) in appeals.iter().enumerate() {
        let p = &appeal.applicant;
        let received = appeal
            .received_at
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        statements.push(format!(
            "INSERT INTO appeals (registration_number, reg_year, reg_seq, kind, language, channel, text, \
             applicant_iin, applicant_name, applicant_phone, applicant_email, applicant_address, agency, \
             received_at, registered_on, deadline, status) VALUES ({}, 2026, {}, 'complaint', 'ru', 'web', \
             {}, {}, {}, {}, {}, {}, NULL, {}, '2026-03-02', '2026-03-23', 'registered')",
            quote(appeal.registration_number.as_str()),
            i + 1,
            quote(appeal.text.as_str()),
            quote(p.iin.expose()),
            quote(p.name.expose()),
            quote(p.phone.as_ref().unwrap().expose()),
            quote(p.email.as_ref().unwrap().expose()),
            quote(p.address.as_ref().unwrap().expose()),
            if backend == Backend::Sqlite {
                quote(&received)
            } else {
                format!("{}::timestamptz", quote(&received))
            },
        ));
        let entry = head.append(NewAuditEntry {
            at: appeal.received_at,
            actor: "system:intake".into(),
            action: "appeal.registered".into(),
            subject: appeal.registration_number.as_str().into(),
            payload: serde_json::json!({
                "status": "registered",
                "record_sha256": record_digest(appeal),
            }),
        });
        statements.push(format!(
            "INSERT INTO audit_log (seq, at, actor, action, subject, payload, prev_hash, hash) \
             VALUES ({}, {}, 'system:intake', 'appeal.registered', {}, {}, {}, {})",
            entry.seq,
            if backend == Backend::Sqlite {
                quote(&received)
            } else {
                format!("{}::timestamptz", quote(&received))
            },
            quote(&entry.subject),
            quote(&entry.payload_text()),
            quote(&entry.prev_hash.to_hex()),
            quote(&entry.hash.to_hex()),
        ));
    }
    statements.push(format!(
        "UPDATE audit_head SET seq = {}, hash = '{}'",
        head.seq,
        head.hash.to_hex()
    ));
    statements.push(format!(
        "INSERT INTO registration_counters (year, last_seq) VALUES (2026, {})",
        appeals.len()
    ));
    statements
}

/// Builds a legacy database at `url`: the first migration applied as sqlx applies it (so
/// that the store's migrator sees it as applied), then the legacy rows.
async fn build_legacy(url: &str, backend: Backend, appeals: &[Appeal]) {
    let folder = tempfile::tempdir().unwrap();
    let (name, sql) = match backend {
        Backend::Sqlite => ("0001_appeals_and_audit.sql", SQLITE_0001),
        Backend::Postgres => ("0001_appeals_and_audit.sql", POSTGRES_0001),
    };
    std::fs::write(folder.path().join(name), sql).unwrap();
    let migrator = sqlx::migrate::Migrator::new(folder.path()).await.unwrap();
    match backend {
        Backend::Sqlite => {
            let options: sqlx::sqlite::SqliteConnectOptions = url.parse().unwrap();
            let pool = sqlx::SqlitePool::connect_with(options.create_if_missing(true))
                .await
                .unwrap();
            migrator.run(&pool).await.unwrap();
            for statement in legacy_statements(appeals, backend) {
                sqlx::query(AssertSqlSafe(statement))
                    .execute(&pool)
                    .await
                    .unwrap();
            }
            pool.close().await;
        }
        Backend::Postgres => {
            let pool = sqlx::PgPool::connect(url).await.unwrap();
            migrator.run(&pool).await.unwrap();
            for statement in legacy_statements(appeals, backend) {
                sqlx::query(AssertSqlSafe(statement))
                    .execute(&pool)
                    .await
                    .unwrap();
            }
            pool.close().await;
        }
    }
}

/// Opens the legacy database with a new key file and checks everything that must hold.
async fn seal_and_check(url: &str) -> Vec<String> {
    let backend = Backend::of_url(url).unwrap();
    let appeals = legacy_appeals();
    assert_eq!(appeals.len(), 3);
    build_legacy(url, backend, &appeals).await;

    let mut keys = Keyring::generate().unwrap();
    let (store, attached) = sheshim_store::open_attached(url, Arc::new(keys.clone()), Utc::now())
        .await
        .unwrap();
    let Attached::New { store_id, sealed } = attached else {
        panic!("the legacy database was not bound");
    };
    assert_eq!(sealed, 3);
    keys.bind(store_id);
    for appeal in &appeals {
        let stored = store
            .appeal(&appeal.registration_number)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(&stored, appeal);
    }
    let report = verify_store(&*store, &keys, &[]).await.unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.unauthenticated, 3);
    assert_eq!(report.appeals, 3);
    let found = store
        .appeals_of_applicant(&appeals[1].applicant.iin, 10)
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].registration_number, appeals[1].registration_number);
    secrets(&appeals)
}

#[tokio::test]
async fn a_legacy_sqlite_database_is_sealed_and_keeps_no_value_in_the_clear() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("legacy.db");
    let secrets = seal_and_check(&format!("sqlite://{}", file.display())).await;
    for suffix in ["", "-wal"] {
        let Ok(bytes) = std::fs::read(format!("{}{suffix}", file.display())) else {
            continue;
        };
        for secret in &secrets {
            let found = bytes
                .windows(secret.len())
                .any(|window| window == secret.as_bytes());
            assert!(!found, "legacy.db{suffix} still holds {secret:?}");
        }
    }
}

#[tokio::test]
async fn a_legacy_postgres_database_is_sealed() {
    let Ok(admin_url) = std::env::var("SHESHIM_TEST_POSTGRES_URL") else {
        println!("skipped: set SHESHIM_TEST_POSTGRES_URL to run it");
        return;
    };
    let name = format!("sheshim_legacy_{}", std::process::id());
    let admin = sqlx::PgPool::connect(&admin_url).await.unwrap();
    sqlx::query(AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
        .execute(&admin)
        .await
        .unwrap();
    let base = admin_url.rsplit_once('/').unwrap().0;
    let url = format!("{base}/{name}");
    let checked = tokio::spawn({
        let url = url.clone();
        async move {
            let secrets = seal_and_check(&url).await;
            let pool = sqlx::PgPool::connect(&url).await.unwrap();
            let rows: Vec<String> = sqlx::query_scalar("SELECT appeals::text FROM appeals")
                .fetch_all(&pool)
                .await
                .unwrap();
            pool.close().await;
            for secret in &secrets {
                assert!(
                    !rows.iter().any(|row| row.contains(secret.as_str())),
                    "{secret}"
                );
            }
        }
    })
    .await;
    sqlx::query(AssertSqlSafe(format!(
        "DROP DATABASE \"{name}\" WITH (FORCE)"
    )))
    .execute(&admin)
    .await
    .unwrap();
    if let Err(failure) = checked {
        std::panic::resume_unwind(failure.into_panic());
    }
}
