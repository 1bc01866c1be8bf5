//! One evaluation of decisions: inputs looked up (also through imports), each decision
//! evaluated once with the values of its requirements, and the trace recorded.

use super::Evaluator;
use super::Inner;
use super::context_value;
use super::invocation::element_function;
use crate::model::*;
use crate::trace::{DecisionTrace, TableTrace};
use sheshim_feel::{Context, Env, Name, Scope, Value};
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
        }
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

    fn input(&self, m: usize, i: usize) -> Value {
        let input = &self.set.models[m].inputs[i];
        let v = self
            .raw_input(m, &input.variable.name)
            .unwrap_or(Value::Null);
        self.ev().coerce(v, &input.variable.ty)
    }

    /// Evaluates a decision (and what it requires), once per run.
    pub fn decision(&self, m: usize, d: usize) -> Value {
        if let Some(v) = self.overrides.get(&(m, d)) {
            return v.clone();
        }
        if let Some(v) = self.cache.borrow().get(&(m, d)) {
            return v.clone();
        }
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
            return Value::Null; // a requirement cycle
        }
        let models = &self.set.models;
        let mut frame = Context::new();
        let mut imported = Vec::new();
        for &(mm, e) in &decision.requires {
            let v = match e {
                ElementRef::Input(i) => self.input(mm, i),
                ElementRef::Decision(dd) => self.decision(mm, dd),
                _ => Value::Null,
            };
            add_requirement(models, &mut frame, &mut imported, m, mm, e, v);
        }
        for &(mm, e) in &decision.knows {
            let f = element_function(self.set, self.env, mm, e);
            add_requirement(models, &mut frame, &mut imported, m, mm, e, f);
        }
        let used_inputs: Vec<(Name, Value)> = match &self.trace {
            Some(_) => decision
                .requires
                .iter()
                .filter_map(|&(mm, e)| match e {
                    ElementRef::Input(i) => {
                        let name = models[mm].inputs[i].variable.name.clone();
                        Some((name, self.input(mm, i)))
                    }
                    _ => None,
                })
                .collect(),
            None => Vec::new(),
        };
        let frame = finish_frame(frame, imported);
        // Tables recorded from here on belong to this decision's own logic: the decisions it
        // requires have all finished above.
        let tables_before = self.trace.as_ref().map_or(0, |t| t.tables.borrow().len());
        let value = match &decision.logic {
            Some(logic) => self.ev().boxed(logic, &Scope::new().push(frame)),
            None => Value::Null,
        };
        let value = self.ev().coerce(value, &decision.variable.ty);
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
        self.active.borrow_mut().remove(&(m, d));
        self.cache.borrow_mut().insert((m, d), value.clone());
        value
    }
}
