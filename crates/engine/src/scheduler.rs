//! The clock keeper: cases whose deadline passed without a decision count as refused (APPC
//! art. 91) and are marked so, for supervisors to see. Safe with several servers on one
//! PostgreSQL database: each change applies only to the version read, so a case is marked
//! once whichever server gets there first.

use crate::flow::{Flow, SYSTEM};
use crate::routing::moved;
use sheshim_domain::CaseEvent;
use sheshim_store::{Awaiting, CaseChange, ChangeOutcome, StoreError};
use std::time::Duration;

impl Flow {
    /// Marks every open case whose deadline is before today (in Kazakhstan) as deemed
    /// refused; returns how many were marked.
    pub async fn mark_deemed_refusals(&self) -> Result<usize, StoreError> {
        let now = self.clock.now();
        let today = sheshim_calendar::local_date(now);
        let mut marked = 0;
        loop {
            let overdue = self.store.overdue_cases(today, 256).await?;
            if overdue.is_empty() {
                return Ok(marked);
            }
            let changes: Vec<CaseChange> = overdue
                .iter()
                .filter_map(|case| {
                    let status = moved(case.appeal.status, &[CaseEvent::DeadlineMissed])?;
                    let mut change = CaseChange::new(case, "case.deemed_refused", &format!("system:{SYSTEM}"), now);
                    change.status = Some(status);
                    // A deemed refusal opens the complaint route: a person must still see it.
                    change.awaiting = Some(Awaiting::Officer);
                    change.pipeline_done = true;
                    change.payload = serde_json::json!({ "deadline": case.appeal.deadline.to_string(), "today": today.to_string() });
                    Some(change)
                })
                .collect();
            if changes.is_empty() {
                return Ok(marked);
            }
            let outcomes = self.commit(changes).await?;
            let applied = outcomes
                .iter()
                .filter(|o| matches!(o, ChangeOutcome::Applied { .. }))
                .count();
            marked += applied;
            if applied == 0 {
                // Another server is marking the same cases; it will finish them.
                return Ok(marked);
            }
        }
    }

    /// Runs [`Flow::mark_deemed_refusals`] every `every` until the task is aborted.
    pub async fn run_scheduler(self, every: Duration) {
        loop {
            match self.mark_deemed_refusals().await {
                Ok(0) => {}
                Ok(marked) => {
                    tracing::info!(marked, "cases past their deadline are deemed refused")
                }
                Err(error) => tracing::error!(%error, "marking deemed refusals failed"),
            }
            tokio::time::sleep(every).await;
        }
    }
}
