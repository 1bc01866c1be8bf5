//! The case flow's SQL, the same on both databases, expanded per backend like `common.rs`:
//! cases read with their appeals, changes applied only to the version they were computed
//! from, the officers' queue, the outbox and the automation switches.
//!
//! A case's `record` and `claims` are sealed JSON bound to their column and registration
//! number; an outbox message is sealed bound to its delivery id.

use crate::case_model::{Awaiting, QueueItem, StoredCase};
use crate::model::StoreError;
use crate::row::{AppealRow, column};
use chrono::{DateTime, NaiveDate, Utc};
use sheshim_crypto::Keyring;
use sheshim_domain::{
    AgencyCode, AppealKind, CaseStatus, Language, RegistrationNumber, ServiceCode,
};
use std::sync::LazyLock;

/// The statuses in which a case is still open (no decision yet).
pub(crate) const OPEN_STATUSES: &str =
    "('registered', 'in_review', 'extended', 'awaiting_hearing')";

/// The appeal's columns, qualified for a join of `cases c` with `appeals a`, followed by the
/// case's own.
pub(crate) static CASE_COLUMNS: LazyLock<String> = LazyLock::new(|| {
    let appeal: Vec<String> = crate::row::APPEAL_COLUMNS
        .split(", ")
        .map(|name| format!("a.{}", name.trim()))
        .collect();
    format!(
        "{}, c.service, c.pipeline, c.version, c.agency AS case_agency, c.assignee, c.urgency, \
         c.awaiting, c.outcome, c.claims, c.record, c.updated_at",
        appeal.join(", ")
    )
});

/// The columns of a queue item, for the same join.
pub(crate) const QUEUE_COLUMNS: &str = "a.id, a.registration_number, a.kind, a.language, a.status, \
    a.registered_on, a.deadline, c.service, c.agency AS case_agency, c.urgency, c.assignee, \
    c.awaiting, c.outcome, c.version";

/// SHA-256 over the canonical JSON of everything a case holds beside its appeal, personal
/// data included in the clear (sealing does not change it): the audit entry of every change
/// carries it, so `audit verify` finds a case edited, or rolled back to an earlier sealed
/// record of its own, outside Sheshim.
#[allow(clippy::too_many_arguments)]
pub(crate) fn case_digest(
    service: Option<&str>,
    pipeline: &str,
    agency: Option<&str>,
    assignee: Option<&str>,
    urgency: i64,
    awaiting: &str,
    outcome: Option<&str>,
    claims: Option<&serde_json::Value>,
    record: Option<&serde_json::Value>,
) -> String {
    use sha2::{Digest, Sha256};
    let state = serde_json::json!({
        "service": service, "pipeline": pipeline, "agency": agency, "assignee": assignee,
        "urgency": urgency, "awaiting": awaiting, "outcome": outcome,
        "claims": claims, "record": record,
    });
    hex::encode(Sha256::digest(
        sheshim_audit::canonical_json(&state).as_bytes(),
    ))
}

/// A case's stored state as `audit verify` reads it.
#[derive(sqlx::FromRow)]
pub(crate) struct CaseStateRow {
    pub registration_number: String,
    pub service: Option<String>,
    pub pipeline: String,
    pub agency: Option<String>,
    pub assignee: Option<String>,
    pub urgency: i64,
    pub awaiting: String,
    pub outcome: Option<String>,
    pub claims: Option<String>,
    pub record: Option<String>,
}

impl CaseStateRow {
    /// The digest of the state, its sealed documents opened (or why they do not open).
    pub(crate) fn digest(&self, keys: &Keyring) -> Result<String, StoreError> {
        let number = self.registration_number.as_str();
        let open = |sealed: &Option<String>, column: &'static str| {
            sealed
                .as_deref()
                .map(|value| open_json(keys, value, &case_binding(column, number), column, number))
                .transpose()
        };
        Ok(case_digest(
            self.service.as_deref(),
            &self.pipeline,
            self.agency.as_deref(),
            self.assignee.as_deref(),
            self.urgency,
            &self.awaiting,
            self.outcome.as_deref(),
            open(&self.claims, "claims")?.as_ref(),
            open(&self.record, "record")?.as_ref(),
        ))
    }
}

/// What binds a sealed case document to its place.
pub(crate) fn case_binding(column: &str, number: &str) -> String {
    format!("cases.{column} {number}")
}

/// What binds a sealed outbox message to its place.
pub(crate) fn outbox_binding(delivery_id: &str) -> String {
    format!("outbox.payload {delivery_id}")
}

/// Seals a JSON document for a column of `cases`.
pub(crate) fn seal_json(
    keys: &Keyring,
    value: &serde_json::Value,
    binding: &str,
) -> Result<String, StoreError> {
    Ok(keys.seal(&value.to_string(), binding)?)
}

/// Opens a sealed JSON document, or names it as corrupt.
pub(crate) fn open_json(
    keys: &Keyring,
    sealed: &str,
    binding: &str,
    column_name: &'static str,
    subject: &str,
) -> Result<serde_json::Value, StoreError> {
    let corrupt = || StoreError::Corrupt {
        column: column_name,
        subject: subject.to_owned(),
    };
    let text = keys.open(sealed, binding).map_err(|_| corrupt())?;
    serde_json::from_str(&text).map_err(|_| corrupt())
}

/// A case row joined with its appeal.
#[derive(sqlx::FromRow)]
pub(crate) struct CaseRow {
    #[sqlx(flatten)]
    pub appeal: AppealRow,
    pub service: Option<String>,
    pub pipeline: String,
    pub version: i64,
    pub case_agency: Option<String>,
    pub assignee: Option<String>,
    pub urgency: i64,
    pub awaiting: String,
    pub outcome: Option<String>,
    pub claims: Option<String>,
    pub record: Option<String>,
    pub updated_at: DateTime<Utc>,
}

impl CaseRow {
    pub(crate) fn into_case(self, keys: &Keyring) -> Result<StoredCase, StoreError> {
        let appeal = self.appeal.into_appeal(Some(keys))?;
        let number = appeal.registration_number.as_str().to_owned();
        let s = number.as_str();
        let claims = self
            .claims
            .map(|sealed| open_json(keys, &sealed, &case_binding("claims", s), "claims", s))
            .transpose()?;
        let record = self
            .record
            .map(|sealed| open_json(keys, &sealed, &case_binding("record", s), "record", s))
            .transpose()?;
        Ok(StoredCase {
            service: self
                .service
                .map(|code| column(ServiceCode::parse(&code), "service", s))
                .transpose()?,
            pipeline_done: match self.pipeline.as_str() {
                "pending" => false,
                "done" => true,
                _ => return column(Err(()), "pipeline", s),
            },
            version: self.version,
            agency: self
                .case_agency
                .map(|code| column(AgencyCode::parse(&code), "agency", s))
                .transpose()?,
            assignee: self.assignee,
            urgency: column(u8::try_from(self.urgency), "urgency", s)?,
            awaiting: column(Awaiting::parse(&self.awaiting).ok_or(()), "awaiting", s)?,
            outcome: self.outcome,
            claims,
            record,
            updated_at: self.updated_at,
            appeal,
        })
    }
}

/// A queue row.
#[derive(sqlx::FromRow)]
pub(crate) struct QueueRow {
    pub id: i64,
    pub registration_number: String,
    pub kind: String,
    pub language: String,
    pub status: String,
    pub registered_on: NaiveDate,
    pub deadline: NaiveDate,
    pub service: Option<String>,
    pub case_agency: Option<String>,
    pub urgency: i64,
    pub assignee: Option<String>,
    pub awaiting: String,
    pub outcome: Option<String>,
    pub version: i64,
}

impl QueueRow {
    pub(crate) fn into_item(self) -> Result<QueueItem, StoreError> {
        let number = column(
            RegistrationNumber::parse(&self.registration_number),
            "registration_number",
            "a case",
        )?;
        let s = number.as_str().to_owned();
        let s = s.as_str();
        Ok(QueueItem {
            kind: column(AppealKind::parse(&self.kind), "kind", s)?,
            language: column(Language::parse(&self.language), "language", s)?,
            status: column(CaseStatus::parse(&self.status), "status", s)?,
            registered_on: self.registered_on,
            deadline: self.deadline,
            service: self
                .service
                .map(|code| column(ServiceCode::parse(&code), "service", s))
                .transpose()?,
            agency: self
                .case_agency
                .map(|code| column(AgencyCode::parse(&code), "agency", s))
                .transpose()?,
            urgency: column(u8::try_from(self.urgency), "urgency", s)?,
            assignee: self.assignee,
            awaiting: column(Awaiting::parse(&self.awaiting).ok_or(()), "awaiting", s)?,
            outcome: self.outcome,
            version: self.version,
            registration_number: number,
        })
    }
}

/// Expands the case flow's methods as inherent methods of a backend's store; the `Store`
/// trait's methods (in `common.rs`) call them.
macro_rules! case_methods {
    ($db:ty) => {
        /// Inserts the case rows of newly registered appeals.
        async fn insert_cases(
            tx: &mut sqlx::Transaction<'static, $db>,
            cases: &[(
                String,
                Option<String>,
                Option<String>,
                Option<String>,
                Option<String>,
                chrono::DateTime<chrono::Utc>,
            )],
        ) -> Result<(), $crate::StoreError> {
            for chunk in cases.chunks(Self::ROWS_PER_INSERT) {
                let mut insert = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO cases (registration_number, service, pipeline, version, agency, \
                     awaiting, claims, record, updated_at) ",
                );
                insert.push_values(chunk, |mut row, (number, service, agency, claims, record, at)| {
                    row.push_bind(number.as_str())
                        .push_bind(service.as_deref())
                        .push_bind("pending")
                        .push_bind(1_i64)
                        .push_bind(agency.as_deref())
                        .push_bind("machine")
                        .push_bind(claims.as_deref())
                        .push_bind(record.as_deref())
                        .push_bind(*at);
                });
                insert.build().execute(&mut **tx).await?;
            }
            Ok(())
        }

        async fn cases_where(
            &self,
            condition: &str,
            bind: Option<chrono::NaiveDate>,
            text: Option<&str>,
            limit: u32,
        ) -> Result<Vec<$crate::StoredCase>, $crate::StoreError> {
            use $crate::cases::{CaseRow, CASE_COLUMNS};
            let sql = format!(
                "SELECT {} FROM cases c JOIN appeals a ON a.registration_number = c.registration_number \
                 WHERE {condition} ORDER BY a.id LIMIT {limit}",
                &*CASE_COLUMNS
            );
            let mut query = sqlx::query_as::<_, CaseRow>(sqlx::AssertSqlSafe(sql));
            if let Some(date) = bind {
                query = query.bind(date);
            }
            if let Some(text) = text {
                query = query.bind(text.to_owned());
            }
            let rows = query.fetch_all(&self.pool).await?;
            rows.into_iter().map(|row| row.into_case(&self.keys)).collect()
        }

        /// Seals every case's record and claims, and every message of the outbox, again under
        /// the active data key (a page per transaction); returns how many values were resealed.
        async fn reseal_case_documents(&self) -> Result<u64, $crate::StoreError> {
            use $crate::cases::{case_binding, outbox_binding};
            let keys = &self.keys;
            let current = format!("sh1:{}:%", keys.active_key());
            let mut resealed = 0u64;
            for (table, key, column, bind) in [
                ("cases", "registration_number", "record", "record"),
                ("cases", "registration_number", "claims", "claims"),
                ("outbox", "delivery_id", "payload", "payload"),
            ] {
                loop {
                    let mut tx = self.begin_write().await?;
                    let rows: Vec<(String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                        "SELECT {key}, {column} FROM {table} WHERE {column} IS NOT NULL \
                         AND {column} NOT LIKE $1 ORDER BY {key} LIMIT 500"
                    )))
                    .bind(&current)
                    .fetch_all(&mut *tx)
                    .await?;
                    if rows.is_empty() {
                        tx.rollback().await?;
                        break;
                    }
                    for (id, sealed) in rows {
                        let binding = if table == "outbox" {
                            outbox_binding(&id)
                        } else {
                            case_binding(bind, &id)
                        };
                        let corrupt = || $crate::StoreError::Corrupt { column: "sealed document", subject: id.clone() };
                        let opened = keys.open(&sealed, &binding).map_err(|_| corrupt())?;
                        let again = keys.seal(&opened, &binding)?;
                        sqlx::query(sqlx::AssertSqlSafe(format!(
                            "UPDATE {table} SET {column} = $1 WHERE {key} = $2"
                        )))
                        .bind(again)
                        .bind(&id)
                        .execute(&mut *tx)
                        .await?;
                        resealed += 1;
                    }
                    self.commit_write(tx).await?;
                }
            }
            Ok(resealed)
        }

        /// Whether any case document or outbox message is still sealed with data key `id`.
        async fn case_documents_sealed_with(
            tx: &mut sqlx::Transaction<'static, $db>,
            id: &str,
        ) -> Result<bool, $crate::StoreError> {
            let pattern = format!("sh1:{id}:%");
            let cases: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM cases WHERE record LIKE $1 OR claims LIKE $1",
            )
            .bind(&pattern)
            .fetch_one(&mut **tx)
            .await?;
            let messages: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE payload LIKE $1")
                .bind(&pattern)
                .fetch_one(&mut **tx)
                .await?;
            Ok(cases + messages > 0)
        }

        /// See [`Store::cases_of_service`](crate::Store::cases_of_service).
        async fn service_cases(
            &self,
            service: &sheshim_domain::ServiceCode,
            from: Option<chrono::NaiveDate>,
            to: Option<chrono::NaiveDate>,
            after_id: i64,
            limit: u32,
        ) -> Result<$crate::ServiceCasePage, $crate::StoreError> {
            use $crate::cases::{CaseRow, CASE_COLUMNS};
            let mut query = sqlx::QueryBuilder::<$db>::new(format!(
                "SELECT {} FROM cases c JOIN appeals a ON a.registration_number = c.registration_number \
                 WHERE c.service = ",
                &*CASE_COLUMNS
            ));
            query.push_bind(service.as_str().to_owned());
            query.push(" AND a.id > ").push_bind(after_id);
            if let Some(from) = from {
                query.push(" AND a.registered_on >= ").push_bind(from);
            }
            if let Some(to) = to {
                query.push(" AND a.registered_on <= ").push_bind(to);
            }
            query.push(" ORDER BY a.id LIMIT ").push_bind(i64::from(limit));
            let rows: Vec<CaseRow> = query.build_query_as().fetch_all(&self.pool).await?;
            let last_id = rows.last().map(|row| row.appeal.id);
            let cases = rows
                .into_iter()
                .map(|row| row.into_case(&self.keys))
                .collect::<Result<Vec<_>, _>>()?;
            Ok($crate::ServiceCasePage { cases, last_id })
        }

        async fn apply_changes(
            &self,
            changes: Vec<$crate::CaseChange>,
        ) -> Result<Vec<$crate::ChangeOutcome>, $crate::StoreError> {
            use $crate::cases::{case_binding, outbox_binding, seal_json};
            use $crate::row::{APPEAL_COLUMNS, AppealRow, chain_head, record_digest};
            let mut tx = self.begin_write().await?;
            let (head_seq, head_hash): (i64, String) =
                sqlx::query_as(Self::HEAD_FOR_UPDATE).fetch_one(&mut *tx).await?;
            let mut head = chain_head(head_seq, &head_hash)?;
            let mut entries = Vec::with_capacity(changes.len());
            let mut outcomes = Vec::with_capacity(changes.len());
            for change in changes {
                let number = change.number.as_str();
                let mut update = sqlx::QueryBuilder::<$db>::new(
                    "UPDATE cases SET version = version + 1, updated_at = ",
                );
                update.push_bind(change.at);
                if change.pipeline_done {
                    update.push(", pipeline = 'done'");
                }
                if let Some(agency) = &change.agency {
                    update.push(", agency = ").push_bind(agency.as_str().to_owned());
                }
                if let Some(assignee) = &change.assignee {
                    update.push(", assignee = ").push_bind(assignee.clone());
                }
                if let Some(urgency) = change.urgency {
                    update.push(", urgency = ").push_bind(i64::from(urgency));
                }
                if let Some(awaiting) = change.awaiting {
                    update.push(", awaiting = ").push_bind(awaiting.code());
                }
                if let Some(outcome) = &change.outcome {
                    update.push(", outcome = ").push_bind(outcome.clone());
                }
                if let Some(record) = &change.record {
                    let sealed = seal_json(&self.keys, record, &case_binding("record", number))?;
                    update.push(", record = ").push_bind(sealed);
                }
                update
                    .push(" WHERE registration_number = ")
                    .push_bind(number.to_owned())
                    .push(" AND version = ")
                    .push_bind(change.expected_version)
                    .push(" RETURNING version, registration_number, service, pipeline, agency, \
                           assignee, urgency, awaiting, outcome, claims, record");
                let state: Option<(i64, $crate::cases::CaseStateRow)> = update
                    .build()
                    .fetch_optional(&mut *tx)
                    .await?
                    .map(|row| {
                        use sqlx::{FromRow, Row};
                        Ok::<_, sqlx::Error>((row.try_get("version")?, $crate::cases::CaseStateRow::from_row(&row)?))
                    })
                    .transpose()?;
                let Some((version, state)) = state else {
                    outcomes.push($crate::ChangeOutcome::Stale);
                    continue;
                };
                let mut payload = change.payload.clone();
                if let Some(object) = payload.as_object_mut() {
                    object.insert("version".to_owned(), serde_json::json!(version));
                    object.insert("case_sha256".to_owned(), serde_json::json!(state.digest(&self.keys)?));
                }
                if change.status.is_some() || change.deadline.is_some() {
                    let row: AppealRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                        "SELECT {APPEAL_COLUMNS} FROM appeals WHERE registration_number = $1"
                    )))
                    .bind(number)
                    .fetch_one(&mut *tx)
                    .await?;
                    let mut appeal = row.into_appeal(Some(&self.keys))?;
                    if let Some(status) = change.status {
                        appeal.status = status;
                    }
                    if let Some(deadline) = change.deadline {
                        appeal.deadline = deadline;
                    }
                    sqlx::query(
                        "UPDATE appeals SET status = $1, deadline = $2 WHERE registration_number = $3",
                    )
                    .bind(appeal.status.code())
                    .bind(appeal.deadline)
                    .bind(number)
                    .execute(&mut *tx)
                    .await?;
                    if let Some(object) = payload.as_object_mut() {
                        object.insert("status".to_owned(), serde_json::json!(appeal.status.code()));
                        if change.deadline.is_some() {
                            object.insert(
                                "deadline".to_owned(),
                                serde_json::json!(appeal.deadline.to_string()),
                            );
                            object.insert(
                                "record_sha256".to_owned(),
                                serde_json::json!(record_digest(&appeal)),
                            );
                        }
                    }
                }
                for (index, message) in change.outbox.iter().enumerate() {
                    let delivery_id = format!("{number}/{version}/{index}");
                    let sealed =
                        seal_json(&self.keys, &message.payload, &outbox_binding(&delivery_id))?;
                    sqlx::query(
                        "INSERT INTO outbox (registration_number, message_kind, payload, delivery_id, \
                         created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $5)",
                    )
                    .bind(number)
                    .bind(message.kind.as_str())
                    .bind(sealed)
                    .bind(delivery_id.as_str())
                    .bind(change.at)
                    .execute(&mut *tx)
                    .await?;
                }
                entries.push(head.append(sheshim_audit::NewAuditEntry {
                    at: change.at,
                    actor: change.actor.clone(),
                    action: change.action.clone(),
                    subject: number.to_owned(),
                    payload,
                }));
                outcomes.push($crate::ChangeOutcome::Applied { version });
            }
            if entries.is_empty() {
                tx.rollback().await?;
                return Ok(outcomes);
            }
            Self::insert_audit_entries(&mut tx, &entries, &self.keys).await?;
            Self::write_head(&mut tx, &head).await?;
            self.commit_write(tx).await?;
            Ok(outcomes)
        }

        async fn case_states(
            &self,
            after: &str,
            limit: u32,
        ) -> Result<Vec<(String, Result<String, $crate::StoreError>)>, $crate::StoreError> {
            let rows: Vec<$crate::cases::CaseStateRow> = sqlx::query_as(
                "SELECT registration_number, service, pipeline, agency, assignee, urgency, awaiting, \
                 outcome, claims, record FROM cases WHERE registration_number > $1 \
                 ORDER BY registration_number LIMIT $2",
            )
            .bind(after)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
            Ok(rows
                .into_iter()
                .map(|row| (row.registration_number.clone(), row.digest(&self.keys)))
                .collect())
        }

        async fn queue_page(
            &self,
            filter: &$crate::QueueFilter,
        ) -> Result<$crate::QueuePage, $crate::StoreError> {
            use $crate::cases::{OPEN_STATUSES, QUEUE_COLUMNS, QueueRow};
            let mut query = sqlx::QueryBuilder::<$db>::new(format!(
                "SELECT {QUEUE_COLUMNS} FROM cases c JOIN appeals a \
                 ON a.registration_number = c.registration_number WHERE 1 = 1"
            ));
            if let Some(agency) = &filter.agency {
                query.push(" AND c.agency = ").push_bind(agency.as_str().to_owned());
            }
            match filter.status {
                Some(status) => {
                    query.push(" AND a.status = ").push_bind(status.code());
                }
                None => {
                    query.push(format!(" AND a.status IN {OPEN_STATUSES}"));
                }
            }
            if let Some(service) = &filter.service {
                query.push(" AND c.service = ").push_bind(service.as_str().to_owned());
            }
            if let Some(urgency) = filter.urgency {
                query.push(" AND c.urgency = ").push_bind(i64::from(urgency));
            }
            if let Some(language) = filter.language {
                query.push(" AND a.language = ").push_bind(language.code());
            }
            if let Some(assignee) = &filter.assignee {
                query.push(" AND c.assignee = ").push_bind(assignee.clone());
            }
            if filter.unassigned {
                query.push(" AND c.assignee IS NULL");
            }
            if let Some(due) = filter.due_on_or_before {
                query.push(" AND a.deadline <= ").push_bind(due);
            }
            if let Some(after) = filter.after {
                query
                    .push(" AND (a.deadline > ")
                    .push_bind(after.deadline)
                    .push(" OR (a.deadline = ")
                    .push_bind(after.deadline)
                    .push(" AND c.urgency < ")
                    .push_bind(i64::from(after.urgency))
                    .push(") OR (a.deadline = ")
                    .push_bind(after.deadline)
                    .push(" AND c.urgency = ")
                    .push_bind(i64::from(after.urgency))
                    .push(" AND a.id > ")
                    .push_bind(after.id)
                    .push("))");
            }
            query
                .push(" ORDER BY a.deadline, c.urgency DESC, a.id LIMIT ")
                .push_bind(i64::from(filter.limit) + 1);
            let mut rows: Vec<QueueRow> = query.build_query_as().fetch_all(&self.pool).await?;
            let more = rows.len() > filter.limit as usize;
            rows.truncate(filter.limit as usize);
            let next = match rows.last() {
                Some(last) if more => Some($crate::QueueCursor {
                    deadline: last.deadline,
                    urgency: u8::try_from(last.urgency).unwrap_or(0),
                    id: last.id,
                }),
                _ => None,
            };
            let items = rows
                .into_iter()
                .map(QueueRow::into_item)
                .collect::<Result<Vec<_>, _>>()?;
            Ok($crate::QueuePage { items, next })
        }

        async fn history_of(
            &self,
            subject: &str,
        ) -> Result<Vec<$crate::StoredAuditEntry>, $crate::StoreError> {
            use $crate::row::AuditRow;
            let rows: Vec<AuditRow> = sqlx::query_as(
                "SELECT seq, at, actor, action, subject, payload, prev_hash, hash, mac \
                 FROM audit_log WHERE subject = $1 ORDER BY seq",
            )
            .bind(subject)
            .fetch_all(&self.pool)
            .await?;
            rows.into_iter().map(AuditRow::into_entry).collect()
        }

        async fn switches(&self) -> Result<Vec<$crate::AutomationSwitch>, $crate::StoreError> {
            let rows: Vec<(String, bool, String, String, chrono::DateTime<chrono::Utc>)> =
                sqlx::query_as(
                    "SELECT service, stopped, reason, updated_by, updated_at \
                     FROM automation_switches ORDER BY service",
                )
                .fetch_all(&self.pool)
                .await?;
            Ok(rows
                .into_iter()
                .map(|(service, stopped, reason, updated_by, updated_at)| {
                    $crate::AutomationSwitch {
                        service,
                        stopped,
                        reason,
                        updated_by,
                        updated_at,
                    }
                })
                .collect())
        }

        async fn write_switch(
            &self,
            switch: &$crate::AutomationSwitch,
        ) -> Result<(), $crate::StoreError> {
            let mut tx = self.begin_write().await?;
            sqlx::query(
                "INSERT INTO automation_switches (service, stopped, reason, updated_by, updated_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (service) DO UPDATE SET \
                 stopped = excluded.stopped, reason = excluded.reason, \
                 updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            )
            .bind(switch.service.as_str())
            .bind(switch.stopped)
            .bind(switch.reason.as_str())
            .bind(switch.updated_by.as_str())
            .bind(switch.updated_at)
            .execute(&mut *tx)
            .await?;
            // The reason is the supervisor's own words about the service, not about a person.
            Self::append_audit_entry(
                &mut tx,
                sheshim_audit::NewAuditEntry {
                    at: switch.updated_at,
                    actor: switch.updated_by.clone(),
                    action: "automation.switched".to_owned(),
                    subject: format!("service:{}", switch.service),
                    payload: serde_json::json!({
                        "stopped": switch.stopped,
                        "reason": switch.reason,
                    }),
                },
                &self.keys,
            )
            .await?;
            self.commit_write(tx).await
        }

        async fn messages_written_after(
            &self,
            after_id: i64,
            limit: u32,
        ) -> Result<Vec<$crate::OutboxWritten>, $crate::StoreError> {
            let rows: Vec<(i64, String, String)> = sqlx::query_as(
                "SELECT id, registration_number, message_kind FROM outbox \
                 WHERE id > $1 ORDER BY id LIMIT $2",
            )
            .bind(after_id)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
            rows.into_iter()
                .map(|(id, number, kind)| {
                    let registration_number = $crate::row::column(
                        sheshim_domain::RegistrationNumber::parse(&number),
                        "registration_number",
                        &id.to_string(),
                    )?;
                    Ok($crate::OutboxWritten {
                        id,
                        registration_number,
                        kind,
                    })
                })
                .collect()
        }

        async fn due_messages(
            &self,
            now: chrono::DateTime<chrono::Utc>,
            limit: u32,
        ) -> Result<Vec<$crate::OutboxMessage>, $crate::StoreError> {
            use $crate::cases::{open_json, outbox_binding};
            let rows: Vec<(i64, String, String, String, String, i64)> = sqlx::query_as(
                "SELECT id, registration_number, message_kind, payload, delivery_id, attempts \
                 FROM outbox WHERE delivered_at IS NULL AND next_attempt_at <= $1 \
                 ORDER BY next_attempt_at, id LIMIT $2",
            )
            .bind(now)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
            rows.into_iter()
                .map(|(id, number, kind, payload, delivery_id, attempts)| {
                    let registration_number = $crate::row::column(
                        sheshim_domain::RegistrationNumber::parse(&number),
                        "registration_number",
                        &delivery_id,
                    )?;
                    Ok($crate::OutboxMessage {
                        id,
                        payload: open_json(
                            &self.keys,
                            &payload,
                            &outbox_binding(&delivery_id),
                            "payload",
                            &delivery_id,
                        )?,
                        registration_number,
                        kind,
                        delivery_id,
                        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
                    })
                })
                .collect()
        }

        async fn settle_message(
            &self,
            message: &$crate::OutboxMessage,
            result: Result<(), (String, chrono::DateTime<chrono::Utc>)>,
            actor: &str,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<(), $crate::StoreError> {
            let mut tx = self.begin_write().await?;
            match result {
                Ok(()) => {
                    let updated = sqlx::query(
                        "UPDATE outbox SET delivered_at = $1, attempts = attempts + 1 \
                         WHERE id = $2 AND delivered_at IS NULL",
                    )
                    .bind(at)
                    .bind(message.id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if updated == 1 {
                        Self::append_audit_entry(
                            &mut tx,
                            sheshim_audit::NewAuditEntry {
                                at,
                                actor: actor.to_owned(),
                                action: "message.delivered".to_owned(),
                                subject: message.registration_number.as_str().to_owned(),
                                payload: serde_json::json!({
                                    "kind": message.kind,
                                    "delivery_id": message.delivery_id,
                                    "attempts": message.attempts + 1,
                                }),
                            },
                            &self.keys,
                        )
                        .await?;
                    }
                }
                Err((error, next_attempt_at)) => {
                    sqlx::query(
                        "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, \
                         last_error = $2 WHERE id = $3 AND delivered_at IS NULL",
                    )
                    .bind(next_attempt_at)
                    .bind(error)
                    .bind(message.id)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            self.commit_write(tx).await
        }
    };
}

pub(crate) use case_methods;
