//! Decisions over a whole population, column by column.
//!
//! Proactive services and what-if analyses evaluate one decision for millions of people.
//! Row-at-a-time evaluation builds dynamic values for each person; here a decision is
//! compiled ([`BatchPlan`]) so that each person costs a few table look-ups and bit
//! operations on integer columns ([`columns`]), on every core, and the few distinct
//! outcomes are computed once each by the ordinary row evaluator. Results are exactly those
//! of row-at-a-time evaluation (differential tests check it), and any single person's
//! trace is available on demand ([`BatchPlan::evaluate_row`]).
//!
//! A decision that does not compile — a COLLECT table, more than 63 rules, an output
//! computed per person — is decided person by person on every core instead
//! ([`RowEvaluator`]). [`evaluate`] is the one call that picks the strategy, so the rule
//! that every outcome of a run is one the row evaluator produced holds in one place.
//!
//! The crate is pure: the caller reads the registry and writes reports.

pub mod columns;
mod error;
mod evaluate;
mod masks;
pub mod money;
mod plan;
mod rows;
mod run;

pub use columns::{Column, ColumnKind, NULL};
pub use error::BatchError;
pub use evaluate::{Decision, Evaluation, Strategy, evaluate};
pub use plan::{BatchPlan, MAX_RULES, signature};
pub use rows::{MAX_OUTCOMES, RowEvaluator};
pub use run::{BatchRun, Groups, field_of};
