//! Times writing a generated population to a Parquet file.
//!
//! Usage: `cargo run --release -p sheshim-population --example generate_bench -- PEOPLE OUT [SEED]`
//!
//! Prints the elapsed time, people per second, the file's size and the summary figures.
//! With `-` as OUT it only generates the record batches in memory, without encoding or
//! writing them, which shows how the time splits between generation and Parquet encoding.
//! This is a benchmark, not a test: run it by hand (the brief's figure is the median of
//! three runs at 20,000,000 people) and delete the output file afterwards.

use std::path::PathBuf;
use std::time::Instant;

use chrono::NaiveDate;
use sheshim_population::{GenerateOptions, generate_batches, write_parquet};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: generate_bench PEOPLE OUT [SEED]";
    let people: u64 = args.next().ok_or(usage)?.parse()?;
    let out = PathBuf::from(args.next().ok_or(usage)?);
    let seed: u64 = args.next().map_or(Ok(1), |s| s.parse())?;
    let reference = NaiveDate::from_ymd_opt(2025, 1, 1).ok_or("bad reference date")?;
    let options = GenerateOptions::new(people, seed, reference);
    let threads = rayon::current_num_threads();
    let start = Instant::now();
    if out.as_os_str() == "-" {
        let mut rows = 0;
        for batch in generate_batches(&options)? {
            rows += batch?.num_rows();
        }
        let elapsed = start.elapsed().as_secs_f64();
        println!("people={rows} threads={threads} generate_only_elapsed_s={elapsed:.2}");
        return Ok(());
    }
    let summary = write_parquet(&out, &options, |_| {})?;
    let elapsed = start.elapsed().as_secs_f64();
    // Display only: the precision lost converting counts to f64 does not matter here.
    #[allow(clippy::cast_precision_loss)]
    let (rate, mib) = (
        summary.people as f64 / elapsed,
        summary.file_bytes as f64 / (1024.0 * 1024.0),
    );
    println!(
        "people={} threads={threads} elapsed_s={elapsed:.2} people_per_s={rate:.0} file_bytes={} ({mib:.1} MiB) row_groups={} households={} newborns_last_12_months={}",
        summary.people,
        summary.file_bytes,
        summary.row_groups,
        summary.households,
        summary.newborns_last_12_months,
    );
    Ok(())
}
