//! The case flow in process, on SQLite (and on PostgreSQL when `SHESHIM_TEST_POSTGRES_URL`
//! is set): applications decided from registry facts and issued automatically, routed to an
//! officer on a claim the registry contradicts or with the stop switch on, a denial through
//! the hearing, another agency's officer and an auditor kept to what they may do, a missed
//! deadline deemed refused, and a case decided exactly once by two pipelines at once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::{TRIAGE, TestRegistry, databases, date, iin, mother};

use chrono::{TimeZone, Utc};
use sheshim_crypto::Keyring;
use sheshim_domain::{
    AgencyCode, AppealText, Applicant, CaseStatus, Channel, Language, PersonName, Role, ServiceCode,
};
use sheshim_engine::record::CaseRecord;
use sheshim_engine::{
    Action, ActionError, Choice, Flow, Intake, IntakeOptions, ManualClock, Officer, Submission,
};
use sheshim_registry::PersonFacts;
use sheshim_services::Catalogue;
use sheshim_store::{AutomationSwitch, Awaiting, Store, StoredCase};
use std::sync::Arc;

struct World {
    flow: Flow,
    store: Arc<dyn Store>,
    registry: Arc<TestRegistry>,
    clock: Arc<ManualClock>,
    intake: Intake,
    url: String,
    /// The key file as the CLI keeps it: bound to the store.
    keys: Keyring,
    _dir: tempfile::TempDir,
}

/// Runs a scenario on every database of [`databases`].
macro_rules! on_every_database {
    ($name:ident, $scenario:ident) => {
        #[tokio::test]
        async fn $name() {
            let dir = tempfile::tempdir().unwrap();
            for url in databases(&dir, "flow").await {
                $scenario(world(&url).await).await;
            }
        }
    };
}

async fn world(url: &str) -> World {
    let dir = tempfile::tempdir().unwrap();
    let mut keys = Keyring::generate().unwrap();
    // Monday 2 March 2026, 10:00 in Astana.
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 3, 2, 5, 0, 0).unwrap(),
    ));
    let (store, attached) = sheshim_store::open_attached(url, Arc::new(keys.clone()), Utc::now())
        .await
        .unwrap();
    if let sheshim_store::Attached::New { store_id, .. } = attached {
        keys.bind(store_id);
    }
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
        url: url.to_owned(),
        keys,
        _dir: dir,
    }
}

impl World {
    /// Registers a childbirth-allowance application by the mother with this IIN prefix.
    async fn apply(&self, who: &str, birth_order: i64) -> sheshim_domain::RegistrationNumber {
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
        let registered = self.intake.register(submission).await.unwrap();
        registered.appeal().registration_number.clone()
    }

    fn know(&self, who: &str, person: PersonFacts) {
        self.registry
            .people
            .lock()
            .unwrap()
            .insert(iin(who).expose().to_owned(), person);
    }

    async fn case(&self, number: &sheshim_domain::RegistrationNumber) -> StoredCase {
        self.store.case(number).await.unwrap().unwrap()
    }

    async fn run(&self) {
        while self.flow.pipeline_batch(64).await.unwrap() > 0 {}
    }
}

fn record(case: &StoredCase) -> CaseRecord {
    serde_json::from_value(case.record.clone().unwrap()).unwrap()
}

fn officer(login: &str, role: Role, agency: &str) -> Officer {
    Officer {
        login: login.to_owned(),
        role,
        agency: AgencyCode::parse(agency).unwrap(),
    }
}

async fn a_confirmed_application_is_issued_automatically_with_amount_law_route_and_ai_label_scenario(
    w: World,
) {
    w.know("9204104001", mother(2, true));
    let number = w.apply("9204104001", 2).await;
    w.run().await;
    let case = w.case(&number).await;
    assert_eq!(case.appeal.status, CaseStatus::Decided);
    assert_eq!(case.awaiting, Awaiting::Nobody);
    assert_eq!(case.outcome.as_deref(), Some("granted"));
    let record = record(&case);
    let issued = record.issued.expect("issued");
    // 38 MRP × 4,325 tenge in 2026.
    assert_eq!(issued.amount_tiyn, Some(16_435_000));
    assert!(issued.text.contains("164\u{a0}350"), "{}", issued.text);
    assert!(
        issued.text.contains("Social Code") || issued.text.contains("Кодекс"),
        "{}",
        issued.text
    );
    assert!(issued.text.contains("ст. 91"), "{}", issued.text);
    assert!(
        issued.text.contains("искусственного интеллекта"),
        "{}",
        issued.text
    );
    assert!(issued.ai.prepared_with_ai && issued.ai.checked_by.is_none());
    assert_eq!(
        issued.text.matches("искусственного интеллекта").count(),
        1,
        "the label once"
    );
    assert_eq!(issued.language, "ru");
    let outbox = w
        .store
        .due_outbox(w.clock.now_for_test(), 10)
        .await
        .unwrap();
    assert_eq!(outbox.iter().filter(|m| m.kind == "answer").count(), 1);
    let history = w.store.history(number.as_str()).await.unwrap();
    assert_eq!(
        history
            .iter()
            .filter(|e| e.entry.action == "case.decided")
            .count(),
        1
    );
    let report = sheshim_store::verify_store(w.store.as_ref(), w.store.keyring(), &[])
        .await
        .unwrap();
    assert!(report.is_intact(), "{report:?}");
}

trait NowForTest {
    fn now_for_test(&self) -> chrono::DateTime<Utc>;
}

impl NowForTest for ManualClock {
    fn now_for_test(&self) -> chrono::DateTime<Utc> {
        sheshim_engine::Clock::now(self)
    }
}

async fn a_claim_the_registry_contradicts_goes_to_the_officer_who_issues_an_edited_answer_scenario(
    w: World,
) {
    w.know("9204104002", mother(2, true));
    let number = w.apply("9204104002", 3).await;
    w.run().await;
    let case = w.case(&number).await;
    assert_eq!(case.appeal.status, CaseStatus::InReview);
    assert_eq!(case.awaiting, Awaiting::Officer);
    assert_eq!(case.agency.as_ref().map(|a| a.as_str()), Some("MLSP"));
    let rec = record(&case);
    assert_eq!(rec.differences.len(), 1);
    assert_eq!(rec.differences[0].field, "claims.birth_order");
    assert_eq!(
        (
            rec.differences[0].claimed.as_str(),
            rec.differences[0].registry.as_str()
        ),
        ("3", "2")
    );
    assert!(
        rec.routing
            .as_ref()
            .unwrap()
            .reasons
            .contains(&"claim_mismatch".to_owned())
    );
    let draft = rec.draft.expect("a draft for the officer");

    let anna = officer("anna", Role::Officer, "MLSP");
    let edited = format!("{}\nПроверено по сведениям ЗАГС.", draft.body);
    let case = w
        .flow
        .act(
            &anna,
            &number,
            case.version,
            Action::Edit {
                body: edited.clone(),
            },
        )
        .await
        .unwrap();
    assert_eq!(case.appeal.status, CaseStatus::Decided);
    let issued = record(&case).issued.unwrap();
    assert!(issued.text.starts_with(&edited));
    assert_eq!(issued.ai.checked_by.as_deref(), Some("anna"));
    assert!(
        issued
            .text
            .contains("проверен и направлен должностным лицом: anna"),
        "{}",
        issued.text
    );
    assert!(
        issued
            .diff
            .as_deref()
            .unwrap()
            .contains("+Проверено по сведениям ЗАГС.")
    );
}

async fn with_the_stop_switch_on_nothing_is_issued_automatically_scenario(w: World) {
    w.know("9204104003", mother(2, true));
    w.store
        .set_automation_switch(&AutomationSwitch {
            service: "childbirth-allowance".to_owned(),
            stopped: true,
            reason: "checking a complaint about amounts".to_owned(),
            updated_by: "user:sultan".to_owned(),
            updated_at: Utc::now(),
        })
        .await
        .unwrap();
    let number = w.apply("9204104003", 2).await;
    w.run().await;
    let case = w.case(&number).await;
    assert_eq!(case.appeal.status, CaseStatus::InReview);
    let rec = record(&case);
    assert_eq!(rec.routing.unwrap().reasons, vec!["stop_switch".to_owned()]);
    assert!(rec.issued.is_none() && rec.draft.is_some());
}

async fn a_denial_is_final_only_after_the_hearing_scenario(w: World) {
    w.know("9204104004", mother(1, false));
    let number = w.apply("9204104004", 1).await;
    w.run().await;
    let case = w.case(&number).await;
    assert_eq!(case.outcome.as_deref(), Some("denied"));
    assert_eq!(case.appeal.status, CaseStatus::InReview);
    let anna = officer("anna", Role::Officer, "MLSP");
    let refused = w
        .flow
        .act(&anna, &number, case.version, Action::Approve)
        .await
        .unwrap_err();
    assert!(
        matches!(refused, ActionError::NotAllowed { .. }),
        "{refused}"
    );
    let case = w
        .flow
        .act(&anna, &number, case.version, Action::StartHearing)
        .await
        .unwrap();
    assert_eq!(case.appeal.status, CaseStatus::AwaitingHearing);
    let hearing = record(&case).hearing.unwrap();
    assert_eq!(hearing.notice_on, date(2026, 3, 2));
    assert_eq!(hearing.earliest_final_on, date(2026, 3, 5));
    // Two days later, without a reply: still too early.
    w.clock.advance(chrono::Duration::days(2));
    let too_early = w
        .flow
        .act(&anna, &number, case.version, Action::Approve)
        .await
        .unwrap_err();
    assert!(too_early.to_string().contains("2026-03-05"), "{too_early}");
    // The applicant answers: the final act may be issued now.
    let case = w
        .flow
        .act(
            &anna,
            &number,
            case.version,
            Action::RecordHearingReply {
                reply: "Я проживаю в Алматы постоянно.".to_owned(),
            },
        )
        .await
        .unwrap();
    assert_eq!(case.appeal.status, CaseStatus::InReview);
    let case = w
        .flow
        .act(&anna, &number, case.version, Action::Approve)
        .await
        .unwrap();
    assert_eq!(case.appeal.status, CaseStatus::Decided);
    assert_eq!(record(&case).issued.unwrap().outcome, "denied");
}

async fn without_a_reply_the_denial_can_be_issued_three_working_days_after_the_notice_scenario(
    w: World,
) {
    w.know("9204104005", mother(1, false));
    let number = w.apply("9204104005", 1).await;
    w.run().await;
    let anna = officer("anna", Role::Officer, "MLSP");
    let case = w.case(&number).await;
    let case = w
        .flow
        .act(&anna, &number, case.version, Action::StartHearing)
        .await
        .unwrap();
    w.clock.advance(chrono::Duration::days(3));
    let case = w
        .flow
        .act(&anna, &number, case.version, Action::Approve)
        .await
        .unwrap();
    assert_eq!(case.appeal.status, CaseStatus::Decided);
}

async fn other_agencies_do_not_see_the_case_and_auditors_cannot_act_scenario(w: World) {
    w.know("9204104006", mother(2, true));
    let number = w.apply("9204104006", 3).await;
    w.run().await;
    let case = w.case(&number).await;
    let stranger = officer("berik", Role::Officer, "MIA");
    assert!(matches!(
        w.flow.case_for(&stranger, &number).await,
        Err(ActionError::NotFound)
    ));
    assert!(matches!(
        w.flow
            .act(&stranger, &number, case.version, Action::Approve)
            .await,
        Err(ActionError::NotFound)
    ));
    let auditor = officer("dana", Role::Auditor, "AUDIT");
    assert!(w.flow.case_for(&auditor, &number).await.is_ok());
    assert!(matches!(
        w.flow
            .act(&auditor, &number, case.version, Action::Approve)
            .await,
        Err(ActionError::Forbidden(Role::Auditor))
    ));
    // A stale version is refused, never overwritten.
    let anna = officer("anna", Role::Officer, "MLSP");
    w.flow
        .act(
            &anna,
            &number,
            case.version,
            Action::Assign {
                assignee: Some("anna".to_owned()),
            },
        )
        .await
        .unwrap();
    assert!(matches!(
        w.flow
            .act(&anna, &number, case.version, Action::Approve)
            .await,
        Err(ActionError::Stale { .. })
    ));
}

async fn a_registry_that_does_not_answer_sends_the_case_to_an_officer_never_to_a_denial_scenario(
    w: World,
) {
    *w.registry.down.lock().unwrap() = true;
    let number = w.apply("9204104007", 2).await;
    w.run().await;
    let case = w.case(&number).await;
    assert_eq!(case.appeal.status, CaseStatus::InReview);
    let rec = record(&case);
    assert!(
        rec.routing
            .unwrap()
            .reasons
            .contains(&"registry_unavailable".to_owned())
    );
    assert!(rec.issued.is_none());
}

async fn a_case_past_its_deadline_is_deemed_refused_scenario(w: World) {
    w.know("9204104008", mother(2, true));
    let number = w.apply("9204104008", 3).await;
    w.run().await;
    let deadline = w.case(&number).await.appeal.deadline;
    w.clock.advance(chrono::Duration::days(30));
    assert!(w.clock.now_for_test().date_naive() > deadline);
    assert_eq!(w.flow.mark_deemed_refusals().await.unwrap(), 1);
    assert_eq!(
        w.case(&number).await.appeal.status,
        CaseStatus::DeemedRefused
    );
    assert_eq!(w.flow.mark_deemed_refusals().await.unwrap(), 0);
    let report = sheshim_store::verify_store(w.store.as_ref(), w.store.keyring(), &[])
        .await
        .unwrap();
    assert!(report.is_intact(), "{report:?}");
}

async fn two_pipelines_at_once_decide_each_case_exactly_once_scenario(w: World) {
    let mut numbers = Vec::new();
    for i in 0..20 {
        let who = format!("92041041{i:02}");
        w.know(&who, mother(2, true));
        numbers.push(w.apply(&who, 2).await);
    }
    let (a, b) = tokio::join!(w.flow.pipeline_batch(64), w.flow.pipeline_batch(64));
    a.unwrap();
    b.unwrap();
    w.run().await;
    for number in &numbers {
        let history = w.store.history(number.as_str()).await.unwrap();
        let decided = history
            .iter()
            .filter(|e| e.entry.action == "case.decided")
            .count();
        assert_eq!(decided, 1, "{number}");
    }
    let answers = w
        .store
        .due_outbox(w.clock.now_for_test(), 100)
        .await
        .unwrap();
    assert_eq!(answers.iter().filter(|m| m.kind == "answer").count(), 20);
    let _ = Choice::Granted;
}

on_every_database!(
    a_confirmed_application_is_issued_automatically_with_amount_law_route_and_ai_label,
    a_confirmed_application_is_issued_automatically_with_amount_law_route_and_ai_label_scenario
);
on_every_database!(
    a_claim_the_registry_contradicts_goes_to_the_officer_who_issues_an_edited_answer,
    a_claim_the_registry_contradicts_goes_to_the_officer_who_issues_an_edited_answer_scenario
);
on_every_database!(
    with_the_stop_switch_on_nothing_is_issued_automatically,
    with_the_stop_switch_on_nothing_is_issued_automatically_scenario
);
on_every_database!(
    a_denial_is_final_only_after_the_hearing,
    a_denial_is_final_only_after_the_hearing_scenario
);
on_every_database!(
    without_a_reply_the_denial_can_be_issued_three_working_days_after_the_notice,
    without_a_reply_the_denial_can_be_issued_three_working_days_after_the_notice_scenario
);
on_every_database!(
    other_agencies_do_not_see_the_case_and_auditors_cannot_act,
    other_agencies_do_not_see_the_case_and_auditors_cannot_act_scenario
);
on_every_database!(
    a_registry_that_does_not_answer_sends_the_case_to_an_officer_never_to_a_denial,
    a_registry_that_does_not_answer_sends_the_case_to_an_officer_never_to_a_denial_scenario
);
on_every_database!(
    a_case_past_its_deadline_is_deemed_refused,
    a_case_past_its_deadline_is_deemed_refused_scenario
);
on_every_database!(
    two_pipelines_at_once_decide_each_case_exactly_once,
    two_pipelines_at_once_decide_each_case_exactly_once_scenario
);

async fn complain(w: &World, agency: &str) -> sheshim_domain::RegistrationNumber {
    let submission = Submission {
        kind: Some(sheshim_domain::AppealKind::Complaint),
        language: Some(Language::Kk),
        channel: Channel::Web,
        text: AppealText::parse(
            "Аулада су құбыры жарылды, әкімдікке үш рет хабарластым, ешкім келмеді.",
        )
        .unwrap(),
        applicant: Applicant {
            iin: iin("8501153001"),
            name: PersonName::parse("Ерлан Сәрсенбаев").unwrap(),
            phone: None,
            email: None,
            address: None,
        },
        agency: Some(AgencyCode::parse(agency).unwrap()),
        idempotency: None,
        actor: "client:test".to_owned(),
        service: None,
        claims: None,
        case_record: None,
        term_working_days: None,
        access_code_hash: Some("a test access code hash".to_owned()),
    };
    w.intake
        .register(submission)
        .await
        .unwrap()
        .appeal()
        .registration_number
        .clone()
}

async fn a_complaint_is_answered_by_an_officer_scenario(w: World) {
    let number = complain(&w, "AKIMAT-ALA").await;
    w.run().await;
    let case = w.case(&number).await;
    assert_eq!(case.appeal.status, CaseStatus::InReview);
    assert_eq!(case.agency.as_ref().map(|a| a.as_str()), Some("AKIMAT-ALA"));
    let rec = record(&case);
    assert_eq!(rec.routing.as_ref().unwrap().reasons[0], "appeal_service");
    let skeleton = rec.draft.expect("an answer skeleton");
    assert_eq!(skeleton.language, "kk");
    let outbox = w
        .store
        .due_outbox(w.clock.now_for_test(), 10)
        .await
        .unwrap();
    assert!(outbox.iter().any(|m| m.kind == "acknowledgement"));
    let aset = officer("aset", Role::Officer, "AKIMAT-ALA");
    let body = "Құбыр 5 наурызда жөнделді. Кешіріңіз.".to_owned();
    let case = w
        .flow
        .act(
            &aset,
            &number,
            case.version,
            Action::Decide {
                outcome: Choice::Answered,
                body: body.clone(),
            },
        )
        .await
        .unwrap();
    assert_eq!(case.appeal.status, CaseStatus::Decided);
    let issued = record(&case).issued.unwrap();
    assert!(issued.text.starts_with(&body));
    assert_eq!(issued.ai.checked_by.as_deref(), Some("aset"));
}
on_every_database!(
    a_complaint_is_answered_by_an_officer,
    a_complaint_is_answered_by_an_officer_scenario
);

async fn a_deadline_is_extended_once_scenario(w: World) {
    let number = complain(&w, "AKIMAT-ALA").await;
    w.run().await;
    let case = w.case(&number).await;
    let aset = officer("aset", Role::Officer, "AKIMAT-ALA");
    let too_late = date(2026, 6, 1);
    let refused = w
        .flow
        .act(
            &aset,
            &number,
            case.version,
            Action::Extend {
                reason: "expert opinion needed".to_owned(),
                new_deadline: too_late,
            },
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            refused,
            ActionError::Invalid {
                field: "new_deadline",
                ..
            }
        ),
        "{refused}"
    );
    let case = w
        .flow
        .act(
            &aset,
            &number,
            case.version,
            Action::Extend {
                reason: "expert opinion needed".to_owned(),
                new_deadline: date(2026, 4, 15),
            },
        )
        .await
        .unwrap();
    assert_eq!(case.appeal.status, CaseStatus::Extended);
    assert_eq!(case.appeal.deadline, date(2026, 4, 15));
    let again = w
        .flow
        .act(
            &aset,
            &number,
            case.version,
            Action::Extend {
                reason: "more".to_owned(),
                new_deadline: date(2026, 4, 20),
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(again, ActionError::NotAllowed { .. }), "{again}");
    let report = sheshim_store::verify_store(w.store.as_ref(), w.store.keyring(), &[])
        .await
        .unwrap();
    assert!(report.is_intact(), "{report:?}");
}
on_every_database!(
    a_deadline_is_extended_once,
    a_deadline_is_extended_once_scenario
);

async fn a_case_is_forwarded_within_three_working_days_scenario(w: World) {
    let number = complain(&w, "AKIMAT-ALA").await;
    w.run().await;
    let case = w.case(&number).await;
    let aset = officer("aset", Role::Officer, "AKIMAT-ALA");
    let case = w
        .flow
        .act(
            &aset,
            &number,
            case.version,
            Action::Forward {
                agency: AgencyCode::parse("MIA").unwrap(),
                reason: "a matter for the police".to_owned(),
            },
        )
        .await
        .unwrap();
    assert_eq!(case.appeal.status, CaseStatus::Forwarded);
    let forwarded = record(&case).forwarded_to.unwrap();
    assert_eq!(forwarded.agency, "MIA");
    let new_number =
        sheshim_domain::RegistrationNumber::parse(&forwarded.registration_number).unwrap();
    w.run().await;
    let received = w.case(&new_number).await;
    assert_eq!(received.agency.as_ref().map(|a| a.as_str()), Some("MIA"));
    assert_eq!(
        record(&received).forwarded_from.as_deref(),
        Some(number.as_str())
    );
    // The citizen follows the new case with the code of the one they filed.
    assert_eq!(
        w.store.access_code_hash(&new_number).await.unwrap(),
        w.store.access_code_hash(&number).await.unwrap()
    );
    // Four working days after registration, forwarding is too late.
    let second = complain(&w, "AKIMAT-ALA").await;
    w.run().await;
    w.clock.advance(chrono::Duration::days(6));
    let case = w.case(&second).await;
    let late = w
        .flow
        .act(
            &aset,
            &second,
            case.version,
            Action::Forward {
                agency: AgencyCode::parse("MIA").unwrap(),
                reason: "late".to_owned(),
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(late, ActionError::NotAllowed { .. }), "{late}");
}
on_every_database!(
    a_case_is_forwarded_within_three_working_days,
    a_case_is_forwarded_within_three_working_days_scenario
);

async fn case_documents_are_sealed_again_when_keys_rotate_scenario(w: World) {
    w.know("9204104009", mother(2, true));
    let number = w.apply("9204104009", 3).await;
    w.run().await;
    let before = w.case(&number).await;
    // A new data key is made active in a copy of the key file, as `sheshim key rotate` does.
    let mut keys = w.keys.clone();
    let new_key = keys.add_data_key().unwrap();
    let url = w.url.clone();
    let (rotated, _) = sheshim_store::open_attached(&url, Arc::new(keys), Utc::now())
        .await
        .unwrap();
    let resealed = rotated.rotate_keys("user:admin", Utc::now()).await.unwrap();
    assert!(resealed.appeals >= 1);
    let after = rotated.case(&number).await.unwrap().unwrap();
    assert_eq!(after.record, before.record);
    assert_eq!(after.claims, before.claims);
    let history = rotated.history("store").await.unwrap();
    let entry = &history.last().unwrap().entry;
    assert!(
        entry.payload["case_documents_resealed"].as_u64().unwrap() >= 2,
        "{:?}",
        entry.payload
    );
    assert!(
        entry.payload["retired"].as_array().unwrap().len() == 1,
        "the old key seals nothing now: {:?} (new {new_key:?})",
        entry.payload
    );
}
on_every_database!(
    case_documents_are_sealed_again_when_keys_rotate,
    case_documents_are_sealed_again_when_keys_rotate_scenario
);

/// Runs one statement on the database behind the store, as someone with database access
/// but without Sheshim would.
async fn tamper(url: &str, sql: &str) {
    if url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(url).await.unwrap();
        sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    } else {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    }
}

async fn a_case_edited_or_rolled_back_outside_sheshim_is_found_scenario(w: World) {
    w.know("9204104010", mother(2, true));
    let number = w.apply("9204104010", 3).await;
    w.run().await;
    let verify = |store: Arc<dyn Store>| async move {
        sheshim_store::verify_store(store.as_ref(), store.keyring(), &[])
            .await
            .unwrap()
    };
    assert!(verify(w.store.clone()).await.is_intact());
    // The sealed record as the pipeline left it, then the officer issues the answer.
    let sealed_before = sealed_record(&w.url, number.as_str()).await;
    let case = w.case(&number).await;
    let anna = officer("anna", Role::Officer, "MLSP");
    w.flow
        .act(&anna, &number, case.version, Action::Approve)
        .await
        .unwrap();
    assert!(verify(w.store.clone()).await.is_intact());
    // Rolling the record back to its earlier sealed form opens fine, but is found.
    tamper(
        &w.url,
        &format!(
            "UPDATE cases SET record = '{sealed_before}' WHERE registration_number = '{number}'"
        ),
    )
    .await;
    let report = verify(w.store.clone()).await;
    assert!(
        report
            .findings
            .contains(&sheshim_store::Finding::CaseEdited {
                number: number.as_str().to_owned()
            }),
        "{report:?}"
    );
    // So is a plain column changed.
    let other = w.apply("9204104010", 3).await;
    w.run().await;
    tamper(
        &w.url,
        &format!("UPDATE cases SET assignee = 'mallory' WHERE registration_number = '{other}'"),
    )
    .await;
    let report = verify(w.store.clone()).await;
    assert!(
        report
            .findings
            .contains(&sheshim_store::Finding::CaseEdited {
                number: other.as_str().to_owned()
            }),
        "{report:?}"
    );
}
on_every_database!(
    a_case_edited_or_rolled_back_outside_sheshim_is_found,
    a_case_edited_or_rolled_back_outside_sheshim_is_found_scenario
);

async fn sealed_record(url: &str, number: &str) -> String {
    let sql = format!("SELECT record FROM cases WHERE registration_number = '{number}'");
    if url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(url).await.unwrap();
        let value: String = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(&pool)
            .await
            .unwrap();
        pool.close().await;
        value
    } else {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        let value: String = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(&pool)
            .await
            .unwrap();
        pool.close().await;
        value
    }
}
