//! The administrators' page: create a user (the one-time password shown once, and it signs
//! the new user in), disable (their session ends), enable, reset (a new password to change
//! at the next sign-in), change role and agency — each audited; other roles are refused.

use crate::support::{App, Browser, PASSWORD, app, databases};
use axum::http::StatusCode;
use sheshim_domain::Role;

/// The one-time password a page shows (the first secret in `#shown-once`).
fn shown_password(page: &crate::support::Page) -> String {
    let block = page.element("shown-once", "div");
    let start = block.find("<code>").expect("a secret") + "<code>".len();
    crate::support::unescape(&block[start..start + block[start..].find("</code>").unwrap()])
}

async fn sign_in<'a>(
    app: &'a App,
    login: &str,
    password: &str,
) -> (Browser<'a>, crate::support::Page) {
    let mut browser = app.browser("en");
    let page = browser
        .post_form(
            "/workspace/sign-in",
            &[("login", login), ("password", password)],
        )
        .await;
    (browser, page)
}

async fn user(app: &App, login: &str) -> sheshim_store::UserSummary {
    app.store
        .users()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.login.as_str() == login)
        .unwrap()
}

async fn story(url: &str) {
    let app = app(url).await;
    app.add_user("root", Role::Admin, "MLSP").await;
    app.add_user("anna", Role::Officer, "MLSP").await;
    app.add_user("sultan", Role::Supervisor, "MLSP").await;
    let audited = async |action: &str, subject: &str| {
        app.audit_actions()
            .await
            .iter()
            .any(|(a, actor, s)| a == action && actor == "user:root" && s.contains(subject))
    };

    let mut anna = app.signed_in("anna").await;
    assert_eq!(
        anna.get("/workspace/admin/users").await.status,
        StatusCode::FORBIDDEN
    );
    let page = anna
        .post(
            "/workspace/admin/users",
            &[("login", "mole"), ("role", "admin"), ("agency", "MLSP")],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = anna
        .post("/workspace/admin/users/sultan", &[("change", "disable")])
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(app.store.users().await.unwrap().len(), 3);
    assert!(!user(&app, "sultan").await.disabled);

    let mut root = app.signed_in("root").await;
    assert_eq!(
        root.get("/workspace/").await.location(),
        "/workspace/admin/users"
    );
    let page = root.get("/workspace/admin/users").await;
    assert_eq!(page.status, StatusCode::OK);
    for login in ["anna", "root", "sultan"] {
        assert!(
            page.body.contains(&format!("data-login=\"{login}\"")),
            "{login}"
        );
    }
    assert!(!page.has_id("shown-once"));

    // Create: the password is shown once and signs the new user in, to change it.
    let page = root
        .post(
            "/workspace/admin/users",
            &[
                ("login", "newcomer"),
                ("role", "officer"),
                ("agency", "MLSP"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let once = shown_password(&page);
    assert!(once.len() >= 16, "{once}");
    assert!(audited("user.added", "newcomer").await);
    assert!(
        !root
            .get("/workspace/admin/users")
            .await
            .body
            .contains(&once),
        "shown once"
    );
    let (_, page) = sign_in(&app, "newcomer", &once).await;
    assert_eq!(page.location(), "/workspace/password");
    let page = root
        .post(
            "/workspace/admin/users",
            &[
                ("login", "newcomer"),
                ("role", "officer"),
                ("agency", "MLSP"),
            ],
        )
        .await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the login is taken"
    );
    let page = root
        .post(
            "/workspace/admin/users",
            &[("login", "other"), ("role", "king"), ("agency", "MLSP")],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Disable ends anna's session and her sign-ins; enable lets her back.
    assert_eq!(anna.get("/workspace/queue").await.status, StatusCode::OK);
    let page = root
        .post("/workspace/admin/users/anna", &[("change", "disable")])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(user(&app, "anna").await.disabled);
    assert!(audited("user.disabled", "anna").await);
    assert_eq!(
        anna.get("/workspace/queue").await.location(),
        "/workspace/sign-in"
    );
    let (_, page) = sign_in(&app, "anna", PASSWORD).await;
    assert!(page.has_id("form-error"));
    let page = root
        .post("/workspace/admin/users/anna", &[("change", "enable")])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(audited("user.enabled", "anna").await);
    let (mut anna, page) = sign_in(&app, "anna", PASSWORD).await;
    assert_eq!(page.location(), "/workspace/queue");

    // Reset: a new one-time password, her session ends, and she must change it.
    let page = root
        .post("/workspace/admin/users/anna", &[("change", "reset")])
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let reset = shown_password(&page);
    assert!(audited("user.password_reset", "anna").await);
    assert!(user(&app, "anna").await.must_change_password);
    assert_eq!(
        anna.get("/workspace/queue").await.location(),
        "/workspace/sign-in"
    );
    let (_, page) = sign_in(&app, "anna", PASSWORD).await;
    assert!(page.has_id("form-error"), "the old password is gone");
    let (_, page) = sign_in(&app, "anna", &reset).await;
    assert_eq!(page.location(), "/workspace/password");

    // Role and agency.
    let page = root
        .post(
            "/workspace/admin/users/sultan",
            &[("change", "role"), ("role", "auditor")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(user(&app, "sultan").await.role, Role::Auditor);
    assert!(audited("user.role_changed", "sultan").await);
    let page = root
        .post(
            "/workspace/admin/users/anna",
            &[("change", "agency"), ("agency", "MIA")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(user(&app, "anna").await.agency.as_str(), "MIA");
    assert!(audited("user.agency_changed", "anna").await);
    let page = root
        .post(
            "/workspace/admin/users/anna",
            &[("change", "role"), ("role", "king")],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = root
        .post("/workspace/admin/users/anna", &[("change", "promote")])
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = root
        .post("/workspace/admin/users/ghost", &[("change", "disable")])
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    // An administrator does not lock themself out here.
    let page = root
        .post("/workspace/admin/users/root", &[("change", "disable")])
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!user(&app, "root").await.disabled);
    let page = root.get("/workspace/admin/users").await;
    assert!(page.body.contains("data-login=\"newcomer\""));
}

#[tokio::test]
async fn administrators_manage_users_and_every_change_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(&dir, "admin").await {
        story(&url).await;
    }
}
