//! The store's side of the key file: binding a database to its key file when they first
//! meet (sealing any appeals written before personal data was sealed), refusing a wrong or
//! incomplete key file, and re-sealing everything under a new data key.
//!
//! Like `common.rs`, this is SQL that both databases share, written once as a macro that
//! expands to inherent methods of each backend's store.

/// Expands `attach_keys` and `reseal_all` as inherent methods of a backend's store.
macro_rules! keys_methods {
    ($db:ty) => {
        /// See [`Store::attach`](crate::Store::attach).
        async fn attach_keys(
            &self,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<$crate::Attached, $crate::StoreError> {
            use $crate::{Attached, KeysProblem, StoreError};
            let keys = &self.keys;
            let mut tx = self.begin_write().await?;
            let meta: Option<(String, String, String)> = sqlx::query_as(
                "SELECT store_id, lookup_check, audit_check FROM store_meta WHERE id = 1",
            )
            .fetch_optional(&mut *tx)
            .await?;
            let Some((store_id, lookup_check, audit_check)) = meta else {
                if let Some(found) = keys.store_id() {
                    return Err(KeysProblem::DatabaseMissing {
                        found: found.to_string(),
                    }
                    .into());
                }
                let store_id = sheshim_crypto::StoreId::generate()?;
                let sealed = self.bind_new_store(&mut tx, &store_id, at).await?;
                self.commit_write(tx).await?;
                if sealed > 0 {
                    self.scrub_after_sealing().await?;
                }
                return Ok(Attached::New { store_id, sealed });
            };
            match keys.store_id() {
                None => return Err(KeysProblem::NotBound { expected: store_id }.into()),
                Some(found) if found.as_str() != store_id => {
                    return Err(KeysProblem::OtherStore {
                        expected: store_id,
                        found: found.to_string(),
                    }
                    .into());
                }
                Some(_) => {}
            }
            if keys.lookup_key_check().0 != lookup_check {
                return Err(KeysProblem::WrongKey { key: "lookup_key".into() }.into());
            }
            if keys.audit_key_check().0 != audit_check {
                return Err(KeysProblem::WrongKey { key: "audit_key".into() }.into());
            }
            let known: Vec<(String, String)> =
                sqlx::query_as("SELECT key_id, key_check FROM data_keys ORDER BY key_id")
                    .fetch_all(&mut *tx)
                    .await?;
            for (id, check) in &known {
                let in_file = sheshim_crypto::KeyId::parse(id)
                    .ok()
                    .and_then(|id| keys.data_key_check(&id));
                match in_file {
                    Some(in_file) if &in_file.0 == check => {}
                    Some(_) => {
                        return Err(KeysProblem::WrongKey { key: format!("data key {id}") }.into());
                    }
                    None => {
                        // A key the file no longer holds is fine once nothing is sealed with it.
                        if Self::seals_anything(&mut tx, id).await? {
                            return Err(KeysProblem::MissingKey { key: id.clone() }.into());
                        }
                    }
                }
            }
            let active = keys.active_key();
            if !known.iter().any(|(id, _)| id == active.as_str()) {
                Self::record_data_key(&mut tx, keys, at).await?;
            }
            self.commit_write(tx).await?;
            let store_id = sheshim_crypto::StoreId::parse(&store_id).map_err(|_| {
                StoreError::Corrupt {
                    column: "store_id",
                    subject: "store_meta".into(),
                }
            })?;
            Ok(Attached::Existing(store_id))
        }

        /// Writes the store's identity and key checks into a database that has none, seals
        /// the appeals stored before personal data was sealed, and records it in the audit
        /// log. Returns how many appeals were sealed.
        async fn bind_new_store(
            &self,
            tx: &mut sqlx::Transaction<'static, $db>,
            store_id: &sheshim_crypto::StoreId,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<u64, $crate::StoreError> {
            use $crate::row::{AppealRow, APPEAL_COLUMNS};
            let keys = &self.keys;
            sqlx::query(
                "INSERT INTO store_meta (id, store_id, lookup_check, audit_check, bound_at) \
                 VALUES (1, $1, $2, $3, $4)",
            )
            .bind(store_id.as_str())
            .bind(keys.lookup_key_check().0)
            .bind(keys.audit_key_check().0)
            .bind(at)
            .execute(&mut **tx)
            .await?;
            Self::record_data_key(tx, keys, at).await?;
            let mut sealed = 0u64;
            let mut after = 0i64;
            loop {
                let rows: Vec<AppealRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {APPEAL_COLUMNS} FROM appeals WHERE id > $1 ORDER BY id LIMIT 500"
                )))
                .bind(after)
                .fetch_all(&mut **tx)
                .await?;
                let Some(last) = rows.last() else { break };
                after = last.id;
                for row in rows {
                    let id = row.id;
                    // Rows from before sealing hold plain text.
                    let appeal = row.into_appeal(None)?;
                    Self::write_sealed(tx, id, &appeal, keys).await?;
                    sealed += 1;
                }
            }
            let entry = sheshim_audit::NewAuditEntry {
                at,
                actor: "system:store".into(),
                action: "store.keys_attached".into(),
                subject: "store".into(),
                payload: serde_json::json!({
                    "store_id": store_id.as_str(),
                    "data_key": keys.active_key().as_str(),
                    "appeals_sealed": sealed,
                }),
            };
            Self::append_audit_entry(tx, entry, keys).await?;
            Ok(sealed)
        }

        /// Records the active data key's check value.
        async fn record_data_key(
            tx: &mut sqlx::Transaction<'static, $db>,
            keys: &sheshim_crypto::Keyring,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<(), $crate::StoreError> {
            let active = keys.active_key();
            let check = keys.data_key_check(active).map(|check| check.0).unwrap_or_default();
            sqlx::query("INSERT INTO data_keys (key_id, key_check, added_at) VALUES ($1, $2, $3)")
                .bind(active.as_str())
                .bind(check)
                .bind(at)
                .execute(&mut **tx)
                .await?;
            Ok(())
        }

        /// Overwrites an appeal's personal data with values sealed under the active key.
        async fn write_sealed(
            tx: &mut sqlx::Transaction<'static, $db>,
            id: i64,
            appeal: &sheshim_domain::Appeal,
            keys: &sheshim_crypto::Keyring,
        ) -> Result<(), $crate::StoreError> {
            let sealed = $crate::sealed::SealedAppeal::of(appeal, keys)?;
            sqlx::query(
                "UPDATE appeals SET text = $1, applicant_iin = $2, applicant_name = $3, \
                 applicant_phone = $4, applicant_email = $5, applicant_address = $6, \
                 applicant_ref = $7 WHERE id = $8",
            )
            .bind(&sealed.text)
            .bind(&sealed.iin)
            .bind(&sealed.name)
            .bind(&sealed.phone)
            .bind(&sealed.email)
            .bind(&sealed.address)
            .bind(sealed.applicant_ref)
            .bind(id)
            .execute(&mut **tx)
            .await?;
            Ok(())
        }

        /// Whether any value is still sealed with data key `id`: an appeal's (all of an
        /// appeal's columns are sealed together, so its text tells), a registry person's, an
        /// offer's, a case's record or claims, or a message in the outbox.
        async fn seals_anything(
            tx: &mut sqlx::Transaction<'static, $db>,
            id: &str,
        ) -> Result<bool, $crate::StoreError> {
            const SEALED_COLUMNS: [(&str, &str); 6] = [
                ("appeals", "text"),
                ("registry_persons", "facts"),
                ("offers", "sealed"),
                ("cases", "record"),
                ("cases", "claims"),
                ("outbox", "payload"),
            ];
            let pattern = format!("sh1:{id}:%");
            for (table, column) in SEALED_COLUMNS {
                let found: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                    "SELECT COUNT(*) FROM (SELECT 1 FROM {table} WHERE {column} LIKE $1 LIMIT 1) AS found"
                )))
                .bind(&pattern)
                .fetch_one(&mut **tx)
                .await?;
                if found > 0 {
                    return Ok(true);
                }
            }
            Ok(false)
        }

        /// Appends one entry to the chain: the head read under the write lock, the entry
        /// linked, authenticated and inserted, the head moved on.
        async fn append_audit_entry(
            tx: &mut sqlx::Transaction<'static, $db>,
            new: sheshim_audit::NewAuditEntry,
            keys: &sheshim_crypto::Keyring,
        ) -> Result<(), $crate::StoreError> {
            let (head_seq, head_hash): (i64, String) =
                sqlx::query_as(Self::HEAD_FOR_UPDATE).fetch_one(&mut **tx).await?;
            let mut head = $crate::row::chain_head(head_seq, &head_hash)?;
            let entry = head.append(new);
            Self::insert_audit_entries(tx, std::slice::from_ref(&entry), keys).await?;
            Self::write_head(tx, &head).await
        }

        /// Updates the chain head row to a new head.
        async fn write_head(
            tx: &mut sqlx::Transaction<'static, $db>,
            head: &sheshim_audit::ChainHead,
        ) -> Result<(), $crate::StoreError> {
            sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
                .bind(head.seq as i64)
                .bind(head.hash.to_hex())
                .execute(&mut **tx)
                .await?;
            Ok(())
        }

        /// See [`Store::rotate_keys`](crate::Store::rotate_keys).
        async fn reseal_all(
            &self,
            actor: &str,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<$crate::Resealed, $crate::StoreError> {
            use $crate::row::{AppealRow, APPEAL_COLUMNS};
            let keys = &self.keys;
            let current = format!("sh1:{}:%", keys.active_key());
            let mut resealed = 0u64;
            // One transaction per page, so a long rotation neither holds the write lock for
            // long nor loses its progress if interrupted: running it again carries on.
            loop {
                let mut tx = self.begin_write().await?;
                let rows: Vec<AppealRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {APPEAL_COLUMNS} FROM appeals WHERE text NOT LIKE $1 ORDER BY id LIMIT 500"
                )))
                .bind(&current)
                .fetch_all(&mut *tx)
                .await?;
                if rows.is_empty() {
                    tx.rollback().await?;
                    break;
                }
                for row in rows {
                    let id = row.id;
                    let appeal = row.into_appeal(Some(keys))?;
                    Self::write_sealed(&mut tx, id, &appeal, keys).await?;
                    resealed += 1;
                }
                self.commit_write(tx).await?;
            }
            let registry_persons = self.reseal_registry_persons().await?;
            let case_documents = self.reseal_case_documents().await?;
            let offers = self.reseal_offers().await?;
            let mut tx = self.begin_write().await?;
            let in_use: Vec<String> =
                sqlx::query_scalar("SELECT key_id FROM data_keys WHERE retired_at IS NULL ORDER BY key_id")
                    .fetch_all(&mut *tx)
                    .await?;
            let mut retired = Vec::new();
            for id in in_use.into_iter().filter(|id| id != keys.active_key().as_str()) {
                if !Self::seals_anything(&mut tx, &id).await? {
                    sqlx::query("UPDATE data_keys SET retired_at = $1 WHERE key_id = $2")
                        .bind(at)
                        .bind(&id)
                        .execute(&mut *tx)
                        .await?;
                    retired.push(id);
                }
            }
            let entry = sheshim_audit::NewAuditEntry {
                at,
                actor: actor.to_owned(),
                action: "keys.rotated".into(),
                subject: "store".into(),
                payload: serde_json::json!({
                    "data_key": keys.active_key().as_str(),
                    "appeals_resealed": resealed,
                    "registry_persons_resealed": registry_persons,
                    "case_documents_resealed": case_documents,
                    "offers_resealed": offers,
                    "retired": retired,
                }),
            };
            Self::append_audit_entry(&mut tx, entry, keys).await?;
            self.commit_write(tx).await?;
            if resealed > 0 || case_documents > 0 {
                self.scrub_after_sealing().await?;
            }
            Ok($crate::Resealed { appeals: resealed })
        }
    };
}

pub(crate) use keys_methods;
