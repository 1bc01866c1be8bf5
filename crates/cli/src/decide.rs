//! `sheshim decide`: evaluates one decision of DMN models for the inputs in a JSON file, as
//! of a date, with dated parameters, and prints the answer as JSON.
//!
//! The command only reads the files and prints: the rules crates decide
//! ([`sheshim_services::Rules`] merges the parameters in force into the inputs and checks
//! their types), read the inputs ([`sheshim_feel::json`]) and write the answer
//! ([`sheshim_services::Decided`] serialises itself).

use crate::args::DecideArgs;
use crate::read::{INPUT_BYTES, MODEL_BYTES, read_text_limited};
use anyhow::Context as _;
use sheshim_dmn::{LoadOptions, NameCheck};
use sheshim_feel::Env;
use sheshim_services::{Rules, ServiceError, Tracing};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A file's name as messages show it, and its text (at most `max_bytes`).
fn read(path: &Path, max_bytes: u64) -> anyhow::Result<(String, String)> {
    let text = read_text_limited(path, max_bytes)?;
    Ok((path.display().to_string(), text))
}

/// Loads the models and parameters, decides as of the date and prints the answer.
pub fn run(args: &DecideArgs) -> anyhow::Result<ExitCode> {
    let read_all = |paths: &[PathBuf]| -> anyhow::Result<Vec<(String, String)>> {
        paths.iter().map(|path| read(path, MODEL_BYTES)).collect()
    };
    let (models, parameters) = (read_all(&args.models)?, read_all(&args.params)?);
    // Models are read strictly: a name no element defines is an error naming it, unless the
    // caller asks to bind such names from the inputs (Camunda 7 models).
    let options = if args.bind_undeclared {
        LoadOptions {
            names: NameCheck::BindFromInputs,
            ..LoadOptions::strict()
        }
    } else {
        LoadOptions::strict()
    };
    let rules = Rules::from_texts(&models, &parameters, &options).map_err(|error| {
        let undeclared = matches!(
            error,
            ServiceError::Model(sheshim_dmn::DmnError::UndeclaredNames { .. })
        );
        let error = anyhow::Error::new(error);
        if undeclared {
            error.context(
                "the models read names they do not declare; declare them as input data, or \
                 pass --bind-undeclared to read them from the inputs (models written for Camunda 7)",
            )
        } else {
            error
        }
    })?;

    let (input_name, input_text) = read(&args.input, INPUT_BYTES)?;
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
