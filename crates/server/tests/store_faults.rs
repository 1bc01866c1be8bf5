//! What the API answers when its SQLite database is deleted, replaced or made read-only
//! under it, or holds a record changed outside Sheshim: writes fail with 503 and are never
//! acknowledged, `/healthz` says the store cannot be written while `/livez` stays up, and a
//! record that no longer passes its integrity check is a problem naming it, never a 500.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use sheshim_crypto::Keyring;
use sheshim_engine::{Intake, IntakeOptions, SystemClock};
use sheshim_server::{AppState, router};
use sheshim_store::Store;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock};
use tempfile::TempDir;
use tower::ServiceExt;

mod support;

static TRIAGE: LazyLock<Arc<sheshim_triage::Triage>> =
    LazyLock::new(|| Arc::new(sheshim_triage::Triage::seed().unwrap()));

struct App {
    router: Router,
    store: Arc<dyn Store>,
    keys: Arc<Keyring>,
    file: PathBuf,
    credentials: support::Credentials,
    _dir: TempDir,
}

async fn app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sheshim.db");
    let url = format!("sqlite://{}", file.display());
    let keys = Arc::new(Keyring::generate().unwrap());
    let (store, _) = sheshim_store::open_attached(&url, keys.clone(), chrono::Utc::now())
        .await
        .unwrap();
    let (intake, _writer) = Intake::start(
        store.clone(),
        Arc::new(SystemClock),
        IntakeOptions::default(),
    );
    let credentials = support::credentials(store.as_ref()).await;
    App {
        router: router(AppState::new(store.clone(), intake, TRIAGE.clone())),
        store,
        keys,
        file,
        credentials,
        _dir: dir,
    }
}

async fn send(app: &App, mut request: Request<Body>) -> (StatusCode, Value) {
    app.credentials.authorize(&mut request);
    let response = app.router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

async fn get(app: &App, path: &str) -> (StatusCode, Value) {
    send(app, Request::get(path).body(Body::empty()).unwrap()).await
}

async fn submit(app: &App, key: &str) -> (StatusCode, Value) {
    let body = json!({
        "text": "Во дворе не горит фонарь.",
        "channel": "web",
        "applicant": {"iin": "850115310009", "name": "Асқар Демоев"},
    });
    let request = Request::post("/v1/appeals")
        .header(header::CONTENT_TYPE, "application/json")
        .header("idempotency-key", key)
        .body(Body::from(body.to_string()))
        .unwrap();
    send(app, request).await
}

#[tokio::test]
async fn a_deleted_database_file_fails_writes_and_health_but_not_liveness() {
    let app = app().await;
    assert_eq!(submit(&app, "before").await.0, StatusCode::CREATED);
    assert_eq!(get(&app, "/healthz").await.0, StatusCode::OK);

    std::fs::remove_file(&app.file).unwrap();
    let (status, problem) = submit(&app, "after").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{problem}");
    assert_eq!(problem["type"], "urn:sheshim:problem:unavailable");
    let (status, _) = get(&app, "/healthz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(get(&app, "/livez").await.0, StatusCode::OK);
    // No empty database was started in the deleted one's place.
    assert!(!app.file.exists(), "a new database file appeared");
}

#[tokio::test]
async fn a_replaced_or_read_only_database_file_fails_writes() {
    let app = app().await;
    // Replaced: another file moved into its place.
    let other = app.file.with_extension("other");
    std::fs::write(&other, b"not this store").unwrap();
    std::fs::rename(&other, &app.file).unwrap();
    assert_eq!(
        submit(&app, "replaced").await.0,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(
        get(&app, "/healthz").await.0,
        StatusCode::SERVICE_UNAVAILABLE
    );

    let app = crate::app().await;
    let mut permissions = std::fs::metadata(&app.file).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&app.file, permissions).unwrap();
    assert_eq!(
        submit(&app, "read-only").await.0,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(
        get(&app, "/healthz").await.0,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(app.store.count_appeals().await.unwrap(), 0);
}

#[tokio::test]
async fn a_record_changed_outside_sheshim_is_a_problem_naming_it() {
    let app = app().await;
    let (status, created) = submit(&app, "one").await;
    assert_eq!(status, StatusCode::CREATED);
    let number = created["registration_number"].as_str().unwrap().to_owned();

    // Someone holding the key writes a control character into the text from outside.
    let sealed = app
        .keys
        .seal("Фонарь\u{7} не горит", &format!("appeals.text {number}"))
        .unwrap();
    let raw = sqlx::SqlitePool::connect(&format!("sqlite://{}", app.file.display()))
        .await
        .unwrap();
    sqlx::query("UPDATE appeals SET text = $1 WHERE registration_number = $2")
        .bind(&sealed)
        .bind(&number)
        .execute(&raw)
        .await
        .unwrap();
    raw.close().await;

    let (status, problem) = get(&app, &format!("/v1/appeals/{number}")).await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    assert_eq!(problem["type"], "urn:sheshim:problem:record-unreadable");
    assert!(
        problem["detail"].as_str().unwrap().contains(&number),
        "{problem}"
    );
    assert!(!problem.to_string().contains("Фонарь"), "{problem}");
}
