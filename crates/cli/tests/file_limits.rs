//! Files named on the command line are read with a size limit before anything is parsed:
//! an endless device ends quickly with an error naming the file and the limit, instead of
//! filling memory.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_sheshim");

fn childbirth(file: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../services/childbirth-allowance")
        .join(file)
        .display()
        .to_string()
}

/// Runs `sheshim args…`, which must fail; its standard error.
fn refused(args: &[&str]) -> String {
    let out = Command::new(BIN).args(args).output().unwrap();
    assert!(!out.status.success(), "{args:?} succeeded");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

fn assert_names_file_and_limit(stderr: &str) {
    assert!(
        stderr.contains("/dev/zero is larger than") && stderr.contains("MiB"),
        "{stderr}"
    );
}

#[test]
fn triage_of_an_endless_file_is_refused() {
    assert_names_file_and_limit(&refused(&["triage", "--file", "/dev/zero"]));
}

#[test]
fn decide_with_endless_models_inputs_or_parameters_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input.json");
    std::fs::write(&input, r#"{"Birth order": 1, "Permanent resident": true}"#).unwrap();
    let input = input.display().to_string();
    let (model, params) = (childbirth("model.dmn"), childbirth("parameters.toml"));
    let decide = |model: &str, params: &str, input: &str| {
        refused(&[
            "decide",
            "--decision",
            "Birth allowance",
            "--as-of",
            "2025-06-01",
            "--model",
            model,
            "--params",
            params,
            "--input",
            input,
        ])
    };
    assert_names_file_and_limit(&decide("/dev/zero", &params, &input));
    assert_names_file_and_limit(&decide(&model, "/dev/zero", &input));
    assert_names_file_and_limit(&decide(&model, &params, "/dev/zero"));
}

#[test]
fn training_on_an_endless_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("model.bin").display().to_string();
    let stderr = refused(&[
        "train",
        "--data",
        "/dev/zero",
        "--text-column",
        "text",
        "--label-column",
        "label",
        "--out",
        &out,
    ]);
    assert_names_file_and_limit(&stderr);
}

#[test]
fn a_reform_that_never_ends_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let services = dir.path().join("services");
    let folder = services.join("childbirth-allowance");
    std::fs::create_dir_all(folder.join("answers")).unwrap();
    std::fs::create_dir_all(services.join("_common")).unwrap();
    for file in [
        "model.dmn",
        "parameters.toml",
        "cases.toml",
        "proactive.toml",
        "service.toml",
        "answers/kk.ftl",
        "answers/ru.ftl",
        "answers/en.ftl",
        "../_common/kk.ftl",
        "../_common/ru.ftl",
        "../_common/en.ftl",
    ] {
        std::fs::copy(childbirth(file), folder.join(file)).unwrap();
    }
    let reform = folder.join("endless.toml");
    std::os::unix::fs::symlink("/dev/zero", &reform).unwrap();
    let registry = dir.path().join("registry.parquet").display().to_string();
    let out = Command::new(BIN)
        .args([
            "population",
            "generate",
            "--people",
            "1000",
            "--out",
            &registry,
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = refused(&[
        "simulate",
        "--service",
        "childbirth-allowance",
        "--registry",
        &registry,
        "--as-of",
        "2026-02-01",
        "--services",
        &services.display().to_string(),
        "--reform",
        &reform.display().to_string(),
        "--plot",
        &dir.path().join("plot.svg").display().to_string(),
    ]);
    assert!(stderr.contains("endless.toml is larger than"), "{stderr}");
}

#[test]
fn audit_verify_with_an_endless_anchor_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("anchors.db").display());
    let out = Command::new(BIN)
        .args(["migrate", "--db", &db])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_names_file_and_limit(&refused(&[
        "audit",
        "verify",
        "--db",
        &db,
        "--anchors",
        "/dev/zero",
    ]));
}
