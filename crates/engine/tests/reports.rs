//! What the supervisor's reports read from the store (`Store::report_cases`) about cases the
//! real engine made, on SQLite (and on PostgreSQL when `SHESHIM_TEST_POSTGRES_URL` is set):
//! an answer issued automatically, an officer's override, a forwarding, a withdrawal, a
//! region from the registry, and a deemed refusal — each with the dates its audit entries
//! recorded.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::{TRIAGE, TestRegistry, databases, date, iin, mother};

use chrono::{TimeZone, Utc};
use sheshim_domain::{
    AgencyCode, AppealKind, AppealText, Applicant, CaseStatus, Channel, Language, PersonName,
    RegistrationNumber, Role, ServiceCode,
};
use sheshim_engine::{
    Action, Choice, Flow, Intake, IntakeOptions, ManualClock, Officer, Submission,
};
use sheshim_services::Catalogue;
use sheshim_store::{ReportCase, Store};
use std::sync::Arc;

struct World {
    flow: Flow,
    store: Arc<dyn Store>,
    registry: Arc<TestRegistry>,
    clock: Arc<ManualClock>,
    intake: Intake,
}

async fn world(url: &str) -> World {
    let keys = sheshim_crypto::Keyring::generate().unwrap();
    // Monday 2 March 2026, 10:00 in Astana.
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 3, 2, 5, 0, 0).unwrap(),
    ));
    let (store, _) = sheshim_store::open_attached(url, Arc::new(keys), Utc::now())
        .await
        .unwrap();
    let catalogue = Arc::new(Catalogue::load(std::path::Path::new("../../services")).unwrap());
    let registry = Arc::new(TestRegistry::default());
    let (intake, _writer) = Intake::start(store.clone(), clock.clone(), IntakeOptions::default());
    let flow = Flow::new(
        store.clone(),
        catalogue,
        registry.clone(),
        TRIAGE.clone(),
        clock.clone(),
        intake.clone(),
        "seed".to_owned(),
    );
    World {
        flow,
        store,
        registry,
        clock,
        intake,
    }
}

impl World {
    /// Registers an application for `service` by the person with this IIN prefix, whom the
    /// registry knows as a mother of two.
    async fn apply(
        &self,
        who: &str,
        service: &str,
        claims: serde_json::Value,
    ) -> RegistrationNumber {
        self.registry
            .people
            .lock()
            .unwrap()
            .insert(iin(who).expose().to_owned(), mother(2, true));
        self.submit(Submission {
            kind: None,
            language: Some(Language::Ru),
            channel: Channel::Egov,
            text: AppealText::parse("Прошу назначить единовременное пособие на рождение ребёнка.")
                .unwrap(),
            applicant: applicant(who),
            agency: None,
            idempotency: None,
            actor: "client:test".to_owned(),
            service: Some(ServiceCode::parse(service).unwrap()),
            claims: Some(claims),
            case_record: None,
            term_working_days: Some(8),
            access_code_hash: None,
        })
        .await
    }

    /// Registers a complaint in Kazakh addressed to a local akimat.
    async fn complain(&self) -> RegistrationNumber {
        self.submit(Submission {
            kind: Some(AppealKind::Complaint),
            language: Some(Language::Kk),
            channel: Channel::Web,
            text: AppealText::parse(
                "Аулада су құбыры жарылды, әкімдікке үш рет хабарластым, ешкім келмеді.",
            )
            .unwrap(),
            applicant: applicant("8501153001"),
            agency: Some(AgencyCode::parse("AKIMAT-ALA").unwrap()),
            idempotency: None,
            actor: "client:test".to_owned(),
            service: None,
            claims: None,
            case_record: None,
            term_working_days: None,
            access_code_hash: Some("a test access code hash".to_owned()),
        })
        .await
    }

    async fn submit(&self, submission: Submission) -> RegistrationNumber {
        let registered = self.intake.register(submission).await.unwrap();
        registered.appeal().registration_number.clone()
    }

    async fn run(&self) {
        while self.flow.pipeline_batch(64).await.unwrap() > 0 {}
    }

    async fn act(&self, who: &Officer, number: &RegistrationNumber, action: Action) {
        let version = self.store.case(number).await.unwrap().unwrap().version;
        self.flow.act(who, number, version, action).await.unwrap();
    }
}

fn applicant(who: &str) -> Applicant {
    Applicant {
        iin: iin(who),
        name: PersonName::parse("Айгерим Серикова").unwrap(),
        phone: None,
        email: None,
        address: None,
    }
}

fn officer(login: &str, agency: &str) -> Officer {
    Officer {
        login: login.to_owned(),
        role: Role::Officer,
        agency: AgencyCode::parse(agency).unwrap(),
    }
}

fn find<'a>(cases: &'a [ReportCase], number: &RegistrationNumber) -> &'a ReportCase {
    cases
        .iter()
        .find(|c| &c.registration_number == number)
        .expect("the case is in the report")
}

#[tokio::test]
async fn the_report_reads_dates_and_what_the_machine_and_officers_did() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(&dir, "reports").await {
        scenario(world(&url).await).await;
    }
}

async fn scenario(w: World) {
    let (first, last) = (date(2026, 3, 1), date(2026, 3, 31));
    assert!(
        w.store
            .report_cases(None, first, last)
            .await
            .unwrap()
            .is_empty()
    );

    // Monday 2 March: five cases registered and read by the pipeline.
    let automatic = w
        .apply(
            "9204104001",
            "childbirth-allowance",
            serde_json::json!({ "birth_order": 2 }),
        )
        .await;
    let overridden = w
        .apply(
            "9204104002",
            "childbirth-allowance",
            serde_json::json!({ "birth_order": 3 }),
        )
        .await;
    let withdrawn = w
        .apply(
            "9204104003",
            "childbirth-allowance",
            serde_json::json!({ "birth_order": 3 }),
        )
        .await;
    let left_open = w
        .apply(
            "9204104004",
            "childbirth-allowance",
            serde_json::json!({ "birth_order": 3 }),
        )
        .await;
    let certificate = w
        .apply("9204104005", "address-certificate", serde_json::json!({}))
        .await;
    let complaint = w.complain().await;
    w.run().await;

    // Tuesday 3 March: an override then the answer, a withdrawal, a forwarding.
    w.clock.advance(chrono::Duration::days(1));
    let anna = officer("anna", "MLSP");
    let reason = "the registry's birth order is right".to_owned();
    let override_to_granted = Action::Override {
        outcome: Choice::Granted,
        amount_tiyn: Some(16_435_000),
        reason,
    };
    w.act(&anna, &overridden, override_to_granted).await;
    w.act(&anna, &overridden, Action::Approve).await;
    let withdraw = Action::Withdraw {
        reason: "the applicant asked".to_owned(),
    };
    w.act(&anna, &withdrawn, withdraw).await;
    let forward = Action::Forward {
        agency: AgencyCode::parse("MIA").unwrap(),
        reason: "a matter for the police".to_owned(),
    };
    w.act(&officer("aset", "AKIMAT-ALA"), &complaint, forward)
        .await;
    w.run().await;

    let cases = w.store.report_cases(None, first, last).await.unwrap();
    assert_eq!(cases.len(), 7, "six registered and the forwarded copy");
    let case = find(&cases, &automatic);
    assert_eq!(case.registered_on, date(2026, 3, 2));
    assert_eq!(case.closed_on, Some(date(2026, 3, 2)));
    assert_eq!(case.status, CaseStatus::Decided);
    assert_eq!(
        case.service.as_ref().map(|s| s.as_str()),
        Some("childbirth-allowance")
    );
    assert_eq!(case.agency.as_ref().map(|a| a.as_str()), Some("MLSP"));
    assert_eq!(case.language, Language::Ru);
    assert!(case.category.is_some(), "the triage topic");
    assert_eq!(case.machine_outcome.as_deref(), Some("granted"));
    assert!(case.automated && !case.overridden);
    assert_eq!(
        case.region, None,
        "this service does not read the residence"
    );
    assert_eq!(case.forwarded_on, None);

    let case = find(&cases, &overridden);
    assert_eq!(case.closed_on, Some(date(2026, 3, 3)));
    assert_eq!(case.machine_outcome.as_deref(), Some("granted"));
    assert!(case.overridden && !case.automated && case.answered());

    let case = find(&cases, &withdrawn);
    assert_eq!(
        (case.status, case.closed_on),
        (CaseStatus::Withdrawn, Some(date(2026, 3, 3)))
    );
    assert!(!case.overridden && !case.automated && !case.answered());

    let case = find(&cases, &certificate);
    assert_eq!(case.region.as_deref(), Some("Almaty"));
    assert!(case.automated);

    let case = find(&cases, &complaint);
    assert_eq!(case.status, CaseStatus::Forwarded);
    assert_eq!(case.language, Language::Kk);
    assert_eq!(case.service, None);
    assert_eq!(case.machine_outcome, None);
    assert_eq!(
        (case.forwarded_on, case.closed_on),
        (Some(date(2026, 3, 3)), None)
    );
    assert_eq!(case.forwarding_working_days, Some(1));

    // One agency's cases only, and only those registered in the period.
    let mlsp = AgencyCode::parse("MLSP").unwrap();
    let of_mlsp = w
        .store
        .report_cases(Some(&mlsp), first, last)
        .await
        .unwrap();
    assert_eq!(of_mlsp.len(), 4);
    assert!(of_mlsp.iter().all(|c| c.agency.as_ref() == Some(&mlsp)));
    let monday = w
        .store
        .report_cases(None, first, date(2026, 3, 2))
        .await
        .unwrap();
    assert_eq!(
        monday.len(),
        6,
        "the forwarded copy was registered on Tuesday"
    );
    let mia = AgencyCode::parse("MIA").unwrap();
    let tuesday = w
        .store
        .report_cases(Some(&mia), date(2026, 3, 3), date(2026, 3, 3))
        .await
        .unwrap();
    assert_eq!(tuesday.len(), 1);
    assert_eq!(tuesday[0].status, CaseStatus::InReview);

    // A month on, the case left open is deemed refused: closed, after its deadline.
    w.clock.advance(chrono::Duration::days(30));
    w.flow.mark_deemed_refusals().await.unwrap();
    let cases = w.store.report_cases(None, first, last).await.unwrap();
    let case = find(&cases, &left_open);
    assert_eq!(case.status, CaseStatus::DeemedRefused);
    assert_eq!(case.closed_on, Some(date(2026, 4, 2)));
    assert!(case.closed_on.unwrap() > case.deadline);
    assert_eq!(
        find(&cases, &automatic).closed_on,
        Some(date(2026, 3, 2)),
        "unchanged"
    );
}
