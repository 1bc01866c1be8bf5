//! `proactive --offer` and `replay` end to end: every eligible person gets one offer per
//! period (a second run in the same period offers nobody again), codes are printed only on
//! request and IINs never; a replay over a store prints its closing summary, and bad
//! periods are clear errors.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_sheshim");

fn services() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../services")
        .display()
        .to_string()
}

fn sheshim(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn figure<'a>(report: &'a str, name: &str) -> &'a str {
    let key = format!("{name}=");
    report
        .split_whitespace()
        .find_map(|word| word.strip_prefix(key.as_str()))
        .unwrap_or_else(|| panic!("no {name} in {report}"))
}

#[test]
fn eligible_persons_get_one_offer_per_period_and_a_replay_summarises() {
    let dir = tempfile::tempdir().unwrap();
    let registry = dir.path().join("registry.parquet").display().to_string();
    stdout(&sheshim(&[
        "population",
        "generate",
        "--people",
        "20000",
        "--seed",
        "5",
        "--out",
        &registry,
    ]));
    let db = format!("sqlite://{}", dir.path().join("offers.db").display());
    let services = services();
    let offer = |extra: &[&str]| {
        let mut args = vec![
            "proactive",
            "--service",
            "large-family-allowance",
            "--registry",
            &registry,
            "--as-of",
            "2026-03-02",
            "--services",
            &services,
            "--offer",
            "--db",
            &db,
        ];
        args.extend_from_slice(extra);
        stdout(&sheshim(&args))
    };
    let first = offer(&["--print-codes"]);
    let eligible: usize = figure(&first, "eligible").parse().unwrap();
    assert!(eligible > 0, "{first}");
    assert_eq!(figure(&first, "offers_written"), eligible.to_string());
    assert_eq!(figure(&first, "period"), "2026-03");
    let codes: Vec<&str> = first.lines().filter(|l| l.starts_with("offer ")).collect();
    assert_eq!(codes.len(), eligible);
    // Each code line is the offer's id and its code; no other line holds twelve digits in a
    // row (an IIN).
    for line in &codes {
        let words: Vec<&str> = line.split(' ').collect();
        assert_eq!(words.len(), 4, "{line}");
        assert!(words[1].len() == 32 && words[2] == "access_code" && words[3].len() == 14);
    }
    assert!(
        first
            .lines()
            .filter(|l| !l.starts_with("offer "))
            .all(|l| !l
                .split(|c: char| !c.is_ascii_digit())
                .any(|d| d.len() == 12)),
        "{first}"
    );
    let again = offer(&[]);
    assert_eq!(figure(&again, "offers_written"), "0");
    assert_eq!(figure(&again, "offers_already_made"), eligible.to_string());
    assert!(!again.lines().any(|l| l.starts_with("offer ")));
    let next_period = offer(&["--period", "2026-04"]);
    assert_eq!(figure(&next_period, "offers_written"), eligible.to_string());

    // A replay of a store with no applications of the service replays none.
    let reform = format!("{services}/large-family-allowance/reforms/mrp-2026-plus-10-percent.toml");
    let replay = |extra: &[&str]| {
        let mut args = vec![
            "replay",
            "--service",
            "large-family-allowance",
            "--reform",
            &reform,
            "--services",
            &services,
            "--db",
            &db,
        ];
        args.extend_from_slice(extra);
        sheshim(&args)
    };
    let summary = stdout(&replay(&["--from", "2026-01-01", "--to", "2026-12-31"]));
    let last = summary.lines().last().unwrap();
    assert_eq!(
        last,
        "replayed=0 gain=0 lose=0 same=0 not_replayable=0 drifted=0 cost_delta_tenge=0.00"
    );
    let backwards = replay(&["--from", "2026-12-31", "--to", "2026-01-01"]);
    assert!(!backwards.status.success());
    assert!(String::from_utf8_lossy(&backwards.stderr).contains("is after --to"));
    let appeal_service = sheshim(&[
        "replay",
        "--service",
        "appeal-complaint",
        "--reform",
        &reform,
        "--services",
        &services,
        "--db",
        &db,
    ]);
    assert!(!appeal_service.status.success());
}
