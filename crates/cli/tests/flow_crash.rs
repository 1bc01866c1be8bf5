//! The case pipeline survives `kill -9`: a spawned `sheshim serve` is loaded with confirmed
//! childbirth-allowance applications over HTTP and killed while its pipeline is deciding
//! them; after a restart every registered case is decided exactly once (one `case.decided`
//! or `case.routed` entry in its history) and `sheshim audit verify` passes. On SQLite
//! always, and on a fresh PostgreSQL database when `SHESHIM_TEST_POSTGRES_URL` is set.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_sheshim");
const SERVICES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../services");
/// How many applications are registered before the kill.
const APPLICATIONS: usize = 300;

/// A database and, for PostgreSQL, the key file every command is given.
struct Db {
    url: String,
    keys: Option<PathBuf>,
}

impl Db {
    /// `sheshim ARGS --db URL [--keys FILE]`.
    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(BIN);
        command.args(args).args(["--db", &self.url]);
        if let Some(keys) = &self.keys {
            command.arg("--keys").arg(keys);
        }
        command.env("SHESHIM_SERVICES", SERVICES);
        command
    }

    fn run(&self, args: &[&str]) -> String {
        let out = self.command(args).output().unwrap();
        assert!(
            out.status.success(),
            "sheshim {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

/// The databases the test runs on: a SQLite file, and a fresh PostgreSQL database (with a
/// key file of its own) when `SHESHIM_TEST_POSTGRES_URL` names a server.
async fn databases(dir: &Path) -> Vec<Db> {
    let mut dbs = vec![Db {
        url: format!("sqlite://{}", dir.join("crash.db").display()),
        keys: None,
    }];
    if let Ok(url) = std::env::var("SHESHIM_TEST_POSTGRES_URL")
        && !url.is_empty()
    {
        let name = format!(
            "flow_crash_{}_{}",
            std::process::id(),
            chrono::Utc::now().timestamp_micros()
        );
        let admin = sqlx::PgPool::connect(&url).await.unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
            .execute(&admin)
            .await
            .unwrap();
        admin.close().await;
        let keys = dir.join("postgres.keys");
        let out = Command::new(BIN)
            .args(["key", "generate", "--out"])
            .arg(&keys)
            .output()
            .unwrap();
        assert!(out.status.success());
        let base = &url[..url.rfind('/').unwrap()];
        dbs.push(Db {
            url: format!("{base}/{name}"),
            keys: Some(keys),
        });
    }
    dbs
}

/// A spawned `sheshim serve --population FILE`.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(db: &Db, population: &Path, log: &Path) -> Server {
        let mut child = db
            .command(&["serve", "--addr", "127.0.0.1:0"])
            .arg("--population")
            .arg(population)
            .env("SHESHIM_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(log).unwrap())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("expected the listening line, got {line:?}"))
            .to_owned();
        Server { child, base }
    }

    /// SIGKILL: nothing is flushed, nothing finishes.
    fn kill_9(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Mothers whose youngest child is in the registry and who permanently reside: the IIN and
/// the youngest child's birth order, which the application claims, so the registry confirms
/// every claim.
fn confirmed_mothers(population: &Path, count: usize) -> Vec<(String, u32)> {
    let registry = sheshim_registry::ParquetRegistry::open(population).unwrap();
    let rows: Vec<usize> = (0..registry.people()).collect();
    let mut mothers = Vec::new();
    for iin in sheshim_population::iins(population, &rows).unwrap() {
        let parsed = sheshim_domain::Iin::parse(&iin).unwrap();
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
            mothers.push((iin, order));
            if mothers.len() == count {
                break;
            }
        }
    }
    assert_eq!(mothers.len(), count, "the population has too few mothers");
    mothers
}

fn application(iin: &str, birth_order: u32) -> Value {
    json!({
        "text": "Прошу назначить единовременное пособие на рождение ребёнка.",
        "language": "ru",
        "kind": "application",
        "service": "childbirth-allowance",
        "claims": {"birth_order": birth_order},
        "applicant": {"iin": iin, "name": "Айгерим Серикова"},
    })
}

/// Registers every application with 16 concurrent clients, as fast as the server takes
/// them; returns each one's registration number and access code.
async fn register_all(
    base: &str,
    client_key: &str,
    mothers: &Arc<Vec<(String, u32)>>,
) -> Vec<(String, String)> {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-client-key", client_key.parse().unwrap());
    let client = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let next = Arc::new(AtomicUsize::new(0));
    let url = format!("{base}/v1/appeals");
    let mut workers = Vec::new();
    for _ in 0..16 {
        let (client, url, next, mothers) =
            (client.clone(), url.clone(), next.clone(), mothers.clone());
        workers.push(tokio::spawn(async move {
            let mut registered = Vec::new();
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some((iin, order)) = mothers.get(index) else {
                    break;
                };
                let response = client
                    .post(&url)
                    .json(&application(iin, *order))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), 201);
                let body: Value = response.json().await.unwrap();
                registered.push((
                    body["registration_number"].as_str().unwrap().to_owned(),
                    body["access_code"].as_str().unwrap().to_owned(),
                ));
            }
            registered
        }));
    }
    let mut registered = Vec::new();
    for worker in workers {
        registered.extend(worker.await.unwrap());
    }
    registered
}

/// The case's record as `sheshim case export` prints it.
fn export(db: &Db, number: &str) -> Value {
    serde_json::from_str(&db.run(&["case", "export", number])).unwrap()
}

/// How many times the pipeline decided the case: its `case.decided` and `case.routed`
/// entries.
fn decisions(record: &Value) -> usize {
    record["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| {
            matches!(
                entry["action"].as_str(),
                Some("case.decided" | "case.routed")
            )
        })
        .count()
}

async fn scenario(db: &Db, population: &Path, mothers: Arc<Vec<(String, u32)>>, dir: &Path) {
    let client_key = db
        .run(&[
            "client",
            "add",
            "--name",
            "crash-test",
            "--channel",
            "egov",
            "--rate-per-minute",
            "1000000",
        ])
        .lines()
        .find_map(|line| line.strip_prefix("client key: "))
        .expect("client add prints the key")
        .to_owned();
    let server = Server::start(db, population, &dir.join("first.log"));
    let registered = register_all(&server.base, &client_key, &mothers).await;
    // Right after the last 201: the pipeline is still deciding the later cases.
    server.kill_9();
    assert_eq!(registered.len(), APPLICATIONS);
    let pending_at_kill = registered
        .iter()
        .rev()
        .take(20)
        .filter(|(number, _)| export(db, number)["status"] == "registered")
        .count();
    eprintln!(
        "{}: {pending_at_kill} of the last 20 cases were pending at the kill",
        db.url
    );

    let server = Server::start(db, population, &dir.join("second.log"));
    let citizen = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(300);
    for (number, code) in &registered {
        loop {
            let view: Value = citizen
                .get(format!("{}/v1/appeals/{number}", server.base))
                .header("access-code", code)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            if !view["answer"].is_null() {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "{number} has no answer after the restart: {view}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    server.kill_9();

    for (number, _) in &registered {
        let record = export(db, number);
        assert_eq!(decisions(&record), 1, "{number}: {record}");
        assert_eq!(record["status"], "decided", "{number}");
    }
    let out = db.command(&["audit", "verify"]).output().unwrap();
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "audit verify: {printed}");
    assert!(printed.starts_with("audit chain ok: "), "{printed}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_while_the_pipeline_works_decides_every_case_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let population = dir.path().join("population.parquet");
    let out = Command::new(BIN)
        .args([
            "population",
            "generate",
            "--people",
            "6000",
            "--seed",
            "7",
            "--out",
        ])
        .arg(&population)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mothers = Arc::new(confirmed_mothers(&population, APPLICATIONS));
    for db in databases(dir.path()).await {
        let run_dir = tempfile::tempdir_in(dir.path()).unwrap();
        scenario(&db, &population, mothers.clone(), run_dir.path()).await;
    }
}
