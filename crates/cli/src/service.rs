//! `sheshim service test`: runs the test cases of one service folder, or of every service
//! of the catalogue, printing a line per case and `N passed, M failed`.
//!
//! With `--all` the whole catalogue is loaded first, exactly as the server loads it, so a
//! broken service (its file and field named) fails the command before any case runs.

use crate::args::{ServiceCommand, ServiceTestArgs};
use anyhow::{Context as _, bail};
use sheshim_feel::Env;
use sheshim_services::{Catalogue, Service};
use std::process::ExitCode;
use std::sync::Arc;

/// Runs `sheshim service …`.
pub fn run(command: &ServiceCommand) -> anyhow::Result<ExitCode> {
    match command {
        ServiceCommand::Test(args) => test(args),
    }
}

fn test(args: &ServiceTestArgs) -> anyhow::Result<ExitCode> {
    let services: Vec<Arc<Service>> = match (&args.folder, args.all) {
        (Some(folder), false) => {
            vec![Arc::new(Service::load(folder).with_context(|| {
                format!("cannot load {}", folder.display())
            })?)]
        }
        (None, true) => {
            let catalogue = Catalogue::load(&args.root)
                .with_context(|| format!("cannot load the catalogue {}", args.root.display()))?;
            catalogue.services().cloned().collect()
        }
        _ => bail!("give one service folder, or --all"),
    };
    let env = Env::default();
    let (mut passed, mut failed) = (0usize, 0usize);
    for service in &services {
        for result in service.run_cases(&env) {
            if result.passed {
                passed += 1;
                println!("ok   {} {}", service.code, result.name);
            } else {
                failed += 1;
                println!(
                    "FAIL {} {}: expected {}, got {}",
                    service.code, result.name, result.expected, result.actual
                );
            }
        }
    }
    println!("{passed} passed, {failed} failed");
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
