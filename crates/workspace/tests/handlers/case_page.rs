//! The case page: its sections (the claim beside the registry's fact), who may open it
//! (another agency: 404; an administrator: 403; an auditor: without actions), the notice
//! that a colleague has the case open, and unmasking for the roles that may (audited, with
//! a reason).

use crate::support::{Page, app, databases, iin, mother};
use axum::http::{StatusCode, header};
use sheshim_domain::Role;

async fn story(url: &str) {
    let app = app(url).await;
    app.add_user("anna", Role::Officer, "MLSP").await;
    app.add_user("marat", Role::Officer, "MLSP").await;
    app.add_user("berik", Role::Officer, "MIA").await;
    app.add_user("dana", Role::Auditor, "AUDIT").await;
    app.add_user("root", Role::Admin, "MLSP").await;
    let mut cases = Vec::new();
    for who in ["9204104002", "9204104003"] {
        cases.push(app.childbirth(who, mother(2, true), 3).await);
    }
    app.run_pipeline().await;
    let [number, second] = <[String; 2]>::try_from(cases).unwrap();

    // The whole picture, masked, with the difference the registry shows.
    let mut anna = app.signed_in("anna").await;
    let path = format!("/workspace/cases/{number}");
    let page = anna.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    let h1 = &page.body[page.body.find("<h1").unwrap()..];
    assert!(
        h1[..h1.find("</h1>").unwrap()].contains(&number),
        "the heading names the case"
    );
    for id in [
        "text",
        "triage",
        "facts",
        "decision",
        "draft",
        "clocks",
        "history",
        "actions",
        "override",
        "editing-notice",
    ] {
        assert!(page.has_id(id), "#{id}");
    }
    // The claim sits beside the registry's fact and the difference is marked.
    let facts = page.element("facts", "section");
    let differs = &facts[facts
        .find("<tr class=\"differs\">")
        .expect("a differing claim")..];
    let differs = &differs[..differs.find("</tr>").unwrap()];
    assert!(
        differs.contains("Birth order") && differs.contains("<td>3</td>"),
        "{differs}"
    );
    assert!(
        differs.contains("<td class=\"registry\">2</td>"),
        "{differs}"
    );
    assert!(
        differs.contains("store:registry_persons"),
        "the fact's source: {differs}"
    );
    assert!(
        !page.body.contains("Айгерим") && !page.body.contains(&iin("9204104002")),
        "masked"
    );
    assert!(page.element("history", "ol").matches("<li>").count() >= 2);

    // Who may open it.
    let mut berik = app.signed_in("berik").await;
    assert_eq!(berik.get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        berik.get(&format!("{path}/presence")).await.status,
        StatusCode::NOT_FOUND
    );
    let mut root = app.signed_in("root").await;
    assert_eq!(root.get(&path).await.status, StatusCode::FORBIDDEN);
    let mut dana = app.signed_in("dana").await;
    let page = dana.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has_id("history") && !page.has_id("actions") && !page.has_id("override"));
    assert_eq!(
        anna.get("/workspace/cases/SH-2026-9999999").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        anna.get("/workspace/cases/not-a-number").await.status,
        StatusCode::NOT_FOUND
    );

    // A colleague opening the same case is told who else has it open.
    let mut marat = app.signed_in("marat").await;
    let page = marat.get(&path).await;
    assert!(
        page.element("editing-notice", "div").contains("anna"),
        "{}",
        page.body
    );
    let fragment = anna.get(&format!("{path}/presence")).await;
    assert!(fragment.element("editing-notice", "div").contains("marat"));
    let other = marat.get(&format!("/workspace/cases/{second}")).await;
    assert!(!other.element("editing-notice", "div").contains("anna"));

    // Unmasking: for officers, supervisors and auditors, with a reason, audited.
    let unmasked = |page: &Page| page.has_id("unmasked") && page.body.contains("Айгерим Серикова");
    let count = async || {
        app.store
            .history(&number)
            .await
            .unwrap()
            .iter()
            .filter(|e| e.entry.action == "case.unmasked")
            .count()
    };
    let page = anna
        .post(&format!("{path}/unmask"), &[("reason", "")])
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(count().await, 0);
    let page = anna
        .post(
            &format!("{path}/unmask"),
            &[("reason", "Checking the IIN by phone")],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(unmasked(&page) && page.body.contains(&iin("9204104002")));
    assert_eq!(page.headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(count().await, 1);
    let entry = app
        .store
        .history(&number)
        .await
        .unwrap()
        .into_iter()
        .rfind(|e| e.entry.action == "case.unmasked")
        .unwrap();
    assert_eq!(entry.entry.actor, "user:anna");
    assert!(unmasked(
        &dana
            .post(&format!("{path}/unmask"), &[("reason", "Audit sample")])
            .await
    ));
    assert_eq!(count().await, 2);
    let page = root
        .post(&format!("{path}/unmask"), &[("reason", "curious")])
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = berik
        .post(&format!("{path}/unmask"), &[("reason", "curious")])
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(!unmasked(&page));
    assert_eq!(count().await, 2);

    let report = sheshim_store::verify_store(app.store.as_ref(), app.store.keyring(), &[])
        .await
        .unwrap();
    assert!(report.is_intact(), "{report:?}");
}

#[tokio::test]
async fn the_case_page_shows_the_whole_case_to_those_who_may_read_it() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(&dir, "case_page").await {
        story(&url).await;
    }
}
