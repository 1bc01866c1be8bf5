//! Names that nothing defines. An expression that reads a name no input data, decision,
//! business knowledge model, decision service, context entry, parameter, iteration
//! variable or built-in function defines would evaluate it to `null` without a word; this
//! walk finds them when the model is loaded, element by element, with the names in scope
//! where each expression is evaluated.

use crate::error::UndeclaredNames;
use crate::model::*;
use sheshim_feel::{Name, builtins, excerpt, free_names, free_names_in_tests};

/// The names each element reads that nothing defines: per model, per decision (for binding
/// them from inputs), and every element that has any, with its model (for the error).
pub(crate) struct Findings {
    pub per_decision: Vec<Vec<Vec<Name>>>,
    pub elements: Vec<(usize, UndeclaredNames)>,
}

/// Walks every decision, business knowledge model and item definition of `models`.
pub(crate) fn find(models: &[Model]) -> Findings {
    let mut findings = Findings {
        per_decision: Vec::with_capacity(models.len()),
        elements: Vec::new(),
    };
    for (m, model) in models.iter().enumerate() {
        let mut decisions = Vec::with_capacity(model.decisions.len());
        for decision in &model.decisions {
            let mut scope: Vec<Name> = Vec::new();
            for &(mm, e) in decision.requires.iter().chain(&decision.knows) {
                requirement_names(models, m, mm, e, &mut scope);
            }
            let mut walk = Walk::new(scope);
            if let Some(logic) = &decision.logic {
                walk.boxed(logic);
            }
            findings.add(
                m,
                "decision",
                &decision.variable.name,
                &decision.id,
                &walk.out,
            );
            decisions.push(walk.out);
        }
        findings.per_decision.push(decisions);
        for bkm in &model.bkms {
            let mut scope = vec![bkm.variable.name.clone()];
            for &(mm, e) in &bkm.knows {
                requirement_names(models, m, mm, e, &mut scope);
            }
            let mut walk = Walk::new(scope);
            if let Some(logic) = &bkm.logic {
                walk.function(logic);
            }
            findings.add(
                m,
                "business knowledge model",
                &bkm.variable.name,
                &bkm.id,
                &walk.out,
            );
        }
        for def in &model.item_defs {
            let mut walk = Walk::new(Vec::new());
            walk.item_def(def);
            let id = def.id.as_deref().unwrap_or_default();
            findings.add(m, "item definition", &def.name, id, &walk.out);
        }
    }
    findings
}

impl Findings {
    fn add(&mut self, model: usize, kind: &'static str, name: &str, id: &str, names: &[Name]) {
        if names.is_empty() {
            return;
        }
        self.elements.push((
            model,
            UndeclaredNames {
                kind,
                name: excerpt(name),
                element_id: excerpt(id),
                names: names.iter().map(|n| excerpt(n)).collect(),
            },
        ));
    }
}

/// The names under which a requirement is in scope: its own name in the same model, and
/// `prefix.name` and `prefix` when it comes from an imported model.
fn requirement_names(models: &[Model], m: usize, mm: usize, e: ElementRef, scope: &mut Vec<Name>) {
    let name = models[mm].element_name(e);
    match models[m].prefix_for(mm).filter(|_| mm != m) {
        Some(prefix) => {
            scope.push(Name::from(format!("{prefix}.{name}")));
            scope.push(prefix.clone());
        }
        None => scope.push(name.clone()),
    }
}

/// A walk through boxed expressions with the names in scope.
struct Walk {
    scope: Vec<Name>,
    out: Vec<Name>,
}

impl Walk {
    fn new(scope: Vec<Name>) -> Walk {
        Walk {
            scope,
            out: Vec::new(),
        }
    }

    fn note(&mut self, names: Vec<Name>) {
        for name in names {
            let defined = self.scope.contains(&name)
                || builtins::names().contains(&&*name)
                || self.out.contains(&name);
            if !defined {
                self.out.push(name);
            }
        }
    }

    fn expr(&mut self, e: &FeelExpr) {
        if let Some(ast) = &e.ast {
            self.note(free_names(ast));
        }
    }

    fn tests(&mut self, t: &FeelTests) {
        if let Some(ast) = &t.ast {
            self.note(free_names_in_tests(ast));
        }
    }

    /// Walks `f` with `names` in scope too.
    fn with(&mut self, names: impl IntoIterator<Item = Name>, f: impl FnOnce(&mut Walk)) {
        let mark = self.scope.len();
        self.scope.extend(names);
        f(self);
        self.scope.truncate(mark);
    }

    fn item_def(&mut self, def: &ItemDef) {
        for tests in [&def.allowed_values, &def.type_constraint]
            .into_iter()
            .flatten()
        {
            self.tests(tests);
        }
        for component in &def.components {
            self.item_def(component);
        }
    }

    fn function(&mut self, f: &FunctionDef) {
        if f.kind != FunctionKind::Feel {
            return;
        }
        let params: Vec<Name> = f.parameters.iter().map(|p| p.name.clone()).collect();
        self.with(params, |w| {
            if let Some(body) = &f.body {
                w.boxed(body);
            }
        });
    }

    fn boxed(&mut self, b: &Boxed) {
        match &b.kind {
            BoxedKind::Literal(e) => self.expr(e),
            BoxedKind::Table(t) => self.table(t),
            BoxedKind::Context(entries) => {
                // Entries see one another (functions may call those defined later).
                let names: Vec<Name> = entries
                    .iter()
                    .filter_map(|e| e.variable.as_ref().map(|v| v.name.clone()))
                    .collect();
                self.with(names, |w| entries.iter().for_each(|e| w.boxed(&e.value)));
            }
            BoxedKind::List(items) => items.iter().for_each(|i| self.boxed(i)),
            BoxedKind::Relation { rows, .. } => rows.iter().flatten().for_each(|c| self.boxed(c)),
            BoxedKind::Invocation { callee, bindings } => {
                self.expr(callee);
                for binding in bindings {
                    if let Some(value) = &binding.value {
                        self.boxed(value);
                    }
                }
            }
            BoxedKind::Function(f) => self.function(f),
            BoxedKind::Conditional {
                condition,
                then,
                otherwise,
            } => {
                self.boxed(condition);
                self.boxed(then);
                self.boxed(otherwise);
            }
            // The condition sees the item's entries, known only with the list.
            BoxedKind::Filter { source, .. } => self.boxed(source),
            BoxedKind::For {
                variable,
                source,
                body,
            } => {
                self.boxed(source);
                let names = [variable.clone(), Name::from("partial")];
                self.with(names, |w| w.boxed(body));
            }
            BoxedKind::Quantified {
                variable,
                source,
                condition,
                ..
            } => {
                self.boxed(source);
                self.with([variable.clone()], |w| w.boxed(condition));
            }
            BoxedKind::Unsupported => {}
        }
    }

    fn table(&mut self, t: &DecisionTable) {
        for input in &t.inputs {
            self.expr(&input.expression);
            if let Some(values) = &input.input_values {
                self.tests(values);
            }
        }
        for output in &t.outputs {
            output.output_values.iter().for_each(|v| self.tests(v));
            if let Some(default) = &output.default {
                self.expr(default);
            }
        }
        for rule in &t.rules {
            rule.inputs.iter().for_each(|e| self.tests(e));
            rule.outputs.iter().for_each(|e| self.expr(e));
        }
    }
}
