//! Handler tests: each test builds the whole router over a fresh SQLite file and drives it
//! with `oneshot` requests, checking status, headers and body.
//!
//! Every response goes through [`send`], which also checks that no body ever contains the
//! applicant's IIN, name, e-mail or phone (nor the invalid IIN the validation tests submit).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use chrono::{DateTime, TimeZone, Utc};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use sheshim_engine::{Clock, FixedClock, Intake, IntakeOptions, SystemClock};
use sheshim_server::{AppState, Limits, MAX_BODY_BYTES, MAX_HEADER_FIELDS, MAX_URI_BYTES, router};
use sheshim_store::Store;
use std::sync::{Arc, LazyLock, Mutex};
use support::Credentials;
use tempfile::TempDir;
use tower::ServiceExt;

mod support;

// ---------------------------------------------------------------------------------------------
// Personal data used by the tests, and the check that it never leaves in a response.
// ---------------------------------------------------------------------------------------------

/// A valid IIN: born 1988-01-01, a man born in the 1900s, the first serial with a check digit.
static IIN: LazyLock<String> = LazyLock::new(|| {
    (0..10_000u32)
        .find_map(|serial| sheshim_domain::with_check_digit(&format!("8801013{serial:04}")))
        .expect("some serial has a check digit")
});

/// Twelve digits that fail the checksum: the valid IIN with another last digit.
static BAD_IIN: LazyLock<String> = LazyLock::new(|| {
    let mut bad = IIN.clone();
    let last = bad.pop().unwrap().to_digit(10).unwrap();
    bad.push(char::from_digit((last + 1) % 10, 10).unwrap());
    bad
});

const NAME: &str = "Айгерим Сериковна Жумабекова";
const EMAIL: &str = "aigerim.zhumabekova@example.kz";
const PHONE_DIGITS: &str = "7017654321";

fn assert_no_personal_data(body: &[u8]) {
    let text = String::from_utf8_lossy(body);
    for secret in [IIN.as_str(), BAD_IIN.as_str(), NAME, EMAIL, PHONE_DIGITS] {
        assert!(
            !text.contains(secret),
            "a response body contains personal data: {text}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The application under test.
// ---------------------------------------------------------------------------------------------

/// The seed triage models, trained once for all tests of this binary.
static TRIAGE: LazyLock<Arc<sheshim_triage::Triage>> =
    LazyLock::new(|| Arc::new(sheshim_triage::Triage::seed().unwrap()));

/// A clock the test can move between requests.
struct SettableClock(Mutex<DateTime<Utc>>);

impl SettableClock {
    fn set(&self, now: DateTime<Utc>) {
        *self.0.lock().unwrap() = now;
    }
}

impl Clock for SettableClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

struct App {
    router: Router,
    store: Arc<dyn Store>,
    /// Sent with every request that carries no credentials of its own.
    credentials: Credentials,
    _dir: TempDir,
}

/// A 201 body without its access code (random, and absent from a replay or a read).
fn without_code(mut body: Value) -> Value {
    let code = body
        .as_object_mut()
        .unwrap()
        .remove("access_code")
        .expect("a new registration shows its access code");
    let code = code.as_str().unwrap();
    assert!(sheshim_crypto::AccessCode::parse(code).is_ok(), "{code}");
    body
}

async fn app_with(clock: Arc<dyn Clock>) -> App {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("sheshim.db").display());
    let keys = Arc::new(sheshim_crypto::Keyring::generate().unwrap());
    let (store, _) = sheshim_store::open_attached(&url, keys, chrono::Utc::now())
        .await
        .unwrap();
    // The writer task ends by itself once the router (and its Intake) is dropped.
    let (intake, _writer) = Intake::start(store.clone(), clock, IntakeOptions::default());
    let credentials = support::credentials(store.as_ref()).await;
    App {
        router: router(AppState::new(store.clone(), intake, TRIAGE.clone())),
        store,
        credentials,
        _dir: dir,
    }
}

async fn app() -> App {
    app_with(Arc::new(SystemClock)).await
}

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).single().unwrap()
}

async fn app_at(instant: DateTime<Utc>) -> App {
    app_with(Arc::new(FixedClock(instant))).await
}

// ---------------------------------------------------------------------------------------------
// Requests and replies.
// ---------------------------------------------------------------------------------------------

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|error| {
            panic!(
                "not JSON ({error}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }

    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }

    /// Asserts an RFC 9457 problem with this status and returns its body.
    #[track_caller]
    fn problem(&self, status: StatusCode) -> Value {
        assert_eq!(
            self.status,
            status,
            "body: {}",
            String::from_utf8_lossy(&self.body)
        );
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json")
        );
        let body = self.json();
        assert_eq!(body["status"], status.as_u16());
        assert!(
            body["type"]
                .as_str()
                .unwrap()
                .starts_with("urn:sheshim:problem:")
        );
        assert!(body["title"].is_string());
        assert!(body["detail"].is_string());
        body
    }

    /// Asserts a 422 and returns the names of its invalid fields, in order.
    #[track_caller]
    fn invalid_fields(&self) -> Vec<String> {
        let body = self.problem(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["type"], "urn:sheshim:problem:invalid-fields");
        body["errors"]
            .as_array()
            .expect("a validation problem lists its fields")
            .iter()
            .map(|e| {
                assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()));
                e["field"].as_str().unwrap().to_owned()
            })
            .collect()
    }
}

/// Sends a request with the app's credentials when it carries none of its own.
async fn send(app: &App, mut request: Request<Body>) -> Reply {
    app.credentials.authorize(&mut request);
    send_bare(app, request).await
}

/// Sends a request as it is.
async fn send_bare(app: &App, request: Request<Body>) -> Reply {
    let response = app.router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    assert_no_personal_data(&body);
    Reply {
        status,
        headers,
        body,
    }
}

async fn get(app: &App, uri: &str) -> Reply {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

fn post_request(body: impl Into<Body>, key: Option<&str>) -> Request<Body> {
    let mut builder = Request::post("/v1/appeals").header(header::CONTENT_TYPE, "application/json");
    if let Some(key) = key {
        builder = builder.header("idempotency-key", key);
    }
    builder.body(body.into()).unwrap()
}

async fn post_raw(app: &App, body: impl Into<Body>) -> Reply {
    send(app, post_request(body, None)).await
}

async fn post(app: &App, body: &Value) -> Reply {
    post_raw(app, body.to_string()).await
}

async fn post_with_key(app: &App, body: &Value, key: &str) -> Reply {
    send(app, post_request(body.to_string(), Some(key))).await
}

/// A valid appeal body with every applicant field.
fn appeal() -> Value {
    json!({
        "text": "Во дворе дома 12 по улице Абая третью неделю не горит фонарь.",
        "channel": "web",
        "applicant": {
            "iin": IIN.as_str(),
            "name": NAME,
            "phone": format!("+7 {PHONE_DIGITS}"),
            "email": EMAIL,
            "address": "Алматы, ул. Абая, 12, кв. 5"
        }
    })
}

fn appeal_with(field: &str, value: Value) -> Value {
    let mut body = appeal();
    body[field] = value;
    body
}

fn appeal_without(field: &str) -> Value {
    let mut body = appeal();
    body.as_object_mut().unwrap().remove(field);
    body
}

/// Posts a valid appeal and returns its 201 body.
async fn register(app: &App, body: &Value) -> Value {
    let reply = post(app, body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    reply.json()
}

fn numbers(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["registration_number"].as_str().unwrap().to_owned())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// POST /v1/appeals: registration and dates.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn post_registers_with_number_location_and_dates() {
    let app = app().await;
    let reply = post(&app, &appeal()).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let body = reply.json();
    let number = body["registration_number"].as_str().unwrap();
    let year = body["registered_on"].as_str().unwrap()[..4].to_owned();
    assert_eq!(number, format!("SH-{year}-0000001"));
    assert_eq!(
        reply.header("location"),
        Some(format!("/v1/appeals/{number}").as_str())
    );
    assert_eq!(body["status"], "registered");
    assert!(body["deadline"].as_str().unwrap() > body["registered_on"].as_str().unwrap());
    // Not stated: guessed from the Cyrillic text; kind defaults to an application.
    assert_eq!(body["language"], "ru");
    assert_eq!(body["kind"], "application");
    assert_eq!(reply.header("idempotent-replayed"), None);
}

#[tokio::test]
async fn saturday_receipt_during_nauryz_registers_on_the_next_working_day() {
    // Saturday 21 March 2026, 10:00 in Almaty (UTC+5) = 05:00 UTC.
    let app = app_at(utc(2026, 3, 21, 5, 0)).await;
    let reply = post(&app, &appeal()).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let body = reply.json();
    // 21–23 March are Nauryz; 21 (Sat) and 22 (Sun) fall on the weekend and carry over to
    // Tue 24 and Wed 25 March. The first working day is therefore Thursday 26 March.
    assert_eq!(body["registered_on"], "2026-03-26");
    // 15 working days after Thu 26 March (the registration day is day 0):
    //   Fri 27 Mar (1); Mon 30 (2), Tue 31 (3), Wed 1 Apr (4), Thu 2 (5), Fri 3 (6);
    //   Mon 6 (7), Tue 7 (8), Wed 8 (9), Thu 9 (10), Fri 10 (11);
    //   Mon 13 (12), Tue 14 (13), Wed 15 (14), Thu 16 April (15).
    // No holiday falls between; the May holidays come later.
    assert_eq!(body["deadline"], "2026-04-16");
    assert_eq!(body["registration_number"], "SH-2026-0000001");
    assert_eq!(body["status"], "registered");
    assert_eq!(body["received_at"], "2026-03-21T05:00:00Z");
    assert_eq!(
        reply.header("location"),
        Some("/v1/appeals/SH-2026-0000001")
    );
}

#[tokio::test]
async fn deadline_skips_the_may_holidays_and_kurban_ait() {
    // Friday 8 May 2026, 11:00 in Almaty: a working day (7 May, Thursday, was the holiday).
    let app = app_at(utc(2026, 5, 8, 6, 0)).await;
    let body = register(&app, &appeal()).await;
    assert_eq!(body["registered_on"], "2026-05-08");
    // 15 working days after Fri 8 May:
    //   Sat 9 May (Victory Day) and Sun 10 are off; 9 May carries over to Mon 11 May.
    //   Tue 12 (1), Wed 13 (2), Thu 14 (3), Fri 15 (4); Mon 18 (5), Tue 19 (6), Wed 20 (7),
    //   Thu 21 (8), Fri 22 (9); Mon 25 (10), Tue 26 (11), Wed 27 Kurban Ait (off),
    //   Thu 28 (12), Fri 29 (13); Mon 1 June (14), Tue 2 June (15).
    assert_eq!(body["deadline"], "2026-06-02");
}

#[tokio::test]
async fn evening_utc_receipt_is_already_the_next_day_in_kazakhstan() {
    // 26 Nov 2026 20:00 UTC is 27 Nov 01:00 in Kazakhstan (UTC+5), a Friday.
    let app = app_at(utc(2026, 11, 26, 20, 0)).await;
    let body = register(&app, &appeal()).await;
    assert_eq!(body["registered_on"], "2026-11-27");
    // 15 working days after Fri 27 Nov: Mon 30 (1), Tue 1 Dec (2), Wed 2 (3), Thu 3 (4),
    // Fri 4 (5); Mon 7 (6) … Fri 11 (10); Mon 14 (11), Tue 15 (12), Wed 16 Independence
    // Day (off), Thu 17 (13), Fri 18 (14); Mon 21 December (15).
    assert_eq!(body["deadline"], "2026-12-21");
    assert_eq!(body["registration_number"], "SH-2026-0000001");
    assert_eq!(body["received_at"], "2026-11-26T20:00:00Z");
}

#[tokio::test]
async fn full_201_body_is_exactly_as_expected() {
    let app = app_at(utc(2026, 3, 21, 5, 0)).await;
    let text = "Жалоба на отсутствие освещения во дворе.";
    let mut body = appeal();
    body["text"] = json!(format!("  {text}\n"));
    body["kind"] = json!("complaint");
    body["language"] = json!("ru");
    // The channel is the client key's (web): the body need not say it.
    body.as_object_mut().unwrap().remove("channel");
    body["agency"] = json!("akimat-almaty");
    let reply = post(&app, &body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    assert_eq!(
        without_code(reply.json()),
        json!({
            "registration_number": "SH-2026-0000001",
            "kind": "complaint",
            "kind_name": "жалоба",
            "language": "ru",
            "channel": "web",
            "agency": "AKIMAT-ALMATY",
            "received_at": "2026-03-21T05:00:00Z",
            "registered_on": "2026-03-26",
            "deadline": "2026-04-16",
            "status": "registered",
            // Trimmed text, counted in characters, not bytes.
            "text_chars": text.chars().count()
        })
    );
}

// ---------------------------------------------------------------------------------------------
// POST /v1/appeals: validation (422).
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn iin_failing_the_checksum_is_refused_without_echoing_it() {
    let app = app().await;
    let mut body = appeal();
    body["applicant"]["iin"] = json!(BAD_IIN.as_str());
    let reply = post(&app, &body).await;
    assert_eq!(reply.invalid_fields(), ["applicant.iin"]);
    // `send` checks this for every reply; spelt out here because it is the point of the test.
    assert!(!reply.text().contains(BAD_IIN.as_str()));
    assert_eq!(reply.json()["detail"], "invalid or missing: applicant.iin");
}

#[tokio::test]
async fn missing_required_fields_are_each_named() {
    let app = app().await;
    for field in ["text", "applicant"] {
        let reply = post(&app, &appeal_without(field)).await;
        assert_eq!(reply.invalid_fields(), [field], "without {field}");
    }
    // The channel is not required: it is the client key's.
    let reply = post(&app, &appeal_without("channel")).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    assert_eq!(reply.json()["channel"], "web");
    for field in ["iin", "name"] {
        let mut body = appeal();
        body["applicant"].as_object_mut().unwrap().remove(field);
        let reply = post(&app, &body).await;
        assert_eq!(
            reply.invalid_fields(),
            [format!("applicant.{field}")],
            "without applicant.{field}"
        );
    }
    // Null is as good as missing; a wrong JSON type is named too.
    assert_eq!(
        post(&app, &appeal_with("text", Value::Null))
            .await
            .invalid_fields(),
        ["text"]
    );
    assert_eq!(
        post(&app, &appeal_with("text", json!(42)))
            .await
            .invalid_fields(),
        ["text"]
    );
    assert_eq!(
        post(&app, &appeal_with("applicant", json!("someone")))
            .await
            .invalid_fields(),
        ["applicant"]
    );
    // All problems at once.
    let mut fields = post(&app, &json!({})).await.invalid_fields();
    fields.sort();
    assert_eq!(fields, ["applicant", "text"]);
    // Only the appeal without a channel above was registered.
    assert_eq!(app.store.count_appeals().await.unwrap(), 1);
}

#[tokio::test]
async fn empty_blank_and_overlong_texts_are_refused() {
    let app = app().await;
    let too_long = "ә".repeat(20_001);
    for text in ["", "   \n\t ", too_long.as_str()] {
        let reply = post(&app, &appeal_with("text", json!(text))).await;
        assert_eq!(
            reply.invalid_fields(),
            ["text"],
            "text of {} chars",
            text.chars().count()
        );
    }
    // 20,000 characters (surrounded by blanks, which are trimmed) is still fine.
    let longest = format!("  {}  ", "ә".repeat(20_000));
    let body = register(&app, &appeal_with("text", json!(longest))).await;
    assert_eq!(body["text_chars"], 20_000);
    assert_eq!(body["language"], "kk");
}

#[tokio::test]
async fn unknown_fields_are_counted_in_their_object_never_named() {
    let app = app().await;
    let reply = post(&app, &appeal_with("colour", json!("red"))).await;
    assert_eq!(reply.invalid_fields(), ["body"]);
    assert!(!reply.text().contains("colour"), "{}", reply.text());
    let mut body = appeal();
    body["applicant"]["nickname"] = json!("Aika");
    body["applicant"]["nick_name"] = json!("Aika");
    let reply = post(&app, &body).await;
    assert_eq!(reply.invalid_fields(), ["applicant"]);
    let problem = reply.json();
    let message = problem["errors"][0]["message"].as_str().unwrap();
    assert!(message.starts_with("has 2 fields"), "{message}");
    assert!(!reply.text().contains("nick"), "{}", reply.text());
}

#[tokio::test]
async fn a_body_of_23000_unknown_keys_gets_a_short_answer_naming_none() {
    let app = app().await;
    // Keys `q0` to `q59d7` (hexadecimal), short enough for 23,000 of them to fit the limit.
    let mut body = appeal();
    for i in 0..23_000 {
        body[format!("q{i:x}")] = json!(0);
    }
    let bytes = body.to_string();
    assert!(bytes.len() < MAX_BODY_BYTES, "{} bytes", bytes.len());
    let reply = post_raw(&app, bytes).await;
    assert_eq!(reply.invalid_fields(), ["body"]);
    assert!(reply.body.len() < 1024, "{} bytes", reply.body.len());
    let text = reply.text();
    assert!(text.contains("23000 fields"), "{text}");
    let echoed = text
        .as_bytes()
        .windows(2)
        .any(|pair| pair[0] == b'q' && pair[1].is_ascii_hexdigit());
    assert!(!echoed, "{text}");
}

/// Text made only of characters that show nothing, each with what it is.
const INVISIBLE_ONLY: [(&str, &str); 9] = [
    (
        "zero-width space and joiners",
        "\u{200B}\u{200C}\u{200D}\u{2060}\u{FEFF}",
    ),
    ("direction marks", "\u{200E}\u{200F}\u{061C}"),
    ("combining marks with no base", "\u{0301}\u{0308}"),
    ("tag characters", "\u{E0001}\u{E0041}\u{E007F}"),
    ("private-use characters", "\u{E000}\u{F8FF}"),
    ("variation selectors", "\u{FE0F}\u{E0100}"),
    ("soft hyphen", "\u{00AD}"),
    ("Hangul filler", "\u{3164}"),
    (
        "spaces around a zero-width space",
        " \u{3000}\u{200B}\u{A0} ",
    ),
];

#[tokio::test]
async fn fields_with_nothing_visible_are_refused_by_name() {
    let app = app().await;
    for (what, invisible) in INVISIBLE_ONLY {
        let reply = post(&app, &appeal_with("text", json!(invisible))).await;
        assert_eq!(reply.invalid_fields(), ["text"], "text of {what}");
        for field in ["name", "address"] {
            let mut body = appeal();
            body["applicant"][field] = json!(invisible);
            let reply = post(&app, &body).await;
            assert_eq!(
                reply.invalid_fields(),
                [format!("applicant.{field}")],
                "{field} of {what}"
            );
        }
        let triage = Request::post("/v1/triage")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json!({ "text": invisible }).to_string()))
            .unwrap();
        assert_eq!(
            send(&app, triage).await.invalid_fields(),
            ["text"],
            "triage of {what}"
        );
    }
    assert_eq!(app.store.count_appeals().await.unwrap(), 0);
    // A visible name with a zero-width joiner inside is still a name.
    let mut body = appeal();
    body["applicant"]["name"] = json!("Айгерим\u{200D} Жумабекова");
    register(&app, &body).await;
}

#[tokio::test]
async fn direction_overrides_and_isolates_in_a_name_are_refused() {
    let app = app().await;
    for name in [
        "Ivan \u{202E}vonavI",
        "\u{202D}Ivan Ivanov",
        "\u{2066}Айгерим\u{2069} Жумабекова",
        "Ли \u{2068}Вэй",
    ] {
        let mut body = appeal();
        body["applicant"]["name"] = json!(name);
        let reply = post(&app, &body).await;
        assert_eq!(reply.invalid_fields(), ["applicant.name"], "{name:?}");
        let message = reply.json()["errors"][0]["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(message.contains("direction"), "{message}");
    }
    assert_eq!(app.store.count_appeals().await.unwrap(), 0);
}

#[tokio::test]
async fn a_key_given_twice_is_refused() {
    let app = app().await;
    let text = r#""text": "Во дворе не горит фонарь.", "channel": "web""#;
    let applicant = format!(r#""iin": "{}", "name": "Айгерим""#, IIN.as_str());
    for (body, field) in [
        (
            format!(r#"{{{text}, "channel": "post", "applicant": {{{applicant}}}}}"#),
            "channel",
        ),
        (
            format!(r#"{{{text}, "applicant": {{{applicant}, "name": "Другое Имя"}}}}"#),
            "applicant.name",
        ),
        (
            format!(r#"{{{text}, "applicant": {{{applicant}}}, "applicant": {{{applicant}}}}}"#),
            "applicant",
        ),
        (
            format!(r#"{{{text}, "applicant": {{{applicant}, "zq-key": 1, "zq-key": 2}}}}"#),
            "applicant",
        ),
        (
            format!(r#"{{{text}, "applicant": {{{applicant}}}, "zq": {{"a": 1, "a": 2}}}}"#),
            "body",
        ),
    ] {
        let reply = post_raw(&app, body.clone()).await;
        assert_eq!(reply.invalid_fields(), [field], "{body}");
        assert!(!reply.text().contains("zq"), "{}", reply.text());
    }
    let triage = Request::post("/v1/triage")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"text": "Свет", "text": "Тепло"}"#))
        .unwrap();
    assert_eq!(send(&app, triage).await.invalid_fields(), ["text"]);
    assert_eq!(app.store.count_appeals().await.unwrap(), 0);
}

#[tokio::test]
async fn bad_codes_are_named() {
    let app = app().await;
    for (field, value) in [
        ("kind", "petition"),
        ("language", "de"),
        ("channel", "fax"),
        ("agency", "акимат"),
        ("agency", "1-AKIMAT"),
    ] {
        let reply = post(&app, &appeal_with(field, json!(value))).await;
        assert_eq!(reply.invalid_fields(), [field], "{field} = {value}");
    }
    let mut body = appeal_with("kind", json!("petition"));
    body["language"] = json!("de");
    body["channel"] = json!("fax");
    let mut fields = post(&app, &body).await.invalid_fields();
    fields.sort();
    assert_eq!(fields, ["channel", "kind", "language"]);
    assert_eq!(app.store.count_appeals().await.unwrap(), 0);
}

// ---------------------------------------------------------------------------------------------
// POST /v1/appeals: bodies that are not a JSON object (400, 413, 415).
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn malformed_bodies_are_bad_requests() {
    let app = app().await;
    let cases: [(&str, Vec<u8>); 5] = [
        ("malformed JSON", br#"{"text": "#.to_vec()),
        ("not UTF-8", b"\xff\xfe{\"text\": \"x\"}".to_vec()),
        ("empty", Vec::new()),
        ("blank", b"  \n ".to_vec()),
        ("an array", br#"[{"text": "x"}]"#.to_vec()),
    ];
    for (what, bytes) in cases {
        let reply = post_raw(&app, bytes).await;
        let problem = reply.problem(StatusCode::BAD_REQUEST);
        assert_eq!(
            problem["type"], "urn:sheshim:problem:malformed-request",
            "{what}"
        );
    }
    // A syntax error names where, never what: the IIN near the error is not repeated.
    let truncated = format!(r#"{{"applicant": {{"iin": "{}", "name": }}"#, IIN.as_str());
    post_raw(&app, truncated)
        .await
        .problem(StatusCode::BAD_REQUEST);
    assert_eq!(app.store.count_appeals().await.unwrap(), 0);
}

#[tokio::test]
async fn bodies_not_declared_as_json_are_unsupported() {
    let app = app().await;
    let body = appeal().to_string();
    for content_type in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
    ] {
        let mut builder = Request::post("/v1/appeals");
        if let Some(content_type) = content_type {
            builder = builder.header(header::CONTENT_TYPE, content_type);
        }
        let reply = send(&app, builder.body(Body::from(body.clone())).unwrap()).await;
        let problem = reply.problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert_eq!(
            problem["type"],
            "urn:sheshim:problem:unsupported-media-type"
        );
    }
    // Parameters and case do not matter, nor does a +json suffix.
    for content_type in [
        "application/json; charset=utf-8",
        "Application/JSON",
        "application/merge+json",
    ] {
        let request = Request::post("/v1/appeals")
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body.clone()))
            .unwrap();
        assert_eq!(
            send(&app, request).await.status,
            StatusCode::CREATED,
            "{content_type}"
        );
    }
}

#[tokio::test]
async fn bodies_over_the_limit_are_too_large() {
    let app = app().await;
    // Valid JSON, just too big.
    let filler = "a".repeat(MAX_BODY_BYTES);
    let body = appeal_with("text", json!(filler)).to_string();
    assert!(body.len() > 256 * 1024);
    let reply = post_raw(&app, body).await;
    let problem = reply.problem(StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(problem["type"], "urn:sheshim:problem:too-large");
    assert_eq!(app.store.count_appeals().await.unwrap(), 0);
}

// ---------------------------------------------------------------------------------------------
// Idempotency.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_retry_with_the_same_key_returns_the_first_appeal() {
    let app = app().await;
    let first = post_with_key(&app, &appeal(), "retry-7f3a").await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    assert_eq!(first.header("idempotent-replayed"), None);
    // The same request with its keys in another order and other whitespace is the same request.
    let reordered = serde_json::to_string_pretty(&json!({
        "applicant": appeal()["applicant"].clone(),
        "channel": "web",
        "text": appeal()["text"].clone(),
    }))
    .unwrap();
    let second = send(&app, post_request(reordered, Some("retry-7f3a"))).await;
    assert_eq!(second.status, StatusCode::CREATED, "{}", second.text());
    assert_eq!(second.header("idempotent-replayed"), Some("true"));
    // The replay is the same appeal, without the access code: it is shown once only.
    assert_eq!(second.json(), without_code(first.json()));
    assert_eq!(second.header("location"), first.header("location"));

    let list = get(&app, "/v1/appeals").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(
        numbers(&list.json()),
        [first.json()["registration_number"].as_str().unwrap()]
    );
    // Without a key, the same body is a new appeal.
    let third = register(&app, &appeal()).await;
    assert_ne!(
        third["registration_number"],
        first.json()["registration_number"]
    );
    assert_eq!(app.store.count_appeals().await.unwrap(), 2);
}

#[tokio::test]
async fn a_key_reused_for_another_request_is_refused() {
    let app = app().await;
    let first = post_with_key(&app, &appeal(), "key-1").await;
    assert_eq!(first.status, StatusCode::CREATED);
    let other = appeal_with("text", json!("Другое обращение."));
    let reply = post_with_key(&app, &other, "key-1").await;
    let problem = reply.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        problem["type"]
            .as_str()
            .unwrap()
            .ends_with("idempotency-key-reused")
    );
    assert_eq!(app.store.count_appeals().await.unwrap(), 1);
    // The original request with that key still replays.
    let again = post_with_key(&app, &appeal(), "key-1").await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
}

#[tokio::test]
async fn bad_idempotency_keys_are_bad_requests() {
    let app = app().await;
    for key in [
        "k".repeat(300),
        "two words".to_owned(),
        String::new(),
        "ключ".to_owned(),
    ] {
        let request = Request::post("/v1/appeals")
            .header(header::CONTENT_TYPE, "application/json")
            .header("idempotency-key", key.as_bytes())
            .body(Body::from(appeal().to_string()))
            .unwrap();
        let reply = send(&app, request).await;
        let problem = reply.problem(StatusCode::BAD_REQUEST);
        assert_eq!(
            problem["type"], "urn:sheshim:problem:malformed-request",
            "key {key:?}"
        );
    }
    // 255 visible characters is the longest key accepted.
    let longest = post_with_key(&app, &appeal(), &"k".repeat(255)).await;
    assert_eq!(longest.status, StatusCode::CREATED);
    assert_eq!(app.store.count_appeals().await.unwrap(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_requests_with_one_key_store_one_appeal() {
    let app = Arc::new(app().await);
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let app = app.clone();
            tokio::spawn(async move { post_with_key(&app, &appeal(), "concurrent-key").await })
        })
        .collect();
    let mut replies = Vec::new();
    for task in tasks {
        replies.push(task.await.unwrap());
    }
    let numbers_answered: Vec<String> = replies
        .iter()
        .map(|reply| {
            assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
            reply.json()["registration_number"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert!(numbers_answered.iter().all(|n| *n == numbers_answered[0]));
    let fresh = replies
        .iter()
        .filter(|reply| reply.header("idempotent-replayed").is_none())
        .count();
    assert_eq!(fresh, 1, "exactly one request creates the appeal");
    assert_eq!(app.store.count_appeals().await.unwrap(), 1);
    assert_eq!(
        numbers(&get(&app, "/v1/appeals").await.json()),
        [numbers_answered[0].clone()]
    );
}

// ---------------------------------------------------------------------------------------------
// GET /v1/appeals/{registration_number}.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn an_appeal_is_read_back_as_registered() {
    let app = app().await;
    let mut body = appeal_with("agency", json!("AKIMAT-ALMATY"));
    body["kind"] = json!("proposal");
    let posted = post(&app, &body).await;
    assert_eq!(posted.status, StatusCode::CREATED);
    let location = posted.header("location").unwrap().to_owned();
    let reply = get(&app, &location).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    // Every field equal, received_at included (stored to the microsecond).
    assert_eq!(reply.json(), without_code(posted.json()));
    // Lowercase numbers name the same appeal.
    let lower = get(&app, &location.to_lowercase()).await;
    assert_eq!(lower.status, StatusCode::OK);
    assert_eq!(lower.json(), without_code(posted.json()));
}

#[tokio::test]
async fn unknown_and_malformed_numbers_are_not_found() {
    let app = app().await;
    register(&app, &appeal()).await;
    let unknown = get(&app, "/v1/appeals/SH-2026-0999999").await;
    let problem = unknown.problem(StatusCode::NOT_FOUND);
    assert_eq!(problem["type"], "urn:sheshim:problem:not-found");
    for malformed in [
        "not-a-number",
        "SH-26-1",
        "SH-2026-42",
        "%20",
        "%FF",
        "SH-2026-%FF00001",
    ] {
        let reply = get(&app, &format!("/v1/appeals/{malformed}")).await;
        reply.problem(StatusCode::NOT_FOUND);
    }
}

// ---------------------------------------------------------------------------------------------
// GET /v1/appeals: filters, pagination and bad parameters.
// ---------------------------------------------------------------------------------------------

/// Registers five appeals received on different days, latest first, so that listing order
/// (by deadline) is the reverse of registration order. Returns the numbers in listing order
/// and their deadlines.
async fn five_appeals() -> (App, Vec<(String, String)>) {
    let clock = Arc::new(SettableClock(Mutex::new(utc(2026, 6, 1, 5, 0))));
    let app = app_with(clock.clone()).await;
    let mut registered = Vec::new();
    for (day, agency) in [
        (utc(2026, 6, 12, 5, 0), Some("AKIMAT-ALMATY")),
        (utc(2026, 6, 10, 5, 0), Some("MINZDRAV")),
        (utc(2026, 6, 5, 5, 0), Some("AKIMAT-ALMATY")),
        (utc(2026, 6, 3, 5, 0), None),
        (utc(2026, 6, 1, 5, 0), Some("AKIMAT-ALMATY")),
    ] {
        clock.set(day);
        let body = match agency {
            Some(agency) => appeal_with("agency", json!(agency)),
            None => appeal(),
        };
        let created = register(&app, &body).await;
        registered.push((
            created["registration_number"].as_str().unwrap().to_owned(),
            created["deadline"].as_str().unwrap().to_owned(),
        ));
    }
    registered.reverse();
    (app, registered)
}

#[tokio::test]
async fn listing_is_ordered_by_deadline_and_filtered() {
    let (app, expected) = five_appeals().await;
    let all: Vec<String> = expected.iter().map(|(n, _)| n.clone()).collect();
    assert_eq!(
        all,
        [
            "SH-2026-0000005",
            "SH-2026-0000004",
            "SH-2026-0000003",
            "SH-2026-0000002",
            "SH-2026-0000001"
        ]
    );
    let deadlines: Vec<&str> = expected.iter().map(|(_, d)| d.as_str()).collect();
    assert!(deadlines.windows(2).all(|w| w[0] < w[1]), "{deadlines:?}");

    let reply = get(&app, "/v1/appeals").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let page = reply.json();
    assert_eq!(numbers(&page), all);
    assert_eq!(page["next_cursor"], Value::Null);
    // Listings show no text length and no receipt time (summaries only).
    assert_eq!(page["items"][0]["text_chars"], Value::Null);

    let page = get(&app, "/v1/appeals?status=registered").await.json();
    assert_eq!(numbers(&page), all);
    let page = get(&app, "/v1/appeals?status=in_review").await.json();
    assert_eq!(numbers(&page), Vec::<String>::new());

    // Agency codes are matched case-insensitively (they are stored uppercase).
    let page = get(&app, "/v1/appeals?agency=akimat-almaty").await.json();
    assert_eq!(
        numbers(&page),
        ["SH-2026-0000005", "SH-2026-0000003", "SH-2026-0000001"]
    );
    assert!(
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["agency"] == "AKIMAT-ALMATY")
    );
    let page = get(&app, "/v1/appeals?agency=MINZDRAV").await.json();
    assert_eq!(numbers(&page), ["SH-2026-0000002"]);

    // due_before includes its own day.
    let cut = &expected[2].1;
    let page = get(&app, &format!("/v1/appeals?due_before={cut}"))
        .await
        .json();
    assert_eq!(numbers(&page), all[..3]);
    let page = get(&app, "/v1/appeals?due_before=2026-01-01").await.json();
    assert_eq!(numbers(&page), Vec::<String>::new());

    // Filters combine.
    let page = get(
        &app,
        &format!("/v1/appeals?agency=AKIMAT-ALMATY&due_before={cut}&status=registered"),
    )
    .await
    .json();
    assert_eq!(numbers(&page), ["SH-2026-0000005", "SH-2026-0000003"]);
}

#[tokio::test]
async fn pages_follow_the_cursor_to_the_end() {
    let (app, expected) = five_appeals().await;
    let mut seen = Vec::new();
    let mut uri = "/v1/appeals?limit=2".to_owned();
    let mut sizes = Vec::new();
    loop {
        let reply = get(&app, &uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        let page = reply.json();
        let items = numbers(&page);
        sizes.push(items.len());
        seen.extend(items);
        match page["next_cursor"].as_str() {
            Some(cursor) => uri = format!("/v1/appeals?limit=2&cursor={cursor}"),
            None => break,
        }
        assert!(sizes.len() < 10, "the cursor does not advance");
    }
    assert_eq!(sizes, [2, 2, 1]);
    let all: Vec<String> = expected.into_iter().map(|(n, _)| n).collect();
    assert_eq!(seen, all);

    // Exactly one full page has no next page.
    let page = get(&app, "/v1/appeals?limit=5").await.json();
    assert_eq!(numbers(&page).len(), 5);
    assert_eq!(page["next_cursor"], Value::Null);
}

#[tokio::test]
async fn bad_listing_parameters_are_named() {
    let app = app().await;
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("limit=x", "limit"),
        ("limit=-1", "limit"),
        ("due_before=2026-13-01", "due_before"),
        ("due_before=tomorrow", "due_before"),
        ("status=closed", "status"),
        ("agency=%D0%B0%D0%BA%D0%B8%D0%BC%D0%B0%D1%82", "agency"),
        ("cursor=abc", "cursor"),
        ("cursor=2026-01-01.x", "cursor"),
        // An unknown parameter is refused without repeating its name, which is the client's.
        ("colour=red", "query"),
        // A parameter given twice is refused rather than one of its values picked.
        ("status=registered&status=in_review", "status"),
        ("limit=5&limit=5", "limit"),
        ("agency=A1&due_before=2026-01-01&agency=B2", "agency"),
    ] {
        let reply = get(&app, &format!("/v1/appeals?{query}")).await;
        assert_eq!(reply.invalid_fields(), [field], "?{query}");
        assert!(!reply.text().contains("colour"), "{}", reply.text());
    }
    assert_eq!(
        get(&app, "/v1/appeals?limit=500").await.status,
        StatusCode::OK
    );
    assert_eq!(
        get(&app, "/v1/appeals?limit=1").await.status,
        StatusCode::OK
    );
}

// ---------------------------------------------------------------------------------------------
// Health, metrics, OpenAPI, unknown routes.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn healthz_reports_the_database() {
    let app = app().await;
    let reply = get(&app, "/healthz").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(
        reply.json(),
        json!({"status": "ok", "database": "sqlite", "writable": true})
    );
    let live = get(&app, "/livez").await;
    assert_eq!(live.status, StatusCode::OK);
    assert_eq!(live.json(), json!({"status": "alive"}));
}

#[tokio::test]
async fn metrics_count_requests_and_registrations() {
    let app = app().await;
    let created = post(&app, &appeal()).await;
    assert_eq!(created.status, StatusCode::CREATED);
    assert_eq!(
        post_with_key(&app, &appeal(), "m-1").await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        post_with_key(&app, &appeal(), "m-1").await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        get(&app, created.header("location").unwrap()).await.status,
        StatusCode::OK
    );
    get(&app, "/no/such/path").await;

    let reply = get(&app, "/metrics").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.header("content-type"),
        Some("application/openmetrics-text; version=1.0.0; charset=utf-8")
    );
    let text = reply.text();
    for line in [
        "# TYPE sheshim_appeals_registered counter",
        "sheshim_appeals_registered_total 2",
        "# TYPE sheshim_appeals_replayed counter",
        "sheshim_appeals_replayed_total 1",
        "# TYPE sheshim_http_requests counter",
        r#"sheshim_http_requests_total{method="POST",route="/v1/appeals",status="201"} 3"#,
        r#"sheshim_http_requests_total{method="GET",route="/v1/appeals/{registration_number}",status="200"} 1"#,
        r#"sheshim_http_requests_total{method="GET",route="unmatched",status="404"} 1"#,
        "# TYPE sheshim_http_request_duration_seconds histogram",
        "# EOF",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "no line {line:?} in:\n{text}"
        );
    }
    // Routes are labelled by template, never by a concrete registration number.
    assert!(!text.contains("SH-20"), "{text}");
}

#[tokio::test]
async fn openapi_document_describes_the_api() {
    let app = app().await;
    let reply = get(&app, "/openapi.json").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let doc = reply.json();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/v1/appeals",
        "/v1/appeals/{registration_number}",
        "/healthz",
    ] {
        assert!(paths.contains_key(path), "no {path} in {:?}", paths.keys());
    }
    assert!(paths["/v1/appeals"]["post"].is_object());
    assert!(paths["/v1/appeals"]["get"].is_object());
    // The problems answered before any handler runs are documented on every operation.
    for (path, method) in [
        ("/v1/appeals", "post"),
        ("/v1/appeals", "get"),
        ("/healthz", "get"),
    ] {
        let responses = &paths[path][method]["responses"];
        for status in ["414", "431"] {
            assert!(
                responses[status]["content"]["application/problem+json"].is_object(),
                "{method} {path} has no {status}"
            );
        }
        assert_eq!(
            responses["408"].is_object(),
            method == "post",
            "{method} {path}"
        );
    }
    assert!(doc["components"]["schemas"]["Problem"].is_object());
}

#[tokio::test]
async fn unknown_paths_and_methods_are_problems() {
    let app = app().await;
    let reply = get(&app, "/v2/appeals").await;
    let problem = reply.problem(StatusCode::NOT_FOUND);
    assert_eq!(problem["type"], "urn:sheshim:problem:not-found");

    let delete = Request::builder()
        .method(Method::DELETE)
        .uri("/v1/appeals")
        .body(Body::empty())
        .unwrap();
    let problem = send(&app, delete)
        .await
        .problem(StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(problem["type"], "urn:sheshim:problem:method-not-allowed");

    let put = Request::builder()
        .method(Method::PUT)
        .uri("/healthz")
        .body(Body::empty())
        .unwrap();
    send(&app, put)
        .await
        .problem(StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn invented_methods_are_counted_as_other_and_never_labelled() {
    let app = app().await;
    for method in [IIN.as_str(), "BREW", "PROPFIND-SECRET-VALUE"] {
        let request = Request::builder()
            .method(Method::from_bytes(method.as_bytes()).unwrap())
            .uri("/v1/appeals")
            .body(Body::empty())
            .unwrap();
        send(&app, request)
            .await
            .problem(StatusCode::METHOD_NOT_ALLOWED);
    }
    let text = get(&app, "/metrics").await.text();
    assert!(
        text.lines().any(|line| line
            == r#"sheshim_http_requests_total{method="other",route="/v1/appeals",status="405"} 3"#),
        "{text}"
    );
    assert!(!text.contains("BREW") && !text.contains("SECRET"), "{text}");
    // `send` has already checked that the IIN is not in the page.
}

#[tokio::test]
async fn oversized_heads_are_answered_with_problems() {
    let app = app().await;
    let long_target = format!("/v1/appeals?cursor={}", "9".repeat(MAX_URI_BYTES));
    let problem = get(&app, &long_target)
        .await
        .problem(StatusCode::URI_TOO_LONG);
    assert_eq!(problem["type"], "urn:sheshim:problem:uri-too-long");

    let mut many = Request::get("/healthz");
    for i in 0..=MAX_HEADER_FIELDS {
        many = many.header(format!("x-field-{i}"), "1");
    }
    let problem = send(&app, many.body(Body::empty()).unwrap())
        .await
        .problem(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    assert_eq!(problem["type"], "urn:sheshim:problem:headers-too-large");

    let large = Request::get("/healthz")
        .header("x-large", "v".repeat(Limits::default().max_header_bytes))
        .body(Body::empty())
        .unwrap();
    send(&app, large)
        .await
        .problem(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    // Just under the limits is fine.
    let fine = Request::get("/healthz")
        .header(
            "x-large",
            "v".repeat(Limits::default().max_header_bytes / 2),
        )
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, fine).await.status, StatusCode::OK);
}

/// A request body that sends one chunk and then nothing, as a slow or stalled client does.
struct StalledBody {
    sent: bool,
}

impl hyper::body::Body for StalledBody {
    type Data = axum::body::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<Self::Data>, Self::Error>>> {
        if self.sent {
            std::task::Poll::Pending
        } else {
            self.sent = true;
            let chunk = axum::body::Bytes::from_static(br#"{"text": "#);
            std::task::Poll::Ready(Some(Ok(hyper::body::Frame::data(chunk))))
        }
    }
}

#[tokio::test]
async fn a_body_that_stalls_is_answered_408_when_the_body_timeout_ends() {
    let app = app().await;
    let limits = Limits {
        body_timeout: std::time::Duration::from_millis(300),
        ..Limits::default()
    };
    let router = router(
        AppState::new(
            app.store.clone(),
            Intake::start(
                app.store.clone(),
                Arc::new(SystemClock),
                IntakeOptions::default(),
            )
            .0,
            TRIAGE.clone(),
        )
        .with_limits(limits),
    );
    let request = post_request(Body::new(StalledBody { sent: false }), None);
    let response = router.oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::REQUEST_TIMEOUT);
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let problem: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(problem["type"], "urn:sheshim:problem:body-timeout");
    assert_eq!(app.store.count_appeals().await.unwrap(), 0);
}

/// One walk over the whole API with the same applicant, as a last guard that personal data
/// never leaves: `send` checks every body, and each reply is also checked here explicitly.
#[tokio::test]
async fn personal_data_never_leaves_in_any_response() {
    let app = app().await;
    let mut bodies = Vec::new();
    let posted = post_with_key(&app, &appeal(), "pii").await;
    let location = posted.header("location").unwrap().to_owned();
    bodies.push(posted);
    bodies.push(post_with_key(&app, &appeal(), "pii").await);
    bodies.push(post_with_key(&app, &appeal_with("text", json!("x")), "pii").await);
    let mut bad = appeal();
    bad["applicant"]["iin"] = json!(BAD_IIN.as_str());
    bad["applicant"]["email"] = json!(NAME);
    bodies.push(post(&app, &bad).await);
    let mut digits_in_address = appeal();
    digits_in_address["applicant"]["address"] = json!(IIN.as_str());
    bodies.push(post(&app, &digits_in_address).await);
    bodies.push(get(&app, &location).await);
    bodies.push(get(&app, "/v1/appeals").await);
    bodies.push(get(&app, &format!("/v1/appeals?agency={}", IIN.as_str())).await);
    bodies.push(get(&app, &format!("/v1/appeals?cursor={}", IIN.as_str())).await);
    bodies.push(get(&app, &format!("/v1/appeals/{}", IIN.as_str())).await);
    bodies.push(get(&app, "/metrics").await);
    for reply in &bodies {
        assert_no_personal_data(&reply.body);
    }
    assert!(
        bodies
            .iter()
            .any(|r| r.status == StatusCode::UNPROCESSABLE_ENTITY)
    );
}
