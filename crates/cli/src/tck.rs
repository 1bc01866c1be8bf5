//! `sheshim tck DIR`: runs the DMN TCK test cases under a folder, writes `tck_results.csv`
//! in the TCK's format, prints a summary per folder and ends with `N passed, M failed`.

use crate::args::TckArgs;
use anyhow::Context;
use sheshim_feel::{BuiltinEnv, Env, FeelDateTime, Zone};
use sheshim_tck::{FolderReport, Status};
use std::io::Write;
use std::process::ExitCode;

/// Stack for evaluating one folder: deeply nested or recursive models must not overflow.
const FOLDER_STACK_BYTES: usize = 256 * 1024 * 1024;

/// Runs every folder and reports.
pub fn run(args: &TckArgs) -> anyhow::Result<ExitCode> {
    let root = &args.dir;
    let folders = sheshim_tck::discover(root)
        .with_context(|| format!("cannot read test cases under {}", root.display()))?;
    anyhow::ensure!(
        !folders.is_empty(),
        "no DMN TCK test cases under {}",
        root.display()
    );
    let mut csv = std::io::BufWriter::new(
        std::fs::File::create(&args.out)
            .with_context(|| format!("cannot write {}", args.out.display()))?,
    );
    let (mut passed, mut failed) = (0usize, 0usize);
    for folder in folders {
        let report = run_isolated(&folder, root);
        let folder_passed = report
            .outcomes
            .iter()
            .filter(|o| o.status == Status::Success)
            .count();
        let folder_failed = report.outcomes.len() - folder_passed;
        println!(
            "{}: {folder_passed} passed, {folder_failed} failed",
            report.label
        );
        for outcome in &report.outcomes {
            writeln!(
                csv,
                "{},{},{},{},{}",
                quoted(&report.label),
                quoted(&outcome.file),
                quoted(&outcome.id),
                quoted(outcome.status.as_str()),
                quoted(&outcome.detail)
            )?;
        }
        passed += folder_passed;
        failed += folder_failed;
    }
    csv.flush()?;
    println!("{passed} passed, {failed} failed");
    Ok(ExitCode::SUCCESS)
}

/// Runs one folder on its own thread with a large stack, so that a panic or a runaway
/// recursion in one model fails that folder's cases and not the whole run.
fn run_isolated(folder: &std::path::Path, root: &std::path::Path) -> FolderReport {
    let (folder_owned, root_owned) = (folder.to_owned(), root.to_owned());
    let handle = std::thread::Builder::new()
        .stack_size(FOLDER_STACK_BYTES)
        .spawn(move || sheshim_tck::run_folder(&folder_owned, &root_owned, &env_now()));
    match handle.map(|h| h.join()) {
        Ok(Ok(report)) => report,
        _ => FolderReport {
            label: sheshim_tck::label(folder, root),
            outcomes: vec![sheshim_tck::CaseOutcome {
                file: String::new(),
                id: String::new(),
                status: Status::Error,
                detail: "the engine panicked on this folder".to_owned(),
            }],
        },
    }
}

/// A CSV field in double quotes, with inner quotes doubled and line breaks flattened.
fn quoted(field: &str) -> String {
    format!(
        "\"{}\"",
        field.replace('"', "\"\"").replace(['\n', '\r'], " ")
    )
}

/// The evaluation environment with the current instant (UTC) from the command line's
/// clock, which FEEL's `now()` and `today()` return: the command line is the edge where the
/// clock may be read.
fn env_now() -> Env {
    let now = crate::clock::now(crate::clock::system());
    Env {
        builtins: BuiltinEnv {
            now: Some(FeelDateTime::new(now.naive_utc(), Some(Zone::Offset(0)))),
        },
    }
}
