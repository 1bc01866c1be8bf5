//! The officers' web workspace in a real browser: headless Chromium driven through
//! chromedriver against `sheshim demo`, one story over one server. An officer signs in
//! (changing the one-time password), sees the queue ordered by days left, opens the
//! application whose claim the registry contradicts, sees the difference and overrides the
//! suggested outcome with a reason, which the case's history shows; a form posted without
//! its CSRF token is refused; an officer of another agency neither sees the case nor reaches
//! it; a supervisor stops automatic issuing and the next confirmed application waits for an
//! officer; the interface speaks Kazakh and Russian with no untranslated key; the auditor
//! finds the chain intact and the override in the period's export of decision records; after
//! the server stops, `sheshim audit verify` passes and `sheshim case export` shows the
//! override.
//!
//! Skipped with a message where Debian's `chromium` and `chromium-driver` are not installed,
//! unless `CI` is set. Screenshots of the queue, a case and the report are written to
//! `$TMPDIR/sheshim-workspace-screenshots/` on every run, and to `docs/` in the repository
//! with `SHESHIM_UPDATE_SCREENSHOTS=1`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "browser/applications.rs"]
mod applications;
#[path = "browser/chrome.rs"]
mod chrome;
#[path = "browser/demo.rs"]
mod demo;
#[path = "browser/pages.rs"]
mod pages;
#[path = "browser/stories.rs"]
mod stories;
#[path = "browser/supervision.rs"]
mod supervision;

use chrome::Browser;
use demo::Demo;
use std::path::PathBuf;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_sheshim");

/// The screenshots the story takes: its name for each, and its file in `docs/`.
pub const SCREENSHOTS: [&str; 3] = [
    "workspace-queue.png",
    "workspace-case.png",
    "workspace-report.png",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn officers_supervisors_and_the_audit_log_in_a_real_browser() {
    if !chrome::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_owned();
    let demo = tokio::task::spawn_blocking(move || Demo::start(&data))
        .await
        .unwrap();
    let shots = screenshot_dir();
    let browser = Browser::start().await;
    let c = &browser.client;

    let overridden = stories::officer_overrides_a_contradicted_claim(c, &demo, &shots).await;
    stories::a_form_without_its_csrf_token_is_refused(c, &demo).await;
    pages::sign_out(c, &demo.base).await;
    stories::another_agency_neither_sees_nor_reaches_the_case(c, &demo).await;
    pages::sign_out(c, &demo.base).await;
    supervision::supervisor_stops_automatic_issuing(c, &demo).await;
    supervision::supervisor_reads_the_report(c, &demo, &shots).await;
    supervision::the_interface_speaks_kazakh_and_russian(c, &demo).await;
    pages::sign_out(c, &demo.base).await;
    supervision::auditor_verifies_the_chain_and_exports_the_override(c, &demo, &overridden).await;
    browser.close().await;

    let number = demo.contradicted.clone();
    let db = demo.db.clone();
    tokio::task::spawn_blocking(move || demo.stop())
        .await
        .unwrap();
    the_audit_log_verifies_and_records_the_override(&db, &number, &overridden);
    publish_screenshots(&shots);
}

/// After the server has stopped: `sheshim audit verify` passes, and the case's export holds
/// the officer's override in its history (from the audit log) and its reason in the record.
fn the_audit_log_verifies_and_records_the_override(
    db: &str,
    number: &str,
    overridden: &stories::Override,
) {
    let verified = Command::new(BIN)
        .args(["audit", "verify", "--db", db])
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&verified.stdout);
    assert!(
        verified.status.success(),
        "audit verify failed: {printed}{}",
        String::from_utf8_lossy(&verified.stderr)
    );
    assert!(printed.contains("audit chain ok"), "{printed}");

    let exported = Command::new(BIN)
        .args(["case", "export", number, "--db", db])
        .output()
        .unwrap();
    assert!(
        exported.status.success(),
        "{}",
        String::from_utf8_lossy(&exported.stderr)
    );
    let record: serde_json::Value = serde_json::from_slice(&exported.stdout).unwrap();
    let overrides: Vec<&serde_json::Value> = record["history"]
        .as_array()
        .expect("a history")
        .iter()
        .filter(|entry| entry["action"] == "case.override")
        .collect();
    assert_eq!(overrides.len(), 1, "{record:#}");
    assert_eq!(overrides[0]["actor"], "user:mlsp.officer");
    assert_eq!(overrides[0]["details"]["outcome"], overridden.outcome);
    assert_eq!(record["outcome"], overridden.outcome);
    assert_eq!(record["record"]["override_reason"], overridden.reason);
}

/// Where this run's screenshots go: a fixed folder under the system's temporary folder,
/// replaced by every run, so the last run's pictures can be looked at.
fn screenshot_dir() -> PathBuf {
    let dir = std::env::temp_dir().join("sheshim-workspace-screenshots");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// With `SHESHIM_UPDATE_SCREENSHOTS=1`, copies the screenshots to the repository's `docs/`
/// (the README shows them); otherwise says where they are.
fn publish_screenshots(shots: &std::path::Path) {
    if std::env::var("SHESHIM_UPDATE_SCREENSHOTS").as_deref() == Ok("1") {
        let docs = demo::repository().join("docs");
        for name in SCREENSHOTS {
            std::fs::copy(shots.join(name), docs.join(name)).unwrap();
        }
        eprintln!("screenshots written to {}", docs.display());
    } else {
        eprintln!(
            "screenshots in {} (SHESHIM_UPDATE_SCREENSHOTS=1 writes them to docs/)",
            shots.display()
        );
    }
}
