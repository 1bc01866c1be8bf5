//! `sheshim audit verify` and `sheshim audit anchor`: checking the audit log and every stored
//! record against it, and signing its head into a place outside the database.

use crate::args::{AnchorArgs, VerifyArgs};
use crate::clock;
use crate::keys::open_store;
use crate::read::read_text_limited;
use anyhow::Context;
use sheshim_crypto::Anchor;
use sheshim_store::AuditReport;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// An anchor file holds one line per anchor; a year of hourly anchors is under 3 MB.
const MAX_ANCHOR_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Prints what verification found; succeeds only when nothing was.
pub async fn verify(args: &VerifyArgs) -> anyhow::Result<ExitCode> {
    let (store, keyring) = open_store(&args.db).await?;
    let anchors = match &args.anchors {
        Some(path) => read_anchors(path)?,
        None => Vec::new(),
    };
    let report = sheshim_store::verify_store(store.as_ref(), &keyring, &anchors)
        .await
        .context("cannot read the audit log")?;
    print!("{}", render(&report));
    Ok(if report.is_intact() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The report: one line per finding, then a closing line.
fn render(report: &AuditReport) -> String {
    let mut out = String::new();
    if let Some(broken) = &report.chain_break {
        out.push_str(&format!("audit chain broken: {broken}\n"));
    }
    if report.bad_mac_count > 0 {
        let shown: Vec<String> = report.bad_macs.iter().map(u64::to_string).collect();
        out.push_str(&format!(
            "{} audit entries are not authenticated by the audit key (rewritten from inside the database?): {}{}\n",
            report.bad_mac_count,
            shown.join(", "),
            if report.bad_mac_count > shown.len() as u64 { ", …" } else { "" }
        ));
    }
    for finding in &report.findings {
        out.push_str(&format!("{finding}\n"));
    }
    if report.unauthenticated > 0 {
        out.push_str(&format!(
            "note: the first {} entries predate authenticated entries; the chain links them to the first authenticated one\n",
            report.unauthenticated
        ));
    }
    let summary = format!(
        "{} entries, {} appeals, {} anchors",
        report.entries, report.appeals, report.anchors
    );
    if report.is_intact() {
        out.push_str(&format!("audit chain ok: {summary}\n"));
    } else {
        let problems = report.findings.len()
            + usize::from(report.chain_break.is_some())
            + usize::from(report.bad_mac_count > 0);
        out.push_str(&format!(
            "audit verification failed: {problems} problems; {summary}\n"
        ));
    }
    out
}

/// Reads the anchors of an anchor file (lines that are not anchors are reported as such).
fn read_anchors(path: &Path) -> anyhow::Result<Vec<(usize, Anchor)>> {
    let text = read_text_limited(path, MAX_ANCHOR_FILE_BYTES)
        .with_context(|| format!("cannot read the anchor file {}", path.display()))?;
    let mut anchors = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let anchor = Anchor::parse_line(line)
            .with_context(|| format!("{} line {}: not an anchor", path.display(), index + 1))?;
        anchors.push((index + 1, anchor));
    }
    Ok(anchors)
}

/// Signs the chain's head and prints it; appends it to a file and sends it to the system
/// log when asked.
pub async fn anchor(args: &AnchorArgs) -> anyhow::Result<ExitCode> {
    let (store, keyring) = open_store(&args.db).await?;
    let head = store
        .audit_head()
        .await
        .context("cannot read the audit head")?;
    let at = clock::now(clock::system()).to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let anchor = keyring
        .anchor(head.seq, &head.hash.to_hex(), &at)
        .context("cannot sign the audit head")?;
    let line = anchor.to_line();
    println!("{line}");
    if let Some(path) = &args.append {
        append_line(path, &line)?;
    }
    if let Some(socket) = &args.syslog {
        send_to_syslog(socket, &line)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Appends a line to a file created readable by its owner only.
fn append_line(path: &Path, line: &str) -> anyhow::Result<()> {
    let mut file = crate::private::owner_only()
        .append(true)
        .create(true)
        .open(path)
        .with_context(|| format!("cannot open the anchor file {}", path.display()))?;
    writeln!(file, "{line}")
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot append to {}", path.display()))
}

/// Sends the line to the system log over its local socket (RFC 3164), facility `auth`, so
/// that it lands where the database's administrators cannot rewrite it.
#[cfg(unix)]
fn send_to_syslog(socket: &Path, line: &str) -> anyhow::Result<()> {
    let formatter = syslog::Formatter3164 {
        facility: syslog::Facility::LOG_AUTH,
        hostname: None,
        process: "sheshim".into(),
        pid: std::process::id(),
    };
    let mut logger = syslog::unix_custom(formatter, socket).map_err(|error| {
        anyhow::anyhow!(
            "cannot reach the system log at {}: {error}",
            socket.display()
        )
    })?;
    logger
        .notice(line)
        .map_err(|error| anyhow::anyhow!("cannot write to the system log: {error}"))
}

#[cfg(not(unix))]
fn send_to_syslog(_socket: &Path, _line: &str) -> anyhow::Result<()> {
    anyhow::bail!("the system log is only reachable on Unix")
}
