//! `sheshim demo`: a fresh SQLite file seeded with example appeals in Kazakh, Russian and
//! English (written for the project), served on 127.0.0.1:8080.
//!
//! The seeds go through the real API, so the demo shows exactly what a client would get.

use crate::args::DemoArgs;
use crate::serve::{open_migrated, serve_until, shutdown_signal};
use anyhow::Context;
use std::process::ExitCode;
use tokio::net::TcpListener;

/// The example appeals, in the API's request format.
const DEMO_APPEALS: &str = include_str!("../demo/appeals.json");

/// Replaces the demo database, seeds it and serves it until Ctrl-C.
pub async fn run(args: &DemoArgs) -> anyhow::Result<ExitCode> {
    let file = args.data_dir.join("demo.db");
    for suffix in ["", "-wal", "-shm"] {
        let path = format!("{}{suffix}", file.display());
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(error).with_context(|| format!("cannot remove {path}")),
        }
    }
    let db = format!("sqlite://{}", file.display());
    let store = open_migrated(&db).await?;
    let listener = TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let base = format!("http://{}", listener.local_addr()?);
    let server = tokio::spawn(serve_until(listener, store, shutdown_signal()));

    let appeals: Vec<serde_json::Value> =
        serde_json::from_str(DEMO_APPEALS).context("the demo appeals file is not valid JSON")?;
    let client = reqwest::Client::new();
    let mut first_number = None;
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
    }

    println!("Sheshim demo: {} appeals registered in {db}", appeals.len());
    println!("  health:   {base}/healthz");
    println!("  appeals:  {base}/v1/appeals");
    if let Some(number) = first_number {
        println!("  one:      {base}/v1/appeals/{number}");
    }
    println!("  openapi:  {base}/openapi.json");
    println!("  metrics:  {base}/metrics");
    println!("Press Ctrl-C to stop.");
    server.await.context("the server task failed")??;
    Ok(ExitCode::SUCCESS)
}
