//! Why a decision cannot be evaluated in batch, or a batch run failed.

use thiserror::Error;

/// Everything that can go wrong compiling or running a batch evaluation. Messages name
/// decisions, inputs and columns, never a person's values.
#[derive(Debug, Error)]
pub enum BatchError {
    /// The rule engine refused the decision (unknown decision or model).
    #[error(transparent)]
    Dmn(#[from] sheshim_dmn::DmnError),
    /// The decision is not of a shape the batch evaluator handles; evaluate it row by row.
    #[error("decision {decision:?} cannot be evaluated in batch: {reason}")]
    Unsupported {
        /// The decision.
        decision: String,
        /// What is not supported.
        reason: String,
    },
    /// A decision input has neither a column nor a constant value.
    #[error("decision input {0:?} has no column and no constant value")]
    MissingInput(String),
    /// A column's kind does not fit the decision input's type.
    #[error("column {column:?} holds {kind} values but the decision input is of type {expected}")]
    WrongKind {
        /// The column.
        column: String,
        /// What it holds.
        kind: &'static str,
        /// The input's type.
        expected: &'static str,
    },
    /// Columns of different lengths, or not as many as were compiled.
    #[error("{0}")]
    Shape(String),
    /// A decision evaluated row by row has more distinct outcomes than a run can count.
    #[error(
        "decision {decision:?} has more than {max} distinct outcomes among the persons (an amount computed from each person's values?): a run by outcome cannot count them"
    )]
    TooManyOutcomes {
        /// The decision.
        decision: String,
        /// The most distinct outcomes a run counts.
        max: usize,
    },
    /// A total of money that decimal128 cannot hold exactly.
    #[error(
        "{what} cannot be computed exactly: it needs more than the 34 significant digits of decimal128 or exceeds its range, and money is never rounded, dropped or taken as 0"
    )]
    InexactMoney {
        /// What was being totalled (an outcome, a region, a field).
        what: String,
    },
    /// A cell is not a valid code of its column (a boolean other than 0 or 1, a text index
    /// outside the dictionary).
    #[error("column {column:?} has an invalid cell at row {row}")]
    BadCell {
        /// The column.
        column: String,
        /// The row.
        row: usize,
    },
}
