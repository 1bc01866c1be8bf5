//! Reads a population registry back, only the columns asked for, after checking that the
//! file is a registry of this build's schema version.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use arrow::datatypes::SchemaRef;
use arrow::record_batch::RecordBatch;
use chrono::NaiveDate;
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::file::metadata::KeyValue;

use crate::error::PopulationError;
use crate::schema::{SCHEMA_VERSION, metadata, schema};

/// What a registry file says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryInfo {
    /// The seed it was generated with.
    pub seed: u64,
    /// The number of people (rows).
    pub people: u64,
    /// The day the registry describes.
    pub reference_date: NaiveDate,
    /// The number of row groups; a household never straddles one, so each can be read and
    /// evaluated independently (see [`ReadOptions::row_groups`]).
    pub row_groups: usize,
}

/// How to read a registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions<'a> {
    /// The columns to read, returned in this order.
    pub columns: &'a [&'a str],
    /// The most rows per returned batch.
    pub batch_rows: usize,
    /// Only these row groups (in this order), or all of them when `None`.
    pub row_groups: Option<Vec<usize>>,
}

impl<'a> ReadOptions<'a> {
    /// Rows per batch unless set otherwise: large enough for vectorised evaluation to
    /// amortise per-batch costs, small enough to stay in the processor's caches.
    pub const DEFAULT_BATCH_ROWS: usize = 64 * 1024;

    /// Reads `columns` from all row groups in batches of [`Self::DEFAULT_BATCH_ROWS`].
    #[must_use]
    pub fn new(columns: &'a [&'a str]) -> Self {
        Self {
            columns,
            batch_rows: Self::DEFAULT_BATCH_ROWS,
            row_groups: None,
        }
    }
}

/// Record batches read from a registry: an iterator of `Result<RecordBatch, _>` whose
/// columns are the ones requested, in the order requested.
#[derive(Debug)]
pub struct PopulationReader {
    /// The Parquet reader, which yields the columns in file order.
    inner: ParquetRecordBatchReader,
    /// For each requested column, its position among the columns `inner` yields.
    order: Vec<usize>,
    /// What the file says about itself.
    info: RegistryInfo,
}

impl PopulationReader {
    /// What the file says about itself.
    #[must_use]
    pub fn info(&self) -> &RegistryInfo {
        &self.info
    }
}

impl Iterator for PopulationReader {
    type Item = Result<RecordBatch, PopulationError>;

    fn next(&mut self) -> Option<Self::Item> {
        let batch = self.inner.next()?;
        Some(
            batch
                .map_err(PopulationError::from)
                .and_then(|b| b.project(&self.order).map_err(PopulationError::from)),
        )
    }
}

/// Reads `columns` of the registry at `path`, in batches of
/// [`ReadOptions::DEFAULT_BATCH_ROWS`] rows.
///
/// # Errors
/// See [`read_with`].
pub fn read_columns(path: &Path, columns: &[&str]) -> Result<PopulationReader, PopulationError> {
    read_with(path, &ReadOptions::new(columns))
}

/// Reads the registry at `path` as `options` say.
///
/// # Errors
/// [`PopulationError::NotFound`] if there is no such file, [`PopulationError::NotParquet`]
/// if it is not Parquet, [`PopulationError::NotARegistry`] or
/// [`PopulationError::SchemaVersion`] if it is not a registry of this schema version,
/// [`PopulationError::MissingColumn`] or [`PopulationError::WrongColumnType`] for a
/// requested column that is absent or of the wrong type, and
/// [`PopulationError::InvalidOptions`] for a column requested twice, a zero batch size or
/// a row group that does not exist.
pub fn read_with(
    path: &Path,
    options: &ReadOptions<'_>,
) -> Result<PopulationReader, PopulationError> {
    let (builder, info) = open(path)?;
    if options.batch_rows == 0 {
        return Err(PopulationError::InvalidOptions(
            "batch_rows must be at least 1".to_owned(),
        ));
    }
    let file_schema: SchemaRef = builder.schema().clone();
    let expected = schema();
    let mut positions = Vec::with_capacity(options.columns.len());
    for (i, &name) in options.columns.iter().enumerate() {
        if options.columns[..i].contains(&name) {
            return Err(PopulationError::InvalidOptions(format!(
                "column `{name}` is requested twice"
            )));
        }
        let missing = || PopulationError::MissingColumn {
            path: path.to_owned(),
            column: name.to_owned(),
        };
        let want = expected.field_with_name(name).map_err(|_| missing())?;
        let (position, found) = file_schema.column_with_name(name).ok_or_else(missing)?;
        if found.data_type() != want.data_type() {
            return Err(PopulationError::WrongColumnType {
                path: path.to_owned(),
                column: name.to_owned(),
                found: found.data_type().to_string(),
                expected: want.data_type().to_string(),
            });
        }
        positions.push(position);
    }
    // The Parquet reader returns projected columns in file order; remember where each
    // requested column lands so that batches can be put back in the order asked for.
    let mut sorted = positions.clone();
    sorted.sort_unstable();
    let order = positions
        .iter()
        .map(|p| sorted.binary_search(p).unwrap_or(0))
        .collect();
    let mask = ProjectionMask::roots(builder.parquet_schema(), sorted);
    let mut builder = builder
        .with_projection(mask)
        .with_batch_size(options.batch_rows);
    if let Some(groups) = &options.row_groups {
        if let Some(bad) = groups.iter().find(|&&g| g >= info.row_groups) {
            return Err(PopulationError::InvalidOptions(format!(
                "row group {bad} does not exist; the file has {}",
                info.row_groups
            )));
        }
        builder = builder.with_row_groups(groups.clone());
    }
    Ok(PopulationReader {
        inner: builder.build()?,
        order,
        info,
    })
}

/// Reads what a registry says about itself without reading any rows.
///
/// # Errors
/// As [`read_with`], except the column checks.
pub fn read_info(path: &Path) -> Result<RegistryInfo, PopulationError> {
    open(path).map(|(_, info)| info)
}

/// Opens the file, checks that it is Parquet and a registry of this schema version.
fn open(
    path: &Path,
) -> Result<(ParquetRecordBatchReaderBuilder<File>, RegistryInfo), PopulationError> {
    let file = File::open(path).map_err(|source| match source.kind() {
        io::ErrorKind::NotFound => PopulationError::NotFound {
            path: path.to_owned(),
        },
        _ => PopulationError::Io {
            path: path.to_owned(),
            source,
        },
    })?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|source| {
        PopulationError::NotParquet {
            path: path.to_owned(),
            source,
        }
    })?;
    let file_meta = builder.metadata().file_metadata();
    let kv = file_meta
        .key_value_metadata()
        .map_or(&[][..], Vec::as_slice);
    let lookup = Lookup { path, kv };
    let version = lookup.raw(metadata::SCHEMA_VERSION)?;
    if version != SCHEMA_VERSION.to_string() {
        return Err(PopulationError::SchemaVersion {
            path: path.to_owned(),
            found: version.to_owned(),
            expected: SCHEMA_VERSION,
        });
    }
    let info = RegistryInfo {
        seed: lookup.parsed(metadata::SEED)?,
        people: lookup.parsed(metadata::PEOPLE)?,
        reference_date: lookup.parsed(metadata::REFERENCE_DATE)?,
        row_groups: builder.metadata().num_row_groups(),
    };
    Ok((builder, info))
}

/// Looks up the registry's key-value metadata, turning absence into a typed error.
struct Lookup<'a> {
    /// The file, for error messages.
    path: &'a Path,
    /// The file's key-value metadata.
    kv: &'a [KeyValue],
}

impl Lookup<'_> {
    /// The raw value of `key`.
    fn raw(&self, key: &'static str) -> Result<&str, PopulationError> {
        self.kv
            .iter()
            .find(|e| e.key == key)
            .and_then(|e| e.value.as_deref())
            .ok_or_else(|| self.not_registry(key))
    }

    /// The value of `key` parsed as `T`.
    fn parsed<T: std::str::FromStr>(&self, key: &'static str) -> Result<T, PopulationError> {
        self.raw(key)?.parse().map_err(|_| self.not_registry(key))
    }

    /// The error for a missing or malformed `key`.
    fn not_registry(&self, key: &'static str) -> PopulationError {
        PopulationError::NotARegistry {
            path: PathBuf::from(self.path),
            key,
        }
    }
}
