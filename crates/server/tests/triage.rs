//! `POST /v1/triage` through the whole router (`oneshot`): what triage answers, and how it
//! refuses bodies it cannot use. No answer may repeat the personal data it found.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use sheshim_engine::{Intake, IntakeOptions, SystemClock};
use sheshim_server::{AppState, router};
use std::sync::{Arc, LazyLock};
use tempfile::TempDir;
use tower::ServiceExt;

static TRIAGE: LazyLock<Arc<sheshim_triage::Triage>> =
    LazyLock::new(|| Arc::new(sheshim_triage::Triage::seed().unwrap()));

async fn app() -> (Router, TempDir) {
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
    (router(AppState::new(store, intake, TRIAGE.clone())), dir)
}

async fn post(
    router: &Router,
    content_type: &str,
    body: impl Into<Body>,
) -> (StatusCode, String, Value) {
    let request = Request::post("/v1/triage")
        .header(header::CONTENT_TYPE, content_type)
        .body(body.into())
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let media_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, media_type, value)
}

async fn post_json(router: &Router, body: &Value) -> (StatusCode, String, Value) {
    post(router, "application/json", body.to_string()).await
}

/// The fields a 422 problem names.
fn named_fields(problem: &Value) -> Vec<&str> {
    problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn triage_masks_personal_data_and_answers_every_part() {
    let (router, _dir) = app().await;
    let iin = sheshim_domain::with_check_digit("88010130001").unwrap();
    let text = format!(
        "Здравствуйте, мой ИИН {iin}, телефон +7 701 765 43 21. В нашем доме третий день нет \
         отопления, в квартире маленькие дети. Просим срочно принять меры."
    );
    let (status, media_type, view) =
        post_json(&router, &json!({"text": text, "received_on": "2026-01-15"})).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(media_type, "application/json");
    let shown = view.to_string();
    assert!(
        !shown.contains(&iin) && !shown.contains("765 43 21"),
        "{shown}"
    );
    assert_eq!(view["language"]["value"], "ru");
    assert_eq!(view["script"]["value"], "cyrillic");
    assert!(view["masked_text"].as_str().unwrap().contains("[IIN]"));
    let kinds: Vec<&str> = view["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"IIN") && kinds.contains(&"PHONE"),
        "{kinds:?}"
    );
    // Findings point into the submitted text.
    let first = &view["findings"][0];
    let span =
        &text[first["start"].as_u64().unwrap() as usize..first["end"].as_u64().unwrap() as usize];
    assert_eq!(span, iin);
    // A heating outage in January with small children: the winter rule makes it immediate.
    assert_eq!(view["urgency"]["value"], "immediate");
    assert!(
        view["urgency"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "utility_outage_in_winter")
    );
    assert!(view["urgency"]["model"].is_null());
    for part in ["kind", "topic", "agency"] {
        let confidence = view[part]["confidence"].as_f64().unwrap();
        assert!(
            confidence > 0.0 && confidence <= 1.0,
            "{part}: {confidence}"
        );
        assert!(!view[part]["value"].as_str().unwrap().is_empty());
    }
}

#[tokio::test]
async fn bad_triage_requests_are_named_problems() {
    let (router, _dir) = app().await;
    for (body, field) in [
        (json!({}), "text"),
        (json!({"text": "   "}), "text"),
        (json!({"text": "а".repeat(20_001)}), "text"),
        (json!({"text": "12345 678"}), "text"),
        (json!({"text": 5}), "text"),
        (
            json!({"text": "Прошу помочь", "received_on": "2026-02-30"}),
            "received_on",
        ),
        (json!({"text": "Прошу помочь", "colour": "red"}), "body"),
    ] {
        let (status, media_type, problem) = post_json(&router, &body).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {problem}"
        );
        assert_eq!(media_type, "application/problem+json");
        assert_eq!(named_fields(&problem), [field], "{problem}");
    }
    let (status, _, _) = post(&router, "application/json", "{\"text\": ").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _, _) = post(&router, "application/json", b"\xff\xfe".to_vec()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _, _) = post(&router, "application/json", "[\"text\"]").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _, _) = post(&router, "text/plain", "Прошу помочь").await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn any_text_with_a_letter_of_the_documented_ranges_is_triaged() {
    // The request schema promises that a text with one Latin or Cyrillic letter is
    // accepted: one letter from each edge of its ranges.
    let (router, _dir) = app().await;
    for text in [
        "a", "Z", "  À  ", "ø", "ɏ", "Ѐ", "ҁ", "Ҋ", "ԯ", "Ḁ", "ỿ", "42 ң 7",
    ] {
        let (status, _, view) = post_json(&router, &json!({ "text": text })).await;
        assert_eq!(status, StatusCode::OK, "{text:?}: {view}");
    }
}

#[tokio::test]
async fn triage_is_in_the_openapi_document() {
    let (router, _dir) = app().await;
    let request = Request::get("/openapi.json").body(Body::empty()).unwrap();
    let response = router.oneshot(request).await.unwrap();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let document: Value = serde_json::from_slice(&bytes).unwrap();
    assert!(document["paths"]["/v1/triage"]["post"].is_object());
    assert!(document["components"]["schemas"]["TriageView"].is_object());
}

#[tokio::test]
async fn kazakh_in_latin_letters_is_read_and_its_spelling_named() {
    let (router, _dir) = app().await;
    // The heating appeal of issue 9, typed on a phone without diacritics, in December.
    let body = json!({
        "text": "Ush kun boiy zhylu zhok, balalar auyryp zhatyr. Komektesinizshi!",
        "received_on": "2026-12-10",
    });
    let (status, _, answer) = post_json(&router, &body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["language"]["value"], "kk", "{answer}");
    assert_eq!(answer["spelling"], "latin-informal", "{answer}");
    assert_eq!(answer["urgency"]["value"], "immediate", "{answer}");
    // The citizen's own text comes back, not the Cyrillic reading.
    assert!(
        answer["masked_text"]
            .as_str()
            .unwrap()
            .starts_with("Ush kun"),
        "{answer}"
    );

    let (_, _, cyrillic) = post_json(
        &router,
        &json!({"text": "Үш күн бойы жылу жоқ, балалар ауырып жатыр.", "received_on": "2026-12-10"}),
    )
    .await;
    assert_eq!(cyrillic["spelling"], Value::Null, "{cyrillic}");
}
