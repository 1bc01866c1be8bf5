//! Decision tables: inputs and their allowed values, rules matched, hit policies and
//! aggregations, default outputs, and the table hits a trace records.

use super::{Eval, Evaluator, context_value, is_true};
use crate::model::*;
use crate::trace::TableTrace;
use sheshim_feel::{BudgetExceeded, Context, Scope, Value};
use std::cmp::Ordering;
use std::sync::Arc;

impl Evaluator<'_> {
    pub(super) fn table(&self, t: &DecisionTable, scope: &Scope) -> Eval {
        let mut inputs = Vec::with_capacity(t.inputs.len());
        for i in &t.inputs {
            let v = self.feel(&i.expression, scope)?;
            if let Some(allowed) = &i.input_values
                && !v.is_null()
                && !self.test(allowed, &v, scope)?
            {
                self.record_table(t, &[], &[]);
                return Ok(Value::Null);
            }
            inputs.push(v);
        }
        // Each rule tested is a step. FIRST stops at the first match: later rules are not
        // evaluated, nor traced.
        let mut matched: Vec<&Rule> = Vec::new();
        for rule in &t.rules {
            self.budget.step()?;
            if self.rule_matches(rule, &inputs, scope)? {
                matched.push(rule);
                if t.hit_policy == HitPolicy::First {
                    break;
                }
            }
        }
        if matched.is_empty() {
            self.record_table(t, &[], &[]);
            return self.no_match(t, scope);
        }
        let (value, selected) = self.apply_hit_policy(t, &matched, scope)?;
        self.record_table(t, &matched, &selected);
        Ok(value)
    }

    fn rule_matches(
        &self,
        rule: &Rule,
        inputs: &[Value],
        scope: &Scope,
    ) -> Result<bool, BudgetExceeded> {
        for (entry, v) in rule.inputs.iter().zip(inputs) {
            if !self.test(entry, v, scope)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// The table's result from its matched rules, and the rules that result comes from.
    fn apply_hit_policy<'r>(
        &self,
        t: &DecisionTable,
        matched: &[&'r Rule],
        scope: &Scope,
    ) -> Result<(Value, Vec<&'r Rule>), BudgetExceeded> {
        let row = |r: &Rule| self.rule_outputs(t, r, scope);
        let results = |rules: &[&Rule]| -> Result<Vec<Value>, BudgetExceeded> {
            rules.iter().map(|r| self.assemble(t, row(r)?)).collect()
        };
        Ok(match t.hit_policy {
            HitPolicy::First => (self.assemble(t, row(matched[0])?)?, vec![matched[0]]),
            HitPolicy::Unique => {
                if matched.len() > 1 {
                    (Value::Null, Vec::new())
                } else {
                    (self.assemble(t, row(matched[0])?)?, vec![matched[0]])
                }
            }
            HitPolicy::Any => {
                let results = results(matched)?;
                let first = &results[0];
                if results[1..].iter().all(|r| is_true(&r.feel_eq(first))) {
                    (first.clone(), vec![matched[0]])
                } else {
                    (Value::Null, Vec::new())
                }
            }
            HitPolicy::Priority => {
                let rows = matched
                    .iter()
                    .map(|r| row(r))
                    .collect::<Result<Vec<_>, _>>()?;
                let order = self.priority_order(t, &rows, scope)?;
                let top = order[0];
                (self.assemble(t, rows[top].clone())?, vec![matched[top]])
            }
            HitPolicy::RuleOrder => (
                self.built(Value::list(results(matched)?))?,
                matched.to_vec(),
            ),
            HitPolicy::OutputOrder => {
                let rows = matched
                    .iter()
                    .map(|r| row(r))
                    .collect::<Result<Vec<_>, _>>()?;
                let order = self.priority_order(t, &rows, scope)?;
                let list = order
                    .iter()
                    .map(|&i| self.assemble(t, rows[i].clone()))
                    .collect::<Result<Vec<_>, _>>()?;
                (
                    self.built(Value::list(list))?,
                    order.iter().map(|&i| matched[i]).collect(),
                )
            }
            HitPolicy::Collect => {
                let values = results(matched)?;
                let value = match t.aggregation {
                    None => self.built(Value::list(values))?,
                    Some(agg) if t.outputs.len() == 1 => aggregate(agg, &values),
                    Some(_) => Value::Null,
                };
                (value, matched.to_vec())
            }
        })
    }

    /// Appends a table's hits to the trace, if one is being recorded.
    fn record_table(&self, t: &DecisionTable, matched: &[&Rule], selected: &[&Rule]) {
        let Some(tables) = self.tables else {
            return;
        };
        tables.borrow_mut().push(TableTrace {
            table_id: t.id.clone(),
            hit_policy: t.policy_text.clone(),
            matched: matched.iter().map(|r| r.trace.clone()).collect(),
            selected: selected.iter().map(|r| r.trace.clone()).collect(),
        });
    }

    fn no_match(&self, t: &DecisionTable, scope: &Scope) -> Eval {
        if t.hit_policy == HitPolicy::Collect && t.aggregation == Some(Aggregation::Count) {
            return Ok(Value::Number(sheshim_feel::Number::from_i64(0)));
        }
        if t.outputs.iter().all(|o| o.default.is_none()) {
            return Ok(Value::Null);
        }
        let mut row = Vec::with_capacity(t.outputs.len());
        for o in &t.outputs {
            let v = match &o.default {
                Some(d) => self.feel(d, scope)?,
                None => Value::Null,
            };
            row.push(self.coerce(v, &o.ty)?);
        }
        self.assemble(t, row)
    }

    fn rule_outputs(
        &self,
        t: &DecisionTable,
        r: &Rule,
        scope: &Scope,
    ) -> Result<Vec<Value>, BudgetExceeded> {
        r.outputs
            .iter()
            .zip(&t.outputs)
            .map(|(e, o)| self.coerce(self.feel(e, scope)?, &o.ty))
            .collect()
    }

    fn assemble(&self, t: &DecisionTable, mut row: Vec<Value>) -> Eval {
        if t.outputs.len() == 1 {
            return Ok(row.pop().unwrap_or(Value::Null));
        }
        let mut c = Context::new();
        for (o, v) in t.outputs.iter().zip(row) {
            c.insert(o.name.clone().unwrap_or_else(|| Arc::from("")), v);
        }
        self.built(context_value(c))
    }

    /// The rows' indexes sorted (stably) by the position of each output in its column's
    /// output values: the order PRIORITY and OUTPUT ORDER use.
    fn priority_order(
        &self,
        t: &DecisionTable,
        rows: &[Vec<Value>],
        scope: &Scope,
    ) -> Result<Vec<usize>, BudgetExceeded> {
        let mut keys: Vec<Vec<usize>> = Vec::with_capacity(rows.len());
        for row in rows {
            let mut key = Vec::new();
            for (o, v) in t.outputs.iter().zip(row) {
                if o.output_values.is_empty() {
                    continue;
                }
                let mut position = o.output_values.len();
                for (i, ov) in o.output_values.iter().enumerate() {
                    if self.test(ov, v, scope)? {
                        position = i;
                        break;
                    }
                }
                key.push(position);
            }
            keys.push(key);
        }
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
        Ok(order)
    }
}

pub(crate) fn aggregate(agg: Aggregation, values: &[Value]) -> Value {
    match agg {
        Aggregation::Count => Value::Number(sheshim_feel::Number::from_i64(
            i64::try_from(values.len()).unwrap_or(i64::MAX),
        )),
        Aggregation::Sum => {
            if values.is_empty() || !values.iter().all(|v| matches!(v, Value::Number(_))) {
                return Value::Null;
            }
            let mut total = values[0].clone();
            for v in &values[1..] {
                total = total.add(v);
            }
            total
        }
        Aggregation::Min | Aggregation::Max => {
            let want = if agg == Aggregation::Min {
                Ordering::Less
            } else {
                Ordering::Greater
            };
            let Some(mut best) = values.first().cloned() else {
                return Value::Null;
            };
            for v in &values[1..] {
                match v.feel_cmp(&best) {
                    Some(o) if o == want => best = v.clone(),
                    Some(_) => {}
                    None => return Value::Null,
                }
            }
            best
        }
    }
}
