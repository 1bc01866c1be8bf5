//! The HTTP side: one bounded POST to `{base}/v1/chat/completions` and its answer.
//!
//! Every call is bounded three ways: a total timeout from connecting to the last byte, a cap
//! on the answer's text, and a cap on the raw body (so a server that sends endless comments
//! or padding is stopped too). The client follows no redirects and uses no proxy from the
//! environment, so nothing is sent anywhere but the configured base URL. Before anything is
//! sent, the messages are searched for personal data; a text with an IIN, a phone number or
//! an e-mail address is refused, not sent.

use std::time::Duration;

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE};
use sheshim_pii::PiiKind;

use crate::answer::{SseDecoder, parse_json};
use crate::{LlmConfig, LlmError};

/// The kinds of personal data whose presence stops a request. The caller masks the text;
/// this is the last check that the masking happened.
pub const REFUSED_KINDS: [PiiKind; 3] = [PiiKind::Iin, PiiKind::Phone, PiiKind::Email];

/// The raw body may be this many times the answer cap: streamed answers carry a JSON
/// envelope around every few characters.
const RAW_BODY_FACTOR: usize = 32;

/// A client for one model server, cheap to clone.
#[derive(Debug, Clone)]
pub struct LlmClient {
    config: LlmConfig,
    http: reqwest::Client,
}

impl LlmClient {
    /// Builds the HTTP client for `config`.
    ///
    /// # Errors
    /// [`LlmError::Transport`] when the HTTP client cannot be built.
    pub fn new(config: LlmConfig) -> Result<Self, LlmError> {
        let http = reqwest::Client::builder()
            .timeout(config.timeout())
            .connect_timeout(config.timeout().min(Duration::from_secs(10)))
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .build()
            .map_err(|e| LlmError::Transport(e.to_string()))?;
        Ok(Self { config, http })
    }

    /// The configuration this client was built with.
    #[must_use]
    pub fn config(&self) -> &LlmConfig {
        &self.config
    }

    /// Sends a system and a user message with temperature 0 and returns the answer's text.
    ///
    /// # Errors
    /// [`LlmError::Refused`] before sending when either message still holds an IIN, phone or
    /// e-mail; otherwise the typed failure of the call.
    pub async fn complete(&self, system: &str, user: &str) -> Result<String, LlmError> {
        refuse_personal_data(system)?;
        refuse_personal_data(user)?;
        let body = serde_json::json!({
            "model": self.config.model().as_str(),
            "messages": [
                {"role": "system", "content": system},
                {"role": "user", "content": user},
            ],
            "temperature": 0,
            "stream": self.config.stream(),
        });
        // reqwest's own timeout covers the same span; this one turns it into a typed
        // `Timeout` however the wait ends (connecting, headers or a body that never ends).
        match tokio::time::timeout(self.config.timeout(), self.call(&body)).await {
            Ok(result) => result,
            Err(_) => Err(LlmError::Timeout),
        }
    }

    async fn call(&self, body: &serde_json::Value) -> Result<String, LlmError> {
        let bytes = serde_json::to_vec(body).map_err(|e| LlmError::Transport(e.to_string()))?;
        let mut request = self
            .http
            .post(self.config.base_url().chat_completions())
            .header(CONTENT_TYPE, "application/json")
            .body(bytes);
        if let Some(key) = self.config.api_key() {
            request = request.header(AUTHORIZATION, format!("Bearer {}", key.expose()));
        }
        let mut response = request.send().await.map_err(transport)?;
        let status = response.status();
        if !status.is_success() {
            return Err(LlmError::Http(status.as_u16()));
        }
        let is_stream = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/event-stream"));
        let max_answer = self.config.max_answer_bytes();
        let max_raw = max_answer.saturating_mul(RAW_BODY_FACTOR).max(64 * 1024);
        let mut raw = 0usize;
        if is_stream {
            let mut decoder = SseDecoder::new(max_answer);
            while let Some(piece) = response.chunk().await.map_err(transport)? {
                raw = raw.saturating_add(piece.len());
                if raw > max_raw {
                    return Err(LlmError::TooLong);
                }
                decoder.feed(&piece)?;
                if decoder.is_done() {
                    break;
                }
            }
            decoder.finish()
        } else {
            let mut body = Vec::new();
            while let Some(piece) = response.chunk().await.map_err(transport)? {
                raw = raw.saturating_add(piece.len());
                if raw > max_raw {
                    return Err(LlmError::TooLong);
                }
                body.extend_from_slice(&piece);
            }
            parse_json(&body, max_answer)
        }
    }
}

/// Refuses a text in which personal data of a [`REFUSED_KINDS`] kind is still found.
///
/// # Errors
/// [`LlmError::Refused`] with the kinds found, in order, without the data itself.
pub fn refuse_personal_data(text: &str) -> Result<(), LlmError> {
    let mut kinds: Vec<PiiKind> = sheshim_pii::find(text)
        .into_iter()
        .map(|f| f.kind)
        .filter(|k| REFUSED_KINDS.contains(k))
        .collect();
    kinds.sort();
    kinds.dedup();
    if kinds.is_empty() {
        Ok(())
    } else {
        Err(LlmError::Refused(kinds))
    }
}

/// A reqwest failure as a typed error: its own timeout is a timeout, the rest is transport.
fn transport(error: reqwest::Error) -> LlmError {
    if error.is_timeout() {
        LlmError::Timeout
    } else {
        LlmError::Transport(error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_text_passes_and_personal_data_is_refused() {
        assert_eq!(
            refuse_personal_data("Заявитель [IIN], тел. [PHONE], просит перерасчёт."),
            Ok(())
        );
        let found = refuse_personal_data(
            "ИИН 900315300127, пишите на aigul@mail.kz или звоните +7 701 234 56 78",
        );
        assert_eq!(
            found,
            Err(LlmError::Refused(vec![
                PiiKind::Iin,
                PiiKind::Phone,
                PiiKind::Email
            ]))
        );
    }
}
