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

/// Runs `sheshim` with these arguments and gives its standard output, failing the test with
/// its standard error when it fails.
fn run_ok(args: &[&str]) -> String {
    let out = Command::new(BIN).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The accuracy of the contract line `accuracy=0.xxxx macro_f1=0.xxxx` that ends a report.
fn accuracy_of(report: &str) -> f64 {
    let last = report.lines().last().unwrap();
    assert!(
        last.starts_with("accuracy=") && last.contains(" macro_f1="),
        "{last}"
    );
    last["accuracy=".len()..last.find(' ').unwrap()]
        .parse()
        .unwrap()
}

const COLUMNS: [&str; 4] = ["--text-column", "text", "--label-column", "topic"];

#[test]
fn train_then_eval_ends_with_the_contract_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data.csv");
    std::fs::write(&data, csv()).unwrap();
    let model = dir.path().join("topic.model");
    let (data, model) = (data.to_str().unwrap(), model.to_str().unwrap());
    run_ok(&[&["train", "--data", data, "--out", model][..], &COLUMNS].concat());
    let report = run_ok(&[&["eval", "--model", model, "--data", data][..], &COLUMNS].concat());
    assert!(
        accuracy_of(&report) >= 0.99,
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

/// Kazakh complaints about the same two matters, for a model trained on the Russian and
/// English ones above.
const KAZAKH: &str = "text,topic
\"Пәтерде суық, батареялар жылымайды\",heating
\"Үйде бір аптадан бері жылу жоқ\",heating
\"Жылу берілмейді, балалар тоңып жүр\",heating
\"Жолда үлкен шұңқыр бар, көліктер бұзылады\",roads
\"Көшедегі асфальтты жөндеуді сұраймыз\",roads
\"Жол бұзылған, жөндеу керек\",roads
";

#[test]
fn a_model_trained_with_embeddings_reads_another_language() {
    let Some(models) = std::env::var_os("SHESHIM_MODELS") else {
        println!("SKIPPED: SHESHIM_MODELS is not set (sheshim models fetch e5-small)");
        return;
    };
    if !std::path::Path::new(&models).join("e5-small").is_dir() {
        println!("SKIPPED: no e5-small in {}", models.to_string_lossy());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data.csv");
    std::fs::write(&data, csv()).unwrap();
    let kazakh = dir.path().join("kk.csv");
    std::fs::write(&kazakh, KAZAKH).unwrap();
    let (data, kazakh) = (data.to_str().unwrap(), kazakh.to_str().unwrap());
    let mut accuracy = Vec::new();
    for embeddings in [false, true] {
        let model = dir.path().join(format!("topic-{embeddings}.model"));
        let model = model.to_str().unwrap();
        let flag: &[&str] = if embeddings { &["--embeddings"] } else { &[] };
        run_ok(
            &[
                &["train", "--data", data, "--out", model][..],
                &COLUMNS,
                flag,
            ]
            .concat(),
        );
        let report =
            run_ok(&[&["eval", "--model", model, "--data", kazakh][..], &COLUMNS].concat());
        accuracy.push(accuracy_of(&report));
    }
    println!(
        "Kazakh accuracy, trained on Russian and English: n-grams {:.2}, with embeddings {:.2}",
        accuracy[0], accuracy[1]
    );
    assert!(accuracy[1] >= 0.83, "{accuracy:?}");

    // Without the model, a classifier that needs it says how to fetch it.
    let model = dir.path().join("topic-true.model");
    let empty = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args(["eval", "--model", model.to_str().unwrap(), "--data", kazakh])
        .args(COLUMNS)
        .args(["--models", empty.path().to_str().unwrap()])
        .env_remove("SHESHIM_MODELS")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("sheshim models fetch e5-small"), "{stderr}");
}
