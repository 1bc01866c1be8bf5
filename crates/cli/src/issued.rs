//! The agency's own earlier answers, read from the store for the grounding index at start:
//! every decided appeal that is not a service application, with the answer issued to it,
//! made into a document (both texts masked, the issuing agency named) by
//! `sheshim_engine::issued_answer_document`, the same function that adds an answer issued
//! while the server runs to the running index.

use anyhow::Context;
use sheshim_domain::CaseStatus;
use sheshim_engine::issued_answer_document;
use sheshim_search::Document;
use sheshim_store::{QueueFilter, Store};
use std::sync::Arc;

/// Cases read from the store a page at a time.
const PAGE: u32 = 500;

/// Up to `limit` answered appeals as documents: the appeal (masked) and the answer given.
pub async fn answered_appeals(
    store: &Arc<dyn Store>,
    limit: usize,
) -> anyhow::Result<Vec<Document>> {
    let mut documents = Vec::new();
    let mut filter = QueueFilter {
        status: Some(CaseStatus::Decided),
        limit: PAGE,
        ..QueueFilter::default()
    };
    while documents.len() < limit {
        let page = store
            .queue(&filter)
            .await
            .context("cannot read the decided cases")?;
        for item in page.items.iter().filter(|item| item.service.is_none()) {
            let Some(case) = store
                .case(&item.registration_number)
                .await
                .context("cannot read a decided case")?
            else {
                continue;
            };
            documents.extend(issued_answer_document(&case));
            if documents.len() >= limit {
                break;
            }
        }
        match page.next {
            Some(next) => filter.after = Some(next),
            None => break,
        }
    }
    Ok(documents)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use sheshim_domain::{AgencyCode, Language, Role};
    use sheshim_engine::{Action, Flow, Intake, IntakeOptions, Officer, SystemClock};

    /// A complaint answered by an officer comes back as a document: the masked appeal and the
    /// answer, the applicant's name and phone masked in both; an open case does not.
    #[tokio::test]
    async fn an_answered_complaint_is_read_back_masked() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("issued.db").display());
        let keys = Arc::new(sheshim_crypto::Keyring::generate().unwrap());
        let (store, _) = sheshim_store::open_attached(&url, keys, Utc::now())
            .await
            .unwrap();
        let catalogue = Arc::new(
            sheshim_services::Catalogue::load(std::path::Path::new("../../services")).unwrap(),
        );
        let clock = Arc::new(SystemClock);
        let (intake, _writer) =
            Intake::start(store.clone(), clock.clone(), IntakeOptions::default());
        let flow = Flow::new(
            store.clone(),
            catalogue,
            Arc::new(sheshim_store::StoreRegistry(store.clone())),
            Arc::new(sheshim_triage::Triage::seed().unwrap()),
            clock,
            intake.clone(),
            "seed".to_owned(),
        );
        let mut numbers = Vec::new();
        for (iin, text) in [
            (
                "8501153001",
                "В доме нет горячей воды. Мой телефон +7 701 555 1234.",
            ),
            ("8602143002", "Во дворе не работает освещение."),
        ] {
            let submission = sheshim_engine::Submission {
                kind: Some(sheshim_domain::AppealKind::Complaint),
                language: Some(Language::Ru),
                channel: sheshim_domain::Channel::Web,
                text: sheshim_domain::AppealText::parse(text).unwrap(),
                applicant: sheshim_domain::Applicant {
                    iin: valid_iin(iin),
                    name: sheshim_domain::PersonName::parse("Айгерим Серикова").unwrap(),
                    phone: None,
                    email: None,
                    address: None,
                },
                agency: Some(AgencyCode::parse("AKIMAT-ALA").unwrap()),
                idempotency: None,
                actor: "client:test".to_owned(),
                service: None,
                claims: None,
                case_record: None,
                term_working_days: None,
                access_code_hash: None,
            };
            let registered = intake.register(submission).await.unwrap();
            numbers.push(registered.appeal().registration_number.clone());
        }
        while flow.pipeline_batch(16).await.unwrap() > 0 {}
        let officer = Officer {
            login: "aset".to_owned(),
            role: Role::Officer,
            agency: AgencyCode::parse("AKIMAT-ALA").unwrap(),
        };
        let case = store.case(&numbers[0]).await.unwrap().unwrap();
        let body = "Уважаемая Айгерим Серикова! Горячая вода будет подана до пятницы.".to_owned();
        flow.act(&officer, &numbers[0], case.version, Action::Edit { body })
            .await
            .unwrap();

        let documents = answered_appeals(&store, 100).await.unwrap();
        assert_eq!(documents.len(), 1);
        let document = &documents[0];
        assert_eq!(
            document.source.key(),
            format!("answer:{}", numbers[0].as_str())
        );
        let text = document.text();
        assert!(text.contains("горячей воды") && text.contains("Горячая вода будет подана"));
        assert!(
            !text.contains("Айгерим") && !text.contains("555 1234"),
            "{text}"
        );
        assert!(matches!(
            &document.source,
            sheshim_search::SourceRef::Answer { agency: Some(agency), .. } if agency == "AKIMAT-ALA"
        ));
        assert!(answered_appeals(&store, 0).await.unwrap().is_empty());
    }

    /// A valid IIN from its first ten digits: the first eleventh digit that admits a check
    /// digit, then that check digit.
    fn valid_iin(first10: &str) -> sheshim_domain::Iin {
        let text = (0..10)
            .find_map(|d| sheshim_domain::with_check_digit(&format!("{first10}{d}")))
            .unwrap();
        sheshim_domain::Iin::parse(&text).unwrap()
    }
}
