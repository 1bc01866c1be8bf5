//! Every form that changes something is refused (403, `h1#error`) without its session's
//! token, with another token, and, even with the right token, when the browser says it
//! comes from another site or origin.

use crate::support::{Browser, PASSWORD, app, databases, form};
use axum::http::{Method, StatusCode};
use sheshim_domain::Role;

/// Every state-changing route, with fields that would otherwise be acceptable.
const ROUTES: [(&str, &[(&str, &str)]); 18] = [
    ("/workspace/sign-out", &[]),
    (
        "/workspace/password",
        &[
            ("current", PASSWORD),
            ("new", "twelve chars long"),
            ("confirm", "twelve chars long"),
        ],
    ),
    ("/workspace/language", &[("lang", "kk")]),
    (
        "/workspace/queue/assign",
        &[("assignee", "me"), ("case", "SH-2026-0000001")],
    ),
    (
        "/workspace/views",
        &[("name", "mine"), ("query", "status=in_review")],
    ),
    ("/workspace/views/1/delete", &[]),
    (
        "/workspace/cases/SH-2026-0000001/actions/assign",
        &[("version", "1"), ("assignee", "me")],
    ),
    (
        "/workspace/cases/SH-2026-0000001/actions/approve",
        &[("version", "1")],
    ),
    (
        "/workspace/cases/SH-2026-0000001/actions/edit",
        &[("version", "1"), ("body", "text")],
    ),
    (
        "/workspace/cases/SH-2026-0000001/actions/override",
        &[("version", "1"), ("outcome", "denied"), ("reason", "why")],
    ),
    (
        "/workspace/cases/SH-2026-0000001/actions/forward",
        &[("version", "1"), ("agency", "MIA"), ("reason", "why")],
    ),
    (
        "/workspace/cases/SH-2026-0000001/actions/extend",
        &[
            ("version", "1"),
            ("new_deadline", "2026-04-15"),
            ("reason", "why"),
        ],
    ),
    (
        "/workspace/cases/SH-2026-0000001/actions/hearing",
        &[("version", "1")],
    ),
    (
        "/workspace/cases/SH-2026-0000001/actions/hearing-reply",
        &[("version", "1"), ("reply", "text")],
    ),
    (
        "/workspace/cases/SH-2026-0000001/actions/decide",
        &[("version", "1"), ("outcome", "answered"), ("body", "text")],
    ),
    (
        "/workspace/cases/SH-2026-0000001/actions/withdraw",
        &[("version", "1"), ("reason", "why")],
    ),
    (
        "/workspace/cases/SH-2026-0000001/unmask",
        &[("reason", "why")],
    ),
    (
        "/workspace/supervisor/automation",
        &[
            ("service", "*"),
            ("stopped", "on"),
            ("reason", "why"),
            ("confirm", "yes"),
        ],
    ),
];

const ADMIN_ROUTES: [(&str, &[(&str, &str)]); 2] = [
    (
        "/workspace/admin/users",
        &[
            ("login", "newcomer"),
            ("role", "officer"),
            ("agency", "MLSP"),
        ],
    ),
    ("/workspace/admin/users/sultan", &[("change", "disable")]),
];

/// Posts `fields` four ways that must all be refused; returns the refusal's heading.
async fn refused_four_ways(
    browser: &mut Browser<'_>,
    path: &str,
    fields: &[(&str, &str)],
) -> String {
    let token = browser.csrf.clone().unwrap();
    let mut headings = Vec::new();
    let with_token = |token: &str| {
        let mut all = vec![("csrf", token.to_owned())];
        all.extend(fields.iter().map(|(k, v)| (*k, (*v).to_owned())));
        all
    };
    let bodies = [
        (
            fields
                .iter()
                .map(|(k, v)| (*k, (*v).to_owned()))
                .collect::<Vec<_>>(),
            None,
        ),
        (with_token(&"0".repeat(64)), None),
        (with_token(&token), Some(("sec-fetch-site", "cross-site"))),
        (with_token(&token), Some(("origin", "http://evil.example"))),
    ];
    for (fields, header) in bodies {
        let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let extra: Vec<(&str, &str)> = header.into_iter().collect();
        let page = browser
            .send(Method::POST, path, Some(form(&borrowed)), &extra)
            .await;
        assert_eq!(
            page.status,
            StatusCode::FORBIDDEN,
            "{path} {extra:?}: {}",
            page.body
        );
        headings.push(page.element("error", "h1").to_owned());
    }
    assert!(headings.windows(2).all(|w| w[0] == w[1]), "{headings:?}");
    headings.remove(0)
}

async fn story(url: &str) {
    let app = app(url).await;
    app.add_user("sultan", Role::Supervisor, "MLSP").await;
    app.add_user("root", Role::Admin, "MLSP").await;
    let mut supervisor = app.signed_in("sultan").await;
    supervisor.get("/workspace/queue").await;
    let mut headings = Vec::new();
    for (path, fields) in ROUTES {
        headings.push(refused_four_ways(&mut supervisor, path, fields).await);
    }
    let mut admin = app.signed_in("root").await;
    admin.get("/workspace/admin/users").await;
    for (path, fields) in ADMIN_ROUTES {
        headings.push(refused_four_ways(&mut admin, path, fields).await);
    }
    assert!(headings.windows(2).all(|w| w[0] == w[1]), "{headings:?}");
    // Nothing was changed by the refused forms: the switch is off, the admin made nobody,
    // the supervisor is still signed in and in English.
    assert!(
        app.store
            .automation_switches()
            .await
            .unwrap()
            .iter()
            .all(|s| !s.stopped)
    );
    assert_eq!(app.store.users().await.unwrap().len(), 2);
    assert_eq!(
        supervisor.get("/workspace/queue").await.status,
        StatusCode::OK
    );
    // The same forms with the token and from the same origin go through.
    let page = supervisor
        .send(
            Method::POST,
            "/workspace/language",
            Some(form(&[
                ("csrf", supervisor.csrf.clone().unwrap().as_str()),
                ("lang", "en"),
            ])),
            &[
                ("origin", "http://127.0.0.1:8080"),
                ("sec-fetch-site", "same-origin"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    // Sign-in has no token yet: the origin headers alone guard it.
    let mut stranger = app.browser("en");
    for extra in [
        ("sec-fetch-site", "cross-site"),
        ("origin", "http://evil.example"),
    ] {
        let page = stranger
            .send(
                Method::POST,
                "/workspace/sign-in",
                Some(form(&[("login", "sultan"), ("password", PASSWORD)])),
                &[extra],
            )
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{extra:?}");
        assert!(page.has_id("error"));
    }
    // Without the sign-in page's token and cookie (login forgery from another site that
    // strips the origin headers), or with a token of another page, sign-in is refused too.
    for csrf in ["", "shs_forged"] {
        let page = stranger
            .send(
                Method::POST,
                "/workspace/sign-in",
                Some(form(&[
                    ("login", "sultan"),
                    ("password", PASSWORD),
                    ("csrf", csrf),
                ])),
                &[],
            )
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "token {csrf:?}");
    }
    assert!(!stranger.cookies.contains_key("sheshim_session"));
}

#[tokio::test]
async fn every_form_needs_its_token_and_the_same_origin() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(&dir, "csrf").await {
        story(&url).await;
    }
}
