//! The action forms of the case page: each does what the engine does (the case is checked
//! afterwards in the store), a form of an old version is refused with a reload link (409),
//! a missing reason or an action the procedure does not allow is a 422, and only officers
//! and supervisors of the case's agency may act.

use crate::support::{Browser, Page, app, databases, mother};
use axum::http::StatusCode;
use sheshim_domain::{CaseStatus, Role};

/// The version the page's action forms carry.
fn version(page: &Page) -> String {
    let needle = "name=\"version\" value=\"";
    let at = page.body.find(needle).expect("an action form") + needle.len();
    let rest = &page.body[at..];
    rest[..rest.find('"').unwrap()].to_owned()
}

/// Opens the case page and takes `action` with `fields` at the version shown.
async fn act(
    browser: &mut Browser<'_>,
    number: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> Page {
    let page = browser.get(&format!("/workspace/cases/{number}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let v = version(&page);
    let mut all = vec![("version", v.as_str())];
    all.extend_from_slice(fields);
    browser
        .post(&format!("/workspace/cases/{number}/actions/{action}"), &all)
        .await
}

fn done(page: &Page, number: &str) {
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location(), format!("/workspace/cases/{number}"));
}

async fn story(url: &str) {
    let app = app(url).await;
    app.add_user("anna", Role::Officer, "MLSP").await;
    app.add_user("marat", Role::Officer, "MLSP").await;
    app.add_user("berik", Role::Officer, "MIA").await;
    app.add_user("dana", Role::Auditor, "AUDIT").await;
    let mut cases = Vec::new();
    for who in [
        "9204104002",
        "9204104003",
        "9204104005",
        "9204104006",
        "9204104007",
    ] {
        cases.push(app.childbirth(who, mother(2, true), 3).await);
    }
    app.run_pipeline().await;
    let [heard, edited, approved, forwarded, extended] = <[String; 5]>::try_from(cases).unwrap();

    let mut anna = app.signed_in("anna").await;
    let mut berik = app.signed_in("berik").await;
    let mut dana = app.signed_in("dana").await;
    let path = format!("/workspace/cases/{heard}");
    // Assign; then a form of the old version is refused with a reload link.
    let page = anna.get(&path).await;
    let old = version(&page);
    done(
        &act(&mut anna, &heard, "assign", &[("assignee", "marat")]).await,
        &heard,
    );
    assert_eq!(app.case(&heard).await.assignee.as_deref(), Some("marat"));
    let stale = anna
        .post(
            &format!("{path}/actions/override"),
            &[
                ("version", &old),
                ("outcome", "denied"),
                ("reason", "Registry is right"),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale
            .element("reload", "a")
            .contains(&format!("href=\"{path}\""))
    );
    // No reason, no override; no such action.
    let page = act(
        &mut anna,
        &heard,
        "override",
        &[("outcome", "denied"), ("reason", "  ")],
    )
    .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.element("error", "main").contains("reason"));
    assert_eq!(
        act(&mut anna, &heard, "explode", &[]).await.status,
        StatusCode::NOT_FOUND
    );
    // Others may not act.
    let v = version(&anna.get(&path).await);
    let page = berik
        .post(
            &format!("{path}/actions/assign"),
            &[("version", &v), ("assignee", "me")],
        )
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let page = dana
        .post(
            &format!("{path}/actions/assign"),
            &[("version", &v), ("assignee", "me")],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(app.case(&heard).await.assignee.as_deref(), Some("marat"));

    // Override to a denial, hear the applicant, record the reply, decide.
    done(
        &act(
            &mut anna,
            &heard,
            "override",
            &[
                ("outcome", "denied"),
                ("reason", "The registry shows a second child"),
            ],
        )
        .await,
        &heard,
    );
    assert_eq!(app.case(&heard).await.outcome.as_deref(), Some("denied"));
    let page = act(&mut anna, &heard, "approve", &[]).await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a denial needs the hearing first"
    );
    done(&act(&mut anna, &heard, "hearing", &[]).await, &heard);
    assert_eq!(
        app.case(&heard).await.appeal.status,
        CaseStatus::AwaitingHearing
    );
    done(
        &act(
            &mut anna,
            &heard,
            "hearing-reply",
            &[("reply", "My third child was born in February.")],
        )
        .await,
        &heard,
    );
    done(
        &act(
            &mut anna,
            &heard,
            "decide",
            &[
                ("outcome", "denied"),
                (
                    "body",
                    "The registry records two children; the allowance for a third child is denied.",
                ),
            ],
        )
        .await,
        &heard,
    );
    let case = app.case(&heard).await;
    assert_eq!(case.appeal.status, CaseStatus::Decided);
    let issued = case.record.unwrap()["issued"]["body"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        issued.starts_with("The registry records two children"),
        "{issued}"
    );
    let page = anna.get(&path).await;
    let history = page.element("history", "ol").to_owned();
    for entry in [
        "case.override",
        "case.start_hearing",
        "case.record_hearing_reply",
        "case.decide",
    ] {
        assert!(
            app.store
                .history(&heard)
                .await
                .unwrap()
                .iter()
                .any(|e| e.entry.action == entry),
            "{entry}"
        );
    }
    // The history says it in words, naming the officer.
    assert!(
        history.contains("<strong>anna</strong>: overrode the machine"),
        "{history}"
    );
    assert!(
        history.contains("decided and issued the answer"),
        "{history}"
    );

    // Edit then issue; approve as drafted.
    let draft = app.case(&edited).await.record.unwrap()["draft"]["body"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = format!("{draft}\nThe birth order was checked against the civil record.");
    done(
        &act(&mut anna, &edited, "edit", &[("body", &body)]).await,
        &edited,
    );
    let case = app.case(&edited).await;
    assert_eq!(case.appeal.status, CaseStatus::Decided);
    assert!(
        case.record.unwrap()["issued"]["body"]
            .as_str()
            .unwrap()
            .ends_with("civil record.")
    );
    done(&act(&mut anna, &approved, "approve", &[]).await, &approved);
    assert_eq!(app.case(&approved).await.appeal.status, CaseStatus::Decided);
    let page = act(&mut anna, &approved, "withdraw", &[("reason", "too late")]).await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a decided case is closed"
    );

    // Forward to the competent agency: its officer sees the new case.
    done(
        &act(
            &mut anna,
            &forwarded,
            "forward",
            &[("agency", "MIA"), ("reason", "Residence is the MIA's")],
        )
        .await,
        &forwarded,
    );
    assert_eq!(
        app.case(&forwarded).await.appeal.status,
        CaseStatus::Forwarded
    );
    let queue = berik.get("/workspace/queue").await;
    assert_eq!(queue.rows().len(), 1, "{}", queue.body);

    // Extend once, then the applicant withdraws.
    let page = act(
        &mut anna,
        &extended,
        "extend",
        &[("new_deadline", "2026-04-15")],
    )
    .await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "an extension needs a reason"
    );
    done(
        &act(
            &mut anna,
            &extended,
            "extend",
            &[
                ("new_deadline", "2026-04-15"),
                ("reason", "The registry must confirm the record"),
            ],
        )
        .await,
        &extended,
    );
    let case = app.case(&extended).await;
    assert_eq!(case.appeal.status, CaseStatus::Extended);
    assert_eq!(case.appeal.deadline, crate::support::date(2026, 4, 15));
    let page = act(
        &mut anna,
        &extended,
        "extend",
        &[("new_deadline", "2026-04-16"), ("reason", "again")],
    )
    .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "only once");
    done(
        &act(
            &mut anna,
            &extended,
            "withdraw",
            &[("reason", "The applicant withdrew by phone")],
        )
        .await,
        &extended,
    );
    assert_eq!(
        app.case(&extended).await.appeal.status,
        CaseStatus::Withdrawn
    );

    let report = sheshim_store::verify_store(app.store.as_ref(), app.store.keyring(), &[])
        .await
        .unwrap();
    assert!(report.is_intact(), "{report:?}");
}

#[tokio::test]
async fn every_action_form_goes_through_the_engine() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(&dir, "case_page").await {
        story(&url).await;
    }
}
