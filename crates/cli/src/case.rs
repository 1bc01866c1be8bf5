//! `sheshim case export N`: a case's decision record as JSON, as the brief's section 5 lists
//! it — the applicant's pseudonymous id (never the IIN), the clocks, the triage with its
//! models and confidences, the service and the version of its rules, the parameters in force
//! with their acts, the registry facts with their sources, the trace, the draft and the
//! issued answer with the officer's diff and reasons, and the history from the audit log.

use crate::args::CaseExportArgs;
use crate::keys::open_store;
use anyhow::Context;
use sheshim_domain::RegistrationNumber;
use std::process::ExitCode;

/// Prints the record; a number no case has is an error naming it.
pub async fn export(args: &CaseExportArgs) -> anyhow::Result<ExitCode> {
    let number = RegistrationNumber::parse(&args.number).with_context(|| {
        format!(
            "{:?} is not a registration number (SH-YYYY-NNNNNNN)",
            args.number
        )
    })?;
    let (store, _) = open_store(&args.db).await?;
    let case = store
        .case(&number)
        .await
        .context("the case cannot be read")?
        .with_context(|| format!("no case {number}"))?;
    let history = store
        .history(number.as_str())
        .await
        .context("the case's history cannot be read")?;
    let pseudonym = store
        .keyring()
        .lookup_id(case.appeal.applicant.iin.expose());
    let record = sheshim_engine::export::decision_record(&case, &history, pseudonym);
    println!("{}", serde_json::to_string_pretty(&record)?);
    Ok(ExitCode::SUCCESS)
}
