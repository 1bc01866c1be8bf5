//! Mass appeals and duplicates over HTTP, on SQLite and (when `SHESHIM_TEST_POSTGRES_URL` is
//! set) on PostgreSQL: three people's near-identical complaints form a group that the case,
//! the queue and `/v1/groups/{id}` show with its size and representative text; the first
//! person's repeat shows the case it repeats; only an officer or supervisor of the group's
//! agency answers it, once, with every bad request a 4xx problem.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use sheshim_domain::{Channel, Role, with_check_digit};
use sheshim_engine::Flow;
use sheshim_server::router;
use std::sync::{Arc, LazyLock};
use tower::ServiceExt;

mod support;

static TRIAGE: LazyLock<Arc<sheshim_triage::Triage>> =
    LazyLock::new(|| Arc::new(sheshim_triage::Triage::seed().unwrap()));

struct App {
    router: Router,
    flow: Flow,
    portal: String,
    officer: String,
    stranger: String,
    auditor: String,
    admin: String,
}

async fn app(url: &str) -> App {
    let (store, flow, state, _clock) = support::flow_world(url, TRIAGE.clone()).await;
    let s = store.as_ref();
    App {
        router: router(state),
        portal: support::add_client(s, "web-portal", Channel::Web, 1_000_000).await,
        officer: support::add_user(s, "aset", Role::Officer, "AKIMAT-ALA").await,
        stranger: support::add_user(s, "berik", Role::Officer, "MLSP").await,
        auditor: support::add_user(s, "dana", Role::Auditor, "AUDIT").await,
        admin: support::add_user(s, "root", Role::Admin, "AKIMAT-ALA").await,
        flow,
    }
}

impl App {
    async fn call(
        &self,
        method: Method,
        uri: &str,
        auth: (&str, &str),
        body: Option<String>,
    ) -> (StatusCode, Value) {
        let mut request = Request::builder()
            .method(method)
            .uri(uri)
            .header(auth.0, auth.1);
        if body.is_some() {
            request = request.header(header::CONTENT_TYPE, "application/json");
        }
        let body = body.map_or_else(Body::empty, Body::from);
        let response = self
            .router
            .clone()
            .oneshot(request.body(body).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    async fn get(&self, uri: &str, token: &str) -> (StatusCode, Value) {
        let bearer = format!("Bearer {token}");
        self.call(Method::GET, uri, ("authorization", &bearer), None)
            .await
    }

    async fn post(&self, uri: &str, token: &str, body: &str) -> (StatusCode, Value) {
        let bearer = format!("Bearer {token}");
        self.call(
            Method::POST,
            uri,
            ("authorization", &bearer),
            Some(body.to_owned()),
        )
        .await
    }

    async fn complain(&self, who: &str, name: &str, flat: u32) -> String {
        let iin = (0..10)
            .find_map(|last| with_check_digit(&format!("{who}{last}")))
            .unwrap();
        let text = format!(
            "Я живу в квартире {flat} дома 15 по улице Абая. В нашем доме уже третью неделю нет \
             горячей воды, управляющая компания не отвечает на звонки, дети и пожилые соседи \
             моются холодной водой. Мы обращались в КСК и в аварийную службу, ничего не \
             изменилось. Прошу принять меры."
        );
        let body = json!({
            "text": text, "kind": "complaint", "language": "ru", "agency": "AKIMAT-ALA",
            "applicant": { "iin": iin, "name": name },
        });
        let (status, view) = self
            .call(
                Method::POST,
                "/v1/appeals",
                ("x-client-key", &self.portal),
                Some(body.to_string()),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{view}");
        view["registration_number"].as_str().unwrap().to_owned()
    }
}

async fn story(a: App) {
    let first = a.complain("8501153001", "Асель Ахметова", 4).await;
    let second = a.complain("8602143002", "Ерлан Сериков", 17).await;
    let third = a.complain("8703133003", "Мария Ким", 23).await;
    let repeat = a.complain("8501153001", "Асель Ахметова", 4).await;
    while a.flow.pipeline_batch(64).await.unwrap() > 0 {}

    // The case shows its group with the size and the representative's masked text.
    let (status, case) = a.get(&format!("/v1/cases/{second}"), &a.officer).await;
    assert_eq!(status, StatusCode::OK, "{case}");
    assert_eq!(case["links"]["group"]["id"], first.as_str());
    assert_eq!(case["links"]["group"]["size"], 3);
    let representative = case["links"]["group"]["representative_text"]
        .as_str()
        .unwrap();
    assert!(representative.contains("горячей воды"), "{representative}");
    assert_eq!(case["links"]["duplicate_of"], Value::Null);
    let (_, case) = a.get(&format!("/v1/cases/{repeat}"), &a.officer).await;
    assert_eq!(case["links"]["duplicate_of"], first.as_str());
    assert_eq!(case["links"]["group"], Value::Null);

    // The queue shows the size beside each member.
    let (status, queue) = a.get("/v1/queue", &a.officer).await;
    assert_eq!(status, StatusCode::OK, "{queue}");
    for item in queue["items"].as_array().unwrap() {
        let number = item["registration_number"].as_str().unwrap();
        if number == repeat {
            assert_eq!(item["group"], Value::Null);
        } else {
            assert_eq!(item["group"]["size"], 3, "{item}");
            assert_eq!(item["group"]["id"], first.as_str());
        }
    }

    // The group itself: for its agency and auditors; another agency's officer does not find
    // it, an administrator reads no cases.
    let uri = format!("/v1/groups/{first}");
    let (status, group) = a.get(&uri, &a.officer).await;
    assert_eq!(status, StatusCode::OK, "{group}");
    assert_eq!(group["size"], 3);
    assert_eq!(group["members"], json!([first, second, third]));
    assert_eq!(group["representative_text"], representative);
    assert_eq!(a.get(&uri, &a.auditor).await.0, StatusCode::OK);
    assert_eq!(a.get(&uri, &a.stranger).await.0, StatusCode::NOT_FOUND);
    assert_eq!(a.get(&uri, &a.admin).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        a.get("/v1/groups/nonsense", &a.officer).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        a.get(&format!("/v1/groups/{repeat}"), &a.officer).await.0,
        StatusCode::NOT_FOUND
    );

    // Answering: who may, and what a bad request gets.
    let answer = format!("/v1/groups/{first}/answer");
    let good = r#"{"bodies": {"ru": "Горячая вода подана 10 марта."}}"#;
    let (status, problem) = a.post(&answer, &a.auditor, good).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{problem}");
    assert_eq!(
        a.post(&answer, &a.stranger, good).await.0,
        StatusCode::NOT_FOUND
    );
    for bad in [
        r#"{"bodies": {"xx": "Ответ"}}"#,
        r#"{"bodies": {}}"#,
        r#"{"bodies": {"kk": "Жауап"}}"#,
        r#"{"bodies": {"ru": "   "}}"#,
        r#"{"bodies": {"ru": "Ответ"}, "extra": 1}"#,
        r#"{"bodies": "Ответ"}"#,
    ] {
        let (status, problem) = a.post(&answer, &a.officer, bad).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {problem}");
        assert!(problem["errors"].is_array(), "{problem}");
    }
    let bearer = format!("Bearer {}", a.officer);
    let unsent = Request::builder()
        .method(Method::POST)
        .uri(&answer)
        .header("authorization", bearer)
        .body(Body::from(good))
        .unwrap();
    let response = a.router.clone().oneshot(unsent).await.unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let (status, answered) = a.post(&answer, &a.officer, good).await;
    assert_eq!(status, StatusCode::OK, "{answered}");
    assert_eq!(answered["answered"], json!([first, second, third]));
    assert_eq!(answered["skipped"], json!([]));
    for number in [&first, &second, &third] {
        let (_, case) = a.get(&format!("/v1/cases/{number}"), &a.officer).await;
        assert_eq!(case["status"], "decided");
        let text = case["record"]["issued"]["text"].as_str().unwrap();
        assert!(text.contains(number.as_str()), "{text}");
        assert!(
            case["history"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["action"] == "case.group_answered"),
            "{case}"
        );
    }
    let (_, case) = a.get(&format!("/v1/cases/{repeat}"), &a.officer).await;
    assert_eq!(
        case["status"], "in_review",
        "the repeat is not answered twice"
    );
}

#[tokio::test]
async fn groups_over_http() {
    let dir = tempfile::tempdir().unwrap();
    for url in support::databases(&dir, "groups").await {
        story(app(&url).await).await;
    }
}
