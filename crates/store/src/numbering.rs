//! Registration numbers within one write transaction.
//!
//! Each registration year has a counter row. Taking the next number with an `UPDATE … RETURNING`
//! per appeal would cost a round trip to the database per appeal; instead the first appeal of
//! a year in a batch takes its number from the database (which also locks the counter row for
//! the rest of the transaction), the following ones count on in memory, and the counter is
//! set once, to the last number issued, before the batch commits.

use std::collections::BTreeMap;

/// The numbers issued so far in one batch, per year.
#[derive(Debug, Default)]
pub(crate) struct Numbering {
    /// Year → (first number taken from the database, last number issued).
    years: BTreeMap<i32, (i64, i64)>,
}

impl Numbering {
    /// The next number of `year`, if the batch has already taken one from the database.
    pub(crate) fn next(&mut self, year: i32) -> Option<i64> {
        let (_, last) = self.years.get_mut(&year)?;
        *last += 1;
        Some(*last)
    }

    /// Records the number the database gave the batch's first appeal of `year`.
    pub(crate) fn started(&mut self, year: i32, seq: i64) {
        self.years.insert(year, (seq, seq));
    }

    /// The counters to write back: each year whose last number is beyond the one the
    /// database handed out, with that last number.
    pub(crate) fn counters_to_write(&self) -> impl Iterator<Item = (i32, i64)> + '_ {
        self.years
            .iter()
            .filter(|(_, (first, last))| last > first)
            .map(|(year, (_, last))| (*year, *last))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_count_on_per_year_and_only_advanced_counters_are_written() {
        let mut numbering = Numbering::default();
        assert_eq!(numbering.next(2026), None);
        numbering.started(2026, 41);
        assert_eq!(numbering.next(2026), Some(42));
        assert_eq!(numbering.next(2026), Some(43));
        assert_eq!(numbering.next(2027), None);
        numbering.started(2027, 1);
        assert_eq!(
            numbering.counters_to_write().collect::<Vec<_>>(),
            [(2026, 43)]
        );
    }
}
