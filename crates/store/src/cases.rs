//! The case flow's SQL, the same on both databases, expanded per backend like `common.rs`:
//! cases read with their appeals, changes applied only to the version they were computed
//! from, the officers' queue, the outbox, the automation switches, and the re-sealing and
//! digests that key rotation and `audit verify` need. The rows it reads are in `case_rows.rs`.

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
            use $crate::case_rows::{CaseRow, CASE_COLUMNS};
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

        async fn apply_changes(
            &self,
            changes: Vec<$crate::CaseChange>,
        ) -> Result<Vec<$crate::ChangeOutcome>, $crate::StoreError> {
            use $crate::case_rows::{case_binding, outbox_binding, seal_json};
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
                let state: Option<(i64, $crate::case_rows::CaseStateRow)> = update
                    .build()
                    .fetch_optional(&mut *tx)
                    .await?
                    .map(|row| {
                        use sqlx::{FromRow, Row};
                        Ok::<_, sqlx::Error>((row.try_get("version")?, $crate::case_rows::CaseStateRow::from_row(&row)?))
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
                if let Some(link) = &change.link {
                    let linked = Self::write_link(
                        &mut tx, number, link, &change.actor, change.at, &mut head, &mut entries,
                    )
                    .await?;
                    if let (Some(object), Some(linked)) = (payload.as_object_mut(), linked.as_object()) {
                        object.extend(linked.clone());
                    }
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

        async fn queue_page(
            &self,
            filter: &$crate::QueueFilter,
        ) -> Result<$crate::QueuePage, $crate::StoreError> {
            use $crate::case_rows::{OPEN_STATUSES, QUEUE_COLUMNS, QUEUE_LINKS, QueueRow};
            // Without a status filter the queue is read in deadline order straight from
            // `appeals_by_deadline`, stopping after a page, instead of joining every open case
            // of the agency and sorting them all (160 ms at 100,000 open cases on SQLite, whose
            // planner otherwise starts from `cases_by_agency`). `CROSS JOIN` makes SQLite read
            // `appeals` first and `INDEXED BY` names the index; PostgreSQL, which plans the
            // inner join itself, gets neither. A single status keeps `appeals_by_status`, which
            // is ordered by deadline within a status.
            let appeals = if <$db as sqlx::Database>::NAME == "SQLite" && filter.status.is_none() {
                "appeals a INDEXED BY appeals_by_deadline"
            } else {
                "appeals a"
            };
            let mut query = sqlx::QueryBuilder::<$db>::new(format!(
                "SELECT {QUEUE_COLUMNS} FROM {appeals} CROSS JOIN cases c{QUEUE_LINKS} \
                 WHERE a.registration_number = c.registration_number"
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
            use $crate::case_rows::{open_json, outbox_binding};
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
