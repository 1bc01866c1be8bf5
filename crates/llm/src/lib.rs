//! An optional on-premises language model: a bounded client for the OpenAI-compatible
//! chat-completions API (served by vLLM, llama.cpp's server and Ollama), the versioned prompt
//! that asks it to reword a grounded draft from numbered sources only, and the checks that
//! decide whether its rewrite may be shown to an officer.
//!
//! - [`LlmConfig`] — base URL, model, key (never printed), timeout and answer cap;
//! - [`LlmClient::complete`] — one POST, plain JSON or server-sent events, typed [`LlmError`]s;
//!   a text that still holds an IIN, a phone number or an e-mail address is refused before
//!   anything is sent;
//! - [`LlmClient::rewrite`] — the rewrite of a [`GroundedDraft`], shown only if every `[Sn]`
//!   it cites was given and it is not `OUT_OF_SCOPE`; otherwise the template draft with a
//!   [`FallbackReason`]. The [`LlmCall`] it returns is what the decision record keeps: model,
//!   prompt version, source ids, latency and outcome, never the prompt or personal data.
//!
//! The model never decides: the draft it rewords was made by rules and retrieval, and every
//! failure gives back that draft unchanged. Nothing is bundled and nothing is contacted but
//! the configured base URL.

mod answer;
mod client;
mod config;
mod prompt;
mod rewrite;

use sheshim_pii::PiiKind;
use thiserror::Error;

pub use answer::{SseDecoder, parse_json};
pub use client::{LlmClient, REFUSED_KINDS, refuse_personal_data};
pub use config::{
    ApiKey, BaseUrl, ConfigError, DEFAULT_MAX_ANSWER_BYTES, LlmConfig, MAX_TIMEOUT, ModelName,
};
pub use prompt::{OUT_OF_SCOPE, PROMPT_VERSION, SYSTEM_PROMPT, user_message};
pub use rewrite::{
    CallOutcome, FallbackReason, GroundedDraft, LlmCall, Rewrite, Source, check, citation_spans,
    citations,
};

/// A call to the model failed. Messages name the failure, never the text sent or the key.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LlmError {
    /// The call took longer than the configured total timeout.
    #[error("the model server did not answer in time")]
    Timeout,
    /// The server answered with a status other than 2xx.
    #[error("the model server answered HTTP {0}")]
    Http(u16),
    /// The answer is not a chat completion with a text.
    #[error("malformed answer: {0}")]
    Malformed(String),
    /// The answer is longer than the cap, or the server cut it at its token limit.
    #[error("the answer is longer than the cap")]
    TooLong,
    /// The text still holds personal data of these kinds, so it was not sent.
    #[error("refused to send a text with personal data ({0:?})")]
    Refused(Vec<PiiKind>),
    /// The server could not be reached or the connection broke.
    #[error("transport: {0}")]
    Transport(String),
}
