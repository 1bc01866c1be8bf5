//! A printing command whose reader goes away (`sheshim … | head -1`) stops without a panic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Stdio};

#[test]
fn a_closed_pipe_stops_the_command_without_a_panic() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sheshim"))
        .args(["deadline", "2026-03-20", "15"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader is gone before the command has started, let alone printed.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}
