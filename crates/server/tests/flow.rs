//! The case flow over HTTP, on SQLite and (when `SHESHIM_TEST_POSTGRES_URL` is set) on
//! PostgreSQL: a channel client registers applications with claims; the pipeline decides
//! them against registry facts; the citizen reads the answer with the access code; officers
//! work the queue, edit, hold a hearing; a supervisor stops automation; other agencies and
//! auditors are kept to what they may do; a case past its deadline is deemed refused.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use chrono::{NaiveDate, Utc};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use sheshim_domain::{Channel, Iin, Role, with_check_digit};
use sheshim_engine::{Flow, ManualClock};
use sheshim_registry::{Child, Fact, Member, PersonFacts};
use sheshim_server::router;
use sheshim_store::Store;
use std::sync::{Arc, LazyLock};
use tower::ServiceExt;

mod support;

static TRIAGE: LazyLock<Arc<sheshim_triage::Triage>> =
    LazyLock::new(|| Arc::new(sheshim_triage::Triage::seed().unwrap()));

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn iin(first10: &str) -> String {
    (0..10)
        .find_map(|last| with_check_digit(&format!("{first10}{last}")))
        .unwrap()
}

/// A mother whose youngest child is her `birth_order`-th, as the registry holds her.
fn mother(birth_order: u32, resident: bool) -> PersonFacts {
    let fact = |value| Fact {
        value,
        source: "store:registry_persons".to_owned(),
        as_of: date(2026, 2, 27),
    };
    PersonFacts {
        birth_date: Fact {
            value: date(1992, 4, 10),
            source: "store:registry_persons".to_owned(),
            as_of: date(2026, 2, 27),
        },
        sex: Fact {
            value: "F".to_owned(),
            source: "store:registry_persons".to_owned(),
            as_of: date(2026, 2, 27),
        },
        residence: Some(Fact {
            value: "Almaty".to_owned(),
            source: "store:registry_persons".to_owned(),
            as_of: date(2026, 2, 27),
        }),
        citizen: Some(fact(true)),
        permanent_resident: Some(fact(resident)),
        children: Some(Fact {
            value: (1..=birth_order)
                .map(|order| Child {
                    birth_date: date(2026 - 2 * (birth_order - order) as i32, 2, 1),
                    birth_order: order,
                })
                .collect(),
            source: "store:registry_persons".to_owned(),
            as_of: date(2026, 2, 27),
        }),
        household: Some(Fact {
            value: vec![Member {
                birth_date: date(1992, 4, 10),
                monthly_income: 250_000,
            }],
            source: "store:registry_persons".to_owned(),
            as_of: date(2026, 2, 27),
        }),
        monthly_income: Some(Fact {
            value: 250_000,
            source: "store:registry_persons".to_owned(),
            as_of: date(2026, 2, 27),
        }),
        disability_group: Some(Fact {
            value: 0,
            source: "store:registry_persons".to_owned(),
            as_of: date(2026, 2, 27),
        }),
        employed: Some(fact(true)),
    }
}

struct App {
    router: Router,
    flow: Flow,
    store: Arc<dyn Store>,
    clock: Arc<ManualClock>,
    portal: String,
    officer: String,
    supervisor: String,
    stranger: String,
    auditor: String,
    admin: String,
}

async fn app(url: &str) -> App {
    let (store, flow, state, clock) = support::flow_world(url, TRIAGE.clone()).await;
    let s = store.as_ref();
    App {
        router: router(state),
        portal: support::add_client(s, "egov-portal", Channel::Egov, 1_000_000).await,
        officer: support::add_user(s, "anna", Role::Officer, "MLSP").await,
        supervisor: support::add_user(s, "sultan", Role::Supervisor, "MLSP").await,
        stranger: support::add_user(s, "berik", Role::Officer, "MIA").await,
        auditor: support::add_user(s, "dana", Role::Auditor, "AUDIT").await,
        admin: support::add_user(s, "root", Role::Admin, "MLSP").await,
        flow,
        store,
        clock,
    }
}

impl App {
    async fn call(
        &self,
        method: Method,
        uri: &str,
        auth: (&str, &str),
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = Request::builder()
            .method(method)
            .uri(uri)
            .header(auth.0, auth.1);
        if body.is_some() {
            request = request.header(header::CONTENT_TYPE, "application/json");
        }
        let body = body.map_or_else(Body::empty, |b| Body::from(b.to_string()));
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

    fn bearer(token: &str) -> String {
        format!("Bearer {token}")
    }

    async fn get(&self, uri: &str, token: &str) -> (StatusCode, Value) {
        self.call(
            Method::GET,
            uri,
            ("authorization", &Self::bearer(token)),
            None,
        )
        .await
    }

    async fn act(&self, number: &str, token: &str, body: Value) -> (StatusCode, Value) {
        let uri = format!("/v1/cases/{number}/actions");
        self.call(
            Method::POST,
            &uri,
            ("authorization", &Self::bearer(token)),
            Some(body),
        )
        .await
    }

    /// Registers a childbirth-allowance application; returns its number and access code.
    async fn apply(&self, who: &str, facts: PersonFacts, claimed_order: i64) -> (String, String) {
        let iin = iin(who);
        self.store
            .put_registry_person(&Iin::parse(&iin).unwrap(), &facts, "test", Utc::now())
            .await
            .unwrap();
        let body = json!({
            "text": "Прошу назначить единовременное пособие на рождение ребёнка.",
            "language": "ru",
            "applicant": { "iin": iin, "name": "Айгерим Серикова" },
            "service": "childbirth-allowance",
            "claims": { "birth_order": claimed_order },
        });
        let (status, view) = self
            .call(
                Method::POST,
                "/v1/appeals",
                ("x-client-key", &self.portal),
                Some(body),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{view}");
        (
            view["registration_number"].as_str().unwrap().to_owned(),
            view["access_code"].as_str().unwrap().to_owned(),
        )
    }

    async fn run_pipeline(&self) {
        while self.flow.pipeline_batch(64).await.unwrap() > 0 {}
    }

    async fn citizen(&self, number: &str, code: &str) -> Value {
        let (status, view) = self
            .call(
                Method::GET,
                &format!("/v1/appeals/{number}"),
                ("access-code", code),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{view}");
        view
    }
}

async fn story(url: &str) {
    let app = app(url).await;

    // Claims of the wrong type and unknown services are refused, naming the field.
    let bad = json!({
        "text": "Прошу назначить пособие.", "applicant": { "iin": iin("9204104001"), "name": "А С" },
        "service": "childbirth-allowance", "claims": { "birth_order": "second" },
    });
    let (status, problem) = app
        .call(
            Method::POST,
            "/v1/appeals",
            ("x-client-key", &app.portal),
            Some(bad),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        problem["errors"][0]["field"], "claims.birth_order",
        "{problem}"
    );
    let unknown = json!({
        "text": "Прошу назначить пособие.", "applicant": { "iin": iin("9204104001"), "name": "А С" },
        "service": "moon-landing-allowance",
    });
    let (status, problem) = app
        .call(
            Method::POST,
            "/v1/appeals",
            ("x-client-key", &app.portal),
            Some(unknown),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "service", "{problem}");

    // 1. Confirmed by the registry: issued automatically, read by the citizen.
    let (confirmed, code) = app.apply("9204104001", mother(2, true), 2).await;
    let before = app.citizen(&confirmed, &code).await;
    assert!(before["answer"].is_null());
    app.run_pipeline().await;
    let view = app.citizen(&confirmed, &code).await;
    assert_eq!(view["status"], "decided", "{view}");
    let answer = &view["answer"];
    let text = answer["text"].as_str().unwrap();
    assert_eq!(answer["language"], "ru");
    assert_eq!(answer["outcome"], "granted");
    assert_eq!(answer["amount_tiyn"], 16_435_000);
    assert!(text.contains("164\u{a0}350"), "{text}");
    assert!(
        text.contains("Social Code of the Republic of Kazakhstan"),
        "{text}"
    );
    assert!(text.contains("ст. 91"), "{text}");
    assert!(text.contains("искусственного интеллекта"), "{text}");
    assert_eq!(answer["ai"]["prepared_with_ai"], true);
    assert_eq!(answer["ai"]["system"], "Sheshim");
    assert!(
        answer["ai"]["version"]
            .as_str()
            .unwrap()
            .starts_with("sheshim@")
    );
    // Without the code, or with another, nothing is told.
    let (status, _) = app
        .call(
            Method::GET,
            &format!("/v1/appeals/{confirmed}"),
            ("access-code", "AAAA-AAAA-AAAA"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // 2. A birth order the registry contradicts: to the officer, with the difference shown.
    let (mismatch, code) = app.apply("9204104002", mother(2, true), 3).await;
    app.run_pipeline().await;
    let (status, queue) = app.get("/v1/queue", &app.officer).await;
    assert_eq!(status, StatusCode::OK, "{queue}");
    let numbers: Vec<&str> = queue["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["registration_number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, vec![mismatch.as_str()], "{queue}");
    let (status, case) = app
        .get(&format!("/v1/cases/{mismatch}"), &app.officer)
        .await;
    assert_eq!(status, StatusCode::OK);
    let difference = &case["record"]["differences"][0];
    assert_eq!(difference["field"], "claims.birth_order");
    assert_eq!(
        (
            difference["claimed"].as_str(),
            difference["registry"].as_str()
        ),
        (Some("3"), Some("2"))
    );
    assert!(
        case["history"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "case.routed")
    );
    let version = case["version"].as_i64().unwrap();
    let edited = format!(
        "{}\nСведения о порядке рождения проверены по актовой записи.",
        case["record"]["draft"]["body"].as_str().unwrap()
    );
    // A body with a field of the client's own is a 422 that repeats neither its key nor its value.
    let (status, problem) = app
        .act(
            &mismatch,
            &app.officer,
            json!({ "action": "edit", "version": version, "zz_own_key": "Иванова Мария" }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = problem.to_string();
    assert!(
        !text.contains("zz_own_key") && !text.contains("Иванова"),
        "{text}"
    );
    // A stale version is a 412; the current one issues the edited answer.
    let (status, _) = app
        .act(
            &mismatch,
            &app.officer,
            json!({ "action": "edit", "version": version - 1, "body": edited }),
        )
        .await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    let (status, case) = app
        .act(
            &mismatch,
            &app.officer,
            json!({ "action": "edit", "version": version, "body": edited }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{case}");
    let view = app.citizen(&mismatch, &code).await;
    let text = view["answer"]["text"].as_str().unwrap();
    assert!(text.starts_with(&edited), "{text}");
    assert_eq!(view["answer"]["ai"]["checked_by"], "anna");
    assert!(
        text.contains("anna"),
        "the visible label names the officer: {text}"
    );

    // 3. With the stop switch on, a confirmed application is not issued automatically.
    let switch = json!({ "stopped": true, "reason": "checking the new rates" });
    let (status, _) = app
        .call(
            Method::PUT,
            "/v1/services/childbirth-allowance/automation",
            ("authorization", &App::bearer(&app.officer)),
            Some(switch.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only a supervisor");
    let (status, view) = app
        .call(
            Method::PUT,
            "/v1/services/childbirth-allowance/automation",
            ("authorization", &App::bearer(&app.supervisor)),
            Some(switch),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    let (stopped, code) = app.apply("9204104003", mother(2, true), 2).await;
    app.run_pipeline().await;
    let view = app.citizen(&stopped, &code).await;
    assert_eq!(view["status"], "in_review");
    assert!(view["answer"].is_null());
    let (_, services) = app
        .call(
            Method::GET,
            "/v1/services",
            ("x-client-key", &app.portal),
            None,
        )
        .await;
    let birth = services
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["code"] == "childbirth-allowance")
        .unwrap();
    assert_eq!(birth["automation_stopped"], true);
    assert_eq!(birth["claims"][0]["name"], "birth_order");
    assert!(services.as_array().unwrap().len() >= 10, "{services}");
    let (_, case) = app.get(&format!("/v1/cases/{stopped}"), &app.officer).await;
    assert_eq!(case["record"]["routing"]["reasons"], json!(["stop_switch"]));
    let resume = json!({ "stopped": false, "reason": "rates checked" });
    let (status, _) = app
        .call(
            Method::PUT,
            "/v1/services/childbirth-allowance/automation",
            ("authorization", &App::bearer(&app.supervisor)),
            Some(resume),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    // 4. A denial goes through the hearing.
    let (denied, code) = app.apply("9204104004", mother(1, false), 1).await;
    app.run_pipeline().await;
    let (_, case) = app.get(&format!("/v1/cases/{denied}"), &app.officer).await;
    assert_eq!(case["outcome"], "denied");
    let v = case["version"].as_i64().unwrap();
    let (status, problem) = app
        .act(
            &denied,
            &app.officer,
            json!({ "action": "approve", "version": v }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    let (status, case) = app
        .act(
            &denied,
            &app.officer,
            json!({ "action": "start_hearing", "version": v }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{case}");
    assert_eq!(case["status"], "awaiting_hearing");
    assert_eq!(case["record"]["hearing"]["earliest_final_on"], "2026-03-05");
    let v = case["version"].as_i64().unwrap();
    app.clock.advance(chrono::Duration::days(1));
    let (status, problem) = app
        .act(
            &denied,
            &app.officer,
            json!({ "action": "approve", "version": v }),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "no final act before 3 working days: {problem}"
    );
    let (status, case) = app.act(&denied, &app.officer, json!({ "action": "record_hearing_reply", "version": v, "reply": "Я живу в Алматы с 2015 года." })).await;
    assert_eq!(status, StatusCode::OK, "{case}");
    let v = case["version"].as_i64().unwrap();
    let (status, case) = app
        .act(
            &denied,
            &app.officer,
            json!({ "action": "approve", "version": v }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{case}");
    assert_eq!(
        app.citizen(&denied, &code).await["answer"]["outcome"],
        "denied"
    );

    // 5. Another agency's officer neither sees nor acts; an auditor reads and cannot act.
    let (status, _) = app
        .get(&format!("/v1/cases/{mismatch}"), &app.stranger)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, queue) = app.get("/v1/queue", &app.stranger).await;
    assert_eq!(queue["items"], json!([]));
    let (status, case) = app.get(&format!("/v1/cases/{stopped}"), &app.auditor).await;
    assert_eq!(status, StatusCode::OK);
    let v = case["version"].as_i64().unwrap();
    let (status, _) = app
        .act(
            &stopped,
            &app.auditor,
            json!({ "action": "approve", "version": v }),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .act(
            &stopped,
            &app.stranger,
            json!({ "action": "approve", "version": v }),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // An administrator of the same agency manages users, and reads no case.
    let (status, _) = app.get("/v1/queue", &app.admin).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.get(&format!("/v1/cases/{stopped}"), &app.admin).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // 6. Past its deadline, the case left in review is deemed refused.
    app.clock.advance(chrono::Duration::days(40));
    assert!(app.flow.mark_deemed_refusals().await.unwrap() >= 1);
    let (_, refused) = app
        .get("/v1/queue?status=deemed_refused", &app.supervisor)
        .await;
    let numbers: Vec<&str> = refused["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["registration_number"].as_str().unwrap())
        .collect();
    assert!(numbers.contains(&stopped.as_str()), "{refused}");
    assert!(refused["items"][0]["working_days_left"].as_i64().unwrap() < 0);

    let report = sheshim_store::verify_store(app.store.as_ref(), app.store.keyring(), &[])
        .await
        .unwrap();
    assert!(report.is_intact(), "{report:?}");
}

#[tokio::test]
async fn an_application_travels_from_intake_to_an_answer_with_officers_in_charge() {
    let dir = tempfile::tempdir().unwrap();
    for url in support::databases(&dir, "flow").await {
        story(&url).await;
    }
}
