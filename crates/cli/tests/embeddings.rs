//! The commands that use the embedding model: without it they stop with a message that says
//! how to fetch it (everything else works without it); with it (`SHESHIM_MODELS`, as CI
//! sets), `bench embed` prints its figures for 100- and 500-character appeals.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_sheshim");

#[test]
fn without_the_model_the_commands_say_how_to_fetch_it() {
    let empty = tempfile::tempdir().unwrap();
    let output = Command::new(BIN)
        .args(["bench", "embed", "--models"])
        .arg(empty.path())
        .env_remove("SHESHIM_MODELS")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("sheshim models fetch e5-small"), "{stderr}");
}

#[test]
fn bench_embed_prints_texts_per_second_with_the_model() {
    let Some(models) = std::env::var_os("SHESHIM_MODELS") else {
        println!("SKIPPED: SHESHIM_MODELS is not set (sheshim models fetch e5-small)");
        return;
    };
    let output = Command::new(BIN)
        .args(["bench", "embed", "--texts", "2", "--runs", "1", "--models"])
        .arg(&models)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    if String::from_utf8_lossy(&output.stderr).contains("sheshim models fetch") {
        println!("SKIPPED: no e5-small in {}", models.to_string_lossy());
        return;
    }
    assert!(output.status.success(), "{stdout}");
    let rows: Vec<&str> = stdout
        .lines()
        .filter(|line| line.trim_start().starts_with("100") || line.trim_start().starts_with("500"))
        .collect();
    assert_eq!(rows.len(), 2, "{stdout}");
    for row in rows {
        let figures: Vec<f64> = row.split_whitespace().map(|v| v.parse().unwrap()).collect();
        assert!(figures[2] > 0.0 && figures[3] > 0.0, "{row}");
    }
}
