//! The `train` and `eval` commands: a model trained from a CSV file (quoted fields with
//! commas and line breaks) is measured on another, and the report ends with the contract
//! line `accuracy=0.xxxx macro_f1=0.xxxx`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_sheshim");

/// A small labelled set written for this test: heating and roads, in Russian and English.
fn csv() -> String {
    let heating = [
        "В квартире холодно, батареи не греют",
        "Нет отопления в доме уже неделю",
        "Радиаторы еле тёплые, дети мёрзнут",
        "The heating in our flat has been off for days",
        "Radiators are cold, please restore the heating",
        "No heating in the building, it is freezing",
    ];
    let roads = [
        "На дороге огромная яма, машины ломаются",
        "Просим отремонтировать асфальт на улице",
        "Дорога разбита, нужен ремонт покрытия",
        "There is a huge pothole in the road",
        "Please repair the asphalt on our street",
        "The road surface is broken and dangerous",
    ];
    let mut out = String::from("id,text,topic\n");
    for (i, text) in heating.iter().enumerate() {
        out.push_str(&format!(
            "{i},\"{text}, \"\"срочно\"\"\nпожалуйста\",heating\n"
        ));
    }
    for (i, text) in roads.iter().enumerate() {
        out.push_str(&format!("{},\"{text}\",roads\n", i + 10));
    }
    out
}

#[test]
fn train_then_eval_ends_with_the_contract_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data.csv");
    std::fs::write(&data, csv()).unwrap();
    let model = dir.path().join("topic.model");
    let out = Command::new(BIN)
        .args([
            "train",
            "--data",
            data.to_str().unwrap(),
            "--text-column",
            "text",
        ])
        .args(["--label-column", "topic", "--out", model.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new(BIN)
        .args([
            "eval",
            "--model",
            model.to_str().unwrap(),
            "--data",
            data.to_str().unwrap(),
        ])
        .args(["--text-column", "text", "--label-column", "topic"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let report = String::from_utf8(out.stdout).unwrap();
    let last = report.lines().last().unwrap();
    assert!(
        last.starts_with("accuracy=") && last.contains(" macro_f1="),
        "{last}"
    );
    let accuracy: f64 = last["accuracy=".len()..last.find(' ').unwrap()]
        .parse()
        .unwrap();
    assert!(
        accuracy >= 0.99,
        "the model should fit its own training set: {report}"
    );
}

#[test]
fn bad_files_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data.csv");
    std::fs::write(&data, csv()).unwrap();
    let out = Command::new(BIN)
        .args([
            "train",
            "--data",
            data.to_str().unwrap(),
            "--text-column",
            "body",
        ])
        .args(["--label-column", "topic", "--out", "/dev/null"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("missing CSV column \"body\"")
    );

    let junk = dir.path().join("junk.model");
    std::fs::write(&junk, b"not a model").unwrap();
    let out = Command::new(BIN)
        .args([
            "eval",
            "--model",
            junk.to_str().unwrap(),
            "--data",
            data.to_str().unwrap(),
        ])
        .args(["--text-column", "text", "--label-column", "topic"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("is not a Sheshim model file")
    );
}
