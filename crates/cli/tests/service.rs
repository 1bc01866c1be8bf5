//! `sheshim service test`: every service of the catalogue passes its cases, a single folder
//! can be tested, and a failing case fails the command with the expected and actual results.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_sheshim");

fn services() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../services")
}

fn run(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(BIN).args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn every_service_of_the_catalogue_passes() {
    let root = services();
    let (ok, stdout, stderr) = run(&["service", "test", "--all", "--root", root.to_str().unwrap()]);
    assert!(ok, "{stdout}{stderr}");
    let last = stdout.lines().last().unwrap();
    let passed: usize = last.split(' ').next().unwrap().parse().unwrap();
    assert!(passed >= 40, "{last}");
    assert!(last.ends_with(" passed, 0 failed"), "{last}");
    for code in [
        "childbirth-allowance",
        "large-family-allowance",
        "targeted-social-assistance",
        "address-certificate",
    ] {
        let lines = stdout
            .lines()
            .filter(|l| l.starts_with(&format!("ok   {code} ")))
            .count();
        assert!(lines >= 10, "{code}: {lines} cases");
    }
}

#[test]
fn one_folder_and_a_failing_case() {
    let folder = services().join("address-certificate");
    let (ok, stdout, _) = run(&["service", "test", folder.to_str().unwrap()]);
    assert!(ok, "{stdout}");
    assert!(stdout.ends_with("11 passed, 0 failed\n"), "{stdout}");

    let scratch = tempfile::tempdir().unwrap();
    let copy = scratch.path().join("address-certificate");
    copy_dir(&folder, &copy);
    // The shared answer pieces are read from beside the service's folder.
    copy_dir(&services().join("_common"), &scratch.path().join("_common"));
    let cases = copy.join("cases.toml");
    let text = std::fs::read_to_string(&cases).unwrap();
    std::fs::write(
        &cases,
        text.replacen(
            "expected = { eligible = true, region = \"Almaty\" }",
            "expected = { eligible = false, region = \"Almaty\" }",
            1,
        ),
    )
    .unwrap();
    let (ok, stdout, _) = run(&["service", "test", copy.to_str().unwrap()]);
    assert!(!ok, "{stdout}");
    assert!(
        stdout.contains(
            "FAIL address-certificate registered in Almaty: issued: expected {eligible: false"
        ),
        "{stdout}"
    );
    assert!(stdout.ends_with("10 passed, 1 failed\n"), "{stdout}");
}

#[test]
fn a_broken_service_stops_the_catalogue_naming_its_file_and_field() {
    let scratch = tempfile::tempdir().unwrap();
    let root = scratch.path();
    copy_dir(&services(), root);
    let toml = root.join("targeted-social-assistance/service.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, text.replace("[outcome]", "[outcomes]")).unwrap();
    let (ok, stdout, stderr) = run(&["service", "test", "--all", "--root", root.to_str().unwrap()]);
    assert!(!ok);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("targeted-social-assistance/service.toml") && stderr.contains("outcomes"),
        "{stderr}"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}
