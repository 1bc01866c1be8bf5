//! The `triage` command: JSON with every field and its confidence, no personal data in the
//! output, and clear errors for files that are not UTF-8 text.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_sheshim");

#[test]
fn prints_every_field_and_never_the_personal_data() {
    let iin = sheshim_domain::with_check_digit("92032241000").unwrap();
    let text = format!("Мой ИИН {iin}. Во дворе уже месяц не вывозят мусор, просим принять меры.");
    let out = Command::new(BIN)
        .args(["triage", &text, "--received-on", "2026-05-10"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(!printed.contains(&iin));
    let answer: Value = serde_json::from_str(&printed).unwrap();
    for field in ["language", "script", "kind", "topic", "agency", "urgency"] {
        let confidence = answer[field]["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&confidence), "{field}");
        assert!(answer[field]["value"].is_string(), "{field}");
    }
    assert_eq!(answer["language"]["value"], "ru");
    assert_eq!(answer["findings"][0]["kind"], "IIN");
    assert!(answer["masked_text"].as_str().unwrap().contains("[IIN]"));
}

#[test]
fn bad_input_files_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.txt");
    std::fs::write(&broken, b"\xd0\x9f\xd1\x80\xff\xfe text").unwrap();
    let out = Command::new(BIN)
        .args(["triage", "--file", broken.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("not UTF-8 text (first bad byte at offset 4)")
    );

    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let out = Command::new(BIN)
        .args(["triage", "--file", empty.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("empty") && !stderr.contains("panicked"),
        "{stderr}"
    );
}
