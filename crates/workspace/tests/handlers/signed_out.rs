//! Before signing in: every page sends the browser to the sign-in page, which is served
//! with the static files; an unknown workspace path is the workspace's own 404 page.

use crate::support::{app, databases};
use axum::http::{StatusCode, header};

/// Every page a signed-in user can open.
pub const PAGES: [&str; 12] = [
    "/workspace/",
    "/workspace/queue",
    "/workspace/password",
    "/workspace/cases/SH-2026-0000001",
    "/workspace/cases/SH-2026-0000001/presence",
    "/workspace/supervisor",
    "/workspace/reports",
    "/workspace/reports/volume.csv",
    "/workspace/audit",
    "/workspace/audit/cases/SH-2026-0000001.json",
    "/workspace/audit/export?from=2026-03-01&to=2026-03-31",
    "/workspace/admin/users",
];

async fn story(url: &str) {
    let app = app(url).await;
    let mut browser = app.browser("ru");
    for path in PAGES {
        let page = browser.get(path).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(page.location(), "/workspace/sign-in", "{path}");
    }
    let page = browser.get("/workspace/sign-in").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has_id("sign-in") && page.has_id("sign-in-submit"));
    assert!(page.body.contains("<html lang=\"ru\">"));
    assert!(!page.has_id("sign-out"), "nobody to sign out");
    for (file, media) in [
        ("htmx.min.js", "text/javascript"),
        ("workspace.css", "text/css"),
    ] {
        let page = browser.get(&format!("/workspace/static/{file}")).await;
        assert_eq!(page.status, StatusCode::OK, "{file}");
        let content_type = page.headers[header::CONTENT_TYPE].to_str().unwrap();
        assert!(content_type.starts_with(media), "{content_type}");
        assert!(!page.body.is_empty());
    }
    for path in ["/workspace/static/secrets.txt", "/workspace/no/such/page"] {
        let page = browser.get(path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert!(page.body.contains("<h1 id=\"error\">"), "{}", page.body);
        assert!(page.body.contains("<html lang=\"ru\">"));
    }
    // The API is unchanged beside the workspace: its own 404 is JSON.
    let page = browser.get("/v1/no-such-thing").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(!page.body.contains("<h1"));
}

#[tokio::test]
async fn signed_out_every_page_leads_to_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(&dir, "signed_out").await {
        story(&url).await;
    }
}
