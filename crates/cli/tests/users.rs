//! `sheshim user add` and `sheshim client add` against a served API: each prints its secrets
//! once, the store keeps only their hashes, the token and key work over HTTP, and a taken
//! name or a bad argument is refused with a message naming it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_sheshim");

fn sheshim(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The value after `label` on its line of `printed`.
fn printed_value(printed: &str, label: &str) -> String {
    printed
        .lines()
        .find_map(|line| line.strip_prefix(label))
        .unwrap_or_else(|| panic!("no {label:?} in {printed}"))
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_and_clients_get_secrets_once_that_work_over_the_api() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sheshim.db");
    let db = format!("sqlite://{}", file.display());

    let out = sheshim(&[
        "user",
        "add",
        "--db",
        &db,
        "--login",
        "A.Serikova",
        "--role",
        "officer",
        "--agency",
        "akimat-ala",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let printed = stdout(&out);
    assert!(
        printed.starts_with("added user a.serikova: officer of AKIMAT-ALA\n"),
        "{printed}"
    );
    let password = printed_value(&printed, "one-time password: ");
    let token = printed_value(&printed, "API token: ");
    assert_eq!(password.len(), 24);
    assert!(token.starts_with("sht_"), "{token}");

    let out = sheshim(&[
        "client",
        "add",
        "--db",
        &db,
        "--name",
        "egov-portal",
        "--channel",
        "egov",
        "--rate-per-minute",
        "100",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let printed = stdout(&out);
    assert!(
        printed
            .starts_with("added client egov-portal: channel egov, at most 100 appeals a minute\n"),
        "{printed}"
    );
    let key = printed_value(&printed, "client key: ");
    assert!(key.starts_with("shk_"), "{key}");

    // Taken names and bad arguments are refused, naming what is wrong.
    let out = sheshim(&[
        "user",
        "add",
        "--db",
        &db,
        "--login",
        "a.serikova",
        "--role",
        "auditor",
        "--agency",
        "AUDIT",
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("login a.serikova is taken"),
        "{}",
        stderr(&out)
    );
    let out = sheshim(&[
        "client",
        "add",
        "--db",
        &db,
        "--name",
        "egov-portal",
        "--channel",
        "web",
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("client name egov-portal is taken"),
        "{}",
        stderr(&out)
    );
    let out = sheshim(&[
        "user", "add", "--db", &db, "--login", "x", "--role", "root", "--agency", "A1",
    ]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--login"), "{}", stderr(&out));
    let out = sheshim(&[
        "user", "add", "--db", &db, "--login", "root", "--role", "root", "--agency", "A1",
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("role must be one of officer, supervisor, auditor, admin"),
        "{}",
        stderr(&out)
    );

    // No secret is in the database files, and both additions are in a verified audit log.
    let mut raw = Vec::new();
    for suffix in ["", "-wal"] {
        if let Ok(bytes) = std::fs::read(format!("{}{suffix}", file.display())) {
            raw.extend(bytes);
        }
    }
    let raw = String::from_utf8_lossy(&raw);
    for secret in [&password, &token, &key] {
        assert!(
            !raw.contains(secret.as_str()),
            "a secret is stored in the clear"
        );
    }
    let verify = sheshim(&["audit", "verify", "--db", &db]);
    assert!(verify.status.success(), "{}", stdout(&verify));
    assert!(
        stdout(&verify).starts_with("audit chain ok: 3 entries, 0 appeals"),
        "{}",
        stdout(&verify)
    );

    // The key submits (its channel recorded), the token reads its agency's appeals.
    let mut server = Command::new(BIN)
        .args(["serve", "--db", &db, "--addr", "127.0.0.1:0"])
        .env(
            "SHESHIM_SERVICES",
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../services"),
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap()
        .to_owned();
    let http = reqwest::Client::new();
    let created: Value = http
        .post(format!("{base}/v1/appeals"))
        .header("x-client-key", &key)
        .json(&json!({
            "text": "Прошу отремонтировать дорогу.",
            "agency": "AKIMAT-ALA",
            "applicant": {"iin": "850115310009", "name": "Асқар Демоев"},
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(created["channel"], "egov", "{created}");
    let page: Value = http
        .get(format!("{base}/v1/appeals"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        page["items"][0]["registration_number"],
        created["registration_number"]
    );
    let refused = http
        .get(format!("{base}/v1/appeals"))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    server.kill().unwrap();
    server.wait().unwrap();
}
