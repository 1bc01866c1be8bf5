//! A decision as JSON: what `sheshim decide` prints.
//!
//! ```json
//! {"decision": "Birth allowance", "as_of": "2025-06-01",
//!  "result": {"eligible": true, "amount": 247716},
//!  "parameters": [{"name": "MRP", "value": 3932, "from": "2025-01-01", "until": "2025-12-31",
//!                  "act": "…", "article": null, "act_date": null, "url": null, "verified": false}],
//!  "trace": {"engine": "…", "models_sha256": "…", "decisions": [{"model": "…",
//!            "decision": "…", "id": "…", "inputs": {…}, "tables": [{"id": "…",
//!            "hit_policy": "UNIQUE", "matched": [rule], "selected": [rule]}], "result": …}]}}
//! ```
//!
//! A rule is `{"number": 3, "id": "rule_x", "annotations": {"legal basis": "…"}}`. FEEL
//! values are written by [`sheshim_feel::json::Json`] (numbers with every digit); `trace`
//! is present only when the trace was asked for.

use crate::rules::Decided;
use serde::Serialize;
use serde::ser::{SerializeMap, SerializeStruct, Serializer};
use sheshim_dmn::{DecisionTrace, RuleTrace, TableTrace, Trace};
use sheshim_feel::json::{Json, JsonEntries};
use sheshim_params::ResolvedParameter;
use std::sync::Arc;

impl Serialize for Decided {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let fields = if self.trace.is_some() { 5 } else { 4 };
        let mut out = serializer.serialize_struct("Decided", fields)?;
        out.serialize_field("decision", &self.decision)?;
        out.serialize_field("as_of", &self.as_of.to_string())?;
        out.serialize_field("result", &Json(&self.value))?;
        let parameters: Vec<ParameterJson<'_>> =
            self.parameters.iter().map(ParameterJson).collect();
        out.serialize_field("parameters", &parameters)?;
        if let Some(trace) = &self.trace {
            out.serialize_field("trace", &TraceJson(trace))?;
        }
        out.end()
    }
}

/// A parameter's value in force and its legal source.
struct ParameterJson<'a>(&'a ResolvedParameter);

impl Serialize for ParameterJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let mut out = serializer.serialize_struct("Parameter", 9)?;
        out.serialize_field("name", &p.name)?;
        out.serialize_field("value", &Json(&p.value))?;
        out.serialize_field("from", &p.period.from.to_string())?;
        out.serialize_field("until", &p.period.until.map(|d| d.to_string()))?;
        out.serialize_field("act", &p.source.act)?;
        out.serialize_field("article", &p.source.article)?;
        out.serialize_field("act_date", &p.source.act_date.map(|d| d.to_string()))?;
        out.serialize_field("url", &p.source.url)?;
        out.serialize_field("verified", &p.source.verified)?;
        out.end()
    }
}

/// The trace: engine, models' hash and each decision evaluated.
struct TraceJson<'a>(&'a Trace);

impl Serialize for TraceJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("Trace", 3)?;
        out.serialize_field("engine", self.0.engine)?;
        out.serialize_field("models_sha256", &*self.0.models_sha256)?;
        let decisions: Vec<DecisionJson<'_>> = self.0.decisions.iter().map(DecisionJson).collect();
        out.serialize_field("decisions", &decisions)?;
        out.end()
    }
}

/// One decision of a trace: its inputs, tables and result.
struct DecisionJson<'a>(&'a DecisionTrace);

impl Serialize for DecisionJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let mut out = serializer.serialize_struct("Decision", 6)?;
        out.serialize_field("model", &*d.model)?;
        out.serialize_field("decision", &*d.name)?;
        out.serialize_field("id", &*d.id)?;
        out.serialize_field("inputs", &JsonEntries(&d.inputs))?;
        let tables: Vec<TableJson<'_>> = d.tables.iter().map(TableJson).collect();
        out.serialize_field("tables", &tables)?;
        out.serialize_field("result", &Json(&d.result))?;
        out.end()
    }
}

/// A decision table of a trace: the rules matched and those selected.
struct TableJson<'a>(&'a TableTrace);

impl Serialize for TableJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let t = self.0;
        let mut out = serializer.serialize_struct("Table", 4)?;
        out.serialize_field("id", &t.table_id.as_deref())?;
        out.serialize_field("hit_policy", &*t.hit_policy)?;
        out.serialize_field("matched", &rules(&t.matched))?;
        out.serialize_field("selected", &rules(&t.selected))?;
        out.end()
    }
}

fn rules(rules: &[Arc<RuleTrace>]) -> Vec<RuleJson<'_>> {
    rules.iter().map(|r| RuleJson(r)).collect()
}

/// A rule: its number, id and annotations by column.
struct RuleJson<'a>(&'a RuleTrace);

impl Serialize for RuleJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut out = serializer.serialize_struct("Rule", 3)?;
        out.serialize_field("number", &r.number)?;
        out.serialize_field("id", &r.id)?;
        out.serialize_field("annotations", &Annotations(&r.annotations))?;
        out.end()
    }
}

/// Annotations as one object, by column, in the table's order.
struct Annotations<'a>(&'a [(String, String)]);

impl Serialize for Annotations<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (column, text) in self.0 {
            map.serialize_entry(column, text)?;
        }
        map.end()
    }
}
