//! The interface language: `Accept-Language` before any choice, the switch on every page
//! (a cookie, and the user's own choice kept for the next sign-in), `<html lang>` matching,
//! and no untranslated key on any page visited in Kazakh, Russian or English.

use crate::support::{App, Browser, PASSWORD, app, databases, mother};
use axum::http::StatusCode;
use sheshim_domain::Role;

/// Signs `login` in from a browser asking for `accept`.
async fn sign_in<'a>(app: &'a App, login: &str, accept: &str) -> Browser<'a> {
    let mut browser = app.browser(accept);
    let page = browser
        .post_form(
            "/workspace/sign-in",
            &[("login", login), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    browser
}

/// Switches to `lang` on the page at `back`, and checks the page comes back in it.
async fn switch(browser: &mut Browser<'_>, lang: &str, back: &str) {
    let page = browser
        .post("/workspace/language", &[("lang", lang), ("back", back)])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location(), back);
    assert_eq!(
        browser.cookies.get("sheshim_lang").map(String::as_str),
        Some(lang)
    );
    browser.expect_lang = Some(lang.to_owned());
}

async fn story(url: &str) {
    let app = app(url).await;
    app.add_user("sultan", Role::Supervisor, "MLSP").await;
    app.add_user("dana", Role::Auditor, "AUDIT").await;
    app.add_user("root", Role::Admin, "MLSP").await;
    let number = app.childbirth("9204104002", mother(2, true), 3).await;
    app.run_pipeline().await;

    // Before any choice, the browser's languages decide; a bad switch is refused.
    let mut anonymous = app.browser("kk-KZ,kk;q=0.9,ru;q=0.8");
    anonymous.expect_lang = Some("kk".to_owned());
    assert_eq!(
        anonymous.get("/workspace/sign-in").await.status,
        StatusCode::OK
    );
    let mut anonymous = app.browser("fr-FR, ru;q=0.5");
    anonymous.expect_lang = Some("ru".to_owned());
    assert_eq!(
        anonymous.get("/workspace/sign-in").await.status,
        StatusCode::OK
    );
    let page = anonymous
        .post_form(
            "/workspace/language",
            &[("lang", "de"), ("back", "/workspace/sign-in")],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Signed out, the switch is only a cookie.
    let page = anonymous
        .post_form(
            "/workspace/language",
            &[("lang", "en"), ("back", "/workspace/sign-in")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    anonymous.expect_lang = Some("en".to_owned());
    assert_eq!(
        anonymous.get("/workspace/sign-in").await.status,
        StatusCode::OK
    );

    let case = format!("/workspace/cases/{number}");
    let users: [(&str, &str, Vec<String>); 3] = [
        (
            "sultan",
            "ru",
            vec![
                "/workspace/queue".to_owned(),
                "/workspace/queue?status=in_review&overdue=1".to_owned(),
                case.clone(),
                "/workspace/supervisor".to_owned(),
                "/workspace/reports?from=2026-03-01&to=2026-03-31".to_owned(),
                "/workspace/password".to_owned(),
            ],
        ),
        (
            "dana",
            "ru",
            vec![
                "/workspace/queue".to_owned(),
                case.clone(),
                "/workspace/audit".to_owned(),
                "/workspace/audit?verify=1".to_owned(),
            ],
        ),
        ("root", "kk", vec!["/workspace/admin/users".to_owned()]),
    ];
    for (login, accept, pages) in &users {
        let mut browser = sign_in(&app, login, accept).await;
        browser.expect_lang = Some((*accept).to_owned());
        for path in pages {
            let page = browser.get(path).await;
            assert_eq!(page.status, StatusCode::OK, "{login} {path}");
        }
        for lang in ["kk", "ru", "en"] {
            switch(&mut browser, lang, &pages[0]).await;
            for path in pages {
                let page = browser.get(path).await;
                assert_eq!(page.status, StatusCode::OK, "{login} {lang} {path}");
                assert!(page.has_id(&format!("lang-{lang}")));
            }
            // Error pages speak the same language.
            let page = browser.get("/workspace/no/such/page").await;
            assert_eq!(page.status, StatusCode::NOT_FOUND, "{login}");
        }
        // The last choice is the user's own: a new browser asking for Kazakh gets it back
        // at the next sign-in.
        switch(&mut browser, "ru", &pages[0]).await;
        let mut elsewhere = sign_in(&app, login, "kk").await;
        assert_eq!(
            elsewhere.cookies.get("sheshim_lang").map(String::as_str),
            Some("ru")
        );
        elsewhere.expect_lang = Some("ru".to_owned());
        assert_eq!(elsewhere.get(&pages[0]).await.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn pages_speak_kazakh_russian_and_english_with_every_key() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(&dir, "language").await {
        story(&url).await;
    }
}
