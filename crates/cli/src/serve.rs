//! `sheshim serve` and `sheshim migrate`: the API over a database, with graceful shutdown.

use crate::args::{DbArgs, ServeArgs};
use crate::keys::open_store;
use anyhow::Context;
use sheshim_engine::{
    Clock, Describer, DuplicateOptions, Flow, Grounding, Intake, IntakeOptions, LexicalOnly,
    PipelineOptions, SystemClock, Webhook,
};
use sheshim_registry::Registry;
use sheshim_server::{AppState, Limits, Listeners};
use sheshim_services::Catalogue;
use sheshim_store::{Store, StoreRegistry};
use sheshim_triage::Triage;
use sheshim_workspace::WorkspaceConfig;
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
    let catalogue = load_catalogue(&args.services)?;
    let registry = registry(&args.population, &store)?;
    let webhook = webhook(args)?;
    let embedder = crate::grounding::embedder(&args.grounding)?;
    let describer = crate::grounding::describer(embedder.clone()).await?;
    let grounding =
        crate::grounding::build(&args.grounding, &args.services, &store, embedder).await?;
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
    let parts = Parts {
        store,
        triage,
        catalogue,
        registry,
        webhook,
        clock: Arc::new(SystemClock),
        deadline_check: Duration::from_secs(args.deadline_check_seconds),
        pipeline: PipelineOptions::default(),
        duplicates: DuplicateOptions {
            min_group: usize::try_from(args.mass_appeal_min)
                .context("--mass-appeal-min is too large")?,
            ..DuplicateOptions::default()
        },
        workspace: WorkspaceConfig {
            secure_cookies: args.secure_cookies,
            idle: chrono::TimeDelta::minutes(i64::from(args.session_idle_minutes)),
            ..WorkspaceConfig::default()
        },
        grounding,
        describer,
    };
    serve_listeners(listeners, limits(args)?, parts, shutdown_signal()).await?;
    Ok(ExitCode::SUCCESS)
}

/// What a server runs on beside its listeners.
pub struct Parts {
    /// The store.
    pub store: Arc<dyn Store>,
    /// The triage models.
    pub triage: Arc<Triage>,
    /// The service catalogue.
    pub catalogue: Arc<Catalogue>,
    /// Where registry facts come from.
    pub registry: Arc<dyn Registry>,
    /// Where messages to applicants are delivered, if anywhere.
    pub webhook: Option<Webhook>,
    /// The clock.
    pub clock: Arc<dyn Clock>,
    /// How often deadlines are checked for deemed refusals.
    pub deadline_check: Duration,
    /// How the pipeline batches its cases.
    pub pipeline: PipelineOptions,
    /// How duplicates and mass appeals are judged.
    pub duplicates: DuplicateOptions,
    /// How the officers' web workspace treats sessions.
    pub workspace: WorkspaceConfig,
    /// What drafts of appeals are grounded on, if anything.
    pub grounding: Option<Arc<Grounding>>,
    /// The topic and agency suggestions by the labels' descriptions, with the embedding.
    pub describer: Option<Arc<Describer>>,
}

impl Parts {
    /// The defaults around a store: the catalogue in `services/`, the store's registry
    /// tables, no webhook, the system clock.
    pub fn around(
        store: Arc<dyn Store>,
        triage: Arc<Triage>,
        services: &std::path::Path,
    ) -> anyhow::Result<Parts> {
        Ok(Parts {
            registry: Arc::new(StoreRegistry(store.clone())),
            catalogue: load_catalogue(services)?,
            store,
            triage,
            webhook: None,
            clock: Arc::new(SystemClock),
            deadline_check: Duration::from_secs(300),
            pipeline: PipelineOptions::default(),
            duplicates: DuplicateOptions::default(),
            workspace: WorkspaceConfig::default(),
            grounding: None,
            describer: None,
        })
    }
}

/// Loads and checks the service catalogue; a broken service stops the start, naming its
/// file and field.
pub fn load_catalogue(folder: &std::path::Path) -> anyhow::Result<Arc<Catalogue>> {
    let catalogue = Catalogue::load(folder).with_context(|| {
        format!(
            "the service catalogue in {} cannot be used",
            folder.display()
        )
    })?;
    Ok(Arc::new(catalogue))
}

/// The registry: the population file given, or the store's registry tables.
fn registry(
    population: &Option<PathBuf>,
    store: &Arc<dyn Store>,
) -> anyhow::Result<Arc<dyn Registry>> {
    Ok(match population {
        Some(path) => Arc::new(
            sheshim_registry::ParquetRegistry::open(path).with_context(|| {
                format!("cannot open the population registry {}", path.display())
            })?,
        ),
        None => Arc::new(StoreRegistry(store.clone())),
    })
}

/// The webhook from `--webhook-url` and the secret in `--webhook-secret-file`.
fn webhook(args: &ServeArgs) -> anyhow::Result<Option<Webhook>> {
    let Some(url) = &args.webhook_url else {
        return Ok(None);
    };
    let path = args.webhook_secret_file.as_ref().context(
        "--webhook-url needs --webhook-secret-file: the secret its messages are signed with",
    )?;
    let secret = crate::read::read_text_limited(path, 4096)
        .with_context(|| format!("cannot read the webhook secret {}", path.display()))?;
    let secret: Vec<u8> = secret.trim().as_bytes().to_vec();
    anyhow::ensure!(
        secret.len() >= 16,
        "the webhook secret must be at least 16 bytes"
    );
    Ok(Some(Webhook {
        url: url.clone(),
        secret,
        timeout: Duration::from_secs(10),
    }))
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
    parts: Parts,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let listeners = Listeners {
        api: listener,
        metrics: None,
    };
    serve_listeners(listeners, Limits::default(), parts, shutdown).await
}

/// Serves the API until `shutdown` completes, then lets requests already received finish
/// (within the grace period) and the intake writer commit everything it was given, so that
/// every appeal answered 201 is stored. Beside the API run the case pipeline, the deadline
/// scheduler and, with a webhook, the delivery of messages; they are stopped at shutdown
/// (whatever they had not committed is picked up again at the next start).
pub async fn serve_listeners(
    listeners: Listeners,
    limits: Limits,
    parts: Parts,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let Parts {
        store,
        triage,
        catalogue,
        registry,
        webhook,
        clock,
        deadline_check,
        pipeline,
        duplicates,
        workspace,
        grounding,
        describer,
    } = parts;
    let (state, flow, writer) = app_state(store, triage, catalogue, registry, clock, duplicates)?;
    let flow = match grounding {
        Some(grounding) => flow.with_grounding(grounding),
        None => flow,
    };
    let flow = match describer {
        Some(describer) => flow.with_describer(describer),
        None => flow,
    };
    let mut background = vec![
        tokio::spawn(flow.clone().run_pipeline(pipeline)),
        tokio::spawn(flow.clone().run_scheduler(deadline_check)),
    ];
    if let Some(webhook) = webhook {
        background.push(tokio::spawn(
            flow.clone().run_delivery(webhook, Duration::from_secs(1)),
        ));
    }
    // The state and the background tasks hold the only handles left: the intake writer
    // can stop once they are gone.
    drop(flow);
    tracing::info!(addr = %listeners.api.local_addr()?, "serving");
    sheshim_server::serve_with(
        listeners,
        state,
        limits,
        sheshim_workspace::routes(workspace),
        shutdown,
    )
    .await;
    for task in &background {
        task.abort();
    }
    // Every connection is closed and every handler has ended, and with them the last handle
    // on the intake queue (the flow's is gone with its tasks): the writer drains what is
    // queued and stops.
    for task in background {
        let _ = task.await;
    }
    writer.await.context("the intake writer failed")?;
    tracing::info!("stopped");
    Ok(())
}

/// What the server's handlers share, as `sheshim serve` builds it: the intake over the
/// store (with its writer task, which ends once every handle on the intake is gone), the
/// case flow and the state holding both.
pub fn app_state(
    store: Arc<dyn Store>,
    triage: Arc<Triage>,
    catalogue: Arc<Catalogue>,
    registry: Arc<dyn Registry>,
    clock: Arc<dyn Clock>,
    duplicates: DuplicateOptions,
) -> anyhow::Result<(AppState, Flow, tokio::task::JoinHandle<()>)> {
    let (intake, writer) = Intake::start(store.clone(), clock.clone(), IntakeOptions::default());
    let flow = Flow::new(
        store.clone(),
        catalogue,
        registry,
        triage.clone(),
        clock.clone(),
        intake.clone(),
        "seed".to_owned(),
    )
    .with_duplicates(duplicates, Arc::new(LexicalOnly))
    .context("the duplicate index's options")?;
    let state = AppState::new(store, intake, triage)
        .with_clock(clock)
        .with_flow(flow.clone());
    Ok((state, flow, writer))
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
