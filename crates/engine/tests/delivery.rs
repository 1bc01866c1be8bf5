//! Delivery of answers to an integrator's webhook, against a small HTTP server in the test:
//! the body is signed with the shared secret, a failed attempt is retried after the backoff
//! with the same idempotency key, the message is marked delivered once and the case becomes
//! notified, and a webhook that keeps failing never loses the message. On SQLite, and on
//! PostgreSQL when `SHESHIM_TEST_POSTGRES_URL` is set.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::{TRIAGE, databases, date, fact, iin};

use async_trait::async_trait;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chrono::{TimeZone, Utc};
use sheshim_crypto::Keyring;
use sheshim_domain::{
    AppealText, Applicant, CaseStatus, Channel, Iin, Language, PersonName, RegistrationNumber,
    ServiceCode,
};
use sheshim_engine::{
    Clock, Flow, Intake, IntakeOptions, ManualClock, Submission, Webhook, backoff, signature,
};
use sheshim_registry::{Child, Member, PersonFacts, Registry, RegistryError};
use sheshim_services::Catalogue;
use sheshim_store::Store;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const SECRET: &[u8] = b"a shared secret of the integrator";

fn mothers_iin() -> Iin {
    iin("9204104001")
}

/// A registry that knows one mother of two, who permanently resides.
struct OneMother;

#[async_trait]
impl Registry for OneMother {
    fn name(&self) -> &str {
        "test-registry"
    }

    async fn person(&self, iin: &Iin) -> Result<Option<PersonFacts>, RegistryError> {
        if iin != &mothers_iin() {
            return Ok(None);
        }
        let child = |order: u32, year: i32| Child {
            birth_date: date(year, 2, 1),
            birth_order: order,
        };
        Ok(Some(PersonFacts {
            birth_date: fact(date(1992, 4, 10)),
            sex: fact("F".to_owned()),
            residence: Some(fact("Almaty".to_owned())),
            citizen: Some(fact(true)),
            permanent_resident: Some(fact(true)),
            children: Some(fact(vec![child(1, 2024), child(2, 2026)])),
            household: Some(fact(vec![Member {
                birth_date: date(1992, 4, 10),
                monthly_income: 250_000,
            }])),
            monthly_income: Some(fact(250_000)),
            disability_group: Some(fact(0)),
            employed: Some(fact(true)),
        }))
    }
}

/// What the test's webhook received, and how it answers.
#[derive(Default)]
struct Received {
    /// The requests, in order: headers and body.
    requests: Mutex<Vec<(HeaderMap, Bytes)>>,
    /// How many requests it fails with 500 before it accepts.
    failures_left: Mutex<usize>,
}

async fn webhook_handler(
    State(received): State<Arc<Received>>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    received.requests.lock().unwrap().push((headers, body));
    let mut failures = received.failures_left.lock().unwrap();
    if *failures > 0 {
        *failures -= 1;
        StatusCode::INTERNAL_SERVER_ERROR
    } else {
        StatusCode::OK
    }
}

/// Serves the test's webhook on a free loopback port; returns its URL.
async fn start_webhook(received: Arc<Received>) -> String {
    let app = axum::Router::new()
        .route("/hook", axum::routing::post(webhook_handler))
        .with_state(received);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

struct World {
    flow: Flow,
    store: Arc<dyn Store>,
    clock: Arc<ManualClock>,
    intake: Intake,
}

async fn world(url: &str) -> World {
    let keys = Arc::new(Keyring::generate().unwrap());
    // Monday 2 March 2026, 10:00 in Astana.
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 3, 2, 5, 0, 0).unwrap(),
    ));
    let (store, _) = sheshim_store::open_attached(url, keys, Utc::now())
        .await
        .unwrap();
    let catalogue = Arc::new(Catalogue::load(std::path::Path::new("../../services")).unwrap());
    let (intake, _writer) = Intake::start(store.clone(), clock.clone(), IntakeOptions::default());
    let flow = Flow::new(
        store.clone(),
        catalogue,
        Arc::new(OneMother),
        TRIAGE.clone(),
        clock.clone(),
        intake.clone(),
        "seed".to_owned(),
    );
    World {
        flow,
        store,
        clock,
        intake,
    }
}

impl World {
    /// Registers the mother's confirmed application and lets the pipeline issue its answer.
    async fn issued_answer(&self) -> RegistrationNumber {
        let submission = Submission {
            kind: None,
            language: Some(Language::Ru),
            channel: Channel::Egov,
            text: AppealText::parse("Прошу назначить единовременное пособие на рождение ребёнка.")
                .unwrap(),
            applicant: Applicant {
                iin: mothers_iin(),
                name: PersonName::parse("Айгерим Серикова").unwrap(),
                phone: None,
                email: None,
                address: None,
            },
            agency: None,
            idempotency: None,
            actor: "client:test".to_owned(),
            service: Some(ServiceCode::parse("childbirth-allowance").unwrap()),
            claims: Some(serde_json::json!({ "birth_order": 2 })),
            case_record: None,
            term_working_days: Some(8),
            access_code_hash: None,
        };
        let registered = self.intake.register(submission).await.unwrap();
        let number = registered.appeal().registration_number.clone();
        while self.flow.pipeline_batch(64).await.unwrap() > 0 {}
        let case = self.store.case(&number).await.unwrap().unwrap();
        assert_eq!(case.appeal.status, CaseStatus::Decided);
        number
    }

    async fn status(&self, number: &RegistrationNumber) -> CaseStatus {
        self.store
            .case(number)
            .await
            .unwrap()
            .unwrap()
            .appeal
            .status
    }

    /// The undelivered messages due now.
    async fn due(&self) -> Vec<sheshim_store::OutboxMessage> {
        self.store.due_outbox(self.clock.now(), 100).await.unwrap()
    }

    /// Moves the clock past the backoff after `attempts` failed attempts.
    fn past_backoff(&self, attempts: u32) {
        let wait = backoff(attempts) + Duration::from_millis(1);
        self.clock
            .advance(chrono::Duration::from_std(wait).unwrap());
    }
}

fn webhook(url: &str) -> Webhook {
    Webhook {
        url: url.to_owned(),
        secret: SECRET.to_vec(),
        timeout: Duration::from_secs(5),
    }
}

async fn a_failed_attempt_is_retried_with_the_same_key_and_delivered_once(url: &str) {
    let w = world(url).await;
    let number = w.issued_answer().await;
    let received = Arc::new(Received {
        failures_left: Mutex::new(1),
        ..Received::default()
    });
    let hook = webhook(&start_webhook(received.clone()).await);
    let client = reqwest::Client::new();
    let due = w.due().await;
    let answers: Vec<_> = due.iter().filter(|m| m.kind == "answer").collect();
    assert_eq!(answers.len(), 1, "{due:?}");
    let delivery_id = answers[0].delivery_id.clone();
    // The outbox lists what was written, in order, without opening the bodies.
    let written = w.store.outbox_written_after(0, 10).await.unwrap();
    assert_eq!(written.len(), 1, "{written:?}");
    assert_eq!(written[0].kind, "answer");
    assert_eq!(written[0].registration_number, number);
    assert!(
        w.store
            .outbox_written_after(written[0].id, 10)
            .await
            .unwrap()
            .is_empty()
    );

    // The first attempt is answered 500: nothing is delivered, the message waits for its
    // backoff, and the case is not notified.
    assert_eq!(w.flow.deliver_due(&client, &hook).await.unwrap(), 0);
    assert!(w.due().await.is_empty(), "not due again before the backoff");
    assert_eq!(w.status(&number).await, CaseStatus::Decided);

    // Past the backoff the same message is sent again and accepted.
    w.past_backoff(0);
    assert_eq!(w.flow.deliver_due(&client, &hook).await.unwrap(), 1);
    assert!(w.due().await.is_empty());
    assert_eq!(w.status(&number).await, CaseStatus::Notified);

    let requests = received.requests.lock().unwrap().clone();
    assert_eq!(requests.len(), 2);
    for (headers, body) in &requests {
        assert_eq!(headers["idempotency-key"], delivery_id.as_str());
        assert_eq!(
            headers["x-sheshim-signature"],
            signature(SECRET, body).as_str(),
            "the signature is of the body as sent, with the shared secret"
        );
        assert_ne!(
            headers["x-sheshim-signature"],
            signature(b"another secret entirely", body).as_str()
        );
        let json: serde_json::Value = serde_json::from_slice(body).unwrap();
        assert_eq!(json["delivery_id"], delivery_id.as_str());
        assert_eq!(json["registration_number"], number.as_str());
        assert_eq!(json["kind"], "answer");
        assert_eq!(json["message"]["outcome"], "granted");
        assert_eq!(json["message"]["amount_tiyn"], 16_435_000);
    }
    assert_eq!(
        requests[0].1, requests[1].1,
        "the retry sends the same body"
    );

    // Nothing is sent again, however late, and the delivery is recorded once.
    w.clock.advance(chrono::Duration::days(2));
    assert_eq!(w.flow.deliver_due(&client, &hook).await.unwrap(), 0);
    assert_eq!(received.requests.lock().unwrap().len(), 2);
    let history = w.store.history(number.as_str()).await.unwrap();
    let count = |action: &str| history.iter().filter(|e| e.entry.action == action).count();
    assert_eq!(count("message.delivered"), 1);
    assert_eq!(count("case.notified"), 1);
    let report = sheshim_store::verify_store(w.store.as_ref(), w.store.keyring(), &[])
        .await
        .unwrap();
    assert!(report.is_intact(), "{report:?}");
}

async fn a_failing_webhook_never_loses_the_message(url: &str) {
    let w = world(url).await;
    let number = w.issued_answer().await;
    let received = Arc::new(Received {
        failures_left: Mutex::new(usize::MAX),
        ..Received::default()
    });
    let failing = webhook(&start_webhook(received.clone()).await);
    // A webhook that does not listen at all: a port bound and let go.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/hook", listener.local_addr().unwrap())
    };
    let unreachable = webhook(&closed);
    let client = reqwest::Client::new();
    let delivery_id = w.due().await[0].delivery_id.clone();
    for attempt in 0..6u32 {
        let hook = if attempt % 2 == 0 {
            &failing
        } else {
            &unreachable
        };
        assert_eq!(w.flow.deliver_due(&client, hook).await.unwrap(), 0);
        assert!(w.due().await.is_empty(), "waits for the backoff");
        w.past_backoff(attempt);
        let due = w.due().await;
        assert_eq!(
            due.len(),
            1,
            "attempt {attempt}: the message is still there"
        );
        assert_eq!(due[0].delivery_id, delivery_id);
        assert_eq!(due[0].attempts, attempt + 1);
        assert_eq!(w.status(&number).await, CaseStatus::Decided);
    }
    assert_eq!(received.requests.lock().unwrap().len(), 3);
    // Once the webhook accepts, the message kept all along is delivered.
    *received.failures_left.lock().unwrap() = 0;
    assert_eq!(w.flow.deliver_due(&client, &failing).await.unwrap(), 1);
    assert!(w.due().await.is_empty());
    assert_eq!(w.status(&number).await, CaseStatus::Notified);
}

#[tokio::test]
async fn a_failed_attempt_is_retried_with_the_same_key_and_delivered_once_on_every_database() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(&dir, "delivery").await {
        a_failed_attempt_is_retried_with_the_same_key_and_delivered_once(&url).await;
    }
}

#[tokio::test]
async fn a_failing_webhook_never_loses_the_message_on_every_database() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(&dir, "delivery").await {
        a_failing_webhook_never_loses_the_message(&url).await;
    }
}
