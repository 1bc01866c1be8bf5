//! Sign-in, browser sessions and the interface language of the officers' web workspace: SQL
//! both databases share, written once as a macro that expands to inherent methods of each
//! backend's store (as `access.rs` does); the [`Store`](crate::Store) methods call them.
//! Saved views and the administrators' user changes are in `web_admin.rs`.
//!
//! A session is found by the SHA-256 (hex) of its cookie's secret only, and neither that hash
//! nor a password hash is ever written to an audit payload or a log.

use crate::{SignInAccount, StoreError, UserId, WebSession};
use chrono::{DateTime, TimeDelta, Utc};
use sheshim_domain::{AccountName, AgencyCode, Language, Role};

/// How stale a session's `last_seen_at` may grow before a page view writes it again: a
/// minute keeps the idle timeout accurate to a minute while most page views only read.
pub(crate) const SESSION_REFRESH: TimeDelta = TimeDelta::minutes(1);

/// A `users` row as a sign-in reads it.
pub(crate) type AccountRow = (
    i64,
    String,
    String,
    String,
    String,
    bool,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<String>,
);

/// A `web_sessions` row joined with its user's row.
pub(crate) type SessionRow = (
    i64,
    DateTime<Utc>,
    DateTime<Utc>,
    String,
    String,
    String,
    bool,
    Option<String>,
    Option<DateTime<Utc>>,
);

/// The error for a stored user column that no longer parses, naming the row by its id only.
pub(crate) fn corrupt_user(id: i64, column: &'static str) -> StoreError {
    StoreError::Corrupt {
        column,
        subject: format!("user {id}"),
    }
}

/// Parses the login, role and agency columns of user `id`.
pub(crate) fn user_identity(
    id: i64,
    login: &str,
    role: &str,
    agency: &str,
) -> Result<(AccountName, Role, AgencyCode), StoreError> {
    Ok((
        AccountName::parse(login).map_err(|_| corrupt_user(id, "login"))?,
        Role::parse(role).map_err(|_| corrupt_user(id, "role"))?,
        AgencyCode::parse(agency).map_err(|_| corrupt_user(id, "agency"))?,
    ))
}

/// Parses the language column of user `id`.
pub(crate) fn user_language(
    id: i64,
    language: Option<&str>,
) -> Result<Option<Language>, StoreError> {
    language
        .map(|code| Language::parse(code).map_err(|_| corrupt_user(id, "language")))
        .transpose()
}

/// The account a sign-in checks, from its row.
pub(crate) fn sign_in_account(row: AccountRow) -> Result<SignInAccount, StoreError> {
    let (id, login, role, agency, password_hash, must_change, disabled_at, locked_until, language) =
        row;
    let (login, role, agency) = user_identity(id, &login, &role, &agency)?;
    Ok(SignInAccount {
        user_id: UserId(id),
        login,
        role,
        agency,
        password_hash,
        must_change_password: must_change,
        disabled: disabled_at.is_some(),
        locked_until,
        language: user_language(id, language.as_deref())?,
    })
}

/// The session a cookie names, from its row; `last_seen_at` as it is after any refresh.
pub(crate) fn web_session(
    row: SessionRow,
    last_seen_at: DateTime<Utc>,
) -> Result<WebSession, StoreError> {
    let (id, created_at, _, login, role, agency, must_change, language, _) = row;
    let (login, role, agency) = user_identity(id, &login, &role, &agency)?;
    Ok(WebSession {
        user_id: UserId(id),
        login,
        role,
        agency,
        must_change_password: must_change,
        language: user_language(id, language.as_deref())?,
        created_at,
        last_seen_at,
    })
}

/// An audit entry about a user's own account: the user is both actor and subject.
pub(crate) fn own_account_entry(
    login: &str,
    action: &str,
    payload: serde_json::Value,
    at: DateTime<Utc>,
) -> sheshim_audit::NewAuditEntry {
    sheshim_audit::NewAuditEntry {
        at,
        actor: format!("user:{login}"),
        action: action.to_owned(),
        subject: format!("user:{login}"),
        payload,
    }
}

/// Expands the sign-in and session methods as inherent methods of a backend's store.
macro_rules! web_access_methods {
    ($db:ty) => {
        /// See [`Store::sign_in_account`](crate::Store::sign_in_account).
        async fn read_sign_in_account(
            &self,
            login: &sheshim_domain::AccountName,
        ) -> Result<Option<$crate::SignInAccount>, $crate::StoreError> {
            let row: Option<$crate::web_access::AccountRow> = sqlx::query_as(
                "SELECT id, login, role, agency, password_hash, must_change_password, \
                 disabled_at, locked_until, language FROM users WHERE login = $1",
            )
            .bind(login.as_str())
            .fetch_optional(&self.pool)
            .await?;
            row.map($crate::web_access::sign_in_account).transpose()
        }

        /// See [`Store::record_failed_sign_in`](crate::Store::record_failed_sign_in).
        async fn count_failed_sign_in(
            &self,
            user: $crate::UserId,
            at: chrono::DateTime<chrono::Utc>,
            lockout: &$crate::Lockout,
        ) -> Result<Option<chrono::DateTime<chrono::Utc>>, $crate::StoreError> {
            let mut tx = self.begin_write().await?;
            let counted: Option<(String, i32)> = sqlx::query_as(
                "UPDATE users SET failed_sign_ins = failed_sign_ins + 1 WHERE id = $1 \
                 RETURNING login, failed_sign_ins",
            )
            .bind(user.0)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((login, failures)) = counted else {
                return Err($crate::StoreError::NotFound { what: "user" });
            };
            let failures = u32::try_from(failures).unwrap_or(0);
            if failures < lockout.after_failures.max(1) {
                self.commit_write(tx).await?;
                return Ok(None);
            }
            let until = at
                .checked_add_signed(lockout.duration)
                .unwrap_or(chrono::DateTime::<chrono::Utc>::MAX_UTC);
            // The count starts again, so that after the lock the user has the same number
            // of tries as before it.
            sqlx::query("UPDATE users SET failed_sign_ins = 0, locked_until = $2 WHERE id = $1")
                .bind(user.0)
                .bind(until)
                .execute(&mut *tx)
                .await?;
            // Whoever typed the passwords is unknown: the sign-in form acts, not the user.
            let entry = sheshim_audit::NewAuditEntry {
                at,
                actor: "system:web-sign-in".to_owned(),
                action: "user.locked".into(),
                subject: format!("user:{login}"),
                payload: serde_json::json!({
                    "failures": failures,
                    "until": until.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                }),
            };
            Self::append_audit_entry(&mut tx, entry, &self.keys).await?;
            self.commit_write(tx).await?;
            Ok(Some(until))
        }

        /// See [`Store::start_web_session`](crate::Store::start_web_session).
        async fn open_web_session(
            &self,
            id_hash: &str,
            user: $crate::UserId,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<(), $crate::StoreError> {
            let mut tx = self.begin_write().await?;
            let row: Option<(
                String,
                Option<chrono::DateTime<chrono::Utc>>,
                Option<chrono::DateTime<chrono::Utc>>,
                i32,
            )> = sqlx::query_as(
                "SELECT login, disabled_at, locked_until, failed_sign_ins FROM users WHERE id = $1",
            )
            .bind(user.0)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((login, disabled_at, locked_until, failures)) = row else {
                return Err($crate::StoreError::NotFound { what: "user" });
            };
            // The caller checks these before it checks the password; checking again here,
            // under the write lock, closes the gap in which an administrator disables the
            // account or another request locks it.
            if disabled_at.is_some() {
                return Err($crate::StoreError::Refused {
                    why: "the account is disabled",
                });
            }
            if locked_until.is_some_and(|until| until > at) {
                return Err($crate::StoreError::Refused {
                    why: "the account is locked after too many failed sign-ins",
                });
            }
            sqlx::query(
                "UPDATE users SET failed_sign_ins = 0, locked_until = NULL WHERE id = $1",
            )
            .bind(user.0)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO web_sessions (id_hash, user_id, created_at, last_seen_at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(id_hash)
            .bind(user.0)
            .bind(at)
            .bind(at)
            .execute(&mut *tx)
            .await?;
            let entry = $crate::web_access::own_account_entry(
                &login,
                "user.signed_in",
                serde_json::json!({ "failed_sign_ins_before": failures }),
                at,
            );
            Self::append_audit_entry(&mut tx, entry, &self.keys).await?;
            self.commit_write(tx).await
        }

        /// See [`Store::web_session`](crate::Store::web_session).
        async fn find_web_session(
            &self,
            id_hash: &str,
            at: chrono::DateTime<chrono::Utc>,
            idle: chrono::TimeDelta,
        ) -> Result<Option<$crate::WebSession>, $crate::StoreError> {
            let row: Option<$crate::web_access::SessionRow> = sqlx::query_as(
                "SELECT web_sessions.user_id, web_sessions.created_at, web_sessions.last_seen_at, \
                 users.login, users.role, users.agency, users.must_change_password, \
                 users.language, users.disabled_at \
                 FROM web_sessions JOIN users ON users.id = web_sessions.user_id \
                 WHERE web_sessions.id_hash = $1",
            )
            .bind(id_hash)
            .fetch_optional(&self.pool)
            .await?;
            let Some(row) = row else {
                return Ok(None);
            };
            // Disabling a user ends their sessions; this covers a row disabled from outside.
            if row.8.is_some() {
                return Ok(None);
            }
            let idle_for = at.signed_duration_since(row.2);
            if idle_for > idle {
                let mut tx = self.begin_write().await?;
                sqlx::query("DELETE FROM web_sessions WHERE id_hash = $1")
                    .bind(id_hash)
                    .execute(&mut *tx)
                    .await?;
                self.commit_write(tx).await?;
                return Ok(None);
            }
            let mut last_seen_at = row.2;
            if idle_for >= $crate::web_access::SESSION_REFRESH {
                let mut tx = self.begin_write().await?;
                sqlx::query("UPDATE web_sessions SET last_seen_at = $2 WHERE id_hash = $1")
                    .bind(id_hash)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
                // Sessions nobody comes back to would otherwise stay for ever: the writes
                // that refresh one, at most one a minute a session, clear the expired ones.
                // The table holds one row per signed-in browser, so the scan is short.
                // Both backends compare the times correctly: PostgreSQL as timestamps, SQLite
                // as the RFC 3339 text in UTC that every time here is written as.
                let cutoff = at.checked_sub_signed(idle).unwrap_or(at);
                sqlx::query("DELETE FROM web_sessions WHERE last_seen_at < $1")
                    .bind(cutoff)
                    .execute(&mut *tx)
                    .await?;
                self.commit_write(tx).await?;
                last_seen_at = at;
            }
            $crate::web_access::web_session(row, last_seen_at).map(Some)
        }

        /// See [`Store::end_web_session`](crate::Store::end_web_session).
        async fn close_web_session(
            &self,
            id_hash: &str,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<(), $crate::StoreError> {
            let mut tx = self.begin_write().await?;
            let ended: Option<String> = sqlx::query_scalar(
                "SELECT users.login FROM web_sessions JOIN users ON users.id = web_sessions.user_id \
                 WHERE web_sessions.id_hash = $1",
            )
            .bind(id_hash)
            .fetch_optional(&mut *tx)
            .await?;
            // A session that expired or was ended already has nothing left to end.
            let Some(login) = ended else {
                return Ok(());
            };
            sqlx::query("DELETE FROM web_sessions WHERE id_hash = $1")
                .bind(id_hash)
                .execute(&mut *tx)
                .await?;
            let entry = $crate::web_access::own_account_entry(
                &login,
                "user.signed_out",
                serde_json::json!({}),
                at,
            );
            Self::append_audit_entry(&mut tx, entry, &self.keys).await?;
            self.commit_write(tx).await
        }

        /// See [`Store::change_password`](crate::Store::change_password).
        async fn write_own_password(
            &self,
            user: $crate::UserId,
            password_hash: &str,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<(), $crate::StoreError> {
            let mut tx = self.begin_write().await?;
            let login: Option<String> = sqlx::query_scalar(
                "UPDATE users SET password_hash = $2, must_change_password = $3 WHERE id = $1 \
                 RETURNING login",
            )
            .bind(user.0)
            .bind(password_hash)
            .bind(false)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(login) = login else {
                return Err($crate::StoreError::NotFound { what: "user" });
            };
            let entry = $crate::web_access::own_account_entry(
                &login,
                "user.password_changed",
                serde_json::json!({}),
                at,
            );
            Self::append_audit_entry(&mut tx, entry, &self.keys).await?;
            self.commit_write(tx).await
        }

        /// See [`Store::set_user_language`](crate::Store::set_user_language).
        async fn write_user_language(
            &self,
            user: $crate::UserId,
            language: sheshim_domain::Language,
        ) -> Result<(), $crate::StoreError> {
            let mut tx = self.begin_write().await?;
            let changed = sqlx::query("UPDATE users SET language = $2 WHERE id = $1")
                .bind(user.0)
                .bind(language.code())
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if changed == 0 {
                return Err($crate::StoreError::NotFound { what: "user" });
            }
            self.commit_write(tx).await
        }
    };
}

pub(crate) use web_access_methods;
