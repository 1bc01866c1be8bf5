//! Signing in and out: a wrong password, the lock after five failures (audited), the forced
//! password change at the first sign-in and the password rules, sign-out, and a session
//! that ends after being idle.

use crate::support::{PASSWORD, app, databases};
use axum::http::StatusCode;
use sheshim_domain::Role;

async fn story(url: &str) {
    let app = app(url).await;
    app.add_new_user("aigerim", Role::Officer, "MLSP").await;
    app.add_user("bolat", Role::Officer, "MLSP").await;
    let mut browser = app.browser("en");

    // A wrong password and an unknown login get the same page, with the error.
    let wrong = browser
        .post_form(
            "/workspace/sign-in",
            &[("login", "bolat"), ("password", "guess")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::OK);
    assert!(wrong.has_id("form-error"), "{}", wrong.body);
    let unknown = browser
        .post_form(
            "/workspace/sign-in",
            &[("login", "nobody"), ("password", "guess")],
        )
        .await;
    assert_eq!(
        unknown.element("form-error", "p"),
        wrong.element("form-error", "p")
    );
    assert!(
        !browser.cookies.contains_key("sheshim_session"),
        "no session for a wrong password"
    );

    // The fifth failure in a row locks the account: even the right password is refused.
    for _ in 0..4 {
        let page = browser
            .post_form(
                "/workspace/sign-in",
                &[("login", "bolat"), ("password", "guess")],
            )
            .await;
        assert!(page.has_id("form-error"));
    }
    let locked = browser
        .post_form(
            "/workspace/sign-in",
            &[("login", "bolat"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(locked.status, StatusCode::OK);
    assert!(locked.has_id("form-error"));
    assert_ne!(
        locked.element("form-error", "p"),
        wrong.element("form-error", "p")
    );
    assert!(!browser.cookies.contains_key("sheshim_session"));
    let actions = app.audit_actions().await;
    assert_eq!(
        actions
            .iter()
            .filter(|(action, ..)| action == "user.locked")
            .count(),
        1,
        "{actions:?}"
    );
    // The lock lasts a while, not for ever.
    app.clock.advance(chrono::Duration::minutes(16));
    let page = browser
        .post_form(
            "/workspace/sign-in",
            &[("login", "bolat"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location(), "/workspace/queue");

    // The first sign-in leads to the password page, and so does every page until it changes.
    let mut first = app.browser("en");
    let page = first
        .post_form(
            "/workspace/sign-in",
            &[("login", "aigerim"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), "/workspace/password");
    for path in crate::signed_out::PAGES
        .iter()
        .filter(|p| **p != "/workspace/password")
    {
        let page = first.get(path).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(page.location(), "/workspace/password", "{path}");
    }
    let page = first.get("/workspace/password").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has_id("password-forced") && page.has_id("password-submit"));

    // The rules: the current password right, at least 12 characters, typed twice, new.
    let new = "a much longer secret phrase";
    let mut errors = Vec::new();
    for (current, fresh, confirm) in [
        ("not my password", new, new),
        (PASSWORD, "short", "short"),
        (PASSWORD, new, "a much longer secret phrasE"),
        (PASSWORD, PASSWORD, PASSWORD),
    ] {
        let page = first
            .post(
                "/workspace/password",
                &[("current", current), ("new", fresh), ("confirm", confirm)],
            )
            .await;
        assert_eq!(page.status, StatusCode::OK);
        errors.push(page.element("form-error", "p").to_owned());
    }
    for (i, a) in errors.iter().enumerate() {
        for b in &errors[i + 1..] {
            assert_ne!(a, b, "each rule says what is wrong");
        }
    }
    assert_eq!(
        first.get("/workspace/queue").await.location(),
        "/workspace/password"
    );
    let page = first
        .post(
            "/workspace/password",
            &[("current", PASSWORD), ("new", new), ("confirm", new)],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location(), "/workspace/queue");
    assert_eq!(first.get("/workspace/queue").await.status, StatusCode::OK);
    assert!(
        app.audit_actions()
            .await
            .iter()
            .any(|(a, ..)| a == "user.password_changed")
    );

    // Signing out ends the session: the old cookie no longer signs anyone in.
    let kept = first.cookies.clone();
    let page = first.post("/workspace/sign-out", &[]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), "/workspace/sign-in");
    assert!(
        !first.cookies.contains_key("sheshim_session"),
        "the cookie is removed"
    );
    first.cookies = kept;
    assert_eq!(
        first.get("/workspace/queue").await.location(),
        "/workspace/sign-in"
    );
    assert!(
        app.audit_actions()
            .await
            .iter()
            .any(|(a, ..)| a == "user.signed_out")
    );

    // The new password works; a session idle for longer than the limit ends.
    let mut again = app.browser("en");
    let page = again
        .post_form(
            "/workspace/sign-in",
            &[("login", "aigerim"), ("password", new)],
        )
        .await;
    assert_eq!(page.location(), "/workspace/queue");
    assert_eq!(again.get("/workspace/queue").await.status, StatusCode::OK);
    app.clock
        .advance(app.config.idle - chrono::Duration::minutes(1));
    assert_eq!(
        again.get("/workspace/queue").await.status,
        StatusCode::OK,
        "still active"
    );
    app.clock
        .advance(app.config.idle + chrono::Duration::minutes(1));
    let page = again.get("/workspace/queue").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), "/workspace/sign-in");
}

#[tokio::test]
async fn sign_in_locks_forces_a_new_password_and_sessions_end() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(&dir, "sign_in").await {
        story(&url).await;
    }
}
