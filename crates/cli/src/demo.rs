//! `sheshim demo`: a fresh SQLite file seeded with example appeals in Kazakh, Russian and
//! English (written for the project), served on 127.0.0.1:8080 with the officers' web
//! workspace under `/workspace/`.
//!
//! The seeds go through the real API, so the demo shows exactly what a client would get:
//! each is submitted with the key of a channel client made for the demo for its channel
//! (`demo-web`, `demo-egov`, …), and the demo prints those keys, the officials' sign-in
//! details and the first appeal's access code.
//!
//! What it prints is read by people and by the browser tests (`crates/cli/tests/browser.rs`),
//! so these lines keep their shape (two spaces indent the listed ones):
//!
//! - `Workspace: http://ADDR/workspace/` — the web workspace's address;
//! - `  LOGIN (ROLE of AGENCY): password PASSWORD  token TOKEN` — one per official, after the
//!   line `Officials …:`; ROLE is `officer`, `supervisor`, `auditor` or `admin`, PASSWORD
//!   is a one-time password (the workspace asks for a new one at the first sign-in) and
//!   TOKEN an API token for `Authorization: Bearer`;
//! - `  NUMBER (access code CODE): WHAT — now STATUS, OUTCOME` — one per application; the
//!   application whose claim the registry contradicts has `registry contradicts` in WHAT;
//! - ``  client key of `demo-CHANNEL` (channel CHANNEL): KEY`` — one per channel client;
//! - `Press Ctrl-C to stop.` — the last line, once everything is seeded and served.

use crate::args::DbArgs;
use crate::args::DemoArgs;
use crate::keys::open_store;
use crate::serve::{serve_until, shutdown_signal};
use anyhow::Context;
use sheshim_crypto::{BearerSecret, SecretKind};
use sheshim_domain::{AccountName, Channel};
use sheshim_server::CLIENT_KEY_HEADER;
use sheshim_store::{NewClient, Store};
use std::collections::BTreeMap;
use std::process::ExitCode;
use tokio::net::TcpListener;

/// The example appeals, in the API's request format.
const DEMO_APPEALS: &str = include_str!("../demo/appeals.json");

/// Replaces the demo database and its key file, seeds it and serves it until Ctrl-C.
pub async fn run(args: &DemoArgs) -> anyhow::Result<ExitCode> {
    let file = args.data_dir.join("demo.db");
    for suffix in ["", "-wal", "-shm", ".keys"] {
        let path = format!("{}{suffix}", file.display());
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(error).with_context(|| format!("cannot remove {path}")),
        }
    }
    let db = format!("sqlite://{}", file.display());
    let (store, _) = open_store(&DbArgs {
        db: db.clone(),
        keys: None,
    })
    .await?;
    let appeals: Vec<serde_json::Value> =
        serde_json::from_str(DEMO_APPEALS).context("the demo appeals file is not valid JSON")?;
    let credentials = demo_credentials(store.as_ref(), &appeals).await?;
    let today = crate::clock::today(crate::clock::system());
    std::fs::create_dir_all(&args.data_dir)
        .with_context(|| format!("cannot create {}", args.data_dir.display()))?;
    let registry = crate::demo_cases::population(&args.data_dir, today)?;
    let officials = crate::demo_cases::officials(store.as_ref()).await?;
    let backdated = crate::demo_cases::backdated_appeals(store.clone()).await?;
    let applications = crate::demo_cases::applications(&registry, today)?;
    let triage = crate::serve::triage_models(None).await?;
    let listener = TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let base = format!("http://{}", listener.local_addr()?);
    let mut parts = crate::serve::Parts::around(store, triage, std::path::Path::new("services"))?;
    parts.registry = registry;
    let embedder = crate::grounding::embedder(&args.grounding)?;
    parts.describer = crate::grounding::describer(embedder.clone()).await?;
    parts.grounding = crate::grounding::build(
        &args.grounding,
        std::path::Path::new("services"),
        &parts.store,
        embedder,
    )
    .await?;
    let server = tokio::spawn(serve_until(listener, parts, shutdown_signal()));

    let client = reqwest::Client::new();
    let mut first_number = None;
    let mut first_code = None;
    let mut triaged = Vec::new();
    for (index, appeal) in appeals.iter().enumerate() {
        let key = credentials.key_for(appeal)?;
        let response = client
            .post(format!("{base}/v1/appeals"))
            .header(CLIENT_KEY_HEADER, key.expose())
            .header("idempotency-key", format!("demo-{index}"))
            .json(appeal)
            .send()
            .await
            .context("cannot submit a demo appeal")?;
        let status = response.status();
        let body: serde_json::Value = response.json().await.context("unreadable answer")?;
        anyhow::ensure!(
            status.as_u16() == 201,
            "demo appeal {index} was refused: {body}"
        );
        if first_number.is_none() {
            first_number = body["registration_number"].as_str().map(str::to_owned);
            first_code = body["access_code"].as_str().map(str::to_owned);
        }
        let number = body["registration_number"]
            .as_str()
            .unwrap_or("?")
            .to_owned();
        let triage = client
            .post(format!("{base}/v1/triage"))
            .json(&serde_json::json!({"text": appeal["text"]}))
            .send()
            .await
            .context("cannot triage a demo appeal")?;
        let status = triage.status();
        let view: serde_json::Value = triage.json().await.context("unreadable answer")?;
        anyhow::ensure!(
            status.is_success(),
            "demo appeal {index} could not be triaged: {view}"
        );
        triaged.push((number, view));
    }

    let key = credentials
        .client_keys
        .values()
        .next()
        .context("the demo has no channel client")?;
    let seeded =
        crate::demo_flow::submit(&client, &base, key.expose(), &applications, &officials).await?;

    println!(
        "Sheshim demo: {} appeals and {} applications registered in {db}",
        appeals.len(),
        seeded.len()
    );
    println!(
        "Applications (the pipeline decided them against the population in {}):",
        args.data_dir.join("demo-population.parquet").display()
    );
    for line in &seeded {
        println!("  {line}");
    }
    println!("Appeals registered as if they had arrived earlier:");
    for line in &backdated {
        println!("  {line}");
    }
    println!("Workspace: {base}/workspace/");
    println!(
        "Officials (one-time password for the workspace's sign-in; API token for `Authorization: Bearer`):"
    );
    for official in &officials {
        println!(
            "  {} ({} of {}): password {}  token {}",
            official.login,
            official.role.code(),
            official.agency,
            official.password.as_str(),
            official.token.expose()
        );
    }
    println!("Triage (POST /v1/triage; seed models, advisory):");
    for (number, view) in &triaged {
        println!("  {}", triage_line(number, view));
    }
    println!("Access (each shown only now; the store keeps hashes):");
    for (channel, key) in &credentials.client_keys {
        println!(
            "  client key of `demo-{channel}` (channel {channel}): {}",
            key.expose()
        );
    }
    println!("  health:   {base}/healthz");
    println!("  submit:   POST {base}/v1/appeals with `X-Client-Key: <client key>`");
    println!("  appeals:  {base}/v1/appeals with `Authorization: Bearer <API token>`");
    if let Some(number) = first_number {
        println!("  one:      {base}/v1/appeals/{number} with the API token, or as its citizen:");
        if let Some(code) = first_code {
            println!("            curl -H 'Access-Code: {code}' {base}/v1/appeals/{number}");
        }
    }
    println!("  queue:    {base}/v1/queue and {base}/v1/cases/<number> with an official's token");
    println!("  services: {base}/v1/services");
    println!("  triage:   POST {base}/v1/triage with {{\"text\": \"...\"}}");
    println!("  openapi:  {base}/openapi.json");
    println!("  metrics:  {base}/metrics");
    println!("Press Ctrl-C to stop.");
    server.await.context("the server task failed")??;
    Ok(ExitCode::SUCCESS)
}

/// The demo's channel clients, one per channel its appeals arrive by.
struct DemoCredentials {
    client_keys: BTreeMap<Channel, BearerSecret>,
}

impl DemoCredentials {
    /// The key of the client of a demo appeal's channel.
    fn key_for(&self, appeal: &serde_json::Value) -> anyhow::Result<&BearerSecret> {
        let channel = demo_channel(appeal)?;
        self.client_keys
            .get(&channel)
            .with_context(|| format!("no demo client for channel {channel}"))
    }
}

/// The channel a demo appeal names (web when it names none).
fn demo_channel(appeal: &serde_json::Value) -> anyhow::Result<Channel> {
    let code = appeal["channel"].as_str().unwrap_or("web");
    Channel::parse(code).with_context(|| format!("a demo appeal has the unknown channel {code}"))
}

/// Adds a channel client `demo-<channel>` for each channel of the demo's appeals to a fresh
/// store.
async fn demo_credentials(
    store: &dyn Store,
    appeals: &[serde_json::Value],
) -> anyhow::Result<DemoCredentials> {
    let at = crate::clock::now(crate::clock::system());
    let mut client_keys = BTreeMap::new();
    for appeal in appeals {
        let channel = demo_channel(appeal)?;
        if client_keys.contains_key(&channel) {
            continue;
        }
        let key = BearerSecret::generate(SecretKind::ClientKey)?;
        let client = NewClient {
            name: AccountName::parse(&format!("demo-{channel}"))?,
            channel,
            key_hash: key.hash(),
            rate_per_minute: 600,
        };
        store.add_client(client, "system:demo", at).await?;
        client_keys.insert(channel, key);
    }
    Ok(DemoCredentials { client_keys })
}

/// One line of the demo's triage table: what a `TriageView` says, with confidences.
fn triage_line(number: &str, view: &serde_json::Value) -> String {
    let scored = |name: &str| {
        format!(
            "{}={} ({:.2})",
            name,
            view[name]["value"].as_str().unwrap_or("?"),
            view[name]["confidence"].as_f64().unwrap_or(0.0)
        )
    };
    let findings: Vec<&str> = view["findings"]
        .as_array()
        .map(|all| all.iter().filter_map(|f| f["kind"].as_str()).collect())
        .unwrap_or_default();
    format!(
        "{number}  {}  {}  {}  {}  {}  personal data: {}",
        scored("language"),
        scored("kind"),
        scored("topic"),
        scored("agency"),
        scored("urgency"),
        if findings.is_empty() {
            "none".to_owned()
        } else {
            findings.join(", ")
        }
    )
}
