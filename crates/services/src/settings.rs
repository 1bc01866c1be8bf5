//! The `[limits]` table of `services/<code>/service.toml`: the budget of each evaluation of
//! the service's rules. (The rest of the file is read by `definition.rs`.)
//!
//! ```toml
//! # The budget of each evaluation of this service's rules (defaults in brackets).
//! [limits]
//! steps = 5000000          # evaluation steps [1,000,000]
//! depth = 512              # nested calls of functions and BKMs [256]
//! list_items = 2000000     # items in one list [1,000,000]
//! string_bytes = 4194304   # bytes in one string [1 MiB]
//! context_entries = 20000  # entries in one context [10,000]
//! ```
//!
//! Every key is optional; those given replace the default. An unknown table or key is an
//! error naming the file and the key, so a misspelt setting never goes unnoticed.

use serde::Deserialize;
use sheshim_feel::Limits;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// A `service.toml` that cannot be used.
#[derive(Debug, Error)]
#[error("{}: {message}", file.display())]
pub struct SettingsError {
    /// The file.
    pub file: PathBuf,
    /// What is wrong, naming the key (the file's text is not quoted).
    pub message: String,
}

/// A service's settings, as read from its `service.toml` (defaults when there is none).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// The budget of each evaluation of the service's rules.
    pub limits: Limits,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    limits: Option<RawLimits>,
}

/// The `[limits]` table as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLimits {
    steps: Option<u64>,
    depth: Option<u32>,
    list_items: Option<usize>,
    string_bytes: Option<usize>,
    context_entries: Option<usize>,
}

impl Settings {
    /// Reads `text`, the contents of `file`.
    pub fn parse(file: &Path, text: &str) -> Result<Settings, SettingsError> {
        let error = |message: String| SettingsError {
            file: file.to_owned(),
            message,
        };
        let raw: RawSettings = toml::from_str(text).map_err(|e| error(e.message().to_owned()))?;
        Settings::from_raw(file, raw.limits)
    }

    /// The settings from a `[limits]` table read from `file` (the defaults without one).
    pub(crate) fn from_raw(file: &Path, raw: Option<RawLimits>) -> Result<Settings, SettingsError> {
        let error = |message: String| SettingsError {
            file: file.to_owned(),
            message,
        };
        let mut limits = Limits::DEFAULT;
        if let Some(raw) = raw {
            let positive = |key: &str, value: u64| {
                if value == 0 {
                    Err(error(format!("[limits] {key} must be at least 1")))
                } else {
                    Ok(())
                }
            };
            if let Some(steps) = raw.steps {
                positive("steps", steps)?;
                limits.steps = steps;
            }
            if let Some(depth) = raw.depth {
                positive("depth", u64::from(depth))?;
                limits.depth = depth;
            }
            for (key, given, slot) in [
                ("list_items", raw.list_items, &mut limits.list_items),
                ("string_bytes", raw.string_bytes, &mut limits.string_bytes),
                (
                    "context_entries",
                    raw.context_entries,
                    &mut limits.context_entries,
                ),
            ] {
                if let Some(value) = given {
                    positive(key, value as u64)?;
                    *slot = value;
                }
            }
        }
        Ok(Settings { limits })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Settings, SettingsError> {
        Settings::parse(Path::new("services/x/service.toml"), text)
    }

    #[test]
    fn limits_replace_the_defaults_they_name() {
        let settings = parse("[limits]\nsteps = 5000000\ndepth = 512\n").expect("valid");
        assert_eq!(settings.limits.steps, 5_000_000);
        assert_eq!(settings.limits.depth, 512);
        assert_eq!(settings.limits.list_items, Limits::DEFAULT.list_items);
        assert_eq!(parse("").expect("empty").limits, Limits::DEFAULT);
    }

    #[test]
    fn unknown_keys_and_tables_are_errors_naming_the_file_and_the_key() {
        let error = parse("[limits]\nstepz = 5\n").expect_err("unknown key");
        let message = error.to_string();
        assert!(
            message.starts_with("services/x/service.toml: "),
            "{message}"
        );
        assert!(message.contains("stepz"), "{message}");
        let message = parse("[limit]\nsteps = 5\n")
            .expect_err("unknown table")
            .to_string();
        assert!(message.contains("limit"), "{message}");
        let message = parse("[limits]\nsteps = 0\n")
            .expect_err("zero")
            .to_string();
        assert!(message.contains("steps must be at least 1"), "{message}");
        let message = parse("[limits]\nsteps = \"many\"\n")
            .expect_err("text")
            .to_string();
        assert!(!message.contains('\n'), "{message}");
    }
}
