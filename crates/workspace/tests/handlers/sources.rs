//! The sources beside a grounded draft: a complaint about a missed term shows, next to its
//! draft, the APPC passage the draft cites (numbered, with its act and article, marked as not
//! checked against the official text); a complaint nothing in the catalogue covers shows the
//! notice that the sources are insufficient, as its draft does.

use crate::support::{app, databases};
use axum::http::StatusCode;
use serde_json::json;
use sheshim_domain::Role;

async fn story(url: &str) {
    let app = app(url).await;
    app.add_user("aset", Role::Officer, "AKIMAT-ALA").await;
    let appeal = |text: &str| json!({ "text": text, "kind": "complaint", "language": "ru", "agency": "AKIMAT-ALA" });
    let term = app
        .apply(
            "8501153001",
            None,
            appeal(
                "Моё обращение не рассмотрели в срок: прошло больше пятнадцати рабочих дней со дня \
                 регистрации, о продлении срока рассмотрения мне не сообщили.",
            ),
        )
        .await;
    let dog = app
        .apply(
            "8602143002",
            None,
            appeal("Соседская собака лает по ночам и мешает спать всему подъезду."),
        )
        .await;
    app.run_pipeline().await;

    let mut aset = app.signed_in("aset").await;
    let page = aset.get(&format!("/workspace/cases/{term}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has_id("sources"), "{}", page.body);
    assert!(page.has_id("source-S1"));
    assert!(page.body.contains("Sources of the draft"));
    assert!(page.body.contains("art. 76"));
    assert!(page.body.contains("not checked against the official text"));
    assert!(
        page.body
            .contains("Правовые основания, найденные для этого обращения")
    );
    assert!(!page.has_id("sources-insufficient"));

    let page = aset.get(&format!("/workspace/cases/{dog}")).await;
    assert!(page.has_id("sources-insufficient"), "{}", page.body);
    assert!(!page.has_id("source-S1"));
    assert!(page.body.contains("Недостаточно источников"));
}

#[tokio::test]
async fn the_sources_of_a_grounded_draft_are_shown_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(&dir, "sources").await {
        story(&url).await;
    }
}
