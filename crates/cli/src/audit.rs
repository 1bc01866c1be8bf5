//! `sheshim audit verify`: walks the audit chain of a database.

use anyhow::Context;
use sheshim_store::AuditVerification;
use std::process::ExitCode;

/// Prints `audit chain ok: N entries` and succeeds, or names the first bad entry and fails.
pub async fn verify(db: &str) -> anyhow::Result<ExitCode> {
    let store = sheshim_store::open(db)
        .await
        .context("cannot open the database")?;
    match sheshim_store::verify_audit_chain(store.as_ref())
        .await
        .context("cannot read the audit log")?
    {
        AuditVerification::Intact(count) => {
            println!("audit chain ok: {count} entries");
            Ok(ExitCode::SUCCESS)
        }
        AuditVerification::Broken(broken) => {
            println!("audit chain broken: {broken}");
            Ok(ExitCode::FAILURE)
        }
    }
}
