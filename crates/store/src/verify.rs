//! Walking a store's audit chain and checking every link.

use crate::{Store, StoreError};
use sheshim_audit::{ChainBreak, ChainHead, ChainVerifier};

/// The result of walking a store's audit chain.
#[derive(Debug)]
pub enum AuditVerification {
    /// Every entry verified; this many entries.
    Intact(u64),
    /// The chain is broken; the first fault found.
    Broken(ChainBreak),
}

/// Reads the whole audit chain page by page, verifies every entry, and checks that the
/// chain ends exactly at the head recorded beside it.
///
/// Every entry is walked, not only those up to a head read at the start: a lowered head must
/// not hide entries from verification (it is reported as a mismatch). Entries appended while
/// the walk runs are followed by re-reading the head once the end is reached.
pub async fn verify_audit_chain(store: &dyn Store) -> Result<AuditVerification, StoreError> {
    const PAGE: u32 = 5_000;
    let mut verifier = ChainVerifier::default();
    let mut after = 0;
    // The head as read before the latest page. A head and its entries are committed
    // together, so every entry up to a head already read must be visible to a later read.
    let mut head_read_before: Option<ChainHead> = None;
    loop {
        let page = store.audit_entries(after, PAGE).await?;
        for entry in &page {
            if let Err(broken) = verifier.check(entry) {
                return Ok(AuditVerification::Broken(broken));
            }
            after = entry.seq;
        }
        if page.len() == PAGE as usize {
            continue;
        }
        if let Some(head) = head_read_before
            && (page.is_empty() || after >= head.seq)
        {
            return Ok(finish(verifier, head));
        }
        let head = store.audit_head().await?;
        if after >= head.seq {
            return Ok(finish(verifier, head));
        }
        // Entries were appended while walking: read on up to the head just read.
        head_read_before = Some(head);
    }
}

fn finish(verifier: ChainVerifier, head: ChainHead) -> AuditVerification {
    match verifier.finish(head) {
        Ok(count) => AuditVerification::Intact(count),
        Err(broken) => AuditVerification::Broken(broken),
    }
}
