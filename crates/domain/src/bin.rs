//! The business identification number (BIN, БСН / БИН) of a legal entity.
//!
//! A BIN is twelve digits: the year and month of registration as `YYMM`, a digit for the type
//! of entity, a digit for the kind of unit, five serial digits and a check digit computed
//! exactly as for the IIN ([`crate::iin::check_digit`]).
//!
//! The fifth digit is read as follows (Ministry of Finance / Justice rules on BINs):
//!
//! | digit | entity |
//! |---|---|
//! | 4 | resident legal entity (and its branches and representative offices) |
//! | 5 | non-resident legal entity (its branch or representative office in Kazakhstan) |
//! | 6 | individual entrepreneur working as a joint venture (совместное предпринимательство) |
//!
//! Other values are not issued, so they are rejected. The sixth digit tells the head office
//! (0) from a branch (1) or representative office (2); published descriptions of its other
//! values disagree, so it is not validated here — the check digit already catches typos.
//!
//! Unlike the IIN, a BIN identifies an organisation, is published in open registries and is
//! printed on every invoice, so it is not personal data: `Bin` has `Display` and `Serialize`.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::iin::{DigitsError, checksum_matches, twelve_digits, two_digits};

/// The type of entity encoded in the fifth digit of a BIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// Digit 4: a legal entity resident in Kazakhstan.
    ResidentLegalEntity,
    /// Digit 5: a non-resident legal entity.
    NonResidentLegalEntity,
    /// Digit 6: an individual entrepreneur working as a joint venture.
    IndividualEntrepreneur,
}

/// Why a string is not a valid BIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum BinError {
    /// The input is not exactly twelve digits long.
    #[error("BIN must be 12 digits")]
    WrongLength,
    /// The input holds something other than the ASCII digits 0–9.
    #[error("BIN must contain only the digits 0-9")]
    NotDigits,
    /// Digits 3–4 are not a month 01–12.
    #[error("BIN third and fourth digits must be a registration month 01 to 12")]
    BadRegistrationMonth,
    /// The fifth digit is not 4, 5 or 6.
    #[error("BIN fifth digit (entity type) must be 4, 5 or 6")]
    BadEntityKind,
    /// The twelfth digit is not the check digit of the first eleven.
    #[error("BIN check digit does not match")]
    ChecksumMismatch,
}

/// A checked business identification number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Bin {
    /// The twelve ASCII digits, without surrounding whitespace.
    digits: String,
}

impl Bin {
    /// Parses a BIN: twelve ASCII digits, surrounding whitespace ignored.
    ///
    /// # Errors
    /// Returns a [`BinError`] naming the first problem found.
    pub fn parse(input: &str) -> Result<Self, BinError> {
        let digits = twelve_digits(input).map_err(|e| match e {
            DigitsError::NotDigits => BinError::NotDigits,
            DigitsError::WrongLength => BinError::WrongLength,
        })?;
        if !(1..=12).contains(&two_digits(digits[2], digits[3])) {
            return Err(BinError::BadRegistrationMonth);
        }
        if !matches!(digits[4], 4..=6) {
            return Err(BinError::BadEntityKind);
        }
        if !checksum_matches(&digits) {
            return Err(BinError::ChecksumMismatch);
        }
        Ok(Self {
            digits: input.trim().to_owned(),
        })
    }

    /// The type of entity encoded in the fifth digit.
    #[must_use]
    pub fn entity_kind(&self) -> EntityKind {
        match self.digits.as_bytes().get(4) {
            Some(b'4') => EntityKind::ResidentLegalEntity,
            Some(b'5') => EntityKind::NonResidentLegalEntity,
            // `parse` admits only 4, 5 and 6, so this arm is the 6.
            _ => EntityKind::IndividualEntrepreneur,
        }
    }

    /// The twelve digits. Named like [`crate::Iin::expose`] so both identifiers read alike.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.digits
    }
}

impl TryFrom<String> for Bin {
    type Error = BinError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Bin> for String {
    fn from(bin: Bin) -> Self {
        bin.digits
    }
}

impl fmt::Display for Bin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.digits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iin::with_check_digit;

    /// Completes an 11-digit prefix with its check digit, trying serial endings until one
    /// has a check digit.
    fn build(prefix10: &str) -> String {
        (0..10u8)
            .find_map(|last| with_check_digit(&format!("{prefix10}{last}")))
            .expect("some serial ending has a check digit")
    }

    #[test]
    fn parses_each_entity_kind() {
        let cases = [
            ('4', EntityKind::ResidentLegalEntity),
            ('5', EntityKind::NonResidentLegalEntity),
            ('6', EntityKind::IndividualEntrepreneur),
        ];
        for (digit, kind) in cases {
            let s = build(&format!("0512{digit}00001"));
            let bin = Bin::parse(&format!(" {s} ")).unwrap();
            assert_eq!(bin.entity_kind(), kind);
            assert_eq!(bin.expose(), s);
            assert_eq!(bin.to_string(), s);
        }
    }

    #[test]
    fn rejects_bad_month_and_kind() {
        assert_eq!(
            Bin::parse(&build("0500400001")),
            Err(BinError::BadRegistrationMonth)
        );
        assert_eq!(
            Bin::parse(&build("0513400001")),
            Err(BinError::BadRegistrationMonth)
        );
        for digit in ['0', '1', '2', '3', '7', '8', '9'] {
            let s = build(&format!("0512{digit}00001"));
            assert_eq!(
                Bin::parse(&s),
                Err(BinError::BadEntityKind),
                "digit {digit}"
            );
        }
    }

    #[test]
    fn rejects_wrong_check_digit_length_and_characters() {
        let s = build("0512400001");
        let last = s.as_bytes()[11] - b'0';
        let wrong = format!("{}{}", &s[..11], (last + 3) % 10);
        assert_eq!(Bin::parse(&wrong), Err(BinError::ChecksumMismatch));
        assert_eq!(Bin::parse(&s[..10]), Err(BinError::WrongLength));
        assert_eq!(Bin::parse("05124000O001"), Err(BinError::NotDigits));
        assert_eq!(Bin::parse("٠٥١٢٤٠٠٠٠١٢٣"), Err(BinError::NotDigits));
    }

    #[test]
    fn serde_round_trip() {
        let bin = Bin::parse(&build("1001500123")).unwrap();
        let json = serde_json::to_string(&bin).unwrap();
        assert_eq!(json, format!("\"{}\"", bin.expose()));
        assert_eq!(serde_json::from_str::<Bin>(&json).unwrap(), bin);
        assert!(serde_json::from_str::<Bin>("\"100150012300\"").is_err());
        assert_eq!(
            serde_json::to_string(&EntityKind::NonResidentLegalEntity).unwrap(),
            "\"non_resident_legal_entity\""
        );
    }
}
