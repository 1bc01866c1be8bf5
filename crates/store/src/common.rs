//! The part of the [`Store`](crate::Store) implementation that is the same SQL on both
//! databases, written once as a macro and expanded for each backend.
//!
//! Both backends accept `$N` placeholders and the same statements; what differs (how a
//! write transaction starts and how the audit head is locked) is supplied by each backend
//! as an inherent `begin_write` method and a `HEAD_FOR_UPDATE` constant.

/// Expands the whole `impl Store` for a backend. It must be one macro producing the whole
/// impl block, because `#[async_trait]` rewrites only the methods it can see.
macro_rules! impl_store {
    ($store:ty, $db:ty, $backend:expr, $migrations:literal) => {
    #[async_trait::async_trait]
    impl $crate::Store for $store {
        fn backend(&self) -> $crate::Backend {
            $backend
        }

        async fn migrate(&self) -> Result<(), $crate::StoreError> {
            sqlx::migrate!($migrations).run(&self.pool).await?;
            Ok(())
        }

        async fn register_batch(
            &self,
            batch: Vec<$crate::NewRegistration>,
        ) -> Result<Vec<$crate::RegistrationOutcome>, $crate::StoreError> {
            use $crate::RegistrationOutcome;
            use $crate::row::{AppealRow, APPEAL_COLUMNS, chain_head, registration_audit};
            use chrono::Datelike;

            let mut tx = self.begin_write().await?;
            let (head_seq, head_hash): (i64, String) =
                sqlx::query_as(Self::HEAD_FOR_UPDATE).fetch_one(&mut *tx).await?;
            let mut head = chain_head(head_seq, &head_hash)?;
            let mut outcomes = Vec::with_capacity(batch.len());
            for item in batch {
                if let Some(claim) = &item.idempotency {
                    let earlier: Option<(String, String)> = sqlx::query_as(
                        "SELECT request_sha256, registration_number FROM idempotency_keys WHERE key = $1",
                    )
                    .bind(&claim.key)
                    .fetch_optional(&mut *tx)
                    .await?;
                    if let Some((request_sha256, number)) = earlier {
                        if request_sha256 != claim.request_sha256 {
                            outcomes.push(RegistrationOutcome::KeyReusedForAnotherRequest);
                            continue;
                        }
                        let row: AppealRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                            "SELECT {APPEAL_COLUMNS} FROM appeals WHERE registration_number = $1"
                        )))
                        .bind(&number)
                        .fetch_one(&mut *tx)
                        .await?;
                        outcomes.push(RegistrationOutcome::Replayed(row.into_appeal()?));
                        continue;
                    }
                }

                let year = item.registered_on.year();
                let seq: i64 = sqlx::query_scalar(
                    "INSERT INTO registration_counters (year, last_seq) VALUES ($1, 1) \
                     ON CONFLICT (year) DO UPDATE SET last_seq = registration_counters.last_seq + 1 \
                     RETURNING last_seq",
                )
                .bind(year)
                .fetch_one(&mut *tx)
                .await?;
                let number = u64::try_from(seq)
                    .ok()
                    .and_then(|seq| sheshim_domain::RegistrationNumber::new(year, seq).ok())
                    .ok_or_else(|| $crate::StoreError::Corrupt {
                        column: "last_seq",
                        subject: format!("registration counter {year}"),
                    })?;
                let appeal = sheshim_domain::Appeal {
                    registration_number: number,
                    kind: item.kind,
                    language: item.language,
                    channel: item.channel,
                    text: item.text,
                    applicant: item.applicant,
                    agency: item.agency,
                    received_at: item.received_at,
                    registered_on: item.registered_on,
                    deadline: item.deadline,
                    status: sheshim_domain::CaseStatus::Registered,
                };
                let applicant = &appeal.applicant;
                sqlx::query(
                    "INSERT INTO appeals (registration_number, reg_year, reg_seq, kind, language, \
                     channel, text, applicant_iin, applicant_name, applicant_phone, applicant_email, \
                     applicant_address, agency, received_at, registered_on, deadline, status) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
                )
                .bind(appeal.registration_number.as_str())
                .bind(year)
                .bind(seq)
                .bind(appeal.kind.code())
                .bind(appeal.language.code())
                .bind(appeal.channel.code())
                .bind(appeal.text.as_str())
                .bind(applicant.iin.expose())
                .bind(applicant.name.expose())
                .bind(applicant.phone.as_ref().map(|p| p.expose()))
                .bind(applicant.email.as_ref().map(|e| e.expose()))
                .bind(applicant.address.as_ref().map(|a| a.expose()))
                .bind(appeal.agency.as_ref().map(|a| a.as_str()))
                .bind(appeal.received_at)
                .bind(appeal.registered_on)
                .bind(appeal.deadline)
                .bind(appeal.status.code())
                .execute(&mut *tx)
                .await?;
                if let Some(claim) = &item.idempotency {
                    sqlx::query(
                        "INSERT INTO idempotency_keys (key, request_sha256, registration_number, created_at) \
                         VALUES ($1, $2, $3, $4)",
                    )
                    .bind(&claim.key)
                    .bind(&claim.request_sha256)
                    .bind(appeal.registration_number.as_str())
                    .bind(appeal.received_at)
                    .execute(&mut *tx)
                    .await?;
                }
                let entry = head.append(registration_audit(&appeal, &item.actor));
                Self::insert_audit_entry(&mut tx, &entry).await?;
                outcomes.push(RegistrationOutcome::Created(appeal));
            }
            sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
                .bind(head.seq as i64)
                .bind(head.hash.to_hex())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(outcomes)
        }

        async fn appeal(
            &self,
            number: &sheshim_domain::RegistrationNumber,
        ) -> Result<Option<sheshim_domain::Appeal>, $crate::StoreError> {
            use $crate::row::{AppealRow, APPEAL_COLUMNS};
            let row: Option<AppealRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {APPEAL_COLUMNS} FROM appeals WHERE registration_number = $1"
            )))
            .bind(number.as_str())
            .fetch_optional(&self.pool)
            .await?;
            row.map(AppealRow::into_appeal).transpose()
        }

        async fn list_appeals(
            &self,
            filter: &$crate::AppealFilter,
        ) -> Result<$crate::AppealPage, $crate::StoreError> {
            use $crate::row::{SummaryRow, SUMMARY_COLUMNS};
            let mut query = sqlx::QueryBuilder::<$db>::new(format!(
                "SELECT {SUMMARY_COLUMNS} FROM appeals WHERE 1 = 1"
            ));
            if let Some(status) = filter.status {
                query.push(" AND status = ").push_bind(status.code());
            }
            if let Some(agency) = &filter.agency {
                query.push(" AND agency = ").push_bind(agency.as_str().to_owned());
            }
            if let Some(due) = filter.due_on_or_before {
                query.push(" AND deadline <= ").push_bind(due);
            }
            if let Some(after) = filter.after {
                query
                    .push(" AND (deadline > ")
                    .push_bind(after.deadline)
                    .push(" OR (deadline = ")
                    .push_bind(after.deadline)
                    .push(" AND id > ")
                    .push_bind(after.id)
                    .push("))");
            }
            // One row more than asked tells whether a next page exists.
            query
                .push(" ORDER BY deadline, id LIMIT ")
                .push_bind(i64::from(filter.limit) + 1);
            let mut rows: Vec<SummaryRow> = query.build_query_as().fetch_all(&self.pool).await?;
            let more = rows.len() > filter.limit as usize;
            rows.truncate(filter.limit as usize);
            let next = match rows.last() {
                Some(last) if more => Some($crate::PageCursor {
                    deadline: last.deadline,
                    id: last.id,
                }),
                _ => None,
            };
            let items = rows
                .into_iter()
                .map(SummaryRow::into_summary)
                .collect::<Result<Vec<_>, _>>()?;
            Ok($crate::AppealPage { items, next })
        }

        async fn count_appeals(&self) -> Result<u64, $crate::StoreError> {
            let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM appeals")
                .fetch_one(&self.pool)
                .await?;
            Ok(count.max(0) as u64)
        }

        async fn audit_entries(
            &self,
            after_seq: u64,
            limit: u32,
        ) -> Result<Vec<sheshim_audit::AuditEntry>, $crate::StoreError> {
            use $crate::row::AuditRow;
            let rows: Vec<AuditRow> = sqlx::query_as(
                "SELECT seq, at, actor, action, subject, payload, prev_hash, hash \
                 FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
            )
            .bind(i64::try_from(after_seq).unwrap_or(i64::MAX))
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
            rows.into_iter().map(AuditRow::into_entry).collect()
        }

        async fn audit_head(&self) -> Result<sheshim_audit::ChainHead, $crate::StoreError> {
            let (seq, hash): (i64, String) =
                sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
                    .fetch_one(&self.pool)
                    .await?;
            $crate::row::chain_head(seq, &hash)
        }

        async fn ping(&self) -> Result<(), $crate::StoreError> {
            sqlx::query("SELECT 1").execute(&self.pool).await?;
            Ok(())
        }
    }
    };
}

/// Expands the audit-entry insert as an inherent method of a backend's store.
macro_rules! insert_audit_entry_method {
    ($db:ty) => {
        async fn insert_audit_entry(
            tx: &mut sqlx::Transaction<'_, $db>,
            entry: &sheshim_audit::AuditEntry,
        ) -> Result<(), $crate::StoreError> {
            sqlx::query(
                "INSERT INTO audit_log (seq, at, actor, action, subject, payload, prev_hash, hash) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(entry.seq as i64)
            .bind(entry.at)
            .bind(&entry.actor)
            .bind(&entry.action)
            .bind(&entry.subject)
            .bind(entry.payload_text())
            .bind(entry.prev_hash.to_hex())
            .bind(entry.hash.to_hex())
            .execute(&mut **tx)
            .await?;
            Ok(())
        }
    };
}

pub(crate) use impl_store;
pub(crate) use insert_audit_entry_method;
