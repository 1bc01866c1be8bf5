//! The server under test: the built `sheshim demo` in a temporary folder on a free port, and
//! what it prints (the format is documented in `crates/cli/src/demo.rs`): the workspace's
//! address, the officials' one-time passwords and tokens, the channel clients' keys and the
//! application whose claim the registry contradicts.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_sheshim");

/// The repository's root: the demo reads the service catalogue from `services/` there.
pub fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the repository's folder")
}

/// A demo official's sign-in details, as printed.
#[derive(Debug, Clone)]
pub struct Official {
    /// The role's code.
    pub role: String,
    /// The agency's code.
    pub agency: String,
    /// The one-time password.
    pub password: String,
    /// The API token.
    pub token: String,
}

/// A running `sheshim demo`.
pub struct Demo {
    /// `http://ADDR`, where the API answers.
    pub base: String,
    /// Officials by login.
    pub officials: BTreeMap<String, Official>,
    /// Channel clients' keys by channel code.
    pub client_keys: BTreeMap<String, String>,
    /// The application whose claim the registry contradicts.
    pub contradicted: String,
    /// The demo's SQLite database, as `--db` takes it.
    pub db: String,
    /// The demo's folder (population file, database, key file, server log).
    pub dir: PathBuf,
    child: Child,
}

impl Demo {
    /// Starts the demo in `dir` and waits (at most five minutes: a debug build hashes the
    /// officials' passwords slowly) until it has seeded everything and says so.
    pub fn start(dir: &Path) -> Demo {
        let log = std::fs::File::create(dir.join("server.log")).expect("a server log");
        let mut child = Command::new(BIN)
            .args(["demo", "--addr", "127.0.0.1:0", "--data-dir"])
            .arg(dir)
            .current_dir(repository())
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("the demo starts");
        let stdout = child.stdout.take().expect("the demo's output");
        let (lines, received) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if lines.send(line).is_err() {
                    break;
                }
            }
        });
        let mut printed = Vec::new();
        loop {
            match received.recv_timeout(Duration::from_secs(300)) {
                Ok(line) if line == "Press Ctrl-C to stop." => break,
                Ok(line) => printed.push(line),
                Err(_) => {
                    let _ = child.kill();
                    let log = std::fs::read_to_string(dir.join("server.log")).unwrap_or_default();
                    panic!(
                        "the demo did not finish seeding; it printed:\n{}\nlog:\n{log}",
                        printed.join("\n")
                    );
                }
            }
        }
        let printed = printed.join("\n");
        let workspace = printed
            .lines()
            .find_map(|line| line.strip_prefix("Workspace: "))
            .unwrap_or_else(|| panic!("no `Workspace:` line in\n{printed}"));
        let base = workspace
            .strip_suffix("/workspace/")
            .unwrap_or_else(|| panic!("the workspace is not at /workspace/: {workspace}"))
            .to_owned();
        let contradicted = printed
            .lines()
            .find(|line| line.contains("registry contradicts"))
            .and_then(|line| line.split_whitespace().next())
            .unwrap_or_else(|| panic!("no application the registry contradicts in\n{printed}"))
            .to_owned();
        Demo {
            base,
            officials: officials(&printed),
            client_keys: client_keys(&printed),
            contradicted,
            db: format!("sqlite://{}", dir.join("demo.db").display()),
            dir: dir.to_owned(),
            child,
        }
    }

    /// The official with this login.
    pub fn official(&self, login: &str) -> &Official {
        self.officials
            .get(login)
            .unwrap_or_else(|| panic!("the demo printed no official {login}"))
    }

    /// Stops the server as Ctrl-C would and waits for it to exit, so that the database can
    /// be read by other commands.
    pub fn stop(mut self) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-INT", &pid]).status();
        assert!(sent.is_ok_and(|s| s.success()), "cannot signal the demo");
        for _ in 0..300 {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the demo did not stop within 30 seconds of Ctrl-C");
    }
}

impl Drop for Demo {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// `  LOGIN (ROLE of AGENCY): password PASSWORD  token TOKEN` lines.
fn officials(printed: &str) -> BTreeMap<String, Official> {
    let mut officials = BTreeMap::new();
    for line in printed.lines() {
        let Some((who, secrets)) = line.trim().split_once("): password ") else {
            continue;
        };
        let Some((login, role_of_agency)) = who.split_once(" (") else {
            continue;
        };
        let (Some((role, agency)), Some((password, token))) = (
            role_of_agency.split_once(" of "),
            secrets.split_once("  token "),
        ) else {
            panic!("an official's line has another shape: {line}");
        };
        officials.insert(
            login.to_owned(),
            Official {
                role: role.to_owned(),
                agency: agency.to_owned(),
                password: password.to_owned(),
                token: token.to_owned(),
            },
        );
    }
    officials
}

/// ``  client key of `demo-CHANNEL` (channel CHANNEL): KEY`` lines.
fn client_keys(printed: &str) -> BTreeMap<String, String> {
    printed
        .lines()
        .filter_map(|line| line.trim().strip_prefix("client key of `demo-"))
        .filter_map(|rest| {
            let (channel, rest) = rest.split_once('`')?;
            let (_, key) = rest.split_once("): ")?;
            Some((channel.to_owned(), key.to_owned()))
        })
        .collect()
}
