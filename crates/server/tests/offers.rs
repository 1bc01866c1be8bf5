//! Proactive offers over HTTP: the person an offer was made to accepts it with the offer's
//! access code and gets an application registered through the intake, which the pipeline
//! decides like any other and the person reads with the application's own code; accepted,
//! declined and expired offers are kept and cannot be accepted (again); a wrong code is the
//! same 404 as an unknown offer; and the routes are in the OpenAPI document with every
//! answer.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{Duration, NaiveDate, Utc};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use sheshim_domain::{Iin, ServiceCode, with_check_digit};
use sheshim_engine::{
    Clock, Flow, Intake, IntakeOptions, MadeOffer, OfferDraft, SystemClock, write_offers,
};
use sheshim_registry::{Child, Fact, PersonFacts};
use sheshim_server::{AppState, router};
use sheshim_store::{OfferId, OfferStatus, Store, StoreRegistry};
use std::sync::Arc;
use tower::ServiceExt;

fn iin(first10: &str) -> Iin {
    let text = (0..10)
        .find_map(|last| with_check_digit(&format!("{first10}{last}")))
        .unwrap();
    Iin::parse(&text).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A resident mother of four children under 18, as the registry holds her.
fn mother_of_four() -> PersonFacts {
    let fact = |value| Fact {
        value,
        source: "test-registry".to_owned(),
        as_of: date(2026, 1, 1),
    };
    PersonFacts {
        birth_date: Fact {
            value: date(1988, 6, 1),
            source: "test-registry".to_owned(),
            as_of: date(2026, 1, 1),
        },
        sex: Fact {
            value: "F".to_owned(),
            source: "test-registry".to_owned(),
            as_of: date(2026, 1, 1),
        },
        residence: None,
        citizen: Some(fact(true)),
        permanent_resident: Some(fact(true)),
        children: Some(Fact {
            value: (1..=4)
                .map(|order| Child {
                    birth_date: date(2012 + 2 * order as i32, 3, 1),
                    birth_order: order,
                })
                .collect(),
            source: "test-registry".to_owned(),
            as_of: date(2026, 1, 1),
        }),
        household: None,
        monthly_income: None,
        disability_group: None,
        employed: None,
    }
}

struct App {
    router: Router,
    store: Arc<dyn Store>,
    flow: Flow,
    _dir: tempfile::TempDir,
}

async fn app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("sheshim.db").display());
    let keys = Arc::new(sheshim_crypto::Keyring::generate().unwrap());
    let (store, _) = sheshim_store::open_attached(&url, keys, Utc::now())
        .await
        .unwrap();
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let (intake, _writer) = Intake::start(store.clone(), clock.clone(), IntakeOptions::default());
    let catalogue = Arc::new(
        sheshim_services::Catalogue::load(std::path::Path::new("../../services")).unwrap(),
    );
    let triage = Arc::new(sheshim_triage::Triage::seed().unwrap());
    let flow = Flow::new(
        store.clone(),
        catalogue,
        Arc::new(StoreRegistry(store.clone())),
        triage.clone(),
        clock,
        intake.clone(),
        "seed".to_owned(),
    );
    let state = AppState::new(store.clone(), intake, triage).with_flow(flow.clone());
    App {
        router: router(state),
        store,
        flow,
        _dir: dir,
    }
}

/// Offers the large-family allowance to the person with this IIN prefix, open for `days`.
async fn offer_to(app: &App, who: &str, days: i64) -> MadeOffer {
    let person = iin(who);
    app.store
        .put_registry_person(&person, &mother_of_four(), "test", Utc::now())
        .await
        .unwrap();
    let draft = OfferDraft {
        service: ServiceCode::parse("large-family-allowance").unwrap(),
        iin: person,
        facts: json!({ "Children under 18": 4, "Permanent resident": true }),
        claims: json!({ "children_under_18": 4 }),
        amount_tiyn: None,
        as_of: date(2026, 1, 1),
    };
    let mut made = write_offers(
        app.store.as_ref(),
        vec![draft],
        "2026-12",
        Duration::days(days),
        "test",
        Utc::now(),
    )
    .await
    .unwrap();
    made.pop().unwrap().unwrap()
}

async fn send(app: &App, request: Request<Body>) -> (StatusCode, Value) {
    let response = app.router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn post(path: &str, code: Option<&str>, body: Option<Value>) -> Request<Body> {
    let mut request = Request::post(path);
    if let Some(code) = code {
        request = request.header("access-code", code);
    }
    match body {
        Some(body) => request
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
        None => request.body(Body::empty()).unwrap(),
    }
}

fn accept(offer: &MadeOffer, code: Option<&str>) -> Request<Body> {
    post(
        &format!("/v1/offers/{}/accept", offer.id.as_str()),
        code,
        Some(json!({ "name": "Айгерим Серикова", "language": "ru" })),
    )
}

#[tokio::test]
async fn an_accepted_offer_becomes_an_application_the_pipeline_decides() {
    let app = app().await;
    let offer = offer_to(&app, "8806014001", 30).await;
    let code = offer.code.display_form();

    // No code, a wrong code, an unknown or malformed id.
    assert_eq!(
        send(&app, accept(&offer, None)).await.0,
        StatusCode::UNAUTHORIZED
    );
    let other = offer_to(&app, "8806014002", 30).await;
    let wrong = other.code.display_form();
    assert_eq!(
        send(&app, accept(&offer, Some(&wrong))).await.0,
        StatusCode::NOT_FOUND
    );
    let unknown = MadeOffer {
        id: OfferId::from_random([7; 16]),
        code: offer.code.clone(),
    };
    assert_eq!(
        send(&app, accept(&unknown, Some(&code))).await.0,
        StatusCode::NOT_FOUND
    );
    let malformed = post(
        "/v1/offers/not-an-id/accept",
        Some(&code),
        Some(json!({"name": "A"})),
    );
    assert_eq!(send(&app, malformed).await.0, StatusCode::NOT_FOUND);
    // A body without a name, or not JSON.
    let nameless = post(
        &format!("/v1/offers/{}/accept", offer.id.as_str()),
        Some(&code),
        Some(json!({ "language": "ru" })),
    );
    let (status, problem) = send(&app, nameless).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "name");
    let bare = post(
        &format!("/v1/offers/{}/accept", offer.id.as_str()),
        Some(&code),
        None,
    );
    assert_eq!(send(&app, bare).await.0, StatusCode::UNSUPPORTED_MEDIA_TYPE);

    // Accepted: an application of the egov channel with its own access code.
    let (status, body) = send(&app, accept(&offer, Some(&code))).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["channel"], "egov");
    let number = body["registration_number"].as_str().unwrap().to_owned();
    let application_code = body["access_code"].as_str().unwrap().to_owned();
    let stored = app.store.offer(&offer.id).await.unwrap().unwrap();
    assert_eq!(stored.status, OfferStatus::Accepted);
    assert_eq!(
        stored.registration_number.as_ref().map(|n| n.as_str()),
        Some(number.as_str())
    );

    // The pipeline decides it like any other: the registry confirms the claims.
    while app.flow.pipeline_batch(16).await.unwrap() > 0 {}
    let number_parsed = sheshim_domain::RegistrationNumber::parse(&number).unwrap();
    let case = app.store.case(&number_parsed).await.unwrap().unwrap();
    assert_eq!(
        case.service.as_ref().map(|s| s.as_str()),
        Some("large-family-allowance")
    );
    assert_eq!(case.outcome.as_deref(), Some("granted"));
    let read = Request::get(format!("/v1/appeals/{number}"))
        .header("access-code", &application_code)
        .body(Body::empty())
        .unwrap();
    let (status, view) = send(&app, read).await;
    assert_eq!(status, StatusCode::OK, "{view}");

    // Accepted offers stay accepted: neither accepted again nor declined.
    let (status, problem) = send(&app, accept(&offer, Some(&code))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(problem["detail"].as_str().unwrap().contains("accepted"));
    let decline = post(
        &format!("/v1/offers/{}/decline", offer.id.as_str()),
        Some(&code),
        None,
    );
    assert_eq!(send(&app, decline).await.0, StatusCode::CONFLICT);
    let history = app
        .store
        .history(&format!("offer:{}", offer.id.as_str()))
        .await
        .unwrap();
    let actions: Vec<&str> = history.iter().map(|e| e.entry.action.as_str()).collect();
    assert_eq!(actions, ["offer.accepted", "offer.registered"]);
}

#[tokio::test]
async fn declined_and_expired_offers_are_kept_and_cannot_be_accepted() {
    let app = app().await;
    let declined = offer_to(&app, "8806014003", 30).await;
    let code = declined.code.display_form();
    let path = format!("/v1/offers/{}/decline", declined.id.as_str());
    let (status, body) = send(&app, post(&path, Some(&code), None)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "declined");
    assert_eq!(
        send(&app, accept(&declined, Some(&code))).await.0,
        StatusCode::CONFLICT
    );
    assert_eq!(
        send(&app, post(&path, Some(&code), None)).await.0,
        StatusCode::CONFLICT
    );
    let kept = app.store.offer(&declined.id).await.unwrap().unwrap();
    assert_eq!(kept.status, OfferStatus::Declined);

    let lapsed = offer_to(&app, "8806014004", -1).await;
    let (status, problem) = send(&app, accept(&lapsed, Some(&lapsed.code.display_form()))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(problem["detail"].as_str().unwrap().contains("expired"));
    let kept = app.store.offer(&lapsed.id).await.unwrap().unwrap();
    assert_eq!(
        (kept.status, kept.registration_number),
        (OfferStatus::Expired, None)
    );
    assert_eq!(app.store.count_appeals().await.unwrap(), 0);
}

#[tokio::test]
async fn the_offer_routes_are_documented_with_every_answer() {
    let app = app().await;
    let (status, document) = send(
        &app,
        Request::get("/openapi.json").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let accept = &document["paths"]["/v1/offers/{id}/accept"]["post"]["responses"];
    for code in [
        "201", "400", "401", "404", "409", "413", "415", "422", "503",
    ] {
        assert!(accept.get(code).is_some(), "accept lacks {code}");
    }
    let decline = &document["paths"]["/v1/offers/{id}/decline"]["post"]["responses"];
    for code in ["200", "401", "404", "409", "503"] {
        assert!(decline.get(code).is_some(), "decline lacks {code}");
    }
}
