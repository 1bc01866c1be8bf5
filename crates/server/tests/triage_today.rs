//! `POST /v1/triage` without a date of receipt takes today from the server's clock, as the
//! Kazakhstan date, and reads Kazakh in every Latin spelling as it reads Cyrillic.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{DateTime, Utc};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use sheshim_engine::{FixedClock, Intake, IntakeOptions};
use sheshim_server::{AppState, router};
use std::sync::{Arc, LazyLock};
use tempfile::TempDir;
use tower::ServiceExt;

static TRIAGE: LazyLock<Arc<sheshim_triage::Triage>> =
    LazyLock::new(|| Arc::new(sheshim_triage::Triage::seed().unwrap()));

/// The heating appeal of issue 9: no heating for three days, sick children.
const HEATING: &str = "Үш күн бойы жылу жоқ, балалар ауырып жатыр";

/// A router whose clock is stopped at `now` (UTC).
async fn app_at(now: &str) -> (Router, TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("sheshim.db").display());
    let keys = Arc::new(sheshim_crypto::Keyring::generate().unwrap());
    let (store, _) = sheshim_store::open_attached(&url, keys, Utc::now())
        .await
        .unwrap();
    let clock = Arc::new(FixedClock(now.parse::<DateTime<Utc>>().unwrap()));
    let (intake, _writer) = Intake::start(store.clone(), clock.clone(), IntakeOptions::default());
    let state = AppState::new(store, intake, TRIAGE.clone()).with_clock(clock);
    (router(state), dir)
}

/// Triages `text` with no date of receipt and returns the answer.
async fn triage(router: &Router, text: &str) -> Value {
    let request = Request::post("/v1/triage")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({ "text": text }).to_string()))
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    serde_json::from_slice(&bytes).unwrap()
}

#[tokio::test]
async fn today_is_the_kazakhstan_date_of_the_servers_clock() {
    // 19:30 UTC on 14 October is 00:30 on 15 October in Kazakhstan (UTC+5): the heating
    // season has begun there, though the UTC date is still the 14th.
    let (router, _dir) = app_at("2025-10-14T19:30:00Z").await;
    let answer = triage(&router, HEATING).await;
    assert_eq!(answer["urgency"]["value"], "immediate", "{answer}");
    // An hour earlier it is still the 14th in Kazakhstan too: out of season, high.
    let (router, _dir) = app_at("2025-10-14T18:30:00Z").await;
    let answer = triage(&router, HEATING).await;
    assert_eq!(answer["urgency"]["value"], "high", "{answer}");
}

#[tokio::test]
async fn every_latin_spelling_is_triaged_as_cyrillic() {
    let (router, _dir) = app_at("2025-12-10T06:00:00Z").await;
    let cyrillic = triage(&router, HEATING).await;
    assert_eq!(cyrillic["urgency"]["value"], "immediate");
    for latin in [
        "Üş kün boiy jylu joq, balalar auyryp jatyr",
        "Úsh kún boıy jylý joq, balalar aýyryp jatyr",
        "Ush kun boiy zhylu zhok, balalar auyryp zhatyr",
    ] {
        let answer = triage(&router, latin).await;
        assert_eq!(answer["urgency"], cyrillic["urgency"], "{latin}");
        // The citizen's own text is what comes back.
        assert_eq!(answer["masked_text"], latin);
    }
}
