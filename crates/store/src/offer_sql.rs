//! The SQL of proactive offers (see `offers.rs`), the same on both databases, written once
//! as a macro that expands to inherent methods of each backend's store; the
//! [`Store`](crate::Store) methods call them.

/// Expands the offers' methods for a backend.
macro_rules! offer_methods {
    ($db:ty) => {
        /// Rows looked up per statement when checking which persons have an offer already.
        const OFFER_REFS_PER_SELECT: usize = 500;

        /// See [`Store::put_offers`](crate::Store::put_offers).
        async fn write_offers(
            &self,
            offers: Vec<$crate::NewOffer>,
            actor: &str,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<$crate::OffersWritten, $crate::StoreError> {
            use std::collections::HashSet;
            let keys = &self.keys;
            let mut tx = self.begin_write().await?;
            // The head is locked first, so that two writers of the same persons are
            // serialised and never both make an offer for one person and period.
            let (head_seq, head_hash): (i64, String) = sqlx::query_as(Self::HEAD_FOR_UPDATE)
                .fetch_one(&mut *tx)
                .await?;
            let mut head = $crate::row::chain_head(head_seq, &head_hash)?;
            let refs: Vec<i64> = offers
                .iter()
                .map(|offer| keys.lookup_id(offer.content.iin.expose()))
                .collect();
            // Who already has an offer: (service, period, IIN), from the rows of the refs.
            let mut held: HashSet<(String, String, String)> = HashSet::new();
            let mut distinct: Vec<i64> = refs.clone();
            distinct.sort_unstable();
            distinct.dedup();
            for chunk in distinct.chunks(Self::OFFER_REFS_PER_SELECT) {
                let mut query = sqlx::QueryBuilder::<$db>::new(
                    "SELECT id, service, period, sealed FROM offers WHERE person_ref IN (",
                );
                let mut list = query.separated(", ");
                for person_ref in chunk {
                    list.push_bind(*person_ref);
                }
                query.push(")");
                let rows: Vec<(String, String, String, String)> =
                    query.build_query_as().fetch_all(&mut *tx).await?;
                for (id, service, period, sealed) in rows {
                    let content = $crate::offers::open(keys, &id, &sealed)?;
                    held.insert((service, period, content.iin.expose().to_owned()));
                }
            }
            let mut created = Vec::with_capacity(offers.len());
            for (offer, person_ref) in offers.iter().zip(&refs) {
                let key = (
                    offer.service.as_str().to_owned(),
                    offer.period.clone(),
                    offer.content.iin.expose().to_owned(),
                );
                // Held already, or earlier in this batch: kept as it is.
                if !held.insert(key) {
                    created.push(false);
                    continue;
                }
                let id = offer.id.as_str();
                let sealed = $crate::offers::seal(keys, id, &offer.content)?;
                sqlx::query(
                    "INSERT INTO offers (id, service, person_ref, period, sealed, access_code_hash, \
                     status, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, 'offered', $7, $8)",
                )
                .bind(id)
                .bind(offer.service.as_str())
                .bind(*person_ref)
                .bind(offer.period.as_str())
                .bind(sealed)
                .bind(offer.access_code_hash.as_str())
                .bind(at)
                .bind(offer.expires_at)
                .execute(&mut *tx)
                .await?;
                created.push(true);
            }
            let count = created.iter().filter(|c| **c).count();
            let entry = head.append($crate::offers::written_audit(&offers, count, actor, at));
            Self::insert_audit_entries(&mut tx, std::slice::from_ref(&entry), keys).await?;
            Self::write_head(&mut tx, &head).await?;
            self.commit_write(tx).await?;
            Ok($crate::OffersWritten { created })
        }

        /// See [`Store::offer`](crate::Store::offer).
        async fn read_offer(
            &self,
            id: &$crate::OfferId,
        ) -> Result<Option<$crate::StoredOffer>, $crate::StoreError> {
            use $crate::offers::{OFFER_COLUMNS, OfferRow};
            let row: Option<OfferRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {OFFER_COLUMNS} FROM offers WHERE id = $1"
            )))
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await?;
            row.map(|row| row.into_offer(&self.keys)).transpose()
        }

        /// See [`Store::change_offer`](crate::Store::change_offer).
        async fn write_offer_change(
            &self,
            id: &$crate::OfferId,
            change: &$crate::OfferChange,
            actor: &str,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<bool, $crate::StoreError> {
            use $crate::OfferChange;
            let mut tx = self.begin_write().await?;
            let mut update = sqlx::QueryBuilder::<$db>::new("UPDATE offers SET ");
            match change {
                OfferChange::Accept | OfferChange::Decline | OfferChange::Expire => {
                    let status = match change {
                        OfferChange::Accept => "accepted",
                        OfferChange::Decline => "declined",
                        _ => "expired",
                    };
                    update
                        .push("status = ")
                        .push_bind(status)
                        .push(", decided_at = ")
                        .push_bind(at)
                        .push(" WHERE status = 'offered' AND id = ")
                        .push_bind(id.as_str().to_owned());
                    // An offer past its time can only be marked expired.
                    if *change != OfferChange::Expire {
                        update.push(" AND expires_at > ").push_bind(at);
                    }
                }
                OfferChange::Registered(number) => {
                    update
                        .push("registration_number = ")
                        .push_bind(number.as_str().to_owned())
                        .push(" WHERE status = 'accepted' AND registration_number IS NULL AND id = ")
                        .push_bind(id.as_str().to_owned());
                }
            }
            let changed = update.build().execute(&mut *tx).await?.rows_affected() == 1;
            if !changed {
                tx.rollback().await?;
                return Ok(false);
            }
            let service: String = sqlx::query_scalar("SELECT service FROM offers WHERE id = $1")
                .bind(id.as_str())
                .fetch_one(&mut *tx)
                .await?;
            let mut payload = serde_json::json!({ "service": service });
            if let (OfferChange::Registered(number), Some(object)) =
                (change, payload.as_object_mut())
            {
                object.insert(
                    "registration_number".to_owned(),
                    serde_json::json!(number.as_str()),
                );
            }
            Self::append_audit_entry(
                &mut tx,
                sheshim_audit::NewAuditEntry {
                    at,
                    actor: actor.to_owned(),
                    action: change.action().to_owned(),
                    subject: format!("offer:{}", id.as_str()),
                    payload,
                },
                &self.keys,
            )
            .await?;
            self.commit_write(tx).await?;
            Ok(true)
        }

        /// See [`Store::expire_offers`](crate::Store::expire_offers).
        async fn write_offers_expired(
            &self,
            actor: &str,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<u64, $crate::StoreError> {
            let mut tx = self.begin_write().await?;
            let expired = sqlx::query(
                "UPDATE offers SET status = 'expired', decided_at = $1 \
                 WHERE status = 'offered' AND expires_at <= $1",
            )
            .bind(at)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if expired == 0 {
                tx.rollback().await?;
                return Ok(0);
            }
            Self::append_audit_entry(
                &mut tx,
                sheshim_audit::NewAuditEntry {
                    at,
                    actor: actor.to_owned(),
                    action: "offers.expired".to_owned(),
                    subject: "offers".to_owned(),
                    payload: serde_json::json!({ "expired": expired }),
                },
                &self.keys,
            )
            .await?;
            self.commit_write(tx).await?;
            Ok(expired)
        }

        /// Seals every offer not sealed under the active data key again, a page per
        /// transaction; returns how many were.
        async fn reseal_offers(&self) -> Result<u64, $crate::StoreError> {
            let keys = &self.keys;
            let current = format!("sh1:{}:%", keys.active_key());
            let mut resealed = 0u64;
            loop {
                let mut tx = self.begin_write().await?;
                let rows: Vec<(String, String)> = sqlx::query_as(
                    "SELECT id, sealed FROM offers WHERE sealed NOT LIKE $1 ORDER BY id LIMIT 500",
                )
                .bind(&current)
                .fetch_all(&mut *tx)
                .await?;
                if rows.is_empty() {
                    tx.rollback().await?;
                    return Ok(resealed);
                }
                for (id, sealed) in rows {
                    let content = $crate::offers::open(keys, &id, &sealed)?;
                    let again = $crate::offers::seal(keys, &id, &content)?;
                    sqlx::query("UPDATE offers SET sealed = $1 WHERE id = $2")
                        .bind(&again)
                        .bind(&id)
                        .execute(&mut *tx)
                        .await?;
                    resealed += 1;
                }
                self.commit_write(tx).await?;
            }
        }

    };
}

pub(crate) use offer_methods;
