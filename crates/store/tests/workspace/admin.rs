//! The administrators' part of the web workspace's story (see `main.rs`): saved views, and
//! the users an administrator lists, disables, enables, resets and moves.

use super::{RESET_HASH, entries, minutes, session};
use chrono::{DateTime, Utc};
use sheshim_domain::{AccountName, AgencyCode, Role};
use sheshim_store::{Lockout, Store, StoreError, UserChange, UserId};

pub(crate) async fn saved_views(store: &dyn Store, alice: UserId, bob: UserId, at: DateTime<Utc>) {
    let overdue = store
        .save_view(alice, "Просрочено", "overdue=1", at)
        .await
        .unwrap();
    let mine = store
        .save_view(alice, "mine", "assigned=me", at)
        .await
        .unwrap();
    let again = store
        .save_view(alice, "mine", "assigned=me&urgency=high", at)
        .await
        .unwrap();
    assert_eq!(again, mine, "the same name replaces the view");
    let views = store.saved_views(alice).await.unwrap();
    let listed: Vec<(i64, &str, &str)> = views
        .iter()
        .map(|v| (v.id, v.name.as_str(), v.query.as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            (mine, "mine", "assigned=me&urgency=high"),
            (overdue, "Просрочено", "overdue=1")
        ]
    );

    // Another user sees none of them, cannot delete them, and may use the same name.
    assert!(store.saved_views(bob).await.unwrap().is_empty());
    assert!(!store.delete_view(bob, mine).await.unwrap());
    let bobs = store
        .save_view(bob, "mine", "assigned=none", at)
        .await
        .unwrap();
    assert_ne!(bobs, mine);
    assert!(store.delete_view(alice, mine).await.unwrap());
    assert!(!store.delete_view(alice, mine).await.unwrap());
    assert_eq!(store.saved_views(alice).await.unwrap().len(), 1);
    assert_eq!(
        store.saved_views(bob).await.unwrap()[0].query,
        "assigned=none"
    );
}

pub(crate) async fn administration(
    store: &dyn Store,
    alice: UserId,
    bob: UserId,
    at: DateTime<Utc>,
) {
    let idle = minutes(30);
    let alice_login = AccountName::parse("alice").unwrap();
    let bob_login = AccountName::parse("bob").unwrap();
    let admin = "user:root";
    store
        .start_web_session(&session("a1"), alice, at)
        .await
        .unwrap();
    store
        .start_web_session(&session("a2"), alice, at)
        .await
        .unwrap();
    store
        .start_web_session(&session("b1"), bob, at)
        .await
        .unwrap();

    // Disabling ends the user's sessions only, and no session starts while disabled.
    store
        .change_user(&alice_login, UserChange::Disable, admin, at)
        .await
        .unwrap();
    assert!(
        store
            .web_session(&session("a1"), at, idle)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .web_session(&session("a2"), at, idle)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .web_session(&session("b1"), at, idle)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .sign_in_account(&alice_login)
            .await
            .unwrap()
            .unwrap()
            .disabled
    );
    assert!(matches!(
        store.start_web_session(&session("a3"), alice, at).await,
        Err(StoreError::Refused { .. })
    ));
    store
        .change_user(&alice_login, UserChange::Enable, admin, at)
        .await
        .unwrap();
    assert!(
        store
            .web_session(&session("a1"), at, idle)
            .await
            .unwrap()
            .is_none(),
        "stays ended"
    );

    // A reset ends the sessions, forces a change and lifts a lock.
    let lockout = Lockout {
        after_failures: 1,
        duration: minutes(60),
    };
    assert!(
        store
            .record_failed_sign_in(bob, at, &lockout)
            .await
            .unwrap()
            .is_some()
    );
    let reset = UserChange::ResetPassword {
        password_hash: RESET_HASH.to_owned(),
    };
    assert!(!format!("{reset:?}").contains(RESET_HASH));
    store
        .change_user(&bob_login, reset, admin, at)
        .await
        .unwrap();
    assert!(
        store
            .web_session(&session("b1"), at, idle)
            .await
            .unwrap()
            .is_none()
    );
    let bob_account = store.sign_in_account(&bob_login).await.unwrap().unwrap();
    assert_eq!(bob_account.password_hash, RESET_HASH);
    assert!(bob_account.must_change_password && !bob_account.is_locked_at(at));

    let supervisor = UserChange::SetRole(Role::Supervisor);
    store
        .change_user(&alice_login, supervisor, admin, at)
        .await
        .unwrap();
    let moved = UserChange::SetAgency(AgencyCode::parse("MINZDRAV").unwrap());
    store
        .change_user(&alice_login, moved, admin, at)
        .await
        .unwrap();
    store
        .start_web_session(&session("a4"), alice, at)
        .await
        .unwrap();
    let seen = store
        .web_session(&session("a4"), at, idle)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (seen.role, seen.agency.as_str()),
        (Role::Supervisor, "MINZDRAV")
    );

    let nobody = AccountName::parse("nobody").unwrap();
    match store
        .change_user(&nobody, UserChange::Enable, admin, at)
        .await
    {
        Err(StoreError::NotFound { what }) => assert_eq!(what, "user"),
        other => panic!("an unknown login was changed: {other:?}"),
    }

    let users = store.users().await.unwrap();
    let listed: Vec<(&str, Role, &str, bool, bool)> = users
        .iter()
        .map(|u| {
            (
                u.login.as_str(),
                u.role,
                u.agency.as_str(),
                u.disabled,
                u.must_change_password,
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("alice", Role::Supervisor, "MINZDRAV", false, false),
            ("bob", Role::Officer, "AKIMAT-ALA", false, true),
        ]
    );
    assert!(users.iter().all(|u| u.created_at == at - minutes(1200)));

    // Every change is audited by the administrator, with what changed and nothing secret.
    for (action, payload) in [
        (
            "user.disabled",
            serde_json::json!({ "web_sessions_ended": 2 }),
        ),
        ("user.enabled", serde_json::json!({})),
        (
            "user.password_reset",
            serde_json::json!({ "web_sessions_ended": 1 }),
        ),
        (
            "user.role_changed",
            serde_json::json!({ "from": "officer", "to": "supervisor" }),
        ),
        (
            "user.agency_changed",
            serde_json::json!({ "from": "AKIMAT-ALA", "to": "MINZDRAV" }),
        ),
    ] {
        let found = entries(store, action).await;
        assert_eq!(found.len(), 1, "{action}");
        assert_eq!(found[0].0, admin, "{action}");
        assert_eq!(found[0].2, payload, "{action}");
    }
}
