//! The inputs `service.toml` lists, checked against the service's model and parameters
//! when the service loads.

use crate::definition::Definition;
use crate::inputs::{InputSource, InputType};
use crate::rules::Rules;
use crate::service::ServiceError;
use sheshim_feel::ast::Expr;
use sheshim_feel::{Context, NameSet, Number, Value};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

/// The inputs `service.toml` lists against the model: every input data the decision reads
/// (directly or through other decisions), except the dated parameters, is listed; no listed
/// input is unknown to the model or a parameter; a derived input reads only inputs that are
/// not derived and parameters. Gives the derived inputs' expressions, parsed knowing the
/// names of the inputs and parameters (which may have spaces).
pub(crate) fn check_inputs(
    file: &Path,
    definition: &Definition,
    rules: &Rules,
) -> Result<Vec<(String, Expr)>, ServiceError> {
    let error = |message: String| ServiceError::Definition {
        file: file.to_owned(),
        message,
    };
    let decision = definition.decision.as_deref().unwrap_or_default();
    let models = rules.models();
    let parameters: BTreeSet<&str> = rules
        .parameters()
        .parameters()
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    let mut required = BTreeSet::new();
    let mut pending = vec![decision.to_owned()];
    let mut seen = BTreeSet::new();
    while let Some(next) = pending.pop() {
        if !seen.insert(next.clone()) {
            continue;
        }
        let requirements = models
            .direct_requirements(None, &next)
            .map_err(|e| error(format!("decision: {e}")))?;
        required.extend(requirements.inputs);
        pending.extend(requirements.decisions);
    }
    let names = NameSet::with(
        definition
            .inputs
            .iter()
            .map(|spec| spec.name.as_str())
            .chain(parameters.iter().copied()),
    );
    let mut derived = Vec::new();
    for spec in &definition.inputs {
        let at = format!("[[input]] {:?}", spec.name);
        if parameters.contains(spec.name.as_str()) {
            return Err(error(format!(
                "{at}: is a dated parameter (parameters.toml), not an input"
            )));
        }
        let mut probe = Context::new();
        probe.insert(Arc::from(spec.name.as_str()), Value::Null);
        if !models.unknown_inputs(&probe).is_empty() {
            return Err(error(format!("{at}: the model has no input of that name")));
        }
        // A value of the declared type must fit the model's input: `type = "string"` for an
        // input the model declares a number would make every decision on it `null`.
        probe.insert(Arc::from(spec.name.as_str()), sample(spec.ty));
        if let Some((_, declared)) = models
            .nonconforming_inputs(None, decision, &probe)
            .map_err(|e| error(format!("decision: {e}")))?
            .first()
        {
            return Err(error(format!(
                "{at}: type is {}, but the model declares {declared}",
                spec.ty.code()
            )));
        }
        if let InputSource::Derived(text) = &spec.source {
            let expr = sheshim_feel::parse_expression(text, &names)
                .map_err(|e| error(format!("{at}: derived is not FEEL: {e}")))?;
            for name in sheshim_feel::free_names(&expr) {
                let readable = parameters.contains(&*name)
                    || definition.inputs.iter().any(|other| {
                        *other.name == *name && !matches!(other.source, InputSource::Derived(_))
                    });
                if !readable {
                    return Err(error(format!(
                        "{at}: derived reads {name:?}, which is neither an input that is not derived nor a dated parameter"
                    )));
                }
            }
            derived.push((spec.name.clone(), expr));
        }
    }
    for input in &required {
        if !parameters.contains(input.as_str())
            && !definition.inputs.iter().any(|spec| &spec.name == input)
        {
            return Err(error(format!(
                "input {input:?} of decision {decision:?} has no [[input]] saying where it comes from"
            )));
        }
    }
    Ok(derived)
}

/// A value of an input type, to check that the model accepts the type.
fn sample(ty: InputType) -> Value {
    match ty {
        InputType::Number => Value::Number(Number::zero()),
        InputType::Boolean => Value::Boolean(false),
        InputType::Date => Value::from_at_literal("2026-01-01"),
        InputType::String => Value::string(""),
    }
}
