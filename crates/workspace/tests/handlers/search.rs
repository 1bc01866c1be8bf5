//! The search page: an officer searching for a complaint's words finds the answer their
//! agency issued a moment ago (masked, with its kind and score) and the legal passage marked
//! as not checked against the official text; an officer of another agency does not see that
//! answer, an auditor does, an administrator is refused; an empty query shows the form and a
//! query over the limit is refused with a page that says so.

use crate::support::{app, databases};
use axum::http::StatusCode;
use serde_json::json;
use sheshim_domain::{AgencyCode, RegistrationNumber, Role};
use sheshim_engine::{Action, Officer};

/// The search page's address for `query`.
fn search(query: &str) -> String {
    let mut with = form_urlencoded::Serializer::new("/workspace/search?".to_owned());
    with.append_pair("q", query);
    with.finish()
}

async fn story(url: &str) {
    let app = app(url).await;
    app.add_user("aset", Role::Officer, "AKIMAT-ALA").await;
    app.add_user("bota", Role::Officer, "AKIMAT-AST").await;
    app.add_user("dana", Role::Auditor, "AUDIT").await;
    app.add_user("root", Role::Admin, "ADMIN").await;
    let dog = app
        .apply(
            "8602143002",
            None,
            json!({
                "text": "Соседская собака лает по ночам и мешает спать всему подъезду.",
                "kind": "complaint",
                "language": "ru",
                "agency": "AKIMAT-ALA",
            }),
        )
        .await;
    app.run_pipeline().await;
    let officer = Officer {
        login: "aset".to_owned(),
        role: Role::Officer,
        agency: AgencyCode::parse("AKIMAT-ALA").unwrap(),
    };
    let body =
        "Уважаемая Айгерим Серикова! Хозяину собаки вынесено предупреждение за шум по ночам."
            .to_owned();
    let version = app.case(&dog).await.version;
    app.flow
        .act(
            &officer,
            &RegistrationNumber::parse(&dog).unwrap(),
            version,
            Action::Edit { body },
        )
        .await
        .unwrap();
    let answer_key = format!("data-key=\"answer:{dog}\"");

    // The officer of the agency finds the answer just issued, masked.
    let mut aset = app.signed_in("aset").await;
    let page = aset.get("/workspace/search").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has_id("search-form") && !page.has_id("results"));
    assert!(
        page.body.contains("href=\"/workspace/search\""),
        "linked from the chrome"
    );
    let page = aset.get(&search("собака лает по ночам")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.has_id("results") && page.body.contains(&answer_key),
        "{}",
        page.body
    );
    assert!(page.body.contains("earlier answer") && page.body.contains("score "));
    assert!(
        page.body.contains("вынесено предупреждение"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("Айгерим") && !page.body.contains("Серикова"));
    // A legal passage, with its act and the flag that it was not checked.
    let page = aset
        .get(&search("срок рассмотрения обращения продлён"))
        .await;
    assert!(page.body.contains("data-kind=\"law\""), "{}", page.body);
    assert!(page.body.contains("art. 76"));
    assert!(page.body.contains("not checked against the official text"));

    // Another agency's officer does not see it; an auditor does; an administrator may not search.
    let mut bota = app.signed_in("bota").await;
    let page = bota.get(&search("собака лает по ночам")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains(&answer_key), "{}", page.body);
    let mut dana = app.signed_in("dana").await;
    let page = dana.get(&search("собака лает по ночам")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&answer_key), "{}", page.body);
    let mut root = app.signed_in("root").await;
    assert_eq!(
        root.get(&search("собака")).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        root.get("/workspace/search").await.status,
        StatusCode::FORBIDDEN
    );

    // Over the limit: refused, and the page says why.
    let page = aset.get(&search(&"a".repeat(2_001))).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.body.contains("longer than 2000 characters"),
        "{}",
        page.body
    );
    assert_eq!(
        aset.get(&search(&"a".repeat(2_000))).await.status,
        StatusCode::OK
    );
    // A query without words says so.
    let page = aset.get(&search("!!! ???")).await;
    assert!(page.has_id("search-notice"), "{}", page.body);
}

#[tokio::test]
async fn the_search_page_finds_the_agencys_answers_and_checks_the_role() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(&dir, "search").await {
        story(&url).await;
    }
}
