//! The case flow's upkeep, the same SQL on both databases, expanded per backend: the
//! automation switches, a service's cases for a replay, the digests of cases' states that
//! `audit verify` compares with the log, and re-sealing case documents when keys rotate.

/// Expands the upkeep methods as inherent methods of a backend's store; the `Store` trait's
/// methods (in `common.rs`) and key rotation (in `keys.rs`) call them.
macro_rules! case_upkeep_methods {
    ($db:ty) => {
        /// Seals every case's record and claims, and every message of the outbox, again under
        /// the active data key (a page per transaction); returns how many values were resealed.
        async fn reseal_case_documents(&self) -> Result<u64, $crate::StoreError> {
            use $crate::case_rows::{case_binding, outbox_binding};
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


        /// See [`Store::cases_of_service`](crate::Store::cases_of_service).
        async fn service_cases(
            &self,
            service: &sheshim_domain::ServiceCode,
            from: Option<chrono::NaiveDate>,
            to: Option<chrono::NaiveDate>,
            after_id: i64,
            limit: u32,
        ) -> Result<$crate::ServiceCasePage, $crate::StoreError> {
            use $crate::case_rows::{CaseRow, CASE_COLUMNS};
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

        async fn case_states(
            &self,
            after: &str,
            limit: u32,
        ) -> Result<Vec<(String, Result<String, $crate::StoreError>)>, $crate::StoreError> {
            let rows: Vec<$crate::case_rows::CaseStateRow> = sqlx::query_as(
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
    };
}

pub(crate) use case_upkeep_methods;
