//! The SQL of duplicates and mass appeals (see `group_model.rs`), the same on both databases,
//! written once as a macro that expands to inherent methods of each backend's store, like
//! `cases.rs`: links written inside a case change's transaction, and the reads of a case's
//! links, of a group and of the open cases the engine's duplicate index is rebuilt from.

/// Expands the links' methods for a backend.
macro_rules! link_methods {
    ($db:ty) => {
        /// Writes `link` for the case `number` inside the transaction of its change: the group
        /// (if new) and its founders, each founder newly linked with an audit entry of its own
        /// appended to `entries`. Returns what the case's own audit entry adds to its payload.
        #[allow(clippy::too_many_arguments)]
        async fn write_link(
            tx: &mut sqlx::Transaction<'static, $db>,
            number: &str,
            link: &$crate::NewLink,
            actor: &str,
            at: chrono::DateTime<chrono::Utc>,
            head: &mut sheshim_audit::ChainHead,
            entries: &mut Vec<sheshim_audit::AuditEntry>,
        ) -> Result<serde_json::Value, $crate::StoreError> {
            // Writes one case's link unless it has one; 1 when written, 0 when not.
            async fn insert_link(
                tx: &mut sqlx::Transaction<'static, $db>,
                number: &str,
                duplicate_of: Option<&str>,
                group: Option<&str>,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<u64, $crate::StoreError> {
                Ok(sqlx::query(
                    "INSERT INTO case_links (registration_number, duplicate_of, group_id, linked_at) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT (registration_number) DO NOTHING",
                )
                .bind(number)
                .bind(duplicate_of)
                .bind(group)
                .bind(at)
                .execute(&mut **tx)
                .await?
                .rows_affected())
            }
            match link {
                $crate::NewLink::DuplicateOf(earlier) => {
                    let written = insert_link(tx, number, Some(earlier.as_str()), None, at).await?;
                    Ok(if written == 1 {
                        serde_json::json!({ "duplicate_of": earlier.as_str() })
                    } else {
                        serde_json::json!({})
                    })
                }
                $crate::NewLink::Group { id, agency, founders } => {
                    let created = sqlx::query(
                        "INSERT INTO appeal_groups (id, agency, created_at) VALUES ($1, $2, $3) \
                         ON CONFLICT (id) DO NOTHING",
                    )
                    .bind(id.as_str())
                    .bind(agency.as_str())
                    .bind(at)
                    .execute(&mut **tx)
                    .await?
                    .rows_affected()
                        == 1;
                    for founder in founders {
                        let written =
                            insert_link(tx, founder.as_str(), None, Some(id.as_str()), at).await?;
                        if written == 1 {
                            entries.push(head.append(sheshim_audit::NewAuditEntry {
                                at,
                                actor: actor.to_owned(),
                                action: "case.grouped".to_owned(),
                                subject: founder.as_str().to_owned(),
                                payload: serde_json::json!({ "group": id.as_str() }),
                            }));
                        }
                    }
                    let written = insert_link(tx, number, None, Some(id.as_str()), at).await?;
                    Ok(if written == 1 {
                        serde_json::json!({ "group": id.as_str(), "group_created": created })
                    } else {
                        serde_json::json!({})
                    })
                }
            }
        }

        /// The links of the cases `numbers` names, those that have any.
        async fn read_links(
            &self,
            numbers: &[String],
        ) -> Result<std::collections::HashMap<String, $crate::CaseLinks>, $crate::StoreError> {
            use $crate::row::column;
            use sheshim_domain::RegistrationNumber;
            let mut links = std::collections::HashMap::new();
            for chunk in numbers.chunks(Self::ROWS_PER_INSERT * 8) {
                let mut query = sqlx::QueryBuilder::<$db>::new(
                    "SELECT l.registration_number, l.duplicate_of, l.group_id, \
                     (SELECT COUNT(*) FROM case_links m WHERE m.group_id = l.group_id) AS size \
                     FROM case_links l WHERE l.registration_number IN (",
                );
                let mut list = query.separated(", ");
                for number in chunk {
                    list.push_bind(number.clone());
                }
                query.push(")");
                let rows: Vec<(String, Option<String>, Option<String>, i64)> =
                    query.build_query_as().fetch_all(&self.pool).await?;
                for (number, duplicate_of, group, size) in rows {
                    let s = number.as_str();
                    let read = $crate::CaseLinks {
                        duplicate_of: duplicate_of
                            .map(|n| column(RegistrationNumber::parse(&n), "duplicate_of", s))
                            .transpose()?,
                        group: group
                            .map(|g| {
                                Ok::<_, $crate::StoreError>($crate::GroupRef {
                                    id: column(RegistrationNumber::parse(&g), "group_id", s)?,
                                    size: column(u32::try_from(size), "group_id", s)?,
                                })
                            })
                            .transpose()?,
                    };
                    links.insert(number, read);
                }
            }
            Ok(links)
        }

        /// See [`Store::appeal_group`](crate::Store::appeal_group).
        async fn read_group(
            &self,
            id: &sheshim_domain::RegistrationNumber,
        ) -> Result<Option<$crate::AppealGroup>, $crate::StoreError> {
            use $crate::row::column;
            use sheshim_domain::{AgencyCode, RegistrationNumber};
            let group: Option<(String, chrono::DateTime<chrono::Utc>)> =
                sqlx::query_as("SELECT agency, created_at FROM appeal_groups WHERE id = $1")
                    .bind(id.as_str())
                    .fetch_optional(&self.pool)
                    .await?;
            let Some((agency, created_at)) = group else {
                return Ok(None);
            };
            let s = id.as_str();
            let members: Vec<(String,)> = sqlx::query_as(
                "SELECT l.registration_number FROM case_links l JOIN appeals a \
                 ON a.registration_number = l.registration_number WHERE l.group_id = $1 ORDER BY a.id",
            )
            .bind(s)
            .fetch_all(&self.pool)
            .await?;
            Ok(Some($crate::AppealGroup {
                id: id.clone(),
                agency: column(AgencyCode::parse(&agency), "agency", s)?,
                created_at,
                members: members
                    .into_iter()
                    .map(|(n,)| column(RegistrationNumber::parse(&n), "registration_number", s))
                    .collect::<Result<_, _>>()?,
            }))
        }

        /// See [`Store::open_cases`](crate::Store::open_cases).
        async fn read_open_cases(
            &self,
            after_id: i64,
            limit: u32,
        ) -> Result<Vec<$crate::OpenCase>, $crate::StoreError> {
            use $crate::case_rows::{CaseRow, CASE_COLUMNS, OPEN_STATUSES};
            let mut query = sqlx::QueryBuilder::<$db>::new(format!(
                "SELECT {} FROM cases c JOIN appeals a ON a.registration_number = c.registration_number \
                 WHERE c.pipeline = 'done' AND a.status IN {OPEN_STATUSES} AND a.id > ",
                &*CASE_COLUMNS
            ));
            query.push_bind(after_id);
            query.push(" ORDER BY a.id LIMIT ").push_bind(i64::from(limit));
            let rows: Vec<CaseRow> = query.build_query_as().fetch_all(&self.pool).await?;
            let numbers: Vec<String> = rows
                .iter()
                .map(|row| row.appeal.registration_number.clone())
                .collect();
            let mut links = self.read_links(&numbers).await?;
            rows.into_iter()
                .map(|row| {
                    let id = row.appeal.id;
                    let case = row.into_case(&self.keys)?;
                    let links = links
                        .remove(case.appeal.registration_number.as_str())
                        .unwrap_or_default();
                    Ok($crate::OpenCase { id, case, links })
                })
                .collect()
        }
    };
}

pub(crate) use link_methods;
