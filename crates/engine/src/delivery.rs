//! Delivery of messages to the applicant (answers, hearing notices, acknowledgements) through
//! an integrator's webhook: each message is POSTed as JSON with an HMAC-SHA256 signature of
//! its body and its delivery id as idempotency key, retried with backoff until the webhook
//! answers 2xx — at least once, and never lost: the message stays in the outbox until then.

use crate::flow::{Flow, SYSTEM};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use sheshim_domain::{CaseEvent, CaseStatus};
use sheshim_store::{CaseChange, OutboxMessage, StoreError};
use std::time::Duration;

/// Where and how to deliver.
#[derive(Clone)]
pub struct Webhook {
    /// The integrator's URL.
    pub url: String,
    /// The shared secret the body is signed with.
    pub secret: Vec<u8>,
    /// How long one attempt may take.
    pub timeout: Duration,
}

impl std::fmt::Debug for Webhook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Webhook")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

/// The signature header's value for a body: `sha256=<hex HMAC-SHA256>`.
pub fn signature(secret: &[u8], body: &[u8]) -> String {
    let mut mac =
        <Hmac<Sha256> as KeyInit>::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// The wait before attempt `attempts + 1`: 2^attempts seconds, at most an hour.
pub fn backoff(attempts: u32) -> Duration {
    Duration::from_secs(1u64 << attempts.min(12)).min(Duration::from_secs(3600))
}

impl Flow {
    /// Delivers the messages that are due; returns how many were delivered.
    pub async fn deliver_due(
        &self,
        client: &reqwest::Client,
        webhook: &Webhook,
    ) -> Result<usize, StoreError> {
        let now = self.clock.now();
        let due = self.store.due_outbox(now, 64).await?;
        let mut delivered = 0;
        for message in due {
            let result = send(client, webhook, &message).await;
            let at = self.clock.now();
            let actor = format!("system:{SYSTEM}");
            match result {
                Ok(()) => {
                    self.store
                        .settle_outbox(&message, Ok(()), &actor, at)
                        .await?;
                    delivered += 1;
                    if message.kind == "answer" {
                        self.mark_notified(&message).await?;
                    }
                }
                Err(error) => {
                    tracing::warn!(delivery_id = %message.delivery_id, %error, "delivery failed; will retry");
                    let next = at
                        + chrono::Duration::from_std(backoff(message.attempts)).unwrap_or_default();
                    self.store
                        .settle_outbox(&message, Err((error, next)), &actor, at)
                        .await?;
                }
            }
        }
        Ok(delivered)
    }

    /// The applicant has the decision: the case is notified (if nothing else changed it).
    async fn mark_notified(&self, message: &OutboxMessage) -> Result<(), StoreError> {
        let Some(case) = self.store.case(&message.registration_number).await? else {
            return Ok(());
        };
        if case.appeal.status != CaseStatus::Decided {
            return Ok(());
        }
        let Ok(status) = case.appeal.status.apply(CaseEvent::Notify) else {
            return Ok(());
        };
        let mut change = CaseChange::new(
            &case,
            "case.notified",
            &format!("system:{SYSTEM}"),
            self.clock.now(),
        );
        change.status = Some(status);
        change.payload = serde_json::json!({ "delivery_id": message.delivery_id });
        self.commit(vec![change]).await?;
        Ok(())
    }

    /// Delivers until the task is aborted, looking for due messages every `every`.
    pub async fn run_delivery(self, webhook: Webhook, every: Duration) {
        let client = match reqwest::Client::builder().timeout(webhook.timeout).build() {
            Ok(client) => client,
            Err(error) => {
                tracing::error!(%error, "the webhook client cannot be built; nothing is delivered");
                return;
            }
        };
        loop {
            if let Err(error) = self.deliver_due(&client, &webhook).await {
                tracing::error!(%error, "delivering messages failed");
            }
            tokio::time::sleep(every).await;
        }
    }
}

/// One attempt; the error names the HTTP status or the transport failure, never the body.
async fn send(
    client: &reqwest::Client,
    webhook: &Webhook,
    message: &OutboxMessage,
) -> Result<(), String> {
    let body = serde_json::json!({
        "delivery_id": message.delivery_id,
        "registration_number": message.registration_number.as_str(),
        "kind": message.kind,
        "message": message.payload,
    })
    .to_string();
    let response = client
        .post(&webhook.url)
        .header("content-type", "application/json")
        .header("idempotency-key", &message.delivery_id)
        .header(
            "x-sheshim-signature",
            signature(&webhook.secret, body.as_bytes()),
        )
        .body(body)
        .send()
        .await
        .map_err(|e| format!("transport: {}", e.without_url()))?;
    if response.status().is_success() {
        Ok(())
    } else {
        Err(format!("HTTP {}", response.status().as_u16()))
    }
}
