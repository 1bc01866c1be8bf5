//! What a user of Sheshim may do: the role they hold in their agency.
//!
//! Roles are checked on the server for every request; the web pages and the API only show
//! what the role allows, but never decide it.

use serde::Deserialize;
use thiserror::Error;

use crate::code_enum::code_enum_impls;

/// A user's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub enum Role {
    /// Reviews and decides their agency's cases.
    Officer,
    /// An officer who also sets the automation switches and sees overdue cases.
    Supervisor,
    /// Reads every agency's cases and the audit log; changes nothing.
    Auditor,
    /// Manages users and clients; decides no case.
    Admin,
}

/// The input is not one of the role codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("role must be one of officer, supervisor, auditor, admin")]
pub struct RoleError;

impl Role {
    /// Every role.
    pub const ALL: [Role; 4] = [Role::Officer, Role::Supervisor, Role::Auditor, Role::Admin];

    /// Parses a role code, ignoring case and surrounding whitespace.
    ///
    /// # Errors
    /// [`RoleError`] when the code is unknown.
    pub fn parse(input: &str) -> Result<Self, RoleError> {
        let wanted = input.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|r| r.code() == wanted)
            .ok_or(RoleError)
    }

    /// The stable code used in APIs and storage.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Officer => "officer",
            Self::Supervisor => "supervisor",
            Self::Auditor => "auditor",
            Self::Admin => "admin",
        }
    }

    /// Whether the role may act on cases (assign, decide, issue answers).
    #[must_use]
    pub fn acts_on_cases(self) -> bool {
        matches!(self, Self::Officer | Self::Supervisor)
    }

    /// Whether the role reads cases of every agency rather than of its own.
    #[must_use]
    pub fn reads_all_agencies(self) -> bool {
        matches!(self, Self::Auditor)
    }

    /// Whether the role may see personal data unmasked (each unmasking is audited).
    #[must_use]
    pub fn may_unmask(self) -> bool {
        matches!(self, Self::Officer | Self::Supervisor | Self::Auditor)
    }
}

code_enum_impls!(Role, RoleError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_only_officers_and_supervisors_act() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.code()), Ok(role));
        }
        assert_eq!(Role::parse(" Supervisor "), Ok(Role::Supervisor));
        assert_eq!(Role::parse("root"), Err(RoleError));
        assert!(Role::Officer.acts_on_cases() && Role::Supervisor.acts_on_cases());
        assert!(!Role::Auditor.acts_on_cases() && !Role::Admin.acts_on_cases());
        assert!(Role::Auditor.reads_all_agencies() && !Role::Officer.reads_all_agencies());
    }
}
