//! `sheshim decide`: evaluates one decision of DMN models for the inputs in a JSON file, as
//! of a date, with the service's dated parameters, and prints the result as JSON.

use crate::args::DecideArgs;
use crate::feel_json::{context_from_json, to_json_text, trace_to_json_text};
use anyhow::{Context as _, bail};
use sheshim_dmn::ModelSet;
use sheshim_feel::Env;
use sheshim_params::ParameterSet;
use std::process::ExitCode;
use std::sync::Arc;

/// Loads the models, resolves the parameters as of the date, evaluates and prints.
pub fn run(args: &DecideArgs) -> anyhow::Result<ExitCode> {
    let texts = args
        .models
        .iter()
        .map(|path| {
            std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))
                .map(|text| (path.display().to_string(), text))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let files: Vec<(&str, &str)> = texts
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let models = ModelSet::load(&files)?;

    let input_text = std::fs::read_to_string(&args.input)
        .with_context(|| format!("cannot read {}", args.input.display()))?;
    let input_json: serde_json::Value = serde_json::from_str(&input_text)
        .with_context(|| format!("{} is not valid JSON", args.input.display()))?;
    let mut inputs = context_from_json(&input_json)
        .with_context(|| format!("cannot use {}", args.input.display()))?;

    let as_of = args
        .as_of
        .unwrap_or_else(|| crate::clock::today(crate::clock::system()));
    let mut parameters = Vec::new();
    if let Some(path) = &args.params {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let set = ParameterSet::parse(&path.display().to_string(), &text)?;
        for resolved in set.resolve(as_of)? {
            if inputs.get(&resolved.name).is_some() {
                bail!(
                    "{} is both an input and a dated parameter; give it in one place only",
                    resolved.name
                );
            }
            inputs.insert(Arc::from(resolved.name.as_str()), resolved.value.clone());
            parameters.push(resolved);
        }
    }

    let wrong = models.nonconforming_inputs(None, &args.decision, &inputs)?;
    if !wrong.is_empty() {
        let list: Vec<String> = wrong
            .iter()
            .map(|(name, ty)| format!("{name:?} must be a {ty}"))
            .collect();
        bail!("inputs of the wrong type: {}", list.join("; "));
    }
    let (result, trace) = if args.trace {
        let (result, trace) =
            models.evaluate_decision_traced(None, &args.decision, &inputs, &Env::default())?;
        (result, Some(trace))
    } else {
        let result = models.evaluate_decision(None, &args.decision, &inputs, &Env::default())?;
        (result, None)
    };
    let mut out = String::from("{\"decision\":");
    out.push_str(&serde_json::to_string(&args.decision)?);
    out.push_str(",\"as_of\":\"");
    out.push_str(&as_of.to_string());
    out.push_str("\",\"result\":");
    to_json_text(&result, &mut out);
    out.push_str(",\"parameters\":[");
    for (index, p) in parameters.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        let reference = serde_json::json!({
            "name": p.name,
            "from": p.period.from.to_string(),
            "until": p.period.until.map(|d| d.to_string()),
            "act": p.source.act,
            "article": p.source.article,
            "act_date": p.source.act_date.map(|d| d.to_string()),
            "url": p.source.url,
            "verified": p.source.verified,
        });
        let mut value = String::new();
        to_json_text(&p.value, &mut value);
        let mut entry = reference.to_string();
        entry.pop();
        entry.push_str(",\"value\":");
        entry.push_str(&value);
        entry.push('}');
        out.push_str(&entry);
    }
    out.push(']');
    if let Some(trace) = &trace {
        out.push_str(",\"trace\":");
        trace_to_json_text(trace, &mut out);
    }
    out.push('}');
    println!("{out}");
    Ok(ExitCode::SUCCESS)
}
