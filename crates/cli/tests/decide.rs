//! The `decide` command on the childbirth allowance service: results, parameters with their
//! sources, the trace, and clear errors for bad models and bad inputs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_sheshim");

fn service(file: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../services/childbirth-allowance")
        .join(file)
        .display()
        .to_string()
}

fn decide(input: &str, extra: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("input.json");
    std::fs::write(&path, input).unwrap();
    let mut args = vec![
        "decide".to_owned(),
        "--model".to_owned(),
        service("model.dmn"),
        "--params".to_owned(),
        service("parameters.toml"),
        "--input".to_owned(),
        path.display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    Command::new(BIN).args(&args).output().unwrap()
}

#[test]
fn decides_with_the_parameters_in_force_and_explains_itself() {
    let out = decide(
        r#"{"Birth order": 4, "Permanent resident": true}"#,
        &[
            "--decision",
            "Birth allowance",
            "--as-of",
            "2025-06-01",
            "--trace",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
    // 63 × 3,932 (the MRP in force in 2025).
    assert_eq!(answer["result"]["amount"], 247716);
    assert_eq!(answer["result"]["eligible"], true);
    assert_eq!(answer["parameters"][0]["name"], "MRP");
    assert_eq!(answer["parameters"][0]["from"], "2025-01-01");
    assert_eq!(answer["parameters"][0]["verified"], false);
    let trace = &answer["trace"];
    assert_eq!(trace["models_sha256"].as_str().unwrap().len(), 64);
    let rate = &trace["decisions"][0];
    assert_eq!(rate["decision"], "Allowance rate");
    let rule = &rate["tables"][0]["selected"][0];
    assert_eq!(rule["id"], "rule_fourth_and_later");
    assert!(
        rule["annotations"]["legal basis"]
            .as_str()
            .unwrap()
            .contains("63 MRP")
    );
}

#[test]
fn wrong_inputs_and_unknown_decisions_are_clear_errors() {
    let out = decide(
        r#"{"Birth order": "two", "Permanent resident": true}"#,
        &["--decision", "Birth allowance", "--as-of", "2025-06-01"],
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("\"Birth order\" must be a number"),
        "{stderr}"
    );

    let out = decide(
        r#"{"Birth order": 1}"#,
        &["--decision", "Nope", "--as-of", "2025-06-01"],
    );
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("unknown decision: Nope")
    );

    let out = decide("[1, 2", &["--decision", "Birth allowance"]);
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("is not valid JSON")
    );

    // Before the first MRP period: no value of the law is in force.
    let out = decide(
        r#"{"Birth order": 1, "Permanent resident": true}"#,
        &["--decision", "Birth allowance", "--as-of", "2023-06-01"],
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("MRP has no value in force on 2023-06-01"),
        "{stderr}"
    );
}

#[test]
fn a_broken_model_is_named_by_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("broken.dmn");
    let text = std::fs::read_to_string(service("model.dmn"))
        .unwrap()
        .replace("Allowance rate * MRP", "Allowance rate * (MRP");
    std::fs::write(&model, text).unwrap();
    let input = dir.path().join("input.json");
    std::fs::write(&input, "{}").unwrap();
    let out = Command::new(BIN)
        .args([
            "decide",
            "--model",
            &model.display().to_string(),
            "--decision",
            "Birth allowance",
        ])
        .args(["--input", &input.display().to_string()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("broken.dmn:") && stderr.contains("ce_amount_expr"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));
}

/// A model written for Camunda 7: its table reads `season` and `guestCount` without declaring
/// them as input data.
fn camunda7(input: &str, extra: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("input.json");
    std::fs::write(&path, input).unwrap();
    let model = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../dmn/tests/models/camunda7-dish.dmn")
        .display()
        .to_string();
    let mut args = vec!["decide", "--model", &model, "--decision", "Dish Decision"];
    let input = path.display().to_string();
    args.extend(["--input", &input]);
    args.extend(extra);
    Command::new(BIN).args(&args).output().unwrap()
}

#[test]
fn a_camunda_7_model_is_refused_with_its_undeclared_names_or_bound_from_the_inputs() {
    let out = camunda7(r#"{"season": "Winter", "guestCount": 4}"#, &[]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("\"season\""), "{stderr}");
    assert!(stderr.contains("\"guestCount\""), "{stderr}");
    assert!(stderr.contains("dish-decision"), "{stderr}");
    assert!(stderr.contains("--bind-undeclared"), "{stderr}");

    let out = camunda7(
        r#"{"season": "Winter", "guestCount": 4}"#,
        &["--bind-undeclared"],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(answer["result"], "Roastbeef", "{answer}");

    // A misspelt input is never a silent null, bound or not.
    let out = camunda7(
        r#"{"Season": "Winter", "guestCount": 4}"#,
        &["--bind-undeclared"],
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Season"), "{stderr}");
}
