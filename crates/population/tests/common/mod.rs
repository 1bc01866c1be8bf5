//! Helpers shared by the integration tests: small populations.

use arrow::array::RecordBatch;
use chrono::NaiveDate;
use sheshim_population::{GenerateOptions, generate_batches};

/// The reference date every test uses.
pub fn reference_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1).expect("valid date")
}

/// Options for `people` people with small row groups, so that even small tests span several
/// chunks and waves.
pub fn options(people: u64, seed: u64) -> GenerateOptions {
    GenerateOptions::new(people, seed, reference_date()).with_row_group_rows(16_384)
}

/// Generates the whole population in memory.
pub fn generate(options: &GenerateOptions) -> Vec<RecordBatch> {
    generate_batches(options)
        .expect("valid options")
        .collect::<Result<Vec<_>, _>>()
        .expect("generation succeeds")
}
