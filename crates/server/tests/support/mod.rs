//! What the API's tests share: credentials made through the store, as `sheshim client add`
//! and `sheshim user add` make them, and the headers that carry them.

#![allow(
    dead_code,
    reason = "each test binary includes this module and uses only its own part of it"
)]

use axum::body::Body;
use axum::http::{Request, header};
use chrono::Utc;
use sheshim_crypto::{BearerSecret, SecretKind};
use sheshim_domain::{AccountName, AgencyCode, Channel, Role};
use sheshim_store::{NewClient, NewUser, Store};
use std::sync::LazyLock;

/// One password hash for every user of the tests: argon2 is slow on purpose, the more so in
/// a debug build, and no test signs in with a password.
static PASSWORD_HASH: LazyLock<String> =
    LazyLock::new(|| sheshim_crypto::hash_password("not used in these tests").unwrap());

/// A channel client's key and an auditor's token, for requests that are not about access.
pub struct Credentials {
    /// A web-channel client's key, with a rate no test reaches.
    pub client_key: String,
    /// An auditor's API token: reads every agency's appeals.
    pub auditor_token: String,
}

/// Adds the web client `test-portal` and the auditor `auditor` to the store.
pub async fn credentials(store: &dyn Store) -> Credentials {
    Credentials {
        client_key: add_client(store, "test-portal", Channel::Web, 1_000_000).await,
        auditor_token: add_user(store, "auditor", Role::Auditor, "AUDIT").await,
    }
}

/// Adds a channel client and returns its key.
pub async fn add_client(store: &dyn Store, name: &str, channel: Channel, rate: u32) -> String {
    let key = BearerSecret::generate(SecretKind::ClientKey).unwrap();
    let client = NewClient {
        name: AccountName::parse(name).unwrap(),
        channel,
        key_hash: key.hash(),
        rate_per_minute: rate,
    };
    store.add_client(client, "test", Utc::now()).await.unwrap();
    key.expose().to_owned()
}

/// Adds a user and returns their API token.
pub async fn add_user(store: &dyn Store, login: &str, role: Role, agency: &str) -> String {
    let token = BearerSecret::generate(SecretKind::UserToken).unwrap();
    let user = NewUser {
        login: AccountName::parse(login).unwrap(),
        role,
        agency: AgencyCode::parse(agency).unwrap(),
        password_hash: PASSWORD_HASH.clone(),
        token_hash: token.hash(),
    };
    store.add_user(user, "test", Utc::now()).await.unwrap();
    token.expose().to_owned()
}

impl Credentials {
    /// Adds the client key and the auditor's token to a request that carries no credentials
    /// of its own (the token not when it brings an access code, which a citizen sends alone).
    pub fn authorize(&self, request: &mut Request<Body>) {
        let headers = request.headers_mut();
        if headers.contains_key("x-client-key") || headers.contains_key(header::AUTHORIZATION) {
            return;
        }
        headers.insert("x-client-key", self.client_key.parse().unwrap());
        if !headers.contains_key("access-code") {
            let bearer = format!("Bearer {}", self.auditor_token);
            headers.insert(header::AUTHORIZATION, bearer.parse().unwrap());
        }
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
        static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let name = format!(
            "{tag}_{}_{}_{}",
            std::process::id(),
            Utc::now().timestamp_micros(),
            COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
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

/// The case flow over a fresh store at `url`, reading registry facts from the store, on a
/// clock at Monday 2 March 2026, 10:00 in Astana: the store, the flow, the server's state
/// and the clock.
pub async fn flow_world(
    url: &str,
    triage: std::sync::Arc<sheshim_triage::Triage>,
) -> (
    std::sync::Arc<dyn Store>,
    sheshim_engine::Flow,
    sheshim_server::AppState,
    std::sync::Arc<sheshim_engine::ManualClock>,
) {
    use chrono::TimeZone;
    use std::sync::Arc;
    let keys = Arc::new(sheshim_crypto::Keyring::generate().unwrap());
    let (store, _) = sheshim_store::open_attached(url, keys, Utc::now())
        .await
        .unwrap();
    let clock = Arc::new(sheshim_engine::ManualClock::new(
        Utc.with_ymd_and_hms(2026, 3, 2, 5, 0, 0).unwrap(),
    ));
    let (intake, _writer) = sheshim_engine::Intake::start(
        store.clone(),
        clock.clone(),
        sheshim_engine::IntakeOptions::default(),
    );
    let catalogue = Arc::new(
        sheshim_services::Catalogue::load(std::path::Path::new("../../services")).unwrap(),
    );
    let flow = sheshim_engine::Flow::new(
        store.clone(),
        catalogue,
        Arc::new(sheshim_store::StoreRegistry(store.clone())),
        triage.clone(),
        clock.clone(),
        intake.clone(),
        "seed".to_owned(),
    );
    let state = sheshim_server::AppState::new(store.clone(), intake, triage)
        .with_clock(clock.clone())
        .with_flow(flow.clone());
    (store, flow, state, clock)
}
