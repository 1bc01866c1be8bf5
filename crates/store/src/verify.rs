//! Walking a store's audit chain and checking every link.

use crate::{Store, StoreError};
use sheshim_audit::{ChainBreak, ChainVerifier};

/// The result of walking a store's audit chain.
#[derive(Debug)]
pub enum AuditVerification {
    /// Every entry verified; this many entries.
    Intact(u64),
    /// The chain is broken; the first fault found.
    Broken(ChainBreak),
}

/// Reads the whole audit chain page by page and verifies it against the recorded head.
pub async fn verify_audit_chain(store: &dyn Store) -> Result<AuditVerification, StoreError> {
    const PAGE: u32 = 5_000;
    // Read the head first: entries appended while walking only extend the chain past it.
    let head = store.audit_head().await?;
    let mut verifier = ChainVerifier::default();
    let mut after = 0;
    loop {
        let page = store.audit_entries(after, PAGE).await?;
        for entry in &page {
            if entry.seq > head.seq {
                break;
            }
            if let Err(broken) = verifier.check(entry) {
                return Ok(AuditVerification::Broken(broken));
            }
            after = entry.seq;
        }
        if page.len() < PAGE as usize || after >= head.seq {
            break;
        }
    }
    Ok(match verifier.finish(head) {
        Ok(count) => AuditVerification::Intact(count),
        Err(broken) => AuditVerification::Broken(broken),
    })
}
