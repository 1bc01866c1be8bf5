//! One evaluation of decisions: inputs looked up (also through imports), each decision
//! evaluated once with the values of its requirements, and the trace recorded.

use super::invocation::element_function;
use super::{Eval, Evaluator, Inner, context_value};
use crate::model::*;
use crate::trace::{DecisionTrace, TableTrace};
use sheshim_feel::{Budget, Context, Env, Name, Scope, Value};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Adds a requirement's value to a scope frame: by its name if it is in the same model,
/// and under the import prefix (`prefix.Name` and `prefix` → context) if imported.
pub(super) fn add_requirement(
    models: &[Model],
    frame: &mut Context,
    imported: &mut Vec<(Name, Context)>,
    m: usize,
    mm: usize,
    e: ElementRef,
    v: Value,
) {
    let name = models[mm].element_name(e).clone();
    if mm == m {
        frame.insert(name, v);
        return;
    }
    match models[m].prefix_for(mm) {
        Some(prefix) => {
            frame.insert(Arc::from(format!("{prefix}.{name}")), v.clone());
            match imported.iter_mut().find(|(p, _)| p == prefix) {
                Some((_, c)) => c.insert(name, v),
                None => {
                    let mut c = Context::new();
                    c.insert(name, v);
                    imported.push((prefix.clone(), c));
                }
            }
        }
        None => frame.insert(name, v),
    }
}

pub(super) fn finish_frame(mut frame: Context, imported: Vec<(Name, Context)>) -> Context {
    for (p, c) in imported {
        frame.insert(p, context_value(c));
    }
    frame
}

/// One evaluation of decisions: the inputs, decision values given in advance, and the
/// decisions already evaluated.
pub(crate) struct Run<'a> {
    set: &'a Arc<Inner>,
    env: &'a Env,
    root: usize,
    inputs: &'a Context,
    overrides: HashMap<(usize, usize), Value>,
    /// Whether a required decision's value may be taken from `inputs` by its name.
    decisions_from_inputs: bool,
    top: RefCell<Option<(usize, usize)>>,
    cache: RefCell<HashMap<(usize, usize), Value>>,
    active: RefCell<HashSet<(usize, usize)>>,
    /// Present when a trace is recorded: decisions finished, and table hits not yet
    /// attributed to a decision.
    trace: Option<RunTrace>,
    budget: &'a Budget,
    /// The innermost decision being evaluated when the budget ran out.
    failed: RefCell<Option<(usize, usize)>>,
}

/// The trace a run records.
#[derive(Default)]
pub(crate) struct RunTrace {
    pub decisions: RefCell<Vec<DecisionTrace>>,
    pub tables: RefCell<Vec<TableTrace>>,
}

impl<'a> Run<'a> {
    pub fn new(
        set: &'a Arc<Inner>,
        env: &'a Env,
        root: usize,
        inputs: &'a Context,
        overrides: HashMap<(usize, usize), Value>,
        decisions_from_inputs: bool,
        budget: &'a Budget,
    ) -> Run<'a> {
        Run {
            set,
            env,
            root,
            inputs,
            overrides,
            decisions_from_inputs,
            top: RefCell::new(None),
            cache: RefCell::new(HashMap::new()),
            active: RefCell::new(HashSet::new()),
            trace: None,
            budget,
            failed: RefCell::new(None),
        }
    }

    /// The innermost decision being evaluated when the budget ran out, if it did.
    pub fn failed_decision(&self) -> Option<(usize, usize)> {
        *self.failed.borrow()
    }

    /// Records a trace of everything this run evaluates.
    pub fn traced(mut self) -> Run<'a> {
        self.trace = Some(RunTrace::default());
        self
    }

    /// The decisions the run traced, in the order they finished.
    pub fn into_trace(self) -> Vec<DecisionTrace> {
        self.trace
            .map(|t| t.decisions.into_inner())
            .unwrap_or_default()
    }

    fn ev(&self) -> Evaluator<'_> {
        Evaluator {
            set: self.set,
            env: self.env,
            tables: self.trace.as_ref().map(|t| &t.tables),
            budget: self.budget,
        }
    }

    /// The import path (prefixes) from the root model to model `m`, if any.
    fn import_path(&self, m: usize) -> Option<Vec<Name>> {
        let models = &self.set.models;
        let mut queue = vec![(self.root, Vec::<Name>::new())];
        let mut seen = HashSet::new();
        while !queue.is_empty() {
            let (at, path) = queue.remove(0);
            if at == m {
                return Some(path);
            }
            if !seen.insert(at) {
                continue;
            }
            for i in &models[at].imports {
                if let Some(t) = i.model {
                    let mut p = path.clone();
                    p.push(i.name.clone());
                    queue.push((t, p));
                }
            }
        }
        None
    }

    fn raw_input(&self, m: usize, name: &str) -> Option<Value> {
        if m == self.root {
            return self.inputs.get(name).cloned();
        }
        let model = &self.set.models[m];
        if let Some(Value::Context(c)) = self.inputs.get(&model.namespace)
            && let Some(v) = c.get(name)
        {
            return Some(v.clone());
        }
        if let Some(path) = self.import_path(m) {
            let mut at: Option<Value> = None;
            for (k, p) in path.iter().enumerate() {
                let next = if k == 0 {
                    self.inputs.get(p).cloned()
                } else {
                    match &at {
                        Some(Value::Context(c)) => c.get(p).cloned(),
                        _ => None,
                    }
                };
                at = next;
            }
            if let Some(Value::Context(c)) = &at
                && let Some(v) = c.get(name)
            {
                return Some(v.clone());
            }
        }
        self.inputs.get(name).cloned()
    }

    fn input(&self, m: usize, i: usize) -> Eval {
        let input = &self.set.models[m].inputs[i];
        let v = self
            .raw_input(m, &input.variable.name)
            .unwrap_or(Value::Null);
        self.ev().coerce(v, &input.variable.ty)
    }

    /// Whether the value of decision `(m, d)` comes from outside rather than from its
    /// logic: given in advance, or (below the top decision) given among the inputs.
    fn given(&self, m: usize, d: usize) -> bool {
        self.overrides.contains_key(&(m, d))
            || (self.decisions_from_inputs
                && m == self.root
                && *self.top.borrow() != Some((m, d))
                && self
                    .inputs
                    .get(&self.set.models[m].decisions[d].variable.name)
                    .is_some())
    }

    /// Evaluates a decision and what it requires. The decisions it requires are evaluated
    /// first, depth first in the order of its requirements, by a loop rather than by
    /// recursion: a chain of thousands of decisions needs no more stack than one. Each is
    /// evaluated with the decisions above it in the walk marked as being evaluated, as the
    /// recursion would have them, so a requirement cycle gives the same `null`s.
    pub fn evaluate(&self, m: usize, d: usize) -> Eval {
        {
            let mut top = self.top.borrow_mut();
            if top.is_none() {
                *top = Some((m, d));
            }
        }
        let models = &self.set.models;
        let done = |node: (usize, usize)| {
            self.given(node.0, node.1) || self.cache.borrow().contains_key(&node)
        };
        if done((m, d)) {
            return self.decision(m, d);
        }
        // (decision, next requirement to look at); the decisions on the stack are "active".
        let mut stack: Vec<((usize, usize), usize)> = vec![((m, d), 0)];
        self.active.borrow_mut().insert((m, d));
        while let Some((node, next)) = stack.last_mut() {
            let requires = &models[node.0].decisions[node.1].requires;
            if let Some(&(mm, e)) = requires.get(*next) {
                *next += 1;
                if let ElementRef::Decision(dd) = e
                    && !done((mm, dd))
                    && !self.active.borrow().contains(&(mm, dd))
                {
                    self.active.borrow_mut().insert((mm, dd));
                    stack.push(((mm, dd), 0));
                }
                continue;
            }
            let node = *node;
            stack.pop();
            self.active.borrow_mut().remove(&node);
            if node != (m, d) {
                self.decision(node.0, node.1)?;
            }
        }
        self.decision(m, d)
    }

    /// Evaluates a decision (and what it requires), once per run; the budget running out
    /// records the innermost decision it happened in.
    fn decision(&self, m: usize, d: usize) -> Eval {
        self.decision_value(m, d).inspect_err(|_| {
            let mut failed = self.failed.borrow_mut();
            if failed.is_none() {
                *failed = Some((m, d));
            }
        })
    }

    fn decision_value(&self, m: usize, d: usize) -> Eval {
        if let Some(v) = self.overrides.get(&(m, d)) {
            return Ok(v.clone());
        }
        if let Some(v) = self.cache.borrow().get(&(m, d)) {
            return Ok(v.clone());
        }
        self.budget.check_stack()?;
        let decision = &self.set.models[m].decisions[d];
        {
            let mut top = self.top.borrow_mut();
            if top.is_none() {
                *top = Some((m, d));
            } else if self.decisions_from_inputs
                && m == self.root
                && let Some(v) = self.inputs.get(&decision.variable.name)
            {
                return self.ev().coerce(v.clone(), &decision.variable.ty);
            }
        }
        if !self.active.borrow_mut().insert((m, d)) {
            return Ok(Value::Null); // a requirement cycle
        }
        let value = self.decision_logic(m, d);
        self.active.borrow_mut().remove(&(m, d));
        let value = value?;
        self.cache.borrow_mut().insert((m, d), value.clone());
        Ok(value)
    }

    /// The value of a decision's logic, with its requirements in scope, traced if asked.
    fn decision_logic(&self, m: usize, d: usize) -> Eval {
        let models = &self.set.models;
        let decision = &models[m].decisions[d];
        let mut frame = Context::new();
        let mut imported = Vec::new();
        for &(mm, e) in &decision.requires {
            let v = match e {
                ElementRef::Input(i) => self.input(mm, i)?,
                ElementRef::Decision(dd) => self.decision(mm, dd)?,
                _ => Value::Null,
            };
            add_requirement(models, &mut frame, &mut imported, m, mm, e, v);
        }
        for &(mm, e) in &decision.knows {
            let f = element_function(self.set, self.env, mm, e);
            add_requirement(models, &mut frame, &mut imported, m, mm, e, f);
        }
        // Names the model reads without declaring them, when it was loaded to take them
        // from the inputs (models written for Camunda 7).
        for name in &self.set.bound_from_inputs[m][d] {
            let value = self.raw_input(m, name).unwrap_or(Value::Null);
            frame.insert(name.clone(), value);
        }
        let used_inputs: Vec<(Name, Value)> = match &self.trace {
            Some(_) => {
                let mut used = Vec::new();
                for &(mm, e) in &decision.requires {
                    if let ElementRef::Input(i) = e {
                        let name = models[mm].inputs[i].variable.name.clone();
                        used.push((name, self.input(mm, i)?));
                    }
                }
                used
            }
            None => Vec::new(),
        };
        let frame = finish_frame(frame, imported);
        // Tables recorded from here on belong to this decision's own logic: the decisions it
        // requires have all finished above.
        let tables_before = self.trace.as_ref().map_or(0, |t| t.tables.borrow().len());
        let value = match &decision.logic {
            Some(logic) => self.ev().boxed(logic, &Scope::new().push(frame))?,
            None => Value::Null,
        };
        let value = self.ev().coerce(value, &decision.variable.ty)?;
        if let Some(trace) = &self.trace {
            let tables = trace.tables.borrow_mut().split_off(tables_before);
            trace.decisions.borrow_mut().push(DecisionTrace {
                model: Arc::from(models[m].name.as_str()),
                name: decision.variable.name.clone(),
                id: Arc::from(decision.id.as_str()),
                inputs: used_inputs,
                tables,
                result: value.clone(),
            });
        }
        Ok(value)
    }
}
