//! Each user's saved queue views and the administrators' list and changes of users: SQL both
//! databases share, written once as a macro that expands to inherent methods of each
//! backend's store (as `access.rs` does); the [`Store`](crate::Store) methods call them.
//!
//! Every change to a user is audited in its own transaction, naming what changed but never a
//! password hash; disabling a user or resetting their password ends their web sessions in the
//! same transaction.

use crate::web_access::{corrupt_user, user_identity};
use crate::{StoreError, UserChange, UserSummary};
use chrono::{DateTime, Utc};

/// A `users` row as the administrators' list reads it.
pub(crate) type SummaryRow = (
    i64,
    String,
    String,
    String,
    Option<DateTime<Utc>>,
    bool,
    Option<DateTime<Utc>>,
    DateTime<Utc>,
);

/// A user as the administrators' list shows them, from their row.
pub(crate) fn user_summary(row: SummaryRow) -> Result<UserSummary, StoreError> {
    let (id, login, role, agency, disabled_at, must_change, locked_until, created_at) = row;
    let (login, role, agency) = user_identity(id, &login, &role, &agency)?;
    Ok(UserSummary {
        login,
        role,
        agency,
        disabled: disabled_at.is_some(),
        must_change_password: must_change,
        locked_until,
        created_at,
    })
}

/// What the audit entry of a change says besides its action: the old and new role or agency,
/// how many web sessions it ended; never the password hash.
pub(crate) fn change_payload(
    change: &UserChange,
    id: i64,
    old_role: &str,
    old_agency: &str,
    sessions_ended: u64,
) -> Result<serde_json::Value, StoreError> {
    Ok(match change {
        UserChange::Disable | UserChange::ResetPassword { .. } => {
            serde_json::json!({ "web_sessions_ended": sessions_ended })
        }
        UserChange::Enable => serde_json::json!({}),
        UserChange::SetRole(role) => {
            // The stored role is parsed, so a corrupt one is reported rather than copied.
            let old =
                sheshim_domain::Role::parse(old_role).map_err(|_| corrupt_user(id, "role"))?;
            serde_json::json!({ "from": old.code(), "to": role.code() })
        }
        UserChange::SetAgency(agency) => {
            let old = sheshim_domain::AgencyCode::parse(old_agency)
                .map_err(|_| corrupt_user(id, "agency"))?;
            serde_json::json!({ "from": old.as_str(), "to": agency.as_str() })
        }
    })
}

/// Expands the saved-view and user-administration methods as inherent methods of a
/// backend's store.
macro_rules! web_admin_methods {
    ($db:ty) => {
        /// See [`Store::saved_views`](crate::Store::saved_views).
        async fn read_saved_views(
            &self,
            user: $crate::UserId,
        ) -> Result<Vec<$crate::SavedView>, $crate::StoreError> {
            let rows: Vec<(i64, String, String)> =
                sqlx::query_as("SELECT id, name, query FROM saved_views WHERE user_id = $1")
                    .bind(user.0)
                    .fetch_all(&self.pool)
                    .await?;
            let mut views: Vec<$crate::SavedView> = rows
                .into_iter()
                .map(|(id, name, query)| $crate::SavedView { id, name, query })
                .collect();
            // Sorted here rather than by the database, whose collation differs between
            // backends (and between PostgreSQL installations).
            views.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
            Ok(views)
        }

        /// See [`Store::save_view`](crate::Store::save_view).
        async fn write_saved_view(
            &self,
            user: $crate::UserId,
            name: &str,
            query: &str,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<i64, $crate::StoreError> {
            let mut tx = self.begin_write().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO saved_views (user_id, name, query, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (user_id, name) DO UPDATE \
                 SET query = excluded.query, created_at = excluded.created_at \
                 RETURNING id",
            )
            .bind(user.0)
            .bind(name)
            .bind(query)
            .bind(at)
            .fetch_one(&mut *tx)
            .await?;
            self.commit_write(tx).await?;
            Ok(id)
        }

        /// See [`Store::delete_view`](crate::Store::delete_view).
        async fn remove_saved_view(
            &self,
            user: $crate::UserId,
            id: i64,
        ) -> Result<bool, $crate::StoreError> {
            let mut tx = self.begin_write().await?;
            // The user is part of the condition, so one user cannot delete another's view
            // by guessing its id.
            let deleted = sqlx::query("DELETE FROM saved_views WHERE id = $1 AND user_id = $2")
                .bind(id)
                .bind(user.0)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            self.commit_write(tx).await?;
            Ok(deleted > 0)
        }

        /// See [`Store::users`](crate::Store::users).
        async fn read_user_summaries(
            &self,
        ) -> Result<Vec<$crate::UserSummary>, $crate::StoreError> {
            let rows: Vec<$crate::web_admin::SummaryRow> = sqlx::query_as(
                "SELECT id, login, role, agency, disabled_at, must_change_password, \
                 locked_until, created_at FROM users",
            )
            .fetch_all(&self.pool)
            .await?;
            let mut users = rows
                .into_iter()
                .map($crate::web_admin::user_summary)
                .collect::<Result<Vec<_>, _>>()?;
            // By login in byte order on both backends, whatever the database's collation.
            users.sort_by(|a, b| a.login.cmp(&b.login));
            Ok(users)
        }

        /// See [`Store::change_user`](crate::Store::change_user).
        async fn write_user_change(
            &self,
            login: &sheshim_domain::AccountName,
            change: $crate::UserChange,
            actor: &str,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<(), $crate::StoreError> {
            use $crate::UserChange;
            let mut tx = self.begin_write().await?;
            let row: Option<(i64, String, String)> =
                sqlx::query_as("SELECT id, role, agency FROM users WHERE login = $1")
                    .bind(login.as_str())
                    .fetch_optional(&mut *tx)
                    .await?;
            let Some((id, old_role, old_agency)) = row else {
                return Err($crate::StoreError::NotFound { what: "user" });
            };
            let update = match &change {
                // A second disable keeps the time of the first.
                UserChange::Disable => {
                    sqlx::query("UPDATE users SET disabled_at = COALESCE(disabled_at, $2) WHERE id = $1")
                        .bind(id)
                        .bind(at)
                }
                UserChange::Enable => sqlx::query(
                    "UPDATE users SET disabled_at = NULL, failed_sign_ins = 0 WHERE id = $1",
                )
                .bind(id),
                // A reset is how an administrator lets a locked-out user back in at once.
                UserChange::ResetPassword { password_hash } => sqlx::query(
                    "UPDATE users SET password_hash = $2, must_change_password = $3, \
                     failed_sign_ins = 0, locked_until = NULL WHERE id = $1",
                )
                .bind(id)
                .bind(password_hash.as_str())
                .bind(true),
                UserChange::SetRole(role) => {
                    sqlx::query("UPDATE users SET role = $2 WHERE id = $1")
                        .bind(id)
                        .bind(role.code())
                }
                UserChange::SetAgency(agency) => {
                    sqlx::query("UPDATE users SET agency = $2 WHERE id = $1")
                        .bind(id)
                        .bind(agency.as_str())
                }
            };
            update.execute(&mut *tx).await?;
            let sessions_ended = match change {
                UserChange::Disable | UserChange::ResetPassword { .. } => {
                    sqlx::query("DELETE FROM web_sessions WHERE user_id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected()
                }
                _ => 0,
            };
            let entry = sheshim_audit::NewAuditEntry {
                at,
                actor: actor.to_owned(),
                action: change.action().into(),
                subject: format!("user:{login}"),
                payload: $crate::web_admin::change_payload(
                    &change,
                    id,
                    &old_role,
                    &old_agency,
                    sessions_ended,
                )?,
            };
            Self::append_audit_entry(&mut tx, entry, &self.keys).await?;
            self.commit_write(tx).await
        }
    };
}

pub(crate) use web_admin_methods;
