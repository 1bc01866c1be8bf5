//! Linking a set of models once they are all read: imports and `href`s resolved, type
//! references resolved to item definitions or FEEL types, and every piece of FEEL text
//! parsed with the names in its scope.

use crate::DmnError;
use crate::model::*;
use sheshim_feel::{NameSet, Type, ast, excerpt, parse_expression, parse_type, parse_unary_tests};
use std::sync::Arc;

/// Resolves imports and references, and parses FEEL. Problems that make a model unusable
/// (dangling references, duplicate namespaces) are returned as `Err`; FEEL syntax errors are
/// collected in `problems` and the broken expression evaluates to `null`.
pub(crate) fn link(models: &mut [Model], problems: &mut Vec<DmnError>) -> Result<(), DmnError> {
    // Imports.
    for m in 0..models.len() {
        for i in 0..models[m].imports.len() {
            let ns = models[m].imports[i].namespace.clone();
            match models.iter().position(|x| x.namespace == ns) {
                Some(target) => models[m].imports[i].model = Some(target),
                None => {
                    return Err(DmnError::Model {
                        file: models[m].file.clone(),
                        element_id: None,
                        line: Some(models[m].imports[i].line),
                        message: format!(
                            "imported model {} is not among the loaded files",
                            excerpt(&ns)
                        ),
                    });
                }
            }
        }
    }
    // Requirements.
    for m in 0..models.len() {
        for d in 0..models[m].decisions.len() {
            let requires = resolve_all(models, m, &models[m].decisions[d].information)?;
            let knows = resolve_all(models, m, &models[m].decisions[d].knowledge)?;
            models[m].decisions[d].requires = requires;
            models[m].decisions[d].knows = knows;
        }
        for b in 0..models[m].bkms.len() {
            let knows = resolve_all(models, m, &models[m].bkms[b].knowledge)?;
            models[m].bkms[b].knows = knows;
        }
        for s in 0..models[m].services.len() {
            let svc = &models[m].services[s];
            let outputs = decisions_of(models, m, &svc.output_hrefs)?;
            let input_decisions = decisions_of(models, m, &svc.input_decision_hrefs)?;
            let mut input_data = Vec::new();
            for h in &svc.input_data_hrefs {
                match resolve(models, m, h)? {
                    (mm, ElementRef::Input(i)) => input_data.push((mm, i)),
                    _ => return Err(href_error(models, m, h, "is not an input data")),
                }
            }
            let svc = &mut models[m].services[s];
            svc.outputs = outputs;
            svc.input_decisions = input_decisions;
            svc.input_data = input_data;
        }
    }
    // Types.
    let types = TypeResolver { models: &*models };
    let mut resolved = Vec::new();
    for (m, model) in models.iter().enumerate() {
        let mut item_defs = model.item_defs.clone();
        for def in &mut item_defs {
            types.item_def(m, def);
        }
        let mut inputs = model.inputs.clone();
        for i in &mut inputs {
            types.variable(m, &mut i.variable);
        }
        let mut decisions_vars: Vec<Variable> =
            model.decisions.iter().map(|d| d.variable.clone()).collect();
        for v in &mut decisions_vars {
            types.variable(m, v);
        }
        let mut bkm_vars: Vec<Variable> = model.bkms.iter().map(|d| d.variable.clone()).collect();
        for v in &mut bkm_vars {
            types.variable(m, v);
        }
        let mut svc_vars: Vec<Variable> =
            model.services.iter().map(|d| d.variable.clone()).collect();
        for v in &mut svc_vars {
            types.variable(m, v);
        }
        resolved.push((item_defs, inputs, decisions_vars, bkm_vars, svc_vars));
    }
    for (m, (item_defs, inputs, dvars, bvars, svars)) in resolved.into_iter().enumerate() {
        let model = &mut models[m];
        model.item_defs = item_defs;
        model.inputs = inputs;
        for (d, v) in model.decisions.iter_mut().zip(dvars) {
            d.variable = v;
        }
        for (d, v) in model.bkms.iter_mut().zip(bvars) {
            d.variable = v;
        }
        for (d, v) in model.services.iter_mut().zip(svars) {
            d.variable = v;
        }
    }
    // Expressions: names in scope, types, FEEL parsed.
    for m in 0..models.len() {
        let base = Arc::new(model_names(models, m));
        let mut decisions = std::mem::take(&mut models[m].decisions);
        let mut bkms = std::mem::take(&mut models[m].bkms);
        let mut item_defs = models[m].item_defs.clone();
        {
            let mut c = Compiler {
                types: TypeResolver { models: &*models },
                model: m,
                problems: &mut *problems,
            };
            c.item_defs(&mut item_defs, &base);
            for d in &mut decisions {
                if let Some(logic) = &mut d.logic {
                    c.boxed(logic, &base);
                }
            }
            for b in &mut bkms {
                if let Some(f) = &mut b.logic
                    && let Some(f) = Arc::get_mut(f)
                {
                    c.function(f, &base);
                }
            }
        }
        models[m].decisions = decisions;
        models[m].bkms = bkms;
        models[m].item_defs = item_defs;
    }
    Ok(())
}

fn href_error(models: &[Model], m: usize, h: &Href, what: &str) -> DmnError {
    DmnError::Model {
        file: models[m].file.clone(),
        element_id: h.owner.clone(),
        line: Some(h.line),
        message: format!(
            "reference {}#{} {what}",
            excerpt(h.namespace.as_deref().unwrap_or("")),
            excerpt(&h.id)
        ),
    }
}

fn resolve(models: &[Model], m: usize, h: &Href) -> Result<(usize, ElementRef), DmnError> {
    let target = match &h.namespace {
        None => m,
        Some(ns) if *ns == models[m].namespace => m,
        Some(ns) => models
            .iter()
            .position(|x| x.namespace == *ns)
            .ok_or_else(|| href_error(models, m, h, "names a model that is not loaded"))?,
    };
    match models[target].ids.get(&h.id) {
        Some(e) => Ok((target, *e)),
        None => Err(href_error(models, m, h, "names no element")),
    }
}

fn resolve_all(
    models: &[Model],
    m: usize,
    hrefs: &[Href],
) -> Result<Vec<(usize, ElementRef)>, DmnError> {
    hrefs.iter().map(|h| resolve(models, m, h)).collect()
}

fn decisions_of(
    models: &[Model],
    m: usize,
    hrefs: &[Href],
) -> Result<Vec<(usize, usize)>, DmnError> {
    let mut out = Vec::new();
    for h in hrefs {
        match resolve(models, m, h)? {
            (mm, ElementRef::Decision(d)) => out.push((mm, d)),
            _ => return Err(href_error(models, m, h, "is not a decision")),
        }
    }
    Ok(out)
}

/// The FEEL type for a built-in type name, if it is one.
pub(crate) fn builtin_type(name: &str) -> Option<Option<Type>> {
    Some(Some(match name {
        "Any" | "any" => return Some(None),
        "number" | "integer" | "decimal" | "double" | "int" | "long" => Type::Number,
        "string" => Type::String,
        "boolean" => Type::Boolean,
        "date" => Type::Date,
        "time" => Type::Time,
        "dateTime" | "date and time" => Type::DateTime,
        "dayTimeDuration" | "days and time duration" | "duration" => Type::DaysTime,
        "yearMonthDuration" | "years and months duration" => Type::YearsMonths,
        "context" => Type::Context(Vec::new()),
        "list" => Type::List(Box::new(Type::Any)),
        "Null" => Type::Null,
        _ => return None,
    }))
}

struct TypeResolver<'a> {
    models: &'a [Model],
}

impl TypeResolver<'_> {
    fn resolve(&self, m: usize, type_ref: Option<&str>) -> Ty {
        let Some(t) = type_ref else { return Ty::Any };
        let model = &self.models[m];
        if let Some(i) = model.item_defs.iter().position(|d| &*d.name == t) {
            return Ty::Item(m, i);
        }
        if let Some(b) = builtin_type(t) {
            return b.map_or(Ty::Any, Ty::Feel);
        }
        if let Some((prefix, rest)) = t.split_once('.')
            && let Some(target) = model
                .imports
                .iter()
                .find(|i| &*i.name == prefix)
                .and_then(|i| i.model)
            && let Some(i) = self.models[target]
                .item_defs
                .iter()
                .position(|d| &*d.name == rest.trim())
        {
            return Ty::Item(target, i);
        }
        // An item definition of an imported model referred to without its prefix
        // (older exporters do this).
        for i in &model.imports {
            if let Some(target) = i.model
                && let Some(d) = self.models[target]
                    .item_defs
                    .iter()
                    .position(|d| &*d.name == t)
            {
                return Ty::Item(target, d);
            }
        }
        match parse_type(t) {
            Ok(Type::Any) => Ty::Any,
            Ok(ty) => Ty::Feel(ty),
            Err(_) => Ty::Any,
        }
    }

    fn variable(&self, m: usize, v: &mut Variable) {
        v.ty = self.resolve(m, v.type_ref.as_deref());
    }

    fn item_def(&self, m: usize, def: &mut ItemDef) {
        def.base = self.resolve(m, def.type_ref.as_deref());
        for c in &mut def.components {
            self.item_def(m, c);
        }
        if let Some(f) = &mut def.function {
            for p in &mut f.parameters {
                self.variable(m, p);
            }
            f.output = self.resolve(m, f.output_type_ref.as_deref());
        }
    }
}

/// The names every expression of model `m` may refer to: its DRG elements, its imports and
/// the names in them, and the components of item definitions (for paths).
fn model_names(models: &[Model], m: usize) -> NameSet {
    let model = &models[m];
    let mut names = NameSet::new();
    add_drg_names(model, &mut names, None);
    add_component_names(&model.item_defs, &mut names);
    for i in &model.imports {
        names.insert(&i.name);
        if let Some(t) = i.model {
            add_drg_names(&models[t], &mut names, Some(&i.name));
            add_component_names(&models[t].item_defs, &mut names);
            // Names of the models the imported model imports (nested imports `a.b.c`).
            for j in &models[t].imports {
                names.insert(&j.name);
            }
        }
    }
    names
}

fn add_drg_names(model: &Model, names: &mut NameSet, prefix: Option<&str>) {
    let all = model
        .inputs
        .iter()
        .map(|x| &x.variable.name)
        .chain(model.decisions.iter().map(|x| &x.variable.name))
        .chain(model.bkms.iter().map(|x| &x.variable.name))
        .chain(model.services.iter().map(|x| &x.variable.name));
    for n in all {
        names.insert(n);
        if let Some(p) = prefix {
            names.insert(&format!("{p}.{n}"));
        }
    }
}

fn add_component_names(defs: &[ItemDef], names: &mut NameSet) {
    for d in defs {
        for c in &d.components {
            names.insert(&c.name);
        }
        add_component_names(&d.components, names);
        if let Some(f) = &d.function {
            for p in &f.parameters {
                names.insert(&p.name);
            }
        }
    }
}

struct Compiler<'a> {
    types: TypeResolver<'a>,
    model: usize,
    problems: &'a mut Vec<DmnError>,
}

impl Compiler<'_> {
    fn problem(&mut self, id: Option<&str>, line: u32, message: String) {
        self.problems.push(DmnError::Model {
            file: self.types.models[self.model].file.clone(),
            element_id: id.map(str::to_string),
            line: Some(line),
            message,
        });
    }

    fn expr(&mut self, e: &mut FeelExpr, names: &Arc<NameSet>) {
        if e.text.trim().is_empty() {
            e.ast = Some(sheshim_feel::ast::Expr::Literal(sheshim_feel::Value::Null));
            return;
        }
        match parse_expression(&e.text, names) {
            Ok(mut ast) => {
                resolve_named_types(&mut ast, &|n| self.named_type(n));
                e.ast = Some(ast);
            }
            Err(err) => {
                let line = e.line + u32::try_from(err.line.saturating_sub(1)).unwrap_or(0);
                self.problem(
                    e.id.as_deref(),
                    line,
                    format!("FEEL syntax error in `{}`: {err}", excerpt(&e.text)),
                );
            }
        }
    }

    fn tests(&mut self, t: &mut FeelTests, names: &Arc<NameSet>) {
        if t.is_any() {
            t.ast = Some(sheshim_feel::ast::UnaryTests::Any);
            return;
        }
        match parse_unary_tests(&t.text, names) {
            Ok(mut ast) => {
                if let ast::UnaryTests::Positive(xs) | ast::UnaryTests::Not(xs) = &mut ast {
                    xs.iter_mut()
                        .for_each(|x| resolve_named_types(x, &|n| self.named_type(n)));
                }
                t.ast = Some(ast);
            }
            Err(err) => {
                let line = t.line + u32::try_from(err.line.saturating_sub(1)).unwrap_or(0);
                self.problem(
                    t.id.as_deref(),
                    line,
                    format!(
                        "FEEL syntax error in unary tests `{}`: {err}",
                        excerpt(&t.text)
                    ),
                );
            }
        }
    }

    /// The FEEL type for a type name FEEL itself does not know: an item definition, or
    /// `list<…>` of one.
    fn named_type(&self, name: &str) -> Option<Type> {
        let name = name.trim();
        if let Some(inner) = name.strip_prefix("list<").and_then(|r| r.strip_suffix('>')) {
            return self.named_type(inner).map(|t| Type::List(Box::new(t)));
        }
        match self.ty(Some(name)) {
            Ty::Any if name != "Any" => None,
            ty => Some(feel_type(self.types.models, &ty, 0)),
        }
    }

    fn ty(&self, type_ref: Option<&str>) -> Ty {
        self.types.resolve(self.model, type_ref)
    }

    fn variable(&self, v: &mut Variable) {
        v.ty = self.ty(v.type_ref.as_deref());
    }

    fn item_defs(&mut self, defs: &mut [ItemDef], names: &Arc<NameSet>) {
        for d in defs {
            if let Some(t) = &mut d.allowed_values {
                self.tests(t, names);
            }
            if let Some(t) = &mut d.type_constraint {
                self.tests(t, names);
            }
            self.item_defs(&mut d.components, names);
        }
    }

    fn function(&mut self, f: &mut FunctionDef, names: &Arc<NameSet>) {
        let mut inner = NameSet::within(names);
        for p in &mut f.parameters {
            self.variable(p);
            inner.insert(&p.name);
        }
        f.ty = self.ty(f.type_ref.as_deref());
        let inner = Arc::new(inner);
        if let Some(body) = &mut f.body {
            self.boxed(body, &inner);
        }
    }

    fn boxed(&mut self, b: &mut Boxed, names: &Arc<NameSet>) {
        b.ty = self.ty(b.type_ref.as_deref());
        match &mut b.kind {
            BoxedKind::Literal(e) => self.expr(e, names),
            BoxedKind::Table(t) => self.table(t, names),
            BoxedKind::Context(entries) => {
                let mut inner = NameSet::within(names);
                // Entries may refer to each other, including (for functions) later ones.
                for e in entries.iter() {
                    if let Some(v) = &e.variable {
                        inner.insert(&v.name);
                    }
                }
                let inner = Arc::new(inner);
                for e in entries.iter_mut() {
                    if let Some(v) = &mut e.variable {
                        self.variable(v);
                    }
                    self.boxed(&mut e.value, &inner);
                }
            }
            BoxedKind::List(items) => {
                for i in items {
                    self.boxed(i, names);
                }
            }
            BoxedKind::Relation { columns, rows } => {
                for c in columns.iter_mut() {
                    self.variable(c);
                }
                for r in rows {
                    for cell in r {
                        self.boxed(cell, names);
                    }
                }
            }
            BoxedKind::Invocation { callee, bindings } => {
                self.expr(callee, names);
                for bnd in bindings {
                    self.variable(&mut bnd.parameter);
                    if let Some(v) = &mut bnd.value {
                        self.boxed(v, names);
                    }
                }
            }
            BoxedKind::Function(f) => {
                if let Some(f) = Arc::get_mut(f) {
                    self.function(f, names);
                }
            }
            BoxedKind::Conditional {
                condition,
                then,
                otherwise,
            } => {
                self.boxed(condition, names);
                self.boxed(then, names);
                self.boxed(otherwise, names);
            }
            BoxedKind::Filter { source, condition } => {
                self.boxed(source, names);
                let mut inner = NameSet::within(names);
                inner.insert("item");
                self.boxed(condition, &Arc::new(inner));
            }
            BoxedKind::For {
                variable,
                source,
                body,
            } => {
                self.boxed(source, names);
                let mut inner = NameSet::within(names);
                inner.insert(variable);
                inner.insert("partial");
                self.boxed(body, &Arc::new(inner));
            }
            BoxedKind::Quantified {
                variable,
                source,
                condition,
                ..
            } => {
                self.boxed(source, names);
                let mut inner = NameSet::within(names);
                inner.insert(variable);
                self.boxed(condition, &Arc::new(inner));
            }
            BoxedKind::Unsupported => {}
        }
    }

    fn table(&mut self, t: &mut DecisionTable, names: &Arc<NameSet>) {
        let mut entry_names = NameSet::within(names);
        for i in &mut t.inputs {
            self.expr(&mut i.expression, names);
            i.ty = self.ty(i.type_ref.as_deref());
            let text = i.expression.text.trim();
            if !text.is_empty() {
                entry_names.insert(text);
            }
        }
        let entry_names = Arc::new(entry_names);
        for i in &mut t.inputs {
            if let Some(v) = &mut i.input_values {
                self.tests(v, &entry_names);
            }
        }
        for o in &mut t.outputs {
            o.ty = self.ty(o.type_ref.as_deref());
            for v in &mut o.output_values {
                self.tests(v, &entry_names);
            }
            if let Some(d) = &mut o.default {
                self.expr(d, &entry_names);
            }
        }
        for r in &mut t.rules {
            for e in &mut r.inputs {
                self.tests(e, &entry_names);
            }
            for e in &mut r.outputs {
                self.expr(e, &entry_names);
            }
        }
    }
}

/// The structural FEEL type of a resolved type reference (allowed values are not part of
/// it: `instance of` ignores them).
pub(crate) fn feel_type(models: &[Model], ty: &Ty, depth: usize) -> Type {
    if depth > 32 {
        return Type::Any;
    }
    match ty {
        Ty::Any => Type::Any,
        Ty::Feel(t) => t.clone(),
        Ty::Item(m, i) => item_type(models, &models[*m].item_defs[*i], depth + 1),
    }
}

fn item_type(models: &[Model], def: &ItemDef, depth: usize) -> Type {
    let single = if let Some(f) = &def.function {
        Type::Function(
            f.parameters
                .iter()
                .map(|p| feel_type(models, &p.ty, depth + 1))
                .collect(),
            Box::new(feel_type(models, &f.output, depth + 1)),
        )
    } else if !def.components.is_empty() {
        Type::Context(
            def.components
                .iter()
                .map(|c| (c.name.clone(), item_type(models, c, depth + 1)))
                .collect(),
        )
    } else {
        feel_type(models, &def.base, depth + 1)
    };
    if def.is_collection {
        Type::List(Box::new(single))
    } else {
        single
    }
}

/// Replaces type names FEEL does not know (item definitions, `list<tItem>`) in `instance of`
/// and function parameter types with their structural FEEL types.
fn resolve_named_types(e: &mut ast::Expr, resolve: &dyn Fn(&str) -> Option<Type>) {
    use ast::Expr as E;
    let fix = |t: &mut ast::TypeRef| {
        if let ast::TypeRef::Named(n) = t
            && let Some(ty) = resolve(n)
        {
            *t = ast::TypeRef::Known(ty);
        }
    };
    match e {
        E::List(items) => items
            .iter_mut()
            .for_each(|x| resolve_named_types(x, resolve)),
        E::Context(entries) => entries
            .iter_mut()
            .for_each(|(_, x)| resolve_named_types(x, resolve)),
        E::Range { start, end, .. } => {
            resolve_named_types(start, resolve);
            resolve_named_types(end, resolve);
        }
        E::UnaryCmp(_, a) | E::Neg(a) | E::Path(a, _) => resolve_named_types(a, resolve),
        E::Arith(_, a, b) | E::Cmp(_, a, b) | E::And(a, b) | E::Or(a, b) | E::Filter(a, b) => {
            resolve_named_types(a, resolve);
            resolve_named_types(b, resolve);
        }
        E::Between(a, b, c) | E::If(a, b, c) => {
            resolve_named_types(a, resolve);
            resolve_named_types(b, resolve);
            resolve_named_types(c, resolve);
        }
        E::In(a, tests) => {
            resolve_named_types(a, resolve);
            tests
                .iter_mut()
                .for_each(|x| resolve_named_types(x, resolve));
        }
        E::InstanceOf(a, t) => {
            resolve_named_types(a, resolve);
            fix(t);
        }
        E::Call(f, args) => {
            resolve_named_types(f, resolve);
            match args {
                ast::CallArgs::Positional(xs) => {
                    xs.iter_mut().for_each(|x| resolve_named_types(x, resolve))
                }
                ast::CallArgs::Named(xs) => xs
                    .iter_mut()
                    .for_each(|(_, x)| resolve_named_types(x, resolve)),
            }
        }
        E::For(bindings, body) => {
            for (_, src) in bindings.iter_mut() {
                resolve_source(src, resolve);
            }
            resolve_named_types(body, resolve);
        }
        E::Quantified {
            bindings,
            satisfies,
            ..
        } => {
            for (_, src) in bindings.iter_mut() {
                resolve_source(src, resolve);
            }
            resolve_named_types(satisfies, resolve);
        }
        E::Function { params, body, .. } => {
            if let Some(params) = Arc::get_mut(params) {
                for (_, t) in params.iter_mut() {
                    if let Some(t) = t {
                        fix(t);
                    }
                }
            }
            if let Some(body) = Arc::get_mut(body) {
                resolve_named_types(body, resolve);
            }
        }
        _ => {}
    }
}

fn resolve_source(src: &mut ast::IterSource, resolve: &dyn Fn(&str) -> Option<Type>) {
    match src {
        ast::IterSource::Expr(x) => resolve_named_types(x, resolve),
        ast::IterSource::Range(a, b) => {
            resolve_named_types(a, resolve);
            resolve_named_types(b, resolve);
        }
    }
}
