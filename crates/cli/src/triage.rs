//! `sheshim triage "<text>"` or `--file F`: language and script, personal data found and
//! masked, kind, topic, agency and urgency of one appeal, as JSON. Findings carry kinds and
//! offsets, never the values found.

use crate::args::TriageArgs;
use anyhow::{Context, bail};
use sheshim_domain::AppealText;
use sheshim_engine::{Clock, SystemClock};
use sheshim_triage::{Models, Triage};
use std::process::ExitCode;

/// Reads the text, triages it with the seed models and prints JSON.
pub fn run(args: &TriageArgs) -> anyhow::Result<ExitCode> {
    let text = match (&args.text, &args.file) {
        (Some(text), None) => text.clone(),
        (None, Some(path)) => crate::read::read_text_limited(path, crate::read::APPEAL_BYTES)?,
        _ => bail!("give the appeal either as an argument or with --file, not both"),
    };
    // The text is checked once, here, as the server checks a request's.
    let text = AppealText::parse(&text).context("cannot triage this text")?;
    // Without a date, the day of receipt is today in Kazakhstan, whatever the machine's zone.
    let received_on = args
        .received_on
        .unwrap_or_else(|| sheshim_calendar::local_date(SystemClock.now()));
    let triage = crate::triage::with_models(args.urgency_model.as_deref())?;
    let triaged = triage
        .triage(&text, received_on)
        .context("cannot triage this text")?;
    let answer = sheshim_server::TriageView::from(&triaged);
    println!("{}", serde_json::to_string_pretty(&answer)?);
    Ok(ExitCode::SUCCESS)
}

/// Triage with the seed models, and an urgency model when a file is given.
pub fn with_models(urgency_model: Option<&std::path::Path>) -> anyhow::Result<Triage> {
    let models = models(urgency_model)?;
    let triage = Triage::new(&models);
    match urgency_model {
        Some(path) => {
            triage.with_context(|| format!("cannot grade urgency with {}", path.display()))
        }
        None => triage.context("cannot prepare the seed models"),
    }
}

/// The seed models, and an urgency model when a file is given.
pub fn models(urgency_model: Option<&std::path::Path>) -> anyhow::Result<Models> {
    let mut models = Models::seed().context("cannot train the seed models")?;
    if let Some(path) = urgency_model {
        models.urgency = Some(crate::classify::read_model(path)?);
    }
    Ok(models)
}
