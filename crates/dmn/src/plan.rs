//! Compiled decisions: a decision whose logic is a decision table over input data, with
//! constant input entries and outputs — the shape of most eligibility and benefit rules — is
//! compiled once into a [`DecisionPlan`] that evaluates from input values in slots, without
//! walking expressions or looking up any name, and gives exactly the interpreter's result
//! (a differential test checks it on every such decision of the TCK).
//!
//! Everything that can be computed from the model alone is computed here: the reduced unary
//! tests, each rule's outputs after type checks, the assembled (and type-checked) result of
//! each rule, the no-match result, and the trace entries of each rule.
//!
//! Only decisions whose types' allowed values and constraints are constants are compiled:
//! checking a value against them takes time in proportion to the value, so a plan needs no
//! evaluation budget (see [`coerce_constant`]).

use crate::eval::{Evaluator, Inner, aggregate, context_value};
use crate::model::{Aggregation, BoxedKind, DecisionTable, ElementRef, HitPolicy, Ty};
use crate::trace::{DecisionTrace, ENGINE, RuleTrace, TableTrace, Trace};
use sheshim_feel::ast::Expr;
use sheshim_feel::{
    Budget, ConstantTests, Context, Env, Limits, Name, Number, Value, constant_value,
    reduce_to_constants,
};
use smallvec::SmallVec;
use std::sync::Arc;

/// A decision compiled for fast evaluation. Cheap to share between threads.
pub struct DecisionPlan {
    inner: Arc<Inner>,
    model: Arc<str>,
    name: Name,
    id: Arc<str>,
    /// The decision's input data, in slot order, with their declared types.
    slots: Vec<(Name, Ty)>,
    /// For each slot, the value kind that passes its type check unchanged, when the type is
    /// a simple one (`Any` for untyped slots): checked without cloning on the fast path.
    simple_kinds: Vec<Option<SimpleKind>>,
    /// For each table input column, the slot it reads.
    columns: Vec<usize>,
    /// Allowed input values of each column, if declared.
    allowed: Vec<Option<ConstantTests>>,
    rules: Vec<PlannedRule>,
    policy: HitPolicy,
    aggregation: Option<Aggregation>,
    /// The result when no rule matches.
    no_match: Value,
    table_id: Option<Arc<str>>,
    policy_text: Arc<str>,
    /// The boxed expression's own type (if it declares one) and the decision's type, applied
    /// to results that are only known at evaluation (lists of hits, aggregates).
    result_types: Vec<Ty>,
    single_output: bool,
}

/// The kind of value an input slot takes unchanged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlotKind {
    /// Untyped: any value.
    Any,
    /// `number`.
    Number,
    /// `string`.
    String,
    /// `boolean`.
    Boolean,
    /// Any other type (dates, item definitions, …): values are type-checked and coerced.
    Other,
}

/// How a compiled table selects its result from the rules that match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selection {
    /// The first matching rule (FIRST).
    First,
    /// The only matching rule; several are an error and give `null` (UNIQUE).
    Unique,
    /// Every matching rule, listed or aggregated (RULE ORDER, COLLECT).
    Many,
}

/// Columns whose numbers are decoded once per evaluation (wider tables decode per test).
const MAX_DECODED_COLUMNS: usize = 16;

/// Types whose values conform exactly when they are of one variant.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SimpleKind {
    Any,
    Number,
    String,
    Boolean,
}

impl SimpleKind {
    fn of(ty: &Ty) -> Option<SimpleKind> {
        match ty {
            Ty::Any => Some(SimpleKind::Any),
            Ty::Feel(sheshim_feel::Type::Any) => Some(SimpleKind::Any),
            Ty::Feel(sheshim_feel::Type::Number) => Some(SimpleKind::Number),
            Ty::Feel(sheshim_feel::Type::String) => Some(SimpleKind::String),
            Ty::Feel(sheshim_feel::Type::Boolean) => Some(SimpleKind::Boolean),
            _ => None,
        }
    }

    /// True when the value passes the type check unchanged (`null` always does).
    fn accepts(self, value: &Value) -> bool {
        matches!(
            (self, value),
            (SimpleKind::Any, _)
                | (_, Value::Null)
                | (SimpleKind::Number, Value::Number(_))
                | (SimpleKind::String, Value::String(_))
                | (SimpleKind::Boolean, Value::Boolean(_))
        )
    }
}

/// Which rules matched and were selected, by position, while tracing.
#[derive(Default)]
struct Hits {
    matched: SmallVec<[u32; 8]>,
    selected: SmallVec<[u32; 4]>,
}

/// The trace of a compiled evaluation: the input values after type checks and the
/// positions of the rules matched and selected, expanded on demand by
/// [`CompiledTrace::to_trace`] into the same [`Trace`] the interpreter records.
pub struct CompiledTrace<'p> {
    plan: &'p DecisionPlan,
    inputs: SmallVec<[Value; 8]>,
    matched: SmallVec<[u32; 8]>,
    selected: SmallVec<[u32; 4]>,
    result: Value,
}

impl CompiledTrace<'_> {
    /// The rules whose every input entry matched (under FIRST, only the first).
    pub fn matched(&self) -> impl Iterator<Item = &RuleTrace> {
        self.matched
            .iter()
            .map(|&i| &*self.plan.rules[i as usize].trace)
    }

    /// The rules the result comes from.
    pub fn selected(&self) -> impl Iterator<Item = &RuleTrace> {
        self.selected
            .iter()
            .map(|&i| &*self.plan.rules[i as usize].trace)
    }

    /// The full trace, as [`crate::ModelSet::evaluate_decision_traced`] gives it.
    pub fn to_trace(&self) -> Trace {
        let plan = self.plan;
        let rules = |positions: &[u32]| -> Vec<Arc<RuleTrace>> {
            positions
                .iter()
                .map(|&i| plan.rules[i as usize].trace.clone())
                .collect()
        };
        Trace {
            engine: ENGINE,
            models_sha256: plan.inner.sha256.clone(),
            decisions: vec![DecisionTrace {
                model: plan.model.clone(),
                name: plan.name.clone(),
                id: plan.id.clone(),
                inputs: plan
                    .slots
                    .iter()
                    .zip(&self.inputs)
                    .map(|((name, _), value)| (name.clone(), value.clone()))
                    .collect(),
                tables: vec![TableTrace {
                    table_id: plan.table_id.clone(),
                    hit_policy: plan.policy_text.clone(),
                    matched: rules(&self.matched),
                    selected: rules(&self.selected),
                }],
                result: self.result.clone(),
            }],
        }
    }
}

struct PlannedRule {
    /// Position in the table, from 0.
    position: u32,
    /// `(column, test)` for every entry that is not `-`.
    tests: Vec<(usize, ConstantTests)>,
    /// The rule's row: one value per output, type-checked.
    row: Value,
    /// The whole result when this rule alone is selected, fully type-checked.
    result: Value,
    trace: Arc<RuleTrace>,
}

impl DecisionPlan {
    /// Compiles decision `d` of model `m`, or `None` when its logic is not of the compiled shape.
    pub(crate) fn compile(inner: &Arc<Inner>, m: usize, d: usize) -> Option<DecisionPlan> {
        let model = &inner.models[m];
        let decision = &model.decisions[d];
        let logic = decision.logic.as_ref()?;
        let BoxedKind::Table(table) = &logic.kind else {
            return None;
        };
        let table: &DecisionTable = table;
        if !matches!(
            table.hit_policy,
            HitPolicy::First | HitPolicy::Unique | HitPolicy::RuleOrder | HitPolicy::Collect
        ) || !decision.knows.is_empty()
        {
            return None;
        }
        let env = Env::default();
        let budget = unbounded_steps();
        let ev = Evaluator {
            set: inner,
            env: &env,
            tables: None,
            budget: &budget,
        };
        // Slots: the decision's required input data of its own model; nothing else may be in scope.
        let mut slots = Vec::new();
        for &(mm, e) in &decision.requires {
            match e {
                ElementRef::Input(i) if mm == m => {
                    let variable = &model.inputs[i].variable;
                    slots.push((variable.name.clone(), variable.ty.clone()));
                }
                _ => return None,
            }
        }
        let mut columns = Vec::with_capacity(table.inputs.len());
        let mut allowed = Vec::with_capacity(table.inputs.len());
        for input in &table.inputs {
            let Some(Expr::Name(name)) = &input.expression.ast else {
                return None;
            };
            columns.push(slots.iter().position(|(slot, _)| slot == name)?);
            allowed.push(match &input.input_values {
                None => None,
                Some(tests) => Some(reduce_to_constants(tests.ast.as_ref()?)?),
            });
        }
        let mut result_types = Vec::new();
        if logic.type_ref.is_some() {
            result_types.push(logic.ty.clone());
        }
        result_types.push(decision.variable.ty.clone());
        let constant_types = slots
            .iter()
            .map(|(_, ty)| ty)
            .chain(table.outputs.iter().map(|o| &o.ty))
            .chain(&result_types)
            .all(|ty| ev.has_only_constant_constraints(ty));
        if !constant_types {
            return None;
        }
        let finish = |value: Value| {
            result_types
                .iter()
                .fold(value, |value, ty| coerce_constant(ev, value, ty))
        };
        let assemble = |row: Vec<Value>| -> Value {
            if table.outputs.len() == 1 {
                return row.into_iter().next().unwrap_or(Value::Null);
            }
            let mut context = Context::new();
            for (output, value) in table.outputs.iter().zip(row) {
                context.insert(output.name.clone().unwrap_or_else(|| Arc::from("")), value);
            }
            context_value(context)
        };
        let mut rules = Vec::with_capacity(table.rules.len());
        for rule in &table.rules {
            let mut tests = Vec::new();
            for (column, entry) in rule.inputs.iter().enumerate() {
                if entry.is_any() {
                    continue;
                }
                let reduced = reduce_to_constants(entry.ast.as_ref()?)?;
                if !reduced.is_any() {
                    tests.push((column, reduced));
                }
            }
            let mut row = Vec::with_capacity(rule.outputs.len());
            for (entry, output) in rule.outputs.iter().zip(&table.outputs) {
                row.push(coerce_constant(
                    ev,
                    constant_value(entry.ast.as_ref()?)?,
                    &output.ty,
                ));
            }
            let row = assemble(row);
            rules.push(PlannedRule {
                position: u32::try_from(rules.len()).ok()?,
                tests,
                result: finish(row.clone()),
                row,
                trace: rule.trace.clone(),
            });
        }
        let no_match = if table.hit_policy == HitPolicy::Collect
            && table.aggregation == Some(Aggregation::Count)
        {
            Value::Number(Number::from_i64(0))
        } else if table.outputs.iter().all(|o| o.default.is_none()) {
            Value::Null
        } else {
            let mut row = Vec::new();
            for output in &table.outputs {
                let value = match &output.default {
                    Some(default) => constant_value(default.ast.as_ref()?)?,
                    None => Value::Null,
                };
                row.push(coerce_constant(ev, value, &output.ty));
            }
            assemble(row)
        };
        Some(DecisionPlan {
            inner: inner.clone(),
            model: Arc::from(model.name.as_str()),
            name: decision.variable.name.clone(),
            id: Arc::from(decision.id.as_str()),
            simple_kinds: slots.iter().map(|(_, ty)| SimpleKind::of(ty)).collect(),
            slots,
            columns,
            allowed,
            rules,
            policy: table.hit_policy,
            aggregation: table.aggregation,
            no_match: finish(no_match),
            table_id: table.id.clone(),
            policy_text: table.policy_text.clone(),
            result_types,
            single_output: table.outputs.len() == 1,
        })
    }

    /// The kind of value each input slot takes unchanged, in slot order (for compilers
    /// that feed the plan from typed columns).
    pub fn slot_kinds(&self) -> Vec<(Name, SlotKind)> {
        self.slots
            .iter()
            .zip(&self.simple_kinds)
            .map(|((name, _), kind)| {
                let kind = match kind {
                    Some(SimpleKind::Any) => SlotKind::Any,
                    Some(SimpleKind::Number) => SlotKind::Number,
                    Some(SimpleKind::String) => SlotKind::String,
                    Some(SimpleKind::Boolean) => SlotKind::Boolean,
                    None => SlotKind::Other,
                };
                (name.clone(), kind)
            })
            .collect()
    }

    /// For each table input column, the slot it reads.
    pub fn column_slots(&self) -> &[usize] {
        &self.columns
    }

    /// The allowed values of table input column `column`, if its input declares them.
    pub fn allowed_values(&self, column: usize) -> Option<&ConstantTests> {
        self.allowed.get(column).and_then(Option::as_ref)
    }

    /// The number of rules.
    pub fn rule_count(&self) -> usize {
        self.rules.len()
    }

    /// Rule `rule`'s tests as `(column, test)`, for every entry that is not `-`.
    pub fn rule_tests(&self, rule: usize) -> &[(usize, ConstantTests)] {
        &self.rules[rule].tests
    }

    /// How the table picks its result from the matching rules.
    pub fn selection(&self) -> Selection {
        match self.policy {
            HitPolicy::First => Selection::First,
            HitPolicy::Unique => Selection::Unique,
            _ => Selection::Many,
        }
    }

    /// The input names, in the order [`DecisionPlan::evaluate`] takes their values.
    pub fn input_names(&self) -> Vec<Name> {
        self.slots.iter().map(|(name, _)| name.clone()).collect()
    }

    /// Evaluates the decision from input values in slot order (missing slots are `null`).
    pub fn evaluate(&self, inputs: &[Value]) -> Value {
        self.run(inputs, None)
    }

    /// Evaluates and returns the trace too; the result is the same as without it. The
    /// trace is recorded as rule positions and input values, without allocating on the
    /// common path; [`CompiledTrace::to_trace`] expands it into a [`Trace`].
    pub fn evaluate_traced(&self, inputs: &[Value]) -> (Value, CompiledTrace<'_>) {
        let mut hits = Hits::default();
        let result = self.run(inputs, Some(&mut hits));
        let trace = CompiledTrace {
            plan: self,
            inputs: self
                .slots
                .iter()
                .enumerate()
                .map(|(slot, (_, ty))| self.slot_value(inputs, slot, ty))
                .collect(),
            matched: hits.matched,
            selected: hits.selected,
            result: result.clone(),
        };
        (result, trace)
    }

    fn evaluator<'a>(&'a self, env: &'a Env, budget: &'a Budget) -> Evaluator<'a> {
        Evaluator {
            set: &self.inner,
            env,
            tables: None,
            budget,
        }
    }

    /// An input value after the input data's type check, as the interpreter sees it.
    fn slot_value(&self, inputs: &[Value], slot: usize, ty: &Ty) -> Value {
        let value = inputs.get(slot).cloned().unwrap_or(Value::Null);
        let unchanged = self
            .simple_kinds
            .get(slot)
            .copied()
            .flatten()
            .is_some_and(|kind| kind.accepts(&value));
        if unchanged {
            value
        } else {
            let budget = unbounded_steps();
            coerce_constant(self.evaluator(&Env::default(), &budget), value, ty)
        }
    }

    fn run(&self, inputs: &[Value], trace: Option<&mut Hits>) -> Value {
        // Usually every input already has its declared simple type: read the caller's
        // values in place. Otherwise type-check a copy, as the interpreter does.
        let in_place = inputs.len() >= self.slots.len()
            && self
                .simple_kinds
                .iter()
                .zip(inputs)
                .all(|(kind, value)| kind.is_some_and(|k| k.accepts(value)));
        if in_place {
            self.run_checked(inputs, trace)
        } else {
            let checked: Vec<Value> = self
                .slots
                .iter()
                .enumerate()
                .map(|(slot, (_, ty))| self.slot_value(inputs, slot, ty))
                .collect();
            self.run_checked(&checked, trace)
        }
    }

    /// Evaluates over type-checked input values.
    fn run_checked(&self, checked: &[Value], mut trace: Option<&mut Hits>) -> Value {
        for (column, allowed) in self.allowed.iter().enumerate() {
            let value = &checked[self.columns[column]];
            if let Some(allowed) = allowed
                && !value.is_null()
                && !allowed.matches(value)
            {
                return Value::Null;
            }
        }
        // Each column's number is decoded once per evaluation, not once per comparison.
        let mut decoded = [None; MAX_DECODED_COLUMNS];
        for (column, slot) in self.columns.iter().enumerate().take(MAX_DECODED_COLUMNS) {
            if let Value::Number(n) = &checked[*slot] {
                decoded[column] = n.scaled();
            }
        }
        let matches = |rule: &PlannedRule| {
            rule.tests.iter().all(|(column, test)| {
                let value = &checked[self.columns[*column]];
                match decoded.get(*column) {
                    Some(d) => test.matches_decoded(value, *d),
                    None => test.matches(value),
                }
            })
        };
        let mut record = |matched: &[&PlannedRule], selected: &[&PlannedRule]| {
            if let Some(hits) = trace.as_deref_mut() {
                hits.matched = matched.iter().map(|r| r.position).collect();
                hits.selected = selected.iter().map(|r| r.position).collect();
            }
        };
        match self.policy {
            HitPolicy::First => match self.rules.iter().find(|rule| matches(rule)) {
                Some(rule) => {
                    record(&[rule], &[rule]);
                    rule.result.clone()
                }
                None => {
                    record(&[], &[]);
                    self.no_match.clone()
                }
            },
            _ => {
                let matched: Vec<&PlannedRule> = self.rules.iter().filter(|r| matches(r)).collect();
                if matched.is_empty() {
                    record(&[], &[]);
                    return self.no_match.clone();
                }
                match self.policy {
                    HitPolicy::Unique if matched.len() == 1 => {
                        record(&matched, &matched);
                        matched[0].result.clone()
                    }
                    HitPolicy::Unique => {
                        record(&matched, &[]);
                        self.finish(Value::Null)
                    }
                    _ => {
                        record(&matched, &matched);
                        let rows: Vec<Value> = matched.iter().map(|r| r.row.clone()).collect();
                        match self.aggregation {
                            None => self.finish(Value::list(rows)),
                            Some(agg) if self.single_output => self.finish(aggregate(agg, &rows)),
                            Some(_) => self.finish(Value::Null),
                        }
                    }
                }
            }
        }
    }

    fn finish(&self, value: Value) -> Value {
        let env = Env::default();
        let budget = unbounded_steps();
        let ev = self.evaluator(&env, &budget);
        self.result_types
            .iter()
            .fold(value, |value, ty| coerce_constant(ev, value, ty))
    }
}

/// A budget without a step limit, for type checks against constant constraints only.
fn unbounded_steps() -> Budget {
    Budget::new(Limits {
        steps: u64::MAX,
        ..Limits::DEFAULT
    })
}

/// `value` checked against `ty`, whose constraints are all constants (the plan checked
/// when it was made): the check cannot run out of steps, and values passed in or built
/// from constants are within the other limits, so its error does not arise and would give
/// `null` as a failed check does.
fn coerce_constant(ev: Evaluator, value: Value, ty: &Ty) -> Value {
    ev.coerce(value, ty).unwrap_or(Value::Null)
}
