//! `sheshim decide`: evaluates one decision of DMN models for the inputs in a JSON file, as
//! of a date, with dated parameters, and prints the answer as JSON.
//!
//! The command only reads the files and prints: the rules crates decide
//! ([`sheshim_services::Rules`] merges the parameters in force into the inputs and checks
//! their types), read the inputs ([`sheshim_feel::json`]) and write the answer
//! ([`sheshim_services::Decided`] serialises itself).

use crate::args::DecideArgs;
use anyhow::Context as _;
use sheshim_feel::Env;
use sheshim_services::{Rules, Tracing};
use std::path::Path;
use std::process::ExitCode;

/// A file's name as messages show it, and its text.
fn read(path: &Path) -> anyhow::Result<(String, String)> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok((path.display().to_string(), text))
}

/// Loads the models and parameters, decides as of the date and prints the answer.
pub fn run(args: &DecideArgs) -> anyhow::Result<ExitCode> {
    let models = args
        .models
        .iter()
        .map(|p| read(p))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let parameters = args
        .params
        .iter()
        .map(|p| read(p))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let rules = Rules::from_texts(&models, &parameters)?;

    let (input_name, input_text) = read(&args.input)?;
    let inputs = sheshim_feel::json::context_from_json(&input_text)
        .with_context(|| format!("cannot use {input_name} as the decision's inputs"))?;
    let as_of = args
        .as_of
        .unwrap_or_else(|| crate::clock::today(crate::clock::system()));
    let tracing = if args.trace {
        Tracing::On
    } else {
        Tracing::Off
    };
    let decided = rules.decide(&args.decision, &inputs, as_of, &Env::default(), tracing)?;
    println!("{}", serde_json::to_string(&decided)?);
    Ok(ExitCode::SUCCESS)
}
