//! `sheshim serve` and `sheshim migrate`: the API over a database, with graceful shutdown.

use crate::args::{DbArgs, ServeArgs};
use crate::keys::open_store;
use anyhow::Context;
use sheshim_engine::{Intake, IntakeOptions, SystemClock};
use sheshim_server::{AppState, Limits, Listeners};
use sheshim_store::Store;
use sheshim_triage::Triage;
use std::future::Future;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// `sheshim migrate`: also checks the key file against the database (binding a new one).
pub async fn migrate(args: &DbArgs) -> anyhow::Result<ExitCode> {
    let (store, _) = open_store(args).await?;
    println!("database is up to date ({})", store.backend().name());
    Ok(ExitCode::SUCCESS)
}

/// `sheshim serve`: prints `listening on http://ADDR` once the port is bound (and `metrics on
/// http://ADDR` when metrics have an address of their own), then serves until SIGINT or
/// SIGTERM.
pub async fn run(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let (store, _) = open_store(&args.db).await?;
    let triage = triage_models(args.urgency_model.clone()).await?;
    let api = bind(args.addr).await?;
    let metrics = match args.metrics_addr {
        Some(addr) => Some(bind(addr).await?),
        None => None,
    };
    println!("listening on http://{}", api.local_addr()?);
    if let Some(metrics) = &metrics {
        println!("metrics on http://{}", metrics.local_addr()?);
    }
    let listeners = Listeners { api, metrics };
    serve_listeners(listeners, limits(args)?, store, triage, shutdown_signal()).await?;
    Ok(ExitCode::SUCCESS)
}

async fn bind(addr: std::net::SocketAddr) -> anyhow::Result<TcpListener> {
    TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))
}

/// The server's limits from the command line.
fn limits(args: &ServeArgs) -> anyhow::Result<Limits> {
    Ok(Limits {
        header_timeout: Duration::from_secs(args.header_timeout),
        body_timeout: Duration::from_secs(args.body_timeout),
        max_connections: usize::try_from(args.max_connections)
            .context("--max-connections is too large for this machine")?,
        max_header_bytes: usize::try_from(args.max_header_bytes)
            .context("--max-header-bytes is too large for this machine")?,
        shutdown_grace: Duration::from_secs(args.shutdown_grace),
    })
}

/// Serves the API on a bound listener, under the default limits, until `shutdown` completes;
/// see [`serve_listeners`].
pub async fn serve_until(
    listener: TcpListener,
    store: Arc<dyn Store>,
    triage: Arc<Triage>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let listeners = Listeners {
        api: listener,
        metrics: None,
    };
    serve_listeners(listeners, Limits::default(), store, triage, shutdown).await
}

/// Serves the API until `shutdown` completes, then lets requests already received finish
/// (within the grace period) and the intake writer commit everything it was given, so that
/// every appeal answered 201 is stored.
pub async fn serve_listeners(
    listeners: Listeners,
    limits: Limits,
    store: Arc<dyn Store>,
    triage: Arc<Triage>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let (intake, writer) = Intake::start(
        store.clone(),
        Arc::new(SystemClock),
        IntakeOptions::default(),
    );
    tracing::info!(addr = %listeners.api.local_addr()?, "serving");
    sheshim_server::serve(
        listeners,
        AppState::new(store, intake, triage),
        limits,
        shutdown,
    )
    .await;
    // Every connection is closed and every handler has ended, and with them the last handle
    // on the intake queue: the writer drains what is queued and stops.
    writer.await.context("the intake writer failed")?;
    tracing::info!("stopped");
    Ok(())
}

/// The triage models: the seed models, trained now (a fraction of a second in a release
/// build), and an urgency model read from a file when one is given.
pub async fn triage_models(urgency_model: Option<PathBuf>) -> anyhow::Result<Arc<Triage>> {
    let triage =
        tokio::task::spawn_blocking(move || crate::triage::with_models(urgency_model.as_deref()))
            .await
            .context("training the triage models stopped")??;
    Ok(Arc::new(triage))
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
