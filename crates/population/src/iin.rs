//! Unique, valid IINs for the generated people.
//!
//! An IIN is `YYMMDD`, a century-and-sex digit, four serial digits and a check digit. Two
//! people born on the same day with the same sex differ only in the serial, so uniqueness
//! needs a counter per (birth date, sex) across the whole file. That is the one step of
//! generation that cannot run chunk by chunk in parallel: [`SerialTable::assign`] walks the
//! chunks in order, which keeps the result deterministic. It is a table look-up and a
//! check-digit computation per person, a small part of the total time.
//!
//! Serials of a (date, sex) cohort start at a pseudo-random offset derived from the seed (so
//! the numbers do not all end in 0001) and count up modulo 10 000, skipping the rare serials
//! for which no check digit exists. The check digit is `sheshim_domain::check_digit`, the
//! algorithm behind `sheshim_domain::with_check_digit`, applied to digit values so that no
//! string is allocated per person.

use sheshim_domain::check_digit;

use crate::chunk::{ChunkDraft, day_of_date};
use crate::error::PopulationError;
use crate::rng::mix64;

/// The number of distinct serials: four digits.
const SERIALS: u32 = 10_000;

/// The length of an IIN in ASCII digits.
pub(crate) const IIN_LEN: usize = 12;

/// Per-(birth date, sex) counters of serials already used.
#[derive(Debug, Clone)]
pub(crate) struct SerialTable {
    /// Mixed into each cohort's starting serial.
    seed: u64,
    /// Day 0 of the table (1900-01-01) as days since 1970-01-01.
    first_day: i32,
    /// How many serials each cohort has consumed, indexed by [`SerialTable::cohort`].
    used: Vec<u16>,
}

impl SerialTable {
    /// An empty table for birth dates from 1900-01-01 to 2099-12-31.
    pub(crate) fn new(seed: u64) -> Self {
        let first = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).map_or(0, day_of_date);
        let last = chrono::NaiveDate::from_ymd_opt(2099, 12, 31).map_or(0, day_of_date);
        let days = usize::try_from(last - first + 1).unwrap_or(0);
        Self {
            seed,
            first_day: first,
            used: vec![0; days * 2],
        }
    }

    /// The table index of the cohort of people born on `birth_day` with this sex.
    fn cohort(&self, birth_day: i32, male: bool) -> Option<usize> {
        let offset = usize::try_from(birth_day.checked_sub(self.first_day)?).ok()?;
        let index = offset * 2 + usize::from(!male);
        (index < self.used.len()).then_some(index)
    }

    /// Writes a unique, valid IIN for every person of `draft` into `draft.iin`.
    ///
    /// # Errors
    /// [`PopulationError::IinSpaceExhausted`] if more people share a birth date and sex than
    /// there are serials (about 9 900) — far beyond any real population's peak of a few
    /// hundred, but possible for an absurdly large `people`; and
    /// [`PopulationError::BirthDateOutOfRange`] for a birth date outside 1900–2099, which the
    /// generator's checks on the reference date rule out.
    pub(crate) fn assign(&mut self, draft: &mut ChunkDraft) -> Result<(), PopulationError> {
        let mut out = Vec::with_capacity(draft.len() * IIN_LEN);
        for ((&birth_day, &male), &prefix) in draft
            .birth_day
            .iter()
            .zip(&draft.male)
            .zip(&draft.iin_prefix)
        {
            let cohort = self
                .cohort(birth_day, male)
                .ok_or(PopulationError::BirthDateOutOfRange)?;
            let start = u32::try_from(mix64(self.seed ^ chunk_u64(cohort)) % u64::from(SERIALS))
                .unwrap_or(0);
            let mut digits = [0u8; 11];
            spread_digits(prefix, &mut digits[..7]);
            let used = self
                .used
                .get_mut(cohort)
                .ok_or(PopulationError::BirthDateOutOfRange)?;
            let check = loop {
                if u32::from(*used) >= SERIALS {
                    return Err(PopulationError::IinSpaceExhausted);
                }
                let serial = (start + u32::from(*used)) % SERIALS;
                *used += 1;
                spread_digits(serial, &mut digits[7..]);
                if let Some(check) = check_digit(&digits) {
                    break check;
                }
            };
            out.extend(digits.iter().map(|d| b'0' + d));
            out.push(b'0' + check);
        }
        draft.iin = out;
        Ok(())
    }
}

/// Writes the decimal digits of `value` into `out`, most significant first, zero-padded to
/// `out.len()` digits (higher digits that do not fit are dropped).
fn spread_digits(mut value: u32, out: &mut [u8]) {
    for slot in out.iter_mut().rev() {
        // A remainder modulo 10 always fits in a u8.
        *slot = u8::try_from(value % 10).unwrap_or(0);
        value /= 10;
    }
}

/// A table index as `u64` for hashing.
fn chunk_u64(index: usize) -> u64 {
    u64::try_from(index).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sheshim_domain::{Iin, with_check_digit};

    #[test]
    fn digits_are_spread_with_padding() {
        let mut out = [9u8; 4];
        spread_digits(42, &mut out);
        assert_eq!(out, [0, 0, 4, 2]);
    }

    #[test]
    fn one_cohort_gets_distinct_valid_numbers_and_agrees_with_the_domain() {
        let date = chrono::NaiveDate::from_ymd_opt(1990, 3, 15).expect("valid date");
        let n = 3_000;
        let mut draft = ChunkDraft {
            birth_day: vec![day_of_date(date); n],
            male: vec![true; n],
            iin_prefix: vec![9_003_153; n],
            ..ChunkDraft::default()
        };
        let mut table = SerialTable::new(5);
        table.assign(&mut draft).expect("room for 3,000 serials");
        let iins: Vec<&str> = draft
            .iin
            .chunks(IIN_LEN)
            .map(|c| std::str::from_utf8(c).expect("ASCII digits"))
            .collect();
        let mut unique = iins.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), n);
        for iin in iins {
            assert_eq!(with_check_digit(&iin[..11]).as_deref(), Some(iin));
            let parsed = Iin::parse(iin).expect("valid IIN");
            assert_eq!(parsed.birth_date(), date);
        }
    }

    #[test]
    fn a_full_cohort_is_an_error_not_a_duplicate() {
        let date = chrono::NaiveDate::from_ymd_opt(2001, 1, 1).expect("valid date");
        let n = 10_001;
        let mut draft = ChunkDraft {
            birth_day: vec![day_of_date(date); n],
            male: vec![false; n],
            iin_prefix: vec![101_016; n],
            ..ChunkDraft::default()
        };
        let result = SerialTable::new(1).assign(&mut draft);
        assert!(matches!(result, Err(PopulationError::IinSpaceExhausted)));
    }
}
