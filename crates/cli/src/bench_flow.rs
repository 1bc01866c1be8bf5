//! `sheshim bench flow`: registers confirmed childbirth-allowance applications over HTTP and
//! measures the whole case flow, from the `201` of each registration to its answer written
//! to the outbox: applications decided per second (the median of the runs) and the p99
//! latency from registration to answer.
//!
//! The server runs in this process, as `sheshim serve` would, with the pipeline deciding in
//! the background and a generated population as the registry. The applicants are mothers
//! whose youngest child the registry holds and who reside permanently, each claiming her
//! youngest child's birth order, so every claim is confirmed and the answer is issued
//! automatically. A watcher reads the outbox's new rows every few milliseconds and stamps
//! each answer as it appears; a run ends when every application has its answer. After each
//! run the audit chain is verified. `--postgres URL` runs on a fresh PostgreSQL database per
//! run instead of SQLite files.

use crate::args::FlowBenchArgs;
use crate::serve::{Parts, serve_until};
use anyhow::Context;
use sheshim_crypto::{BearerSecret, Keyring, SecretKind};
use sheshim_domain::{AccountName, Channel, Iin};
use sheshim_registry::ParquetRegistry;
use sheshim_server::CLIENT_KEY_HEADER;
use sheshim_store::{NewClient, Store};
use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;

/// How long the watcher waits for a new outbox row before it gives a run up.
const STALL: Duration = Duration::from_secs(60);

/// One run's figures.
struct RunFigures {
    decided: usize,
    routed: usize,
    seconds: f64,
    latencies: Vec<Duration>,
    audit_entries: Option<u64>,
}

impl RunFigures {
    fn per_second(&self) -> f64 {
        self.decided as f64 / self.seconds
    }

    fn percentile_ms(&self, p: f64) -> f64 {
        if self.latencies.is_empty() {
            return f64::NAN;
        }
        let index = ((self.latencies.len() as f64 - 1.0) * p).round() as usize;
        self.latencies[index].as_secs_f64() * 1e3
    }
}

/// Runs the benchmark `runs` times and prints each run and the medians.
pub async fn run(args: &FlowBenchArgs) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(
        args.applications > 0 && args.concurrency > 0 && args.runs > 0 && args.batch > 0,
        "applications, concurrency, runs and batch must be positive"
    );
    let temporary = tempfile::tempdir().context("cannot make a temporary folder")?;
    let folder = args
        .data_dir
        .clone()
        .unwrap_or_else(|| temporary.path().to_owned());
    std::fs::create_dir_all(&folder)
        .with_context(|| format!("cannot create {}", folder.display()))?;
    let population = folder.join(format!("bench-flow-{}.parquet", std::process::id()));
    let (registry, bodies) = prepare(&population, args.people)?;
    let _ = std::fs::remove_file(&population);
    let backend = match &args.postgres {
        Some(_) => "PostgreSQL (a fresh database per run)".to_owned(),
        None => format!("SQLite (WAL, synchronous=FULL) in {}", folder.display()),
    };
    println!(
        "bench flow: {} confirmed childbirth-allowance applications per run ({} distinct applicants of {} people), {} concurrent clients, pipeline batch {}, {} runs, {backend}",
        args.applications,
        bodies.len(),
        args.people,
        args.concurrency,
        args.batch,
        args.runs,
    );
    let triage = crate::serve::triage_models(None).await?;
    let catalogue = crate::serve::load_catalogue(&args.services)?;
    let bodies = Arc::new(bodies);
    let mut all = Vec::new();
    for run in 1..=args.runs {
        let db = folder.join(format!("bench-flow-{}-{run}.db", std::process::id()));
        let url = match &args.postgres {
            Some(admin) => crate::bench::postgres::create_database(admin, run).await?,
            None => format!("sqlite://{}", db.display()),
        };
        let shared = Shared {
            registry: registry.clone(),
            catalogue: catalogue.clone(),
            triage: triage.clone(),
        };
        let figures = one_run(&url, args, bodies.clone(), shared).await;
        if let Some(admin) = &args.postgres {
            crate::bench::postgres::drop_database(admin, &url).await?;
        }
        for suffix in ["", "-wal", "-shm", ".keys"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
        let figures = figures?;
        println!(
            "run {run}: decided={} routed={} seconds={:.2} applications_decided_per_second={:.0} p50_ms={:.1} p99_ms={:.1} max_ms={:.1} audit_chain={}",
            figures.decided,
            figures.routed,
            figures.seconds,
            figures.per_second(),
            figures.percentile_ms(0.50),
            figures.percentile_ms(0.99),
            figures.percentile_ms(1.0),
            figures
                .audit_entries
                .map_or("BROKEN".to_owned(), |n| format!("ok:{n}")),
        );
        anyhow::ensure!(
            figures.audit_entries.is_some(),
            "the audit chain does not verify after run {run}"
        );
        anyhow::ensure!(
            figures.routed == 0,
            "{} confirmed applications were routed to an officer instead of issued",
            figures.routed
        );
        all.push(figures);
    }
    let median = crate::timing::median;
    println!(
        "applications_decided_per_second={:.0}",
        median(all.iter().map(RunFigures::per_second).collect())
    );
    println!(
        "p99_registration_to_answer_ms={:.1}",
        median(all.iter().map(|f| f.percentile_ms(0.99)).collect())
    );
    Ok(ExitCode::SUCCESS)
}

/// Generates the population, opens it as the registry and makes one request body per
/// confirmed applicant.
fn prepare(population: &Path, people: u64) -> anyhow::Result<(Arc<ParquetRegistry>, Vec<Vec<u8>>)> {
    let options = sheshim_population::GenerateOptions::new(
        people,
        1,
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1).context("the reference date")?,
    );
    sheshim_population::write_parquet(population, &options, |_| {})
        .with_context(|| format!("cannot write {}", population.display()))?;
    let registry = ParquetRegistry::open(population)
        .with_context(|| format!("cannot open {}", population.display()))?;
    let rows: Vec<usize> = (0..registry.people()).collect();
    let mut bodies = Vec::new();
    for iin in sheshim_population::iins(population, &rows)? {
        let Ok(parsed) = Iin::parse(&iin) else {
            continue;
        };
        let Some(facts) = registry.facts(&parsed) else {
            continue;
        };
        let resident = facts.permanent_resident.as_ref().is_some_and(|f| f.value);
        let youngest = facts
            .children
            .as_ref()
            .and_then(|c| c.value.last().map(|child| child.birth_order));
        if let (true, Some(order)) = (resident, youngest)
            && order > 0
        {
            let body = serde_json::json!({
                "text": "Прошу назначить единовременное пособие на рождение ребёнка.",
                "language": "ru",
                "kind": "application",
                "service": "childbirth-allowance",
                "claims": {"birth_order": order},
                "applicant": {"iin": iin, "name": "Айгерим Серикова"},
            });
            bodies.push(serde_json::to_vec(&body)?);
        }
    }
    anyhow::ensure!(
        !bodies.is_empty(),
        "the population of {people} people has no mother to apply"
    );
    Ok((Arc::new(registry), bodies))
}

/// What every run's server shares.
struct Shared {
    registry: Arc<ParquetRegistry>,
    catalogue: Arc<sheshim_services::Catalogue>,
    triage: Arc<sheshim_triage::Triage>,
}

async fn one_run(
    db: &str,
    args: &FlowBenchArgs,
    bodies: Arc<Vec<Vec<u8>>>,
    shared: Shared,
) -> anyhow::Result<RunFigures> {
    let keys = Arc::new(Keyring::generate().context("cannot generate keys")?);
    let (store, _) =
        sheshim_store::open_attached(db, keys, crate::clock::now(crate::clock::system()))
            .await
            .context("cannot open the benchmark's database")?;
    // The benchmark's own channel client, with a rate it cannot reach.
    let key = BearerSecret::generate(SecretKind::ClientKey).context("cannot make a client key")?;
    store
        .add_client(
            NewClient {
                name: AccountName::parse("bench").context("the bench client's name")?,
                channel: Channel::Egov,
                key_hash: key.hash(),
                rate_per_minute: u32::MAX,
            },
            "system:bench",
            crate::clock::now(crate::clock::system()),
        )
        .await
        .context("cannot add the benchmark's client")?;
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/v1/appeals", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let parts = Parts {
        store: store.clone(),
        triage: shared.triage,
        catalogue: shared.catalogue,
        registry: shared.registry,
        webhook: None,
        clock: Arc::new(sheshim_engine::SystemClock),
        deadline_check: Duration::from_secs(300),
        pipeline: sheshim_engine::PipelineOptions {
            batch: args.batch,
            ..sheshim_engine::PipelineOptions::default()
        },
        duplicates: sheshim_engine::DuplicateOptions::default(),
        workspace: sheshim_workspace::WorkspaceConfig::default(),
        // The benchmark times intake and deciding; drafts of appeals are not grounded.
        grounding: None,
        describer: None,
    };
    let server = tokio::spawn(serve_until(listener, parts, async {
        let _ = stopped.await;
    }));
    let watcher = tokio::spawn(watch_outbox(store.clone(), args.applications));

    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        CLIENT_KEY_HEADER,
        key.expose()
            .parse()
            .context("the client key is not a header value")?,
    );
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency)
        .default_headers(headers)
        .build()?;
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut clients = Vec::new();
    for _ in 0..args.concurrency {
        let (client, url, next, bodies) =
            (client.clone(), url.clone(), next.clone(), bodies.clone());
        let total = args.applications;
        clients.push(tokio::spawn(async move {
            let mut registered = Vec::new();
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                if index >= total {
                    break;
                }
                let body = bodies[index % bodies.len()].clone();
                let response = client
                    .post(&url)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await
                    .context("a registration failed")?;
                anyhow::ensure!(
                    response.status().as_u16() == 201,
                    "a registration was answered {}",
                    response.status()
                );
                let answered = Instant::now();
                let body: serde_json::Value = response.json().await?;
                let number = body["registration_number"]
                    .as_str()
                    .context("a 201 without a registration number")?
                    .to_owned();
                registered.push((number, answered));
            }
            Ok(registered)
        }));
    }
    let mut registered = HashMap::with_capacity(args.applications);
    for client in clients {
        registered.extend(client.await??);
    }
    let watched = watcher.await?;
    let _ = stop.send(());
    server.await??;
    let (answers, routed, last) = watched?;
    let mut latencies = Vec::with_capacity(answers.len());
    for (number, seen) in &answers {
        let sent = registered
            .get(number)
            .with_context(|| format!("an answer for {number}, which this run did not register"))?;
        latencies.push(seen.saturating_duration_since(*sent));
    }
    latencies.sort_unstable();
    let report = sheshim_store::verify_store(store.as_ref(), store.keyring(), &[]).await?;
    Ok(RunFigures {
        decided: answers.len(),
        routed,
        seconds: last.duration_since(started).as_secs_f64(),
        latencies,
        audit_entries: report.is_intact().then_some(report.entries),
    })
}

/// Answers as they appear in the outbox, each stamped when first seen, until `expected`
/// cases have a message; also counts cases routed to an officer (their acknowledgement).
/// Returns the answers, the routed count and when the last message was seen.
async fn watch_outbox(
    store: Arc<dyn Store>,
    expected: usize,
) -> anyhow::Result<(Vec<(String, Instant)>, usize, Instant)> {
    let mut after = 0;
    let mut answers = Vec::with_capacity(expected);
    let mut routed = 0;
    let mut last = Instant::now();
    while answers.len() + routed < expected {
        let rows = store.outbox_written_after(after, 10_000).await?;
        let seen = Instant::now();
        if rows.is_empty() {
            anyhow::ensure!(
                seen.duration_since(last) < STALL,
                "no answer for {} s: {} of {expected} decided",
                STALL.as_secs(),
                answers.len() + routed
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
            continue;
        }
        last = seen;
        for row in rows {
            after = row.id;
            match row.kind.as_str() {
                "answer" => answers.push((row.registration_number.as_str().to_owned(), seen)),
                "acknowledgement" => routed += 1,
                _ => {}
            }
        }
    }
    Ok((answers, routed, last))
}
