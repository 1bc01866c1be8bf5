//! Registering appeals: the legal dates, and a single writer that commits them in batches.
//!
//! Every accepted appeal must be durable before the citizen is told its number, and a
//! durable commit costs a disk flush. Requests therefore queue to one writer task that
//! commits whatever has queued up in one transaction ("group commit"): under load, many
//! appeals share one flush; when idle, a lone appeal is committed at once.

use crate::clock::Clock;
use crate::language::identify_language;
use chrono::SubsecRound;
use sheshim_calendar::{Calendar, CalendarError, appc};
use sheshim_domain::{
    AgencyCode, Appeal, AppealKind, AppealText, Applicant, Channel, Language, ServiceCode,
};
use sheshim_store::{IdempotencyClaim, NewRegistration, RegistrationOutcome, Store};
use std::sync::Arc;
use thiserror::Error;
use tokio::sync::{Notify, mpsc, oneshot};
use tokio::task::JoinHandle;

/// An appeal as received, already parsed at the edge.
#[derive(Debug, Clone)]
pub struct Submission {
    /// The APPC kind, if the citizen chose one; otherwise an application (the commonest kind)
    /// until the classifier decides.
    pub kind: Option<AppealKind>,
    /// The language, if stated; otherwise guessed from the text.
    pub language: Option<Language>,
    /// How it arrived.
    pub channel: Channel,
    /// What the citizen wrote.
    pub text: AppealText,
    /// Who wrote it.
    pub applicant: Applicant,
    /// The addressed agency, if named.
    pub agency: Option<AgencyCode>,
    /// The client's idempotency key, if sent.
    pub idempotency: Option<IdempotencyClaim>,
    /// Who submits it, for the audit log.
    pub actor: String,
    /// The service applied for (already checked against the catalogue at the edge).
    pub service: Option<ServiceCode>,
    /// What the applicant claims, typed by the service's inputs.
    pub claims: Option<serde_json::Value>,
    /// The case's first record (e.g. the case it was forwarded from).
    pub case_record: Option<serde_json::Value>,
    /// The service's own term in working days, if it has one (else 15, APPC art. 76).
    pub term_working_days: Option<u32>,
    /// The hash of the access code the citizen is given (see `Keyring::access_code_hash`),
    /// stored with the new appeal in its registration's transaction.
    pub access_code_hash: Option<String>,
}

/// A successful registration.
#[derive(Debug, Clone)]
pub enum Registered {
    /// A new appeal.
    Created(Appeal),
    /// The appeal an earlier request with the same idempotency key created.
    Replayed(Appeal),
}

impl Registered {
    /// The appeal, new or earlier.
    pub fn appeal(&self) -> &Appeal {
        match self {
            Registered::Created(appeal) | Registered::Replayed(appeal) => appeal,
        }
    }
}

/// Why an appeal could not be registered. None of these carries personal data.
#[derive(Debug, Error)]
pub enum IntakeError {
    /// The idempotency key was already used for a different request.
    #[error("the Idempotency-Key was already used for a different request")]
    IdempotencyKeyReused,
    /// The date falls outside the working-day calendar's data.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// The store failed; the cause has been logged.
    #[error("the appeal could not be stored")]
    Storage,
    /// The writer has stopped (the server is shutting down).
    #[error("intake is shutting down")]
    ShuttingDown,
}

/// How the writer batches.
#[derive(Debug, Clone, Copy)]
pub struct IntakeOptions {
    /// Most registrations committed in one transaction.
    pub max_batch: usize,
    /// How many submissions may wait for the writer before callers wait to enqueue.
    pub queue_capacity: usize,
}

impl Default for IntakeOptions {
    fn default() -> Self {
        IntakeOptions {
            max_batch: 256,
            queue_capacity: 4096,
        }
    }
}

type Reply = oneshot::Sender<Result<Registered, IntakeError>>;

/// The registration use case. Cheap to clone; all clones feed one writer.
#[derive(Clone)]
pub struct Intake {
    queue: mpsc::Sender<(NewRegistration, Reply)>,
    calendar: &'static Calendar,
    clock: Arc<dyn Clock>,
    wake: Arc<Notify>,
}

impl Intake {
    /// Starts the writer task over a store. The task ends once every `Intake` clone is dropped
    /// and the queue is drained.
    pub fn start(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        options: IntakeOptions,
    ) -> (Intake, JoinHandle<()>) {
        let (queue, receiver) = mpsc::channel(options.queue_capacity.max(1));
        let wake = Arc::new(Notify::new());
        let writer = tokio::spawn(run_writer(
            store,
            receiver,
            options.max_batch.max(1),
            wake.clone(),
        ));
        let intake = Intake {
            queue,
            calendar: Calendar::kazakhstan(),
            clock,
            wake,
        };
        (intake, writer)
    }

    /// Notified after every commit of new registrations: the case pipeline waits on it.
    pub fn wake(&self) -> Arc<Notify> {
        self.wake.clone()
    }

    /// Registers an appeal received now: the registration date is the day of receipt in
    /// Kazakhstan, or the next working day; the deadline is 15 working days after it
    /// (APPC art. 76). Returns once the appeal is durably stored.
    pub async fn register(&self, submission: Submission) -> Result<Registered, IntakeError> {
        // Both stores keep microseconds; truncating here makes what is returned equal what is stored.
        let received_at = self.clock.now().trunc_subsecs(6);
        let registered_on = self.calendar.registration_date(received_at)?;
        let deadline =
            appc::review_deadline(self.calendar, registered_on, submission.term_working_days)?;
        let language = submission
            .language
            .unwrap_or_else(|| identify_language(submission.text.as_str()));
        let registration = NewRegistration {
            kind: submission.kind.unwrap_or(AppealKind::Application),
            language,
            channel: submission.channel,
            text: submission.text,
            applicant: submission.applicant,
            agency: submission.agency,
            received_at,
            registered_on,
            deadline,
            idempotency: submission.idempotency,
            actor: submission.actor,
            service: submission.service,
            claims: submission.claims,
            case_record: submission.case_record,
            access_code_hash: submission.access_code_hash,
        };
        let (reply, answer) = oneshot::channel();
        self.queue
            .send((registration, reply))
            .await
            .map_err(|_| IntakeError::ShuttingDown)?;
        answer.await.map_err(|_| IntakeError::ShuttingDown)?
    }
}

/// Commits queued registrations, as many as have queued up (up to `max_batch`) at a time.
async fn run_writer(
    store: Arc<dyn Store>,
    mut receiver: mpsc::Receiver<(NewRegistration, Reply)>,
    max_batch: usize,
    wake: Arc<Notify>,
) {
    let mut jobs = Vec::with_capacity(max_batch);
    while receiver.recv_many(&mut jobs, max_batch).await > 0 {
        let (batch, replies): (Vec<_>, Vec<_>) = jobs.drain(..).unzip();
        tracing::debug!(batch = batch.len(), "committing registrations");
        match store.register_batch(batch.clone()).await {
            Ok(outcomes) => {
                deliver(replies, outcomes);
                wake.notify_one();
            }
            Err(error) if batch.len() == 1 || error.is_unavailable() => {
                // A database that cannot be written fails every item alike: no point retrying
                // them one by one now. Nothing is acknowledged; clients retry later.
                tracing::error!(%error, "registering an appeal failed");
                deliver_error(replies);
            }
            Err(error) => {
                // One bad item must not fail the others: retry each alone, so only it fails.
                tracing::warn!(%error, batch = batch.len(), "batch failed; retrying one by one");
                for (item, reply) in batch.into_iter().zip(replies) {
                    match store.register_batch(vec![item]).await {
                        Ok(outcomes) => {
                            deliver(vec![reply], outcomes);
                            wake.notify_one();
                        }
                        Err(error) => {
                            tracing::error!(%error, "registering an appeal failed");
                            deliver_error(vec![reply]);
                        }
                    }
                }
            }
        }
    }
}

fn deliver(replies: Vec<Reply>, outcomes: Vec<RegistrationOutcome>) {
    for (reply, outcome) in replies.into_iter().zip(outcomes) {
        let result = match outcome {
            RegistrationOutcome::Created(appeal) => Ok(Registered::Created(appeal)),
            RegistrationOutcome::Replayed(appeal) => Ok(Registered::Replayed(appeal)),
            RegistrationOutcome::KeyReusedForAnotherRequest => {
                Err(IntakeError::IdempotencyKeyReused)
            }
        };
        // A caller that went away (client disconnected) no longer needs the answer; the
        // appeal is registered all the same and can be found by its idempotency key.
        let _ = reply.send(result);
    }
}

fn deliver_error(replies: Vec<Reply>) {
    for reply in replies {
        let _ = reply.send(Err(IntakeError::Storage));
    }
}
