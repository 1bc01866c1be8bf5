//! End-to-end tests of the `sheshim` binary: the server is spawned on port 0, loaded over
//! loopback, killed, restarted and inspected from outside, as an operator would.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_sheshim");

/// A spawned `sheshim serve`.
struct Server {
    child: Child,
    base: String,
    /// The base URL of `/metrics` when it has an address of its own.
    metrics_base: Option<String>,
    log: PathBuf,
    /// A web client's key (`sheshim client add`), sent by [`Server::client`].
    client_key: String,
}

/// Adds a channel client with `sheshim client add` (a new name each time, with a rate no
/// test reaches) and returns its key.
fn add_client(db: &str) -> String {
    static CLIENTS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let name = format!("test-{}", CLIENTS.fetch_add(1, Ordering::Relaxed));
    let out = sheshim(&[
        "client",
        "add",
        "--db",
        db,
        "--name",
        &name,
        "--channel",
        "web",
        "--rate-per-minute",
        "1000000",
    ]);
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    printed
        .lines()
        .find_map(|line| line.strip_prefix("client key: "))
        .expect("client add prints the key")
        .to_owned()
}

impl Server {
    /// Starts `sheshim serve` on a free port and waits for its `listening on` line.
    fn start(db: &str, log: &Path) -> Server {
        Server::start_with(db, log, &[])
    }

    /// Starts `sheshim serve` with more options; with `--metrics-addr`, also reads the
    /// `metrics on` line.
    fn start_with(db: &str, log: &Path, options: &[&str]) -> Server {
        let client_key = add_client(db);
        let log_file = std::fs::File::create(log).unwrap();
        let mut child = Command::new(BIN)
            .args(["serve", "--db", db, "--addr", "127.0.0.1:0"])
            .env(
                "SHESHIM_SERVICES",
                concat!(env!("CARGO_MANIFEST_DIR"), "/../../services"),
            )
            .args(options)
            .env("SHESHIM_LOG", "debug")
            .stdout(Stdio::piped())
            .stderr(log_file)
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut printed = |prefix: &str| {
            let mut line = String::new();
            stdout.read_line(&mut line).unwrap();
            line.trim()
                .strip_prefix(prefix)
                .unwrap_or_else(|| panic!("expected {prefix:?}, got {line:?}"))
                .to_owned()
        };
        let base = printed("listening on ");
        let metrics_base = options
            .contains(&"--metrics-addr")
            .then(|| printed("metrics on "));
        Server {
            child,
            base,
            metrics_base,
            log: log.to_owned(),
            client_key,
        }
    }

    /// An HTTP client that sends this server's client key with every request.
    fn client(&self) -> reqwest::Client {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-client-key", self.client_key.parse().unwrap());
        reqwest::Client::builder()
            .default_headers(headers)
            .build()
            .unwrap()
    }

    /// The host and port the API listens on.
    fn addr(&self) -> String {
        self.base.trim_start_matches("http://").to_owned()
    }

    /// `VmRSS` and `VmHWM` (peak) of the server process, in KiB.
    fn memory_kib(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let field = |name: &str| -> u64 {
            let line = status
                .lines()
                .find(|line| line.starts_with(name))
                .unwrap_or_else(|| panic!("no {name} in /proc status"));
            line.split_whitespace().nth(1).unwrap().parse().unwrap()
        };
        (field("VmRSS:"), field("VmHWM:"))
    }

    /// Sends SIGTERM.
    fn send_sigterm(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Waits for the process to exit, at most `guard`; `None` if it is still running then.
    fn wait_at_most(&mut self, guard: Duration) -> Option<std::process::ExitStatus> {
        let started = std::time::Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            if started.elapsed() > guard {
                return None;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn appeals_url(&self) -> String {
        format!("{}/v1/appeals", self.base)
    }

    /// Sends SIGTERM and waits for a clean exit.
    fn terminate(mut self) {
        self.send_sigterm();
        let exit = self.child.wait().unwrap();
        assert!(exit.success(), "server exited with {exit}");
    }

    /// SIGKILL: no chance to flush or finish anything.
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

/// Valid IINs made up for these tests (check digits computed, not real people).
fn made_up_iins(count: usize) -> Vec<String> {
    let mut iins = Vec::new();
    let mut serial = 0u32;
    while iins.len() < count {
        serial += 1;
        let first11 = format!(
            "7{}0{}2{}{}{:04}",
            serial % 10,
            1 + serial % 9,
            serial % 3,
            3 + serial % 2,
            4000 + serial
        );
        if let Some(iin) = sheshim_domain::with_check_digit(&first11) {
            iins.push(iin);
        }
    }
    iins
}

fn appeal_body(iin: &str, name: &str) -> Value {
    json!({
        "text": "Көшедегі жарық шамдары екі аптадан бері жанбайды.",
        "channel": "web",
        "kind": "complaint",
        "agency": "AKIMAT-TEST",
        "applicant": {"iin": iin, "name": name, "phone": "+7 701 555 12 34", "email": "e2e.applicant@example.org"}
    })
}

fn sheshim(args: &[&str]) -> std::process::Output {
    Command::new(BIN).args(args).output().unwrap()
}

#[test]
fn deadline_prints_the_nth_working_day() {
    // 2026-03-20 is a Friday; 21–23 March are Nauryz (Sat, Sun, Mon) and the two weekend
    // days carry over to Tue 24 and Wed 25, so the first working day after is Thu 26.
    let out = sheshim(&["deadline", "2026-03-20", "1"]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "2026-03-26\n");
    // Carry-overs, each computed by hand (the start date is day 0).
    let cases = [
        // 8 March 2026 is a Sunday: Monday 9 March is off.
        ("2026-03-06", "1", "2026-03-10"),
        // Nauryz 2025 is Fri 21 – Sun 23 March: Sat 22 and Sun 23 move to Mon 24 and Tue 25.
        ("2025-03-20", "1", "2025-03-26"),
        // Nauryz 2027 is Sun 21 – Tue 23 March: Sunday 21 moves to Wednesday 24.
        ("2027-03-19", "1", "2027-03-25"),
        // Constitution Day, 30 August 2025, is a Saturday: Monday 1 September is off.
        ("2025-08-29", "1", "2025-09-02"),
        // ... and 30 August 2026 a Sunday: Monday 31 August is off.
        ("2026-08-28", "1", "2026-09-01"),
        // Republic Day, 25 October 2025, is a Saturday: Monday 27 October is off.
        ("2025-10-24", "1", "2025-10-28"),
        // ... and 25 October 2026 a Sunday: Monday 26 October is off.
        ("2026-10-23", "1", "2026-10-27"),
        // Independence Day, 16 December 2028, is a Saturday: Monday 18 December is off.
        ("2028-12-15", "1", "2028-12-19"),
        // 16 December 2024 is a Monday and itself the holiday.
        ("2024-12-13", "1", "2024-12-17"),
        // The 2024 decree made Saturday 4 May a working day (and Wednesday 8 May a day off).
        ("2024-05-03", "2", "2024-05-06"),
        // 15 working days from 26 November 2026 pass Independence Day (Wednesday 16 December).
        ("2026-11-26", "15", "2026-12-18"),
    ];
    for (date, n, expected) in cases {
        let out = sheshim(&["deadline", date, n]);
        assert!(out.status.success(), "{date} + {n}");
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            format!("{expected}\n"),
            "{date} + {n}"
        );
    }
    // Outside the calendar's years: a clear error and a non-zero exit, no panic.
    let out = sheshim(&["deadline", "2035-01-01", "3"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("outside the working-day calendar"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_in_the_middle_of_load_loses_no_answered_appeal() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("crash.db").display());
    let server = Server::start(&db, &dir.path().join("first.log"));
    let url = server.appeals_url();
    let iins = Arc::new(made_up_iins(64));
    let stop = Arc::new(AtomicBool::new(false));
    let client = server.client();

    let mut workers = Vec::new();
    for worker in 0..32 {
        let (client, url, iins, stop) = (client.clone(), url.clone(), iins.clone(), stop.clone());
        workers.push(tokio::spawn(async move {
            let mut answered = Vec::new();
            let mut i = worker;
            while !stop.load(Ordering::Relaxed) {
                let body = appeal_body(&iins[i % iins.len()], "Crash Test Applicant");
                i += 32;
                match client.post(&url).json(&body).send().await {
                    Ok(response) if response.status() == 201 => {
                        if let Ok(body) = response.json::<Value>().await {
                            let number = body["registration_number"].as_str().unwrap();
                            let code = body["access_code"].as_str().unwrap();
                            answered.push((number.to_owned(), code.to_owned()));
                        }
                    }
                    // Once the server is killed, requests fail; those were never confirmed.
                    _ => {}
                }
            }
            answered
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill_9();
    tokio::time::sleep(Duration::from_millis(200)).await;
    stop.store(true, Ordering::Relaxed);
    let mut answered = Vec::new();
    for worker in workers {
        answered.extend(worker.await.unwrap());
    }
    assert!(
        answered.len() > 50,
        "too little load to test anything: {}",
        answered.len()
    );

    let verify = sheshim(&["audit", "verify", "--db", &db]);
    let printed = String::from_utf8(verify.stdout).unwrap();
    assert!(verify.status.success(), "{printed}");
    assert!(printed.starts_with("audit chain ok: "), "{printed}");
    // "audit chain ok: N entries, M appeals, 0 anchors": every stored appeal was checked.
    let appeals: usize = printed
        .split(", ")
        .find_map(|part| part.strip_suffix(" appeals"))
        .unwrap()
        .parse()
        .unwrap();
    assert!(appeals >= answered.len());

    let server = Server::start(&db, &dir.path().join("second.log"));
    // Each citizen still reads their appeal with the access code they were given: the code
    // was stored with the registration, in its transaction.
    for (number, code) in &answered {
        let response = reqwest::Client::new()
            .get(format!("{}/{number}", server.appeals_url()))
            .header("access-code", code)
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            200,
            "appeal {number} was answered 201 and then lost"
        );
    }
    server.terminate();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_never_contain_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("logs.db").display());
    let server = Server::start(&db, &dir.path().join("server.log"));
    let client = server.client();
    let iins = made_up_iins(5);
    let names = [
        "Зарина Тестова",
        "Бауыржан Сынақұлы",
        "Olivia Logcheck",
        "Ivan Privatov",
        "Aigerim Hidden",
    ];
    for (iin, name) in iins.iter().zip(names) {
        let response = client
            .post(server.appeals_url())
            .json(&appeal_body(iin, name))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        let text = response.text().await.unwrap();
        assert!(!text.contains(iin.as_str()) && !text.contains(name));
    }
    // Failures too: a bad check digit, and a malformed body quoting an IIN.
    let mut bad = iins[0].clone().into_bytes();
    bad[11] = b'0' + (bad[11] - b'0' + 1) % 10;
    let bad = String::from_utf8(bad).unwrap();
    let response = client
        .post(server.appeals_url())
        .json(&appeal_body(&bad, names[0]))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert!(!response.text().await.unwrap().contains(&bad));
    let broken = format!(
        "{{\"applicant\": {{\"iin\": \"{}\", \"name\": {}",
        iins[1], names[1]
    );
    let response = client
        .post(server.appeals_url())
        .header("content-type", "application/json")
        .body(broken)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert!(!response.text().await.unwrap().contains(&iins[1]));
    // Triage of a text full of personal data: masked in the answer, absent from the log.
    let triage_url = server.appeals_url().replace("/v1/appeals", "/v1/triage");
    let text = format!(
        "Меня зовут {}, ИИН {}, прошу помочь с отоплением.",
        names[3], iins[2]
    );
    let response = client
        .post(&triage_url)
        .json(&serde_json::json!({ "text": text }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(!response.text().await.unwrap().contains(&iins[2]));
    let response = client
        .post(&triage_url)
        .json(&serde_json::json!({ "text": iins[3], "received_on": iins[4] }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let problem = response.text().await.unwrap();
    assert!(!problem.contains(&iins[3]) && !problem.contains(&iins[4]));

    let log_path = server.log.clone();
    server.terminate();
    let log = std::fs::read_to_string(log_path).unwrap();
    assert!(
        log.contains("POST"),
        "the log should record the requests: {log}"
    );
    for secret in iins.iter().chain([&bad]).map(String::as_str).chain(names) {
        assert!(
            !log.contains(secret),
            "personal data found in the server log"
        );
    }
    assert!(!log.contains("+77015551234") && !log.contains("e2e.applicant"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_verify_fails_after_a_row_is_edited() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.db");
    let db = format!("sqlite://{}", path.display());
    let server = Server::start(&db, &dir.path().join("server.log"));
    let client = server.client();
    for iin in made_up_iins(3) {
        let response = client
            .post(server.appeals_url())
            .json(&appeal_body(&iin, "Audit Person"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
    }
    server.terminate();

    let out = sheshim(&["audit", "verify", "--db", &db]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "audit chain ok: 5 entries, 3 appeals, 0 anchors\n"
    );

    // Someone with access to the file removes the guard trigger and edits an entry.
    let pool = sqlx::SqlitePool::connect(&db).await.unwrap();
    sqlx::query("DROP TRIGGER audit_log_no_update")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("UPDATE audit_log SET actor = 'officer:intruder' WHERE seq = 3")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;

    let out = sheshim(&["audit", "verify", "--db", &db]);
    assert!(!out.status.success());
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(printed.contains("audit entry 3 was altered"), "{printed}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_answered_requests_finish_and_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("graceful.db").display());
    let server = Server::start(&db, &dir.path().join("server.log"));
    let client = server.client();
    let url = server.appeals_url();
    let mut in_flight = Vec::new();
    for iin in made_up_iins(40) {
        let (client, url) = (client.clone(), url.clone());
        in_flight.push(tokio::spawn(async move {
            let response = client
                .post(&url)
                .json(&appeal_body(&iin, "Graceful Person"))
                .send()
                .await
                .ok()?;
            (response.status() == 201).then_some(())?;
            let body: Value = response.json().await.ok()?;
            Some(body["registration_number"].as_str()?.to_owned())
        }));
    }
    tokio::time::sleep(Duration::from_millis(20)).await;
    server.terminate();
    let answered: Vec<String> = futures_join(in_flight)
        .await
        .into_iter()
        .flatten()
        .collect();

    let out = sheshim(&["audit", "verify", "--db", &db]);
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{printed}");
    let pool = sqlx::SqlitePool::connect(&db).await.unwrap();
    let stored: Vec<String> = sqlx::query_scalar("SELECT registration_number FROM appeals")
        .fetch_all(&pool)
        .await
        .unwrap();
    for number in &answered {
        assert!(
            stored.contains(number),
            "{number} was answered 201 but is not stored"
        );
    }
}

async fn futures_join<T>(handles: Vec<tokio::task::JoinHandle<T>>) -> Vec<T> {
    let mut results = Vec::with_capacity(handles.len());
    for handle in handles {
        results.push(handle.await.unwrap());
    }
    results
}

// ---------------------------------------------------------------------------------------------
// Hostile clients: invented methods, slow clients, stopping with requests half sent.
// ---------------------------------------------------------------------------------------------

/// `count` method names of `length` capital letters, made up from a fixed seed.
fn invented_methods(count: usize, length: usize) -> Vec<String> {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    (0..count)
        .map(|_| {
            (0..length)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    char::from(b'A' + (state % 26) as u8)
                })
                .collect()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_invented_methods_leaves_metrics_and_memory_bounded() {
    let (_dir, server) = serve_fresh(&[]);
    let client = reqwest::Client::new();
    let url = server.appeals_url();
    // Warm up: the first requests allocate what every later one reuses.
    for _ in 0..50 {
        client.get(&url).send().await.unwrap();
    }
    let (rss_before, peak_before) = server.memory_kib();

    // 2,000 methods of 2,048 letters: as labels, each would add 15 lines of 2 KB to /metrics.
    let mut methods = invented_methods(2_000, 2_048);
    let iin = made_up_iins(1).remove(0);
    methods.push(iin.clone());
    let methods = Arc::new(methods);
    let mut senders = Vec::new();
    for worker in 0..8 {
        let (client, url, methods) = (client.clone(), url.clone(), methods.clone());
        senders.push(tokio::spawn(async move {
            for method in methods.iter().skip(worker).step_by(8) {
                let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
                let response = client.request(method, &url).send().await.unwrap();
                assert_eq!(response.status(), 405);
            }
        }));
    }
    futures_join(senders).await;
    let page = client
        .get(format!("{}/metrics", server.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let (rss_after, peak_after) = server.memory_kib();
    eprintln!(
        "method flood: VmRSS {rss_before} -> {rss_after} KiB, VmHWM {peak_before} -> {peak_after} KiB, /metrics {} bytes",
        page.len()
    );

    let label_values: std::collections::BTreeSet<&str> = page
        .lines()
        .filter_map(|line| line.split("method=\"").nth(1))
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert_eq!(
        label_values.into_iter().collect::<Vec<_>>(),
        ["GET", "other"],
        "{page}"
    );
    assert!(
        page.contains(
            r#"sheshim_http_requests_total{method="other",route="/v1/appeals",status="405"} 2001"#
        ),
        "{page}"
    );
    assert!(page.len() < 16 * 1024, "/metrics is {} bytes", page.len());
    assert!(!page.contains(&iin));
    // Label sets bounded, the server's peak memory grows by connection buffers and allocator
    // slack only: a few MiB. Unbounded labels cost at least 8 MiB of stored label strings
    // and a /metrics page of 60 MB (2,001 methods x 15 lines x 2 KB) on top.
    let growth_kib = peak_after.saturating_sub(peak_before);
    assert!(
        growth_kib < 24 * 1024,
        "the server's peak memory grew by {growth_kib} KiB"
    );

    let log_path = server.log.clone();
    server.terminate();
    let log = std::fs::read_to_string(log_path).unwrap();
    assert!(log.contains("other"), "the log should record the requests");
    assert!(!log.contains(&iin), "a method reached the log as sent");
    assert!(
        !log.contains(&methods[0][..64]),
        "a method reached the log as sent"
    );
}

/// A connection that sends the start of a request head and then one more byte of it every
/// 200 ms, as a slowloris client does. Returns whether the server closed it within `guard`.
async fn trickle_head_until_closed(addr: String, guard: Duration) -> bool {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    if stream
        .write_all(b"GET /healthz HTTP/1.1\r\nhost: sheshim\r\nx-slow: ")
        .await
        .is_err()
    {
        return true;
    }
    let started = std::time::Instant::now();
    let mut buffer = [0u8; 256];
    while started.elapsed() < guard {
        match tokio::time::timeout(Duration::from_millis(200), stream.read(&mut buffer)).await {
            // Closed (or answered, which a server does only once it gives up on the head).
            Ok(_) => return true,
            Err(_still_open) => {}
        }
        if stream.write_all(b"a").await.is_err() {
            return true;
        }
    }
    false
}

/// Reads from a connection until the server closes it, at most `guard`; returns what was read,
/// or `None` if it was still open then.
async fn read_until_closed(stream: &mut tokio::net::TcpStream, guard: Duration) -> Option<String> {
    use tokio::io::AsyncReadExt;
    let mut received = Vec::new();
    let read = tokio::time::timeout(guard, async {
        let mut buffer = [0u8; 4096];
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buffer[..n]),
            }
        }
    })
    .await;
    read.ok()
        .map(|()| String::from_utf8_lossy(&received).into_owned())
}

/// Starts `sheshim serve` with `options` over a fresh SQLite file in a new temporary folder.
fn serve_fresh(options: &[&str]) -> (tempfile::TempDir, Server) {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("sheshim.db").display());
    let server = Server::start_with(&db, &dir.path().join("server.log"), options);
    (dir, server)
}

/// The liveness guard of the slow-client tests: far longer than any timeout they set, so
/// only a server that never closes a connection reaches it.
const GUARD: Duration = Duration::from_secs(30);

/// Asserts that `GET /healthz` is answered (within the guard) and that the server closes every
/// connection that trickles its head.
async fn healthz_answered_and_slow_heads_closed(
    server: &Server,
    slow_heads: Vec<tokio::task::JoinHandle<bool>>,
) {
    let client = reqwest::Client::builder().timeout(GUARD).build().unwrap();
    let response = client
        .get(format!("{}/healthz", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    for slow in futures_join(slow_heads).await {
        assert!(slow, "a connection trickling its head was never closed");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_are_cut_off_and_do_not_block_others() {
    use tokio::io::AsyncWriteExt;
    let (_dir, server) = serve_fresh(&["--header-timeout", "2", "--body-timeout", "2"]);
    let slow_heads: Vec<_> = (0..50)
        .map(|_| tokio::spawn(trickle_head_until_closed(server.addr(), GUARD)))
        .collect();
    // A body that never arrives in full.
    let mut slow_body = tokio::net::TcpStream::connect(server.addr()).await.unwrap();
    slow_body
        .write_all(
            b"POST /v1/appeals HTTP/1.1\r\nhost: sheshim\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"text\": ",
        )
        .await
        .unwrap();
    // A keep-alive connection left idle after its answer.
    let mut idle = tokio::net::TcpStream::connect(server.addr()).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nhost: sheshim\r\n\r\n")
        .await
        .unwrap();

    // Meanwhile, a client that sends its request at once is answered.
    healthz_answered_and_slow_heads_closed(&server, slow_heads).await;
    let answer = read_until_closed(&mut slow_body, GUARD)
        .await
        .expect("a connection trickling its body was never closed");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        answer.contains("urn:sheshim:problem:body-timeout"),
        "{answer}"
    );
    let answer = read_until_closed(&mut idle, GUARD)
        .await
        .expect("an idle keep-alive connection was never closed");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    server.terminate();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_every_connection_slot_held_a_client_waits_and_is_answered() {
    let (_dir, server) = serve_fresh(&["--max-connections", "4", "--header-timeout", "2"]);
    let slow_heads: Vec<_> = (0..4)
        .map(|_| tokio::spawn(trickle_head_until_closed(server.addr(), GUARD)))
        .collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    // The fifth connection waits, unaccepted, until the header timeout frees a slot.
    healthz_answered_and_slow_heads_closed(&server, slow_heads).await;
    server.terminate();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_with_requests_half_sent_exits_within_the_grace_period() {
    use tokio::io::AsyncWriteExt;
    // Default limits: a 10 s header timeout and a 10 s grace period.
    let (_dir, mut server) = serve_fresh(&[]);
    let mut half_sent = Vec::new();
    for request in [
        &b"POST /v1/appeals HTTP/1.1\r\nhost: sheshim\r\ncontent-"[..],
        &b"POST /v1/appeals HTTP/1.1\r\nhost: sheshim\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{\"te"[..],
        &b"GET /healthz HTTP/1.1\r\nhost: sheshim\r\n\r\n"[..],
    ] {
        for _ in 0..5 {
            let mut stream = tokio::net::TcpStream::connect(server.addr()).await.unwrap();
            stream.write_all(request).await.unwrap();
            half_sent.push(stream);
        }
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let asked = std::time::Instant::now();
    server.send_sigterm();
    let exit = server
        .wait_at_most(GUARD)
        .expect("the server did not stop with requests half sent");
    eprintln!("stopped {:?} after SIGTERM", asked.elapsed());
    assert!(exit.success(), "server exited with {exit}");
    for stream in &mut half_sent {
        assert!(read_until_closed(stream, GUARD).await.is_some());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_can_be_served_on_an_address_of_their_own() {
    let (_dir, server) = serve_fresh(&["--metrics-addr", "127.0.0.1:0"]);
    let metrics_base = server.metrics_base.clone().unwrap();
    assert_ne!(metrics_base, server.base);
    let client = reqwest::Client::new();
    let health = client
        .get(format!("{}/healthz", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    let public = client
        .get(format!("{}/metrics", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(public.status(), 404);
    assert_eq!(public.headers()["content-type"], "application/problem+json");
    let private = client
        .get(format!("{metrics_base}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(private.status(), 200);
    let page = private.text().await.unwrap();
    assert!(
        page.contains(
            r#"sheshim_http_requests_total{method="GET",route="/healthz",status="200"} 1"#
        ),
        "{page}"
    );
    // The private address serves nothing else.
    let other = client
        .get(format!("{metrics_base}/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 404);
    server.terminate();
}
