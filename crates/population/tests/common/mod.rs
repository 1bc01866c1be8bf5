//! Helpers shared by the integration tests: small populations and a scratch directory.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

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

/// A directory under the system's temporary directory, removed on drop.
pub struct ScratchDir(PathBuf);

impl ScratchDir {
    /// A fresh directory whose name includes the test's name and the process id.
    pub fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("sheshim-population-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        Self(dir)
    }

    /// A path inside the directory.
    pub fn path(&self, file: &str) -> PathBuf {
        self.0.join(file)
    }

    /// The directory itself.
    pub fn dir(&self) -> &Path {
        &self.0
    }

    /// The names of the files in the directory, sorted.
    pub fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.0)
            .expect("read scratch dir")
            .map(|e| {
                e.expect("dir entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
