//! Headless Chromium driven through chromedriver on a free loopback port: Debian's packages
//! (`chromium`, `chromium-driver`), never a browser downloaded by the test. Both processes
//! are ended when the [`Browser`] is closed or dropped, a failed assertion included.

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Debian's chromedriver.
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Debian's Chromium.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Whether the browser tests can run here. Without chromedriver they are skipped with a
/// message, except in CI (the `CI` variable set), where a missing browser is a failure:
/// `.ci/run` installs it, so its absence there means the tests silently stopped running.
pub fn available() -> bool {
    let present = Path::new(CHROMEDRIVER).exists() && Path::new(CHROMIUM).exists();
    if !present {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but {CHROMEDRIVER} or {CHROMIUM} is missing: install Debian's chromium and chromium-driver (.ci/run does)"
        );
        eprintln!(
            "SKIPPED: the browser tests need {CHROMEDRIVER} and {CHROMIUM} \
             (apt-get install chromium chromium-driver); set CI to make this a failure"
        );
    }
    present
}

/// A chromedriver process and a browser session in it.
pub struct Browser {
    /// The WebDriver session.
    pub client: Client,
    driver: Driver,
}

impl Browser {
    /// Starts chromedriver on a free port and opens a headless Chromium session whose
    /// interface and `Accept-Language` are English, so that the workspace starts in English.
    pub async fn start() -> Browser {
        let port = free_port();
        // Its own process group, which the Chromium processes it starts join, so that all of
        // them can be ended at once, even after a failed assertion.
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("chromedriver starts");
        let driver = Driver(child);
        let url = format!("http://127.0.0.1:{port}");
        wait_until_ready(&url).await;
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".to_owned(),
            serde_json::json!({
                "binary": CHROMIUM,
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--window-size=1400,1000",
                    // Containers often have a small /dev/shm, where Chromium would crash.
                    "--disable-dev-shm-usage",
                    "--lang=en-US",
                ],
                "prefs": { "intl.accept_languages": "en-US,en" },
            }),
        );
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&url)
            .await
            .expect("chromedriver opens a Chromium session");
        Browser { client, driver }
    }

    /// Ends the session (Chromium quits) and chromedriver.
    pub async fn close(self) {
        let Browser { client, driver } = self;
        let _ = client.close().await;
        drop(driver);
    }
}

/// The chromedriver process, leader of its own process group; the group (chromedriver and
/// the Chromium processes it started) is killed when dropped.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.0.wait();
    }
}

/// A loopback port nobody listens on: bound, read and released.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
    listener.local_addr().expect("a bound address").port()
}

/// Waits (at most 20 seconds) for chromedriver to answer `/status` with `ready`.
async fn wait_until_ready(url: &str) {
    let started = Instant::now();
    let http = reqwest::Client::new();
    loop {
        if let Ok(response) = http.get(format!("{url}/status")).send().await
            && let Ok(status) = response.json::<serde_json::Value>().await
            && status["value"]["ready"] == true
        {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "chromedriver did not become ready at {url}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
