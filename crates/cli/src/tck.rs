//! `sheshim tck DIR`: runs the DMN TCK test cases under a folder, writes `tck_results.csv`
//! in the TCK's format, prints a summary per folder and ends with `N passed, M failed`.
//!
//! The runner (`sheshim-tck`) isolates each folder and writes the CSV; this command reads
//! the clock, opens the file and prints.

use crate::args::TckArgs;
use anyhow::Context;
use sheshim_feel::{BuiltinEnv, Env, FeelDateTime, Zone};
use sheshim_tck::{ResultsCsv, Status};
use std::process::ExitCode;

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
    let file = std::fs::File::create(&args.out)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    let mut csv = ResultsCsv::new(std::io::BufWriter::new(file));
    let env = env_now();
    let (mut passed, mut failed) = (0usize, 0usize);
    for folder in folders {
        let report = sheshim_tck::run_folder_isolated(&folder, root, &env);
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
        csv.write(&report)
            .with_context(|| format!("cannot write {}", args.out.display()))?;
        passed += folder_passed;
        failed += folder_failed;
    }
    csv.flush()
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    println!("{passed} passed, {failed} failed");
    Ok(ExitCode::SUCCESS)
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
