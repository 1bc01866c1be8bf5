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
//! The crate is pure: the caller reads the registry and writes reports.

pub mod columns;
mod error;
mod masks;
mod plan;
mod run;

pub use columns::{Column, ColumnKind, NULL};
pub use error::BatchError;
pub use plan::{BatchPlan, MAX_RULES, signature};
pub use run::{BatchRun, Groups, field_of};
