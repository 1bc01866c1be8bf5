//! What the engine's tests share: made-up people as a registry holds them, a registry in
//! memory, the seed triage models, and the databases a scenario runs on.

#![allow(
    dead_code,
    reason = "each test binary includes this module and uses only its own part of it"
)]

use async_trait::async_trait;
use chrono::{NaiveDate, Utc};
use sheshim_domain::{Iin, with_check_digit};
use sheshim_registry::{Child, Fact, Member, PersonFacts, Registry, RegistryError};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

/// The seed triage models, trained once per test binary.
pub static TRIAGE: LazyLock<Arc<sheshim_triage::Triage>> =
    LazyLock::new(|| Arc::new(sheshim_triage::Triage::seed().unwrap()));

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A valid IIN: the ten given digits, then the first 11th digit that admits a check digit.
pub fn iin(first10: &str) -> Iin {
    let text = (0..10)
        .find_map(|last| with_check_digit(&format!("{first10}{last}")))
        .unwrap();
    Iin::parse(&text).unwrap()
}

/// A fact of the test registry, as of 27 February 2026.
pub fn fact<T>(value: T) -> Fact<T> {
    Fact {
        value,
        source: "test-registry".to_owned(),
        as_of: date(2026, 2, 27),
    }
}

/// A mother whose youngest child is her `birth_order`-th.
pub fn mother(birth_order: u32, resident: bool) -> PersonFacts {
    let children = (1..=birth_order)
        .map(|order| Child {
            birth_date: date(2026 - 2 * (birth_order - order) as i32, 2, 1),
            birth_order: order,
        })
        .collect();
    PersonFacts {
        birth_date: fact(date(1992, 4, 10)),
        sex: fact("F".to_owned()),
        residence: Some(fact("Almaty".to_owned())),
        citizen: Some(fact(true)),
        permanent_resident: Some(fact(resident)),
        children: Some(fact(children)),
        household: Some(fact(vec![Member {
            birth_date: date(1992, 4, 10),
            monthly_income: 250_000,
        }])),
        monthly_income: Some(fact(250_000)),
        disability_group: Some(fact(0)),
        employed: Some(fact(true)),
    }
}

/// A registry in memory, which can be made not to answer.
#[derive(Default)]
pub struct TestRegistry {
    pub people: Mutex<HashMap<String, PersonFacts>>,
    pub down: Mutex<bool>,
}

#[async_trait]
impl Registry for TestRegistry {
    fn name(&self) -> &str {
        "test-registry"
    }

    async fn person(&self, iin: &Iin) -> Result<Option<PersonFacts>, RegistryError> {
        if *self.down.lock().unwrap() {
            return Err(RegistryError::Unavailable {
                registry: "test-registry".to_owned(),
                reason: "timed out".to_owned(),
            });
        }
        Ok(self.people.lock().unwrap().get(iin.expose()).cloned())
    }
}

/// The databases a scenario runs on: a fresh SQLite file `TAG.db` in `dir`, and a fresh
/// PostgreSQL database named after `tag` when `SHESHIM_TEST_POSTGRES_URL` names a server.
pub async fn databases(dir: &tempfile::TempDir, tag: &str) -> Vec<String> {
    let mut urls = vec![format!(
        "sqlite://{}",
        dir.path().join(format!("{tag}.db")).display()
    )];
    if let Ok(url) = std::env::var("SHESHIM_TEST_POSTGRES_URL")
        && !url.is_empty()
    {
        static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let name = format!(
            "{tag}_{}_{}_{}",
            std::process::id(),
            Utc::now().timestamp_micros(),
            COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        );
        let admin = sqlx::PgPool::connect(&url).await.unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
            .execute(&admin)
            .await
            .unwrap();
        admin.close().await;
        let base = &url[..url.rfind('/').unwrap()];
        urls.push(format!("{base}/{name}"));
    }
    urls
}

/// A complaint through the web channel by `name` (IIN from `iin_first10`) to `agency`,
/// asking for an answer in `language`: what a portal submits for an appeal that is not a
/// service application.
pub fn complaint(
    text: &str,
    language: sheshim_domain::Language,
    iin_first10: &str,
    name: &str,
    agency: &str,
) -> sheshim_engine::Submission {
    sheshim_engine::Submission {
        kind: Some(sheshim_domain::AppealKind::Complaint),
        language: Some(language),
        channel: sheshim_domain::Channel::Web,
        text: sheshim_domain::AppealText::parse(text).unwrap(),
        applicant: sheshim_domain::Applicant {
            iin: iin(iin_first10),
            name: sheshim_domain::PersonName::parse(name).unwrap(),
            phone: None,
            email: None,
            address: None,
        },
        agency: Some(sheshim_domain::AgencyCode::parse(agency).unwrap()),
        idempotency: None,
        actor: "client:test".to_owned(),
        service: None,
        claims: None,
        case_record: None,
        term_working_days: None,
        access_code_hash: None,
    }
}
