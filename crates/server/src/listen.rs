//! Accepting and serving HTTP/1.1 connections with bounded resources, and stopping in bounded
//! time.
//!
//! `axum::serve` reads a request head for as long as the client cares to trickle it and waits
//! forever for connections to finish when stopping. This accept loop instead:
//! - holds at most [`Limits::max_connections`] connections per address (a semaphore permit is
//!   taken before `accept`, so further clients wait in the kernel's listen queue and use no
//!   file descriptor of ours);
//! - gives each client [`Limits::header_timeout`] to send a request head, counted from the
//!   connection's start or the previous answer (hyper's timer, which so also closes idle
//!   keep-alive connections), and refuses heads beyond hyper's hard size limit;
//! - on stop, accepts nothing more, closes at once every connection that is not answering a
//!   complete request (idle, or with a head or body half sent), lets the others finish, and
//!   after [`Limits::shutdown_grace`] closes whatever is still open.
//!
//! Whether a connection is answering a complete request is marked by
//! [`crate::limits::guard_request`] through the [`ConnectionActivity`] each request carries.

use crate::limits::{HYPER_HEAD_BYTES_FACTOR, Limits};
use crate::state::AppState;
use axum::Router;
use axum::body::{Body, Bytes, HttpBody};
use axum::response::Response;
use hyper::body::{Frame, Incoming, SizeHint};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tokio::task::JoinSet;
use tower::ServiceExt;

/// Where to serve: the API, and optionally `/metrics` on a separate (private) address, in
/// which case the API's address does not serve it.
#[derive(Debug)]
pub struct Listeners {
    /// The API's address.
    pub api: TcpListener,
    /// An address for `/metrics` alone.
    pub metrics: Option<TcpListener>,
}

/// Serves the API until `shutdown` completes, then stops within [`Limits::shutdown_grace`]:
/// requests already received are answered, every other connection is closed. When this
/// returns, every connection is closed and every handler has ended, so nothing holds the
/// state any more.
pub async fn serve(
    listeners: Listeners,
    state: AppState,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send,
) {
    serve_with(listeners, state, limits, Router::new(), shutdown).await;
}

/// As [`serve`], with `extra` routes (the officers' web workspace) beside the API on its
/// address, behind the same limits.
pub async fn serve_with(
    listeners: Listeners,
    state: AppState,
    limits: Limits,
    extra: Router<AppState>,
    shutdown: impl Future<Output = ()> + Send,
) {
    let state = state.with_limits(limits);
    let (stop, stopping) = watch::channel(false);
    let (api, metrics) = match listeners.metrics {
        Some(metrics) => (
            crate::router_with(state.clone(), extra, false),
            Some((metrics, crate::metrics_router(state))),
        ),
        None => (crate::router_with(state, extra, true), None),
    };
    let ask_to_stop = async move {
        shutdown.await;
        stop.send_replace(true);
    };
    let serve_metrics = async {
        if let Some((listener, router)) = metrics {
            accept_loop(listener, router, limits, stopping.clone()).await;
        }
    };
    tokio::join!(
        ask_to_stop,
        accept_loop(listeners.api, api, limits, stopping.clone()),
        serve_metrics
    );
}

/// Accepts connections until asked to stop, then waits for them within the grace period.
async fn accept_loop(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    mut stopping: watch::Receiver<bool>,
) {
    let http = http1_builder(&limits);
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let mut connections = JoinSet::new();
    loop {
        // Reap the connections that have ended, so the set holds only open ones.
        while connections.try_join_next().is_some() {}
        let slot = tokio::select! {
            () = stopped(&mut stopping) => break,
            slot = slots.clone().acquire_owned() => slot,
        };
        let Ok(slot) = slot else { break };
        let stream = tokio::select! {
            () = stopped(&mut stopping) => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => stream,
                Err(error) => {
                    pause_after_accept_error(&error).await;
                    continue;
                }
            },
        };
        connections.spawn(serve_connection(
            http.clone(),
            stream,
            router.clone(),
            stopping.clone(),
            slot,
        ));
    }
    drop(listener);
    let finished = tokio::time::timeout(limits.shutdown_grace, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if finished.is_err() {
        tracing::warn!(
            connections = connections.len(),
            "closing the connections still open after the shutdown grace period"
        );
        connections.shutdown().await;
    }
}

/// Completes once the server is asked to stop (or can no longer be told to).
async fn stopped(stopping: &mut watch::Receiver<bool>) {
    // The guard `wait_for` returns is not `Send`; it is dropped here, before any other await.
    let _ = stopping.wait_for(|stop| *stop).await;
}

/// hyper's HTTP/1.1 settings: the header timeout (with the timer it needs) and a hard limit on
/// the head's size.
fn http1_builder(limits: &Limits) -> http1::Builder {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_header_size(
            limits
                .max_header_bytes
                .saturating_mul(HYPER_HEAD_BYTES_FACTOR),
        );
    http
}

/// An accept error is either the client's (it hung up before being accepted: try the next
/// one) or the process's (e.g. out of file descriptors: wait a moment rather than spin).
async fn pause_after_accept_error(error: &std::io::Error) {
    use std::io::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset | ErrorKind::ConnectionRefused
    ) {
        return;
    }
    tracing::error!(%error, "cannot accept a connection");
    tokio::time::sleep(Duration::from_millis(250)).await;
}

/// Serves one connection until it ends or the server stops.
async fn serve_connection(
    http: http1::Builder,
    stream: TcpStream,
    router: Router,
    mut stopping: watch::Receiver<bool>,
    _slot: OwnedSemaphorePermit,
) {
    let activity = ConnectionActivity::default();
    let service = {
        let activity = activity.clone();
        hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(activity.clone());
            router.clone().oneshot(request)
        })
    };
    let connection = http.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(connection);
    let ended = tokio::select! {
        ended = connection.as_mut() => ended,
        () = stopped(&mut stopping) => {
            if !activity.is_answering() {
                // Idle, or a request only partly received: never answered, so closing loses
                // nothing that was acknowledged.
                return;
            }
            connection.as_mut().graceful_shutdown();
            connection.await
        }
    };
    if let Err(error) = ended {
        // Only the kind of failure is logged: nothing a client sent becomes a log field.
        tracing::debug!(reason = connection_error_kind(&error), "connection closed");
    }
}

/// A fixed description of why hyper ended a connection.
fn connection_error_kind(error: &hyper::Error) -> &'static str {
    if error.is_timeout() {
        "request head not received within the header timeout"
    } else if error.is_parse_too_large() {
        "request head too large"
    } else if error.is_parse() {
        "malformed request head"
    } else if error.is_incomplete_message() {
        "client closed the connection mid-request"
    } else if error.is_body_write_aborted() || error.is_closed() || error.is_canceled() {
        "client went away"
    } else {
        "connection error"
    }
}

/// How many complete requests a connection is answering right now.
#[derive(Debug, Clone, Default)]
pub(crate) struct ConnectionActivity(Arc<AtomicUsize>);

impl ConnectionActivity {
    /// Marks a complete request as being answered until the returned guard is dropped.
    pub(crate) fn begin(&self) -> Answering {
        self.0.fetch_add(1, Ordering::SeqCst);
        Answering(self.0.clone())
    }

    fn is_answering(&self) -> bool {
        self.0.load(Ordering::SeqCst) > 0
    }
}

/// A complete request being answered; dropped once its response has been sent.
#[derive(Debug)]
pub(crate) struct Answering(Arc<AtomicUsize>);

impl Answering {
    /// Keeps the request marked until the response body has been written out (hyper drops
    /// the body then), so a stopping server does not cut an answer in half.
    pub(crate) fn until_sent(self, response: Response) -> Response {
        response.map(|body| {
            Body::new(SentWith {
                body,
                _answering: self,
            })
        })
    }
}

impl Drop for Answering {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A response body that holds an [`Answering`] guard until it is dropped.
struct SentWith {
    body: Body,
    _answering: Answering,
}

impl HttpBody for SentWith {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connection_answers_until_the_response_body_is_dropped() {
        let activity = ConnectionActivity::default();
        assert!(!activity.is_answering());
        let response = activity
            .begin()
            .until_sent(Response::new(Body::from("done")));
        assert!(activity.is_answering());
        drop(response);
        assert!(!activity.is_answering());
    }
}
