//! Generates one household at a time: who lives in it, how old they are, who is whose child,
//! and what each person earns.
//!
//! Three kinds of household make up the population:
//!
//! - **Family**: a woman aged 18–54 whose whole history of births is simulated year by year
//!   of her life from age 15, with age-specific fertility rates scaled by the calendar year's
//!   fertility, her region's and her own; all her children live with her (which is what lets
//!   every child's birth order be exact and gap-free), often with a partner and sometimes a
//!   grandparent.
//! - **Single man**: a man aged 18–49 living alone or with a childless partner.
//! - **Older**: a person aged 55–100, alone or with a partner.
//!
//! Children are therefore linked to their mother only when she is 18–54 and heads a family
//! household; older people's grown children appear as unlinked adults elsewhere. This is the
//! one simplification that keeps generation local to a household, so that chunks of the
//! population can be generated independently and in parallel.

use crate::demography::{
    FEMALE_WAGE_FACTOR, FERTILITY_CALIBRATION, FERTILITY_MIX, MALE_BIRTH_SHARE, MEDIAN_PENSION_KZT,
    MEDIAN_WAGE_KZT, MIN_BIRTH_INTERVAL_DAYS, PENSION_LOG_SD, WAGE_LOG_SD, disability_benefit,
    disability_share, employment_share, fertility_at_age, older_age_weight, pension_age,
    period_factor, single_man_age_weight, wage_age_factor, woman_age_weight,
};
use crate::regions::REGIONS;
use crate::rng::{SplitMix64, cumulative};

/// The mean length of a year in days, used to turn ages into days and back.
const DAYS_PER_YEAR: f64 = 365.2425;

/// Shares of the three kinds of household among all households. Tuned so that the share of
/// children and the number of births per year come out as in Kazakhstan (about a third of
/// the population under 18, about 19 births per thousand people a year).
const HOUSEHOLD_KINDS: [f64; 3] = [0.60, 0.11, 0.29];

/// One person of a household, before identifiers are assigned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Member {
    /// Birth date as days since 1970-01-01 (Arrow's `Date32`).
    pub(crate) birth_day: i32,
    /// True for a man or a boy.
    pub(crate) male: bool,
    /// The index of this person's mother among the household's members, if she is linked.
    pub(crate) mother: Option<u8>,
    /// This child's order among its mother's children (1 = first); 0 when not linked.
    pub(crate) birth_order: u8,
    /// Disability group 1–3, or 0 for none.
    pub(crate) disability: u8,
    /// Whether the person is in paid work.
    pub(crate) employed: bool,
    /// Monthly income in tenge: wage, pension and disability benefit together.
    pub(crate) income: u32,
}

/// A household: its members and what they share.
#[derive(Debug, Clone, Default)]
pub(crate) struct Household {
    /// Index into [`REGIONS`].
    pub(crate) region: u8,
    /// Whether the members are citizens of Kazakhstan.
    pub(crate) citizen: bool,
    /// Whether the members reside permanently in Kazakhstan.
    pub(crate) permanent: bool,
    /// The members; a mother always comes before her children, and children in birth order.
    pub(crate) members: Vec<Member>,
}

/// Draws households for one reference date. Holds only precomputed tables, so one instance
/// is shared by all threads.
#[derive(Debug, Clone)]
pub(crate) struct HouseholdGenerator {
    /// The reference date as days since 1970-01-01: nobody is born after it.
    ref_day: i32,
    /// Cumulative weights of the household kinds.
    kinds: Vec<f64>,
    /// Cumulative weights of regions for drawing a household's region.
    regions: Vec<f64>,
    /// Cumulative weights of the ages 18..=54 of family heads.
    woman_ages: Vec<f64>,
    /// Cumulative weights of the ages 18..=49 of single men.
    single_man_ages: Vec<f64>,
    /// Cumulative weights of the ages 55..=100 of older heads.
    older_ages: Vec<f64>,
    /// Cumulative weights of [`FERTILITY_MIX`].
    fertility_mix: Vec<f64>,
}

impl HouseholdGenerator {
    /// A generator for the population as it stands on `ref_day` (days since 1970-01-01).
    pub(crate) fn new(ref_day: i32) -> Self {
        let ages = |range: std::ops::RangeInclusive<i32>, weight: fn(i32) -> f64| {
            cumulative(&range.map(weight).collect::<Vec<_>>())
        };
        // Families in high-fertility regions are larger, so drawing households by population
        // share alone would over-represent those regions' people. Dividing by a rough
        // relative household size brings the share of people back to the population share.
        let region_weights: Vec<f64> = REGIONS
            .iter()
            .map(|r| f64::from(r.thousands) / (1.0 + 0.45 * (r.fertility - 1.0)))
            .collect();
        Self {
            ref_day,
            kinds: cumulative(&HOUSEHOLD_KINDS),
            regions: cumulative(&region_weights),
            woman_ages: ages(18..=54, woman_age_weight),
            single_man_ages: ages(18..=49, single_man_age_weight),
            older_ages: ages(55..=100, older_age_weight),
            fertility_mix: cumulative(&FERTILITY_MIX.map(|(p, _)| p)),
        }
    }

    /// Replaces `out` with a freshly drawn household.
    pub(crate) fn fill(&self, rng: &mut SplitMix64, out: &mut Household) {
        out.members.clear();
        out.region = small_index(rng.pick_cumulative(&self.regions));
        let status = rng.unit();
        // About 96.5 % are resident citizens, 1.5 % citizens living abroad, 1.2 % foreigners,
        // stateless persons or kandases with a residence permit, 0.8 % temporary residents.
        (out.citizen, out.permanent) = match status {
            s if s < 0.965 => (true, true),
            s if s < 0.980 => (true, false),
            s if s < 0.992 => (false, true),
            _ => (false, false),
        };
        match rng.pick_cumulative(&self.kinds) {
            0 => self.family(rng, out),
            1 => self.single_man(rng, out),
            _ => self.older(rng, out),
        }
        self.add_incomes(rng, out);
    }

    /// A woman aged 18–54 with her children, perhaps a partner and grandparents.
    fn family(&self, rng: &mut SplitMix64, out: &mut Household) {
        let age = 18 + index_i32(rng.pick_cumulative(&self.woman_ages));
        let mother_day = self.birth_day(rng, age);
        out.members.push(person(mother_day, false));
        let children = self.births(rng, mother_day, out.region);
        let has_children = !children.is_empty();
        let partner_chance = match (has_children, age) {
            (true, _) => 0.82,
            (false, ..=22) => 0.15,
            (false, _) => 0.45,
        };
        if rng.chance(partner_chance) {
            let gap = (3.0 + 3.0 * rng.normal()).round();
            let partner_age = clamp_age(age, gap, 18, 80);
            out.members
                .push(person(self.birth_day(rng, partner_age), true));
        }
        for (order, &day) in (1u8..).zip(&children) {
            let mut child = person(day, rng.chance(MALE_BIRTH_SHARE));
            child.mother = Some(0);
            child.birth_order = order;
            out.members.push(child);
        }
        if has_children && rng.chance(0.12) {
            let gap = (26.0 + 4.0 * rng.normal()).round();
            let elder_age = clamp_age(age, gap, 50, 100);
            let male = rng.chance(0.3);
            out.members
                .push(person(self.birth_day(rng, elder_age), male));
        }
    }

    /// A man aged 18–49, alone or with a childless partner.
    fn single_man(&self, rng: &mut SplitMix64, out: &mut Household) {
        let age = 18 + index_i32(rng.pick_cumulative(&self.single_man_ages));
        out.members.push(person(self.birth_day(rng, age), true));
        if rng.chance(0.2) {
            let gap = (-2.0 + 2.5 * rng.normal()).round();
            let partner_age = clamp_age(age, gap, 18, 60);
            out.members
                .push(person(self.birth_day(rng, partner_age), false));
        }
    }

    /// A person aged 55–100, alone or with a partner of the opposite sex.
    fn older(&self, rng: &mut SplitMix64, out: &mut Household) {
        let age = 55 + index_i32(rng.pick_cumulative(&self.older_ages));
        // Women live longer, so more older households are headed by a woman.
        let male = rng.chance(if age < 70 { 0.45 } else { 0.33 });
        out.members.push(person(self.birth_day(rng, age), male));
        if rng.chance(if age < 75 { 0.60 } else { 0.35 }) {
            let gap = if male { -3.0 } else { 3.0 } + 2.5 * rng.normal();
            let partner_age = clamp_age(age, gap.round(), 45, 100);
            out.members
                .push(person(self.birth_day(rng, partner_age), !male));
        }
    }

    /// Simulates a woman's births from her 15th birthday to the reference date, one year of
    /// her age at a time, and returns the children's birth days in order.
    fn births(&self, rng: &mut SplitMix64, mother_day: i32, region: u8) -> Vec<i32> {
        let own = FERTILITY_MIX
            .get(rng.pick_cumulative(&self.fertility_mix))
            .map_or(1.0, |&(_, m)| m);
        let regional = REGIONS
            .get(usize::from(region))
            .map_or(1.0, |r| r.fertility);
        let mut children = Vec::new();
        let mut last = i32::MIN / 2;
        for year_of_age in 15..=49 {
            // Starting one day after `year_of_age` mean years keeps every birth at least
            // fifteen calendar years after the mother's own, whatever the leap days.
            let start = mother_day + days(f64::from(year_of_age) * DAYS_PER_YEAR) + 1;
            if start > self.ref_day {
                break;
            }
            let end = (start + 365).min(self.ref_day + 1);
            let exposure = f64::from(end - start) / 365.0;
            let p = fertility_at_age(year_of_age)
                * FERTILITY_CALIBRATION
                * own
                * regional
                * period_factor(year_of_day(start))
                * exposure;
            if !rng.chance(p) {
                continue;
            }
            let offset = rng.range_i64(0, i64::from(end - start - 1));
            let day =
                (start + i32::try_from(offset).unwrap_or(0)).max(last + MIN_BIRTH_INTERVAL_DAYS);
            if day > self.ref_day {
                continue;
            }
            children.push(day);
            last = day;
        }
        children
    }

    /// Fills in disability, employment and income for every member.
    fn add_incomes(&self, rng: &mut SplitMix64, out: &mut Household) {
        let wage_region = REGIONS.get(usize::from(out.region)).map_or(1.0, |r| r.wage);
        // A mother whose youngest child is under three is often on childcare leave.
        let youngest_child_day = out
            .members
            .iter()
            .filter(|m| m.mother.is_some())
            .map(|m| m.birth_day)
            .max();
        let small_child = youngest_child_day.is_some_and(|d| self.ref_day - d < 3 * 365);
        for (index, member) in out.members.iter_mut().enumerate() {
            let age = self.age(member.birth_day);
            if rng.chance(disability_share(age)) {
                let g = rng.unit();
                member.disability = if g < 0.12 {
                    1
                } else if g < 0.60 {
                    2
                } else {
                    3
                };
            }
            let mut work = employment_share(age, member.male);
            work *= match member.disability {
                1 => 0.1,
                2 => 0.35,
                3 => 0.7,
                _ => 1.0,
            };
            if index == 0 && small_child {
                work *= 0.5;
            }
            member.employed = rng.chance(work);
            let mut income = 0.0;
            if member.employed {
                let sex = if member.male { 1.0 } else { FEMALE_WAGE_FACTOR };
                income += MEDIAN_WAGE_KZT
                    * wage_region
                    * wage_age_factor(age)
                    * sex
                    * (WAGE_LOG_SD * rng.normal()).exp();
            }
            if age >= pension_age(member.male) {
                income += MEDIAN_PENSION_KZT * (PENSION_LOG_SD * rng.normal()).exp();
            } else if age >= 18 {
                income += disability_benefit(member.disability);
            }
            member.income = tenge(income);
        }
    }

    /// A birth day for someone who is `age` whole years old on the reference date.
    fn birth_day(&self, rng: &mut SplitMix64, age: i32) -> i32 {
        let days_old = days((f64::from(age) + rng.unit()) * DAYS_PER_YEAR);
        self.ref_day - days_old
    }

    /// Whole years of age on the reference date.
    pub(crate) fn age(&self, birth_day: i32) -> i32 {
        years(self.ref_day - birth_day)
    }
}

/// A member with only a birth day and sex; the rest is filled in later.
fn person(birth_day: i32, male: bool) -> Member {
    Member {
        birth_day,
        male,
        mother: None,
        birth_order: 0,
        disability: 0,
        employed: false,
        income: 0,
    }
}

/// `base + gap`, kept within `lo..=hi`.
fn clamp_age(base: i32, gap: f64, lo: i32, hi: i32) -> i32 {
    // The gap is a small rounded number of years, so the conversion is exact.
    #[allow(clippy::cast_possible_truncation)]
    let gap = gap.clamp(-100.0, 100.0) as i32;
    (base + gap).clamp(lo, hi)
}

/// Whole days in a non-negative span given in fractional days.
fn days(span: f64) -> i32 {
    debug_assert!(span >= 0.0, "spans of days are never negative here");
    // For a non-negative number truncation is the floor, and unlike `f64::floor` it needs no
    // call into the maths library on baseline x86-64; this runs a hundred million times.
    // Spans are at most about 101 years, far inside `i32`.
    #[allow(clippy::cast_possible_truncation)]
    let d = span as i32;
    d
}

/// Whole mean years (of 365.2425 days, the Gregorian mean) in a span of days, rounded down
/// also for negative spans; in integers, to stay exact and fast.
fn years(span_days: i32) -> i32 {
    let years = (i64::from(span_days) * 400).div_euclid(146_097);
    i32::try_from(years).unwrap_or(0)
}

/// The calendar year a day (since 1970-01-01) falls in, to within a day at year ends.
fn year_of_day(day: i32) -> i32 {
    1970 + years(day)
}

/// A table index as an `i32` age offset; the tables have at most 51 entries.
fn index_i32(index: usize) -> i32 {
    i32::try_from(index).unwrap_or(0)
}

/// A region index as the `u8` dictionary key; there are 20 regions.
fn small_index(index: usize) -> u8 {
    u8::try_from(index).unwrap_or(0)
}

/// An amount rounded to whole tenge and kept within `u32`.
fn tenge(amount: f64) -> u32 {
    // Clamped first, so the conversion cannot overflow; NaN cannot arise from the formulas.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let t = amount.round().clamp(0.0, f64::from(u32::MAX)) as u32;
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2025-01-01 as days since 1970-01-01.
    const REF_DAY: i32 = 20_089;

    #[test]
    fn households_are_consistent() {
        let generator = HouseholdGenerator::new(REF_DAY);
        let mut rng = SplitMix64::new(3);
        let mut household = Household::default();
        for _ in 0..5_000 {
            generator.fill(&mut rng, &mut household);
            assert!(!household.members.is_empty());
            assert!(usize::from(household.region) < REGIONS.len());
            let mut expected_order = 1;
            for member in &household.members {
                assert!(member.birth_day <= REF_DAY);
                assert!(generator.age(member.birth_day) <= 101);
                if let Some(mother) = member.mother {
                    let mother = household.members[usize::from(mother)];
                    assert!(!mother.male);
                    assert_eq!(member.birth_order, expected_order);
                    expected_order += 1;
                    let gap = member.birth_day - mother.birth_day;
                    assert!((15 * 365..=51 * 365).contains(&gap), "{gap}");
                } else {
                    assert_eq!(member.birth_order, 0);
                }
                if generator.age(member.birth_day) < 18 {
                    assert_eq!(member.income, 0);
                    assert!(!member.employed);
                }
            }
        }
    }
}
