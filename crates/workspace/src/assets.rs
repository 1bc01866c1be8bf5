//! The workspace's static files, compiled into the binary: htmx (vendored, 0BSD licence in
//! `static/htmx.LICENSE`; SHA-256 in `static/README.md`) and the stylesheet. Nothing is
//! fetched from another host, at build time or at run time.

use crate::error::WebError;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

const HTMX: &[u8] = include_bytes!("../static/htmx.min.js");
const STYLESHEET: &[u8] = include_bytes!("../static/workspace.css");

/// `GET /workspace/static/{file}`.
pub async fn file(Path(name): Path<String>) -> Result<Response, WebError> {
    let (body, media_type) = match name.as_str() {
        "htmx.min.js" => (HTMX, "text/javascript; charset=utf-8"),
        "workspace.css" => (STYLESHEET, "text/css; charset=utf-8"),
        _ => return Err(WebError::NotFound),
    };
    Ok((
        [
            (header::CONTENT_TYPE, media_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response())
}

/// Any other path under `/workspace`: the workspace's own 404 page.
pub async fn not_found() -> WebError {
    WebError::NotFound
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    #[test]
    fn the_vendored_htmx_is_the_one_recorded() {
        assert_eq!(
            hex::encode(Sha256::digest(HTMX)),
            "d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717"
        );
    }
}
