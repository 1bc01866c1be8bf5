//! Persistence for Sheshim behind one [`Store`] trait, with an SQLite implementation (the
//! embedded default: a file created on first run) and a PostgreSQL one, chosen by the
//! database URL.
//!
//! Every change is written in the same transaction as the audit entry that records it, and
//! each backend has its own append-only migrations under `migrations/<backend>/`. Personal
//! data is sealed with the keys of a [`Keyring`] kept outside the database, and every audit
//! entry is authenticated with its audit key.

mod access;
mod accounts;
mod case_model;
mod case_rows;
mod case_upkeep;
mod cases;
mod common;
mod file_guard;
mod group_model;
mod keys;
mod link_sql;
mod model;
mod numbering;
mod offer_sql;
mod offers;
mod postgres;
mod registry;
mod report_model;
mod report_sql;
mod row;
mod sealed;
mod sqlite;
mod verify;
mod web_access;
mod web_admin;
mod web_model;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use sheshim_audit::ChainHead;
use sheshim_crypto::Keyring;
use sheshim_domain::{
    AccountName, AgencyCode, Appeal, Iin, Language, RegistrationNumber, ServiceCode,
};
use sheshim_registry::PersonFacts;
use std::sync::Arc;

pub use accounts::{ChannelClient, ClientId, NewClient, NewUser, Principal, UserId};
pub use case_model::{
    AutomationSwitch, Awaiting, CaseChange, ChangeOutcome, NewOutboxMessage, OutboxMessage,
    OutboxWritten, QueueCursor, QueueFilter, QueueItem, QueuePage, ServiceCasePage, StoredCase,
};
pub use group_model::{AppealGroup, CaseLinks, GroupRef, NewLink, OpenCase};
pub use model::{
    AppealFilter, AppealPage, AppealRecord, AppealSummary, Attached, Backend, IdempotencyClaim,
    KeysProblem, NewRegistration, PageCursor, RegistrationOutcome, Resealed, StoreError,
    StoredAuditEntry,
};
pub use offers::{
    NewOffer, OfferChange, OfferContent, OfferId, OfferIdError, OfferStatus, OffersWritten,
    StoredOffer,
};
pub use postgres::PostgresStore;
pub use registry::{RegistryWritten, StoreRegistry};
pub use report_model::ReportCase;
pub use row::record_digest;
pub use sqlite::SqliteStore;
pub use verify::{AuditReport, Finding, verify_store};
pub use web_model::{Lockout, SavedView, SignInAccount, UserChange, UserSummary, WebSession};

/// Everything Sheshim keeps. Implementations must write each change and its audit entry in
/// one transaction, and must never lose a registration they reported as done.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Which database this is.
    fn backend(&self) -> Backend;

    /// The keys personal data is sealed with.
    fn keyring(&self) -> &Keyring;

    /// Applies the backend's migrations that have not been applied yet.
    async fn migrate(&self) -> Result<(), StoreError>;

    /// Checks the key file against the database, after [`Store::migrate`]. A database used
    /// for the first time is bound to the key file (and appeals stored before personal data
    /// was sealed are sealed now); a key file of another store, a database that is missing
    /// while its key file says it existed, and wrong or missing keys are refused.
    async fn attach(&self, at: DateTime<Utc>) -> Result<Attached, StoreError>;

    /// Seals every appeal's personal data again under the key file's active data key, marks
    /// data keys that no longer seal anything as retired, and records it in the audit log.
    async fn rotate_keys(&self, actor: &str, at: DateTime<Utc>) -> Result<Resealed, StoreError>;

    /// Registers a batch of appeals in one transaction: each gets the next registration
    /// number of its registration year and an audit entry. An item whose idempotency key was
    /// already used returns the appeal that key created instead of a new one. The outcomes
    /// are in the order of the batch; nothing is written unless all of it is.
    async fn register_batch(
        &self,
        batch: Vec<NewRegistration>,
    ) -> Result<Vec<RegistrationOutcome>, StoreError>;

    /// One appeal by its registration number.
    async fn appeal(&self, number: &RegistrationNumber) -> Result<Option<Appeal>, StoreError>;

    /// A page of appeals ordered by deadline (then by registration order), filtered.
    async fn list_appeals(&self, filter: &AppealFilter) -> Result<AppealPage, StoreError>;

    /// How many appeals are stored.
    async fn count_appeals(&self) -> Result<u64, StoreError>;

    /// The appeals of one applicant, found by the keyed hash of their IIN, by deadline.
    async fn appeals_of_applicant(
        &self,
        iin: &Iin,
        limit: u32,
    ) -> Result<Vec<AppealSummary>, StoreError>;

    /// Stored appeals with storage ids above `after_id`, in storage order, at most `limit`,
    /// each opened or with the reason it does not open: what `audit verify` checks.
    async fn appeal_records(
        &self,
        after_id: i64,
        limit: u32,
    ) -> Result<Vec<AppealRecord>, StoreError>;

    /// The last registration sequence number handed out in each year.
    async fn registration_counters(&self) -> Result<Vec<(i32, u64)>, StoreError>;

    /// Audit entries with sequence numbers above `after_seq`, in order, at most `limit`.
    async fn audit_entries(
        &self,
        after_seq: u64,
        limit: u32,
    ) -> Result<Vec<StoredAuditEntry>, StoreError>;

    /// The chain head recorded beside the audit log.
    async fn audit_head(&self) -> Result<ChainHead, StoreError>;

    /// Adds a user with their first API token, in one transaction with its audit entry.
    /// A login already taken is [`StoreError::Duplicate`].
    async fn add_user(
        &self,
        user: NewUser,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<UserId, StoreError>;

    /// The user an API token belongs to, found by the token's SHA-256 (hex); `None` for an
    /// unknown or revoked token or a disabled user.
    async fn principal_by_token_hash(
        &self,
        token_hash: &str,
    ) -> Result<Option<Principal>, StoreError>;

    /// Adds a channel client, in one transaction with its audit entry. A name already taken
    /// is [`StoreError::Duplicate`].
    async fn add_client(
        &self,
        client: NewClient,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<ClientId, StoreError>;

    /// The channel client a key belongs to, found by the key's SHA-256 (hex); `None` for an
    /// unknown or revoked key.
    async fn client_by_key_hash(&self, key_hash: &str)
    -> Result<Option<ChannelClient>, StoreError>;

    /// The stored hash of an appeal's access code (see `Keyring::access_code_hash`), if it
    /// has one: appeals registered before access codes existed have none.
    async fn access_code_hash(
        &self,
        number: &RegistrationNumber,
    ) -> Result<Option<String>, StoreError>;

    /// What a sign-in to the web workspace checks about the account `login` names, or
    /// `None` when no user has that login.
    async fn sign_in_account(
        &self,
        login: &AccountName,
    ) -> Result<Option<SignInAccount>, StoreError>;

    /// Counts a failed sign-in of `user`. The failure that reaches `lockout.after_failures`
    /// locks the account until `at + lockout.duration`, starts the count again and is
    /// audited (`user.locked`); the lock's end is returned then, `None` otherwise. An unknown
    /// user is [`StoreError::NotFound`].
    async fn record_failed_sign_in(
        &self,
        user: UserId,
        at: DateTime<Utc>,
        lockout: &Lockout,
    ) -> Result<Option<DateTime<Utc>>, StoreError>;

    /// Starts a web session named by `id_hash`, the SHA-256 (hex) of its cookie's secret,
    /// after a successful sign-in: the failure count starts again and `user.signed_in` is
    /// audited, in one transaction. A disabled or locked account is [`StoreError::Refused`],
    /// an unknown user [`StoreError::NotFound`].
    async fn start_web_session(
        &self,
        id_hash: &str,
        user: UserId,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// The session `id_hash` names, with its user as they are now. `None` when it is unknown,
    /// was idle for longer than `idle` (it is deleted then) or its user is disabled. Its
    /// `last_seen_at` is moved to `at` when it is a minute old or more, so that most page
    /// views only read; that write also deletes every other session idle for longer than
    /// `idle`.
    async fn web_session(
        &self,
        id_hash: &str,
        at: DateTime<Utc>,
        idle: TimeDelta,
    ) -> Result<Option<WebSession>, StoreError>;

    /// Ends the session `id_hash` names (signing out), audited as `user.signed_out`; a
    /// session that is already gone is left as it is.
    async fn end_web_session(&self, id_hash: &str, at: DateTime<Utc>) -> Result<(), StoreError>;

    /// Sets the user's own new password (its argon2id PHC string), which clears
    /// `must_change_password`, audited as `user.password_changed`. The user's sessions,
    /// the one they changed it in included, go on.
    async fn change_password(
        &self,
        user: UserId,
        password_hash: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// Keeps the interface language the user chose (not audited: a preference).
    async fn set_user_language(&self, user: UserId, language: Language) -> Result<(), StoreError>;

    /// The user's saved queue views, by name.
    async fn saved_views(&self, user: UserId) -> Result<Vec<SavedView>, StoreError>;

    /// Saves a queue view under `name`, replacing the user's view of that name if they have
    /// one (it keeps its id); returns the view's id.
    async fn save_view(
        &self,
        user: UserId,
        name: &str,
        query: &str,
        at: DateTime<Utc>,
    ) -> Result<i64, StoreError>;

    /// Deletes the user's view `id`; `false` when they have no view with that id.
    async fn delete_view(&self, user: UserId, id: i64) -> Result<bool, StoreError>;

    /// Every user, by login, as the administrators' list shows them.
    async fn users(&self) -> Result<Vec<UserSummary>, StoreError>;

    /// Changes the user `login` names, audited (`user.disabled`, `user.enabled`,
    /// `user.password_reset`, `user.role_changed`, `user.agency_changed`) as done by `actor`.
    /// Disabling and resetting the password end the user's web sessions; a reset makes the
    /// user change the password at their next sign-in and lifts a lock. An unknown login is
    /// [`StoreError::NotFound`].
    async fn change_user(
        &self,
        login: &AccountName,
        change: UserChange,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// Checks that the database answers.
    async fn ping(&self) -> Result<(), StoreError>;

    /// Checks that the database can take a write now: a real write in a transaction that is
    /// rolled back (and, for SQLite, the check that its files are the ones opened).
    async fn check_writable(&self) -> Result<(), StoreError>;

    /// One case with its appeal.
    async fn case(&self, number: &RegistrationNumber) -> Result<Option<StoredCase>, StoreError>;

    /// Cases the pipeline has not finished with, oldest first, at most `limit`.
    async fn pending_cases(&self, limit: u32) -> Result<Vec<StoredCase>, StoreError>;

    /// Open cases whose deadline is before `today`, at most `limit`.
    async fn overdue_cases(
        &self,
        today: NaiveDate,
        limit: u32,
    ) -> Result<Vec<StoredCase>, StoreError>;

    /// The cases of one service registered from `from` to `to` (inclusive, either open),
    /// with storage ids above `after_id`, in storage order, at most `limit`: what a replay
    /// of past applications reads, a page at a time.
    async fn cases_of_service(
        &self,
        service: &ServiceCode,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        after_id: i64,
        limit: u32,
    ) -> Result<ServiceCasePage, StoreError>;

    /// Applies changes in one transaction, each only if its case still has the version the
    /// change was computed from, each with its audit entry and outbox messages. The outcomes
    /// are in the order of the changes.
    async fn apply_case_changes(
        &self,
        changes: Vec<CaseChange>,
    ) -> Result<Vec<ChangeOutcome>, StoreError>;

    /// Cases after the registration number `after`, in order, at most `limit`, each with the
    /// digest of its stored state (or why its sealed documents do not open): what `audit
    /// verify` compares with the audit log.
    async fn case_digests(
        &self,
        after: &str,
        limit: u32,
    ) -> Result<Vec<(String, Result<String, StoreError>)>, StoreError>;

    /// The links of one case: the earlier case of the same applicant it repeats, and the mass
    /// appeal group it is a member of with the group's size.
    async fn case_links(&self, number: &RegistrationNumber) -> Result<CaseLinks, StoreError>;

    /// A mass appeal group with its members, by its id.
    async fn appeal_group(
        &self,
        id: &RegistrationNumber,
    ) -> Result<Option<AppealGroup>, StoreError>;

    /// Open cases the pipeline has finished with, with storage ids above `after_id`, in
    /// storage order, at most `limit`, each with its links: what the engine's duplicate index
    /// is rebuilt from at start-up, a page at a time.
    async fn open_cases(&self, after_id: i64, limit: u32) -> Result<Vec<OpenCase>, StoreError>;

    /// A page of the officers' queue, by deadline, then urgency, then registration order.
    async fn queue(&self, filter: &QueueFilter) -> Result<QueuePage, StoreError>;

    /// Records an event that changes no record — e.g. an official reading personal data
    /// unmasked — as an audit entry of its own. The payload must hold no personal data.
    async fn record_event(&self, event: sheshim_audit::NewAuditEntry) -> Result<(), StoreError>;

    /// Every audit entry about one subject (a registration number), in order.
    async fn history(&self, subject: &str) -> Result<Vec<StoredAuditEntry>, StoreError>;

    /// The automation switches that were ever set.
    async fn automation_switches(&self) -> Result<Vec<AutomationSwitch>, StoreError>;

    /// Sets a service's (or, with `*`, every service's) stop switch, audited.
    async fn set_automation_switch(&self, switch: &AutomationSwitch) -> Result<(), StoreError>;

    /// Messages not yet delivered whose next attempt is due at `now`, oldest first.
    async fn due_outbox(
        &self,
        now: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<OutboxMessage>, StoreError>;

    /// Messages written to the outbox with a storage id above `after_id` (delivered or not),
    /// in id order, at most `limit`: how a benchmark or a monitor sees answers arrive without
    /// opening their bodies. A store that does not keep an outbox answers
    /// [`StoreError::Unavailable`].
    async fn outbox_written_after(
        &self,
        after_id: i64,
        limit: u32,
    ) -> Result<Vec<OutboxWritten>, StoreError> {
        let _ = (after_id, limit);
        Err(StoreError::Unavailable(
            "this store keeps no outbox".to_owned(),
        ))
    }

    /// Records a delivery attempt: delivered (audited), or failed with the reason (no
    /// personal data) and the time of the next attempt.
    async fn settle_outbox(
        &self,
        message: &OutboxMessage,
        result: Result<(), (String, DateTime<Utc>)>,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// Writes proactive offers in one transaction with one audit entry (counts and a digest,
    /// nothing about the persons). An offer for a person who already has one of the same
    /// service and period is not written: the first is kept as it is.
    async fn put_offers(
        &self,
        offers: Vec<NewOffer>,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<OffersWritten, StoreError>;

    /// One offer by its id.
    async fn offer(&self, id: &OfferId) -> Result<Option<StoredOffer>, StoreError>;

    /// Applies a change to an offer if it is in the state the change follows (accepting also
    /// needs it not to have lapsed at `at`), with its audit entry; `false` when it was not.
    async fn change_offer(
        &self,
        id: &OfferId,
        change: &OfferChange,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError>;

    /// Marks every offer still open whose time ran out by `at` as expired (kept, not
    /// deleted), in one transaction with one audit entry counting them; returns how many.
    async fn expire_offers(&self, actor: &str, at: DateTime<Utc>) -> Result<u64, StoreError>;

    /// Writes facts about persons into the store's registry table (`registry_persons`): a
    /// person it holds already gets the new facts, a person named twice the later ones. One
    /// transaction, with one audit entry that holds counts and a digest, no personal data.
    /// A store without the table answers [`StoreError::Unavailable`].
    async fn put_registry_persons(
        &self,
        persons: &[(Iin, PersonFacts)],
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<RegistryWritten, StoreError> {
        let _ = (persons, actor, at);
        Err(StoreError::Unavailable(NO_REGISTRY.to_owned()))
    }

    /// Writes the facts about one person into the store's registry table, as
    /// [`Store::put_registry_persons`] does.
    async fn put_registry_person(
        &self,
        iin: &Iin,
        facts: &PersonFacts,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.put_registry_persons(&[(iin.clone(), facts.clone())], actor, at)
            .await
            .map(|_| ())
    }

    /// The facts the store's registry table holds about the person with this IIN, or `None`.
    /// A store without the table answers [`StoreError::Unavailable`].
    async fn registry_person(&self, iin: &Iin) -> Result<Option<PersonFacts>, StoreError> {
        let _ = iin;
        Err(StoreError::Unavailable(NO_REGISTRY.to_owned()))
    }

    /// The cases registered from `from` to `to` (inclusive, Kazakhstan dates) of one agency
    /// (the agency in charge, or the one addressed before the pipeline routed the case), or
    /// of every agency with `None`, by registration date: what the supervisor's reports
    /// count. Each carries what its record and audit entries say about it (see
    /// [`ReportCase`]), and no personal data.
    async fn report_cases(
        &self,
        agency: Option<&AgencyCode>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<ReportCase>, StoreError>;
}

/// What a store that keeps no registry table says when asked for one.
const NO_REGISTRY: &str = "this store keeps no registry of persons";

/// Opens the store a URL names: `sqlite://path/to/file.db` (created with its folder, readable
/// by its owner only, if missing) or `postgres://…` / `postgresql://…`. Migrations are not
/// run and the keys are not checked; [`open_attached`] does both.
pub async fn open(url: &str, keys: Arc<Keyring>) -> Result<Arc<dyn Store>, StoreError> {
    match Backend::of_url(url)? {
        Backend::Sqlite => Ok(Arc::new(SqliteStore::open(url, keys).await?)),
        Backend::Postgres => Ok(Arc::new(PostgresStore::open(url, keys).await?)),
    }
}

/// Opens the store a URL names, applies its migrations and attaches the key file
/// ([`Store::attach`]). When the result is [`Attached::New`], the caller must write the new
/// store id into the key file.
pub async fn open_attached(
    url: &str,
    keys: Arc<Keyring>,
    at: DateTime<Utc>,
) -> Result<(Arc<dyn Store>, Attached), StoreError> {
    let store = open(url, keys).await?;
    store.migrate().await?;
    let attached = store.attach(at).await?;
    Ok((store, attached))
}
