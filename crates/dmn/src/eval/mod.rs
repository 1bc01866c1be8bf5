//! Evaluation of decisions, business knowledge models, decision services and boxed
//! expressions. FEEL problems give `null`, never an error.
//!
//! `boxed` walks the boxed expressions, `tables` evaluates decision tables and their hit
//! policies, `types` checks and converts values against declared types, `invocation` makes
//! functions of boxed definitions, BKMs and decision services, and `run` evaluates decisions
//! with their requirements, once per run.

mod boxed;
mod invocation;
mod run;
mod tables;
mod types;

pub(crate) use invocation::{evaluate_bkm, evaluate_service};
pub(crate) use run::Run;
pub(crate) use tables::aggregate;

use crate::model::*;
use crate::trace::TableTrace;
use sheshim_feel::{Context, Env, Scope, Value, evaluate, evaluate_unary_tests};
use std::cell::RefCell;
use std::sync::Arc;

/// The loaded, linked models.
pub(crate) struct Inner {
    pub models: Vec<Model>,
    /// SHA-256 (hex) identifying the model texts.
    pub sha256: Arc<str>,
}

/// Evaluates boxed expressions and coerces values; shared by decisions and functions.
#[derive(Clone, Copy)]
pub(crate) struct Evaluator<'a> {
    pub set: &'a Arc<Inner>,
    pub env: &'a Env,
    /// Where decision-table hits are recorded when a trace was asked for.
    pub tables: Option<&'a RefCell<Vec<TableTrace>>>,
}

pub(super) fn is_true(v: &Value) -> bool {
    matches!(v, Value::Boolean(true))
}

pub(crate) fn context_value(c: Context) -> Value {
    Value::Context(Arc::new(c))
}

impl<'a> Evaluator<'a> {
    pub(super) fn models(&self) -> &'a [Model] {
        &self.set.models
    }

    pub(super) fn feel(&self, e: &FeelExpr, scope: &Scope) -> Value {
        match &e.ast {
            Some(ast) => evaluate(ast, scope, self.env),
            None => Value::Null,
        }
    }

    pub(super) fn test(&self, t: &FeelTests, input: &Value, scope: &Scope) -> bool {
        if t.is_any() {
            return true;
        }
        match &t.ast {
            Some(ast) => is_true(&evaluate_unary_tests(ast, input, scope, self.env)),
            None => false,
        }
    }
}
