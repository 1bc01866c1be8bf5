//! `sheshim bench intake`: loads `POST /v1/appeals` on a fresh SQLite file over loopback and
//! prints sustained throughput, latency percentiles and a durability check.
//!
//! Server and clients run in this one process, sharing the machine's cores as a separate
//! load tool on the same machine would. An appeal counts as accepted only when it was
//! answered 201; after each run the database is counted and its audit chain verified, so
//! the figure is for accepted-and-durable appeals. Each run's store has keys generated for
//! it, so personal data is sealed and audit entries authenticated as in production.
//! `--postgres URL` runs on a fresh PostgreSQL database per run instead of SQLite files.

use crate::args::IntakeBenchArgs;
use crate::serve::serve_until;
use anyhow::Context;
use sheshim_crypto::{BearerSecret, Keyring, SecretKind};
use sheshim_domain::{AccountName, Channel};
use sheshim_server::CLIENT_KEY_HEADER;
use sheshim_store::NewClient;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;

/// One run's figures.
struct RunFigures {
    created: usize,
    failed: usize,
    seconds: f64,
    latencies: Vec<Duration>,
    stored: u64,
    audit_entries: Option<u64>,
}

impl RunFigures {
    fn per_second(&self) -> f64 {
        self.created as f64 / self.seconds
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
pub async fn intake(args: &IntakeBenchArgs) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(
        args.requests > 0 && args.concurrency > 0 && args.runs > 0,
        "requests, concurrency and runs must be positive"
    );
    let bodies = Arc::new(request_bodies(256)?);
    let temporary = tempfile::tempdir().context("cannot make a temporary folder")?;
    let folder = args
        .data_dir
        .clone()
        .unwrap_or_else(|| temporary.path().to_owned());
    let backend = match &args.postgres {
        Some(_) => "PostgreSQL (a fresh database per run)".to_owned(),
        None => format!("SQLite (WAL, synchronous=FULL) in {}", folder.display()),
    };
    println!(
        "bench intake: {} appeals per run, {} concurrent clients, {} runs, personal data sealed, {backend}",
        args.requests, args.concurrency, args.runs,
    );
    // Intake does not triage, but the server it runs serves triage too and needs models.
    let triage = crate::serve::triage_models(None).await?;
    let mut all = Vec::new();
    for run in 1..=args.runs {
        let db = folder.join(format!("bench-intake-{}-{run}.db", std::process::id()));
        let url = match &args.postgres {
            Some(admin) => postgres::create_database(admin, run).await?,
            None => format!("sqlite://{}", db.display()),
        };
        let figures = one_run(&url, args, bodies.clone(), triage.clone()).await;
        if let Some(admin) = &args.postgres {
            postgres::drop_database(admin, &url).await?;
        }
        let figures = figures?;
        println!(
            "run {run}: created={} failed={} seconds={:.2} accepted_per_second={:.0} p50_ms={:.2} p99_ms={:.2} max_ms={:.2} stored={} audit_chain={}",
            figures.created,
            figures.failed,
            figures.seconds,
            figures.per_second(),
            figures.percentile_ms(0.50),
            figures.percentile_ms(0.99),
            figures.percentile_ms(1.0),
            figures.stored,
            figures
                .audit_entries
                .map_or("BROKEN".to_owned(), |n| format!("ok:{n}")),
        );
        anyhow::ensure!(
            figures.stored == figures.created as u64
                && figures.audit_entries == Some(figures.stored),
            "durability check failed: {} answered 201 but {} stored",
            figures.created,
            figures.stored
        );
        for suffix in ["", "-wal", "-shm", ".keys"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
        all.push(figures);
    }
    let median = crate::timing::median;
    println!(
        "median: accepted_per_second={:.0} p99_ms={:.2}",
        median(all.iter().map(RunFigures::per_second).collect()),
        median(all.iter().map(|f| f.percentile_ms(0.99)).collect()),
    );
    Ok(ExitCode::SUCCESS)
}

async fn one_run(
    db: &str,
    args: &IntakeBenchArgs,
    bodies: Arc<Vec<Vec<u8>>>,
    triage: Arc<sheshim_triage::Triage>,
) -> anyhow::Result<RunFigures> {
    let keys = Arc::new(Keyring::generate().context("cannot generate keys")?);
    let (store, _) =
        sheshim_store::open_attached(db, keys, crate::clock::now(crate::clock::system()))
            .await
            .context("cannot open the benchmark's database")?;
    // The benchmark's own channel client, with a rate it cannot reach: intake is measured,
    // not the limiter.
    let key = BearerSecret::generate(SecretKind::ClientKey).context("cannot make a client key")?;
    let bench_client = NewClient {
        name: AccountName::parse("bench").context("the bench client's name")?,
        channel: Channel::Web,
        key_hash: key.hash(),
        rate_per_minute: u32::MAX,
    };
    store
        .add_client(
            bench_client,
            "system:bench",
            crate::clock::now(crate::clock::system()),
        )
        .await
        .context("cannot add the benchmark's client")?;
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/v1/appeals", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let parts =
        crate::serve::Parts::around(store.clone(), triage, std::path::Path::new("services"))?;
    let server = tokio::spawn(serve_until(listener, parts, async {
        let _ = stopped.await;
    }));

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
        let total = args.requests;
        clients.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut failed = 0usize;
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                if index >= total {
                    break;
                }
                let body = bodies[index % bodies.len()].clone();
                let sent = Instant::now();
                let answer = client
                    .post(&url)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await;
                match answer {
                    Ok(response) if response.status().as_u16() == 201 => {
                        // Read the body so the connection is reused, as a real client would.
                        let _ = response.bytes().await;
                        latencies.push(sent.elapsed());
                    }
                    _ => failed += 1,
                }
            }
            (latencies, failed)
        }));
    }
    let mut latencies = Vec::with_capacity(args.requests);
    let mut failed = 0;
    for client in clients {
        let (mut mine, my_failed) = client.await?;
        latencies.append(&mut mine);
        failed += my_failed;
    }
    let seconds = started.elapsed().as_secs_f64();
    let _ = stop.send(());
    server.await??;
    latencies.sort_unstable();
    let stored = store.count_appeals().await?;
    let report = sheshim_store::verify_store(store.as_ref(), store.keyring(), &[]).await?;
    // Every stored appeal checked against its authenticated entry, nothing else found.
    let audit_entries = report.is_intact().then_some(report.appeals);
    Ok(RunFigures {
        created: latencies.len(),
        failed,
        seconds,
        latencies,
        stored,
        audit_entries,
    })
}

/// Request bodies with valid, made-up IINs and varied texts and languages.
fn request_bodies(count: usize) -> anyhow::Result<Vec<Vec<u8>>> {
    let texts = [
        (
            "ru",
            "Прошу отремонтировать освещение во дворе дома, фонари не горят уже две недели.",
        ),
        (
            "kk",
            "Аулымыздағы жолды жөндеуді сұраймын, көктемде су басып қалады.",
        ),
        (
            "en",
            "Please repair the playground equipment in the park next to our building.",
        ),
    ];
    let mut bodies = Vec::with_capacity(count);
    for (index, iin) in synthetic_iins(count).into_iter().enumerate() {
        let (language, text) = texts[index % texts.len()];
        let body = serde_json::json!({
            "text": text,
            "language": language,
            "kind": "complaint",
            "channel": "web",
            "agency": "AKIMAT-BENCH",
            "applicant": {"iin": iin, "name": format!("Bench Applicant {index}")},
        });
        bodies.push(serde_json::to_vec(&body)?);
    }
    Ok(bodies)
}

/// Valid IINs of people born in the 1980s, made up for load tests.
pub fn synthetic_iins(count: usize) -> Vec<String> {
    let mut iins = Vec::with_capacity(count);
    let mut serial = 0u32;
    while iins.len() < count {
        serial += 1;
        let first11 = format!(
            "8{}0{}15{}{:04}",
            serial % 10,
            1 + serial % 9,
            3 + serial % 2,
            serial % 10_000
        );
        if let Some(iin) = sheshim_domain::with_check_digit(&first11) {
            iins.push(iin);
        }
    }
    iins
}

/// Fresh PostgreSQL databases for the runs, beside the one the URL names.
pub(crate) mod postgres {
    use anyhow::Context;
    use sqlx::{AssertSqlSafe, Connection, PgConnection};

    /// The URL without its database name and query, the database name, and the query.
    fn split(url: &str) -> (&str, &str, &str) {
        let (main, query) = url.split_at(url.find('?').unwrap_or(url.len()));
        let (base, name) = main.rsplit_once('/').unwrap_or((main, ""));
        (base, name, query)
    }

    /// Refreshes the planner's statistics of the database at `url`, as autovacuum would in a
    /// while after a bulk load, so that a measurement is of the plans a running server gets.
    pub async fn analyze(url: &str) -> anyhow::Result<()> {
        let mut connection = PgConnection::connect(url)
            .await
            .context("cannot connect to PostgreSQL")?;
        sqlx::query("ANALYZE")
            .execute(&mut connection)
            .await
            .context("cannot analyze the database")?;
        Ok(())
    }

    /// Creates `sheshim_bench_<pid>_<run>` and returns its URL.
    pub async fn create_database(admin: &str, run: usize) -> anyhow::Result<String> {
        let name = format!("sheshim_bench_{}_{run}", std::process::id());
        let mut connection = PgConnection::connect(admin)
            .await
            .context("cannot connect to PostgreSQL")?;
        sqlx::query(AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
            .execute(&mut connection)
            .await
            .with_context(|| format!("cannot create the database {name}"))?;
        let (base, _, query) = split(admin);
        Ok(format!("{base}/{name}{query}"))
    }

    /// Drops a database `create_database` made.
    pub async fn drop_database(admin: &str, url: &str) -> anyhow::Result<()> {
        let (_, name, _) = split(url);
        let mut connection = PgConnection::connect(admin).await?;
        sqlx::query(AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
        )))
        .execute(&mut connection)
        .await
        .with_context(|| format!("cannot drop the database {name}"))?;
        Ok(())
    }
}
