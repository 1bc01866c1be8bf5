//! The optional language model's pass over grounded drafts.
//!
//! After the pipeline has routed a batch, each case it gave a grounded draft is read again
//! and, if nothing happened to it since, its draft is sent to the model with the same
//! numbered sources (`sheshim_llm::LlmClient::rewrite`). An accepted rewrite replaces the
//! draft's body, its `[S1]` markers turned back into the citations a letter carries; a
//! rewrite that cites a source it was not given, says it is out of scope, fails or is late
//! leaves the template draft as it was, and the record says why. Either way the call —
//! model, prompt version, source ids, latency, outcome — is written to the case's record and
//! to the audit log (`case.draft_reworded`), never the text sent.
//!
//! The model's pass runs after the batch is committed, so officers see the template draft
//! at once and the batch's other cases never wait for the model; a case an officer touched
//! in the meantime is left alone (its change would be stale).

use crate::drafting::{DraftInput, Markers, compose, draft_with};
use crate::flow::{Flow, SYSTEM};
use crate::grounding::GroundingRecord;
use crate::record::CaseRecord;
use futures_util::StreamExt;
use sheshim_domain::RegistrationNumber;
use sheshim_llm::{FallbackReason, GroundedDraft, LlmClient, Source};
use sheshim_store::{CaseChange, ChangeOutcome};

/// How many drafts are with the model at once.
const CONCURRENT_CALLS: usize = 4;

impl Flow {
    /// Sends the grounded drafts of these cases, each at the version the pipeline left it,
    /// to the language model. Failures are logged; the template drafts stay.
    pub(crate) async fn reword_drafts(&self, cases: Vec<(RegistrationNumber, i64)>) {
        let Some(model) = self.grounding.as_ref().and_then(|g| g.model().cloned()) else {
            return;
        };
        futures_util::stream::iter(cases)
            .for_each_concurrent(CONCURRENT_CALLS, |(number, version)| {
                let model = model.clone();
                async move {
                    if let Err(error) = self.reword(&model, &number, version).await {
                        tracing::warn!(%error, "a grounded draft could not be sent to the model");
                    }
                }
            })
            .await;
    }

    async fn reword(
        &self,
        model: &LlmClient,
        number: &RegistrationNumber,
        version: i64,
    ) -> Result<(), String> {
        let case = self
            .store
            .case(number)
            .await
            .map_err(|e| e.to_string())?
            .ok_or("the case is gone")?;
        if case.version != version {
            return Ok(());
        }
        let mut record: CaseRecord = case
            .record
            .clone()
            .and_then(|r| serde_json::from_value(r).ok())
            .ok_or("the case's record cannot be read")?;
        let (Some(grounding), Some(draft)) = (&record.grounding, &record.draft) else {
            return Ok(());
        };
        // The service the pipeline drafted with, found as the pipeline found it.
        let service = case
            .service
            .as_ref()
            .and_then(|code| self.catalogue.get(code))
            .or_else(|| self.catalogue.for_appeal_kind(case.appeal.kind))
            .ok_or("the case's service is no longer in the catalogue")?;
        let today = sheshim_calendar::local_date(self.clock.now());
        let numbered = draft_with(
            &DraftInput {
                service,
                appeal: &case.appeal,
                record: &record,
                message: "answer-skeleton",
                outcome: &draft.outcome,
                amount: None,
                today,
                checked_by: None,
            },
            Markers::Numbers,
        )
        .map_err(|e| e.to_string())?;
        let request = GroundedDraft {
            language: case.appeal.language,
            template_text: numbered.body,
            sources: grounding
                .sources
                .iter()
                .map(|s| Source {
                    id: s.key.clone(),
                    citation: s.citation.clone(),
                    text: s.text.clone(),
                })
                .collect(),
        };
        let rewrite = model.rewrite(&request).await;
        let mut grounding: GroundingRecord = grounding.clone();
        let mut draft = draft.clone();
        match &rewrite.fallback {
            None => {
                draft.body = letter_citations(&rewrite.text, &grounding);
                draft.text = compose(&draft.body, &draft.label_text);
            }
            Some(reason) => {
                tracing::info!(%reason, "the model's rewrite was not used; the template draft stays");
            }
        }
        grounding.model = rewrite.used_model.clone();
        grounding.fallback = rewrite.fallback.clone();
        record.grounding = Some(grounding);
        record.draft = Some(draft);
        let mut change = CaseChange::new(
            &case,
            "case.draft_reworded",
            &format!("system:{SYSTEM}"),
            self.clock.now(),
        );
        change.payload = serde_json::json!({
            "model": rewrite.used_model,
            "fallback": rewrite.fallback.as_ref().map(FallbackReason::to_string),
        });
        change.record = serde_json::to_value(&record).ok();
        let outcomes = self.commit(vec![change]).await.map_err(|e| e.to_string())?;
        if let [ChangeOutcome::Stale] = outcomes[..] {
            // An officer acted while the model wrote: their case, their draft.
            tracing::info!("the case changed while the model wrote; its rewrite is dropped");
        }
        Ok(())
    }
}

/// The rewrite as a letter: each `[S1]`, `[S2]` … replaced by the source's citation in
/// parentheses, or dropped where the sentence already ends with that citation.
fn letter_citations(text: &str, grounding: &GroundingRecord) -> String {
    let mut letter = String::with_capacity(text.len());
    let mut from = 0;
    for (span, numbers) in sheshim_llm::citation_spans(text) {
        let citations: Option<Vec<&str>> = numbers
            .iter()
            .map(|n| {
                grounding
                    .sources
                    .iter()
                    .find(|s| s.number == *n)
                    .map(|s| s.citation.as_str())
            })
            .collect();
        letter.push_str(&text[from..span.start]);
        match citations {
            Some(citations) => {
                let written = letter.trim_end();
                let already = citations
                    .iter()
                    .all(|c| written.ends_with(&format!("({c})")) || written.ends_with(*c));
                letter.truncate(written.len());
                if !already {
                    letter.push_str(&format!(" ({})", citations.join("; ")));
                }
            }
            None => letter.push_str(&text[span.clone()]),
        }
        from = span.end;
    }
    letter.push_str(&text[from..]);
    letter
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grounding::SourceUsed;

    fn source(number: &str, citation: &str) -> SourceUsed {
        SourceUsed {
            number: number.into(),
            key: format!("law:{number}"),
            kind: "law".into(),
            citation: citation.into(),
            act: None,
            verified: Some(false),
            language: "ru".into(),
            text: String::new(),
            bm25: Some(10.0),
            cosine: None,
        }
    }

    #[test]
    fn numbers_become_citations_once() {
        let grounding = GroundingRecord {
            template: "answer-skeleton".into(),
            index: "bm25, 2 documents".into(),
            sources: vec![source("S1", "APPC, art. 76"), source("S2", "APPC, art. 91")],
            insufficient: false,
            error: None,
            model: None,
            fallback: None,
        };
        assert_eq!(
            letter_citations("Срок — 15 дней [S1]. Обжаловать [S1, S2].", &grounding),
            "Срок — 15 дней (APPC, art. 76). Обжаловать (APPC, art. 76; APPC, art. 91)."
        );
        assert_eq!(
            letter_citations("Срок — 15 дней (APPC, art. 76) [S1].", &grounding),
            "Срок — 15 дней (APPC, art. 76)."
        );
        // Placeholders and unknown numbers stay as written.
        assert_eq!(
            letter_citations("[NAME], см. [S9].", &grounding),
            "[NAME], см. [S9]."
        );
    }
}
