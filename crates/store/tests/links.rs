//! Duplicates and mass appeal groups against every backend: a link is written with its case
//! change, in its transaction and only if the change applies; a group is created once with
//! its founders, each founder audited; a case has at most one link; groups list their
//! members in registration order with their size; the open cases the duplicate index is
//! built from are paged with their links; and the audit chain stays intact.
//!
//! `links_on_sqlite` always runs; `links_on_postgres` runs when `SHESHIM_TEST_POSTGRES_URL`
//! names a PostgreSQL server, in a fresh database it drops at the end.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use sheshim_crypto::Keyring;
use sheshim_domain::{
    AgencyCode, AppealKind, AppealText, Applicant, CaseStatus, Channel, Iin, Language, PersonName,
    RegistrationNumber, with_check_digit,
};
use sheshim_store::{
    Attached, CaseChange, ChangeOutcome, GroupRef, NewLink, NewRegistration, QueueFilter,
    RegistrationOutcome, Store, verify_store,
};
use std::sync::Arc;

fn iin(first10: &str) -> Iin {
    let text = (0..10)
        .find_map(|last| with_check_digit(&format!("{first10}{last}")))
        .unwrap();
    Iin::parse(&text).unwrap()
}

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 5, 0, 0).unwrap()
}

fn registration(i: u32) -> NewRegistration {
    NewRegistration {
        kind: AppealKind::Complaint,
        language: Language::Ru,
        channel: Channel::Web,
        text: AppealText::parse("В доме нет горячей воды третью неделю.").unwrap(),
        applicant: Applicant {
            iin: iin(&format!("850115300{i}")),
            name: PersonName::parse("Асель Ахметова").unwrap(),
            phone: None,
            email: None,
            address: None,
        },
        agency: Some(AgencyCode::parse("AKIMAT-ALA").unwrap()),
        received_at: at(),
        registered_on: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        deadline: NaiveDate::from_ymd_opt(2026, 3, 23).unwrap(),
        idempotency: None,
        actor: "system:links".to_owned(),
        service: None,
        claims: None,
        case_record: None,
        access_code_hash: None,
    }
}

/// The pipeline's change of a case: done, with the agency in charge, a masked text in its
/// record and, when given, a link.
async fn pipeline(
    store: &dyn Store,
    number: &RegistrationNumber,
    link: Option<NewLink>,
) -> ChangeOutcome {
    let case = store.case(number).await.unwrap().unwrap();
    let mut change = CaseChange::new(&case, "case.routed", "system:links", at());
    change.pipeline_done = true;
    change.status = Some(CaseStatus::InReview);
    change.agency = Some(AgencyCode::parse("AKIMAT-ALA").unwrap());
    change.record = Some(serde_json::json!({ "triage": { "masked_text": "нет горячей воды" } }));
    change.link = link;
    store.apply_case_changes(vec![change]).await.unwrap()[0]
}

async fn story(url: String) {
    let mut keys = Keyring::generate().unwrap();
    let (store, attached) = sheshim_store::open_attached(&url, Arc::new(keys.clone()), at())
        .await
        .unwrap();
    if let Attached::New { store_id, .. } = attached {
        keys.bind(store_id);
    }
    let outcomes = store
        .register_batch((1..=6).map(registration).collect())
        .await
        .unwrap();
    let numbers: Vec<RegistrationNumber> = outcomes
        .into_iter()
        .map(|o| match o {
            RegistrationOutcome::Created(appeal) => appeal.registration_number,
            other => panic!("{other:?}"),
        })
        .collect();
    let [a, b, c, d, e, f] = <[RegistrationNumber; 6]>::try_from(numbers).unwrap();
    let agency = AgencyCode::parse("AKIMAT-ALA").unwrap();

    // Nothing linked yet; nothing open is done with the pipeline.
    assert_eq!(store.case_links(&a).await.unwrap(), Default::default());
    assert!(store.open_cases(0, 100).await.unwrap().is_empty());
    assert_eq!(store.appeal_group(&a).await.unwrap(), None);

    pipeline(store.as_ref(), &a, None).await;
    pipeline(store.as_ref(), &b, None).await;
    // The third makes a group with the first two.
    let made = NewLink::Group {
        id: a.clone(),
        agency: agency.clone(),
        founders: vec![a.clone(), b.clone()],
    };
    assert!(matches!(
        pipeline(store.as_ref(), &c, Some(made)).await,
        ChangeOutcome::Applied { .. }
    ));
    let group = store.appeal_group(&a).await.unwrap().unwrap();
    assert_eq!(group.members, vec![a.clone(), b.clone(), c.clone()]);
    assert_eq!(group.agency, agency);
    for member in [&a, &b, &c] {
        assert_eq!(
            store.case_links(member).await.unwrap().group,
            Some(GroupRef {
                id: a.clone(),
                size: 3
            })
        );
    }
    // Founders are audited as grouped; the case that made the group says so in its entry.
    let founded = store.history(b.as_str()).await.unwrap();
    assert_eq!(founded.last().unwrap().entry.action, "case.grouped");
    assert_eq!(founded.last().unwrap().entry.payload["group"], a.as_str());
    let made = store.history(c.as_str()).await.unwrap();
    let entry = &made.last().unwrap().entry;
    assert_eq!(entry.action, "case.routed");
    assert_eq!(entry.payload["group"], a.as_str());
    assert_eq!(entry.payload["group_created"], true);

    // A fourth joins; a fifth is the first applicant's duplicate.
    let join = NewLink::Group {
        id: a.clone(),
        agency: agency.clone(),
        founders: Vec::new(),
    };
    pipeline(store.as_ref(), &d, Some(join.clone())).await;
    pipeline(store.as_ref(), &e, Some(NewLink::DuplicateOf(a.clone()))).await;
    assert_eq!(store.case_links(&d).await.unwrap().group.unwrap().size, 4);
    let duplicate = store.case_links(&e).await.unwrap();
    assert_eq!(duplicate.duplicate_of.as_ref(), Some(&a));
    assert_eq!(duplicate.group, None);
    let entry = store.history(e.as_str()).await.unwrap();
    assert_eq!(
        entry.last().unwrap().entry.payload["duplicate_of"],
        a.as_str()
    );

    // A stale change writes no link.
    let case = store.case(&f).await.unwrap().unwrap();
    let mut stale = CaseChange::new(&case, "case.routed", "system:links", at());
    stale.expected_version = case.version + 7;
    stale.link = Some(join.clone());
    assert_eq!(
        store.apply_case_changes(vec![stale]).await.unwrap(),
        vec![ChangeOutcome::Stale]
    );
    assert_eq!(store.case_links(&f).await.unwrap(), Default::default());
    assert_eq!(
        store.appeal_group(&a).await.unwrap().unwrap().members.len(),
        4
    );

    // A case has one link: a second one is not written (nor a founder linked elsewhere moved).
    let case = store.case(&e).await.unwrap().unwrap();
    let mut again = CaseChange::new(&case, "case.assign", "user:aset", at());
    again.link = Some(join);
    store.apply_case_changes(vec![again]).await.unwrap();
    assert_eq!(
        store.case_links(&e).await.unwrap().duplicate_of.as_ref(),
        Some(&a)
    );
    assert_eq!(
        store.appeal_group(&a).await.unwrap().unwrap().members.len(),
        4
    );

    // The open cases, paged, with their links; a closed case is not among them.
    pipeline(store.as_ref(), &f, None).await;
    let case = store.case(&b).await.unwrap().unwrap();
    let mut close = CaseChange::new(&case, "case.decide", "user:aset", at());
    close.status = Some(CaseStatus::Decided);
    store.apply_case_changes(vec![close]).await.unwrap();
    let first_page = store.open_cases(0, 3).await.unwrap();
    let numbers: Vec<_> = first_page
        .iter()
        .map(|o| o.case.appeal.registration_number.clone())
        .collect();
    assert_eq!(numbers, vec![a.clone(), c.clone(), d.clone()]);
    assert_eq!(first_page[0].links.group.as_ref().unwrap().id, a);
    let rest = store
        .open_cases(first_page.last().unwrap().id, 3)
        .await
        .unwrap();
    let numbers: Vec<_> = rest
        .iter()
        .map(|o| o.case.appeal.registration_number.clone())
        .collect();
    assert_eq!(numbers, vec![e.clone(), f.clone()]);
    assert_eq!(rest[0].links.duplicate_of.as_ref(), Some(&a));
    assert_eq!(rest[1].links, Default::default());
    // The queue shows each member's group with its size.
    let page = store
        .queue(&QueueFilter {
            agency: Some(agency.clone()),
            limit: 50,
            ..QueueFilter::default()
        })
        .await
        .unwrap();
    let groups: Vec<_> = page
        .items
        .iter()
        .map(|item| (item.registration_number.clone(), item.group.clone()))
        .collect();
    let member = Some(GroupRef {
        id: a.clone(),
        size: 4,
    });
    assert_eq!(
        groups,
        vec![
            (a.clone(), member.clone()),
            (c.clone(), member.clone()),
            (d.clone(), member),
            (e.clone(), None),
            (f.clone(), None),
        ]
    );
    // A closed member is still a member.
    assert_eq!(
        store.appeal_group(&a).await.unwrap().unwrap().members.len(),
        4
    );

    let report = verify_store(store.as_ref(), &keys, &[]).await.unwrap();
    assert!(report.is_intact(), "{report:?}");
}

#[tokio::test]
async fn links_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("links.db").display());
    story(url).await;
}

#[tokio::test]
async fn links_on_postgres() {
    support::on_fresh_postgres("links", story).await;
}
