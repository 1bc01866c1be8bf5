//! Demographic figures the household generator draws from.
//!
//! All figures are approximations of Kazakhstan's statistics around 2023–2024, rounded and
//! hard-coded for the same reason as the regional table: the registry only has to be
//! plausible, and a given seed must always give the same people. Where a figure was tuned so
//! that the generated population matches a published total (births per year, the share of
//! children), the comment says so; `examples/population_stats.rs` prints those totals.

/// Age-specific fertility rates (live births per woman per year) for the age groups 15–19,
/// 20–24, …, 45–49, approximating Kazakhstan in 2023 (total fertility rate about 3.0).
const ASFR_FIVE_YEAR: [f64; 7] = [0.022, 0.135, 0.185, 0.148, 0.085, 0.028, 0.003];

/// Births per woman per year at exact age `age` (whole years); zero outside 15–49.
pub(crate) fn fertility_at_age(age: i32) -> f64 {
    if !(15..=49).contains(&age) {
        return 0.0;
    }
    // The index is 0..=6 by the range check above.
    usize::try_from((age - 15) / 5)
        .ok()
        .and_then(|i| ASFR_FIVE_YEAR.get(i))
        .copied()
        .unwrap_or(0.0)
}

/// The fertility of calendar year `year` relative to 2023, from the total fertility rate's
/// history: about 2.7 around 1990, a trough of 1.8 at the end of the 1990s, a climb back to
/// 3.3 in 2021, and a decline since. This gives the age pyramid its real shape — the small
/// generation born around 2000 and the large one born around 2020.
pub(crate) fn period_factor(year: i32) -> f64 {
    match year {
        ..=1990 => 0.90,
        1991..=1993 => 0.80,
        1994..=1996 => 0.70,
        1997..=2000 => 0.62,
        2001..=2004 => 0.68,
        2005..=2008 => 0.80,
        2009..=2012 => 0.88,
        2013..=2016 => 0.92,
        2017..=2020 => 0.97,
        2021 => 1.10,
        2022 => 1.03,
        2023 => 1.00,
        2024 => 0.95,
        _ => 0.90,
    }
}

/// Women differ a great deal in how many children they have: a few have five or more, many
/// have one or two. A per-woman multiplier of the fertility rates, drawn from this mixture
/// of (probability, multiplier), reproduces that spread and with it the share of fourth and
/// later births (28 % of Kazakhstan's births in 2021, up from 13.5 % in 2010; regional
/// differences add to the spread). The mean multiplier is about 1.
pub(crate) const FERTILITY_MIX: [(f64, f64); 5] = [
    (0.10, 0.45),
    (0.25, 0.85),
    (0.40, 1.05),
    (0.20, 1.25),
    (0.05, 1.55),
];

/// Scales all fertility rates up to make up for the women aged 15–49 whose births are not
/// simulated (girls and adult daughters living with their mother, partners of single men):
/// tuned so that the registry has about 19 births per thousand people a year.
pub(crate) const FERTILITY_CALIBRATION: f64 = 1.15;

/// The shortest interval between two births of one mother, in days (about eleven months).
pub(crate) const MIN_BIRTH_INTERVAL_DAYS: i32 = 330;

/// The share of boys among births (about 105 boys per 100 girls).
pub(crate) const MALE_BIRTH_SHARE: f64 = 0.512;

/// Relative weights of the ages 18–54 of the women who head a family household, one per
/// year of age, from the 2024 age pyramid: a large generation in its thirties, a small one
/// in its twenties born in the late 1990s.
pub(crate) fn woman_age_weight(age: i32) -> f64 {
    match age {
        18..=19 => 0.70,
        20..=24 => 0.62,
        25..=29 => 0.70,
        30..=34 => 0.86,
        35..=39 => 0.86,
        40..=44 => 0.74,
        45..=49 => 0.66,
        50..=54 => 0.60,
        _ => 0.0,
    }
}

/// Relative weights of the ages 55–100 of people heading an older household, one per year
/// of age, from the 2024 age pyramid (the 65+ cohorts shrink quickly).
pub(crate) fn older_age_weight(age: i32) -> f64 {
    match age {
        55..=59 => 1.00,
        60..=64 => 0.95,
        65..=69 => 0.74,
        70..=74 => 0.52,
        75..=79 => 0.28,
        80..=84 => 0.18,
        85..=89 => 0.09,
        90..=100 => 0.02,
        _ => 0.0,
    }
}

/// Relative weights of the ages 18–49 of men living alone or with a partner but no
/// children: mostly young men before marriage.
pub(crate) fn single_man_age_weight(age: i32) -> f64 {
    match age {
        18..=24 => 0.9,
        25..=29 => 1.0,
        30..=34 => 0.8,
        35..=39 => 0.5,
        40..=49 => 0.35,
        _ => 0.0,
    }
}

/// The share of people with a disability group (1 to 3) by age. Groups are assigned from
/// the age of 16; children younger than that are recorded with group 0, because a child's
/// disability is certified as a "disabled child" status, not a group. About 3.5 % of the
/// population has a group, as in Kazakhstan's statistics (some 700 thousand people).
pub(crate) fn disability_share(age: i32) -> f64 {
    match age {
        ..=15 => 0.0,
        16..=29 => 0.02,
        30..=44 => 0.033,
        45..=59 => 0.065,
        60..=69 => 0.095,
        _ => 0.12,
    }
}

/// The probability that a person of this age and sex is employed, before the adjustments
/// for disability and for young children at home.
pub(crate) fn employment_share(age: i32, male: bool) -> f64 {
    let (men, women) = match age {
        ..=17 => (0.0, 0.0),
        18..=21 => (0.30, 0.22),
        22..=24 => (0.62, 0.52),
        25..=54 => (0.86, 0.74),
        55..=60 => (0.72, 0.55),
        61..=62 => (0.60, 0.25),
        63..=67 => (0.18, 0.12),
        _ => (0.04, 0.03),
    };
    if male { men } else { women }
}

/// The pension age: 63 for men; 61 for women, the age frozen until 2028.
pub(crate) fn pension_age(male: bool) -> i32 {
    if male { 63 } else { 61 }
}

/// Median monthly wage in tenge before regional, age and sex adjustments. With the
/// log-normal spread below it gives a national mean near the 2024 average wage
/// (about 390 thousand tenge) and a median far below it, as wage distributions are.
pub(crate) const MEDIAN_WAGE_KZT: f64 = 300_000.0;
/// Standard deviation of the logarithm of wages: a long right tail.
pub(crate) const WAGE_LOG_SD: f64 = 0.62;
/// Median monthly pension in tenge (solidarity and basic pension together, 2024).
pub(crate) const MEDIAN_PENSION_KZT: f64 = 140_000.0;
/// Standard deviation of the logarithm of pensions.
pub(crate) const PENSION_LOG_SD: f64 = 0.25;

/// The monthly state disability benefit by group, in tenge (approximate 2024 amounts).
pub(crate) fn disability_benefit(group: u8) -> f64 {
    match group {
        1 => 105_000.0,
        2 => 85_000.0,
        3 => 58_000.0,
        _ => 0.0,
    }
}

/// The age factor of wages: lower at the start of a career, highest in mid-career.
pub(crate) fn wage_age_factor(age: i32) -> f64 {
    match age {
        ..=24 => 0.62,
        25..=34 => 0.95,
        35..=54 => 1.07,
        _ => 0.95,
    }
}

/// Women's wages relative to men's (Kazakhstan's gender pay gap is about a fifth).
pub(crate) const FEMALE_WAGE_FACTOR: f64 = 0.80;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_fertility_is_about_three() {
        let tfr: f64 = (15..=49).map(fertility_at_age).sum();
        assert!((2.9..3.1).contains(&tfr), "{tfr}");
        assert!(fertility_at_age(14).abs() < f64::EPSILON);
        assert!(fertility_at_age(50).abs() < f64::EPSILON);
    }

    #[test]
    fn fertility_mix_is_a_distribution_with_mean_one() {
        let p: f64 = FERTILITY_MIX.iter().map(|(p, _)| p).sum();
        let mean: f64 = FERTILITY_MIX.iter().map(|(p, m)| p * m).sum();
        assert!((p - 1.0).abs() < 1e-9);
        assert!((mean - 1.0).abs() < 0.02, "{mean}");
    }
}
