//! Running a [`BatchPlan`] over a population on every core.
//!
//! Rows are cut into chunks evaluated in parallel; each chunk writes its persons' keys and
//! counts them per group (e.g. per region). The first row of each key found is kept as its
//! representative, and the decision's outcome for each key present is computed once from
//! that row by the row evaluator.

use crate::error::BatchError;
use crate::money;
use crate::plan::BatchPlan;
use rayon::prelude::*;
use sheshim_feel::{Number, Value};

/// Rows per parallel chunk.
const CHUNK: usize = 1 << 16;

/// The result of a batch run.
pub struct BatchRun {
    /// Each person's key (see [`BatchPlan::key_name`]).
    pub keys: Vec<u8>,
    /// Persons per group and key: `counts[group * key_count + key]`.
    pub counts: Vec<u64>,
    /// Number of distinct keys.
    pub key_count: usize,
    /// Number of groups (1 without grouping).
    pub groups: usize,
    /// For each key present, the first row with it and the decision's outcome.
    pub outcomes: Vec<Option<(usize, Value)>>,
}

/// Grouping of persons for counts: one code per person in `0..groups`.
#[derive(Clone, Copy)]
pub struct Groups<'a> {
    /// One code per person.
    pub codes: &'a [i64],
    /// How many codes there are.
    pub count: usize,
}

impl<'a> Groups<'a> {
    /// The codes (if grouping) and the number of groups (1 without grouping) of a run
    /// over `rows` rows.
    ///
    /// # Errors
    /// [`BatchError::Shape`] when there are not as many codes as rows.
    pub(crate) fn for_rows(
        groups: Option<Groups<'a>>,
        rows: usize,
    ) -> Result<(Option<&'a [i64]>, usize), BatchError> {
        match groups {
            Some(g) if g.codes.len() != rows => Err(BatchError::Shape(format!(
                "{} group codes for {rows} rows",
                g.codes.len()
            ))),
            Some(g) => Ok((Some(g.codes), g.count.max(1))),
            None => Ok((None, 1)),
        }
    }

    /// The group of a person's code: codes outside `0..count` (nulls included) fall in the
    /// last group, so every person is counted once.
    pub fn group_of(code: i64, count: usize) -> usize {
        let last = count.max(1) - 1;
        usize::try_from(code).map_or(last, |c| c.min(last))
    }
}

impl BatchPlan {
    /// Evaluates every row of `cells` (one slice per compiled column), counting persons
    /// per key and per group. `progress` is called with the number of rows done so far
    /// (from any thread, in no particular order).
    ///
    /// # Errors
    ///
    /// [`BatchError::Shape`] when the columns or groups do not fit; errors of the row
    /// evaluator on a representative row.
    pub fn run(
        &self,
        cells: &[&[i64]],
        groups: Option<Groups<'_>>,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<BatchRun, BatchError> {
        let rows = self.rows(cells)?;
        let (codes, group_count) = Groups::for_rows(groups, rows)?;
        let key_count = self.key_count();
        let mut keys = vec![0u8; rows];
        let done = std::sync::atomic::AtomicUsize::new(0);
        let partials: Vec<(Vec<u64>, Vec<Option<usize>>)> = keys
            .par_chunks_mut(CHUNK)
            .enumerate()
            .map(|(chunk, out)| {
                let start = chunk * CHUNK;
                let mut counts = vec![0u64; group_count * key_count];
                self.keys(
                    cells,
                    start,
                    out,
                    codes.map(|c| (c, group_count)),
                    &mut counts,
                );
                // The first row of each key present: stop as soon as all are found.
                let mut first = vec![None; key_count];
                let mut missing = (0..key_count)
                    .filter(|&k| (0..group_count).any(|g| counts[g * key_count + k] > 0))
                    .count();
                for (offset, &key) in out.iter().enumerate() {
                    if missing == 0 {
                        break;
                    }
                    let slot = &mut first[usize::from(key)];
                    if slot.is_none() {
                        *slot = Some(start + offset);
                        missing -= 1;
                    }
                }
                let total = done.fetch_add(out.len(), std::sync::atomic::Ordering::Relaxed);
                progress(total + out.len());
                (counts, first)
            })
            .collect();
        let mut counts = vec![0u64; group_count * key_count];
        let mut first: Vec<Option<usize>> = vec![None; key_count];
        for (partial_counts, partial_first) in partials {
            for (total, count) in counts.iter_mut().zip(partial_counts) {
                *total += count;
            }
            // Chunks are in row order, so the first chunk to have a key has its first row.
            for (slot, row) in first.iter_mut().zip(partial_first) {
                if slot.is_none() {
                    *slot = row;
                }
            }
        }
        let outcomes = first
            .into_iter()
            .map(|row| {
                row.map(|row| self.evaluate_row(cells, row).map(|(value, _)| (row, value)))
                    .transpose()
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(BatchRun {
            keys,
            counts,
            key_count,
            groups: group_count,
            outcomes,
        })
    }
}

impl BatchRun {
    /// The outcome of a person with key `key` (`None` for a key nobody has).
    pub fn outcome(&self, key: u8) -> Option<&Value> {
        self.outcomes
            .get(usize::from(key))
            .and_then(Option::as_ref)
            .map(|(_, v)| v)
    }

    /// Persons with key `key` in group `group`.
    pub fn count(&self, group: usize, key: u8) -> u64 {
        self.counts[group * self.key_count + usize::from(key)]
    }

    /// Persons with key `key`, all groups together.
    pub fn total(&self, key: u8) -> u64 {
        (0..self.groups).map(|g| self.count(g, key)).sum()
    }

    /// Persons in `group` (all groups with `None`) whose outcome passes `keep`.
    pub fn count_where(&self, group: Option<usize>, keep: impl Fn(&Value) -> bool) -> u64 {
        self.keys_where(keep)
            .map(|key| match group {
                Some(g) => self.count(g, key),
                None => self.total(key),
            })
            .sum()
    }

    /// The sum over persons in `group` (all with `None`) of the number `field` of their
    /// outcome (a context), computed exactly: the count of each outcome times its value.
    /// Outcomes without such a number add nothing.
    ///
    /// # Errors
    /// [`BatchError::InexactMoney`] when a product or the sum cannot be held exactly.
    pub fn sum_field(&self, group: Option<usize>, field: &str) -> Result<Number, BatchError> {
        let mut sum = Number::zero();
        for key in 0..self.key_count as u8 {
            let Some(Value::Number(value)) = self.outcome(key).and_then(|o| field_of(o, field))
            else {
                continue;
            };
            let count = match group {
                Some(g) => self.count(g, key),
                None => self.total(key),
            };
            let what = || format!("the sum of {field:?} over the persons");
            sum = money::sum(sum, money::product(count, *value, what)?, what)?;
        }
        Ok(sum)
    }

    /// The keys whose outcome passes `keep`.
    fn keys_where(&self, keep: impl Fn(&Value) -> bool) -> impl Iterator<Item = u8> {
        let kept: Vec<u8> = (0..self.key_count as u8)
            .filter(|&k| self.outcome(k).is_some_and(&keep))
            .collect();
        kept.into_iter()
    }
}

/// A field of a context outcome.
pub fn field_of<'v>(outcome: &'v Value, field: &str) -> Option<&'v Value> {
    match outcome {
        Value::Context(context) => context.get(field),
        _ => None,
    }
}
