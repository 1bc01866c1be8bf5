//! Who may call what: channel clients submit (with their key, at their rate, on their
//! channel), officials read their own agency's appeals (auditors all, administrators none),
//! and a citizen reads their appeal with the access code its registration returned — while
//! anyone else learns nothing, not even whether a number exists.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use sheshim_domain::{Channel, Role};
use sheshim_engine::{Intake, IntakeOptions, SystemClock};
use sheshim_server::{AppState, router};
use sheshim_store::Store;
use std::sync::{Arc, LazyLock};
use tempfile::TempDir;
use tower::ServiceExt;

mod support;

static TRIAGE: LazyLock<Arc<sheshim_triage::Triage>> =
    LazyLock::new(|| Arc::new(sheshim_triage::Triage::seed().unwrap()));

struct App {
    router: Router,
    store: Arc<dyn Store>,
    /// The eGov portal's key (channel egov).
    egov_key: String,
    /// Officers of two agencies and an administrator.
    almaty: String,
    astana: String,
    /// The test portal (channel web) and the auditor.
    credentials: support::Credentials,
    admin: String,
    _dir: TempDir,
}

async fn app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("sheshim.db").display());
    let keys = Arc::new(sheshim_crypto::Keyring::generate().unwrap());
    let (store, _) = sheshim_store::open_attached(&url, keys, chrono::Utc::now())
        .await
        .unwrap();
    let (intake, _writer) = Intake::start(
        store.clone(),
        Arc::new(SystemClock),
        IntakeOptions::default(),
    );
    let credentials = support::credentials(store.as_ref()).await;
    let egov_key = support::add_client(store.as_ref(), "egov", Channel::Egov, 1000).await;
    let almaty = support::add_user(
        store.as_ref(),
        "almaty.officer",
        Role::Officer,
        "AKIMAT-ALA",
    )
    .await;
    let astana = support::add_user(
        store.as_ref(),
        "astana.officer",
        Role::Supervisor,
        "AKIMAT-AST",
    )
    .await;
    let admin = support::add_user(store.as_ref(), "root", Role::Admin, "AKIMAT-ALA").await;
    App {
        router: router(AppState::new(store.clone(), intake, TRIAGE.clone())),
        store,
        egov_key,
        almaty,
        astana,
        credentials,
        admin,
        _dir: dir,
    }
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Value,
}

async fn send(app: &App, request: Request<Body>) -> Reply {
    let response = app.router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        headers,
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    }
}

fn appeal(agency: &str) -> Value {
    json!({
        "text": "Прошу отремонтировать дорогу у школы.",
        "applicant": {"iin": "850115310009", "name": "Асқар Демоев"},
        "agency": agency,
    })
}

fn submission(body: &Value, key: Option<&str>) -> Request<Body> {
    let mut request = Request::post("/v1/appeals").header(header::CONTENT_TYPE, "application/json");
    if let Some(key) = key {
        request = request.header("x-client-key", key);
    }
    request.body(Body::from(body.to_string())).unwrap()
}

async fn submit(app: &App, agency: &str) -> Value {
    let reply = send(app, submission(&appeal(agency), Some(&app.egov_key))).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    reply.body
}

fn read(uri: &str, token: Option<&str>, code: Option<&str>) -> Request<Body> {
    let mut request = Request::get(uri);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    if let Some(code) = code {
        request = request.header("access-code", code);
    }
    request.body(Body::empty()).unwrap()
}

fn numbers(page: &Value) -> Vec<&str> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["registration_number"].as_str().unwrap())
        .collect()
}

#[track_caller]
fn assert_problem(reply: &Reply, status: StatusCode) {
    assert_eq!(reply.status, status, "{}", reply.body);
    assert_eq!(
        reply.headers.get(header::CONTENT_TYPE).unwrap(),
        "application/problem+json"
    );
}

#[tokio::test]
async fn submitting_needs_a_valid_client_key_and_records_its_channel_and_name() {
    let app = app().await;
    for key in [None, Some("shk_not-a-key"), Some("")] {
        let reply = send(&app, submission(&appeal("AKIMAT-ALA"), key)).await;
        assert_problem(&reply, StatusCode::UNAUTHORIZED);
        assert!(reply.headers.contains_key(header::WWW_AUTHENTICATE));
    }
    // An official's token is not a client key.
    let reply = send(&app, submission(&appeal("AKIMAT-ALA"), Some(&app.almaty))).await;
    assert_problem(&reply, StatusCode::UNAUTHORIZED);
    assert_eq!(app.store.count_appeals().await.unwrap(), 0);

    let created = submit(&app, "AKIMAT-ALA").await;
    assert_eq!(created["channel"], "egov");
    let code = created["access_code"].as_str().unwrap();
    assert!(sheshim_crypto::AccessCode::parse(code).is_ok(), "{code}");
    // Another channel in the body is refused, by name.
    let mut web = appeal("AKIMAT-ALA");
    web["channel"] = json!("web");
    let reply = send(&app, submission(&web, Some(&app.egov_key))).await;
    assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.body["errors"][0]["field"], "channel");
    // Each client's appeals arrive by its own channel.
    let mut request = submission(&appeal("AKIMAT-ALA"), None);
    app.credentials.authorize(&mut request);
    let reply = send(&app, request).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(reply.body["channel"], "web");
    // The audit log names the client, not the citizen.
    let entries = app.store.audit_entries(0, 100).await.unwrap();
    let registered = entries
        .iter()
        .find(|e| e.entry.action == "appeal.registered")
        .unwrap();
    assert_eq!(registered.entry.actor, "client:egov");
}

#[tokio::test]
async fn a_client_over_its_rate_is_told_when_to_retry() {
    let app = app().await;
    let slow = support::add_client(app.store.as_ref(), "kiosk", Channel::InPerson, 2).await;
    for _ in 0..2 {
        let reply = send(&app, submission(&appeal("AKIMAT-ALA"), Some(&slow))).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        assert_eq!(reply.body["channel"], "in_person");
    }
    let reply = send(&app, submission(&appeal("AKIMAT-ALA"), Some(&slow))).await;
    assert_problem(&reply, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = reply.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=30).contains(&wait), "{wait}");
    // Another client's rate is its own.
    submit(&app, "AKIMAT-ALA").await;
    assert_eq!(app.store.count_appeals().await.unwrap(), 3);
}

#[tokio::test]
async fn listing_needs_a_token_and_shows_the_callers_agency_only() {
    let app = app().await;
    let ala = submit(&app, "AKIMAT-ALA").await["registration_number"].clone();
    let ast = submit(&app, "AKIMAT-AST").await["registration_number"].clone();
    let none = send(
        &app,
        submission(
            &json!({"text": "Без адресата.", "applicant": {"iin": "850115310009", "name": "Асқар"}}),
            Some(&app.egov_key),
        ),
    )
    .await
    .body["registration_number"]
        .clone();

    for token in [None, Some("sht_unknown")] {
        let reply = send(&app, read("/v1/appeals", token, None)).await;
        assert_problem(&reply, StatusCode::UNAUTHORIZED);
        assert_eq!(reply.headers[header::WWW_AUTHENTICATE], "Bearer");
    }
    let reply = send(
        &app,
        Request::get("/v1/appeals")
            .header(header::AUTHORIZATION, format!("Basic {}", app.almaty))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_problem(&reply, StatusCode::UNAUTHORIZED);
    // A client key does not read.
    let reply = send(
        &app,
        Request::get("/v1/appeals")
            .header("x-client-key", &app.egov_key)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_problem(&reply, StatusCode::UNAUTHORIZED);

    let page = send(&app, read("/v1/appeals", Some(&app.almaty), None))
        .await
        .body;
    assert_eq!(numbers(&page), [ala.as_str().unwrap()]);
    let page = send(&app, read("/v1/appeals", Some(&app.astana), None))
        .await
        .body;
    assert_eq!(numbers(&page), [ast.as_str().unwrap()]);
    // Asking for another agency finds nothing; asking for one's own is the same as not asking.
    let reply = send(
        &app,
        read("/v1/appeals?agency=AKIMAT-AST", Some(&app.almaty), None),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(numbers(&reply.body).is_empty());
    let page = send(
        &app,
        read("/v1/appeals?agency=akimat-ala", Some(&app.almaty), None),
    )
    .await;
    assert_eq!(numbers(&page.body), [ala.as_str().unwrap()]);
    // The auditor reads every agency's, and the appeal addressed to none.
    let page = send(
        &app,
        read("/v1/appeals", Some(&app.credentials.auditor_token), None),
    )
    .await
    .body;
    let mut all = numbers(&page);
    all.sort_unstable();
    assert_eq!(
        all,
        [
            ala.as_str().unwrap(),
            ast.as_str().unwrap(),
            none.as_str().unwrap()
        ]
    );
    // An administrator manages accounts and reads no case.
    let reply = send(&app, read("/v1/appeals", Some(&app.admin), None)).await;
    assert_problem(&reply, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_official_reads_their_agencys_appeal_and_another_agencys_is_not_found() {
    let app = app().await;
    let created = submit(&app, "AKIMAT-ALA").await;
    let uri = format!(
        "/v1/appeals/{}",
        created["registration_number"].as_str().unwrap()
    );

    let reply = send(&app, read(&uri, Some(&app.almaty), None)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.body["channel"], "egov");
    assert_eq!(reply.body["agency"], "AKIMAT-ALA");
    assert!(reply.body.get("access_code").is_none());
    let reply = send(&app, read(&uri, Some(&app.credentials.auditor_token), None)).await;
    assert_eq!(reply.status, StatusCode::OK);

    // Another agency's appeal and an unknown number look the same.
    let other = send(&app, read(&uri, Some(&app.astana), None)).await;
    assert_problem(&other, StatusCode::NOT_FOUND);
    let unknown = send(
        &app,
        read("/v1/appeals/SH-2026-0999999", Some(&app.astana), None),
    )
    .await;
    assert_eq!(other.body, unknown.body);

    let reply = send(&app, read(&uri, None, None)).await;
    assert_problem(&reply, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.headers[header::WWW_AUTHENTICATE], "Bearer");
    let reply = send(&app, read(&uri, Some(&app.admin), None)).await;
    assert_problem(&reply, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_citizen_reads_status_and_clocks_with_the_access_code_only() {
    let app = app().await;
    let created = submit(&app, "AKIMAT-ALA").await;
    let number = created["registration_number"].as_str().unwrap();
    let code = created["access_code"].as_str().unwrap();
    let uri = format!("/v1/appeals/{number}");

    for typed in [code.to_owned(), code.to_lowercase(), code.replace('-', "")] {
        let reply = send(&app, read(&uri, None, Some(&typed))).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(
            reply.body,
            json!({
                "registration_number": number,
                "kind": "application",
                "kind_name": "заявление",
                "language": "ru",
                "status": "registered",
                "registered_on": created["registered_on"],
                "deadline": created["deadline"],
                "answer": null,
            })
        );
    }

    // A wrong code, a malformed one, another appeal's and an unknown number: one answer.
    let second = submit(&app, "AKIMAT-ALA").await;
    let second_code = second["access_code"].as_str().unwrap();
    let wrong = send(&app, read(&uri, None, Some("2222-2222-2222"))).await;
    assert_problem(&wrong, StatusCode::NOT_FOUND);
    for (uri, code) in [
        (uri.as_str(), "not a code"),
        (uri.as_str(), second_code),
        ("/v1/appeals/SH-2026-0999999", code),
        ("/v1/appeals/not-a-number", code),
    ] {
        let reply = send(&app, read(uri, None, Some(code))).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri} {code}");
        assert_eq!(reply.body, wrong.body, "{uri} {code}");
    }
}

#[tokio::test]
async fn a_replay_shows_no_access_code_and_the_first_one_still_opens_the_appeal() {
    let app = app().await;
    let request = || {
        Request::post("/v1/appeals")
            .header(header::CONTENT_TYPE, "application/json")
            .header("x-client-key", &app.egov_key)
            .header("idempotency-key", "portal-42")
            .body(Body::from(appeal("AKIMAT-ALA").to_string()))
            .unwrap()
    };
    let first = send(&app, request()).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let code = first.body["access_code"].as_str().unwrap().to_owned();
    let replay = send(&app, request()).await;
    assert_eq!(replay.status, StatusCode::CREATED);
    assert_eq!(replay.headers["idempotent-replayed"], "true");
    assert!(replay.body.get("access_code").is_none(), "{}", replay.body);
    let uri = format!(
        "/v1/appeals/{}",
        first.body["registration_number"].as_str().unwrap()
    );
    let reply = send(&app, read(&uri, None, Some(&code))).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
}

#[tokio::test]
async fn the_openapi_document_declares_who_may_call_what() {
    let app = app().await;
    let doc = send(&app, read("/openapi.json", None, None)).await.body;
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["bearer"]["scheme"], "bearer");
    assert_eq!(schemes["client_key"]["name"], "X-Client-Key");
    assert_eq!(schemes["access_code"]["name"], "Access-Code");
    let appeals = &doc["paths"]["/v1/appeals"];
    assert_eq!(appeals["post"]["security"], json!([{"client_key": []}]));
    assert_eq!(appeals["get"]["security"], json!([{"bearer": []}]));
    assert_eq!(
        doc["paths"]["/v1/appeals/{registration_number}"]["get"]["security"],
        json!([{"bearer": []}, {"access_code": []}])
    );
    for (path, method, status) in [
        ("/v1/appeals", "post", "401"),
        ("/v1/appeals", "post", "429"),
        ("/v1/appeals", "get", "401"),
        ("/v1/appeals", "get", "403"),
        ("/v1/appeals/{registration_number}", "get", "401"),
    ] {
        assert!(
            doc["paths"][path][method]["responses"][status].is_object(),
            "{method} {path} {status}"
        );
    }
}
