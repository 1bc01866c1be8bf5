//! `sheshim registry load`: a generated population copied into the store's registry table,
//! in batches, again as updates, read back through the store with the facts the file gives,
//! sealed at rest, with an audit log that still verifies.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};
use std::sync::Arc;

use sheshim_crypto::Keyring;
use sheshim_registry::ParquetRegistry;

const BIN: &str = env!("CARGO_BIN_EXE_sheshim");

fn sheshim(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The `key=value` fields of the load's summary line.
fn field(output: &Output, key: &str) -> String {
    let out = text(&output.stdout);
    out.split_whitespace()
        .find_map(|pair| pair.strip_prefix(&format!("{key}=")))
        .unwrap_or_else(|| panic!("no {key} in {out:?}"))
        .to_owned()
}

#[tokio::test]
async fn a_population_is_loaded_in_batches_and_read_back_through_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let population = dir.path().join("people.parquet");
    let generated = sheshim(&[
        "population",
        "generate",
        "--people",
        "3000",
        "--reference-date",
        "2026-03-01",
        "--out",
        population.to_str().unwrap(),
    ]);
    assert!(generated.status.success(), "{}", text(&generated.stderr));
    let db_path = dir.path().join("store.db");
    let db = format!("sqlite://{}", db_path.display());
    let file = population.to_str().unwrap();

    let first = sheshim(&[
        "registry",
        "load",
        "--population",
        file,
        "--db",
        &db,
        "--limit",
        "2500",
        "--batch",
        "1000",
    ]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert_eq!(field(&first, "persons"), "2500");
    assert_eq!(field(&first, "created"), "2500");
    assert_eq!(field(&first, "batches"), "3");
    assert_eq!(field(&first, "source"), "population:people.parquet");

    // The whole file again: the first 2,500 are updates, the rest new.
    let second = sheshim(&["registry", "load", "--population", file, "--db", &db]);
    assert!(second.status.success(), "{}", text(&second.stderr));
    assert_eq!(field(&second, "persons"), "3000");
    assert_eq!(field(&second, "created"), "500");
    assert_eq!(field(&second, "updated"), "2500");

    let verified = sheshim(&["audit", "verify", "--db", &db]);
    assert!(
        verified.status.success(),
        "{}{}",
        text(&verified.stdout),
        text(&verified.stderr)
    );

    // Every person reads back from the store as the file gives them.
    let registry = ParquetRegistry::open(&population).unwrap();
    let keys_text = std::fs::read_to_string(format!("{}.keys", db_path.display())).unwrap();
    let keys = Keyring::parse(&keys_text).unwrap();
    let store = sheshim_store::open(&db, Arc::new(keys)).await.unwrap();
    let mut iins = Vec::new();
    for (iin, facts) in registry.persons() {
        assert_eq!(store.registry_person(&iin).await.unwrap(), Some(facts));
        iins.push(iin.expose().to_owned());
    }
    assert_eq!(iins.len(), 3000);
    drop(store);

    // No IIN is in the database's files in the clear.
    let mut raw = std::fs::read(&db_path).unwrap();
    raw.extend(std::fs::read(dir.path().join("store.db-wal")).unwrap_or_default());
    let raw = text(&raw);
    for iin in iins.iter().step_by(97) {
        assert!(!raw.contains(iin.as_str()), "an IIN is stored in the clear");
    }
}

#[test]
fn a_missing_population_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("store.db").display());
    let missing = dir.path().join("nowhere.parquet");
    let output = sheshim(&[
        "registry",
        "load",
        "--population",
        missing.to_str().unwrap(),
        "--db",
        &db,
    ]);
    assert!(!output.status.success());
    assert!(
        text(&output.stderr).contains("nowhere.parquet"),
        "{}",
        text(&output.stderr)
    );
}
