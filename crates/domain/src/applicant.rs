//! The person who filed an appeal, and the checked pieces of their contact details.
//!
//! APPC article 63 requires an appeal to state the applicant's full name, IIN, address and
//! phone; in practice electronic appeals often come with an e-mail instead of a postal address,
//! so only the IIN and the name are mandatory here and the rest is optional. Whether a given
//! procedure needs more is the engine's decision, not this type's.
//!
//! Every part is personal data. None of these types implements `Display` or `Serialize`, and
//! every `Debug` prints a redaction; the values come out only through `expose()`.

mod address;
mod email;
mod name;
mod phone;

use std::fmt;

use serde::Deserialize;

pub use address::{PostalAddress, PostalAddressError};
pub use email::{Email, EmailError};
pub use name::{PersonName, PersonNameError};
pub use phone::{Phone, PhoneError};

use crate::iin::Iin;

/// The natural person who filed an appeal.
#[derive(Clone, PartialEq, Eq, Deserialize)]
pub struct Applicant {
    /// The applicant's IIN.
    pub iin: Iin,
    /// The applicant's full name as they signed.
    pub name: PersonName,
    /// A phone number, if given.
    #[serde(default)]
    pub phone: Option<Phone>,
    /// An e-mail address, if given.
    #[serde(default)]
    pub email: Option<Email>,
    /// A postal address, if given.
    #[serde(default)]
    pub address: Option<PostalAddress>,
}

impl fmt::Debug for Applicant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Destructuring makes adding a field a compile error here, so a new field can never
        // slip into a log unredacted. Only the presence of optional details is shown.
        let Self {
            iin: _,
            name: _,
            phone,
            email,
            address,
        } = self;
        f.debug_struct("Applicant")
            .field("iin", &"<redacted>")
            .field("name", &"<redacted>")
            .field("phone", &phone.as_ref().map(|_| "<redacted>"))
            .field("email", &email.as_ref().map(|_| "<redacted>"))
            .field("address", &address.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iin::check_digit;

    /// A valid IIN built from a fixed prefix by computing its check digit.
    fn iin() -> Iin {
        let prefix = [8, 5, 0, 7, 1, 2, 4, 0, 0, 1, 7];
        let digits: String = (0..10u8)
            .find_map(|last| {
                let mut p = prefix;
                p[10] = last;
                check_digit(&p)
                    .map(|c| p.iter().chain([&c]).map(|d| char::from(b'0' + d)).collect())
            })
            .unwrap();
        Iin::parse(&digits).unwrap()
    }

    #[test]
    fn debug_hides_every_value() {
        let applicant = Applicant {
            iin: iin(),
            name: PersonName::parse("Әсем Нұрланқызы").unwrap(),
            phone: Some(Phone::parse("+7 701 234 56 78").unwrap()),
            email: None,
            address: Some(PostalAddress::parse("Астана, Абай 1").unwrap()),
        };
        let debug = format!("{applicant:?}");
        assert_eq!(
            debug,
            "Applicant { iin: \"<redacted>\", name: \"<redacted>\", phone: Some(\"<redacted>\"), \
             email: None, address: Some(\"<redacted>\") }"
        );
        assert!(!debug.contains(applicant.iin.expose()));
        assert!(!debug.contains("Әсем"));
        assert!(!debug.contains("701"));
    }

    #[test]
    fn deserializes_through_each_parser() {
        let json = format!(
            r#"{{"iin":"{}","name":" Әсем ","phone":"87012345678"}}"#,
            iin().expose()
        );
        let applicant: Applicant = serde_json::from_str(&json).unwrap();
        assert_eq!(applicant.name.expose(), "Әсем");
        assert_eq!(applicant.phone.unwrap().expose(), "+77012345678");
        assert!(applicant.email.is_none());
        let bad = json.replace("87012345678", "123");
        let err = serde_json::from_str::<Applicant>(&bad)
            .unwrap_err()
            .to_string();
        assert!(err.contains("phone number"), "{err}");
        assert!(!err.contains("123"), "{err}");
    }
}
