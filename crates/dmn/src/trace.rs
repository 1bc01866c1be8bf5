//! What an evaluation did, for explaining and reproducing a decision: the decisions
//! evaluated with the input values they used, the decision-table rules that matched and were
//! selected (with their annotations, where a `legal basis` column cites the law), and hashes
//! identifying the exact models and engine.
//!
//! Recording a trace never changes a result: the evaluator only appends to it. Everything a
//! trace names is shared with the loaded model (`Arc`), so recording costs few allocations.

use sheshim_feel::{Name, Value};
use std::sync::Arc;

/// The engine's name and version, as recorded in every trace.
pub const ENGINE: &str = concat!("sheshim-dmn ", env!("CARGO_PKG_VERSION"));

/// A whole evaluation's trace.
#[derive(Clone, Debug)]
pub struct Trace {
    /// Engine name and version ([`ENGINE`]).
    pub engine: &'static str,
    /// SHA-256 (hex) of the loaded models: of the SHA-256 of each file's text, in load order.
    pub models_sha256: Arc<str>,
    /// The decisions evaluated, each after the decisions it required.
    pub decisions: Vec<DecisionTrace>,
}

/// One decision's evaluation.
#[derive(Clone, Debug)]
pub struct DecisionTrace {
    /// The model's name.
    pub model: Arc<str>,
    /// The decision's name.
    pub name: Name,
    /// The decision's `id`.
    pub id: Arc<str>,
    /// The input data values it used, by name, after type checks.
    pub inputs: Vec<(Name, Value)>,
    /// The decision tables it evaluated, in order.
    pub tables: Vec<TableTrace>,
    /// Its result.
    pub result: Value,
}

/// One evaluation of a decision table.
#[derive(Clone, Debug)]
pub struct TableTrace {
    /// The table's `id`, if it has one.
    pub table_id: Option<Arc<str>>,
    /// The hit policy, as DMN writes it (`UNIQUE`, `FIRST`, `COLLECT SUM`, …).
    pub hit_policy: Arc<str>,
    /// The rules whose every input entry matched, in table order. Under FIRST, evaluation
    /// stops at the first match, so only that rule is listed.
    pub matched: Vec<Arc<RuleTrace>>,
    /// The rules whose outputs make the result, in the order they were used (empty when the
    /// hit policy found the matches in conflict, or no rule matched).
    pub selected: Vec<Arc<RuleTrace>>,
}

/// A rule of a decision table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleTrace {
    /// Position in the table, from 1 as DMN tools number rules.
    pub number: usize,
    /// The rule's `id`, if it has one.
    pub id: Option<String>,
    /// `(annotation column name, text)` for each non-empty annotation entry.
    pub annotations: Vec<(String, String)>,
}
