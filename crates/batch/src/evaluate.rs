//! One call for a decision over columns, whatever its shape.
//!
//! [`evaluate`] compiles the decision for batch ([`BatchPlan`]) and, when its shape is one
//! the compiler does not handle, decides person by person on every core
//! ([`RowEvaluator`]). Either way every outcome in the run is one the row evaluator
//! produced: a compiled run computes each distinct outcome once from a representative row,
//! and a row-by-row run computes every person's. Callers never choose a strategy, so that
//! rule lives here and nowhere else.

use crate::columns::ColumnKind;
use crate::error::BatchError;
use crate::plan::BatchPlan;
use crate::rows::RowEvaluator;
use crate::run::{BatchRun, Groups};
use sheshim_dmn::{ModelSet, Trace};
use sheshim_feel::{Context, Value};

/// How a decision was evaluated over the columns.
pub enum Strategy {
    /// Compiled: rule masks per column value, a few table look-ups per person.
    Compiled(BatchPlan),
    /// Person by person, because the decision does not compile for batch.
    RowByRow {
        /// The evaluator, kept to trace any one person.
        rows: RowEvaluator,
        /// Why the decision does not compile.
        reason: String,
    },
}

/// A decision evaluated over columns: how, and the run (each person's key, the counts).
pub struct Evaluation {
    /// How it was evaluated (and how to trace a single person).
    pub strategy: Strategy,
    /// Each person's key, the counts per group and key, and each key's outcome.
    pub run: BatchRun,
}

/// What a decision over columns needs: the decision and its inputs' columns and constants.
#[derive(Clone, Copy)]
pub struct Decision<'a> {
    /// The models.
    pub models: &'a ModelSet,
    /// The model holding the decision, or `None` to find it by name.
    pub model: Option<&'a str>,
    /// The decision.
    pub decision: &'a str,
    /// The inputs read from columns, by name and kind, in the order of the cells.
    pub columns: &'a [(&'a str, ColumnKind)],
    /// The inputs that are the same for everyone.
    pub constants: &'a Context,
}

/// Evaluates `decision` for every row of `cells` (one slice per column), counting persons
/// per outcome and per group. `progress` is called with the number of rows done so far
/// (from any thread, in no particular order).
///
/// # Errors
/// Errors of compiling other than an unsupported shape (an unknown decision, a missing
/// input, a column of the wrong kind), of the columns' shape, of a cell, of the row
/// evaluator, and [`BatchError::TooManyOutcomes`] for a decision evaluated row by row.
pub fn evaluate(
    decision: Decision<'_>,
    cells: &[&[i64]],
    groups: Option<Groups<'_>>,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Evaluation, BatchError> {
    let Decision {
        models,
        model,
        decision,
        columns,
        constants,
    } = decision;
    match BatchPlan::compile(models, model, decision, columns, constants) {
        Ok(plan) => {
            let run = plan.run(cells, groups, progress)?;
            Ok(Evaluation {
                strategy: Strategy::Compiled(plan),
                run,
            })
        }
        Err(BatchError::Unsupported { reason, .. }) => {
            let rows = RowEvaluator::new(models, model, decision, columns, constants);
            let run = rows.run(cells, groups, progress)?;
            Ok(Evaluation {
                strategy: Strategy::RowByRow { rows, reason },
                run,
            })
        }
        Err(other) => Err(other),
    }
}

impl Strategy {
    /// A name for an outcome key: the rule that selected it when compiled (`rule 3`,
    /// `no rule`, …), its order of appearance otherwise (`outcome 1`, …).
    pub fn key_name(&self, key: u8) -> String {
        match self {
            Strategy::Compiled(plan) => plan.key_name(key),
            Strategy::RowByRow { .. } => format!("outcome {}", u16::from(key) + 1),
        }
    }

    /// The decision for row `row` of `cells`, with its trace, by the row evaluator.
    ///
    /// # Errors
    /// As [`BatchPlan::evaluate_row`].
    pub fn evaluate_row(&self, cells: &[&[i64]], row: usize) -> Result<(Value, Trace), BatchError> {
        match self {
            Strategy::Compiled(plan) => plan.evaluate_row(cells, row),
            Strategy::RowByRow { rows, .. } => rows.evaluate_row(cells, row),
        }
    }

    /// Why the decision was evaluated person by person, if it was.
    pub fn row_by_row_reason(&self) -> Option<&str> {
        match self {
            Strategy::Compiled(_) => None,
            Strategy::RowByRow { reason, .. } => Some(reason),
        }
    }
}
