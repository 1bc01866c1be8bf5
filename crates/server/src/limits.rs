//! How much of the server one client may hold: the limits, and the middleware that enforces
//! those a request can break once it has reached the router.
//!
//! The connection-level limits (time to send a request head, number of connections, the
//! shutdown grace period) are enforced by [`crate::listen`]. Here, every request's head is
//! measured against the URI and header limits, and its body is read in full, within the body
//! timeout and the size limit, before any handler runs. Both answer with problem details; hyper
//! itself answers only the heads beyond its own hard limits (see [`HYPER_HEAD_BYTES_FACTOR`]).

use crate::error::ApiError;
use crate::listen::ConnectionActivity;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Duration;

/// The longest request target (path and query) read, in bytes.
pub const MAX_URI_BYTES: usize = 8 * 1024;

/// The most header fields one request may have.
pub const MAX_HEADER_FIELDS: usize = 64;

/// hyper refuses a request head larger than this many times `max_header_bytes` by itself, with
/// a bare 431 and no body. Up to that size the head reaches [`guard_request`], which answers
/// with a problem; a head beyond it costs a connection at most this much memory.
pub const HYPER_HEAD_BYTES_FACTOR: usize = 4;

/// The server's limits on one client. [`Limits::default`] gives the defaults of `sheshim serve`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Time a client has to send a request's head, counted from the moment the connection
    /// opens or the previous answer is sent: it also closes idle keep-alive connections.
    pub header_timeout: Duration,
    /// Time a client has to send a request's whole body, counted from the end of its head.
    pub body_timeout: Duration,
    /// Connections served at once on one address (at least 1); more wait in the listen
    /// queue, unaccepted.
    pub max_connections: usize,
    /// Bytes of header fields (names and values) one request may have.
    pub max_header_bytes: usize,
    /// After a stop is asked for, time left to requests already received before every
    /// connection still open is closed.
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            max_connections: 512,
            max_header_bytes: 16 * 1024,
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

/// Refuses a request whose head is too large, reads its body within the body timeout and size
/// limit, and marks the connection as answering a complete request until the response is sent.
pub(crate) async fn guard_request(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let limits = state.limits;
    if target_length(&request) > MAX_URI_BYTES {
        return ApiError::UriTooLong.into_response();
    }
    let headers = request.headers();
    if headers.len() > MAX_HEADER_FIELDS || header_bytes(headers) > limits.max_header_bytes {
        return ApiError::HeadersTooLarge.into_response();
    }
    let (parts, body) = request.into_parts();
    let read = axum::body::to_bytes(body, crate::MAX_BODY_BYTES);
    let bytes = match tokio::time::timeout(limits.body_timeout, read).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(error)) if is_length_limit(&error) => return ApiError::TooLarge.into_response(),
        Ok(Err(_)) => {
            return ApiError::BadRequest("the body could not be read".to_owned()).into_response();
        }
        Err(_) => return ApiError::BodyTimeout.into_response(),
    };
    // From here the request is complete: a stopping server lets it finish and be answered.
    let in_flight = parts
        .extensions
        .get::<ConnectionActivity>()
        .map(ConnectionActivity::begin);
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    match in_flight {
        Some(in_flight) => in_flight.until_sent(response),
        None => response,
    }
}

/// Bytes of the request target: path and query, plus the authority of an absolute URI.
fn target_length(request: &Request) -> usize {
    let uri = request.uri();
    uri.path_and_query()
        .map_or(0, |target| target.as_str().len())
        + uri
            .authority()
            .map_or(0, |authority| authority.as_str().len())
}

/// Bytes of the header fields as sent: each name and value with its colon, space and line end.
fn header_bytes(headers: &HeaderMap) -> usize {
    headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum()
}

/// Whether reading the body failed because it is longer than the limit.
fn is_length_limit(error: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(cause) = source {
        if cause.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = cause.source();
    }
    false
}
