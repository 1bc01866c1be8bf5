//! What the handler tests share: the app (store, flow, manual clock, the catalogue in
//! `../../services`, the registry in the store) served by the API's router with the
//! workspace's routes, users made through the store as `sheshim user add` makes them, and
//! applications registered through the API.

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use chrono::{NaiveDate, TimeZone, Utc};
use http_body_util::BodyExt;
use serde_json::json;
use sheshim_crypto::{BearerSecret, SecretKind};
use sheshim_domain::{AccountName, AgencyCode, Channel, Iin, Role, with_check_digit};
use sheshim_engine::{Flow, Intake, IntakeOptions, ManualClock};
use sheshim_registry::{Child, Fact, Member, PersonFacts};
use sheshim_server::AppState;
use sheshim_services::Catalogue;
use sheshim_store::{NewClient, NewUser, Store, StoreRegistry};
use sheshim_workspace::WorkspaceConfig;
use std::sync::{Arc, LazyLock};
use tower::ServiceExt;

pub use crate::browser::{Browser, Page, form, unescape};

/// The password every test user has (argon2 is slow in a debug build: hashed once).
pub const PASSWORD: &str = "correct horse battery staple";

static PASSWORD_HASH: LazyLock<String> =
    LazyLock::new(|| sheshim_crypto::hash_password(PASSWORD).unwrap());

static TRIAGE: LazyLock<Arc<sheshim_triage::Triage>> =
    LazyLock::new(|| Arc::new(sheshim_triage::Triage::seed().unwrap()));

/// The app under test.
pub struct App {
    pub router: Router,
    pub store: Arc<dyn Store>,
    pub flow: Flow,
    pub clock: Arc<ManualClock>,
    pub config: WorkspaceConfig,
    portal: String,
}

/// A date.
pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// An IIN with a right check digit.
pub fn iin(first10: &str) -> String {
    (0..10)
        .find_map(|last| with_check_digit(&format!("{first10}{last}")))
        .unwrap()
}

/// A mother whose youngest child is her `birth_order`-th, as the registry holds her.
pub fn mother(birth_order: u32, resident: bool) -> PersonFacts {
    fn fact<T>(value: T) -> Fact<T> {
        Fact {
            value,
            source: "store:registry_persons".to_owned(),
            as_of: date(2026, 2, 27),
        }
    }
    PersonFacts {
        birth_date: fact(date(1992, 4, 10)),
        sex: fact("F".to_owned()),
        residence: Some(fact("Almaty".to_owned())),
        citizen: Some(fact(true)),
        permanent_resident: Some(fact(resident)),
        children: Some(fact(
            (1..=birth_order)
                .map(|order| Child {
                    birth_date: date(2026 - 2 * (birth_order - order) as i32, 2, 1),
                    birth_order: order,
                })
                .collect(),
        )),
        household: Some(fact(vec![Member {
            birth_date: date(1992, 4, 10),
            monthly_income: 250_000,
        }])),
        monthly_income: Some(fact(250_000)),
        disability_group: Some(fact(0)),
        employed: Some(fact(true)),
    }
}

/// Drafts of appeals grounded on the catalogue's legal passages (BM25; no model).
fn grounding() -> Arc<sheshim_engine::Grounding> {
    let mut sources = sheshim_search::Sources::new();
    sources
        .add_catalogue(std::path::Path::new("../../services"))
        .unwrap();
    let index = sheshim_search::SearchIndex::build(sources, Default::default()).unwrap();
    Arc::new(sheshim_engine::Grounding::new(
        Arc::new(index),
        sheshim_engine::GroundingOptions::default(),
    ))
}

/// The app on the database `url`, its clock at Monday 2 March 2026, 10:00 in Astana.
pub async fn app(url: &str) -> App {
    let keys = Arc::new(sheshim_crypto::Keyring::generate().unwrap());
    let (store, _) = sheshim_store::open_attached(url, keys, Utc::now())
        .await
        .unwrap();
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 3, 2, 5, 0, 0).unwrap(),
    ));
    let (intake, _writer) = Intake::start(store.clone(), clock.clone(), IntakeOptions::default());
    let catalogue = Arc::new(Catalogue::load(std::path::Path::new("../../services")).unwrap());
    let flow = Flow::new(
        store.clone(),
        catalogue,
        Arc::new(StoreRegistry(store.clone())),
        TRIAGE.clone(),
        clock.clone(),
        intake.clone(),
        "seed".to_owned(),
    )
    .with_grounding(grounding());
    let state = AppState::new(store.clone(), intake, TRIAGE.clone())
        .with_clock(clock.clone())
        .with_flow(flow.clone());
    let config = WorkspaceConfig::default();
    let router =
        sheshim_server::router_with(state, sheshim_workspace::routes(config.clone()), true);
    let key = BearerSecret::generate(SecretKind::ClientKey).unwrap();
    let client = NewClient {
        name: AccountName::parse("egov-portal").unwrap(),
        channel: Channel::Egov,
        key_hash: key.hash(),
        rate_per_minute: 1_000_000,
    };
    store.add_client(client, "test", Utc::now()).await.unwrap();
    App {
        router,
        store,
        flow,
        clock,
        config,
        portal: key.expose().to_owned(),
    }
}

/// The databases a story runs on: a fresh SQLite file in `dir`, and a fresh PostgreSQL
/// database when `SHESHIM_TEST_POSTGRES_URL` names a server.
pub async fn databases(dir: &tempfile::TempDir, tag: &str) -> Vec<String> {
    let mut urls = vec![format!(
        "sqlite://{}",
        dir.path().join(format!("{tag}.db")).display()
    )];
    if let Ok(url) = std::env::var("SHESHIM_TEST_POSTGRES_URL")
        && !url.is_empty()
    {
        let name = format!(
            "ws_{tag}_{}_{}",
            std::process::id(),
            Utc::now().timestamp_micros()
        );
        let admin = sqlx::PgPool::connect(&url).await.unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
            .execute(&admin)
            .await
            .unwrap();
        admin.close().await;
        let base = &url[..url.rfind('/').unwrap()];
        urls.push(format!("{base}/{name}"));
    }
    urls
}

impl App {
    /// Adds a user with [`PASSWORD`] who must change it at the first sign-in.
    pub async fn add_new_user(&self, login: &str, role: Role, agency: &str) {
        let token = BearerSecret::generate(SecretKind::UserToken).unwrap();
        let user = NewUser {
            login: AccountName::parse(login).unwrap(),
            role,
            agency: AgencyCode::parse(agency).unwrap(),
            password_hash: PASSWORD_HASH.clone(),
            token_hash: token.hash(),
        };
        self.store.add_user(user, "test", Utc::now()).await.unwrap();
    }

    /// Adds a user with [`PASSWORD`] who has already changed it.
    pub async fn add_user(&self, login: &str, role: Role, agency: &str) {
        self.add_new_user(login, role, agency).await;
        let account = self
            .store
            .sign_in_account(&AccountName::parse(login).unwrap())
            .await
            .unwrap()
            .unwrap();
        self.store
            .change_password(account.user_id, &PASSWORD_HASH, Utc::now())
            .await
            .unwrap();
    }

    /// A browser with no cookies, asking for `accept_language`.
    pub fn browser(&self, accept_language: &str) -> Browser<'_> {
        Browser::new(self, accept_language)
    }

    /// Signs `login` in with [`PASSWORD`] (English pages) and checks it worked.
    pub async fn signed_in(&self, login: &str) -> Browser<'_> {
        let mut browser = self.browser("en");
        let page = browser
            .post_form(
                "/workspace/sign-in",
                &[("login", login), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        assert_ne!(page.location(), "/workspace/password");
        browser.expect_lang = Some("en".to_owned());
        browser
    }

    /// Registers an application (or, without a service, an appeal to `agency`) through the
    /// API; returns its number.
    pub async fn apply(
        &self,
        who: &str,
        facts: Option<PersonFacts>,
        body: serde_json::Value,
    ) -> String {
        let iin = iin(who);
        if let Some(facts) = facts {
            self.store
                .put_registry_person(&Iin::parse(&iin).unwrap(), &facts, "test", Utc::now())
                .await
                .unwrap();
        }
        let mut body = body;
        body["applicant"] =
            json!({ "iin": iin, "name": "Айгерим Серикова", "phone": "+77011234567" });
        let request = Request::builder()
            .method(Method::POST)
            .uri("/v1/appeals")
            .header("x-client-key", &self.portal)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let view: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(status, StatusCode::CREATED, "{view}");
        view["registration_number"].as_str().unwrap().to_owned()
    }

    /// A childbirth-allowance application claiming `claimed` as the birth order.
    pub async fn childbirth(&self, who: &str, facts: PersonFacts, claimed: i64) -> String {
        self.apply(
            who,
            Some(facts),
            json!({
                "text": "Прошу назначить единовременное пособие на рождение ребёнка.",
                "language": "ru",
                "service": "childbirth-allowance",
                "claims": { "birth_order": claimed },
            }),
        )
        .await
    }

    /// Runs the pipeline until no case is pending.
    pub async fn run_pipeline(&self) {
        while self.flow.pipeline_batch(64).await.unwrap() > 0 {}
    }

    /// The audit log's actions, in order.
    pub async fn audit_actions(&self) -> Vec<(String, String, String)> {
        self.store
            .audit_entries(0, 100_000)
            .await
            .unwrap()
            .into_iter()
            .map(|e| (e.entry.action, e.entry.actor, e.entry.subject))
            .collect()
    }

    /// The stored case.
    pub async fn case(&self, number: &str) -> sheshim_store::StoredCase {
        let number = sheshim_domain::RegistrationNumber::parse(number).unwrap();
        self.store.case(&number).await.unwrap().unwrap()
    }
}
