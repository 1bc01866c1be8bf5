//! The part of the [`Store`](crate::Store) implementation that is the same SQL on both
//! databases, written once as a macro and expanded for each backend.
//!
//! Both backends accept `$N` placeholders and the same statements; what differs (how a
//! write transaction starts and is checked, and how the audit head is locked) is supplied by
//! each backend as inherent `begin_write` and `commit_write` methods and a `HEAD_FOR_UPDATE`
//! constant. Key binding and rotation are in `keys.rs`, expanded the same way.

/// Expands the whole `impl Store` for a backend. It must be one macro producing the whole
/// impl block, because `#[async_trait]` rewrites only the methods it can see.
macro_rules! impl_store {
    ($store:ty, $db:ty, $backend:expr, $migrations:literal) => {
    #[async_trait::async_trait]
    impl $crate::Store for $store {
        fn backend(&self) -> $crate::Backend {
            $backend
        }

        fn keyring(&self) -> &sheshim_crypto::Keyring {
            &self.keys
        }

        async fn migrate(&self) -> Result<(), $crate::StoreError> {
            sqlx::migrate!($migrations).run(&self.pool).await?;
            Ok(())
        }

        async fn attach(
            &self,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<$crate::Attached, $crate::StoreError> {
            self.attach_keys(at).await
        }

        async fn rotate_keys(
            &self,
            actor: &str,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<$crate::Resealed, $crate::StoreError> {
            self.reseal_all(actor, at).await
        }

        async fn register_batch(
            &self,
            batch: Vec<$crate::NewRegistration>,
        ) -> Result<Vec<$crate::RegistrationOutcome>, $crate::StoreError> {
            use $crate::RegistrationOutcome;
            use $crate::row::{AppealRow, APPEAL_COLUMNS, chain_head, registration_audit};
            use $crate::sealed::SealedAppeal;
            use chrono::Datelike;

            let mut tx = self.begin_write().await?;
            let (head_seq, head_hash): (i64, String) =
                sqlx::query_as(Self::HEAD_FOR_UPDATE).fetch_one(&mut *tx).await?;
            let mut head = chain_head(head_seq, &head_hash)?;
            let mut outcomes = Vec::with_capacity(batch.len());
            let mut numbering = $crate::numbering::Numbering::default();
            // What the batch writes, gathered first and inserted a few statements at a time:
            // every statement is a round trip to the database's thread, and one per appeal
            // per table made the writer the bottleneck of intake.
            let mut created: Vec<(sheshim_domain::Appeal, SealedAppeal, i64)> = Vec::new();
            let mut entries = Vec::new();
            let mut claims: Vec<($crate::IdempotencyClaim, usize)> = Vec::new();
            let mut cases = Vec::new();
            let mut codes: Vec<(String, String)> = Vec::new();
            for item in batch {
                if let Some(claim) = &item.idempotency {
                    // The same key earlier in this batch: not yet in the table.
                    if let Some((earlier, index)) =
                        claims.iter().find(|(earlier, _)| earlier.key == claim.key)
                    {
                        outcomes.push(if earlier.request_sha256 == claim.request_sha256 {
                            RegistrationOutcome::Replayed(created[*index].0.clone())
                        } else {
                            RegistrationOutcome::KeyReusedForAnotherRequest
                        });
                        continue;
                    }
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
                        outcomes.push(RegistrationOutcome::Replayed(row.into_appeal(Some(&self.keys))?));
                        continue;
                    }
                }

                let year = item.registered_on.year();
                let (seq, first_of_year) = match numbering.next(year) {
                    Some(seq) => (seq, false),
                    None => {
                        let seq: i64 = sqlx::query_scalar(
                            "INSERT INTO registration_counters (year, last_seq) VALUES ($1, 1) \
                             ON CONFLICT (year) DO UPDATE SET last_seq = registration_counters.last_seq + 1 \
                             RETURNING last_seq",
                        )
                        .bind(year)
                        .fetch_one(&mut *tx)
                        .await?;
                        numbering.started(year, seq);
                        (seq, true)
                    }
                };
                let number = u64::try_from(seq)
                    .ok()
                    .and_then(|seq| sheshim_domain::RegistrationNumber::new(year, seq).ok())
                    .ok_or_else(|| $crate::StoreError::Corrupt {
                        column: "last_seq",
                        subject: format!("registration counter {year}"),
                    })?;
                if first_of_year {
                    Self::refuse_number_issued_before(&mut tx, &number).await?;
                }
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
                let sealed = SealedAppeal::of(&appeal, &self.keys)?;
                {
                    use $crate::case_rows::{case_binding, seal_json};
                    let number = appeal.registration_number.as_str();
                    let seal = |value: &Option<serde_json::Value>, column: &str| {
                        value
                            .as_ref()
                            .map(|v| seal_json(&self.keys, v, &case_binding(column, number)))
                            .transpose()
                    };
                    cases.push((
                        number.to_owned(),
                        item.service.as_ref().map(|s| s.as_str().to_owned()),
                        appeal.agency.as_ref().map(|a| a.as_str().to_owned()),
                        seal(&item.claims, "claims")?,
                        seal(&item.case_record, "record")?,
                        appeal.received_at,
                    ));
                }
                let mut registration = registration_audit(&appeal, &item.actor);
                if let Some(payload) = registration.payload.as_object_mut() {
                    let digest = $crate::case_rows::case_digest(
                        item.service.as_ref().map(|s| s.as_str()),
                        "pending",
                        appeal.agency.as_ref().map(|a| a.as_str()),
                        None,
                        0,
                        "machine",
                        None,
                        item.claims.as_ref(),
                        item.case_record.as_ref(),
                    );
                    payload.insert("case_sha256".to_owned(), serde_json::json!(digest));
                }
                entries.push(head.append(registration));
                if let Some(claim) = item.idempotency {
                    claims.push((claim, created.len()));
                }
                // A replay (above) never reaches here: its access code is the first request's.
                if let Some(hash) = item.access_code_hash {
                    codes.push((appeal.registration_number.as_str().to_owned(), hash));
                }
                outcomes.push(RegistrationOutcome::Created(appeal.clone()));
                created.push((appeal, sealed, seq));
            }
            for (year, last) in numbering.counters_to_write() {
                sqlx::query("UPDATE registration_counters SET last_seq = $1 WHERE year = $2")
                    .bind(last)
                    .bind(year)
                    .execute(&mut *tx)
                    .await?;
            }
            Self::insert_appeals(&mut tx, &created).await?;
            Self::insert_claims(&mut tx, &claims, &created).await?;
            Self::insert_cases(&mut tx, &cases).await?;
            Self::insert_access_codes(&mut tx, &codes).await?;
            Self::insert_audit_entries(&mut tx, &entries, &self.keys).await?;
            Self::write_head(&mut tx, &head).await?;
            self.commit_write(tx).await?;
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
            row.map(|row| row.into_appeal(Some(&self.keys))).transpose()
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
        ) -> Result<Vec<$crate::StoredAuditEntry>, $crate::StoreError> {
            use $crate::row::AuditRow;
            let rows: Vec<AuditRow> = sqlx::query_as(
                "SELECT seq, at, actor, action, subject, payload, prev_hash, hash, mac \
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

        async fn add_user(
            &self,
            user: $crate::NewUser,
            actor: &str,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<$crate::UserId, $crate::StoreError> {
            self.insert_user(user, actor, at).await
        }

        async fn principal_by_token_hash(
            &self,
            token_hash: &str,
        ) -> Result<Option<$crate::Principal>, $crate::StoreError> {
            self.principal_of(token_hash).await
        }

        async fn add_client(
            &self,
            client: $crate::NewClient,
            actor: &str,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<$crate::ClientId, $crate::StoreError> {
            self.insert_client(client, actor, at).await
        }

        async fn client_by_key_hash(
            &self,
            key_hash: &str,
        ) -> Result<Option<$crate::ChannelClient>, $crate::StoreError> {
            self.client_of(key_hash).await
        }

        async fn access_code_hash(
            &self,
            number: &sheshim_domain::RegistrationNumber,
        ) -> Result<Option<String>, $crate::StoreError> {
            self.code_hash_of(number).await
        }

        async fn sign_in_account(
            &self,
            login: &sheshim_domain::AccountName,
        ) -> Result<Option<$crate::SignInAccount>, $crate::StoreError> {
            self.read_sign_in_account(login).await
        }

        async fn record_failed_sign_in(
            &self,
            user: $crate::UserId,
            at: chrono::DateTime<chrono::Utc>,
            lockout: &$crate::Lockout,
        ) -> Result<Option<chrono::DateTime<chrono::Utc>>, $crate::StoreError> {
            self.count_failed_sign_in(user, at, lockout).await
        }

        async fn start_web_session(
            &self,
            id_hash: &str,
            user: $crate::UserId,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<(), $crate::StoreError> {
            self.open_web_session(id_hash, user, at).await
        }

        async fn web_session(
            &self,
            id_hash: &str,
            at: chrono::DateTime<chrono::Utc>,
            idle: chrono::TimeDelta,
        ) -> Result<Option<$crate::WebSession>, $crate::StoreError> {
            self.find_web_session(id_hash, at, idle).await
        }

        async fn end_web_session(
            &self,
            id_hash: &str,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<(), $crate::StoreError> {
            self.close_web_session(id_hash, at).await
        }

        async fn change_password(
            &self,
            user: $crate::UserId,
            password_hash: &str,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<(), $crate::StoreError> {
            self.write_own_password(user, password_hash, at).await
        }

        async fn set_user_language(
            &self,
            user: $crate::UserId,
            language: sheshim_domain::Language,
        ) -> Result<(), $crate::StoreError> {
            self.write_user_language(user, language).await
        }

        async fn saved_views(
            &self,
            user: $crate::UserId,
        ) -> Result<Vec<$crate::SavedView>, $crate::StoreError> {
            self.read_saved_views(user).await
        }

        async fn save_view(
            &self,
            user: $crate::UserId,
            name: &str,
            query: &str,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<i64, $crate::StoreError> {
            self.write_saved_view(user, name, query, at).await
        }

        async fn delete_view(&self, user: $crate::UserId, id: i64) -> Result<bool, $crate::StoreError> {
            self.remove_saved_view(user, id).await
        }

        async fn users(&self) -> Result<Vec<$crate::UserSummary>, $crate::StoreError> {
            self.read_user_summaries().await
        }

        async fn change_user(
            &self,
            login: &sheshim_domain::AccountName,
            change: $crate::UserChange,
            actor: &str,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<(), $crate::StoreError> {
            self.write_user_change(login, change, actor, at).await
        }

        async fn ping(&self) -> Result<(), $crate::StoreError> {
            sqlx::query("SELECT 1").execute(&self.pool).await?;
            Ok(())
        }

        async fn check_writable(&self) -> Result<(), $crate::StoreError> {
            // A real write, rolled back: it needs the write lock, a writable database and
            // (for SQLite) the files Sheshim opened, exactly as a registration does.
            let mut tx = self.begin_write().await?;
            sqlx::query("UPDATE audit_head SET seq = seq WHERE id = 1")
                .execute(&mut *tx)
                .await?;
            tx.rollback().await?;
            Ok(())
        }

        async fn appeals_of_applicant(
            &self,
            iin: &sheshim_domain::Iin,
            limit: u32,
        ) -> Result<Vec<$crate::AppealSummary>, $crate::StoreError> {
            use $crate::row::{ApplicantRow, SUMMARY_COLUMNS};
            let rows: Vec<ApplicantRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT applicant_iin, {SUMMARY_COLUMNS} FROM appeals WHERE applicant_ref = $1 \
                 ORDER BY deadline, id"
            )))
            .bind(self.keys.lookup_id(iin.expose()))
            .fetch_all(&self.pool)
            .await?;
            // The look-up value is 64 bits of a keyed hash: each candidate is checked against
            // the IIN itself, so another applicant who shares the value is never shown.
            let mut found = Vec::new();
            for row in rows {
                if found.len() >= limit as usize {
                    break;
                }
                if row.is_of(iin, &self.keys)? {
                    found.push(row.summary.into_summary()?);
                }
            }
            Ok(found)
        }

        async fn appeal_records(
            &self,
            after_id: i64,
            limit: u32,
        ) -> Result<Vec<$crate::AppealRecord>, $crate::StoreError> {
            use $crate::row::{AppealRow, APPEAL_COLUMNS};
            let rows: Vec<AppealRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {APPEAL_COLUMNS} FROM appeals WHERE id > $1 ORDER BY id LIMIT $2"
            )))
            .bind(after_id)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
            Ok(rows
                .into_iter()
                .map(|row| $crate::AppealRecord {
                    id: row.id,
                    registration_number: row.registration_number.clone(),
                    appeal: row.into_appeal(Some(&self.keys)),
                })
                .collect())
        }

        async fn case(
            &self,
            number: &sheshim_domain::RegistrationNumber,
        ) -> Result<Option<$crate::StoredCase>, $crate::StoreError> {
            let mut found = self
                .cases_where("c.registration_number = $1", None, Some(number.as_str()), 1)
                .await?;
            Ok(found.pop())
        }

        async fn pending_cases(&self, limit: u32) -> Result<Vec<$crate::StoredCase>, $crate::StoreError> {
            self.cases_where("c.pipeline = 'pending'", None, None, limit).await
        }

        async fn overdue_cases(
            &self,
            today: chrono::NaiveDate,
            limit: u32,
        ) -> Result<Vec<$crate::StoredCase>, $crate::StoreError> {
            let condition = format!("a.status IN {} AND a.deadline < $1", $crate::case_rows::OPEN_STATUSES);
            self.cases_where(&condition, Some(today), None, limit).await
        }

        async fn cases_of_service(
            &self,
            service: &sheshim_domain::ServiceCode,
            from: Option<chrono::NaiveDate>,
            to: Option<chrono::NaiveDate>,
            after_id: i64,
            limit: u32,
        ) -> Result<$crate::ServiceCasePage, $crate::StoreError> {
            self.service_cases(service, from, to, after_id, limit).await
        }

        async fn apply_case_changes(
            &self,
            changes: Vec<$crate::CaseChange>,
        ) -> Result<Vec<$crate::ChangeOutcome>, $crate::StoreError> {
            self.apply_changes(changes).await
        }

        async fn case_digests(
            &self,
            after: &str,
            limit: u32,
        ) -> Result<Vec<(String, Result<String, $crate::StoreError>)>, $crate::StoreError> {
            self.case_states(after, limit).await
        }

        async fn case_links(
            &self,
            number: &sheshim_domain::RegistrationNumber,
        ) -> Result<$crate::CaseLinks, $crate::StoreError> {
            let mut links = self.read_links(&[number.as_str().to_owned()]).await?;
            Ok(links.remove(number.as_str()).unwrap_or_default())
        }

        async fn appeal_group(
            &self,
            id: &sheshim_domain::RegistrationNumber,
        ) -> Result<Option<$crate::AppealGroup>, $crate::StoreError> {
            self.read_group(id).await
        }

        async fn open_cases(
            &self,
            after_id: i64,
            limit: u32,
        ) -> Result<Vec<$crate::OpenCase>, $crate::StoreError> {
            self.read_open_cases(after_id, limit).await
        }

        async fn queue(
            &self,
            filter: &$crate::QueueFilter,
        ) -> Result<$crate::QueuePage, $crate::StoreError> {
            self.queue_page(filter).await
        }

        async fn record_event(
            &self,
            event: sheshim_audit::NewAuditEntry,
        ) -> Result<(), $crate::StoreError> {
            let mut tx = self.begin_write().await?;
            Self::append_audit_entry(&mut tx, event, &self.keys).await?;
            self.commit_write(tx).await
        }

        async fn history(
            &self,
            subject: &str,
        ) -> Result<Vec<$crate::StoredAuditEntry>, $crate::StoreError> {
            self.history_of(subject).await
        }

        async fn automation_switches(
            &self,
        ) -> Result<Vec<$crate::AutomationSwitch>, $crate::StoreError> {
            self.switches().await
        }

        async fn set_automation_switch(
            &self,
            switch: &$crate::AutomationSwitch,
        ) -> Result<(), $crate::StoreError> {
            self.write_switch(switch).await
        }

        async fn due_outbox(
            &self,
            now: chrono::DateTime<chrono::Utc>,
            limit: u32,
        ) -> Result<Vec<$crate::OutboxMessage>, $crate::StoreError> {
            self.due_messages(now, limit).await
        }

        async fn outbox_written_after(
            &self,
            after_id: i64,
            limit: u32,
        ) -> Result<Vec<$crate::OutboxWritten>, $crate::StoreError> {
            self.messages_written_after(after_id, limit).await
        }

        async fn settle_outbox(
            &self,
            message: &$crate::OutboxMessage,
            result: Result<(), (String, chrono::DateTime<chrono::Utc>)>,
            actor: &str,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<(), $crate::StoreError> {
            self.settle_message(message, result, actor, at).await
        }

        async fn put_registry_persons(
            &self,
            persons: &[(sheshim_domain::Iin, sheshim_registry::PersonFacts)],
            actor: &str,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<$crate::RegistryWritten, $crate::StoreError> {
            self.write_registry_persons(persons, actor, at).await
        }

        async fn registry_person(
            &self,
            iin: &sheshim_domain::Iin,
        ) -> Result<Option<sheshim_registry::PersonFacts>, $crate::StoreError> {
            self.read_registry_person(iin).await
        }

        async fn report_cases(
            &self,
            agency: Option<&sheshim_domain::AgencyCode>,
            from: chrono::NaiveDate,
            to: chrono::NaiveDate,
        ) -> Result<Vec<$crate::ReportCase>, $crate::StoreError> {
            self.select_report_cases(agency, from, to).await
        }

        async fn put_offers(
            &self,
            offers: Vec<$crate::NewOffer>,
            actor: &str,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<$crate::OffersWritten, $crate::StoreError> {
            self.write_offers(offers, actor, at).await
        }

        async fn offer(
            &self,
            id: &$crate::OfferId,
        ) -> Result<Option<$crate::StoredOffer>, $crate::StoreError> {
            self.read_offer(id).await
        }

        async fn change_offer(
            &self,
            id: &$crate::OfferId,
            change: &$crate::OfferChange,
            actor: &str,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<bool, $crate::StoreError> {
            self.write_offer_change(id, change, actor, at).await
        }

        async fn expire_offers(
            &self,
            actor: &str,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<u64, $crate::StoreError> {
            self.write_offers_expired(actor, at).await
        }

        async fn registration_counters(&self) -> Result<Vec<(i32, u64)>, $crate::StoreError> {
            let rows: Vec<(i32, i64)> =
                sqlx::query_as("SELECT year, last_seq FROM registration_counters ORDER BY year")
                    .fetch_all(&self.pool)
                    .await?;
            Ok(rows
                .into_iter()
                .map(|(year, seq)| (year, u64::try_from(seq).unwrap_or(0)))
                .collect())
        }
    }
    };
}

/// Expands the inserts of a registration batch — appeals, idempotency keys, audit entries,
/// a few rows per statement — and the check that a number was never issued, as inherent
/// methods of a backend's store.
macro_rules! insert_methods {
    ($db:ty) => {
        /// Rows per multi-row `INSERT`: 18 columns × 64 rows stays far below both databases'
        /// limits on bound parameters.
        const ROWS_PER_INSERT: usize = 64;

        /// Refuses `seq` of `year` if the audit log has seen it registered. Numbers are issued
        /// in sequence, so a counter set back below any issued number issues an issued number
        /// next: checking the first number of each year in a batch is enough to never issue a
        /// number twice, even with the counter set back from outside Sheshim.
        async fn refuse_number_issued_before(
            tx: &mut sqlx::Transaction<'static, $db>,
            number: &sheshim_domain::RegistrationNumber,
        ) -> Result<(), $crate::StoreError> {
            let issued_before: Option<i64> = sqlx::query_scalar(
                "SELECT seq FROM audit_log WHERE subject = $1 AND action = 'appeal.registered' LIMIT 1",
            )
            .bind(number.as_str())
            .fetch_optional(&mut **tx)
            .await?;
            if issued_before.is_some() {
                tracing::error!(%number, "the registration counter was set back: refusing to issue a number again");
                return Err($crate::StoreError::Corrupt {
                    column: "last_seq",
                    subject: format!("registration counter {}", number.year()),
                });
            }
            Ok(())
        }

        async fn insert_appeals(
            tx: &mut sqlx::Transaction<'static, $db>,
            created: &[(sheshim_domain::Appeal, $crate::sealed::SealedAppeal, i64)],
        ) -> Result<(), $crate::StoreError> {
            use chrono::Datelike;
            for chunk in created.chunks(Self::ROWS_PER_INSERT) {
                let mut insert = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO appeals (registration_number, reg_year, reg_seq, kind, language, \
                     channel, text, applicant_iin, applicant_name, applicant_phone, applicant_email, \
                     applicant_address, agency, received_at, registered_on, deadline, status, applicant_ref) ",
                );
                insert.push_values(chunk, |mut row, (appeal, sealed, seq)| {
                    row.push_bind(appeal.registration_number.as_str())
                        .push_bind(appeal.registered_on.year())
                        .push_bind(*seq)
                        .push_bind(appeal.kind.code())
                        .push_bind(appeal.language.code())
                        .push_bind(appeal.channel.code())
                        .push_bind(sealed.text.as_str())
                        .push_bind(sealed.iin.as_str())
                        .push_bind(sealed.name.as_str())
                        .push_bind(sealed.phone.as_deref())
                        .push_bind(sealed.email.as_deref())
                        .push_bind(sealed.address.as_deref())
                        .push_bind(appeal.agency.as_ref().map(|a| a.as_str()))
                        .push_bind(appeal.received_at)
                        .push_bind(appeal.registered_on)
                        .push_bind(appeal.deadline)
                        .push_bind(appeal.status.code())
                        .push_bind(sealed.applicant_ref);
                });
                insert.build().execute(&mut **tx).await?;
            }
            Ok(())
        }

        async fn insert_claims(
            tx: &mut sqlx::Transaction<'static, $db>,
            claims: &[($crate::IdempotencyClaim, usize)],
            created: &[(sheshim_domain::Appeal, $crate::sealed::SealedAppeal, i64)],
        ) -> Result<(), $crate::StoreError> {
            for chunk in claims.chunks(Self::ROWS_PER_INSERT) {
                let mut insert = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO idempotency_keys (key, request_sha256, registration_number, created_at) ",
                );
                insert.push_values(chunk, |mut row, (claim, index)| {
                    let appeal = &created[*index].0;
                    row.push_bind(claim.key.as_str())
                        .push_bind(claim.request_sha256.as_str())
                        .push_bind(appeal.registration_number.as_str())
                        .push_bind(appeal.received_at);
                });
                insert.build().execute(&mut **tx).await?;
            }
            Ok(())
        }

        async fn insert_audit_entries(
            tx: &mut sqlx::Transaction<'static, $db>,
            entries: &[sheshim_audit::AuditEntry],
            keys: &sheshim_crypto::Keyring,
        ) -> Result<(), $crate::StoreError> {
            for chunk in entries.chunks(Self::ROWS_PER_INSERT) {
                let texts: Vec<(String, String, String, String)> = chunk
                    .iter()
                    .map(|entry| {
                        let hash = entry.hash.to_hex();
                        let mac = keys.audit_mac(&hash);
                        (entry.payload_text(), entry.prev_hash.to_hex(), hash, mac)
                    })
                    .collect();
                let mut insert = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO audit_log (seq, at, actor, action, subject, payload, prev_hash, hash, mac) ",
                );
                insert.push_values(chunk.iter().zip(&texts), |mut row, (entry, (payload, prev, hash, mac))| {
                    row.push_bind(entry.seq as i64)
                        .push_bind(entry.at)
                        .push_bind(entry.actor.as_str())
                        .push_bind(entry.action.as_str())
                        .push_bind(entry.subject.as_str())
                        .push_bind(payload.as_str())
                        .push_bind(prev.as_str())
                        .push_bind(hash.as_str())
                        .push_bind(mac.as_str());
                });
                insert.build().execute(&mut **tx).await?;
            }
            Ok(())
        }
    };
}

pub(crate) use impl_store;
pub(crate) use insert_methods;
