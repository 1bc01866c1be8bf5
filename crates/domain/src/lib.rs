//! Sheshim's domain types: the vocabulary every other crate speaks.
//!
//! Each type is parsed once at the edge and trusted afterwards ("parse, don't validate"):
//! holding an [`Iin`] proves the checksum was right, holding an [`AppealText`] proves the text
//! is within limits. Constructors return typed errors whose messages say what to fix in plain
//! English and never repeat personal data.
//!
//! Personal-data types ([`Iin`], [`PersonName`], [`Phone`], [`Email`], [`PostalAddress`],
//! [`AppealText`], and the [`Applicant`] and [`Appeal`] that hold them) have no `Display` and
//! no `Serialize`; their `Debug` prints a redaction and the value is read only through an
//! explicit `expose()` (or `as_str()` for the text). They do implement `Deserialize`, through
//! `parse`, so that input can be read straight into checked types.
//!
//! The crate is pure: no I/O, and it never reads the clock — dates are always arguments.

pub mod account;
pub mod appeal;
pub mod applicant;
pub mod bin;
pub mod channel;
mod code_enum;
pub mod codes;
pub mod iin;
pub mod kind;
pub mod language;
pub mod registration;
pub mod role;
pub mod status;
pub mod text;
mod visible;

pub use account::{AccountName, AccountNameError};
pub use appeal::Appeal;
pub use applicant::{
    Applicant, Email, EmailError, PersonName, PersonNameError, Phone, PhoneError, PostalAddress,
    PostalAddressError,
};
pub use bin::{Bin, BinError, EntityKind};
pub use channel::{Channel, ChannelError};
pub use codes::{AgencyCode, AgencyCodeError, ServiceCode, ServiceCodeError};
pub use iin::{Iin, IinError, Sex, check_digit, with_check_digit};
pub use kind::{AppealKind, AppealKindError};
pub use language::{Language, LanguageError, Script, ScriptError};
pub use registration::{RegistrationNumber, RegistrationNumberError};
pub use role::{Role, RoleError};
pub use status::{CaseEvent, CaseEventError, CaseStatus, CaseStatusError, IllegalTransition};
pub use text::{AppealText, AppealTextError};
