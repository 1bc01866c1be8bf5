//! Writing and reading the Parquet registry: byte-identical files, round trips, column
//! projection, atomic replacement and the reader's typed errors.

mod common;

use std::fs;
use std::sync::Arc;

use arrow::array::{AsArray, Int32Array, RecordBatch};
use arrow::datatypes::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use sheshim_population::{
    Column as C, PopulationError, ReadOptions, SCHEMA_VERSION, metadata, read_columns, read_info,
    read_with, write_parquet,
};

use common::{generate, options, reference_date};
use std::path::PathBuf;

/// Reads every batch of a reader, failing the test on an error.
fn collect(reader: sheshim_population::PopulationReader) -> Vec<RecordBatch> {
    reader
        .collect::<Result<Vec<_>, _>>()
        .expect("reading succeeds")
}

/// Concatenates batches into one, for comparisons that ignore batch boundaries.
fn concat(batches: &[RecordBatch]) -> RecordBatch {
    let schema = batches.first().expect("at least one batch").schema();
    arrow::compute::concat_batches(&schema, batches).expect("same schema")
}

/// Writes a Parquet file with the given batch and key-value metadata, as a foreign tool or
/// an older build might.
fn write_foreign(path: &std::path::Path, batch: &RecordBatch, kv: Vec<(&str, String)>) {
    let props = WriterProperties::builder()
        .set_key_value_metadata(Some(
            kv.into_iter()
                .map(|(k, v)| KeyValue::new(k.to_owned(), v))
                .collect(),
        ))
        .build();
    let file = fs::File::create(path).expect("create file");
    let mut writer = ArrowWriter::try_new(file, batch.schema(), Some(props)).expect("writer");
    writer.write(batch).expect("write");
    writer.close().expect("close");
}

/// The metadata a registry of this build carries, with the schema version replaced.
fn registry_kv(version: &str) -> Vec<(&'static str, String)> {
    vec![
        (metadata::SCHEMA_VERSION, version.to_owned()),
        (metadata::SEED, "1".to_owned()),
        (metadata::PEOPLE, "3".to_owned()),
        (metadata::REFERENCE_DATE, reference_date().to_string()),
    ]
}

#[test]
fn same_options_write_byte_identical_files_that_read_back_equal() {
    let scratch = ScratchDir::new("roundtrip");
    let opts = options(30_000, 21);
    let (a, b) = (scratch.path("a.parquet"), scratch.path("b.parquet"));
    let mut progress = Vec::new();
    let summary = write_parquet(&a, &opts, |n| progress.push(n)).expect("write a");
    // The second file is written on a single thread: the bytes must not depend on it.
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("thread pool")
        .install(|| write_parquet(&b, &opts, |_| {}))
        .expect("write b");
    assert_eq!(fs::read(&a).expect("read a"), fs::read(&b).expect("read b"));
    assert_eq!(
        scratch.files(),
        ["a.parquet", "b.parquet"],
        "no temporary left"
    );
    // The registry holds IINs: only its owner reads it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&a).expect("metadata").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    assert_eq!(summary.people, 30_000);
    assert_eq!(summary.row_groups, opts.chunk_count());
    assert_eq!(progress.last(), Some(&30_000));
    assert!(progress.windows(2).all(|w| w[0] < w[1]));
    assert!(summary.newborns_last_12_months > 300, "{summary:?}");
    assert!(summary.households > 5_000 && summary.households < 20_000);
    assert_eq!(summary.file_bytes, fs::metadata(&a).expect("stat").len());

    let info = read_info(&a).expect("info");
    assert_eq!(info.seed, 21);
    assert_eq!(info.people, 30_000);
    assert_eq!(info.reference_date, reference_date());
    assert_eq!(
        u64::try_from(info.row_groups).expect("small"),
        opts.chunk_count()
    );

    let generated = concat(&generate(&opts));
    let read = concat(&collect(
        read_columns(&a, &C::ALL.map(C::name)).expect("open"),
    ));
    assert_eq!(read, generated);
}

#[test]
fn projection_returns_the_requested_columns_in_the_requested_order() {
    let scratch = ScratchDir::new("projection");
    let path = scratch.path("p.parquet");
    let opts = options(20_000, 22);
    write_parquet(&path, &opts, |_| {}).expect("write");
    let generated = concat(&generate(&opts));

    let wanted = [
        C::MonthlyIncome.name(),
        C::PersonId.name(),
        C::Region.name(),
    ];
    let read = concat(&collect(read_columns(&path, &wanted).expect("open")));
    let names: Vec<&str> = read
        .schema_ref()
        .fields()
        .iter()
        .map(|f| f.name().as_str())
        .collect();
    assert_eq!(names, wanted);
    for name in wanted {
        assert_eq!(
            read.column_by_name(name),
            generated.column_by_name(name),
            "{name}"
        );
    }

    // One row group at a time, in small batches: what a parallel evaluator would do.
    let options = ReadOptions {
        columns: &[C::PersonId.name()],
        batch_rows: 1_000,
        row_groups: Some(vec![1]),
    };
    let batches = collect(read_with(&path, &options).expect("open"));
    assert!(batches.iter().all(|b| b.num_rows() <= 1_000));
    let ids = concat(&batches);
    let ids = ids.column(0).as_primitive::<arrow::datatypes::UInt64Type>();
    assert_eq!(ids.len(), 3_616);
    assert_eq!(ids.value(0), 16_384);

    let ids = [C::PersonId.name()];
    let bad_group = ReadOptions {
        row_groups: Some(vec![2]),
        ..ReadOptions::new(&ids)
    };
    assert!(matches!(
        read_with(&path, &bad_group),
        Err(PopulationError::InvalidOptions(_))
    ));
    assert!(matches!(
        read_columns(&path, &[C::Iin.name(), C::Iin.name()]),
        Err(PopulationError::InvalidOptions(_))
    ));
}

#[test]
fn a_failed_write_leaves_the_existing_file_and_no_temporary() {
    let scratch = ScratchDir::new("atomic");
    let path = scratch.path("registry.parquet");
    fs::write(&path, b"previous registry").expect("seed file");
    // The progress callback panics after the first row group: the write is abandoned
    // midway, as by a crash of the caller.
    let result = std::panic::catch_unwind(|| {
        write_parquet(&path, &options(40_000, 23), |_| panic!("interrupted"))
    });
    assert!(result.is_err());
    assert_eq!(fs::read(&path).expect("read"), b"previous registry");
    assert_eq!(scratch.files(), ["registry.parquet"]);

    let invalid = options(10, 1).with_row_group_rows(0);
    assert!(matches!(
        write_parquet(&path, &invalid, |_| {}),
        Err(PopulationError::InvalidOptions(_))
    ));
    // An empty registry is still a valid one.
    let empty = scratch.path("empty.parquet");
    let summary = write_parquet(&empty, &options(0, 1), |_| {}).expect("write empty");
    assert_eq!((summary.people, summary.row_groups), (0, 0));
    assert_eq!(read_info(&empty).expect("info").people, 0);
    assert_eq!(
        read_columns(&empty, &[C::Iin.name()])
            .expect("open")
            .count(),
        0
    );
    fs::remove_file(&empty).expect("remove");

    let missing_dir = scratch.path("no-such-dir").join("r.parquet");
    assert!(matches!(
        write_parquet(&missing_dir, &options(10, 1), |_| {}),
        Err(PopulationError::Io { .. })
    ));
}

#[test]
fn reader_errors_are_typed_and_name_the_problem_not_the_data() {
    let scratch = ScratchDir::new("errors");
    let registry = scratch.path("ok.parquet");
    write_parquet(&registry, &options(1_000, 24), |_| {}).expect("write");
    let first_iin = {
        let batch = concat(&collect(
            read_columns(&registry, &[C::Iin.name()]).expect("open"),
        ));
        batch.column(0).as_string::<i32>().value(0).to_owned()
    };

    let missing = scratch.path("missing.parquet");
    let err = read_columns(&missing, &[C::Iin.name()]).expect_err("missing file");
    assert!(matches!(err, PopulationError::NotFound { .. }), "{err}");
    assert!(err.to_string().contains("does not exist"));

    let text = scratch.path("text.parquet");
    fs::write(&text, "person_id,iin\n0,123\n").expect("write text");
    let err = read_columns(&text, &[C::Iin.name()]).expect_err("not parquet");
    assert!(matches!(err, PopulationError::NotParquet { .. }), "{err}");

    let err = read_columns(&registry, &[C::Iin.name(), "shoe_size"]).expect_err("no such column");
    assert!(
        matches!(&err, PopulationError::MissingColumn { column, .. } if column == "shoe_size"),
        "{err}"
    );
    assert!(err.to_string().contains("`shoe_size`"));

    // A registry-shaped file that lacks a column of the schema.
    let ids = RecordBatch::try_new(
        Arc::new(Schema::new(vec![Field::new(
            C::PersonId.name(),
            DataType::UInt64,
            false,
        )])),
        vec![Arc::new(arrow::array::UInt64Array::from(vec![0u64, 1, 2]))],
    )
    .expect("batch");
    let partial = scratch.path("partial.parquet");
    write_foreign(&partial, &ids, registry_kv(&SCHEMA_VERSION.to_string()));
    let err =
        read_columns(&partial, &[C::PersonId.name(), C::BirthOrder.name()]).expect_err("partial");
    assert!(
        matches!(&err, PopulationError::MissingColumn { column, .. } if column == C::BirthOrder.name()),
        "{err}"
    );
    assert_eq!(
        collect(read_columns(&partial, &[C::PersonId.name()]).expect("present column"))[0]
            .num_rows(),
        3
    );

    // The right name with the wrong type.
    let wrong_type = RecordBatch::try_new(
        Arc::new(Schema::new(vec![Field::new(
            C::PersonId.name(),
            DataType::Int32,
            false,
        )])),
        vec![Arc::new(Int32Array::from(vec![0, 1, 2]))],
    )
    .expect("batch");
    let typed = scratch.path("typed.parquet");
    write_foreign(
        &typed,
        &wrong_type,
        registry_kv(&SCHEMA_VERSION.to_string()),
    );
    let err = read_columns(&typed, &[C::PersonId.name()]).expect_err("wrong type");
    assert!(
        matches!(err, PopulationError::WrongColumnType { .. }),
        "{err}"
    );

    let old = scratch.path("old.parquet");
    write_foreign(&old, &ids, registry_kv("0"));
    let err = read_columns(&old, &[C::PersonId.name()]).expect_err("old version");
    assert!(
        matches!(&err, PopulationError::SchemaVersion { found, expected, .. }
            if found == "0" && *expected == SCHEMA_VERSION),
        "{err}"
    );
    assert!(read_info(&old).is_err());

    let foreign = scratch.path("foreign.parquet");
    write_foreign(&foreign, &ids, Vec::new());
    let err = read_columns(&foreign, &[C::PersonId.name()]).expect_err("not a registry");
    assert!(
        matches!(err, PopulationError::NotARegistry { key, .. } if key == metadata::SCHEMA_VERSION),
        "{err}"
    );

    for err in [
        read_columns(&registry, &["shoe_size"]).expect_err("missing column"),
        read_columns(&typed, &[C::PersonId.name()]).expect_err("wrong type"),
    ] {
        assert!(!err.to_string().contains(&first_iin));
    }
}

/// A directory under the system's temporary directory, removed on drop.
struct ScratchDir(PathBuf);

impl ScratchDir {
    /// A fresh directory whose name includes the test's name and the process id.
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("sheshim-population-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        Self(dir)
    }

    /// A path inside the directory.
    fn path(&self, file: &str) -> PathBuf {
        self.0.join(file)
    }

    /// The names of the files in the directory, sorted.
    fn files(&self) -> Vec<String> {
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
