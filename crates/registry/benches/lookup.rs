//! How long the Parquet registry takes to open, how much memory it keeps, and how long a
//! look-up by IIN takes.
//!
//! Generates a population (200,000 people, or `SHESHIM_BENCH_PEOPLE`) into a temporary
//! folder with the population crate's generator, opens it, and looks up 10,000 persons
//! drawn at random. Run with `cargo bench -p sheshim-registry`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::time::Instant;

use arrow::array::AsArray;
use chrono::NaiveDate;
use sheshim_domain::Iin;
use sheshim_population::{Column, GenerateOptions, read_columns, write_parquet};
use sheshim_registry::ParquetRegistry;

/// Resident memory of this process, in bytes, as Linux reports it.
fn resident_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .map_or(0, |kb| kb * 1024)
}

fn main() {
    let people: u64 = std::env::var("SHESHIM_BENCH_PEOPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("population.parquet");
    let reference = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    write_parquet(&path, &GenerateOptions::new(people, 42, reference), |_| {}).unwrap();
    // The IINs to look up, read before the registry is opened so that they are not counted
    // in its memory.
    let mut all: Vec<String> = Vec::new();
    for batch in read_columns(&path, &[Column::Iin.name()]).unwrap() {
        let batch = batch.unwrap();
        all.extend(
            batch
                .column(0)
                .as_string::<i32>()
                .iter()
                .map(|s| s.unwrap().to_owned()),
        );
    }
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let picked: Vec<Iin> = (0..10_000)
        .map(|_| {
            // xorshift: a fixed, reproducible sample.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            Iin::parse(&all[(state % all.len() as u64) as usize]).unwrap()
        })
        .collect();
    drop(all);

    let before = resident_bytes();
    let started = Instant::now();
    let registry = ParquetRegistry::open(&path).unwrap();
    let open = started.elapsed();
    let after = resident_bytes();

    let mut micros: Vec<f64> = Vec::with_capacity(picked.len());
    let mut children = 0usize;
    for iin in &picked {
        let started = Instant::now();
        let facts = registry.facts(iin).expect("every picked person is held");
        micros.push(started.elapsed().as_secs_f64() * 1e6);
        children += facts.children.map_or(0, |c| c.value.len());
    }
    micros.sort_by(f64::total_cmp);
    let at = |q: f64| micros[((micros.len() - 1) as f64 * q) as usize];
    println!("people: {people}");
    println!("open_seconds: {:.3}", open.as_secs_f64());
    println!(
        "resident_bytes_added_by_open: {} ({:.1} MB)",
        after.saturating_sub(before),
        after.saturating_sub(before) as f64 / 1e6
    );
    println!(
        "heap_bytes_of_columns_and_indexes: {} ({:.1} bytes per person)",
        registry.heap_bytes(),
        registry.heap_bytes() as f64 / people as f64
    );
    println!("lookups: {}", micros.len());
    println!("lookup_median_us: {:.2}", at(0.5));
    println!("lookup_p99_us: {:.2}", at(0.99));
    println!("lookup_max_us: {:.2}", at(1.0));
    println!("children_seen: {children}");
}
