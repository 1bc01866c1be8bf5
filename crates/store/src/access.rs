//! Users, API tokens, channel clients and citizens' access codes: SQL both databases share,
//! written once as a macro that expands to inherent methods of each backend's store (as in
//! `keys.rs`); the [`Store`](crate::Store) methods call them.

/// Expands the access methods as inherent methods of a backend's store.
macro_rules! access_methods {
    ($db:ty) => {
        /// See [`Store::add_user`](crate::Store::add_user).
        async fn insert_user(
            &self,
            user: $crate::NewUser,
            actor: &str,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<$crate::UserId, $crate::StoreError> {
            let mut tx = self.begin_write().await?;
            let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE login = $1")
                .bind(user.login.as_str())
                .fetch_optional(&mut *tx)
                .await?;
            if taken.is_some() {
                return Err($crate::StoreError::Duplicate {
                    what: "a user with this login",
                });
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO users (login, role, agency, password_hash, must_change_password, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(user.login.as_str())
            .bind(user.role.code())
            .bind(user.agency.as_str())
            .bind(&user.password_hash)
            .bind(true)
            .bind(at)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query("INSERT INTO api_tokens (token_hash, user_id, created_at) VALUES ($1, $2, $3)")
                .bind(&user.token_hash)
                .bind(id)
                .bind(at)
                .execute(&mut *tx)
                .await?;
            // The login names an official, not a citizen; the hashes stay out of the log.
            let entry = sheshim_audit::NewAuditEntry {
                at,
                actor: actor.to_owned(),
                action: "user.added".into(),
                subject: format!("user:{}", user.login),
                payload: serde_json::json!({
                    "role": user.role.code(),
                    "agency": user.agency.as_str(),
                    "api_tokens": 1,
                }),
            };
            Self::append_audit_entry(&mut tx, entry, &self.keys).await?;
            self.commit_write(tx).await?;
            Ok($crate::UserId(id))
        }

        /// See [`Store::principal_by_token_hash`](crate::Store::principal_by_token_hash).
        async fn principal_of(
            &self,
            token_hash: &str,
        ) -> Result<Option<$crate::Principal>, $crate::StoreError> {
            let row: Option<(i64, String, String, String)> = sqlx::query_as(
                "SELECT users.id, users.login, users.role, users.agency \
                 FROM api_tokens JOIN users ON users.id = api_tokens.user_id \
                 WHERE api_tokens.token_hash = $1 AND api_tokens.revoked_at IS NULL \
                 AND users.disabled_at IS NULL",
            )
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?;
            let Some((id, login, role, agency)) = row else {
                return Ok(None);
            };
            let corrupt = |column| $crate::StoreError::Corrupt {
                column,
                subject: format!("user {id}"),
            };
            Ok(Some($crate::Principal {
                user_id: $crate::UserId(id),
                login: sheshim_domain::AccountName::parse(&login).map_err(|_| corrupt("login"))?,
                role: sheshim_domain::Role::parse(&role).map_err(|_| corrupt("role"))?,
                agency: sheshim_domain::AgencyCode::parse(&agency).map_err(|_| corrupt("agency"))?,
            }))
        }

        /// See [`Store::add_client`](crate::Store::add_client).
        async fn insert_client(
            &self,
            client: $crate::NewClient,
            actor: &str,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<$crate::ClientId, $crate::StoreError> {
            let mut tx = self.begin_write().await?;
            let taken: Option<i64> =
                sqlx::query_scalar("SELECT id FROM channel_clients WHERE name = $1")
                    .bind(client.name.as_str())
                    .fetch_optional(&mut *tx)
                    .await?;
            if taken.is_some() {
                return Err($crate::StoreError::Duplicate {
                    what: "a client with this name",
                });
            }
            let rate = i32::try_from(client.rate_per_minute.max(1)).unwrap_or(i32::MAX);
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO channel_clients (name, channel, key_hash, rate_per_minute, created_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(client.name.as_str())
            .bind(client.channel.code())
            .bind(&client.key_hash)
            .bind(rate)
            .bind(at)
            .fetch_one(&mut *tx)
            .await?;
            let entry = sheshim_audit::NewAuditEntry {
                at,
                actor: actor.to_owned(),
                action: "client.added".into(),
                subject: format!("client:{}", client.name),
                payload: serde_json::json!({
                    "channel": client.channel.code(),
                    "rate_per_minute": rate,
                }),
            };
            Self::append_audit_entry(&mut tx, entry, &self.keys).await?;
            self.commit_write(tx).await?;
            Ok($crate::ClientId(id))
        }

        /// See [`Store::client_by_key_hash`](crate::Store::client_by_key_hash).
        async fn client_of(
            &self,
            key_hash: &str,
        ) -> Result<Option<$crate::ChannelClient>, $crate::StoreError> {
            let row: Option<(i64, String, String, i32)> = sqlx::query_as(
                "SELECT id, name, channel, rate_per_minute FROM channel_clients \
                 WHERE key_hash = $1 AND revoked_at IS NULL",
            )
            .bind(key_hash)
            .fetch_optional(&self.pool)
            .await?;
            let Some((id, name, channel, rate)) = row else {
                return Ok(None);
            };
            let corrupt = |column| $crate::StoreError::Corrupt {
                column,
                subject: format!("channel client {id}"),
            };
            Ok(Some($crate::ChannelClient {
                id: $crate::ClientId(id),
                name: sheshim_domain::AccountName::parse(&name).map_err(|_| corrupt("name"))?,
                channel: sheshim_domain::Channel::parse(&channel).map_err(|_| corrupt("channel"))?,
                rate_per_minute: u32::try_from(rate)
                    .ok()
                    .filter(|rate| *rate > 0)
                    .ok_or_else(|| corrupt("rate_per_minute"))?,
            }))
        }

        /// See [`Store::access_code_hash`](crate::Store::access_code_hash).
        async fn code_hash_of(
            &self,
            number: &sheshim_domain::RegistrationNumber,
        ) -> Result<Option<String>, $crate::StoreError> {
            Ok(sqlx::query_scalar(
                "SELECT code_hash FROM access_codes WHERE registration_number = $1",
            )
            .bind(number.as_str())
            .fetch_optional(&self.pool)
            .await?)
        }

        /// Inserts the access-code hashes of a registration batch's new appeals, a few rows
        /// per statement, in the batch's transaction.
        async fn insert_access_codes(
            tx: &mut sqlx::Transaction<'static, $db>,
            codes: &[(String, String)],
        ) -> Result<(), $crate::StoreError> {
            for chunk in codes.chunks(Self::ROWS_PER_INSERT) {
                let mut insert = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO access_codes (registration_number, code_hash) ",
                );
                insert.push_values(chunk, |mut row, (number, hash)| {
                    row.push_bind(number.as_str()).push_bind(hash.as_str());
                });
                insert.build().execute(&mut **tx).await?;
            }
            Ok(())
        }
    };
}

pub(crate) use access_methods;
