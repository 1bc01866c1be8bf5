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
    log: PathBuf,
}

impl Server {
    /// Starts `sheshim serve` on a free port and waits for its `listening on` line.
    fn start(db: &str, log: &Path) -> Server {
        let log_file = std::fs::File::create(log).unwrap();
        let mut child = Command::new(BIN)
            .args(["serve", "--db", db, "--addr", "127.0.0.1:0"])
            .env("SHESHIM_LOG", "debug")
            .stdout(Stdio::piped())
            .stderr(log_file)
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_owned();
        Server {
            child,
            base,
            log: log.to_owned(),
        }
    }

    fn appeals_url(&self) -> String {
        format!("{}/v1/appeals", self.base)
    }

    /// Sends SIGTERM and waits for a clean exit.
    fn terminate(mut self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
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
    let client = reqwest::Client::new();

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
                            answered.push(body["registration_number"].as_str().unwrap().to_owned());
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
    for number in &answered {
        let response = client
            .get(format!("{}/{number}", server.appeals_url()))
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
    let client = reqwest::Client::new();
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
    let client = reqwest::Client::new();
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
        "audit chain ok: 4 entries, 3 appeals, 0 anchors\n"
    );

    // Someone with access to the file removes the guard trigger and edits an entry.
    let pool = sqlx::SqlitePool::connect(&db).await.unwrap();
    sqlx::query("DROP TRIGGER audit_log_no_update")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("UPDATE audit_log SET actor = 'officer:intruder' WHERE seq = 2")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;

    let out = sheshim(&["audit", "verify", "--db", &db]);
    assert!(!out.status.success());
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(printed.contains("audit entry 2 was altered"), "{printed}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_answered_requests_finish_and_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("graceful.db").display());
    let server = Server::start(&db, &dir.path().join("server.log"));
    let client = reqwest::Client::new();
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
