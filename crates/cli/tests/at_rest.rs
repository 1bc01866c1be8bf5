//! The `sheshim` binary and its files at rest: the key file created beside the database on
//! first run, personal data absent from the raw database files, files readable by their
//! owner only, a missing or wrong key file or a deleted database refused at start, key
//! rotation, and audit anchors in a file and in the system log.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_sheshim");

/// What the tests submit: every value is personal data that must never be stored in clear.
const IIN: &str = "850115310009";
const NAME: &str = "Жанар Ескендірқызы Тоқтарова";
const PHONE: &str = "+77015557788";
const EMAIL: &str = "zhanar.toktarova@example.kz";
const ADDRESS: &str = "Астана, Сарыарқа ауданы, Жеңіс даңғылы 17, 42";
const TEXT: &str =
    "Біздің үйдің жертөлесін су басты, үш күннен бері ешкім келмеді. Көмектесуіңізді сұраймын.";

fn sheshim(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A spawned `sheshim serve` on a free port, with a channel client's key to submit with.
struct Server {
    child: Child,
    base: String,
    client_key: String,
}

/// Adds a channel client with `sheshim client add` (a new name each time) and returns its key.
fn add_client(store_args: &[&str]) -> String {
    static CLIENTS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let name = format!(
        "test-{}",
        CLIENTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    let out = sheshim(
        &[
            &["client", "add"],
            store_args,
            &["--name", &name, "--channel", "web"],
        ]
        .concat(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
        .lines()
        .find_map(|line| line.strip_prefix("client key: "))
        .expect("client add prints the key")
        .to_owned()
}

impl Server {
    fn start(db: &str) -> Server {
        Server::start_with(&["--db", db])
    }

    fn start_with(args: &[&str]) -> Server {
        let client_key = add_client(args);
        let mut child = Command::new(BIN)
            .arg("serve")
            .env(
                "SHESHIM_SERVICES",
                concat!(env!("CARGO_MANIFEST_DIR"), "/../../services"),
            )
            .args(args)
            .args(["--addr", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
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
            client_key,
        }
    }

    async fn submit(&self, body: &Value) -> Value {
        let response = reqwest::Client::new()
            .post(format!("{}/v1/appeals", self.base))
            .header("x-client-key", &self.client_key)
            .json(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        response.json().await.unwrap()
    }

    /// Reads an appeal as its citizen does, with the access code its registration returned.
    async fn read(&self, registered: &Value) -> reqwest::StatusCode {
        let number = registered["registration_number"].as_str().unwrap();
        reqwest::Client::new()
            .get(format!("{}/v1/appeals/{number}", self.base))
            .header("access-code", registered["access_code"].as_str().unwrap())
            .send()
            .await
            .unwrap()
            .status()
    }

    fn stop(mut self) {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(self.child.wait().unwrap().success());
    }
}

fn full_appeal() -> Value {
    json!({
        "text": TEXT,
        "channel": "web",
        "applicant": {"iin": IIN, "name": NAME, "phone": PHONE, "email": EMAIL, "address": ADDRESS},
    })
}

#[cfg(unix)]
fn mode_of(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_raw_database_files_hold_no_personal_data_and_only_their_owner_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("data/sheshim.db");
    let db = format!("sqlite://{}", file.display());
    let server = Server::start(&db);
    let mut numbers = Vec::new();
    for _ in 0..3 {
        let created = server.submit(&full_appeal()).await;
        numbers.push(created["registration_number"].as_str().unwrap().to_owned());
    }
    // The files as they are while the server runs (WAL included), then after it stops.
    let mut snapshots = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let path = format!("{}{suffix}", file.display());
        if let Ok(bytes) = std::fs::read(&path) {
            #[cfg(unix)]
            assert_eq!(mode_of(Path::new(&path)), 0o600, "{path}");
            snapshots.push((path, bytes));
        }
    }
    assert!(snapshots.len() >= 2, "no WAL seen while serving");
    server.stop();
    for suffix in ["", "-wal"] {
        let path = format!("{}{suffix}", file.display());
        if let Ok(bytes) = std::fs::read(&path) {
            snapshots.push((path, bytes));
        }
    }
    let digits_only = PHONE.trim_start_matches('+');
    for (path, bytes) in &snapshots {
        for secret in [
            IIN,
            NAME,
            PHONE,
            digits_only,
            EMAIL,
            ADDRESS,
            TEXT,
            "Тоқтарова",
            "жертөлесін",
        ] {
            let found = bytes
                .windows(secret.len())
                .any(|window| window == secret.as_bytes());
            assert!(!found, "{path} holds {secret:?} in the clear");
        }
    }
    // The key file was made beside the database, for its owner only, and bound to it.
    let key_file = dir.path().join("data/sheshim.db.keys");
    let keys = std::fs::read_to_string(&key_file).unwrap();
    assert!(keys.contains("store_id = "), "{keys}");
    #[cfg(unix)]
    {
        assert_eq!(mode_of(&key_file), 0o600);
        assert_eq!(mode_of(&dir.path().join("data")), 0o700);
    }
    // The data reads back through the key file.
    let verify = sheshim(&["audit", "verify", "--db", &db]);
    assert!(verify.status.success(), "{}", stdout(&verify));
    assert!(stdout(&verify).contains("3 appeals"), "{}", stdout(&verify));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_wrong_or_orphaned_key_file_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sheshim.db");
    let db = format!("sqlite://{}", file.display());
    let server = Server::start(&db);
    server.submit(&full_appeal()).await;
    server.stop();
    let key_file = dir.path().join("sheshim.db.keys");

    // Missing: the database exists and is bound, its key file is gone.
    let kept = dir.path().join("kept.keys");
    std::fs::rename(&key_file, &kept).unwrap();
    let out = sheshim(&["migrate", "--db", &db]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("never used with a database"),
        "{}",
        stderr(&out)
    );
    assert!(!key_file.exists(), "a refused start left a key file behind");

    // Wrong: another store's key file.
    let other_db = format!("sqlite://{}", dir.path().join("other.db").display());
    assert!(sheshim(&["migrate", "--db", &other_db]).status.success());
    let other_keys = dir.path().join("other.db.keys");
    let out = sheshim(&[
        "migrate",
        "--db",
        &db,
        "--keys",
        other_keys.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("belongs to store"),
        "{}",
        stderr(&out)
    );

    // With its own key file back, it opens again.
    std::fs::rename(&kept, &key_file).unwrap();
    assert!(sheshim(&["migrate", "--db", &db]).status.success());

    // Orphaned: the database was deleted; starting afresh would issue SH-…-0000001 again.
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    }
    let out = sheshim(&["serve", "--db", &db, "--addr", "127.0.0.1:0"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("is missing: restore the database from a backup"),
        "{}",
        stderr(&out)
    );
    assert!(!file.exists(), "a refused start created a new database");

    // A broken key file is named, and its contents are not repeated.
    std::fs::write(
        &key_file,
        "format = 1\nlookup_key = \"c2VjcmV0LXNlY3JldA==\"\n",
    )
    .unwrap();
    let out = sheshim(&["migrate", "--db", &db]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("sheshim.db.keys"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("c2VjcmV0"), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_are_generated_once_and_rotated_without_losing_a_record() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("prod.keys");
    let keys_arg = keys.to_str().unwrap();
    let out = sheshim(&["key", "generate", "--out", keys_arg]);
    assert!(out.status.success(), "{}", stderr(&out));
    let generated = std::fs::read_to_string(&keys).unwrap();
    // Never overwritten.
    let again = sheshim(&["key", "generate", "--out", keys_arg]);
    assert!(!again.status.success());
    assert_eq!(std::fs::read_to_string(&keys).unwrap(), generated);

    let db = format!("sqlite://{}", dir.path().join("prod.db").display());
    let server = Server::start_with(&["--db", &db, "--keys", keys_arg]);
    let created = server.submit(&full_appeal()).await;
    server.stop();
    // The generated file was bound to the database on first use.
    assert!(
        std::fs::read_to_string(&keys)
            .unwrap()
            .contains("store_id = ")
    );

    let out = sheshim(&["key", "rotate", "--db", &db, "--keys", keys_arg]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("data key d2 is now active: 1 appeals"),
        "{}",
        stdout(&out)
    );
    let verify = sheshim(&["audit", "verify", "--db", &db, "--keys", keys_arg]);
    assert!(verify.status.success(), "{}", stdout(&verify));

    let rotated = Server::start_with(&["--db", &db, "--keys", keys_arg]);
    // The access code still opens the appeal: its hash is keyed by the look-up key, which a
    // rotation of the data key leaves alone.
    assert_eq!(rotated.read(&created).await, 200);
    rotated.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anchors_in_a_file_and_the_system_log_are_checked_by_verify() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("anchored.db").display());
    let server = Server::start(&db);
    server.submit(&full_appeal()).await;
    server.stop();

    let anchors = dir.path().join("anchors.log");
    let anchors_arg = anchors.to_str().unwrap();
    #[cfg(unix)]
    let listener = {
        let socket = dir.path().join("log.sock");
        (
            std::os::unix::net::UnixDatagram::bind(&socket).unwrap(),
            socket,
        )
    };
    let mut args = vec!["audit", "anchor", "--db", &db, "--append", anchors_arg];
    #[cfg(unix)]
    let socket_arg = listener.1.to_str().unwrap().to_owned();
    #[cfg(unix)]
    args.extend(["--syslog", &socket_arg]);
    let out = sheshim(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let line = stdout(&out).trim().to_owned();
    assert!(line.contains("\"signature\""), "{line}");
    assert_eq!(std::fs::read_to_string(&anchors).unwrap().trim(), line);
    #[cfg(unix)]
    {
        assert_eq!(mode_of(&anchors), 0o600);
        let mut buffer = vec![0u8; 4096];
        let length = listener.0.recv(&mut buffer).unwrap();
        let received = String::from_utf8_lossy(&buffer[..length]).into_owned();
        assert!(received.contains(&line), "{received}");
        assert!(received.contains("sheshim"), "{received}");
    }

    // A second anchor later; the file then holds both, and verify checks both.
    let server = Server::start(&db);
    server.submit(&full_appeal()).await;
    server.stop();
    assert!(
        sheshim(&["audit", "anchor", "--db", &db, "--append", anchors_arg])
            .status
            .success()
    );
    let verify = sheshim(&["audit", "verify", "--db", &db, "--anchors", anchors_arg]);
    assert!(verify.status.success(), "{}", stdout(&verify));
    assert!(stdout(&verify).contains("2 anchors"), "{}", stdout(&verify));

    // An altered anchor is named by its line.
    let text = std::fs::read_to_string(&anchors).unwrap();
    // The first anchor is of entry 3: the binding, the test's client, the appeal.
    let altered = text.replacen("\"seq\":3", "\"seq\":2", 1);
    assert_ne!(altered, text);
    std::fs::write(&anchors, altered).unwrap();
    let verify = sheshim(&["audit", "verify", "--db", &db, "--anchors", anchors_arg]);
    assert!(!verify.status.success());
    assert!(
        stdout(&verify).contains("anchor on line 1: the anchor's signature does not verify"),
        "{}",
        stdout(&verify)
    );
}
