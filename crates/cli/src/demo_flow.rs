//! The demo's applications through the API: submitted with a channel client's key, followed
//! until the pipeline has decided or routed each, and the denial taken to its hearing by the
//! ministry's officer — what a portal and an officer would do.

use crate::demo_cases::{Application, Official};
use anyhow::Context;
use sheshim_domain::Role;
use sheshim_server::CLIENT_KEY_HEADER;
use std::time::Duration;

/// Submits the applications and returns a line per application: its number, access code,
/// what it shows and where it stands.
pub async fn submit(
    client: &reqwest::Client,
    base: &str,
    key: &str,
    applications: &[Application],
    officials: &[Official],
) -> anyhow::Result<Vec<String>> {
    let mut registered = Vec::new();
    for (index, application) in applications.iter().enumerate() {
        let response = client
            .post(format!("{base}/v1/appeals"))
            .header(CLIENT_KEY_HEADER, key)
            .header("idempotency-key", format!("demo-application-{index}"))
            .json(&application.body)
            .send()
            .await
            .context("cannot submit a demo application")?;
        let status = response.status();
        let body: serde_json::Value = response.json().await.context("unreadable answer")?;
        anyhow::ensure!(
            status.as_u16() == 201,
            "demo application {index} was refused: {body}"
        );
        let number = body["registration_number"]
            .as_str()
            .unwrap_or("?")
            .to_owned();
        let code = body["access_code"].as_str().unwrap_or("?").to_owned();
        registered.push((number, code, application.what));
    }
    let officer = officials
        .iter()
        .find(|o| o.agency == "MLSP" && o.role == Role::Officer)
        .context("the demo has no ministry officer")?;
    let mut lines = Vec::new();
    for (number, code, what) in registered {
        let view = decided(client, base, &number, &code).await?;
        let mut status = view["status"].as_str().unwrap_or("?").to_owned();
        if what.contains("hearing") {
            status = start_hearing(client, base, &number, officer.token.expose()).await?;
        }
        let outcome = view["answer"]["outcome"]
            .as_str()
            .unwrap_or("no answer yet");
        lines.push(format!(
            "{number} (access code {code}): {what} — now {status}, {outcome}"
        ));
    }
    Ok(lines)
}

/// The citizen's view once the pipeline has finished with the case (at most ten seconds).
async fn decided(
    client: &reqwest::Client,
    base: &str,
    number: &str,
    code: &str,
) -> anyhow::Result<serde_json::Value> {
    for _ in 0..100 {
        let view: serde_json::Value = client
            .get(format!("{base}/v1/appeals/{number}"))
            .header("access-code", code)
            .send()
            .await?
            .json()
            .await?;
        if view["status"] != "registered" {
            return Ok(view);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    anyhow::bail!("the pipeline did not reach {number} within ten seconds")
}

/// The officer issues the preliminary decision and the hearing notice.
async fn start_hearing(
    client: &reqwest::Client,
    base: &str,
    number: &str,
    token: &str,
) -> anyhow::Result<String> {
    let case: serde_json::Value = client
        .get(format!("{base}/v1/cases/{number}"))
        .bearer_auth(token)
        .send()
        .await?
        .json()
        .await?;
    let response = client
        .post(format!("{base}/v1/cases/{number}/actions"))
        .bearer_auth(token)
        .json(&serde_json::json!({ "action": "start_hearing", "version": case["version"] }))
        .send()
        .await?;
    let status = response.status();
    let case: serde_json::Value = response.json().await?;
    anyhow::ensure!(
        status.is_success(),
        "the demo hearing could not start: {case}"
    );
    Ok(case["status"].as_str().unwrap_or("?").to_owned())
}
