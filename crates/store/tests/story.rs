//! The shared story test: one scripted life of a store, run against every backend.
//!
//! `story_on_sqlite` always runs, on a fresh file in a temporary folder.
//! `story_on_postgres` runs when `SHESHIM_TEST_POSTGRES_URL` names a PostgreSQL database
//! (e.g. `postgres://postgres@127.0.0.1:5432/test`); it creates a fresh database for the story
//! and for each tampering case beside the one named, and drops them all at the end.
//!
//! Each database is used with a key file (a [`Keyring`]) as Sheshim uses it: bound to the
//! database when they first meet, and required to fit it on every later open.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, NaiveDate, SubsecRound, TimeZone, Utc};
use sheshim_audit::{ChainBreak, ChainHead, NewAuditEntry};
use sheshim_crypto::Keyring;
use sheshim_domain::{
    AgencyCode, Appeal, AppealKind, AppealText, Applicant, CaseStatus, Channel, Email, Iin,
    Language, PersonName, Phone, PostalAddress, RegistrationNumber, with_check_digit,
};
use sheshim_store::{
    AppealFilter, AppealSummary, Attached, AuditReport, Backend, Finding, IdempotencyClaim,
    KeysProblem, NewRegistration, PageCursor, RegistrationOutcome, Store, StoreError, verify_store,
};
use sqlx::AssertSqlSafe;
use sqlx::postgres::PgPool;
use sqlx::sqlite::SqlitePool;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

// ---------------------------------------------------------------------------------------------
// Test data
// ---------------------------------------------------------------------------------------------

/// A valid IIN: the given 10 leading digits (birth date YYMMDD, century/sex digit, three serial
/// digits), then the first 11th digit that admits a check digit, then that check digit.
fn iin(first10: &str) -> String {
    assert_eq!(first10.len(), 10, "the IIN helper takes ten digits");
    let text = (0..10)
        .find_map(|last| with_check_digit(&format!("{first10}{last}")))
        .unwrap_or_else(|| panic!("no check digit for any 11th digit after {first10}"));
    Iin::parse(&text).expect("the helper builds valid IINs");
    text
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A fixed instant, truncated to microseconds as the engine does.
fn instant(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, nanos: u32) -> DateTime<Utc> {
    let at = Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap()
        + chrono::Duration::nanoseconds(i64::from(nanos));
    at.trunc_subsecs(6)
}

fn claim(key: &str, sha: &str) -> Option<IdempotencyClaim> {
    Some(IdempotencyClaim {
        key: key.to_owned(),
        request_sha256: sha.repeat(64 / sha.len()),
    })
}

/// The personal details of one made-up applicant, as plain strings.
struct Person {
    iin: String,
    name: &'static str,
    phone: Option<&'static str>,
    email: Option<&'static str>,
    address: Option<&'static str>,
}

impl Person {
    fn applicant(&self) -> Applicant {
        Applicant {
            iin: Iin::parse(&self.iin).unwrap(),
            name: PersonName::parse(self.name).unwrap(),
            phone: self.phone.map(|p| Phone::parse(p).unwrap()),
            email: self.email.map(|e| Email::parse(e).unwrap()),
            address: self.address.map(|a| PostalAddress::parse(a).unwrap()),
        }
    }
}

/// What varies between the registrations of the story.
struct Case {
    person: Person,
    text: &'static str,
    kind: AppealKind,
    language: Language,
    channel: Channel,
    agency: Option<&'static str>,
    received_at: DateTime<Utc>,
    registered_on: NaiveDate,
    deadline: NaiveDate,
    idempotency: Option<IdempotencyClaim>,
}

impl Case {
    fn registration(&self) -> NewRegistration {
        NewRegistration {
            kind: self.kind,
            language: self.language,
            channel: self.channel,
            text: AppealText::parse(self.text).unwrap(),
            applicant: self.person.applicant(),
            agency: self.agency.map(|a| AgencyCode::parse(a).unwrap()),
            received_at: self.received_at,
            registered_on: self.registered_on,
            deadline: self.deadline,
            idempotency: self.idempotency.clone(),
            actor: "system:story".to_owned(),
            service: None,
            claims: None,
            case_record: None,
            access_code_hash: None,
        }
    }

    /// Every personal value of this case, exactly as stored.
    fn secrets(&self) -> Vec<String> {
        let applicant = self.person.applicant();
        let mut secrets = vec![
            applicant.iin.expose().to_owned(),
            applicant.name.expose().to_owned(),
            self.text.to_owned(),
        ];
        if let Some(phone) = &applicant.phone {
            secrets.push(phone.expose().to_owned());
            // The national part too, in case it were stored in another spelling.
            secrets.push(phone.expose().trim_start_matches("+7").to_owned());
        }
        secrets.extend(applicant.email.map(|e| e.expose().to_owned()));
        secrets.extend(applicant.address.map(|a| a.expose().to_owned()));
        secrets
    }
}

/// The seven appeals of the story, in the order they are first registered. Indexes:
/// 0–4 go in the first batch, 5 and 6 in the second.
fn cases() -> Vec<Case> {
    vec![
        // 0: SH-2026-0000001
        Case {
            person: Person {
                iin: iin("8507124000"),
                name: "Әсем Нұрланқызы",
                phone: Some("+7 701 234 56 78"),
                email: None,
                address: Some("Астана, Абай даңғылы 1, 12-пәтер"),
            },
            text: "Жолдағы шұңқырды жөндеуді сұраймын, көшеде жүру қауіпті.",
            kind: AppealKind::Complaint,
            language: Language::Kk,
            channel: Channel::Egov,
            agency: Some("akimat-ast"),
            received_at: instant(2026, 3, 2, 9, 15, 30, 123_456_789),
            registered_on: date(2026, 3, 2),
            deadline: date(2026, 3, 23),
            idempotency: claim("key-a", "a1"),
        },
        // 1: SH-2026-0000002
        Case {
            person: Person {
                iin: iin("9001013010"),
                name: "Болат Жумабаев",
                phone: Some("8 (777) 100-20-30"),
                email: Some("bolat.zh@Mail.KZ"),
                address: Some("Алматы, ул. Толе би 55"),
            },
            text: "Прошу разъяснить порядок получения пособия по уходу за ребёнком.",
            kind: AppealKind::Application,
            language: Language::Ru,
            channel: Channel::Web,
            agency: Some("MINTRUD"),
            received_at: instant(2026, 3, 3, 10, 0, 0, 0),
            registered_on: date(2026, 3, 3),
            deadline: date(2026, 3, 17),
            idempotency: None,
        },
        // 2: SH-2026-0000003
        Case {
            person: Person {
                iin: iin("0203156020"),
                name: "Dana Ivanova",
                phone: None,
                email: Some("dana.ivanova@example.kz"),
                address: None,
            },
            text: "I propose adding bicycle lanes on Kabanbay Batyr avenue.",
            kind: AppealKind::Proposal,
            language: Language::En,
            channel: Channel::Email,
            agency: None,
            received_at: instant(2026, 3, 3, 23, 59, 59, 999_999_999),
            registered_on: date(2026, 3, 4),
            deadline: date(2026, 4, 14),
            idempotency: claim("key-b", "b2"),
        },
        // 3: SH-2027-0000001 — another year starts its own series.
        Case {
            person: Person {
                iin: iin("7711304030"),
                name: "Гульнара Сейткали",
                phone: Some("77172123456"),
                email: None,
                address: None,
            },
            text: "Новогодняя иллюминация на площади не работает с 31 декабря.",
            kind: AppealKind::Message,
            language: Language::Ru,
            channel: Channel::Phone,
            agency: Some("akimat-ast"),
            received_at: instant(2027, 1, 2, 8, 30, 0, 500_000_000),
            registered_on: date(2027, 1, 4),
            deadline: date(2027, 1, 25),
            idempotency: claim("key-c", "c3"),
        },
        // 4: SH-2026-0000004 — same deadline as case 0, so (deadline, id) order matters.
        Case {
            person: Person {
                iin: iin("6612254070"),
                name: "Ержан Қасымов",
                phone: None,
                email: Some("erzhan@mail.kz"),
                address: Some("Қарағанды, Бұқар жырау 10"),
            },
            text: "Аулаға балалар алаңын орнатуды сұраймыз.",
            kind: AppealKind::Request,
            language: Language::Kk,
            channel: Channel::Post,
            agency: Some("AKIMAT-AST"),
            received_at: instant(2026, 3, 4, 14, 45, 10, 42_000),
            registered_on: date(2026, 3, 4),
            deadline: date(2026, 3, 23),
            idempotency: None,
        },
        // 5: SH-2026-0000005 (second batch, registered twice with the same key)
        Case {
            person: Person {
                iin: iin("9902286090"),
                name: "Тимур Ахметов",
                phone: Some("+7 747 555 44 33"),
                email: None,
                address: None,
            },
            text: "Не вывозят мусор во дворе дома уже две недели.",
            kind: AppealKind::Complaint,
            language: Language::Ru,
            channel: Channel::InPerson,
            agency: Some("MINTRUD"),
            received_at: instant(2026, 3, 5, 11, 11, 11, 111_111_000),
            registered_on: date(2026, 3, 5),
            deadline: date(2026, 3, 10),
            idempotency: claim("key-d", "d4"),
        },
        // 6: SH-2027-0000002
        Case {
            person: Person {
                iin: iin("8811113100"),
                name: "Мадина Оспанова",
                phone: None,
                email: None,
                address: Some("Шымкент, Тәуке хан 7"),
            },
            text: "Прошу предоставить информацию о графике приёма граждан.",
            kind: AppealKind::Request,
            language: Language::Ru,
            channel: Channel::Web,
            agency: None,
            received_at: instant(2027, 1, 5, 7, 0, 0, 1_000),
            registered_on: date(2027, 1, 5),
            deadline: date(2027, 1, 19),
            idempotency: None,
        },
    ]
}

fn number(year: i32, seq: u64) -> RegistrationNumber {
    RegistrationNumber::new(year, seq).unwrap()
}

fn created(outcome: &RegistrationOutcome) -> &Appeal {
    match outcome {
        RegistrationOutcome::Created(appeal) => appeal,
        other => panic!("expected Created, got {other:?}"),
    }
}

fn replayed(outcome: &RegistrationOutcome) -> &Appeal {
    match outcome {
        RegistrationOutcome::Replayed(appeal) => appeal,
        other => panic!("expected Replayed, got {other:?}"),
    }
}

/// Asserts that a stored appeal holds exactly what the case registered, field by field.
fn assert_appeal_matches(appeal: &Appeal, case: &Case, expected_number: &RegistrationNumber) {
    let who = expected_number.as_str();
    assert_eq!(&appeal.registration_number, expected_number);
    assert_eq!(appeal.kind, case.kind, "{who}");
    assert_eq!(appeal.language, case.language, "{who}");
    assert_eq!(appeal.channel, case.channel, "{who}");
    assert_eq!(appeal.text.as_str(), case.text, "{who}");
    let want = case.person.applicant();
    let got = &appeal.applicant;
    assert_eq!(got.iin.expose(), want.iin.expose(), "{who}");
    assert_eq!(got.name.expose(), want.name.expose(), "{who}");
    assert_eq!(
        got.phone.as_ref().map(|p| p.expose()),
        want.phone.as_ref().map(|p| p.expose()),
        "{who}"
    );
    assert_eq!(
        got.email.as_ref().map(|e| e.expose()),
        want.email.as_ref().map(|e| e.expose()),
        "{who}"
    );
    assert_eq!(
        got.address.as_ref().map(|a| a.expose()),
        want.address.as_ref().map(|a| a.expose()),
        "{who}"
    );
    assert_eq!(
        appeal.agency.as_ref().map(|a| a.as_str()),
        case.agency
            .map(|a| AgencyCode::parse(a).unwrap().as_str().to_owned())
            .as_deref(),
        "{who}"
    );
    // Exactly equal, to the microsecond.
    assert_eq!(appeal.received_at, case.received_at, "{who}");
    assert_eq!(appeal.registered_on, case.registered_on, "{who}");
    assert_eq!(appeal.deadline, case.deadline, "{who}");
    assert_eq!(appeal.status, CaseStatus::Registered, "{who}");
}

fn summary_of(appeal: &Appeal) -> AppealSummary {
    AppealSummary {
        registration_number: appeal.registration_number.clone(),
        kind: appeal.kind,
        language: appeal.language,
        channel: appeal.channel,
        agency: appeal.agency.clone(),
        registered_on: appeal.registered_on,
        deadline: appeal.deadline,
        status: appeal.status,
    }
}

// ---------------------------------------------------------------------------------------------
// Raw access to the same database, for tampering and for checks the trait does not offer
// ---------------------------------------------------------------------------------------------

/// A direct sqlx connection to the database a store uses, bypassing the store.
enum Raw {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl Raw {
    async fn connect(url: &str) -> Raw {
        match Backend::of_url(url).unwrap() {
            Backend::Sqlite => Raw::Sqlite(SqlitePool::connect(url).await.unwrap()),
            Backend::Postgres => Raw::Postgres(PgPool::connect(url).await.unwrap()),
        }
    }

    async fn execute(&self, sql: &str) -> Result<u64, sqlx::Error> {
        let query = AssertSqlSafe(sql.to_owned());
        Ok(match self {
            Raw::Sqlite(pool) => sqlx::query(query).execute(pool).await?.rows_affected(),
            Raw::Postgres(pool) => sqlx::query(query).execute(pool).await?.rows_affected(),
        })
    }

    async fn scalar_i64(&self, sql: &str) -> i64 {
        let query = AssertSqlSafe(sql.to_owned());
        match self {
            Raw::Sqlite(pool) => sqlx::query_scalar(query).fetch_one(pool).await.unwrap(),
            Raw::Postgres(pool) => sqlx::query_scalar(query).fetch_one(pool).await.unwrap(),
        }
    }

    /// Every column of every stored appeal, as text, as someone reading the database sees it.
    async fn dump_appeals(&self) -> String {
        let sql = "SELECT registration_number, kind, language, channel, text, applicant_iin, \
                   applicant_name, COALESCE(applicant_phone, ''), COALESCE(applicant_email, ''), \
                   COALESCE(applicant_address, ''), COALESCE(CAST(applicant_ref AS TEXT), '') FROM appeals";
        type Row = (
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
        );
        let rows: Vec<Row> = match self {
            Raw::Sqlite(pool) => sqlx::query_as(sql).fetch_all(pool).await.unwrap(),
            Raw::Postgres(pool) => sqlx::query_as(sql).fetch_all(pool).await.unwrap(),
        };
        rows.iter()
            .map(|r| {
                [
                    &r.0, &r.1, &r.2, &r.3, &r.4, &r.5, &r.6, &r.7, &r.8, &r.9, &r.10,
                ]
                .map(String::as_str)
                .join("\t")
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Lifts the append-only guard, as an attacker with database access could.
    async fn disable_append_only_triggers(&self) {
        match self {
            Raw::Sqlite(_) => {
                self.execute("DROP TRIGGER audit_log_no_update")
                    .await
                    .unwrap();
                self.execute("DROP TRIGGER audit_log_no_delete")
                    .await
                    .unwrap();
            }
            Raw::Postgres(_) => {
                self.execute("ALTER TABLE audit_log DISABLE TRIGGER USER")
                    .await
                    .unwrap();
            }
        }
    }

    async fn close(self) {
        match self {
            Raw::Sqlite(pool) => pool.close().await,
            Raw::Postgres(pool) => pool.close().await,
        }
    }
}

/// A name no other run or parallel test uses.
fn unique_suffix() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!(
        "{:x}{:x}{:x}",
        std::process::id(),
        nanos & 0xffff_ffff_ffff,
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Splits a PostgreSQL URL into the part before the database name, the name, and the query.
fn split_pg_url(url: &str) -> (&str, &str, &str) {
    let (main, query) = match url.find('?') {
        Some(at) => url.split_at(at),
        None => (url, ""),
    };
    let authority_start = main.find("://").map_or(0, |at| at + 3);
    match main[authority_start..].find('/') {
        Some(slash) => {
            let slash = authority_start + slash;
            (&main[..slash], &main[slash + 1..], query)
        }
        None => (main, "", query),
    }
}

/// The URL of a new, empty database beside the one `url` names: a sibling file for SQLite
/// (in a `tamper/` folder that the store must create), a new database for PostgreSQL whose
/// name starts with the name of the database in `url`.
async fn fresh_database(url: &str, tag: &str) -> String {
    match Backend::of_url(url).unwrap() {
        Backend::Sqlite => {
            let (folder, _) = url.rsplit_once('/').unwrap();
            format!("{folder}/tamper/{tag}.db")
        }
        Backend::Postgres => {
            let (base, db, query) = split_pg_url(url);
            let name = format!("{db}_{tag}");
            assert!(name.len() <= 63, "database name too long: {name}");
            let admin = PgPool::connect(url).await.unwrap();
            sqlx::query(AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
                .execute(&admin)
                .await
                .unwrap();
            admin.close().await;
            format!("{base}/{name}{query}")
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The story
// ---------------------------------------------------------------------------------------------

/// Opens, migrates and attaches a store as Sheshim does, binding `keys` to the database the
/// first time they meet (as the CLI writes the store id into the key file).
async fn open_with(url: &str, keys: &mut Keyring) -> Arc<dyn Store> {
    let (store, attached) = sheshim_store::open_attached(url, Arc::new(keys.clone()), Utc::now())
        .await
        .unwrap();
    if let Attached::New { store_id, .. } = attached {
        keys.bind(store_id);
    }
    store
}

/// Opens a store with a key file that may not fit, and returns why it was refused.
async fn refused_with(url: &str, keys: &Keyring) -> KeysProblem {
    match sheshim_store::open_attached(url, Arc::new(keys.clone()), Utc::now()).await {
        Err(StoreError::Keys(problem)) => problem,
        Err(other) => panic!("expected a key problem, got {other}"),
        Ok(_) => panic!("a key file that does not fit was accepted"),
    }
}

/// Verifies the store with its own keys and no anchors.
async fn verified(store: &dyn Store) -> AuditReport {
    verify_store(store, store.keyring(), &[]).await.unwrap()
}

/// Asserts that verification found nothing, and returns how many entries it walked.
async fn intact(store: &dyn Store) -> u64 {
    let report = verified(store).await;
    assert!(report.is_intact(), "{report:?}");
    report.entries
}

/// The whole life of a store, the same on every backend. `url` names an empty database.
async fn story(url: &str) {
    let backend = Backend::of_url(url).unwrap();
    let mut keys = Keyring::generate().unwrap();
    assert!(matches!(
        sheshim_store::open("mysql://nowhere/db", Arc::new(keys.clone())).await,
        Err(StoreError::UnsupportedUrl)
    ));

    // Migrations are idempotent: twice on one store, and again from a second store (a restart).
    let store = sheshim_store::open(url, Arc::new(keys.clone()))
        .await
        .unwrap();
    assert_eq!(store.backend(), backend);
    store.ping().await.unwrap();
    store.migrate().await.unwrap();
    store.migrate().await.unwrap();
    // The first attach binds the database to the key file and records it.
    let Attached::New { store_id, sealed } = store.attach(Utc::now()).await.unwrap() else {
        panic!("a new database was not bound");
    };
    assert_eq!(sealed, 0);
    keys.bind(store_id.clone());
    let store = open_with(url, &mut keys).await;
    assert_eq!(
        store.attach(Utc::now()).await.unwrap(),
        Attached::Existing(store_id.clone())
    );
    let raw = Raw::connect(url).await;
    // Every migration of the backend was applied: as many as its folder holds.
    let folder = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    let migrations = std::fs::read_dir(format!(
        "{}/migrations/{folder}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
    .filter(|entry| {
        entry
            .as_ref()
            .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "sql"))
    })
    .count();
    assert!(migrations >= 3);
    assert_eq!(
        raw.scalar_i64("SELECT COUNT(*) FROM _sqlx_migrations")
            .await,
        migrations as i64
    );
    assert_eq!(store.count_appeals().await.unwrap(), 0);
    store.check_writable().await.unwrap();
    // The log's first entry records the binding, authenticated.
    assert_eq!(intact(&*store).await, 1);
    let bound = store.audit_entries(0, 10).await.unwrap();
    assert_eq!(bound[0].entry.action, "store.keys_attached");
    assert!(bound[0].mac.is_some());

    // Key files that do not fit the database are refused, each with its reason.
    let stranger = Keyring::generate().unwrap();
    assert!(matches!(
        refused_with(url, &stranger).await,
        KeysProblem::NotBound { .. }
    ));
    let mut other_store = Keyring::generate().unwrap();
    other_store.bind(sheshim_crypto::StoreId::generate().unwrap());
    assert!(matches!(
        refused_with(url, &other_store).await,
        KeysProblem::OtherStore { .. }
    ));
    let mut same_id_other_keys = Keyring::generate().unwrap();
    same_id_other_keys.bind(store_id.clone());
    assert!(matches!(
        refused_with(url, &same_id_other_keys).await,
        KeysProblem::WrongKey { .. }
    ));
    // A key file that was bound to a database never opens an empty one in its place: that
    // would start the registration numbers again.
    let replaced = fresh_database(url, "replaced").await;
    assert!(matches!(
        refused_with(&replaced, &keys).await,
        KeysProblem::DatabaseMissing { .. }
    ));

    let cases = cases();

    // 1. A first batch: numbers in batch order within each year, a new series for 2027.
    let first = store
        .register_batch(cases[..5].iter().map(Case::registration).collect())
        .await
        .unwrap();
    assert_eq!(first.len(), 5);
    let expected_numbers = [
        number(2026, 1),
        number(2026, 2),
        number(2026, 3),
        number(2027, 1),
        number(2026, 4),
        number(2026, 5),
        number(2027, 2),
    ];
    assert_eq!(expected_numbers[0].as_str(), "SH-2026-0000001");
    assert_eq!(expected_numbers[1].as_str(), "SH-2026-0000002");
    assert_eq!(expected_numbers[3].as_str(), "SH-2027-0000001");
    for (i, outcome) in first.iter().enumerate() {
        assert_appeal_matches(created(outcome), &cases[i], &expected_numbers[i]);
    }
    assert_eq!(store.count_appeals().await.unwrap(), 5);

    // 2. Idempotency, in a later batch and within one batch.
    let mut different_request = cases[2].registration();
    different_request.idempotency = claim("key-b", "ff");
    let second = store
        .register_batch(vec![
            cases[0].registration(), // key-a, same sha: a retry
            cases[5].registration(), // key-d, new
            cases[5].registration(), // key-d again in the same batch
            different_request,       // key-b with another request's sha
            cases[6].registration(), // no key, 2027
            cases[3].registration(), // key-c, same sha
        ])
        .await
        .unwrap();
    assert_eq!(second.len(), 6);
    assert_eq!(replayed(&second[0]), created(&first[0]));
    assert_appeal_matches(replayed(&second[0]), &cases[0], &expected_numbers[0]);
    let created_5 = created(&second[1]);
    assert_appeal_matches(created_5, &cases[5], &expected_numbers[5]);
    assert_eq!(replayed(&second[2]), created_5);
    assert!(
        matches!(second[3], RegistrationOutcome::KeyReusedForAnotherRequest),
        "{:?}",
        second[3]
    );
    assert_appeal_matches(created(&second[4]), &cases[6], &expected_numbers[6]);
    assert_eq!(replayed(&second[5]), created(&first[3]));
    assert_eq!(store.count_appeals().await.unwrap(), 7);
    assert_eq!(
        raw.scalar_i64("SELECT COUNT(*) FROM idempotency_keys")
            .await,
        4
    );

    // A batch made only of retries writes nothing, not even an audit entry.
    let head_before = store.audit_head().await.unwrap();
    let retries = store
        .register_batch(vec![cases[0].registration(), cases[5].registration()])
        .await
        .unwrap();
    assert_eq!(replayed(&retries[0]), created(&first[0]));
    assert_eq!(replayed(&retries[1]), created_5);
    assert_eq!(store.audit_head().await.unwrap(), head_before);
    assert_eq!(store.count_appeals().await.unwrap(), 7);
    // An empty batch is fine and changes nothing.
    assert!(store.register_batch(Vec::new()).await.unwrap().is_empty());
    assert_eq!(store.audit_head().await.unwrap(), head_before);

    // All appeals as registered, in registration (= storage id) order.
    let appeals: Vec<Appeal> = [&first[0], &first[1], &first[2], &first[3], &first[4]]
        .into_iter()
        .chain([&second[1], &second[4]])
        .map(|o| created(o).clone())
        .collect();

    // 3. Reading one appeal back: every field equal.
    for (i, appeal) in appeals.iter().enumerate() {
        let stored = store
            .appeal(&appeal.registration_number)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("{} not found", appeal.registration_number.as_str()));
        assert_eq!(&stored, appeal);
        assert_appeal_matches(&stored, &cases[i], &expected_numbers[i]);
    }
    assert!(store.appeal(&number(2026, 99)).await.unwrap().is_none());
    assert!(store.appeal(&number(2025, 1)).await.unwrap().is_none());

    // 4. Listing: filters, order and pagination.
    let mut in_order: Vec<&Appeal> = appeals.iter().collect();
    in_order.sort_by_key(|a| a.deadline); // stable: ties stay in storage order
    let expect = |pred: &dyn Fn(&Appeal) -> bool| -> Vec<AppealSummary> {
        in_order
            .iter()
            .filter(|a| pred(a))
            .map(|a| summary_of(a))
            .collect()
    };
    let list_all = |filter: AppealFilter| {
        let store = store.clone();
        async move { walk(&*store, filter).await }
    };

    let everything = store
        .list_appeals(&AppealFilter {
            limit: 100,
            ..AppealFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(everything.items, expect(&|_| true));
    assert_eq!(everything.next, None);
    // Spot-check the order itself, including the (deadline, id) tie of cases 0 and 4.
    let order: Vec<&str> = everything
        .items
        .iter()
        .map(|s| s.registration_number.as_str())
        .collect();
    assert_eq!(
        order,
        [
            "SH-2026-0000005", // 2026-03-10
            "SH-2026-0000002", // 2026-03-17
            "SH-2026-0000001", // 2026-03-23, stored first
            "SH-2026-0000004", // 2026-03-23, stored later
            "SH-2026-0000003", // 2026-04-14
            "SH-2027-0000002", // 2027-01-19
            "SH-2027-0000001", // 2027-01-25
        ]
    );

    // By status.
    let registered = store
        .list_appeals(&AppealFilter {
            status: Some(CaseStatus::Registered),
            limit: 100,
            ..AppealFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(registered.items.len(), 7);
    for status in [
        CaseStatus::InReview,
        CaseStatus::Decided,
        CaseStatus::Withdrawn,
    ] {
        let none = store
            .list_appeals(&AppealFilter {
                status: Some(status),
                limit: 100,
                ..AppealFilter::default()
            })
            .await
            .unwrap();
        assert!(none.items.is_empty(), "{status:?}");
        assert_eq!(none.next, None);
    }

    // By agency (the filter's code is parsed, so its case does not matter).
    let akimat = AgencyCode::parse("Akimat-Ast").unwrap();
    let by_agency = list_all(AppealFilter {
        agency: Some(akimat.clone()),
        limit: 2,
        ..AppealFilter::default()
    })
    .await;
    assert_eq!(
        by_agency.items,
        expect(&|a| a.agency.as_ref() == Some(&akimat))
    );
    assert_eq!(by_agency.items.len(), 3);
    assert_eq!(by_agency.page_sizes, [2, 1]);
    let unknown_agency = store
        .list_appeals(&AppealFilter {
            agency: Some(AgencyCode::parse("NOBODY").unwrap()),
            limit: 10,
            ..AppealFilter::default()
        })
        .await
        .unwrap();
    assert!(unknown_agency.items.is_empty());

    // By deadline, inclusive.
    let due = date(2026, 3, 23);
    let by_due = list_all(AppealFilter {
        due_on_or_before: Some(due),
        limit: 2,
        ..AppealFilter::default()
    })
    .await;
    assert_eq!(by_due.items, expect(&|a| a.deadline <= due));
    assert_eq!(by_due.items.len(), 4);
    assert_eq!(by_due.page_sizes, [2, 2]); // exactly full pages: no empty page at the end

    // All three filters together.
    let combined = list_all(AppealFilter {
        status: Some(CaseStatus::Registered),
        agency: Some(akimat.clone()),
        due_on_or_before: Some(date(2026, 12, 31)),
        limit: 1,
        ..AppealFilter::default()
    })
    .await;
    assert_eq!(
        combined.items,
        expect(&|a| a.agency.as_ref() == Some(&akimat) && a.deadline <= date(2026, 12, 31))
    );
    assert_eq!(combined.page_sizes, [1, 1]);

    // Walking everything two by two.
    let walked = list_all(AppealFilter {
        limit: 2,
        ..AppealFilter::default()
    })
    .await;
    assert_eq!(walked.items, everything.items);
    assert_eq!(walked.page_sizes, [2, 2, 2, 1]);

    // A cursor survives its text form.
    let page = store
        .list_appeals(&AppealFilter {
            limit: 3,
            ..AppealFilter::default()
        })
        .await
        .unwrap();
    let cursor = page.next.unwrap();
    assert_eq!(cursor.deadline, page.items[2].deadline);
    let decoded = PageCursor::decode(&cursor.encode()).unwrap();
    assert_eq!(decoded, cursor);
    let rest = store
        .list_appeals(&AppealFilter {
            after: Some(decoded),
            limit: 100,
            ..AppealFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(rest.items, everything.items[3..]);
    assert_eq!(rest.next, None);

    // Personal data is sealed in the database: no column holds any submitted value.
    let secrets: Vec<String> = cases.iter().flat_map(Case::secrets).collect();
    let dump = raw.dump_appeals().await;
    for secret in &secrets {
        assert!(
            !dump.contains(secret.as_str()),
            "stored in the clear: {secret}"
        );
    }
    assert!(dump.contains("sh1:d1:"));
    // An applicant's appeals are found by the keyed hash of the IIN.
    let first_applicant = &appeals[0].applicant.iin;
    let of_applicant = store
        .appeals_of_applicant(first_applicant, 10)
        .await
        .unwrap();
    let expected_of_applicant: Vec<AppealSummary> = in_order
        .iter()
        .filter(|a| &a.applicant.iin == first_applicant)
        .map(|a| summary_of(a))
        .collect();
    assert!(!expected_of_applicant.is_empty());
    assert_eq!(of_applicant, expected_of_applicant);

    // 5. The audit chain: the binding, then one entry per created appeal, intact,
    // authenticated, and free of personal data.
    assert_eq!(intact(&*store).await, 8);
    let stored = store.audit_entries(0, 1000).await.unwrap();
    assert_eq!(stored.len(), 8);
    for entry in &stored {
        let mac = entry.mac.as_deref().unwrap();
        assert!(keys.audit_mac_is_valid(&entry.entry.hash.to_hex(), mac));
    }
    let entries: Vec<sheshim_audit::AuditEntry> =
        stored[1..].iter().map(|s| s.entry.clone()).collect();
    for (i, entry) in entries.iter().enumerate() {
        assert_eq!(entry.seq, i as u64 + 2);
        assert_eq!(entry.action, "appeal.registered");
        assert_eq!(entry.subject, appeals[i].registration_number.as_str());
        assert_eq!(entry.actor, "system:story");
        assert_eq!(entry.at, appeals[i].received_at);
        assert_eq!(entry.hash, entry.expected_hash());
        if i > 0 {
            assert_eq!(entry.prev_hash, entries[i - 1].hash);
        } else {
            assert_eq!(entry.prev_hash, stored[0].entry.hash);
        }
        let payload = serde_json::to_string(&entry.payload).unwrap();
        assert!(
            entry
                .payload
                .get("record_sha256")
                .is_some_and(|v| v.is_string()),
            "{payload}"
        );
        for secret in &secrets {
            assert!(
                !payload.contains(secret.as_str()),
                "audit payload of {} holds personal data: {payload}",
                entry.subject
            );
            assert!(!entry.actor.contains(secret.as_str()));
            assert!(!entry.subject.contains(secret.as_str()));
        }
    }
    let head = store.audit_head().await.unwrap();
    assert_eq!(head.seq, 8);
    assert_eq!(head.hash, entries[6].hash);
    // Paging through the log.
    let page = store.audit_entries(3, 2).await.unwrap();
    assert_eq!(page, stored[3..5]);
    assert!(store.audit_entries(8, 10).await.unwrap().is_empty());

    // 6. The log is append-only at the database too.
    let update = raw
        .execute("UPDATE audit_log SET actor = 'officer:mallory' WHERE seq = 2")
        .await;
    assert!(
        update.is_err(),
        "UPDATE of audit_log was allowed: {update:?}"
    );
    let delete = raw.execute("DELETE FROM audit_log WHERE seq = 7").await;
    assert!(
        delete.is_err(),
        "DELETE from audit_log was allowed: {delete:?}"
    );
    if backend == Backend::Postgres {
        let truncate = raw.execute("TRUNCATE audit_log").await;
        assert!(truncate.is_err(), "TRUNCATE of audit_log was allowed");
    }
    assert_eq!(store.audit_entries(0, 1000).await.unwrap(), stored);
    assert_eq!(intact(&*store).await, 8);

    // A batch that fails part-way writes nothing at all. Winding the 2026 counter back makes
    // the second item get SH-2026-0000001 again, which the log shows was issued: it is
    // refused, and the first item (2029) must vanish too.
    raw.execute("UPDATE registration_counters SET last_seq = 0 WHERE year = 2026")
        .await
        .unwrap();
    let mut in_2029 = cases[1].registration();
    in_2029.registered_on = date(2029, 1, 3);
    in_2029.idempotency = claim("key-e", "e5");
    let failed = store
        .register_batch(vec![in_2029.clone(), cases[1].registration()])
        .await;
    assert!(
        matches!(
            failed,
            Err(StoreError::Corrupt {
                column: "last_seq",
                ..
            })
        ),
        "{failed:?}"
    );
    assert_eq!(store.count_appeals().await.unwrap(), 7);
    assert_eq!(store.audit_head().await.unwrap(), head);
    assert_eq!(store.audit_entries(0, 1000).await.unwrap(), stored);
    assert_eq!(
        raw.scalar_i64("SELECT COUNT(*) FROM idempotency_keys")
            .await,
        4
    );
    raw.execute("UPDATE registration_counters SET last_seq = 5 WHERE year = 2026")
        .await
        .unwrap();
    let retried = store.register_batch(vec![in_2029]).await.unwrap();
    assert_eq!(
        created(&retried[0]).registration_number.as_str(),
        "SH-2029-0000001"
    );

    // 7. Writers racing each other still get distinct numbers and a linear chain.
    let racers: Vec<_> = (0..8)
        .map(|i| {
            let store = store.clone();
            let mut registration = cases[i % cases.len()].registration();
            registration.idempotency = None;
            registration.registered_on = date(2028, 2, 1);
            registration.deadline = date(2028, 2, 22);
            tokio::spawn(async move { store.register_batch(vec![registration]).await })
        })
        .collect();
    let mut raced = Vec::new();
    for racer in racers {
        let outcome = racer.await.unwrap().unwrap();
        raced.push(created(&outcome[0]).registration_number.sequence());
    }
    raced.sort_unstable();
    assert_eq!(raced, (1..=8).collect::<Vec<u64>>());
    assert_eq!(store.count_appeals().await.unwrap(), 16);
    assert_eq!(intact(&*store).await, 17);

    // 8. Key rotation: every appeal sealed again under a new data key, the old key retired.
    let mut rotated = keys.clone();
    let new_key = rotated.add_data_key().unwrap();
    assert_eq!(new_key.as_str(), "d2");
    let before: Vec<Appeal> = {
        let mut all = Vec::new();
        for appeal in &appeals {
            all.push(
                store
                    .appeal(&appeal.registration_number)
                    .await
                    .unwrap()
                    .unwrap(),
            );
        }
        all
    };
    let store = open_with(url, &mut rotated).await;
    let resealed = store
        .rotate_keys("officer:admin", Utc::now())
        .await
        .unwrap();
    assert_eq!(resealed.appeals, 16);
    let dump = raw.dump_appeals().await;
    assert!(
        !dump.contains("sh1:d1:"),
        "a value is still sealed with the old key"
    );
    for appeal in &before {
        assert_eq!(
            &store
                .appeal(&appeal.registration_number)
                .await
                .unwrap()
                .unwrap(),
            appeal
        );
    }
    assert_eq!(
        raw.scalar_i64("SELECT COUNT(*) FROM data_keys WHERE retired_at IS NOT NULL")
            .await,
        1
    );
    // Running it again finds nothing left to do.
    assert_eq!(
        store
            .rotate_keys("officer:admin", Utc::now())
            .await
            .unwrap()
            .appeals,
        0
    );
    assert_eq!(intact(&*store).await, 19);
    // The old key file lacks the key everything is now sealed with.
    match refused_with(url, &keys).await {
        KeysProblem::MissingKey { key } => assert_eq!(key, "d2"),
        other => panic!("expected the missing key d2, got {other}"),
    }
    raw.close().await;

    // 6 (continued). Tampering, each case on a fresh database, with the guard lifted. The
    // fresh database holds the binding (entry 1) and five appeals (entries 2–6):
    // SH-2026-0000001, -0000002, -0000003, SH-2027-0000001, SH-2026-0000004.
    tampering(url, "alt_payload", |t| async move {
        t.raw
            .execute(r#"UPDATE audit_log SET payload = '{"kind":"proposal"}' WHERE seq = 3"#)
            .await
            .unwrap();
        Expect::Chain(ChainBreak::Altered { seq: 3 })
    })
    .await;
    tampering(url, "alt_actor", |t| async move {
        t.raw
            .execute("UPDATE audit_log SET actor = 'officer:mallory' WHERE seq = 5")
            .await
            .unwrap();
        Expect::Chain(ChainBreak::Altered { seq: 5 })
    })
    .await;
    tampering(url, "gap", |t| async move {
        t.raw
            .execute("DELETE FROM audit_log WHERE seq = 4")
            .await
            .unwrap();
        Expect::Chain(ChainBreak::Gap {
            previous: 3,
            found: 5,
        })
    })
    .await;
    tampering(url, "truncated", |t| async move {
        t.raw
            .execute("DELETE FROM audit_log WHERE seq = 6")
            .await
            .unwrap();
        Expect::Chain(ChainBreak::Truncated {
            last_seq: 5,
            head_seq: 6,
        })
    })
    .await;
    // Lowering the recorded head must not hide the entries above it from verification.
    tampering(url, "lowered_head", |t| async move {
        t.raw
            .execute(
                "UPDATE audit_head SET seq = 0, \
                 hash = '0000000000000000000000000000000000000000000000000000000000000000'",
            )
            .await
            .unwrap();
        Expect::Chain(ChainBreak::HeadMismatch { seq: 6 })
    })
    .await;

    // The records against the log.
    tampering(url, "moved_text", |t| async move {
        // Another appeal's sealed text, copied over: it no longer opens where it now is.
        t.raw
            .execute(
                "UPDATE appeals SET text = (SELECT text FROM appeals WHERE registration_number = 'SH-2026-0000001') \
                 WHERE registration_number = 'SH-2026-0000002'",
            )
            .await
            .unwrap();
        Expect::Finding(Finding::Unreadable {
            subject: "SH-2026-0000002".into(),
            column: "text",
        })
    })
    .await;
    tampering(url, "control_character", |t| async move {
        // Someone holding the key writes a text no appeal may have.
        let sealed = t
            .keys
            .seal("Свет не горит\u{7}", "appeals.text SH-2026-0000002")
            .unwrap();
        t.set_column("SH-2026-0000002", "text", &sealed).await;
        Expect::Finding(Finding::Unreadable {
            subject: "SH-2026-0000002".into(),
            column: "text",
        })
    })
    .await;
    tampering(url, "edited_iin", |t| async move {
        let other = iin("8501153100");
        let sealed = t
            .keys
            .seal(&other, "appeals.applicant_iin SH-2026-0000003")
            .unwrap();
        t.set_column("SH-2026-0000003", "applicant_iin", &sealed)
            .await;
        Expect::Finding(Finding::Edited {
            number: "SH-2026-0000003".into(),
        })
    })
    .await;
    tampering(url, "edited_deadline", |t| async move {
        t.raw
            .execute("UPDATE appeals SET deadline = '2030-01-01' WHERE registration_number = 'SH-2027-0000001'")
            .await
            .unwrap();
        Expect::Finding(Finding::Edited {
            number: "SH-2027-0000001".into(),
        })
    })
    .await;
    tampering(url, "edited_status", |t| async move {
        t.raw
            .execute("UPDATE appeals SET status = 'decided' WHERE registration_number = 'SH-2026-0000004'")
            .await
            .unwrap();
        Expect::Finding(Finding::StatusChanged {
            number: "SH-2026-0000004".into(),
            stored: "decided".into(),
            recorded: "registered".into(),
        })
    })
    .await;
    tampering(url, "deleted", |t| async move {
        t.raw
            .execute("DELETE FROM idempotency_keys WHERE registration_number = 'SH-2026-0000002'")
            .await
            .unwrap();
        // What hangs off the appeal goes first, as an intruder would have to do too.
        for table in ["cases", "outbox", "access_codes"] {
            t.raw
                .execute(&format!(
                    "DELETE FROM {table} WHERE registration_number = 'SH-2026-0000002'"
                ))
                .await
                .unwrap();
        }
        t.raw
            .execute("DELETE FROM appeals WHERE registration_number = 'SH-2026-0000002'")
            .await
            .unwrap();
        Expect::Finding(Finding::Deleted {
            number: "SH-2026-0000002".into(),
        })
    })
    .await;
    tampering(url, "inserted", |t| async move {
        t.insert_copy("SH-2026-0000001", "SH-2026-0000005").await;
        Expect::Finding(Finding::NoEntry {
            number: "SH-2026-0000005".into(),
        })
    })
    .await;
    tampering(url, "counter", |t| async move {
        t.raw
            .execute("UPDATE registration_counters SET last_seq = 1 WHERE year = 2026")
            .await
            .unwrap();
        Expect::Finding(Finding::CounterRewound {
            year: 2026,
            counter: 1,
            highest: 4,
        })
    })
    .await;

    // The chain rewritten from inside the database: every hash recomputed, so the chain
    // itself verifies; the MACs, made with a key kept outside, do not.
    tampering(url, "rewritten", |t| async move {
        t.rewrite_from(3, None).await;
        Expect::BadMacFrom(3)
    })
    .await;
    // Rewritten by someone who also holds the audit key: only an anchor taken before shows it.
    tampering(url, "rewritten_with_keys", |t| async move {
        let keys = t.keys.clone();
        t.rewrite_from(3, Some(&keys)).await;
        Expect::Finding(Finding::Anchor {
            line: 1,
            problem: "entry 6 no longer has the hash that was anchored: the chain was rewritten"
                .into(),
        })
    })
    .await;
    // Cut short at its end, head and all, by someone holding the keys.
    tampering(url, "cut_short", |t| async move {
        t.raw
            .execute("DELETE FROM audit_log WHERE seq = 6")
            .await
            .unwrap();
        t.raw
            .execute(&format!(
                "UPDATE audit_head SET seq = 5, hash = '{}'",
                t.entries[4].entry.hash.to_hex()
            ))
            .await
            .unwrap();
        Expect::Finding(Finding::Anchor {
            line: 1,
            problem: "it anchors entry 6, but the chain ends at entry 5: entries were removed"
                .into(),
        })
    })
    .await;
    if backend == Backend::Postgres {
        tampering(url, "pg_truncate", |t| async move {
            t.raw.execute("TRUNCATE audit_log").await.unwrap();
            Expect::Chain(ChainBreak::Truncated {
                last_seq: 0,
                head_seq: 6,
            })
        })
        .await;
    }
}

/// What walking all pages of a listing gave.
struct Walked {
    items: Vec<AppealSummary>,
    page_sizes: Vec<usize>,
}

/// Follows `next` cursors from the first page to the last, checking each cursor.
async fn walk(store: &dyn Store, mut filter: AppealFilter) -> Walked {
    let mut walked = Walked {
        items: Vec::new(),
        page_sizes: Vec::new(),
    };
    loop {
        let page = store.list_appeals(&filter).await.unwrap();
        assert!(page.items.len() <= filter.limit as usize);
        walked.page_sizes.push(page.items.len());
        walked.items.extend(page.items.iter().cloned());
        match page.next {
            Some(next) => {
                assert_eq!(page.items.len(), filter.limit as usize);
                assert_eq!(next.deadline, page.items.last().unwrap().deadline);
                if let Some(previous) = filter.after {
                    assert!((next.deadline, next.id) > (previous.deadline, previous.id));
                }
                filter.after = Some(next);
            }
            None => break,
        }
        assert!(walked.page_sizes.len() < 100, "pagination does not end");
    }
    walked
}

/// What verification must report after a tampering.
enum Expect {
    /// The chain itself breaks here.
    Chain(ChainBreak),
    /// The chain holds, and this is among the findings.
    Finding(Finding),
    /// The chain holds, and every entry from this one on fails its MAC.
    BadMacFrom(u64),
}

/// A fresh database with five appeals, its key file, its log as written, and a raw
/// connection with the append-only guard lifted.
struct Tamper {
    raw: Raw,
    keys: Keyring,
    entries: Vec<sheshim_store::StoredAuditEntry>,
}

impl Tamper {
    /// Overwrites one column of an appeal.
    async fn set_column(&self, number: &str, column: &str, value: &str) {
        let sql = format!(
            "UPDATE appeals SET {column} = '{value}' WHERE registration_number = '{number}'"
        );
        self.raw.execute(&sql).await.unwrap();
    }

    /// Inserts a copy of an appeal under a new number, its personal data sealed for that
    /// number by someone holding the key: only the missing audit entry gives it away.
    async fn insert_copy(&self, from: &str, to: &str) {
        let (year, seq) = (&to[3..7], to[8..].trim_start_matches('0'));
        self.raw
            .execute(&format!(
                "INSERT INTO appeals (registration_number, reg_year, reg_seq, kind, language, channel, \
                 text, applicant_iin, applicant_name, agency, received_at, registered_on, deadline, status) \
                 SELECT '{to}', {year}, {seq}, kind, language, channel, text, applicant_iin, applicant_name, \
                 agency, received_at, registered_on, deadline, status FROM appeals WHERE registration_number = '{from}'"
            ))
            .await
            .unwrap();
        for (column, value) in [
            ("text", "Новый текст"),
            ("applicant_iin", "850115310009"),
            ("applicant_name", "Иван Подложный"),
        ] {
            let sealed = self
                .keys
                .seal(value, &format!("appeals.{column} {to}"))
                .unwrap();
            self.set_column(to, column, &sealed).await;
        }
        self.raw
            .execute(&format!(
                "UPDATE registration_counters SET last_seq = {seq} WHERE year = {year}"
            ))
            .await
            .unwrap();
    }

    /// Rewrites the log from entry `from` on with an edited payload, recomputing every hash
    /// after it and the head, and the MACs too when `keys` are given.
    async fn rewrite_from(&self, from: u64, keys: Option<&Keyring>) {
        let before = &self.entries[(from - 2) as usize].entry;
        let mut head = ChainHead {
            seq: before.seq,
            hash: before.hash,
        };
        for stored in &self.entries[(from - 1) as usize..] {
            let old = &stored.entry;
            let mut payload = old.payload.clone();
            if old.seq == from {
                payload["kind"] = serde_json::json!("proposal");
            }
            let new = head.append(NewAuditEntry {
                at: old.at,
                actor: old.actor.clone(),
                action: old.action.clone(),
                subject: old.subject.clone(),
                payload,
            });
            let mac = keys.map_or_else(
                || stored.mac.clone().unwrap_or_default(),
                |keys| keys.audit_mac(&new.hash.to_hex()),
            );
            self.raw
                .execute(&format!(
                    "UPDATE audit_log SET payload = '{}', prev_hash = '{}', hash = '{}', mac = '{}' WHERE seq = {}",
                    new.payload_text(),
                    new.prev_hash.to_hex(),
                    new.hash.to_hex(),
                    mac,
                    new.seq
                ))
                .await
                .unwrap();
        }
        self.raw
            .execute(&format!(
                "UPDATE audit_head SET seq = {}, hash = '{}'",
                head.seq,
                head.hash.to_hex()
            ))
            .await
            .unwrap();
    }
}

/// Registers five appeals on a fresh database, anchors its head, lifts the append-only
/// guard, tampers, and checks that verification (with the anchor) reports what is expected.
async fn tampering<F, Fut>(url: &str, tag: &str, tamper: F)
where
    F: FnOnce(Arc<Tamper>) -> Fut,
    Fut: std::future::Future<Output = Expect>,
{
    let fresh = fresh_database(url, tag).await;
    let mut keys = Keyring::generate().unwrap();
    let store = open_with(&fresh, &mut keys).await;
    let cases = cases();
    let outcomes = store
        .register_batch(cases[..5].iter().map(Case::registration).collect())
        .await
        .unwrap();
    assert_eq!(outcomes.len(), 5);
    assert_eq!(intact(&*store).await, 6);
    let head = store.audit_head().await.unwrap();
    let anchor = keys
        .anchor(head.seq, &head.hash.to_hex(), "2026-12-06T12:00:00.000000Z")
        .unwrap();
    let anchors = [(1usize, anchor)];
    let report = verify_store(&*store, &keys, &anchors).await.unwrap();
    assert!(report.is_intact(), "{tag}: {report:?}");

    let raw = Raw::connect(&fresh).await;
    // Still guarded until the triggers go.
    assert!(
        raw.execute("UPDATE audit_log SET subject = 'x' WHERE seq = 1")
            .await
            .is_err()
    );
    raw.disable_append_only_triggers().await;
    let entries = store.audit_entries(0, 100).await.unwrap();
    let tamper_with = Arc::new(Tamper { raw, keys, entries });
    let expected = tamper(tamper_with.clone()).await;
    let report = verify_store(&*store, &tamper_with.keys, &anchors)
        .await
        .unwrap();
    assert!(!report.is_intact(), "{tag}: tampering went unnoticed");
    match expected {
        Expect::Chain(broken) => assert_eq!(report.chain_break, Some(broken), "{tag}: {report:?}"),
        Expect::Finding(finding) => {
            assert_eq!(report.chain_break, None, "{tag}: {report:?}");
            assert!(report.findings.contains(&finding), "{tag}: {report:?}");
        }
        Expect::BadMacFrom(seq) => {
            assert_eq!(report.chain_break, None, "{tag}: {report:?}");
            assert_eq!(report.bad_macs, (seq..=6).collect::<Vec<_>>(), "{tag}");
        }
    }
    Arc::try_unwrap(tamper_with).ok().unwrap().raw.close().await;
}

// ---------------------------------------------------------------------------------------------
// The backends
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn story_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("story.db");
    let url = format!("sqlite://{}", path.display());

    // Opening creates the file, in WAL mode.
    let store = sheshim_store::open(&url, Arc::new(Keyring::generate().unwrap()))
        .await
        .unwrap();
    assert!(path.is_file(), "opening did not create {}", path.display());
    let raw = Raw::connect(&url).await;
    let Raw::Sqlite(pool) = &raw else {
        unreachable!()
    };
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(mode.to_lowercase(), "wal");
    raw.close().await;
    drop(store);
    // The file header says WAL as well (read and write format versions 2).
    let header = std::fs::read(&path).unwrap();
    assert_eq!(&header[..16], b"SQLite format 3\0");
    assert_eq!((header[18], header[19]), (2, 2));

    story(&url).await;
    assert!(dir.path().join("tamper").join("truncated.db").is_file());
}

#[tokio::test]
async fn story_on_postgres() {
    let Ok(admin_url) = std::env::var("SHESHIM_TEST_POSTGRES_URL") else {
        println!("story_on_postgres skipped: set SHESHIM_TEST_POSTGRES_URL to run it");
        return;
    };
    let name = format!("sheshim_story_{}", unique_suffix());
    let admin = PgPool::connect(&admin_url).await.unwrap();
    sqlx::query(AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
        .execute(&admin)
        .await
        .unwrap();
    let (base, _, query) = split_pg_url(&admin_url);
    let url = format!("{base}/{name}{query}");

    // Run the story as a task so that the databases are dropped even when it fails.
    let result = tokio::spawn(async move { story(&url).await }).await;

    let created: Vec<String> = sqlx::query_scalar(
        "SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $1 || '\\_%'",
    )
    .bind(&name)
    .fetch_all(&admin)
    .await
    .unwrap();
    assert!(created.contains(&name));
    for db in &created {
        sqlx::query(AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)"
        )))
        .execute(&admin)
        .await
        .unwrap();
    }
    admin.close().await;
    if let Err(failure) = result {
        std::panic::resume_unwind(failure.into_panic());
    }
    // The story's own database, the replaced one and its tampering databases.
    assert_eq!(created.len(), 19, "{created:?}");
}

#[test]
fn pg_urls_split_around_the_database_name() {
    assert_eq!(
        split_pg_url("postgres://postgres@127.0.0.1:5432/test"),
        ("postgres://postgres@127.0.0.1:5432", "test", "")
    );
    assert_eq!(
        split_pg_url("postgresql://u:p@h/db?sslmode=disable"),
        ("postgresql://u:p@h", "db", "?sslmode=disable")
    );
}
