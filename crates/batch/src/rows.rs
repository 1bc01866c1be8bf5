//! Row-at-a-time evaluation on every core: the strategy for decisions that do not compile
//! for batch (COLLECT tables, more than 63 rules, outputs computed per person, …).
//!
//! Each person is decided by the row evaluator. Runs count persons per distinct outcome,
//! so the distinct outcomes are interned into one-byte keys as in a compiled run; a
//! decision with more distinct outcomes than a key can name (e.g. an amount computed from
//! each person's income) is refused with a clear error rather than reported wrongly.

use crate::columns::ColumnKind;
use crate::error::BatchError;
use crate::run::{BatchRun, Groups};
use rayon::prelude::*;
use sheshim_dmn::{Env, ModelSet, Trace};
use sheshim_feel::{Context, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// Most distinct outcomes a row-by-row run can report: keys are one byte.
pub const MAX_OUTCOMES: usize = 255;

/// Rows per parallel chunk.
const CHUNK: usize = 4096;

/// A decision evaluated person by person.
pub struct RowEvaluator {
    models: ModelSet,
    model: Option<String>,
    decision: String,
    constants: Context,
    columns: Vec<(String, ColumnKind)>,
}

/// One chunk's persons: their local outcome ids, and the outcomes with their first row.
struct Chunk {
    ids: Vec<u16>,
    outcomes: Vec<(String, usize, Value)>,
}

impl RowEvaluator {
    /// `decision` (of `model`, or the model holding it) of `models`, fed by `columns` (in
    /// the order cells will come) and the constants.
    pub fn new(
        models: &ModelSet,
        model: Option<&str>,
        decision: &str,
        columns: &[(&str, ColumnKind)],
        constants: &Context,
    ) -> RowEvaluator {
        RowEvaluator {
            models: models.clone(),
            model: model.map(str::to_owned),
            decision: decision.to_owned(),
            constants: constants.clone(),
            columns: columns
                .iter()
                .map(|(n, k)| ((*n).to_owned(), k.clone()))
                .collect(),
        }
    }

    fn inputs(&self, cells: &[&[i64]], row: usize) -> Result<Context, BatchError> {
        if cells.len() != self.columns.len() {
            return Err(BatchError::Shape(format!(
                "{} columns given for {} inputs",
                cells.len(),
                self.columns.len()
            )));
        }
        let mut inputs = self.constants.clone();
        for ((name, kind), column) in self.columns.iter().zip(cells) {
            let value = column
                .get(row)
                .and_then(|&cell| kind.value(cell))
                .ok_or_else(|| BatchError::BadCell {
                    column: name.clone(),
                    row,
                })?;
            inputs.insert(Arc::from(name.as_str()), value);
        }
        Ok(inputs)
    }

    /// The decision for row `row`, with its trace.
    pub fn evaluate_row(&self, cells: &[&[i64]], row: usize) -> Result<(Value, Trace), BatchError> {
        let inputs = self.inputs(cells, row)?;
        let env = Env::default();
        Ok(self.models.evaluate_decision_traced(
            self.model.as_deref(),
            &self.decision,
            &inputs,
            &env,
        )?)
    }

    fn chunk(&self, cells: &[&[i64]], rows: std::ops::Range<usize>) -> Result<Chunk, BatchError> {
        let env = Env::default();
        let mut index: HashMap<String, u16> = HashMap::new();
        let mut chunk = Chunk {
            ids: Vec::with_capacity(rows.len()),
            outcomes: Vec::new(),
        };
        for row in rows {
            let inputs = self.inputs(cells, row)?;
            let value = self.models.evaluate_decision(
                self.model.as_deref(),
                &self.decision,
                &inputs,
                &env,
            )?;
            // The same value prints the same: numbers with their digits, contexts in order.
            let text = format!("{value:?}");
            let id = match index.get(&text) {
                Some(&id) => id,
                None => {
                    if chunk.outcomes.len() >= MAX_OUTCOMES {
                        return Err(self.too_many());
                    }
                    let id = chunk.outcomes.len() as u16;
                    index.insert(text.clone(), id);
                    chunk.outcomes.push((text, row, value));
                    id
                }
            };
            chunk.ids.push(id);
        }
        Ok(chunk)
    }

    /// Decides every row on all cores and counts persons per outcome and group (all in one
    /// group without grouping). `progress` is called with the number of rows done so far.
    ///
    /// # Errors
    /// [`BatchError::Shape`] when the columns or groups do not fit, [`BatchError::BadCell`]
    /// for a cell that is not a code of its column, [`BatchError::TooManyOutcomes`], and
    /// errors of the row evaluator.
    pub fn run(
        &self,
        cells: &[&[i64]],
        groups: Option<Groups<'_>>,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<BatchRun, BatchError> {
        let rows = cells.first().map_or(0, |c| c.len());
        if cells.iter().any(|c| c.len() != rows) {
            return Err(BatchError::Shape("columns of different lengths".to_owned()));
        }
        let (codes, group_count) = Groups::for_rows(groups, rows)?;
        let done = std::sync::atomic::AtomicUsize::new(0);
        let chunks: Vec<Chunk> = (0..rows.div_ceil(CHUNK))
            .into_par_iter()
            .map(|c| {
                let range = c * CHUNK..((c + 1) * CHUNK).min(rows);
                let len = range.len();
                let chunk = self.chunk(cells, range);
                let total = done.fetch_add(len, std::sync::atomic::Ordering::Relaxed);
                progress(total + len);
                chunk
            })
            .collect::<Result<_, _>>()?;
        // Global keys in order of first appearance.
        let mut keys_of: HashMap<String, u8> = HashMap::new();
        let mut outcomes: Vec<Option<(usize, Value)>> = Vec::new();
        let mut keys = Vec::with_capacity(rows);
        for chunk in chunks {
            let mut local = Vec::with_capacity(chunk.outcomes.len());
            for (text, row, value) in chunk.outcomes {
                let key = match keys_of.get(&text) {
                    Some(&key) => key,
                    None => {
                        if outcomes.len() >= MAX_OUTCOMES {
                            return Err(self.too_many());
                        }
                        let key = outcomes.len() as u8;
                        keys_of.insert(text, key);
                        outcomes.push(Some((row, value)));
                        key
                    }
                };
                local.push(key);
            }
            keys.extend(chunk.ids.iter().map(|&id| local[usize::from(id)]));
        }
        let key_count = outcomes.len().max(1);
        let mut counts = vec![0u64; group_count * key_count];
        for (row, &key) in keys.iter().enumerate() {
            let group = codes.map_or(0, |c| Groups::group_of(c[row], group_count));
            counts[group * key_count + usize::from(key)] += 1;
        }
        outcomes.resize(key_count, None);
        Ok(BatchRun {
            keys,
            counts,
            key_count,
            groups: group_count,
            outcomes,
        })
    }
}

impl RowEvaluator {
    fn too_many(&self) -> BatchError {
        BatchError::TooManyOutcomes {
            decision: self.decision.clone(),
            max: MAX_OUTCOMES,
        }
    }
}
