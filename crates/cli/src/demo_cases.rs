//! The demo's case flow: a small synthetic population as the registry, officials of two
//! agencies, and applications of every kind submitted through the API — some issued
//! automatically, some drafted for an officer, one with a claim the registry contradicts,
//! one denial taken to its hearing — plus one appeal registered weeks ago and left past its
//! deadline, which the scheduler deems refused as the server starts.

use anyhow::Context;
use chrono::{Duration, NaiveDate};
use sheshim_crypto::{BearerSecret, SecretKind, hash_password, one_time_password};
use sheshim_domain::{
    AccountName, AgencyCode, AppealKind, AppealText, Applicant, Channel, Iin, Language, PersonName,
    Role,
};
use sheshim_engine::{FixedClock, Intake, IntakeOptions, Submission};
use sheshim_registry::{FactName, FactValue, ParquetRegistry, PersonFacts};
use sheshim_store::{NewUser, Store};
use std::path::Path;
use std::sync::Arc;

/// People in the demo's population: enough for every kind of applicant, generated in well
/// under a second.
const PEOPLE: u64 = 20_000;

/// Writes the demo's population file and opens it as the registry.
pub fn population(dir: &Path, today: NaiveDate) -> anyhow::Result<Arc<ParquetRegistry>> {
    let path = dir.join("demo-population.parquet");
    let options = sheshim_population::GenerateOptions::new(PEOPLE, 2026, today);
    sheshim_population::write_parquet(&path, &options, |_| {})
        .with_context(|| format!("cannot write {}", path.display()))?;
    let registry =
        ParquetRegistry::open(&path).with_context(|| format!("cannot open {}", path.display()))?;
    Ok(Arc::new(registry))
}

/// A demo official and their sign-in details, shown once.
pub struct Official {
    pub login: String,
    pub role: Role,
    pub agency: &'static str,
    pub password: zeroize::Zeroizing<String>,
    pub token: BearerSecret,
}

/// An officer and a supervisor for each of two agencies: the ministry that decides the
/// allowances and the Almaty akimat that receives citizens' appeals.
pub async fn officials(store: &dyn Store) -> anyhow::Result<Vec<Official>> {
    let at = crate::clock::now(crate::clock::system());
    let mut officials = Vec::new();
    for (login, role, agency) in [
        ("mlsp.officer", Role::Officer, "MLSP"),
        ("mlsp.supervisor", Role::Supervisor, "MLSP"),
        ("almaty.officer", Role::Officer, "AKIMAT-ALMATY"),
        ("almaty.supervisor", Role::Supervisor, "AKIMAT-ALMATY"),
    ] {
        let token = BearerSecret::generate(SecretKind::UserToken)?;
        let password = one_time_password()?;
        let user = NewUser {
            login: AccountName::parse(login)?,
            role,
            agency: AgencyCode::parse(agency)?,
            password_hash: hash_password(&password)?,
            token_hash: token.hash(),
        };
        store.add_user(user, "system:demo", at).await?;
        officials.push(Official {
            login: login.to_owned(),
            role,
            agency,
            password,
            token,
        });
    }
    Ok(officials)
}

/// Registers a complaint as if it had arrived 40 days ago: nobody answered it, and the
/// scheduler deems it refused when the server starts.
pub async fn overdue_appeal(store: Arc<dyn Store>) -> anyhow::Result<String> {
    let long_ago = crate::clock::now(crate::clock::system()) - Duration::days(40);
    let (intake, writer) = Intake::start(
        store,
        Arc::new(FixedClock(long_ago)),
        IntakeOptions::default(),
    );
    let iin = first_valid_iin("850115300")?;
    let registered = intake
        .register(Submission {
            kind: Some(AppealKind::Complaint),
            language: Some(Language::Ru),
            channel: Channel::Web,
            text: AppealText::parse("Жалоба: в подъезде третий месяц не работает лифт, управляющая компания не отвечает.")?,
            applicant: Applicant {
                iin: Iin::parse(&iin)?,
                name: PersonName::parse("Ольга Демонстрационная")?,
                phone: None,
                email: None,
                address: None,
            },
            agency: Some(AgencyCode::parse("AKIMAT-ALMATY")?),
            idempotency: None,
            actor: "system:demo".to_owned(),
            access_code_hash: None,
            service: None,
            claims: None,
            case_record: None,
            term_working_days: None,
        })
        .await
        .context("cannot register the demo's overdue appeal")?;
    drop(intake);
    writer.await.context("the demo's intake writer failed")?;
    Ok(registered.appeal().registration_number.as_str().to_owned())
}

fn first_valid_iin(first9: &str) -> anyhow::Result<String> {
    (0..100)
        .find_map(|n| sheshim_domain::with_check_digit(&format!("{first9}{n:02}")))
        .context("no valid IIN for the demo")
}

/// An application the demo submits, and what it shows.
pub struct Application {
    pub what: &'static str,
    pub body: serde_json::Value,
}

/// Applications of every service, by people of the population chosen for what each shows.
pub fn applications(
    registry: &ParquetRegistry,
    today: NaiveDate,
) -> anyhow::Result<Vec<Application>> {
    let value = |facts: &PersonFacts, name| facts.value(name, today).map(|f| f.value);
    let mothers: Vec<(Iin, PersonFacts)> = registry
        .persons()
        .filter(|(_, facts)| {
            matches!(
                value(facts, FactName::YoungestChildBirthOrder),
                Some(FactValue::Number(_))
            )
        })
        .take(400)
        .collect();
    let order = |facts: &PersonFacts| match value(facts, FactName::YoungestChildBirthOrder) {
        Some(FactValue::Number(n)) => n,
        _ => 1,
    };
    let resident = |facts: &PersonFacts| {
        matches!(
            value(facts, FactName::PermanentResident),
            Some(FactValue::Boolean(true))
        )
    };
    let residents: Vec<&(Iin, PersonFacts)> = mothers.iter().filter(|(_, f)| resident(f)).collect();
    anyhow::ensure!(
        residents.len() >= 4,
        "the demo population has too few mothers"
    );
    let application = |iin: &Iin,
                       name: &str,
                       language: &str,
                       text: &str,
                       service: &str,
                       claims: serde_json::Value| {
        serde_json::json!({
            "text": text, "language": language,
            "applicant": { "iin": iin.expose(), "name": name },
            "service": service, "claims": claims,
        })
    };
    let mut seeded = vec![
        Application {
            what: "childbirth allowance, claims confirmed: issued automatically (ru)",
            body: application(
                &residents[0].0,
                "Айгерим Серикова",
                "ru",
                "Прошу назначить единовременное пособие на рождение ребёнка.",
                "childbirth-allowance",
                serde_json::json!({ "birth_order": order(&residents[0].1) }),
            ),
        },
        Application {
            what: "childbirth allowance, claims confirmed: issued automatically (kk, Latin script)",
            body: application(
                &residents[1].0,
                "Aigul Nurlanovna",
                "kk",
                "Balanyn tuuyna bailanysty bir joly jardemaqy taghaiyndauynyzdy suraimyn.",
                "childbirth-allowance",
                serde_json::json!({ "birth_order": order(&residents[1].1) }),
            ),
        },
        Application {
            what: "childbirth allowance, a birth order the registry contradicts: in the MLSP queue with the difference",
            body: application(
                &residents[2].0,
                "Мария Иванова",
                "ru",
                "Прошу назначить пособие на рождение четвёртого ребёнка.",
                "childbirth-allowance",
                serde_json::json!({ "birth_order": order(&residents[2].1) + 1 }),
            ),
        },
        Application {
            what: "targeted social assistance: decided on the household's income per person",
            body: application(
                &residents[3].0,
                "Gulnara Abenova",
                "en",
                "I apply for targeted social assistance for my household.",
                "targeted-social-assistance",
                serde_json::json!({}),
            ),
        },
        Application {
            what: "address certificate: decided from the registry alone",
            body: application(
                &residents[0].0,
                "Айгерим Серикова",
                "kk",
                "Мекенжай анықтамасын беруіңізді сұраймын.",
                "address-certificate",
                serde_json::json!({}),
            ),
        },
    ];
    if let Some((iin, facts)) = mothers.iter().find(|(_, f)| !resident(f)) {
        seeded.push(Application {
            what: "childbirth allowance, not a permanent resident: a denial, taken to its hearing",
            body: application(
                iin,
                "Elena Petrova",
                "ru",
                "Прошу назначить единовременное пособие.",
                "childbirth-allowance",
                serde_json::json!({ "birth_order": order(facts) }),
            ),
        });
    }
    Ok(seeded)
}
