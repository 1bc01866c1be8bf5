//! Mass appeals and duplicates in the workspace: the queue shows the group's size beside
//! each member, the case page names the group (with its representative text) or the case an
//! appeal repeats, and the group is answered once from a member's page (an answer missing
//! for the members' language is refused; another agency's officer cannot answer).

use crate::support::{app, databases};
use axum::http::StatusCode;
use serde_json::json;
use sheshim_domain::Role;

async fn story(url: &str) {
    let app = app(url).await;
    app.add_user("aset", Role::Officer, "AKIMAT-ALA").await;
    app.add_user("berik", Role::Officer, "MLSP").await;
    let complaint = |flat: u32| {
        json!({
            "text": format!(
                "Я живу в квартире {flat} дома 15 по улице Абая. В нашем доме уже третью неделю \
                 нет горячей воды, управляющая компания не отвечает на звонки, дети и пожилые \
                 соседи моются холодной водой. Мы обращались в КСК, ничего не изменилось."
            ),
            "kind": "complaint", "language": "ru", "agency": "AKIMAT-ALA",
        })
    };
    let first = app.apply("8501153001", None, complaint(4)).await;
    let second = app.apply("8602143002", None, complaint(17)).await;
    let third = app.apply("8703133003", None, complaint(23)).await;
    let repeat = app.apply("8501153001", None, complaint(4)).await;
    app.run_pipeline().await;

    let mut aset = app.signed_in("aset").await;
    let page = aset.get("/workspace/queue").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.body
            .matches(&format!("data-group=\"{first}\""))
            .count(),
        3,
        "{}",
        page.body
    );
    assert_eq!(page.body.matches("group of 3 appeals").count(), 3);

    for member in [&second, &third] {
        let page = aset.get(&format!("/workspace/cases/{member}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Mass appeal group"), "{}", page.body);
        assert!(page.body.contains(&format!("{first} · group of 3 appeals")));
        assert!(
            page.body.contains("третью неделю"),
            "the representative text"
        );
    }
    let page = aset.get(&format!("/workspace/cases/{repeat}")).await;
    assert!(page.body.contains("Repeats"), "{}", page.body);
    assert!(page.body.contains(&first));
    assert!(!page.body.contains("Mass appeal group"));
    assert!(!page.has_id("group-answer"));

    // One answer for the group, from a member's page.
    let page = aset.get(&format!("/workspace/cases/{second}")).await;
    assert!(page.has_id("group-answer"));
    let path = format!("/workspace/groups/{first}/answer");
    let refused = aset.post(&path, &[("kk", "Жауап")]).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    let mut berik = app.signed_in("berik").await;
    let hidden = berik.post(&path, &[("ru", "Ответ")]).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let done = aset
        .post(
            &path,
            &[("ru", "Горячая вода подана 10 марта."), ("kk", "")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.location(), format!("/workspace/cases/{first}"));
    for member in [&first, &second, &third] {
        let case = app.case(member).await;
        assert_eq!(case.appeal.status.code(), "decided", "{member}");
    }
    assert_eq!(app.case(&repeat).await.appeal.status.code(), "in_review");
}

#[tokio::test]
async fn groups_and_duplicates_are_shown() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(&dir, "groups").await {
        story(&url).await;
    }
}
