//! The agency's own answers to appeals as documents of the search index: the appeal's text
//! as triage masked it and the answer issued to it, masked by `sheshim_pii` and then with
//! every part of the applicant's name replaced by `[NAME]` wherever it stands (the finder
//! knows a name by its context, such as a salutation, and could miss one elsewhere), so no
//! personal data reaches the index. Each document carries the agency that issued the
//! answer, so that only that agency's officers are shown it.
//!
//! `sheshim serve` reads the answers the store holds into the index at start
//! ([`issued_answer_document`]); while it runs, an answer issued to an appeal — by an
//! officer's approval, edit or decision, or to each member of a group — is added to the
//! running index as soon as the store has committed it (`Flow::index_issued`), so the next
//! draft and the next search find it. Adding never fails the officer's action: a failure is
//! logged (without personal data) and the answer is searched from the next start.

use crate::flow::Flow;
use crate::record::CaseRecord;
use sheshim_domain::{CaseStatus, Language};
use sheshim_search::{Document, Part, SourceRef};
use sheshim_store::StoredCase;

/// The case as a document of the index: when it is an appeal (not a service application),
/// decided, read by triage and answered.
pub fn issued_answer_document(case: &StoredCase) -> Option<Document> {
    if case.service.is_some() || case.appeal.status != CaseStatus::Decided {
        return None;
    }
    let record: CaseRecord = serde_json::from_value(case.record.clone()?).ok()?;
    let (triage, issued) = (record.triage?, record.issued?);
    let language = Language::parse(&triage.language).ok()?;
    let answer_language = Language::parse(&issued.language).unwrap_or(language);
    Some(Document {
        source: SourceRef::Answer {
            id: case.appeal.registration_number.as_str().to_owned(),
            agency: case.agency.as_ref().map(|a| a.as_str().to_owned()),
        },
        language,
        parts: vec![
            Part {
                language,
                text: triage.masked_text,
            },
            Part {
                language: answer_language,
                text: masked_answer(&issued.body, case.appeal.applicant.name.expose()),
            },
        ],
    })
}

/// The answer with its personal data masked and every part of the applicant's name (of three
/// letters or more) replaced by `[NAME]`.
fn masked_answer(body: &str, name: &str) -> String {
    let mut text = sheshim_pii::mask(body, &sheshim_pii::find(body));
    let mut parts: Vec<&str> = name
        .split_whitespace()
        .filter(|part| part.chars().count() >= 3)
        .collect();
    // Longer parts first, so a part contained in another is not replaced inside it.
    parts.sort_by_key(|part| std::cmp::Reverse(part.len()));
    for part in parts {
        text = text.replace(part, "[NAME]");
    }
    text
}

impl Flow {
    /// Adds the answers just issued to `cases` to the grounding's index, when the flow has
    /// one; cases that are not answered appeals are passed over. Called after the store
    /// committed the answers. Indexing runs on the blocking pool (it may embed each answer
    /// with the model), and a failure is logged and otherwise ignored: the answer is issued
    /// whatever becomes of its copy in the index.
    pub(crate) async fn index_issued(&self, cases: &[StoredCase]) {
        let Some(grounding) = &self.grounding else {
            return;
        };
        let documents: Vec<Document> = cases.iter().filter_map(issued_answer_document).collect();
        if documents.is_empty() {
            return;
        }
        let offered = documents.len();
        let index = grounding.index().clone();
        match tokio::task::spawn_blocking(move || index.add(documents)).await {
            Ok(Ok(added)) => {
                tracing::debug!(offered, added, "issued answers are searched from now on");
            }
            // The error names no text (the search crate's errors never quote one).
            Ok(Err(error)) => tracing::warn!(
                offered,
                %error,
                "issued answers could not be added to the search index; they are searched from the next start"
            ),
            Err(_) => tracing::warn!(
                offered,
                "adding issued answers to the search index stopped; they are searched from the next start"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_applicants_name_and_contacts_are_masked_in_the_answer() {
        let masked = masked_answer(
            "Уважаемая Айгерим Серикова! Ответ на ваше обращение. Звоните +7 701 123 4567.",
            "Айгерим Серикова",
        );
        assert!(
            !masked.contains("Айгерим") && !masked.contains("Серикова"),
            "{masked}"
        );
        assert!(masked.contains("[NAME]"), "{masked}");
        assert!(!masked.contains("123 4567"), "{masked}");
    }
}
