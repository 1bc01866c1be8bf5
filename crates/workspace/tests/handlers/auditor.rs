//! The auditor's pages: the chain's verification, a case's decision record as JSON, and
//! the export of a period's records (one JSON line per case registered in it, audited);
//! other roles are refused.

use crate::support::{app, databases, mother};
use axum::http::{StatusCode, header};
use sheshim_domain::Role;

async fn story(url: &str) {
    let app = app(url).await;
    app.add_user("dana", Role::Auditor, "AUDIT").await;
    app.add_user("anna", Role::Officer, "MLSP").await;
    let issued = app.childbirth("9204104001", mother(2, true), 2).await;
    let routed = app.childbirth("9204104002", mother(2, true), 3).await;
    app.run_pipeline().await;
    // A case registered in April is outside March's export.
    app.clock.advance(chrono::Duration::days(31));
    let april = app.childbirth("9204104003", mother(2, true), 3).await;
    app.run_pipeline().await;

    let mut anna = app.signed_in("anna").await;
    for path in [
        "/workspace/audit".to_owned(),
        format!("/workspace/audit/cases/{issued}.json"),
        format!("/workspace/audit/case?number={issued}"),
        "/workspace/audit/export?from=2026-03-01&to=2026-03-31".to_owned(),
    ] {
        assert_eq!(
            anna.get(&path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }

    let mut dana = app.signed_in("dana").await;
    let page = dana.get("/workspace/audit").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has_id("chain-status") && page.has_id("head-hash"));
    let title = &page.body[page.body.find("<title>").unwrap()..page.body.find("</title>").unwrap()];
    assert!(!title[7..].contains('<'), "the title is text only: {title}");
    let page = dana.get("/workspace/audit?verify=1").await;
    assert!(
        page.element("chain-status", "div")
            .contains("data-intact=\"true\""),
        "{}",
        page.body
    );

    let page = dana
        .get(&format!("/workspace/audit/case?number={routed}"))
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        page.location(),
        format!("/workspace/audit/cases/{routed}.json")
    );
    let page = dana.get(page.location()).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let record: serde_json::Value = serde_json::from_str(&page.body).unwrap();
    assert_eq!(record["registration_number"], routed.as_str());
    assert!(!record["history"].as_array().unwrap().is_empty());
    assert!(
        !page.body.contains("Айгерим"),
        "no personal data in the record"
    );
    assert_eq!(
        dana.get("/workspace/audit/cases/SH-2026-9999999.json")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        dana.get("/workspace/audit/case?number=nonsense")
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let page = dana
        .get("/workspace/audit/export?from=2026-03-01&to=2026-03-31")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/x-ndjson")
    );
    let numbers: Vec<String> = page
        .body
        .lines()
        .map(|line| {
            serde_json::from_str::<serde_json::Value>(line).unwrap()["registration_number"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(numbers.len(), 2, "{numbers:?}");
    assert!(numbers.contains(&issued) && numbers.contains(&routed) && !numbers.contains(&april));
    let exported = app.audit_actions().await;
    assert!(
        exported
            .iter()
            .any(|(a, actor, _)| a == "audit.exported" && actor == "user:dana"),
        "{exported:?}"
    );
    let empty = dana
        .get("/workspace/audit/export?from=2026-01-01&to=2026-01-31")
        .await;
    assert_eq!((empty.status, empty.body.as_str()), (StatusCode::OK, ""));
    for bad in [
        "from=2026-03-31&to=2026-03-01",
        "from=2020-01-01&to=2026-03-01",
        "to=2026-03-01",
        "",
    ] {
        let page = dana.get(&format!("/workspace/audit/export?{bad}")).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    let page = dana.get("/workspace/audit?verify=1").await;
    assert!(
        page.element("chain-status", "div")
            .contains("data-intact=\"true\"")
    );
}

#[tokio::test]
async fn auditors_verify_the_chain_and_export_records() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(&dir, "auditor").await {
        story(&url).await;
    }
}
