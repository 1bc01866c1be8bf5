//! `sheshim replay`: a service's stored applications of a period decided again under a
//! reform, from what their records hold (see `sheshim_engine::replay`), printed as a table
//! of the applications whose outcome changes and a closing summary line:
//! `replayed=N gain=… lose=… same=… not_replayable=… drifted=… cost_delta_tenge=…`.
//!
//! Only registration numbers, dates, outcomes and amounts are printed: nothing about the
//! applicants themselves.

use crate::args::ReplayArgs;
use crate::keys::open_store;
use anyhow::Context as _;
use sheshim_domain::ServiceCode;
use sheshim_engine::replay::{Change, Decision, ReplayPeriod, replay};
use sheshim_services::Service;
use std::process::ExitCode;
use std::sync::Arc;

/// Runs the replay and prints its table and summary.
pub async fn run(args: &ReplayArgs) -> anyhow::Result<ExitCode> {
    let code = ServiceCode::parse(&args.service)
        .map_err(|e| anyhow::anyhow!("{:?} is not a service code: {e}", args.service))?;
    if let (Some(from), Some(to)) = (args.from, args.to) {
        anyhow::ensure!(from <= to, "--from {from} is after --to {to}");
    }
    let folder = args.services.join(code.as_str());
    anyhow::ensure!(
        folder.is_dir(),
        "no service {code}: {} is not a folder",
        folder.display()
    );
    let service =
        Service::load(&folder).with_context(|| format!("cannot load {}", folder.display()))?;
    anyhow::ensure!(
        service.decision().is_some(),
        "{code} is an appeal service: an officer answers it, there is nothing to replay"
    );
    let reformed = service
        .with_reform(&args.reform)
        .with_context(|| format!("cannot apply the reform {}", args.reform.display()))?;
    let (store, _) = open_store(&args.db).await?;
    let period = ReplayPeriod {
        from: args.from,
        to: args.to,
    };
    let report = replay(
        store.as_ref(),
        Arc::new(service),
        Arc::new(reformed),
        period,
    )
    .await
    .context("the replay failed")?;

    println!(
        "replay of {code} under {} — registered {} to {}; amounts in tenge per payment as the \
         service decides them",
        args.reform.display(),
        args.from.map_or("the first".to_owned(), |d| d.to_string()),
        args.to.map_or("the last".to_owned(), |d| d.to_string()),
    );
    let changed: Vec<_> = report
        .replayed
        .iter()
        .filter(|r| r.change != Change::Same)
        .collect();
    println!(
        "{:<18} {:<10} {:<20} {:<20} {:>14}  change",
        "application", "as_of", "recorded", "reform", "delta"
    );
    for row in changed.iter().take(args.show) {
        println!(
            "{:<18} {:<10} {:<20} {:<20} {:>14}  {}{}",
            row.registration_number.as_str(),
            row.as_of,
            decision(row.before),
            decision(row.after),
            tenge(row.after.paid_tiyn() - row.before.paid_tiyn()),
            row.change.code(),
            if row.drifted {
                " (rules changed since)"
            } else {
                ""
            },
        );
    }
    if changed.len() > args.show {
        println!("… and {} more that change", changed.len() - args.show);
    }
    let mut reasons: Vec<(&str, usize)> = Vec::new();
    for (_, reason) in &report.not_replayable {
        match reasons.iter_mut().find(|(r, _)| r == reason) {
            Some((_, count)) => *count += 1,
            None => reasons.push((reason, 1)),
        }
    }
    for (reason, count) in &reasons {
        println!("not replayable: {count} ({reason})");
    }
    println!(
        "replayed={} gain={} lose={} same={} not_replayable={} drifted={} cost_delta_tenge={}",
        report.replayed.len(),
        report.count(Change::Gain),
        report.count(Change::Loss),
        report.count(Change::Same),
        report.not_replayable.len(),
        report.drifted(),
        tenge(report.cost_delta_tiyn()),
    );
    Ok(ExitCode::SUCCESS)
}

/// A decision as the table shows it: `granted 164350.00`, `denied`, `none`.
fn decision(decision: Decision) -> String {
    match (decision.granted, decision.amount_tiyn) {
        (Some(true), Some(tiyn)) => format!("granted {}", tenge(tiyn)),
        _ => decision.code().to_owned(),
    }
}

/// Tiyn as tenge with two decimals, signed.
fn tenge(tiyn: i64) -> String {
    let sign = if tiyn < 0 { "-" } else { "" };
    let abs = tiyn.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenge_are_signed_with_two_decimals() {
        assert_eq!(tenge(6_018_700), "60187.00");
        assert_eq!(tenge(-1_234_505), "-12345.05");
        assert_eq!(tenge(0), "0.00");
    }
}
