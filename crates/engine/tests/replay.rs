//! Replaying past applications under a reform, in process: applications of the childbirth
//! allowance decided by the pipeline from registry facts (granted, denied, one contradicted
//! by the registry, one the registry does not know), then decided again from their records
//! under the MRP reform of the service's folder and under a reform written here that lowers
//! it: who gains, loses or stays, what it costs, and what cannot be replayed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::{TestRegistry, databases, date, iin, mother};

use chrono::{TimeZone, Utc};
use sheshim_crypto::Keyring;
use sheshim_domain::{AppealText, Applicant, Channel, Language, PersonName, ServiceCode};
use sheshim_engine::replay::{Change, ReplayPeriod, not_replayable, replay};
use sheshim_engine::{Flow, Intake, IntakeOptions, ManualClock, Submission};
use sheshim_services::Catalogue;
use std::path::Path;
use std::sync::Arc;

/// Registers a childbirth-allowance application by the mother with this IIN prefix.
async fn apply(intake: &Intake, who: &str, birth_order: i64) {
    let submission = Submission {
        kind: None,
        language: Some(Language::Ru),
        channel: Channel::Egov,
        text: AppealText::parse("Прошу назначить единовременное пособие на рождение ребёнка.")
            .unwrap(),
        applicant: Applicant {
            iin: iin(who),
            name: PersonName::parse("Айгерим Серикова").unwrap(),
            phone: None,
            email: None,
            address: None,
        },
        agency: None,
        idempotency: None,
        actor: "client:test".to_owned(),
        service: Some(ServiceCode::parse("childbirth-allowance").unwrap()),
        claims: Some(serde_json::json!({ "birth_order": birth_order })),
        case_record: None,
        term_working_days: Some(8),
        access_code_hash: None,
    };
    intake.register(submission).await.unwrap();
}

#[tokio::test]
async fn past_applications_are_decided_again_under_a_reform_with_gains_losses_and_cost() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(&dir, "replay").await {
        scenario(&url, dir.path()).await;
    }
}

async fn scenario(url: &str, dir: &Path) {
    let keys = Arc::new(Keyring::generate().unwrap());
    // Monday 2 March 2026, 10:00 in Astana.
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 3, 2, 5, 0, 0).unwrap(),
    ));
    let (store, _) = sheshim_store::open_attached(url, keys, Utc::now())
        .await
        .unwrap();
    let catalogue = Arc::new(Catalogue::load(Path::new("../../services")).unwrap());
    let registry = Arc::new(TestRegistry::default());
    let (intake, _writer) = Intake::start(store.clone(), clock.clone(), IntakeOptions::default());
    let flow = Flow::new(
        store.clone(),
        catalogue.clone(),
        registry.clone(),
        Arc::new(sheshim_triage::Triage::seed().unwrap()),
        clock.clone(),
        intake.clone(),
        "seed".to_owned(),
    );
    let people = [
        ("9204104011", mother(2, true), 2),  // granted 38 MRP
        ("9204104012", mother(4, true), 4),  // granted 63 MRP
        ("9204104013", mother(2, false), 2), // denied: not resident
        ("9204104014", mother(2, true), 3),  // claims a third child; the registry says second
    ];
    for (who, facts, _) in &people {
        registry
            .people
            .lock()
            .unwrap()
            .insert(iin(who).expose().to_owned(), facts.clone());
    }
    for (who, _, claimed) in &people {
        apply(&intake, who, *claimed).await;
    }
    // Unknown to the registry: decided without facts.
    apply(&intake, "9204104015", 1).await;
    while flow.pipeline_batch(64).await.unwrap() > 0 {}

    let code = ServiceCode::parse("childbirth-allowance").unwrap();
    // The store gives the service's cases a page at a time, in storage order.
    let mut seen = Vec::new();
    let mut after = 0;
    loop {
        let page = store
            .cases_of_service(&code, None, None, after, 2)
            .await
            .unwrap();
        let Some(last) = page.last_id else { break };
        assert!(page.cases.len() <= 2);
        seen.extend(page.cases.into_iter().map(|c| c.appeal.registration_number));
        after = last;
    }
    assert_eq!(seen.len(), 5);
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
    let other = ServiceCode::parse("large-family-allowance").unwrap();
    let none = store
        .cases_of_service(&other, None, None, 0, 10)
        .await
        .unwrap();
    assert!(none.cases.is_empty() && none.last_id.is_none());
    let service = catalogue.get(&code).unwrap().clone();
    let raised = Arc::new(
        service
            .with_reform(Path::new(
                "../../services/childbirth-allowance/reforms/mrp-2026-plus-10-percent.toml",
            ))
            .unwrap(),
    );
    let march = ReplayPeriod {
        from: Some(date(2026, 3, 1)),
        to: Some(date(2026, 3, 31)),
    };
    let report = replay(store.as_ref(), service.clone(), raised, march)
        .await
        .unwrap();
    assert_eq!(report.replayed.len(), 4, "{report:?}");
    assert_eq!(report.count(Change::Gain), 3);
    assert_eq!(report.count(Change::Same), 1);
    assert_eq!(report.count(Change::Loss), 0);
    assert_eq!(report.drifted(), 0);
    assert_eq!(report.not_replayable.len(), 1);
    assert_eq!(report.not_replayable[0].1, not_replayable::REGISTRY_GAP);
    // 38 MRP: 164,350 → 180,804 (twice); 63 MRP: 272,475 → 299,754.
    assert_eq!(report.cost_delta_tiyn(), (16_454 * 2 + 27_279) * 100);
    let denied = report
        .replayed
        .iter()
        .find(|r| r.before.granted == Some(false))
        .unwrap();
    assert_eq!(
        (denied.after.granted, denied.change),
        (Some(false), Change::Same)
    );

    // A reform that lowers the MRP of 2026: the granted lose, the cost is negative.
    let lowered_file = dir.join(format!("mrp-lowered-{}.toml", store.backend() as u8));
    std::fs::write(
        &lowered_file,
        "[[parameter]]\nname = \"MRP\"\ndescription = \"lowered\"\nunit = \"KZT\"\ntype = \"number\"\n\
         [[parameter.period]]\nfrom = 2026-01-01\nuntil = 2026-12-31\nvalue = 4000\nact = \"What-if\"\nverified = false\n",
    )
    .unwrap();
    let lowered = Arc::new(service.with_reform(&lowered_file).unwrap());
    let report = replay(store.as_ref(), service.clone(), lowered, march)
        .await
        .unwrap();
    assert_eq!(report.count(Change::Loss), 3);
    assert_eq!(report.cost_delta_tiyn(), -(325 * 38 * 2 + 325 * 63) * 100);

    // Another period holds none of them.
    let february = ReplayPeriod {
        from: Some(date(2026, 2, 1)),
        to: Some(date(2026, 2, 28)),
    };
    let same = Arc::new(
        service
            .with_reform(Path::new(
                "../../services/childbirth-allowance/reforms/mrp-2026-plus-10-percent.toml",
            ))
            .unwrap(),
    );
    let none = replay(store.as_ref(), service, same, february)
        .await
        .unwrap();
    assert!(none.replayed.is_empty() && none.not_replayable.is_empty());
}
