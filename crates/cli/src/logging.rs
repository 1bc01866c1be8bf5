//! Log set-up: `tracing` to standard error, filtered by `SHESHIM_LOG` (default `info`).
//!
//! Nothing in Sheshim logs request bodies, query strings or personal data; the API test
//! scans a server's whole log for the IINs and names it submitted.

use crate::args::LogFormat;
use tracing_subscriber::EnvFilter;

/// Installs the global subscriber.
pub fn init(format: LogFormat) {
    let filter =
        EnvFilter::try_from_env("SHESHIM_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}
