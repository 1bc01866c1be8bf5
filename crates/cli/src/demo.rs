//! `sheshim demo`: a fresh SQLite file seeded with example appeals in Kazakh, Russian and
//! English (written for the project), served on 127.0.0.1:8080.
//!
//! The seeds go through the real API, so the demo shows exactly what a client would get.

use crate::args::DbArgs;
use crate::args::DemoArgs;
use crate::keys::open_store;
use crate::serve::{serve_until, shutdown_signal};
use anyhow::Context;
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
    let triage = crate::serve::triage_models(None).await?;
    let listener = TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let base = format!("http://{}", listener.local_addr()?);
    let parts = crate::serve::Parts::around(store, triage, std::path::Path::new("services"))?;
    let server = tokio::spawn(serve_until(listener, parts, shutdown_signal()));

    let appeals: Vec<serde_json::Value> =
        serde_json::from_str(DEMO_APPEALS).context("the demo appeals file is not valid JSON")?;
    let client = reqwest::Client::new();
    let mut first_number = None;
    let mut triaged = Vec::new();
    for (index, appeal) in appeals.iter().enumerate() {
        let response = client
            .post(format!("{base}/v1/appeals"))
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

    println!("Sheshim demo: {} appeals registered in {db}", appeals.len());
    println!("Triage (POST /v1/triage; seed models, advisory):");
    for (number, view) in &triaged {
        println!("  {}", triage_line(number, view));
    }
    println!("  health:   {base}/healthz");
    println!("  appeals:  {base}/v1/appeals");
    if let Some(number) = first_number {
        println!("  one:      {base}/v1/appeals/{number}");
    }
    println!("  triage:   POST {base}/v1/triage with {{\"text\": \"...\"}}");
    println!("  openapi:  {base}/openapi.json");
    println!("  metrics:  {base}/metrics");
    println!("Press Ctrl-C to stop.");
    server.await.context("the server task failed")??;
    Ok(ExitCode::SUCCESS)
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
