//! Evaluation of decisions, business knowledge models, decision services and boxed
//! expressions. FEEL problems give `null`, as the standard says; the one error is running
//! out of the evaluation's budget (`sheshim_feel::Budget`), which abandons the evaluation
//! and names the innermost element being evaluated.
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
use sheshim_feel::{
    Budget, BudgetExceeded, Context, Env, Scope, Value, evaluate_unary_tests_within,
    evaluate_within,
};
use std::cell::RefCell;
use std::sync::Arc;

/// A value, or the budget run out.
pub(crate) type Eval = Result<Value, BudgetExceeded>;

/// The loaded, linked models.
pub(crate) struct Inner {
    pub models: Vec<Model>,
    /// SHA-256 (hex) identifying the model texts.
    pub sha256: Arc<str>,
    /// Names no element defines, read as inputs of the same name (Camunda 7 models): per
    /// model, per decision.
    pub bound_from_inputs: Vec<Vec<Vec<sheshim_feel::Name>>>,
}

/// Evaluates boxed expressions and coerces values; shared by decisions and functions.
#[derive(Clone, Copy)]
pub(crate) struct Evaluator<'a> {
    pub set: &'a Arc<Inner>,
    pub env: &'a Env,
    /// Where decision-table hits are recorded when a trace was asked for.
    pub tables: Option<&'a RefCell<Vec<TableTrace>>>,
    pub budget: &'a Budget,
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

    pub(super) fn feel(&self, e: &FeelExpr, scope: &Scope) -> Eval {
        match &e.ast {
            Some(ast) => evaluate_within(ast, scope, self.env, self.budget)
                .map_err(|error| error.within(e.id.as_deref())),
            None => Ok(Value::Null),
        }
    }

    pub(super) fn test(
        &self,
        t: &FeelTests,
        input: &Value,
        scope: &Scope,
    ) -> Result<bool, BudgetExceeded> {
        if t.is_any() {
            return Ok(true);
        }
        match &t.ast {
            Some(ast) => Ok(is_true(
                &evaluate_unary_tests_within(ast, input, scope, self.env, self.budget)
                    .map_err(|error| error.within(t.id.as_deref()))?,
            )),
            None => Ok(false),
        }
    }
}
