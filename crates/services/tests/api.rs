//! The catalogue's API over the repository's services: claims typed by the service's
//! inputs, inputs built from claims and registry facts (differences and gaps reported),
//! outcomes and the automation policy, answers rendered in three languages (and Kazakh in
//! Latin script), and content versions.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use serde_json::json;
use sheshim_domain::{AppealKind, Language, Script, ServiceCode};
use sheshim_feel::Env;
use sheshim_registry::{FactName, FactValue};
use sheshim_services::{AnswerArg, Automation, Catalogue, Outcome, Service, ServiceKind};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../services")
}

fn catalogue() -> Catalogue {
    Catalogue::load(&root()).unwrap()
}

fn service(catalogue: &Catalogue, code: &str) -> Arc<Service> {
    Arc::clone(catalogue.get(&ServiceCode::parse(code).unwrap()).unwrap())
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn claims_are_typed_by_the_services_inputs_and_errors_name_the_field() {
    let catalogue = catalogue();
    let birth = service(&catalogue, "childbirth-allowance");
    let claims = birth.parse_claims(&json!({"birth_order": 2})).unwrap();
    assert_eq!(claims.entries().len(), 1);
    let errors = birth
        .parse_claims(&json!({"birth_order": "second", "salary": 1}))
        .unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["claims.salary", "claims.birth_order"]);
    assert!(errors[1].message.contains("must be a number"));
    let errors = birth.parse_claims(&json!([1])).unwrap_err();
    assert_eq!(errors[0].field, "claims");
    // A service decided from registry facts alone takes no claim at all.
    let address = service(&catalogue, "address-certificate");
    assert!(address.parse_claims(&json!({})).is_ok());
    let errors = address
        .parse_claims(&json!({"region": "Almaty"}))
        .unwrap_err();
    assert_eq!(errors[0].field, "claims.region");
    assert!(errors[0].message.contains("none"), "{}", errors[0].message);
}

#[test]
fn inputs_come_from_the_registry_and_a_contradicted_claim_is_reported() {
    let catalogue = catalogue();
    let birth = service(&catalogue, "childbirth-allowance");
    assert_eq!(
        birth.registry_facts(),
        [
            FactName::YoungestChildBirthOrder,
            FactName::PermanentResident
        ]
    );
    let registry = |fact| match fact {
        FactName::YoungestChildBirthOrder => Some(FactValue::Number(2)),
        FactName::PermanentResident => Some(FactValue::Boolean(true)),
        _ => None,
    };
    let as_of = date(2026, 3, 1);
    let env = Env::default();
    let confirmed = birth.parse_claims(&json!({"birth_order": 2})).unwrap();
    let built = birth
        .build_inputs(&confirmed, registry, as_of, &env)
        .unwrap();
    assert!(built.is_confirmed());
    let decided = birth.decide(&built.context, as_of, &env).unwrap();
    let outcome = birth.outcome(&decided);
    assert_eq!(outcome.granted, Some(true));
    assert_eq!(outcome.amount.unwrap().tiyn(), 16_435_000);
    assert_eq!(birth.automation_for(&outcome), Automation::Automatic);

    let contradicted = birth.parse_claims(&json!({"birth_order": 4})).unwrap();
    let built = birth
        .build_inputs(&contradicted, registry, as_of, &env)
        .unwrap();
    assert_eq!(built.differences.len(), 1);
    let difference = &built.differences[0];
    assert_eq!(difference.field, "claims.birth_order");
    assert_eq!(difference.fact, FactName::YoungestChildBirthOrder);
    // The registry's value is the one decided on.
    assert_eq!(built.context.get("Birth order").unwrap().to_string(), "2");

    let silent = |_| None;
    let built = birth
        .build_inputs(&contradicted, silent, as_of, &env)
        .unwrap();
    let gaps: Vec<FactName> = built.gaps.iter().map(|(_, fact)| *fact).collect();
    assert_eq!(
        gaps,
        [
            FactName::YoungestChildBirthOrder,
            FactName::PermanentResident
        ]
    );
}

#[test]
fn outcomes_and_the_automation_policy() {
    let catalogue = catalogue();
    let tsa = service(&catalogue, "targeted-social-assistance");
    let env = Env::default();
    let decide = |income: i64, size: i64| {
        let registry = move |fact| match fact {
            FactName::HouseholdIncomePerPerson => Some(FactValue::Number(income)),
            FactName::HouseholdSize => Some(FactValue::Number(size)),
            FactName::PermanentResident => Some(FactValue::Boolean(true)),
            _ => None,
        };
        let claims = tsa.parse_claims(&json!({})).unwrap();
        let as_of = date(2026, 3, 1);
        let built = tsa.build_inputs(&claims, registry, as_of, &env).unwrap();
        tsa.outcome(&tsa.decide(&built.context, as_of, &env).unwrap())
    };
    let granted = decide(20_000, 4);
    assert_eq!(granted.amount.unwrap().format(Language::En), "62,384");
    let denied = decide(50_000, 4);
    assert_eq!(denied.granted, Some(false));
    assert_eq!(tsa.automation_for(&denied), Automation::Draft);
    // A negative income matches no rule: no outcome, for a person.
    let none = decide(-1, 4);
    assert_eq!(none, Outcome::NONE);
    assert_eq!(tsa.automation_for(&none), Automation::Human);
    // Appeal services are never decided and always answered by a person.
    let complaint = catalogue.for_appeal_kind(AppealKind::Complaint).unwrap();
    assert_eq!(complaint.kind(), ServiceKind::Appeal(AppealKind::Complaint));
    assert!(complaint.agency().is_none());
    assert_eq!(
        complaint.automation_for(&Outcome {
            granted: Some(true),
            amount: None
        }),
        Automation::Human
    );
    assert!(
        complaint
            .decide(&sheshim_feel::Context::new(), date(2026, 3, 1), &env)
            .is_err()
    );
}

#[test]
fn answers_render_in_three_languages_as_plain_text() {
    let catalogue = catalogue();
    let birth = service(&catalogue, "childbirth-allowance");
    let args = [
        ("number", AnswerArg::Text("2026-000123".to_owned())),
        ("date", AnswerArg::Date(date(2026, 3, 2))),
        (
            "amount",
            AnswerArg::Amount(sheshim_services::Amount::from_tiyn(16_435_000)),
        ),
        ("facts", AnswerArg::Text("birth order 2".to_owned())),
        ("citations", AnswerArg::Text("Social Code".to_owned())),
    ];
    let en = birth.render("granted", Language::En, &args).unwrap();
    assert!(en.contains("Amount: 164,350 tenge."), "{en}");
    assert!(en.contains("2 March 2026"), "{en}");
    assert!(en.contains("within 3 months"), "{en}");
    assert!(en.contains("artificial intelligence"), "{en}");
    assert!(
        !en.contains('\u{2068}') && !en.contains('\u{2069}'),
        "{en:?}"
    );
    let ru = birth.render("granted", Language::Ru, &args).unwrap();
    assert!(ru.contains("164\u{a0}350 тенге"), "{ru}");
    assert!(ru.contains("в течение 3 месяцев"), "{ru}");
    let kk = birth.render("granted", Language::Kk, &args).unwrap();
    assert!(kk.contains("Шешім: тағайындалды."), "{kk}");
    let latin = birth
        .render_in("granted", Language::Kk, Script::Latin, &args)
        .unwrap();
    assert!(latin.contains("Şeşım: tağaiyndaldy."), "{latin}");
    // A variable the template needs and the caller did not give is an error, not a gap.
    let error = birth
        .render("granted", Language::En, &args[..1])
        .unwrap_err();
    assert!(
        error.to_string().contains("childbirth-allowance"),
        "{error}"
    );
    // Terms agree with their number.
    let address = service(&catalogue, "address-certificate");
    let en = address
        .render("acknowledgement", Language::En, &args)
        .unwrap();
    assert!(en.contains("within 1 working day."), "{en}");
    let ru = address
        .render("acknowledgement", Language::Ru, &args)
        .unwrap();
    assert!(ru.contains("в течение 1 рабочего дня."), "{ru}");
    let ru = birth
        .render("acknowledgement", Language::Ru, &args)
        .unwrap();
    assert!(ru.contains("в течение 8 рабочих дней."), "{ru}");
    let request = catalogue.for_appeal_kind(AppealKind::Request).unwrap();
    let skeleton = request
        .render(
            "answer-skeleton",
            Language::Ru,
            &[
                ("number", AnswerArg::Text("2026-000124".to_owned())),
                ("date", AnswerArg::Date(date(2026, 3, 2))),
                ("officer", AnswerArg::Text("officer".to_owned())),
                ("agency", AnswerArg::Text("agency".to_owned())),
                ("grounds", AnswerArg::Text(String::new())),
            ],
        )
        .unwrap();
    assert!(skeleton.starts_with("Ответ на ваш запрос"), "{skeleton}");
}

#[test]
fn versions_are_content_hashes_that_change_with_any_file() {
    let scratch = std::env::temp_dir().join(format!("sheshim-catalogue-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    copy(&root(), &scratch);
    let before = Catalogue::load(&scratch).unwrap();
    let code = ServiceCode::parse("address-certificate").unwrap();
    let version = before.get(&code).unwrap().version().to_owned();
    assert!(
        version.starts_with("sha256:") && version.len() == 71,
        "{version}"
    );
    assert_eq!(
        version,
        Service::load(&root().join("address-certificate"))
            .unwrap()
            .version()
    );
    let ftl = scratch.join("address-certificate/answers/en.ftl");
    let text = std::fs::read_to_string(&ftl).unwrap();
    std::fs::write(&ftl, text.replace("is issued", "is granted")).unwrap();
    let after = Catalogue::load(&scratch).unwrap();
    assert_ne!(after.get(&code).unwrap().version(), version);

    // A message missing in one language names the file and the message.
    std::fs::write(&ftl, "granted = x\n").unwrap();
    let error = Catalogue::load(&scratch).err().unwrap().to_string();
    assert!(
        error.contains("address-certificate/answers/en.ftl") && error.contains("denied"),
        "{error}"
    );
    std::fs::write(&ftl, text).unwrap();

    // An unknown key, an unknown registry fact and an input the model lacks name the file
    // and the field.
    let toml = scratch.join("childbirth-allowance/service.toml");
    let original = std::fs::read_to_string(&toml).unwrap();
    for (from, to, needle) in [
        ("term_working_days = 8", "term_days = 8", "term_days"),
        (
            "registry = \"permanent_resident\"",
            "registry = \"resident\"",
            "\"resident\" is not a registry fact",
        ),
        (
            "name = \"Permanent resident\"",
            "name = \"Resident\"",
            "\"Resident\"",
        ),
        (
            "claim = \"birth_order\"\n",
            "claim = \"birth_order\"\nderived = \"1\"\n",
            "give one source",
        ),
        (
            "name = \"Birth order\"\ntype = \"number\"\nclaim = \"birth_order\"\nregistry = \"youngest_child_birth_order\"",
            "name = \"Birth order\"\ntype = \"date\"\nclaim = \"birth_order\"\nregistry = \"youngest_child_birth_date\"",
            "type is date, but the model declares number",
        ),
    ] {
        std::fs::write(&toml, original.replace(from, to)).unwrap();
        let error = Catalogue::load(&scratch).err().unwrap().to_string();
        assert!(
            error.contains("childbirth-allowance/service.toml") && error.contains(needle),
            "{error}"
        );
    }
    std::fs::write(&toml, original).unwrap();

    // Two appeal services for one kind, and rules in an appeal service, are refused.
    copy(
        &scratch.join("appeal-complaint"),
        &scratch.join("appeal-complaint-copy"),
    );
    let error = Catalogue::load(&scratch).err().unwrap().to_string();
    assert!(
        error.contains("appeal-complaint-copy/service.toml")
            && error.contains("already answers appeals of kind complaint"),
        "{error}"
    );
    std::fs::remove_dir_all(scratch.join("appeal-complaint-copy")).unwrap();
    std::fs::write(scratch.join("appeal-message/cases.toml"), "").unwrap();
    let error = Catalogue::load(&scratch).err().unwrap().to_string();
    assert!(
        error.contains("appeal-message/cases.toml") && error.contains("never decided by rules"),
        "{error}"
    );
    std::fs::remove_dir_all(&scratch).unwrap();
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

#[test]
fn derived_inputs_are_computed_and_checked_at_load() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let service = Service::load(&fixtures.join("derived-adult")).unwrap();
    let results = service.run_cases(&Env::default());
    assert_eq!(results.len(), 3);
    for result in results {
        assert!(result.passed, "{}: {}", result.name, result.actual);
    }
    // A claim the registry contradicts fails the case that is built from its sources.
    let claims = service.parse_claims(&json!({"age": 30})).unwrap();
    let registry = |_| Some(FactValue::Number(17));
    let built = service
        .build_inputs(&claims, registry, date(2026, 1, 1), &Env::default())
        .unwrap();
    assert_eq!(built.differences[0].field, "claims.age");
    assert_eq!(built.context.get("Adult").unwrap().to_string(), "false");

    let scratch = std::env::temp_dir().join(format!("sheshim-derived-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let folder = scratch.join("derived-adult");
    copy(&fixtures.join("derived-adult"), &folder);
    let toml = folder.join("service.toml");
    let original = std::fs::read_to_string(&toml).unwrap();
    for (derived, needle) in [
        ("Age >=", "derived is not FEEL"),
        ("Height >= 150", "derived reads \"Height\""),
        ("Adult or Age > 20", "derived reads \"Adult\""),
    ] {
        std::fs::write(&toml, original.replace("Age >= Age of majority", derived)).unwrap();
        let error = Service::load(&folder).err().unwrap().to_string();
        assert!(
            error.contains("service.toml")
                && error.contains("[[input]] \"Adult\"")
                && error.contains(needle),
            "{error}"
        );
    }
    // Leaving an input of the decision unlisted names it.
    let without_adult = original
        .split("[[input]]\nname = \"Adult\"")
        .next()
        .unwrap()
        .to_owned()
        + "[outcome]"
        + original.split("[outcome]").nth(1).unwrap();
    std::fs::write(&toml, without_adult).unwrap();
    let error = Service::load(&folder).err().unwrap().to_string();
    assert!(
        error.contains("input \"Adult\" of decision \"Adult check\" has no [[input]]"),
        "{error}"
    );
    std::fs::remove_dir_all(&scratch).unwrap();
}

#[test]
fn services_can_be_shared_between_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Service>();
    shared::<Catalogue>();
}

#[test]
fn an_officer_can_read_the_template_a_draft_was_made_from() {
    let catalogue = catalogue();
    let birth = service(&catalogue, "childbirth-allowance");
    let granted = birth.answer_template("granted", Language::En).unwrap();
    assert!(granted.starts_with("granted ="), "{granted}");
    assert!(granted.contains("{ $amount }"), "{granted}");
    assert!(
        !granted.contains("denied ="),
        "the next message was included: {granted}"
    );
    let russian = birth.answer_template("denied", Language::Ru).unwrap();
    assert!(russian.starts_with("denied ="));
    assert_ne!(
        russian,
        birth.answer_template("denied", Language::En).unwrap()
    );
    assert_eq!(birth.answer_template("no-such-message", Language::Kk), None);
}
