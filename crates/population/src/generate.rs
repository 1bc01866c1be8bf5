//! Generation options and the pure, in-memory part of generation: Arrow record batches, one
//! per chunk, with no I/O.
//!
//! Chunks are produced in waves of one per worker thread: the chunks of a wave are drawn in
//! parallel, then their IINs are numbered in chunk order (the only sequential step), then
//! they are turned into Arrow arrays in parallel. Only one wave is in memory at a time.

use std::collections::VecDeque;
use std::sync::Arc;

use arrow::array::{
    ArrayRef, BooleanArray, Date32Array, DictionaryArray, StringArray, UInt8Array, UInt32Array,
    UInt64Array,
};
use arrow::buffer::{Buffer, OffsetBuffer};
use arrow::datatypes::{SchemaRef, UInt8Type};
use arrow::record_batch::RecordBatch;
use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;

use crate::chunk::{ChunkDraft, as_u64, day_of_date, generate_chunk};
use crate::error::PopulationError;
use crate::household::HouseholdGenerator;
use crate::iin::{IIN_LEN, SerialTable};
use crate::regions::region_names;
use crate::schema::{SEX_VALUES, schema};

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateOptions {
    /// How many people (rows); identifiers run densely from 0 to `people - 1`.
    pub people: u64,
    /// The seed: the same `(people, seed, reference_date, row_group_rows)` always gives the
    /// same people and a byte-identical file.
    pub seed: u64,
    /// The day the registry describes: nobody is born after it, and "born in the last 12
    /// months" means the 12 months up to and including it. Must lie in 2002–2099 so that
    /// every birth date fits an IIN's 1900s/2000s century digit.
    pub reference_date: NaiveDate,
    /// People per chunk and per Parquet row group. Households never straddle a row group.
    pub row_group_rows: usize,
}

impl GenerateOptions {
    /// Rows per row group unless set otherwise: about a million, Parquet's usual size, and
    /// large enough that a reader's per-group overhead vanishes.
    pub const DEFAULT_ROW_GROUP_ROWS: usize = 1 << 20;

    /// Options with the default row group size.
    #[must_use]
    pub fn new(people: u64, seed: u64, reference_date: NaiveDate) -> Self {
        Self {
            people,
            seed,
            reference_date,
            row_group_rows: Self::DEFAULT_ROW_GROUP_ROWS,
        }
    }

    /// The same options with another row group size.
    #[must_use]
    pub fn with_row_group_rows(mut self, rows: usize) -> Self {
        self.row_group_rows = rows;
        self
    }

    /// The number of chunks (and row groups) the population is split into.
    #[must_use]
    pub fn chunk_count(&self) -> u64 {
        let rows = as_u64(self.row_group_rows.max(1));
        self.people.div_ceil(rows)
    }

    /// Checks that the options can be generated.
    ///
    /// # Errors
    /// [`PopulationError::InvalidOptions`] for a zero row group size or a reference date
    /// outside 2002–2099.
    pub fn validate(&self) -> Result<(), PopulationError> {
        if self.row_group_rows == 0 {
            return Err(PopulationError::InvalidOptions(
                "row_group_rows must be at least 1".to_owned(),
            ));
        }
        if !(2002..=2099).contains(&self.reference_date.year()) {
            return Err(PopulationError::InvalidOptions(
                "reference_date must lie in 2002-2099 so that every birth date fits an IIN"
                    .to_owned(),
            ));
        }
        Ok(())
    }
}

/// The population as a stream of Arrow record batches, one per chunk (row group), in
/// `person_id` order. Made by [`generate_batches`].
#[derive(Debug)]
pub struct PopulationBatches {
    /// The options being generated.
    options: GenerateOptions,
    /// Household tables for the reference date.
    generator: HouseholdGenerator,
    /// IIN serials used so far.
    serials: SerialTable,
    /// The next chunk to generate.
    next_chunk: u64,
    /// Batches generated but not yet handed out.
    ready: VecDeque<RecordBatch>,
    /// Set after an error, so that iteration ends instead of producing a file with a hole.
    failed: bool,
}

/// Starts generating the population described by `options`. Nothing is generated until the
/// batches are asked for.
///
/// # Errors
/// [`PopulationError::InvalidOptions`] if [`GenerateOptions::validate`] fails.
pub fn generate_batches(options: &GenerateOptions) -> Result<PopulationBatches, PopulationError> {
    options.validate()?;
    Ok(PopulationBatches {
        generator: HouseholdGenerator::new(day_of_date(options.reference_date)),
        serials: SerialTable::new(options.seed),
        options: options.clone(),
        next_chunk: 0,
        ready: VecDeque::new(),
        failed: false,
    })
}

impl PopulationBatches {
    /// The schema of every batch.
    #[must_use]
    pub fn schema(&self) -> SchemaRef {
        schema()
    }

    /// The options being generated.
    #[must_use]
    pub fn options(&self) -> &GenerateOptions {
        &self.options
    }

    /// Generates the next wave of chunks (one per worker thread) and returns their batches,
    /// or `None` when the whole population has been produced.
    ///
    /// # Errors
    /// See [`SerialTable::assign`]; after an error the stream is over.
    pub(crate) fn next_wave(&mut self) -> Option<Result<Vec<RecordBatch>, PopulationError>> {
        if self.failed {
            return None;
        }
        let total = self.options.chunk_count();
        if self.next_chunk >= total {
            return None;
        }
        let wave = as_u64(rayon::current_num_threads().max(1));
        let end = (self.next_chunk + wave).min(total);
        let rows = as_u64(self.options.row_group_rows);
        let (people, seed, generator) = (self.options.people, self.options.seed, &self.generator);
        let mut drafts: Vec<ChunkDraft> = (self.next_chunk..end)
            .into_par_iter()
            .map(|index| {
                let first = index * rows;
                // A chunk never holds more than `row_group_rows`, which is a usize.
                let len = usize::try_from((people - first).min(rows)).unwrap_or(0);
                generate_chunk(generator, seed, index, first, len)
            })
            .collect();
        self.next_chunk = end;
        for draft in &mut drafts {
            if let Err(e) = self.serials.assign(draft) {
                self.failed = true;
                return Some(Err(e));
            }
        }
        let batches: Result<Vec<RecordBatch>, PopulationError> =
            drafts.into_par_iter().map(to_record_batch).collect();
        if batches.is_err() {
            self.failed = true;
        }
        Some(batches)
    }
}

impl Iterator for PopulationBatches {
    type Item = Result<RecordBatch, PopulationError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.ready.is_empty() {
            match self.next_wave()? {
                Ok(batches) => self.ready.extend(batches),
                Err(e) => return Some(Err(e)),
            }
        }
        self.ready.pop_front().map(Ok)
    }
}

/// Turns a finished chunk into a record batch of the registry's schema.
fn to_record_batch(draft: ChunkDraft) -> Result<RecordBatch, PopulationError> {
    let len = draft.len();
    let first = draft.first_id;
    let person_id = UInt64Array::from_iter_values(first..first + as_u64(len));
    let offsets = OffsetBuffer::from_lengths(std::iter::repeat_n(IIN_LEN, len));
    let iin = StringArray::try_new(offsets, Buffer::from_vec(draft.iin), None)?;
    let sex_keys = UInt8Array::from_iter_values(draft.male.iter().map(|&m| u8::from(!m)));
    let sex = DictionaryArray::<UInt8Type>::try_new(
        sex_keys,
        Arc::new(StringArray::from(SEX_VALUES.to_vec())),
    )?;
    let region = DictionaryArray::<UInt8Type>::try_new(
        UInt8Array::from(draft.region),
        Arc::new(StringArray::from(region_names().to_vec())),
    )?;
    let birth_order: UInt8Array = draft
        .birth_order
        .iter()
        .map(|&o| (o > 0).then_some(o))
        .collect();
    let columns: Vec<ArrayRef> = vec![
        Arc::new(person_id),
        Arc::new(iin),
        Arc::new(Date32Array::from(draft.birth_day)),
        Arc::new(sex),
        Arc::new(region),
        Arc::new(UInt64Array::from(draft.household_id)),
        Arc::new(UInt8Array::from(draft.household_size)),
        Arc::new(UInt64Array::from(draft.mother_id)),
        Arc::new(birth_order),
        Arc::new(UInt32Array::from(draft.income)),
        Arc::new(BooleanArray::from(draft.permanent)),
        Arc::new(BooleanArray::from(draft.citizen)),
        Arc::new(UInt8Array::from(draft.disability)),
        Arc::new(BooleanArray::from(draft.employed)),
    ];
    Ok(RecordBatch::try_new(schema(), columns)?)
}
