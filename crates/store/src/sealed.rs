//! Sealing an appeal's personal data for storage and opening it again.
//!
//! Each value is sealed under the key file's active data key and bound to its column and the
//! appeal's registration number (see `sheshim-crypto`), so a value moved to another column or
//! row no longer opens: it is reported as corrupt, never believed.

use crate::model::StoreError;
use crate::row::column;
use sheshim_crypto::Keyring;
use sheshim_domain::Appeal;
use zeroize::Zeroizing;

/// What a sealed value is bound to: its column and the appeal's registration number, so
/// that a value moved to another column or row no longer opens.
pub(crate) fn binding(column: &str, number: &str) -> String {
    format!("appeals.{column} {number}")
}

/// An appeal's personal data, sealed for storage, and the applicant's look-up hash.
pub(crate) struct SealedAppeal {
    pub text: String,
    pub iin: String,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub applicant_ref: i64,
}

impl SealedAppeal {
    /// Seals the personal data of an appeal under the keyring's active data key.
    pub(crate) fn of(appeal: &Appeal, keys: &Keyring) -> Result<SealedAppeal, StoreError> {
        let number = appeal.registration_number.as_str();
        let seal = |value: &str, column: &str| keys.seal(value, &binding(column, number));
        let applicant = &appeal.applicant;
        Ok(SealedAppeal {
            text: seal(appeal.text.as_str(), "text")?,
            iin: seal(applicant.iin.expose(), "applicant_iin")?,
            name: seal(applicant.name.expose(), "applicant_name")?,
            phone: applicant
                .phone
                .as_ref()
                .map(|p| seal(p.expose(), "applicant_phone"))
                .transpose()?,
            email: applicant
                .email
                .as_ref()
                .map(|e| seal(e.expose(), "applicant_email"))
                .transpose()?,
            address: applicant
                .address
                .as_ref()
                .map(|a| seal(a.expose(), "applicant_address"))
                .transpose()?,
            applicant_ref: keys.lookup_id(applicant.iin.expose()),
        })
    }
}

/// Opens one sealed column of an appeal, or names it as corrupt.
pub(crate) fn opened(
    keys: &Keyring,
    sealed: &str,
    column: &'static str,
    number: &str,
) -> Result<Zeroizing<String>, StoreError> {
    keys.open(sealed, &binding(column, number))
        .map_err(|_| StoreError::Corrupt {
            column,
            subject: number.to_owned(),
        })
}

/// Opens and parses an optional sealed column.
pub(crate) fn opened_optional<T, E>(
    keys: &Keyring,
    sealed: Option<&str>,
    parse: impl FnOnce(&str) -> Result<T, E>,
    name: &'static str,
    number: &str,
) -> Result<Option<T>, StoreError> {
    sealed
        .map(|value| column(parse(&opened(keys, value, name, number)?), name, number))
        .transpose()
}
