//! Checking values against declared types: FEEL types and item definitions, with the
//! singleton-list conversions and the allowed values of DMN 1.5 §10.3.2.9.

use super::{Eval, Evaluator, context_value, is_true};
use crate::model::*;
use sheshim_feel::{Scope, Type, Value, evaluate_unary_tests_within, reduce_to_constants};

/// How deep item definitions may refer to each other while coercing a value.
const MAX_TYPE_DEPTH: usize = 64;

impl Evaluator<'_> {
    // ---- types ----

    /// The value as the declared type: unchanged if it conforms, converted by the singleton
    /// list rules if that makes it conform, `null` otherwise (DMN 1.5 §10.3.2.9).
    pub fn coerce(&self, value: Value, ty: &Ty) -> Eval {
        self.coerce_depth(value, ty, 0)
    }

    fn coerce_depth(&self, value: Value, ty: &Ty, depth: usize) -> Eval {
        if value.is_null() || depth > MAX_TYPE_DEPTH {
            return Ok(value);
        }
        match ty {
            Ty::Any => Ok(value),
            Ty::Feel(t) => Ok(coerce_feel(value, t)),
            Ty::Item(m, i) => {
                let def = &self.models()[*m].item_defs[*i];
                self.coerce_item(value, def, depth + 1)
            }
        }
    }

    fn coerce_item(&self, value: Value, def: &ItemDef, depth: usize) -> Eval {
        if value.is_null() {
            return Ok(value);
        }
        if def.is_collection {
            let items: Vec<Value> = match &value {
                Value::List(l) => l.as_ref().clone(),
                _ => vec![value.clone()],
            };
            self.budget.charge(items.len() as u64)?;
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                let was_null = item.is_null();
                let c = self.coerce_single(item, def, depth)?;
                if c.is_null() && !was_null {
                    return Ok(Value::Null);
                }
                out.push(c);
            }
            return Ok(Value::list(out));
        }
        if let Value::List(l) = &value {
            let base_is_list = matches!(def.base, Ty::Feel(Type::List(_)))
                || matches!(def.base, Ty::Item(m, i) if self.models()[m].item_defs[i].is_collection);
            if l.len() == 1 && def.components.is_empty() && !base_is_list {
                return self.coerce_single(l[0].clone(), def, depth);
            }
        }
        self.coerce_single(value, def, depth)
    }

    fn coerce_single(&self, value: Value, def: &ItemDef, depth: usize) -> Eval {
        if value.is_null() {
            return Ok(value);
        }
        let value = if def.function.is_some() {
            match value {
                Value::Function(_) => value,
                _ => return Ok(Value::Null),
            }
        } else if !def.components.is_empty() {
            let Value::Context(ctx) = &value else {
                return Ok(Value::Null);
            };
            let mut out = ctx.as_ref().clone();
            for c in &def.components {
                // A context lacking a component does not conform to the type.
                let Some(v) = ctx.get(&c.name) else {
                    return Ok(Value::Null);
                };
                let was_null = v.is_null();
                let coerced = self.coerce_item(v.clone(), c, depth + 1)?;
                if coerced.is_null() && !was_null {
                    return Ok(Value::Null);
                }
                out.insert(c.name.clone(), coerced);
            }
            context_value(out)
        } else {
            let v = self.coerce_depth(value, &def.base, depth + 1)?;
            if v.is_null() {
                return Ok(v);
            }
            v
        };
        for constraint in [&def.allowed_values, &def.type_constraint]
            .into_iter()
            .flatten()
        {
            if let Some(tests) = &constraint.ast
                && !is_true(
                    &evaluate_unary_tests_within(
                        tests,
                        &value,
                        &Scope::new(),
                        self.env,
                        self.budget,
                    )
                    .map_err(|error| error.within(constraint.id.as_deref()))?,
                )
            {
                return Ok(Value::Null);
            }
        }
        Ok(value)
    }

    /// Whether every allowed-values list and type constraint that checking a value against
    /// `ty` may test is made of constants (`[0..150]`, `"a", "b"`): such checks take time in
    /// proportion to the value only, so they need no step budget.
    pub fn has_only_constant_constraints(&self, ty: &Ty) -> bool {
        self.constant_constraints(ty, 0)
    }

    fn constant_constraints(&self, ty: &Ty, depth: usize) -> bool {
        match ty {
            Ty::Any | Ty::Feel(_) => true,
            Ty::Item(m, i) => {
                depth <= MAX_TYPE_DEPTH
                    && self.item_constant_constraints(&self.models()[*m].item_defs[*i], depth + 1)
            }
        }
    }

    fn item_constant_constraints(&self, def: &ItemDef, depth: usize) -> bool {
        let constant = |tests: &Option<FeelTests>| match tests {
            None => true,
            Some(t) => t.ast.as_ref().and_then(reduce_to_constants).is_some(),
        };
        depth <= MAX_TYPE_DEPTH
            && constant(&def.allowed_values)
            && constant(&def.type_constraint)
            && self.constant_constraints(&def.base, depth + 1)
            && def
                .components
                .iter()
                .all(|c| self.item_constant_constraints(c, depth + 1))
    }
}

pub(super) fn coerce_feel(value: Value, t: &Type) -> Value {
    if matches!(t, Type::Any) || value.conforms_to(t) {
        return value;
    }
    if let Value::List(l) = &value
        && l.len() == 1
        && !matches!(t, Type::List(_))
        && l[0].conforms_to(t)
    {
        return l[0].clone();
    }
    if let Type::List(inner) = t
        && value.conforms_to(inner)
    {
        return Value::list(vec![value]);
    }
    Value::Null
}

/// The type a BKM's or decision service's result must have: the output type when its
/// variable has a function type, else the variable's type (modellers use both).
pub(super) fn result_type(models: &[Model], ty: &Ty) -> Ty {
    match ty {
        Ty::Feel(Type::Function(_, ret)) => Ty::Feel((**ret).clone()),
        Ty::Item(m, i) => match &models[*m].item_defs[*i].function {
            Some(f) => f.output.clone(),
            None => ty.clone(),
        },
        _ => ty.clone(),
    }
}
