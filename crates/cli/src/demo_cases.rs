//! The demo's case flow: a small synthetic population as the registry, officials of two
//! agencies with an auditor and an administrator, and applications of every kind submitted
//! through the API — some issued automatically, some drafted for an officer, one with a
//! claim the registry contradicts, one denial taken to its hearing — plus appeals registered
//! over the past weeks, so the queues hold cases with different days left, and one left past
//! its deadline, which the scheduler deems refused as the server starts.

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

/// Who the demo signs in as: two officers and a supervisor of the ministry that decides the
/// allowances, an officer and a supervisor of the Almaty akimat that receives citizens'
/// appeals, an auditor who reads every agency, and an administrator of the users.
const OFFICIALS: [(&str, Role, &str); 7] = [
    ("mlsp.officer", Role::Officer, "MLSP"),
    ("mlsp.officer2", Role::Officer, "MLSP"),
    ("mlsp.supervisor", Role::Supervisor, "MLSP"),
    ("almaty.officer", Role::Officer, "AKIMAT-ALMATY"),
    ("almaty.supervisor", Role::Supervisor, "AKIMAT-ALMATY"),
    ("demo.auditor", Role::Auditor, "DEMO"),
    ("demo.admin", Role::Admin, "DEMO"),
];

/// Adds the demo's officials to a fresh store, each with a one-time password (changed at
/// the first web sign-in) and an API token.
pub async fn officials(store: &dyn Store) -> anyhow::Result<Vec<Official>> {
    let at = crate::clock::now(crate::clock::system());
    let mut officials = Vec::new();
    for (login, role, agency) in OFFICIALS {
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

/// An appeal the demo registers as if it had arrived some days ago.
struct Backdated {
    days_ago: i64,
    agency: &'static str,
    kind: AppealKind,
    language: Language,
    text: &'static str,
    name: &'static str,
    /// The first nine digits of the applicant's IIN (the check digit is found).
    iin: &'static str,
}

/// Appeals registered over the past weeks, so that the queues hold cases with different
/// days left (one at risk, within three working days of its deadline), and one complaint
/// nobody answered, which the scheduler deems refused as the server starts.
const BACKDATED: [Backdated; 6] = [
    Backdated {
        days_ago: 19,
        agency: "MLSP",
        kind: AppealKind::Complaint,
        language: Language::Ru,
        text: "Жалоба: пособие по уходу за ребёнком не поступило второй месяц, отдел занятости не отвечает на звонки.",
        name: "Асель Кайратовна",
        iin: "880304400",
    },
    Backdated {
        days_ago: 11,
        agency: "MLSP",
        kind: AppealKind::Request,
        language: Language::Kk,
        text: "Көп балалы отбасыға берілетін жәрдемақының мөлшері қалай есептелетінін түсіндіріп беруіңізді сұраймын.",
        name: "Ерлан Болатұлы",
        iin: "790921300",
    },
    Backdated {
        days_ago: 6,
        agency: "MLSP",
        kind: AppealKind::Proposal,
        language: Language::En,
        text: "I propose that the allowance application page lists the documents needed before one starts filling it in.",
        name: "Dana Smagulova",
        iin: "910512400",
    },
    Backdated {
        days_ago: 4,
        agency: "MLSP",
        kind: AppealKind::Request,
        language: Language::Ru,
        text: "Прошу разъяснить, с какого дня назначается адресная социальная помощь, если заявление подано в конце месяца.",
        name: "Тимур Ахметов",
        iin: "830730300",
    },
    Backdated {
        days_ago: 8,
        agency: "AKIMAT-ALMATY",
        kind: AppealKind::Complaint,
        language: Language::Kk,
        text: "Шағым: ауладағы балалар алаңы екі айдан бері жөнделмей тұр, әкімдікке жазған хатым жауапсыз қалды.",
        name: "Гүлнар Серікқызы",
        iin: "870211400",
    },
    Backdated {
        days_ago: 40,
        agency: "AKIMAT-ALMATY",
        kind: AppealKind::Complaint,
        language: Language::Ru,
        text: "Жалоба: в подъезде третий месяц не работает лифт, управляющая компания не отвечает.",
        name: "Ольга Демонстрационная",
        iin: "850115300",
    },
];

/// Registers the backdated appeals, each at its own past moment, and returns a line per
/// appeal: its number and how long ago it arrived.
pub async fn backdated_appeals(store: Arc<dyn Store>) -> anyhow::Result<Vec<String>> {
    let now = crate::clock::now(crate::clock::system());
    let mut lines = Vec::new();
    for appeal in &BACKDATED {
        // Each appeal gets an intake whose clock stands at its arrival, so its registration
        // date and deadline are computed as they would have been then.
        let arrived = now - Duration::days(appeal.days_ago);
        let (intake, writer) = Intake::start(
            store.clone(),
            Arc::new(FixedClock(arrived)),
            IntakeOptions::default(),
        );
        let iin = first_valid_iin(appeal.iin)?;
        let registered = intake
            .register(Submission {
                kind: Some(appeal.kind),
                language: Some(appeal.language),
                channel: Channel::Web,
                text: AppealText::parse(appeal.text)?,
                applicant: Applicant {
                    iin: Iin::parse(&iin)?,
                    name: PersonName::parse(appeal.name)?,
                    phone: None,
                    email: None,
                    address: None,
                },
                agency: Some(AgencyCode::parse(appeal.agency)?),
                idempotency: None,
                actor: "system:demo".to_owned(),
                access_code_hash: None,
                service: None,
                claims: None,
                case_record: None,
                term_working_days: None,
            })
            .await
            .context("cannot register a backdated demo appeal")?;
        drop(intake);
        writer.await.context("the demo's intake writer failed")?;
        let number = registered.appeal().registration_number.as_str().to_owned();
        lines.push(if appeal.days_ago > 30 {
            format!(
                "{number}: a {} to {} registered {} days ago and never answered: deemed refused (GET /v1/queue?status=deemed_refused)",
                appeal.kind.code(),
                appeal.agency,
                appeal.days_ago
            )
        } else {
            format!(
                "{number}: a {} to {} registered {} days ago, in its queue",
                appeal.kind.code(),
                appeal.agency,
                appeal.days_ago
            )
        });
    }
    Ok(lines)
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
                // The letter states the same birth order as the claim, one more than the
                // registry holds.
                &format!(
                    "Прошу назначить пособие на рождение ребёнка: это мой {}-й ребёнок.",
                    order(&residents[2].1) + 1
                ),
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
