//! Writes a generated population to a Parquet file, streaming it wave by wave and replacing
//! the destination atomically.
//!
//! While one wave of row groups is encoded (every column of every row group in parallel),
//! the next wave is generated; at most these two waves are in memory, whatever the number of
//! people (a few hundred megabytes with the default row group size).
//!
//! The file is written under a temporary name in the destination's directory, flushed to
//! disk, and only then renamed over the final name. A crash or an error therefore leaves
//! either the old file or the complete new one under the final name, never half a file; a
//! failed write removes its temporary file.

use std::fs::{self, File};
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use arrow::array::{AsArray, RecordBatch};
use arrow::datatypes::{Date32Type, UInt64Type};
use chrono::Months;
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_writer::{
    ArrowColumnChunk, ArrowColumnWriter, ArrowLeafColumn, ArrowRowGroupWriterFactory,
    compute_leaves,
};
use parquet::basic::{Compression, Encoding};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::schema::types::ColumnPath;
use rayon::prelude::*;

use crate::chunk::{as_u64, day_of_date};
use crate::error::PopulationError;
use crate::generate::{GenerateOptions, generate_batches};
use crate::schema::{Column, SCHEMA_VERSION, metadata, schema};

/// What [`write_parquet`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// People (rows) written.
    pub people: u64,
    /// Households written.
    pub households: u64,
    /// People born in the 12 months up to and including the reference date: roughly the
    /// number a childbirth-allowance service would find eligible.
    pub newborns_last_12_months: u64,
    /// Row groups in the file.
    pub row_groups: u64,
    /// The file's size in bytes.
    pub file_bytes: u64,
}

/// Generates the population described by `options` and writes it to `path` as Parquet.
///
/// `progress` is called after each row group with the number of people written so far.
/// Memory stays bounded by two waves of row groups (one row group per worker thread each),
/// whatever the number of people. The bytes written depend only on `options`, not on the
/// number of threads.
///
/// # Errors
/// [`PopulationError::InvalidOptions`] for unusable options, [`PopulationError::Io`] when
/// the file cannot be created, written or renamed, and the generation and encoding errors
/// of [`crate::generate_batches`]. On error the destination is left untouched.
pub fn write_parquet(
    path: &Path,
    options: &GenerateOptions,
    mut progress: impl FnMut(u64),
) -> Result<Summary, PopulationError> {
    let mut batches = generate_batches(options)?;
    let (temp, file) = TempFile::create(path)?;
    // The Arrow writer embeds the Arrow schema in the file's metadata; its lower-level parts
    // then let the columns be encoded in parallel, which the Arrow writer itself does not.
    let (mut writer, factory) = ArrowWriter::try_new(
        BufWriter::with_capacity(1 << 20, file),
        schema(),
        Some(writer_properties(options)),
    )?
    .into_serialized_writer()?;
    // Born after this day means born in the 12 months up to the reference date.
    let since = options
        .reference_date
        .checked_sub_months(Months::new(12))
        .map_or(i32::MIN, day_of_date);
    let mut summary = Summary {
        people: 0,
        households: 0,
        newborns_last_12_months: 0,
        row_groups: 0,
        file_bytes: 0,
    };
    let mut current = batches.next_wave();
    while let Some(wave) = current {
        let wave = wave?;
        let first_group = usize::try_from(summary.row_groups).unwrap_or(usize::MAX);
        // The next wave is generated while this one is encoded; both run on the same thread
        // pool, so a core that finishes one job helps with the other.
        let (next, encoded) = rayon::join(
            || batches.next_wave(),
            || encode_wave(&factory, first_group, &wave),
        );
        for (batch, chunks) in wave.iter().zip(encoded?) {
            // One chunk per row group keeps every household inside one row group.
            let mut group = writer.next_row_group()?;
            for chunk in chunks {
                chunk.append_to_row_group(&mut group)?;
            }
            group.close()?;
            count(batch, since, &mut summary);
            summary.row_groups += 1;
            progress(summary.people);
        }
        current = next;
    }
    let file = writer
        .into_inner()?
        .into_inner()
        .map_err(|e| io_error(&temp.path, e.into_error()))?;
    file.sync_all().map_err(|e| io_error(&temp.path, e))?;
    summary.file_bytes = file.metadata().map_err(|e| io_error(&temp.path, e))?.len();
    drop(file);
    temp.persist(path)?;
    Ok(summary)
}

/// Encodes every column of every batch of a wave in parallel, returning each batch's
/// column chunks in schema order. Batch `k` becomes row group `first_group + k`.
fn encode_wave(
    factory: &ArrowRowGroupWriterFactory,
    first_group: usize,
    wave: &[RecordBatch],
) -> Result<Vec<Vec<ArrowColumnChunk>>, PopulationError> {
    let schema = schema();
    let mut jobs: Vec<(ArrowColumnWriter, ArrowLeafColumn)> = Vec::new();
    for (k, batch) in wave.iter().enumerate() {
        let writers = factory.create_column_writers(first_group + k)?;
        let mut leaves = Vec::with_capacity(writers.len());
        for (field, column) in schema.fields().iter().zip(batch.columns()) {
            leaves.extend(compute_leaves(field, column)?);
        }
        jobs.extend(writers.into_iter().zip(leaves));
    }
    let per_batch = schema.fields().len();
    let mut chunks: Vec<ArrowColumnChunk> = jobs
        .into_par_iter()
        .map(|(mut writer, leaf)| {
            writer.write(&leaf)?;
            writer.close()
        })
        .collect::<Result<_, _>>()?;
    // Every column of this flat schema is a single leaf, so each batch has `per_batch`.
    let mut grouped = Vec::with_capacity(wave.len());
    while !chunks.is_empty() {
        let rest = chunks.split_off(per_batch.min(chunks.len()));
        grouped.push(std::mem::replace(&mut chunks, rest));
    }
    Ok(grouped)
}

/// Encoding choices per column. Identifiers that increase row by row compress to almost
/// nothing with delta encoding; the IINs and incomes are nearly all distinct, so a
/// dictionary would only be built to be thrown away. Statistics are kept per column chunk
/// only: page-level indexes would not help any query this registry serves.
fn writer_properties(options: &GenerateOptions) -> WriterProperties {
    let kv = |key: &str, value: String| KeyValue::new(key.to_owned(), value);
    let col = |name: &str| ColumnPath::from(name);
    let mut builder = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(options.row_group_rows))
        .set_statistics_enabled(EnabledStatistics::Chunk)
        .set_key_value_metadata(Some(vec![
            kv(metadata::SCHEMA_VERSION, SCHEMA_VERSION.to_string()),
            kv(metadata::SEED, options.seed.to_string()),
            kv(metadata::PEOPLE, options.people.to_string()),
            kv(metadata::REFERENCE_DATE, options.reference_date.to_string()),
        ]));
    for column in [Column::PersonId, Column::HouseholdId, Column::MotherId] {
        builder = builder
            .set_column_dictionary_enabled(col(column.name()), false)
            .set_column_encoding(col(column.name()), Encoding::DELTA_BINARY_PACKED);
    }
    for column in [Column::Iin, Column::MonthlyIncome] {
        builder = builder.set_column_dictionary_enabled(col(column.name()), false);
    }
    builder.build()
}

/// Adds a batch's people, households and newborns to the summary.
fn count(batch: &RecordBatch, since_day: i32, summary: &mut Summary) {
    let rows = batch.num_rows();
    summary.people += as_u64(rows);
    let ids = batch.column(0).as_primitive::<UInt64Type>();
    if let Some(households) = batch
        .column_by_name(Column::HouseholdId.name())
        .map(|c| c.as_primitive::<UInt64Type>())
    {
        let firsts = ids
            .values()
            .iter()
            .zip(households.values())
            .filter(|(p, h)| p == h)
            .count();
        summary.households += as_u64(firsts);
    }
    if let Some(births) = batch
        .column_by_name(Column::BirthDate.name())
        .map(|c| c.as_primitive::<Date32Type>())
    {
        let recent = births.values().iter().filter(|&&d| d > since_day).count();
        summary.newborns_last_12_months += as_u64(recent);
    }
    debug_assert_eq!(ids.len(), rows);
}

/// A file being written under a temporary name, removed on drop unless persisted.
struct TempFile {
    /// The temporary path, in the destination's directory so that the rename is atomic.
    path: PathBuf,
    /// Set once renamed, so that drop does not remove the finished file.
    persisted: bool,
}

impl TempFile {
    /// Creates `.<name>.tmp-<pid>` next to `dest`, readable by its owner only (a registry
    /// holds IINs), and opens it for writing.
    fn create(dest: &Path) -> Result<(Self, File), PopulationError> {
        let name = dest.file_name().ok_or_else(|| {
            PopulationError::InvalidOptions("the output path must name a file".to_owned())
        })?;
        let mut temp_name = std::ffi::OsString::from(".");
        temp_name.push(name);
        temp_name.push(format!(".tmp-{}", std::process::id()));
        let path = dest.with_file_name(temp_name);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file: File = options.open(&path).map_err(|e| io_error(&path, e))?;
        let temp = Self {
            path,
            persisted: false,
        };
        Ok((temp, file))
    }

    /// Renames the finished file to `dest`, replacing any file there.
    fn persist(mut self, dest: &Path) -> Result<(), PopulationError> {
        fs::rename(&self.path, dest).map_err(|e| io_error(dest, e))?;
        self.persisted = true;
        // Syncing the directory makes the rename itself durable; not every platform or
        // file system allows opening a directory, so a failure here is not an error.
        let dir = dest.parent().filter(|d| !d.as_os_str().is_empty());
        if let Some(Ok(handle)) = dir.map(File::open) {
            let _ = handle.sync_all();
        }
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.persisted {
            // Best effort: the error being reported matters more than a stray temporary.
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Wraps an I/O error with the path it concerns.
fn io_error(path: &Path, source: std::io::Error) -> PopulationError {
    PopulationError::Io {
        path: path.to_owned(),
        source,
    }
}
