//! The values of duplicates and mass appeals that cross the store's boundary: the link a case
//! change writes (a duplicate of an earlier case, or a member of a group), a case's links as
//! read back, a group with its members, and the open cases the engine's duplicate index is
//! rebuilt from.
//!
//! None of these holds personal data: a group is named by the registration number of its
//! earliest member, and its representative text is that member's masked text, which the
//! engine reads from the member's own (sealed) record.

use crate::case_model::StoredCase;
use chrono::{DateTime, Utc};
use sheshim_domain::{AgencyCode, RegistrationNumber};

/// A link written together with a [`CaseChange`](crate::CaseChange), in its transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewLink {
    /// The case repeats an earlier open case of the same applicant.
    DuplicateOf(RegistrationNumber),
    /// The case joins a mass appeal group, which is created if it does not exist yet.
    Group {
        /// The group: the registration number of its earliest member.
        id: RegistrationNumber,
        /// The agency whose cases it groups.
        agency: AgencyCode,
        /// Other cases that join with it when the group is created now (the earlier
        /// near-identical appeals that make it big enough); empty when it joins a group that
        /// exists. A founder already linked otherwise is left as it is.
        founders: Vec<RegistrationNumber>,
    },
}

/// The group a case is a member of, as the case and the queue show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRef {
    /// The group's id.
    pub id: RegistrationNumber,
    /// How many cases are members.
    pub size: u32,
}

/// A case's links, as read back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseLinks {
    /// The earlier case of the same applicant this one repeats.
    pub duplicate_of: Option<RegistrationNumber>,
    /// The mass appeal group it is a member of.
    pub group: Option<GroupRef>,
}

/// A mass appeal group with its members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppealGroup {
    /// The registration number of its earliest member, which is its representative.
    pub id: RegistrationNumber,
    /// The agency whose cases it groups.
    pub agency: AgencyCode,
    /// When it was formed.
    pub created_at: DateTime<Utc>,
    /// Its members, in registration order (the representative first).
    pub members: Vec<RegistrationNumber>,
}

/// An open case as the duplicate index is rebuilt from it.
#[derive(Debug, Clone)]
pub struct OpenCase {
    /// Storage id, ascending in registration order: the page position.
    pub id: i64,
    /// The case.
    pub case: StoredCase,
    /// Its links.
    pub links: CaseLinks,
}
