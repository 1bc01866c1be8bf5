//! The intake use case over a real SQLite store: legal dates from the clock, group commit,
//! and isolation of a failing item.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use sheshim_audit::ChainHead;
use sheshim_domain::{
    Appeal, AppealText, Applicant, Channel, Iin, Language, PersonName, RegistrationNumber,
};
use sheshim_engine::{FixedClock, Intake, IntakeError, IntakeOptions, Registered, Submission};
use sheshim_store::{
    AppealFilter, AppealPage, AppealRecord, AppealSummary, Attached, Backend, NewRegistration,
    RegistrationOutcome, Resealed, Store, StoreError, StoredAuditEntry, UserId,
};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

fn submission(text: &str) -> Submission {
    Submission {
        kind: None,
        language: None,
        channel: Channel::Web,
        text: AppealText::parse(text).unwrap(),
        applicant: Applicant {
            // 850115 3 1000 9: a made-up IIN with a valid check digit.
            iin: Iin::parse("850115310009").unwrap(),
            name: PersonName::parse("Test Applicant").unwrap(),
            phone: None,
            email: None,
            address: None,
        },
        agency: None,
        idempotency: None,
        actor: "test".to_owned(),
        access_code_hash: None,
        service: None,
        claims: None,
        case_record: None,
        term_working_days: None,
    }
}

async fn sqlite_store(dir: &tempfile::TempDir) -> Arc<dyn Store> {
    let url = format!("sqlite://{}", dir.path().join("intake.db").display());
    let keys = Arc::new(sheshim_crypto::Keyring::generate().unwrap());
    let (store, _) = sheshim_store::open_attached(&url, keys, Utc::now())
        .await
        .unwrap();
    store
}

#[tokio::test]
async fn a_receipt_on_a_holiday_registers_on_the_next_working_day() {
    let dir = tempfile::tempdir().unwrap();
    // Saturday 21 March 2026, 10:00 in Kazakhstan (05:00 UTC): Nauryz. 21–23 March are
    // holidays and the weekend days 21 and 22 carry over to 24 and 25, so the appeal is
    // registered on Thursday 26 March.
    let clock = FixedClock(Utc.with_ymd_and_hms(2026, 3, 21, 5, 0, 0).unwrap());
    let (intake, _writer) = Intake::start(
        sqlite_store(&dir).await,
        Arc::new(clock),
        IntakeOptions::default(),
    );
    let registered = intake
        .register(submission("Во дворе не горит фонарь."))
        .await
        .unwrap();
    let appeal = registered.appeal();
    assert_eq!(
        appeal.registered_on,
        NaiveDate::from_ymd_opt(2026, 3, 26).unwrap()
    );
    // 15 working days from Thu 26 March: 27, 30, 31 March, 1, 2, 3, 6, 7, 8, 9, 10, 13, 14,
    // 15, 16 April → Thursday 16 April.
    assert_eq!(
        appeal.deadline,
        NaiveDate::from_ymd_opt(2026, 4, 16).unwrap()
    );
    assert_eq!(appeal.language, Language::Ru);
    assert_eq!(appeal.registration_number.as_str(), "SH-2026-0000001");
}

#[tokio::test]
async fn a_day_outside_the_calendar_is_an_error_not_a_guess() {
    let dir = tempfile::tempdir().unwrap();
    let clock = FixedClock(Utc.with_ymd_and_hms(2040, 1, 10, 5, 0, 0).unwrap());
    let (intake, _writer) = Intake::start(
        sqlite_store(&dir).await,
        Arc::new(clock),
        IntakeOptions::default(),
    );
    let error = intake.register(submission("text")).await.unwrap_err();
    assert!(matches!(error, IntakeError::Calendar(_)), "{error:?}");
}

/// A store that fails every batch of more than one item, and every batch holding a
/// "poison" text, and otherwise delegates to SQLite.
struct Flaky {
    inner: Arc<dyn Store>,
    batches: AtomicUsize,
    /// Fails every batch as a database whose file was deleted does.
    unwritable: bool,
}

#[async_trait]
impl Store for Flaky {
    fn backend(&self) -> Backend {
        self.inner.backend()
    }
    fn keyring(&self) -> &sheshim_crypto::Keyring {
        self.inner.keyring()
    }
    async fn migrate(&self) -> Result<(), StoreError> {
        self.inner.migrate().await
    }
    async fn attach(&self, at: DateTime<Utc>) -> Result<Attached, StoreError> {
        self.inner.attach(at).await
    }
    async fn rotate_keys(&self, actor: &str, at: DateTime<Utc>) -> Result<Resealed, StoreError> {
        self.inner.rotate_keys(actor, at).await
    }
    async fn register_batch(
        &self,
        batch: Vec<NewRegistration>,
    ) -> Result<Vec<RegistrationOutcome>, StoreError> {
        let earlier_batches = self.batches.fetch_add(1, Ordering::Relaxed);
        if self.unwritable {
            if earlier_batches == 0 {
                // Let the other submissions queue up behind the first batch.
                tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            }
            return Err(StoreError::Unavailable("the file was deleted".into()));
        }
        if batch.len() > 1
            || batch
                .iter()
                .any(|item| item.text.as_str().contains("poison"))
        {
            return Err(StoreError::UnsupportedUrl);
        }
        self.inner.register_batch(batch).await
    }
    async fn appeal(&self, number: &RegistrationNumber) -> Result<Option<Appeal>, StoreError> {
        self.inner.appeal(number).await
    }
    async fn list_appeals(&self, filter: &AppealFilter) -> Result<AppealPage, StoreError> {
        self.inner.list_appeals(filter).await
    }
    async fn count_appeals(&self) -> Result<u64, StoreError> {
        self.inner.count_appeals().await
    }
    async fn appeals_of_applicant(
        &self,
        iin: &Iin,
        limit: u32,
    ) -> Result<Vec<AppealSummary>, StoreError> {
        self.inner.appeals_of_applicant(iin, limit).await
    }
    async fn appeal_records(
        &self,
        after_id: i64,
        limit: u32,
    ) -> Result<Vec<AppealRecord>, StoreError> {
        self.inner.appeal_records(after_id, limit).await
    }
    async fn registration_counters(&self) -> Result<Vec<(i32, u64)>, StoreError> {
        self.inner.registration_counters().await
    }
    async fn audit_entries(
        &self,
        after_seq: u64,
        limit: u32,
    ) -> Result<Vec<StoredAuditEntry>, StoreError> {
        self.inner.audit_entries(after_seq, limit).await
    }
    async fn audit_head(&self) -> Result<ChainHead, StoreError> {
        self.inner.audit_head().await
    }
    async fn case(
        &self,
        number: &RegistrationNumber,
    ) -> Result<Option<sheshim_store::StoredCase>, StoreError> {
        self.inner.case(number).await
    }
    async fn pending_cases(
        &self,
        limit: u32,
    ) -> Result<Vec<sheshim_store::StoredCase>, StoreError> {
        self.inner.pending_cases(limit).await
    }
    async fn overdue_cases(
        &self,
        today: chrono::NaiveDate,
        limit: u32,
    ) -> Result<Vec<sheshim_store::StoredCase>, StoreError> {
        self.inner.overdue_cases(today, limit).await
    }
    async fn cases_of_service(
        &self,
        service: &sheshim_domain::ServiceCode,
        from: Option<chrono::NaiveDate>,
        to: Option<chrono::NaiveDate>,
        after_id: i64,
        limit: u32,
    ) -> Result<sheshim_store::ServiceCasePage, StoreError> {
        self.inner
            .cases_of_service(service, from, to, after_id, limit)
            .await
    }
    async fn put_offers(
        &self,
        offers: Vec<sheshim_store::NewOffer>,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<sheshim_store::OffersWritten, StoreError> {
        self.inner.put_offers(offers, actor, at).await
    }
    async fn offer(
        &self,
        id: &sheshim_store::OfferId,
    ) -> Result<Option<sheshim_store::StoredOffer>, StoreError> {
        self.inner.offer(id).await
    }
    async fn change_offer(
        &self,
        id: &sheshim_store::OfferId,
        change: &sheshim_store::OfferChange,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        self.inner.change_offer(id, change, actor, at).await
    }
    async fn expire_offers(&self, actor: &str, at: DateTime<Utc>) -> Result<u64, StoreError> {
        self.inner.expire_offers(actor, at).await
    }
    async fn case_links(
        &self,
        number: &sheshim_domain::RegistrationNumber,
    ) -> Result<sheshim_store::CaseLinks, StoreError> {
        self.inner.case_links(number).await
    }
    async fn appeal_group(
        &self,
        id: &sheshim_domain::RegistrationNumber,
    ) -> Result<Option<sheshim_store::AppealGroup>, StoreError> {
        self.inner.appeal_group(id).await
    }
    async fn open_cases(
        &self,
        after_id: i64,
        limit: u32,
    ) -> Result<Vec<sheshim_store::OpenCase>, StoreError> {
        self.inner.open_cases(after_id, limit).await
    }
    async fn apply_case_changes(
        &self,
        changes: Vec<sheshim_store::CaseChange>,
    ) -> Result<Vec<sheshim_store::ChangeOutcome>, StoreError> {
        self.inner.apply_case_changes(changes).await
    }
    async fn case_digests(
        &self,
        after: &str,
        limit: u32,
    ) -> Result<Vec<(String, Result<String, StoreError>)>, StoreError> {
        self.inner.case_digests(after, limit).await
    }
    async fn queue(
        &self,
        filter: &sheshim_store::QueueFilter,
    ) -> Result<sheshim_store::QueuePage, StoreError> {
        self.inner.queue(filter).await
    }
    async fn record_event(&self, event: sheshim_audit::NewAuditEntry) -> Result<(), StoreError> {
        self.inner.record_event(event).await
    }
    async fn history(&self, subject: &str) -> Result<Vec<StoredAuditEntry>, StoreError> {
        self.inner.history(subject).await
    }
    async fn report_cases(
        &self,
        agency: Option<&sheshim_domain::AgencyCode>,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<Vec<sheshim_store::ReportCase>, StoreError> {
        self.inner.report_cases(agency, from, to).await
    }
    async fn automation_switches(
        &self,
    ) -> Result<Vec<sheshim_store::AutomationSwitch>, StoreError> {
        self.inner.automation_switches().await
    }
    async fn set_automation_switch(
        &self,
        switch: &sheshim_store::AutomationSwitch,
    ) -> Result<(), StoreError> {
        self.inner.set_automation_switch(switch).await
    }
    async fn due_outbox(
        &self,
        now: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<sheshim_store::OutboxMessage>, StoreError> {
        self.inner.due_outbox(now, limit).await
    }
    async fn outbox_written_after(
        &self,
        after_id: i64,
        limit: u32,
    ) -> Result<Vec<sheshim_store::OutboxWritten>, StoreError> {
        self.inner.outbox_written_after(after_id, limit).await
    }
    async fn settle_outbox(
        &self,
        message: &sheshim_store::OutboxMessage,
        result: Result<(), (String, DateTime<Utc>)>,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.inner.settle_outbox(message, result, actor, at).await
    }
    async fn add_user(
        &self,
        user: sheshim_store::NewUser,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<sheshim_store::UserId, StoreError> {
        self.inner.add_user(user, actor, at).await
    }
    async fn principal_by_token_hash(
        &self,
        token_hash: &str,
    ) -> Result<Option<sheshim_store::Principal>, StoreError> {
        self.inner.principal_by_token_hash(token_hash).await
    }
    async fn add_client(
        &self,
        client: sheshim_store::NewClient,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<sheshim_store::ClientId, StoreError> {
        self.inner.add_client(client, actor, at).await
    }
    async fn client_by_key_hash(
        &self,
        key_hash: &str,
    ) -> Result<Option<sheshim_store::ChannelClient>, StoreError> {
        self.inner.client_by_key_hash(key_hash).await
    }
    async fn access_code_hash(
        &self,
        number: &RegistrationNumber,
    ) -> Result<Option<String>, StoreError> {
        self.inner.access_code_hash(number).await
    }
    async fn ping(&self) -> Result<(), StoreError> {
        self.inner.ping().await
    }
    async fn check_writable(&self) -> Result<(), StoreError> {
        self.inner.check_writable().await
    }
    async fn sign_in_account(
        &self,
        login: &sheshim_domain::AccountName,
    ) -> Result<Option<sheshim_store::SignInAccount>, StoreError> {
        self.inner.sign_in_account(login).await
    }
    async fn record_failed_sign_in(
        &self,
        user: UserId,
        at: DateTime<Utc>,
        lockout: &sheshim_store::Lockout,
    ) -> Result<Option<DateTime<Utc>>, StoreError> {
        self.inner.record_failed_sign_in(user, at, lockout).await
    }
    async fn start_web_session(
        &self,
        id_hash: &str,
        user: UserId,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.inner.start_web_session(id_hash, user, at).await
    }
    async fn web_session(
        &self,
        id_hash: &str,
        at: DateTime<Utc>,
        idle: chrono::TimeDelta,
    ) -> Result<Option<sheshim_store::WebSession>, StoreError> {
        self.inner.web_session(id_hash, at, idle).await
    }
    async fn end_web_session(&self, id_hash: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.inner.end_web_session(id_hash, at).await
    }
    async fn change_password(
        &self,
        user: UserId,
        password_hash: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.inner.change_password(user, password_hash, at).await
    }
    async fn set_user_language(&self, user: UserId, language: Language) -> Result<(), StoreError> {
        self.inner.set_user_language(user, language).await
    }
    async fn saved_views(&self, user: UserId) -> Result<Vec<sheshim_store::SavedView>, StoreError> {
        self.inner.saved_views(user).await
    }
    async fn save_view(
        &self,
        user: UserId,
        name: &str,
        query: &str,
        at: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        self.inner.save_view(user, name, query, at).await
    }
    async fn delete_view(&self, user: UserId, id: i64) -> Result<bool, StoreError> {
        self.inner.delete_view(user, id).await
    }
    async fn users(&self) -> Result<Vec<sheshim_store::UserSummary>, StoreError> {
        self.inner.users().await
    }
    async fn change_user(
        &self,
        login: &sheshim_domain::AccountName,
        change: sheshim_store::UserChange,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.inner.change_user(login, change, actor, at).await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_item_fails_alone_and_the_rest_of_its_batch_is_registered() {
    let dir = tempfile::tempdir().unwrap();
    let inner = sqlite_store(&dir).await;
    let flaky = Arc::new(Flaky {
        inner: inner.clone(),
        batches: AtomicUsize::new(0),
        unwritable: false,
    });
    let clock = FixedClock(Utc.with_ymd_and_hms(2026, 11, 26, 5, 0, 0).unwrap());
    let (intake, writer) = Intake::start(flaky.clone(), Arc::new(clock), IntakeOptions::default());
    let mut tasks = Vec::new();
    for i in 0..30 {
        let intake = intake.clone();
        let text = if i == 7 {
            "poison pill".to_owned()
        } else {
            format!("appeal {i}")
        };
        tasks.push(tokio::spawn(async move {
            (i, intake.register(submission(&text)).await)
        }));
    }
    let mut created = 0;
    for task in tasks {
        match task.await.unwrap() {
            (7, result) => assert!(matches!(result, Err(IntakeError::Storage)), "{result:?}"),
            (_, Ok(Registered::Created(_))) => created += 1,
            (i, other) => panic!("appeal {i}: {other:?}"),
        }
    }
    assert_eq!(created, 29);
    assert_eq!(inner.count_appeals().await.unwrap(), 29);
    drop(intake);
    writer.await.unwrap();
    assert!(flaky.batches.load(Ordering::Relaxed) >= 30);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_registrations_share_transactions_and_all_get_distinct_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let store = sqlite_store(&dir).await;
    let clock = FixedClock(Utc.with_ymd_and_hms(2026, 11, 26, 5, 0, 0).unwrap());
    let (intake, _writer) = Intake::start(store.clone(), Arc::new(clock), IntakeOptions::default());
    let mut tasks = Vec::new();
    for i in 0..200 {
        let intake = intake.clone();
        tasks.push(tokio::spawn(async move {
            intake.register(submission(&format!("appeal {i}"))).await
        }));
    }
    let mut numbers = Vec::new();
    for task in tasks {
        numbers.push(
            task.await
                .unwrap()
                .unwrap()
                .appeal()
                .registration_number
                .sequence(),
        );
    }
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=200).collect::<Vec<u64>>());
    let report = sheshim_store::verify_store(store.as_ref(), store.keyring(), &[])
        .await
        .unwrap();
    assert!(report.is_intact(), "{report:?}");
    // The binding of the key file, then one entry per appeal.
    assert_eq!(report.entries, 201);
    assert_eq!(report.appeals, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_that_cannot_be_written_fails_every_item_without_retrying_each() {
    let dir = tempfile::tempdir().unwrap();
    let inner = sqlite_store(&dir).await;
    let flaky = Arc::new(Flaky {
        inner: inner.clone(),
        batches: AtomicUsize::new(0),
        unwritable: true,
    });
    let clock = FixedClock(Utc.with_ymd_and_hms(2026, 11, 26, 5, 0, 0).unwrap());
    let options = IntakeOptions {
        max_batch: 64,
        queue_capacity: 64,
    };
    let (intake, writer) = Intake::start(flaky.clone(), Arc::new(clock), options);
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let intake = intake.clone();
            tokio::spawn(async move { intake.register(submission(&format!("appeal {i}"))).await })
        })
        .collect();
    for task in tasks {
        let result = task.await.unwrap();
        assert!(matches!(result, Err(IntakeError::Storage)), "{result:?}");
    }
    drop(intake);
    writer.await.unwrap();
    assert_eq!(inner.count_appeals().await.unwrap(), 0);
    // The first batch, then the rest that queued behind it: neither was split into single
    // items to retry each (which would take 20 more calls).
    assert!(
        flaky.batches.load(Ordering::Relaxed) <= 3,
        "{:?}",
        flaky.batches
    );
}
