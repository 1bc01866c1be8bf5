//! `sheshim serve` and `sheshim migrate`: the API over a database, with graceful shutdown.

use crate::args::{DbArgs, ServeArgs};
use crate::keys::open_store;
use anyhow::Context;
use sheshim_engine::{Intake, IntakeOptions, SystemClock};
use sheshim_server::AppState;
use sheshim_store::Store;
use sheshim_triage::Triage;
use std::future::Future;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use tokio::net::TcpListener;

/// `sheshim migrate`: also checks the key file against the database (binding a new one).
pub async fn migrate(args: &DbArgs) -> anyhow::Result<ExitCode> {
    let (store, _) = open_store(args).await?;
    println!("database is up to date ({})", store.backend().name());
    Ok(ExitCode::SUCCESS)
}

/// `sheshim serve`: prints `listening on http://ADDR` once the port is bound, then serves
/// until SIGINT or SIGTERM.
pub async fn run(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let (store, _) = open_store(&args.db).await?;
    let triage = triage_models(args.urgency_model.clone()).await?;
    let listener = TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    println!("listening on http://{}", listener.local_addr()?);
    serve_until(listener, store, triage, shutdown_signal()).await?;
    Ok(ExitCode::SUCCESS)
}

/// Serves the API on a bound listener until `shutdown` completes, then lets in-flight
/// requests finish and the intake writer commit everything it was given.
pub async fn serve_until(
    listener: TcpListener,
    store: Arc<dyn Store>,
    triage: Arc<Triage>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let (intake, writer) = Intake::start(
        store.clone(),
        Arc::new(SystemClock),
        IntakeOptions::default(),
    );
    let app = sheshim_server::router(AppState::new(store, intake, triage));
    tracing::info!(addr = %listener.local_addr()?, "serving");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
        .context("the server failed")?;
    // The router, and with it the last handle on the intake queue, is gone: the writer
    // drains what is queued and stops.
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
