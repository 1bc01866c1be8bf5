//! Where the language model is and how long it may take: a checked base URL, a model name,
//! an optional key that is never printed, and the bounds of every call.
//!
//! The base URL is the only address the client ever contacts, so it is checked once here:
//! `http` or `https`, a host, no credentials, no query and no fragment. Agencies terminate
//! TLS in their own proxy, so plain `http` to that proxy is the usual setting.

use std::fmt;
use std::time::Duration;

use reqwest::Url;
use thiserror::Error;

/// The longest answer accepted by default, in bytes of the answer's text: a plain-language
/// letter is a few kilobytes, so 64 KiB is generous and still bounds a hostile server.
pub const DEFAULT_MAX_ANSWER_BYTES: usize = 64 * 1024;

/// The longest total timeout a configuration accepts. A rewrite is shown to an officer who
/// is waiting, so a call that may take longer than this is a configuration mistake.
pub const MAX_TIMEOUT: Duration = Duration::from_secs(600);

/// A configuration value is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ConfigError {
    /// The base URL does not parse or is not a plain `http(s)://host[:port][/path]`.
    #[error("base URL {0}")]
    BaseUrl(&'static str),
    /// The model name is empty, too long or has control characters.
    #[error("model name must be 1 to 200 printable characters")]
    Model,
    /// The key is empty or cannot be sent in an HTTP header.
    #[error("API key must be non-empty visible ASCII")]
    ApiKey,
    /// The timeout is zero or longer than [`MAX_TIMEOUT`].
    #[error("timeout must be between 1 ms and {} s", MAX_TIMEOUT.as_secs())]
    Timeout,
    /// The answer cap is zero.
    #[error("the answer cap must be at least one byte")]
    MaxAnswerBytes,
}

/// A bearer key for the model server. Its `Debug` hides the value and it has no `Display`,
/// so it cannot reach a log or an error message by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Checks that the key can be sent as `Authorization: Bearer <key>`.
    ///
    /// # Errors
    /// [`ConfigError::ApiKey`] when it is empty or has characters outside visible ASCII.
    pub fn parse(key: impl Into<String>) -> Result<Self, ConfigError> {
        let key = key.into();
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(ConfigError::ApiKey);
        }
        Ok(Self(key))
    }

    /// The secret itself, for the request header only.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

/// The model server's address, checked: the chat-completions endpoint is derived from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(Url);

impl BaseUrl {
    /// Parses `http(s)://host[:port][/prefix]`.
    ///
    /// # Errors
    /// [`ConfigError::BaseUrl`] when it does not parse, has another scheme, no host,
    /// credentials, a query or a fragment.
    pub fn parse(input: &str) -> Result<Self, ConfigError> {
        let url = Url::parse(input.trim()).map_err(|_| ConfigError::BaseUrl("does not parse"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(ConfigError::BaseUrl("must be http or https"));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(ConfigError::BaseUrl("has no host"));
        }
        // Credentials in the URL would be printed wherever the URL is; the key has its own
        // field that is never printed.
        if !url.username().is_empty() || url.password().is_some() {
            return Err(ConfigError::BaseUrl("must not carry credentials"));
        }
        if url.query().is_some() {
            return Err(ConfigError::BaseUrl("must not have a query"));
        }
        if url.fragment().is_some() {
            return Err(ConfigError::BaseUrl("must not have a fragment"));
        }
        Ok(Self(url))
    }

    /// `{base}/v1/chat/completions`. A base that already ends in `/v1` (as Ollama's
    /// documentation writes it) gets no second `/v1`.
    #[must_use]
    pub fn chat_completions(&self) -> String {
        let base = self.0.as_str().trim_end_matches('/');
        if base.ends_with("/v1") {
            format!("{base}/chat/completions")
        } else {
            format!("{base}/v1/chat/completions")
        }
    }
}

/// The name the server knows the model by, such as `qwen2.5-7b-instruct`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelName(String);

impl ModelName {
    /// Accepts 1 to 200 characters without control characters, trimmed.
    ///
    /// # Errors
    /// [`ConfigError::Model`] otherwise.
    pub fn parse(input: &str) -> Result<Self, ConfigError> {
        let name = input.trim();
        if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
            return Err(ConfigError::Model);
        }
        Ok(Self(name.to_owned()))
    }

    /// The name as sent in the request and kept in the decision record.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Everything the client needs: where, which model, the key, and the bounds of a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LlmConfig {
    base_url: BaseUrl,
    model: ModelName,
    api_key: Option<ApiKey>,
    timeout: Duration,
    max_answer_bytes: usize,
    stream: bool,
}

impl LlmConfig {
    /// Checks each part. Answers are capped at [`DEFAULT_MAX_ANSWER_BYTES`] and requested
    /// whole (not streamed) unless changed with the `with_` methods.
    ///
    /// # Errors
    /// The first [`ConfigError`] found.
    pub fn parse(
        base_url: &str,
        model: &str,
        api_key: Option<ApiKey>,
        timeout: Duration,
    ) -> Result<Self, ConfigError> {
        if timeout.is_zero() || timeout > MAX_TIMEOUT {
            return Err(ConfigError::Timeout);
        }
        Ok(Self {
            base_url: BaseUrl::parse(base_url)?,
            model: ModelName::parse(model)?,
            api_key,
            timeout,
            max_answer_bytes: DEFAULT_MAX_ANSWER_BYTES,
            stream: false,
        })
    }

    /// Caps the answer's text at `bytes`.
    ///
    /// # Errors
    /// [`ConfigError::MaxAnswerBytes`] when `bytes` is zero.
    pub fn with_max_answer_bytes(mut self, bytes: usize) -> Result<Self, ConfigError> {
        if bytes == 0 {
            return Err(ConfigError::MaxAnswerBytes);
        }
        self.max_answer_bytes = bytes;
        Ok(self)
    }

    /// Asks the server to stream the answer as server-sent events. Either way the client
    /// reads whichever form the server sends, by its content type.
    #[must_use]
    pub fn with_streaming(mut self, stream: bool) -> Self {
        self.stream = stream;
        self
    }

    /// The server's address.
    #[must_use]
    pub fn base_url(&self) -> &BaseUrl {
        &self.base_url
    }

    /// The model's name.
    #[must_use]
    pub fn model(&self) -> &ModelName {
        &self.model
    }

    /// The key, if the server wants one.
    pub(crate) fn api_key(&self) -> Option<&ApiKey> {
        self.api_key.as_ref()
    }

    /// The total time a call may take, from connecting to the last byte.
    #[must_use]
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The longest answer text accepted, in bytes.
    #[must_use]
    pub fn max_answer_bytes(&self) -> usize {
        self.max_answer_bytes
    }

    /// Whether the answer is requested as server-sent events.
    #[must_use]
    pub fn stream(&self) -> bool {
        self.stream
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[test]
    fn base_url_is_checked_and_gives_the_endpoint() {
        let plain = BaseUrl::parse("http://10.0.0.5:8000").expect("plain");
        assert_eq!(
            plain.chat_completions(),
            "http://10.0.0.5:8000/v1/chat/completions"
        );
        let prefixed = BaseUrl::parse("https://proxy.gov.kz/llm/").expect("prefix");
        assert_eq!(
            prefixed.chat_completions(),
            "https://proxy.gov.kz/llm/v1/chat/completions"
        );
        let ollama = BaseUrl::parse("http://localhost:11434/v1").expect("v1");
        assert_eq!(
            ollama.chat_completions(),
            "http://localhost:11434/v1/chat/completions"
        );
        for bad in [
            "ftp://host",
            "file:///etc/passwd",
            "http://host/?a=1",
            "http://host/#x",
            "http://user:pw@host/",
            "not a url",
            "",
        ] {
            assert!(
                matches!(BaseUrl::parse(bad), Err(ConfigError::BaseUrl(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_key_never_appears_in_debug() {
        let key = ApiKey::parse("sk-very-secret-123").expect("key");
        let config =
            LlmConfig::parse("http://127.0.0.1:1", "m", Some(key), secs(5)).expect("config");
        let printed = format!("{config:?}");
        assert!(!printed.contains("very-secret"), "{printed}");
        assert!(printed.contains("<redacted>"), "{printed}");
        assert_eq!(ApiKey::parse(""), Err(ConfigError::ApiKey));
        assert_eq!(ApiKey::parse("a b"), Err(ConfigError::ApiKey));
        assert_eq!(ApiKey::parse("ключ"), Err(ConfigError::ApiKey));
    }

    #[test]
    fn model_timeout_and_cap_are_bounded() {
        let url = "http://127.0.0.1:1";
        assert_eq!(
            LlmConfig::parse(url, " ", None, secs(5)),
            Err(ConfigError::Model)
        );
        assert_eq!(
            LlmConfig::parse(url, "m\n", None, secs(5)).map(|c| c.model().as_str().to_owned()),
            Ok("m".to_owned())
        );
        assert_eq!(
            LlmConfig::parse(url, "a\u{7}b", None, secs(5)),
            Err(ConfigError::Model)
        );
        assert_eq!(
            LlmConfig::parse(url, "m", None, Duration::ZERO),
            Err(ConfigError::Timeout)
        );
        assert_eq!(
            LlmConfig::parse(url, "m", None, secs(601)),
            Err(ConfigError::Timeout)
        );
        let config = LlmConfig::parse(url, "m", None, secs(5)).expect("config");
        assert_eq!(config.max_answer_bytes(), DEFAULT_MAX_ANSWER_BYTES);
        assert!(!config.stream());
        assert_eq!(
            config.clone().with_max_answer_bytes(0),
            Err(ConfigError::MaxAnswerBytes)
        );
        assert!(config.with_streaming(true).stream());
    }
}
