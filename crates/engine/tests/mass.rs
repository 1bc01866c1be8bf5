//! Duplicates and mass appeals through the case flow, on SQLite (and on PostgreSQL when
//! `SHESHIM_TEST_POSTGRES_URL` is set): 200 near-identical complaints of different people
//! (names, phones, flat numbers and wording varied) become one group that an officer answers
//! once, each member getting its own personalised answer, record, audit entry and deadline;
//! the same person writing again is linked to their earlier case, not grouped and not
//! answered; and the duplicate index is rebuilt from the store by a new flow.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::{TRIAGE, TestRegistry, complaint, databases, iin};

use chrono::{TimeZone, Utc};
use sheshim_crypto::Keyring;
use sheshim_domain::{AgencyCode, CaseStatus, Language, RegistrationNumber, Role};
use sheshim_engine::record::CaseRecord;
use sheshim_engine::{ActionError, Flow, Intake, IntakeOptions, ManualClock, Officer};
use sheshim_services::Catalogue;
use sheshim_store::Store;
use std::collections::BTreeMap;
use std::sync::Arc;

const AGENCY: &str = "AKIMAT-ALA";

struct World {
    flow: Flow,
    store: Arc<dyn Store>,
    catalogue: Arc<Catalogue>,
    clock: Arc<ManualClock>,
    intake: Intake,
    _dir: tempfile::TempDir,
}

async fn world(url: &str) -> World {
    let dir = tempfile::tempdir().unwrap();
    let keys = Keyring::generate().unwrap();
    // Monday 2 March 2026, 10:00 in Astana.
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 3, 2, 5, 0, 0).unwrap(),
    ));
    let (store, _) = sheshim_store::open_attached(url, Arc::new(keys), Utc::now())
        .await
        .unwrap();
    let catalogue = Arc::new(Catalogue::load(std::path::Path::new("../../services")).unwrap());
    let (intake, _writer) = Intake::start(store.clone(), clock.clone(), IntakeOptions::default());
    World {
        flow: new_flow(&store, &catalogue, &clock, &intake),
        store,
        catalogue,
        clock,
        intake,
        _dir: dir,
    }
}

/// A flow over the world's parts with an empty duplicate index, as after a restart.
fn new_flow(
    store: &Arc<dyn Store>,
    catalogue: &Arc<Catalogue>,
    clock: &Arc<ManualClock>,
    intake: &Intake,
) -> Flow {
    Flow::new(
        store.clone(),
        catalogue.clone(),
        Arc::new(TestRegistry::default()),
        TRIAGE.clone(),
        clock.clone(),
        intake.clone(),
        "seed".to_owned(),
    )
}

const FIRST: [&str; 10] = [
    "Айгерим",
    "Ерлан",
    "Асель",
    "Нурлан",
    "Дина",
    "Серик",
    "Мария",
    "Алексей",
    "Гульнара",
    "Тимур",
];
const LAST: [&str; 10] = [
    "Сериков",
    "Ахметов",
    "Иванов",
    "Жумабаев",
    "Ким",
    "Петров",
    "Оспанов",
    "Смагулов",
    "Касымов",
    "Бекова",
];
const OPENINGS: [&str; 4] = ["Здравствуйте!", "Добрый день.", "Уважаемый аким!", ""];
const CLOSINGS: [&str; 3] = [
    "Прошу принять меры.",
    "Просим срочно принять меры.",
    "Требуем разобраться и принять меры.",
];

/// The `i`-th person's complaint about the same matter: their own name, phone and flat, and
/// one of several openings and closings.
fn complaint_text(i: usize) -> String {
    format!(
        "{} Меня зовут {} {}, я живу в квартире {} дома 15 по улице Абая. \
         В нашем доме уже третью неделю нет горячей воды, управляющая компания не отвечает \
         на звонки, а в подъезде не работает освещение. Дети и пожилые соседи моются холодной \
         водой, многие заболели. Мы неоднократно обращались в КСК и в аварийную службу, но \
         ничего не изменилось, ремонт даже не начали. {} Мой телефон +7 701 {:03} {:04}.",
        OPENINGS[i % OPENINGS.len()],
        FIRST[i % FIRST.len()],
        LAST[(i / FIRST.len()) % LAST.len()],
        i + 1,
        CLOSINGS[i % CLOSINGS.len()],
        100 + i % 900,
        1000 + (i * 37) % 9000,
    )
}

fn name(i: usize) -> String {
    format!(
        "{} {}",
        FIRST[i % FIRST.len()],
        LAST[(i / FIRST.len()) % LAST.len()]
    )
}

/// The IIN of the `i`-th person: born in 1980–1999, a different one each.
fn person_iin(i: usize) -> sheshim_domain::Iin {
    iin(&format!(
        "{:02}{:02}{:02}3{:03}",
        80 + i % 20,
        1 + (i / 20) % 12,
        1 + i % 28,
        i % 1000
    ))
}

impl World {
    async fn complain(&self, i: usize, text: &str, language: Language) -> RegistrationNumber {
        let mut submission = complaint(text, language, "8501013000", &name(i), AGENCY);
        submission.applicant.iin = person_iin(i);
        let registered = self.intake.register(submission).await.unwrap();
        registered.appeal().registration_number.clone()
    }

    async fn run(&self, flow: &Flow) {
        while flow.pipeline_batch(64).await.unwrap() > 0 {}
    }
}

fn officer(login: &str, role: Role, agency: &str) -> Officer {
    Officer {
        login: login.to_owned(),
        role,
        agency: AgencyCode::parse(agency).unwrap(),
    }
}

fn record(case: &sheshim_store::StoredCase) -> CaseRecord {
    serde_json::from_value(case.record.clone().unwrap()).unwrap()
}

/// Every fourth person asked for the answer in Kazakh (the text is the same Russian one).
fn language_of(i: usize) -> Language {
    if i % 4 == 3 {
        Language::Kk
    } else {
        Language::Ru
    }
}

async fn two_hundred_complaints_become_one_group_answered_once_scenario(w: World) {
    let mut members = Vec::new();
    for i in 0..200 {
        members.push(w.complain(i, &complaint_text(i), language_of(i)).await);
    }
    // The first person writes again, in other words; someone else writes about something else.
    let repeat = w
        .complain(
            0,
            &format!(
                "Повторно! {}",
                complaint_text(0).replace("Здравствуйте! ", "")
            ),
            Language::Ru,
        )
        .await;
    let other = w
        .complain(
            500,
            "Прошу установить светофор на перекрёстке улиц Сатпаева и Розыбакиева возле школы.",
            Language::Ru,
        )
        .await;
    w.run(&w.flow).await;

    // One group of the 200, its earliest member representing it.
    let first = &members[0];
    let links = w.store.case_links(&members[137]).await.unwrap();
    let group = links.group.expect("a member of a group");
    assert_eq!(&group.id, first);
    assert_eq!(group.size, 200);
    assert_eq!(links.duplicate_of, None);
    let stored = w.store.appeal_group(first).await.unwrap().unwrap();
    assert_eq!(stored.members, members);
    assert_eq!(stored.agency.as_str(), AGENCY);
    let aset = officer("aset", Role::Officer, AGENCY);
    let view = w.flow.group_for(&aset, first).await.unwrap();
    let representative = view.representative_text.expect("the representative's text");
    assert!(representative.contains("горячей воды"), "{representative}");
    assert!(
        !representative.contains("Айгерим") && !representative.contains("701"),
        "the representative text is masked: {representative}"
    );

    // The same person again: linked to their open case, not a member, left to an officer.
    let repeat_links = w.store.case_links(&repeat).await.unwrap();
    assert_eq!(repeat_links.duplicate_of.as_ref(), Some(first));
    assert_eq!(repeat_links.group, None);
    let repeat_case = w.store.case(&repeat).await.unwrap().unwrap();
    assert!(
        record(&repeat_case)
            .routing
            .unwrap()
            .reasons
            .contains(&"duplicate".to_owned())
    );
    assert_eq!(
        w.store.case_links(&other).await.unwrap(),
        Default::default()
    );

    // Who may answer, and with what.
    let mut bodies = BTreeMap::new();
    bodies.insert(
        Language::Ru,
        "Горячая вода подана 10 марта, управляющей компании вынесено предписание.".to_owned(),
    );
    let elsewhere = officer("bota", Role::Officer, "MLSP");
    assert!(matches!(
        w.flow.answer_group(&elsewhere, first, &bodies).await,
        Err(ActionError::NotFound)
    ));
    let auditor = officer("audit", Role::Auditor, AGENCY);
    assert!(matches!(
        w.flow.answer_group(&auditor, first, &bodies).await,
        Err(ActionError::Forbidden(_))
    ));
    match w.flow.answer_group(&aset, first, &bodies).await {
        Err(ActionError::Invalid { field, message }) => {
            assert_eq!(field, "bodies");
            assert!(message.contains("kk (50 open members)"), "{message}");
        }
        other => panic!("a missing language is refused: {other:?}"),
    }
    assert!(matches!(
        w.flow.answer_group(&aset, &repeat, &bodies).await,
        Err(ActionError::NotFound)
    ));

    let before: Vec<_> = {
        let mut cases = Vec::new();
        for number in &members {
            cases.push(w.store.case(number).await.unwrap().unwrap());
        }
        cases
    };
    bodies.insert(
        Language::Kk,
        "Ыстық су 10 наурызда берілді, басқарушы компанияға нұсқама берілді.".to_owned(),
    );
    let answered = w.flow.answer_group(&aset, first, &bodies).await.unwrap();
    assert_eq!(answered.answered, members);
    assert!(answered.skipped.is_empty(), "{:?}", answered.skipped);

    // Each member: its own answer, in its language, to its name and number; its own audit
    // entry and message; its deadline as it was.
    let now = sheshim_engine::Clock::now(w.clock.as_ref());
    let outbox = w.store.due_outbox(now, 1_000).await.unwrap();
    for (i, (number, was)) in members.iter().zip(&before).enumerate() {
        let case = w.store.case(number).await.unwrap().unwrap();
        assert_eq!(case.appeal.status, CaseStatus::Decided, "{number}");
        assert_eq!(case.appeal.deadline, was.appeal.deadline);
        let issued = record(&case).issued.expect("an answer of its own");
        assert!(issued.text.contains(&name(i)), "{}", issued.text);
        assert!(issued.text.contains(number.as_str()), "{}", issued.text);
        assert_eq!(issued.ai.checked_by.as_deref(), Some("aset"));
        if language_of(i) == Language::Kk {
            assert!(issued.text.contains("Құрметті"), "{}", issued.text);
            assert!(issued.text.contains("Ыстық су"), "{}", issued.text);
        } else {
            assert!(issued.text.contains("Уважаемый"), "{}", issued.text);
            assert!(issued.text.contains("Горячая вода"), "{}", issued.text);
        }
        let history = w.store.history(number.as_str()).await.unwrap();
        let answers: Vec<_> = history
            .iter()
            .filter(|e| e.entry.action == "case.group_answered")
            .collect();
        assert_eq!(answers.len(), 1, "{number}");
        assert_eq!(answers[0].entry.payload["group"], first.as_str());
        assert_eq!(
            outbox
                .iter()
                .filter(|m| &m.registration_number == number && m.kind == "answer")
                .count(),
            1,
            "{number}"
        );
    }
    // The repeat is not answered twice; answering again answers nobody.
    let repeat_case = w.store.case(&repeat).await.unwrap().unwrap();
    assert_eq!(repeat_case.appeal.status, CaseStatus::InReview);
    let again = w.flow.answer_group(&aset, first, &bodies).await.unwrap();
    assert!(again.answered.is_empty());
    assert_eq!(again.skipped.len(), 200);
    // Closed members left the index: only the unrelated appeal is indexed now.
    assert_eq!(w.flow.duplicates().len(), 1);
    let report = sheshim_store::verify_store(w.store.as_ref(), w.store.keyring(), &[])
        .await
        .unwrap();
    assert!(report.is_intact(), "{report:?}");
}

#[tokio::test]
async fn two_hundred_complaints_become_one_group_answered_once() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(&dir, "mass").await {
        two_hundred_complaints_become_one_group_answered_once_scenario(world(&url).await).await;
    }
}

async fn the_index_is_rebuilt_from_the_store_scenario(w: World) {
    // Two near-identical complaints are not a group yet.
    let a = w.complain(1, &complaint_text(1), Language::Ru).await;
    let b = w.complain(2, &complaint_text(2), Language::Ru).await;
    w.run(&w.flow).await;
    assert_eq!(w.store.case_links(&a).await.unwrap(), Default::default());
    assert_eq!(w.store.case_links(&b).await.unwrap(), Default::default());

    // After a restart, the new flow finds them in the store: a third person makes a group.
    let restarted = new_flow(&w.store, &w.catalogue, &w.clock, &w.intake);
    let c = w.complain(3, &complaint_text(3), Language::Ru).await;
    w.run(&restarted).await;
    assert_eq!(restarted.duplicates().len(), 3);
    let group = w.store.case_links(&c).await.unwrap().group.unwrap();
    assert_eq!((&group.id, group.size), (&a, 3));
    let founders = w.store.history(b.as_str()).await.unwrap();
    assert!(founders.iter().any(|e| e.entry.action == "case.grouped"));

    // And again: a fourth joins the group, the second person's repeat is their duplicate.
    let again = new_flow(&w.store, &w.catalogue, &w.clock, &w.intake);
    let d = w.complain(4, &complaint_text(4), Language::Ru).await;
    let repeat = w.complain(2, &complaint_text(2), Language::Ru).await;
    w.run(&again).await;
    assert_eq!(w.store.case_links(&d).await.unwrap().group.unwrap().size, 4);
    assert_eq!(
        w.store.case_links(&repeat).await.unwrap().duplicate_of,
        Some(b.clone())
    );
    // A supervisor of another agency does not see the group.
    let mut bodies = BTreeMap::new();
    bodies.insert(Language::Ru, "Ответ.".to_owned());
    assert!(matches!(
        again
            .answer_group(&officer("x", Role::Supervisor, "MLSP"), &a, &bodies)
            .await,
        Err(ActionError::NotFound)
    ));
}

#[tokio::test]
async fn the_index_is_rebuilt_from_the_store() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(&dir, "mass_rebuild").await {
        the_index_is_rebuilt_from_the_store_scenario(world(&url).await).await;
    }
}
