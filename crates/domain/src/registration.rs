//! The registration number an appeal receives the moment it is accepted.
//!
//! Format: `SH-YYYY-NNNNNNN` — the prefix `SH`, the four-digit year of registration and the
//! sequence number of the appeal within that year, zero-padded to seven digits. Kazakhstan
//! registers about 4.4 million appeals a year across all bodies, so seven digits are enough
//! for one agency; if a year ever exceeds 9,999,999 the number simply grows wider
//! (`SH-2031-10000000`) rather than failing, because refusing to register is not allowed.
//!
//! Every number has exactly one spelling: parsing accepts only the canonical form (upper or
//! lower case prefix aside), so `parse(x.to_string()) == x` and two different strings never
//! name the same appeal. Numbers order by year, then sequence.

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The prefix every Sheshim registration number starts with.
const PREFIX: &str = "SH-";
/// The minimum width of the sequence part.
const SEQUENCE_WIDTH: usize = 7;

/// Why a registration number could not be made or read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum RegistrationNumberError {
    /// The text is not of the form `SH-YYYY-NNNNNNN`.
    #[error("registration number must look like SH-YYYY-NNNNNNN")]
    Malformed,
    /// The year is not a four-digit year 1000–9999.
    #[error("registration number year must be a four-digit year")]
    YearOutOfRange,
    /// The sequence is zero; sequences start at 1.
    #[error("registration number sequence must be at least 1")]
    ZeroSequence,
    /// The sequence has leading zeros beyond the seven-digit padding, so it is not canonical.
    #[error("registration number sequence has extra leading zeros")]
    NotCanonical,
    /// The sequence does not fit in 64 bits.
    #[error("registration number sequence is too large")]
    SequenceTooLarge,
}

/// A registration number `SH-YYYY-NNNNNNN`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegistrationNumber {
    /// The year of registration, 1000–9999.
    year: i32,
    /// The sequence within the year, at least 1.
    sequence: u64,
    /// The canonical text, kept so that `as_str` can borrow it.
    text: String,
}

impl RegistrationNumber {
    /// Makes the number for the `sequence`-th appeal registered in `year`.
    ///
    /// # Errors
    /// [`RegistrationNumberError::YearOutOfRange`] unless `year` has four digits, and
    /// [`RegistrationNumberError::ZeroSequence`] when `sequence` is 0.
    pub fn new(year: i32, sequence: u64) -> Result<Self, RegistrationNumberError> {
        if !(1000..=9999).contains(&year) {
            return Err(RegistrationNumberError::YearOutOfRange);
        }
        if sequence == 0 {
            return Err(RegistrationNumberError::ZeroSequence);
        }
        let text = format!("{PREFIX}{year}-{sequence:0SEQUENCE_WIDTH$}");
        Ok(Self {
            year,
            sequence,
            text,
        })
    }

    /// Reads a registration number in its canonical form; surrounding whitespace is ignored
    /// and the `SH` prefix may be in either case.
    ///
    /// # Errors
    /// A [`RegistrationNumberError`] naming what is wrong.
    pub fn parse(input: &str) -> Result<Self, RegistrationNumberError> {
        let trimmed = input.trim();
        let rest = trimmed
            .get(..PREFIX.len())
            .filter(|p| p.eq_ignore_ascii_case(PREFIX))
            .and_then(|_| trimmed.get(PREFIX.len()..))
            .ok_or(RegistrationNumberError::Malformed)?;
        let (year_text, sequence_text) = rest
            .split_once('-')
            .ok_or(RegistrationNumberError::Malformed)?;
        let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if year_text.len() != 4 || !all_digits(year_text) {
            return Err(RegistrationNumberError::Malformed);
        }
        if sequence_text.len() < SEQUENCE_WIDTH || !all_digits(sequence_text) {
            return Err(RegistrationNumberError::Malformed);
        }
        if sequence_text.len() > SEQUENCE_WIDTH && sequence_text.starts_with('0') {
            return Err(RegistrationNumberError::NotCanonical);
        }
        let year: i32 = year_text
            .parse()
            .map_err(|_| RegistrationNumberError::Malformed)?;
        let sequence: u64 = sequence_text
            .parse()
            .map_err(|_| RegistrationNumberError::SequenceTooLarge)?;
        Self::new(year, sequence)
    }

    /// The year of registration.
    #[must_use]
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The sequence number within the year, starting at 1.
    #[must_use]
    pub fn sequence(&self) -> u64 {
        self.sequence
    }

    /// The canonical text, e.g. `SH-2025-0000042`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl Ord for RegistrationNumber {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.year, self.sequence).cmp(&(other.year, other.sequence))
    }
}

impl PartialOrd for RegistrationNumber {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for RegistrationNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::str::FromStr for RegistrationNumber {
    type Err = RegistrationNumberError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for RegistrationNumber {
    type Error = RegistrationNumberError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<RegistrationNumber> for String {
    fn from(number: RegistrationNumber) -> Self {
        number.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_padding() {
        let n = RegistrationNumber::new(2025, 42).unwrap();
        assert_eq!(n.as_str(), "SH-2025-0000042");
        assert_eq!(n.to_string(), "SH-2025-0000042");
        assert_eq!(n.year(), 2025);
        assert_eq!(n.sequence(), 42);
        let wide = RegistrationNumber::new(2031, 10_000_000).unwrap();
        assert_eq!(wide.as_str(), "SH-2031-10000000");
    }

    #[test]
    fn new_rejects_bad_parts() {
        assert_eq!(
            RegistrationNumber::new(2025, 0),
            Err(RegistrationNumberError::ZeroSequence)
        );
        assert_eq!(
            RegistrationNumber::new(999, 1),
            Err(RegistrationNumberError::YearOutOfRange)
        );
        assert_eq!(
            RegistrationNumber::new(10_000, 1),
            Err(RegistrationNumberError::YearOutOfRange)
        );
    }

    #[test]
    fn parses_canonical_forms() {
        let n = RegistrationNumber::parse(" sh-2025-0000042 ").unwrap();
        assert_eq!(n, RegistrationNumber::new(2025, 42).unwrap());
        assert_eq!(n.as_str(), "SH-2025-0000042");
        let wide = RegistrationNumber::parse("SH-2031-12345678").unwrap();
        assert_eq!(wide.sequence(), 12_345_678);
        let max = format!("SH-9999-{}", u64::MAX);
        assert_eq!(
            RegistrationNumber::parse(&max).unwrap().sequence(),
            u64::MAX
        );
    }

    #[test]
    fn rejects_malformed_text() {
        use RegistrationNumberError as E;
        for (input, err) in [
            ("", E::Malformed),
            ("SH", E::Malformed),
            ("XX-2025-0000042", E::Malformed),
            ("SH-2025-42", E::Malformed),
            ("SH-25-0000042", E::Malformed),
            ("SH-2025-000004a", E::Malformed),
            ("SH-2025-+000042", E::Malformed),
            ("SH-2025_0000042", E::Malformed),
            ("SH-2025-0000042-1", E::Malformed),
            ("SH—2025-0000042", E::Malformed),
            ("SH-2025-0000000", E::ZeroSequence),
            ("SH-0999-0000001", E::YearOutOfRange),
            ("SH-2025-00000042", E::NotCanonical),
            ("SH-2025-99999999999999999999", E::SequenceTooLarge),
        ] {
            assert_eq!(RegistrationNumber::parse(input), Err(err), "{input}");
        }
    }

    #[test]
    fn orders_by_year_then_sequence() {
        let a = RegistrationNumber::new(2024, 9_000_000).unwrap();
        let b = RegistrationNumber::new(2025, 1).unwrap();
        let c = RegistrationNumber::new(2025, 2).unwrap();
        let d = RegistrationNumber::new(2025, 10_000_000).unwrap();
        let mut v = vec![d.clone(), c.clone(), b.clone(), a.clone()];
        v.sort();
        assert_eq!(v, vec![a, b, c, d]);
    }

    #[test]
    fn serde_round_trip() {
        let n = RegistrationNumber::new(2026, 7).unwrap();
        let json = serde_json::to_string(&n).unwrap();
        assert_eq!(json, "\"SH-2026-0000007\"");
        assert_eq!(
            serde_json::from_str::<RegistrationNumber>(&json).unwrap(),
            n
        );
        assert!(serde_json::from_str::<RegistrationNumber>("\"SH-2026-7\"").is_err());
    }
}
