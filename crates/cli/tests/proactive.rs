//! `population generate`, `proactive` and `simulate` end to end: the totals printed can be
//! recomputed from the files written, and bad arguments are clear errors.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
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

/// The value of `name=` in the line that holds it.
fn figure<'a>(report: &'a str, name: &str) -> &'a str {
    let key = format!("{name}=");
    report
        .split_whitespace()
        .find_map(|word| word.strip_prefix(key.as_str()))
        .unwrap_or_else(|| panic!("no {name} in {report}"))
}

/// A decimal amount in hundredths (every amount here has at most two decimals).
fn cents(text: &str) -> i128 {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    assert!(fraction.len() <= 2, "{text}");
    let fraction = format!("{fraction:0<2}");
    whole.parse::<i128>().unwrap() * 100 + fraction.parse::<i128>().unwrap()
}

fn registry(dir: &Path) -> String {
    let path = dir.join("registry.parquet").display().to_string();
    let out = stdout(&sheshim(&[
        "population",
        "generate",
        "--people",
        "40000",
        "--seed",
        "3",
        "--reference-date",
        "2026-01-01",
        "--out",
        &path,
    ]));
    assert_eq!(figure(&out, "people"), "40000");
    path
}

#[test]
fn proactive_totals_equal_the_sum_of_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let registry = registry(dir.path());
    let out = dir.path().join("decided.csv").display().to_string();
    let services = services();
    let report = stdout(&sheshim(&[
        "proactive",
        "--service",
        "childbirth-allowance",
        "--registry",
        &registry,
        "--as-of",
        "2026-02-01",
        "--out",
        &out,
        "--services",
        &services,
    ]));
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let (mut eligible, mut total) = (0u64, 0i128);
    for record in reader.records() {
        let record = record.unwrap();
        assert_eq!(record[1].len(), 12, "an IIN per person");
        if &record[3] == "eligible" {
            eligible += 1;
            total += cents(&record[5]);
        }
    }
    assert!(eligible > 0);
    assert_eq!(figure(&report, "eligible"), eligible.to_string());
    assert_eq!(cents(figure(&report, "total_amount")), total);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "the file holds IINs: owner only");
    }
}

#[test]
fn simulation_totals_can_be_recomputed_from_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let registry = registry(dir.path());
    let out = dir.path().join("compared.csv").display().to_string();
    let plot = dir.path().join("cost.svg").display().to_string();
    let services = services();
    let reform = format!("{services}/large-family-allowance/reforms/mrp-2026-plus-10-percent.toml");
    let report = stdout(&sheshim(&[
        "simulate",
        "--service",
        "large-family-allowance",
        "--reform",
        &reform,
        "--registry",
        &registry,
        "--as-of",
        "2026-03-01",
        "--out",
        &out,
        "--plot",
        &plot,
        "--services",
        &services,
    ]));
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let (mut gainers, mut losers, mut before, mut after) = (0u64, 0u64, 0i128, 0i128);
    for record in reader.records() {
        let record = record.unwrap();
        let (b, r) = (cents(&record[5]), cents(&record[7]));
        before += b;
        after += r;
        gainers += u64::from(r > b);
        losers += u64::from(r < b);
    }
    assert!(gainers > 0, "raising the MRP pays every recipient more");
    assert_eq!(figure(&report, "gainers"), gainers.to_string());
    assert_eq!(figure(&report, "losers"), losers.to_string());
    assert_eq!(cents(figure(&report, "cost_in_force")), before);
    assert_eq!(cents(figure(&report, "cost_reform")), after);
    assert_eq!(cents(figure(&report, "cost_difference")), after - before);
    assert!(report.contains("by region:") && report.contains("by age band:"));
    assert!(
        report.contains("legal basis") || report.contains("Social Code"),
        "{report}"
    );
    let svg = std::fs::read_to_string(&plot).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("Astana"));
}

#[test]
fn bad_arguments_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let services = services();
    let missing = dir.path().join("missing.parquet").display().to_string();
    // `command --service S [extra…] --registry R --as-of D --services DIR`.
    let run = |command: &str, service: &str, extra: &[&str]| -> Vec<String> {
        let mut args = vec![command, "--service", service];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--registry", &missing, "--as-of", "2026-01-01"]);
        args.extend_from_slice(&["--services", &services]);
        args.into_iter().map(str::to_owned).collect()
    };
    let cases = [
        (run("proactive", "no-such-service", &[]), "no service"),
        (
            run("proactive", "childbirth-allowance", &[]),
            "missing.parquet",
        ),
        (
            run(
                "simulate",
                "childbirth-allowance",
                &["--reform", "reform.txt"],
            ),
            "missing.parquet",
        ),
    ];
    for (args, expected) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = sheshim(&args);
        assert!(!output.status.success(), "{args:?}");
        let error = String::from_utf8_lossy(&output.stderr);
        assert!(error.contains(expected), "{args:?}: {error}");
    }
}

#[test]
fn money_that_cannot_be_totalled_exactly_is_an_error_never_zero() {
    let dir = tempfile::tempdir().unwrap();
    let registry = registry(dir.path());
    let services = services();
    // An MRP whose allowances (38, 63, … MRP) need 32 digits: totals over the hundreds of
    // newborns need more than decimal128's 34, and would be rounded. An MRP near the top of
    // decimal128's range makes every allowance overflow to null, which would be paid as 0.
    let cases = [
        (
            "1000000000000000000000000000001",
            "cannot be computed exactly",
        ),
        ("9e6143", "is not a number"),
    ];
    for (mrp, expected) in cases {
        let reform = dir.path().join("huge-mrp.toml");
        std::fs::write(
            &reform,
            format!(
                "[[parameter]]\nname = \"MRP\"\ndescription = \"what-if\"\ntype = \"number\"\n\n\
                 [[parameter.period]]\nfrom = 2024-01-01\nvalue = \"{mrp}\"\nact = \"What-if\"\nverified = false\n"
            ),
        )
        .unwrap();
        let output = sheshim(&[
            "simulate",
            "--service",
            "childbirth-allowance",
            "--reform",
            &reform.display().to_string(),
            "--registry",
            &registry,
            "--as-of",
            "2026-02-01",
            "--plot",
            &dir.path().join("cost.svg").display().to_string(),
            "--services",
            &services,
        ]);
        let report = String::from_utf8_lossy(&output.stdout);
        let error = String::from_utf8_lossy(&output.stderr);
        assert!(
            !output.status.success(),
            "MRP {mrp}: a report instead of an error:\n{report}"
        );
        assert!(error.contains(expected), "MRP {mrp}: {error}");
    }
}
