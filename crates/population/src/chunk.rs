//! One chunk of the population: a contiguous range of person identifiers generated from its
//! own random stream, so that chunks can be made in parallel and in any order.
//!
//! A chunk is filled with whole households until it is full; the household that does not
//! fit is cut short (its last members dropped), which keeps every household inside one
//! chunk — and so inside one Parquet row group — and keeps each mother before her children
//! and her children's birth orders gap-free. The cut touches one household per chunk of
//! about a million people.

use chrono::{Datelike, NaiveDate};

use crate::household::{Household, HouseholdGenerator};
use crate::rng::SplitMix64;

/// Days from 0001-01-01 (chrono's day 1 of the common era) to 1970-01-01 (Arrow's day 0).
const UNIX_EPOCH_FROM_CE: i32 = 719_163;

/// The columns of one chunk, as plain vectors, before they become Arrow arrays.
#[derive(Debug, Clone, Default)]
pub(crate) struct ChunkDraft {
    /// The identifier of the chunk's first person; the others follow densely.
    pub(crate) first_id: u64,
    /// Birth dates as days since 1970-01-01.
    pub(crate) birth_day: Vec<i32>,
    /// True for male.
    pub(crate) male: Vec<bool>,
    /// Region dictionary keys.
    pub(crate) region: Vec<u8>,
    /// The identifier of the household's first member.
    pub(crate) household_id: Vec<u64>,
    /// The number of members of the person's household (as written, after any cut).
    pub(crate) household_size: Vec<u8>,
    /// The mother's identifier, for children linked to their mother.
    pub(crate) mother_id: Vec<Option<u64>>,
    /// Birth order among the mother's children; 0 when `mother_id` is `None`.
    pub(crate) birth_order: Vec<u8>,
    /// Monthly income in tenge.
    pub(crate) income: Vec<u32>,
    /// Permanent residence in Kazakhstan.
    pub(crate) permanent: Vec<bool>,
    /// Citizenship of Kazakhstan.
    pub(crate) citizen: Vec<bool>,
    /// Disability group 0–3.
    pub(crate) disability: Vec<u8>,
    /// In paid work.
    pub(crate) employed: Vec<bool>,
    /// The first seven IIN digits (`YYMMDD` and the century-and-sex digit) as a number.
    pub(crate) iin_prefix: Vec<u32>,
    /// The IINs, twelve ASCII digits per person, filled in by [`crate::iin::SerialTable`].
    pub(crate) iin: Vec<u8>,
}

impl ChunkDraft {
    /// The number of people in the chunk.
    pub(crate) fn len(&self) -> usize {
        self.birth_day.len()
    }
}

/// Generates the chunk number `index`, holding `len` people from identifier `first_id` on.
///
/// The result depends only on the arguments, never on which thread runs it or when.
pub(crate) fn generate_chunk(
    generator: &HouseholdGenerator,
    seed: u64,
    index: u64,
    first_id: u64,
    len: usize,
) -> ChunkDraft {
    let mut rng = SplitMix64::stream(seed, index);
    let mut draft = ChunkDraft {
        first_id,
        ..ChunkDraft::default()
    };
    reserve(&mut draft, len);
    let mut household = Household::default();
    while draft.len() < len {
        generator.fill(&mut rng, &mut household);
        let take = household.members.len().min(len - draft.len());
        let household_id = first_id + as_u64(draft.len());
        // At most a few dozen members; a household never nears 255.
        let size = u8::try_from(take).unwrap_or(u8::MAX);
        for member in household.members.iter().take(take) {
            draft.birth_day.push(member.birth_day);
            draft.male.push(member.male);
            draft.region.push(household.region);
            draft.household_id.push(household_id);
            draft.household_size.push(size);
            draft
                .mother_id
                .push(member.mother.map(|m| household_id + u64::from(m)));
            draft.birth_order.push(member.birth_order);
            draft.income.push(member.income);
            draft.permanent.push(household.permanent);
            draft.citizen.push(household.citizen);
            draft.disability.push(member.disability);
            draft.employed.push(member.employed);
            draft
                .iin_prefix
                .push(iin_prefix(member.birth_day, member.male));
        }
    }
    draft
}

/// Reserves room for `len` people in every column, so that filling never reallocates.
fn reserve(draft: &mut ChunkDraft, len: usize) {
    draft.birth_day.reserve_exact(len);
    draft.male.reserve_exact(len);
    draft.region.reserve_exact(len);
    draft.household_id.reserve_exact(len);
    draft.household_size.reserve_exact(len);
    draft.mother_id.reserve_exact(len);
    draft.birth_order.reserve_exact(len);
    draft.income.reserve_exact(len);
    draft.permanent.reserve_exact(len);
    draft.citizen.reserve_exact(len);
    draft.disability.reserve_exact(len);
    draft.employed.reserve_exact(len);
    draft.iin_prefix.reserve_exact(len);
}

/// The date of a day counted from 1970-01-01, if chrono can represent it.
pub(crate) fn date_of_day(day: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(day.checked_add(UNIX_EPOCH_FROM_CE)?)
}

/// The day counted from 1970-01-01 of a date.
pub(crate) fn day_of_date(date: NaiveDate) -> i32 {
    date.num_days_from_ce() - UNIX_EPOCH_FROM_CE
}

/// The first seven IIN digits as a number: `YYMMDD` then 3/4 for a man/woman born in the
/// 1900s or 5/6 in the 2000s. The generator only makes birth dates in 1900–2099 (the
/// reference date is checked for that), so the fallback to 0 is never taken.
fn iin_prefix(birth_day: i32, male: bool) -> u32 {
    let Some(date) = date_of_day(birth_day) else {
        return 0;
    };
    let century_digit = match (date.year() >= 2000, male) {
        (false, true) => 3,
        (false, false) => 4,
        (true, true) => 5,
        (true, false) => 6,
    };
    let yy = u32::try_from(date.year().rem_euclid(100)).unwrap_or(0);
    ((yy * 100 + date.month()) * 100 + date.day()) * 10 + century_digit
}

/// A `usize` count as `u64`; lossless on every platform Rust supports today.
pub(crate) fn as_u64(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_encodes_date_century_and_sex() {
        let date = NaiveDate::from_ymd_opt(1985, 1, 15).expect("valid date");
        assert_eq!(iin_prefix(day_of_date(date), true), 8_501_153);
        let date = NaiveDate::from_ymd_opt(2024, 12, 31).expect("valid date");
        assert_eq!(iin_prefix(day_of_date(date), false), 2_412_316);
        assert_eq!(date_of_day(day_of_date(date)), Some(date));
    }

    #[test]
    fn chunks_have_exact_length_and_whole_households() {
        let generator = HouseholdGenerator::new(20_089);
        let draft = generate_chunk(&generator, 9, 2, 1_000, 5_000);
        assert_eq!(draft.len(), 5_000);
        assert_eq!(draft.household_id[0], 1_000);
        for (i, (&hh, &size)) in draft
            .household_id
            .iter()
            .zip(&draft.household_size)
            .enumerate()
        {
            let members = draft.household_id.iter().filter(|&&h| h == hh).count();
            assert_eq!(members, usize::from(size), "row {i}");
        }
        let again = generate_chunk(&generator, 9, 2, 1_000, 5_000);
        assert_eq!(draft.birth_day, again.birth_day);
        assert_eq!(draft.income, again.income);
    }
}
