//! What-if: the same candidates under the rules in force and under a reform.
//!
//! Every candidate is evaluated twice. A person gains when the reform pays them more, loses
//! when it pays less. Counts and money come from counts of persons per pair of outcomes
//! (baseline key, reform key), so every figure is exact and can be recomputed from the
//! per-person output file.

use crate::error::ProactiveError;
use crate::run::{Evaluated, Population, Verdict};
use sheshim_batch::NULL;
use sheshim_batch::money;
use sheshim_feel::Number;
use sheshim_population::Attribute;
use std::cmp::Ordering;

/// Age bands of the breakdown, as `(label, first age, last age)`.
pub const AGE_BANDS: [(&str, i64, i64); 7] = [
    ("0-17", 0, 17),
    ("18-29", 18, 29),
    ("30-44", 30, 44),
    ("45-59", 45, 59),
    ("60-74", 60, 74),
    ("75+", 75, i64::MAX),
    ("unknown", i64::MIN, -1),
];

/// Gainers, losers and money for one group of persons.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// The group (a region, a sex, an age band, or `all`).
    pub name: String,
    /// Persons in the group.
    pub persons: u64,
    /// Paid more under the reform.
    pub gainers: u64,
    /// Paid less under the reform.
    pub losers: u64,
    /// Paid the same.
    pub unchanged: u64,
    /// Total paid under the rules in force.
    pub baseline: Number,
    /// Total paid under the reform.
    pub reform: Number,
    /// The reform's cost difference (reform − baseline).
    pub difference: Number,
}

/// How one pair of outcomes compares.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Paid more.
    Gain,
    /// Paid less.
    Loss,
    /// Paid the same.
    Same,
}

/// The comparison of two runs over the same candidates.
pub struct Simulation {
    /// Keys per run.
    keys: usize,
    /// Each pair's change.
    changes: Vec<Change>,
    /// What each pair pays under each scenario.
    paid: Vec<(Number, Number)>,
    /// Persons per pair, overall and per breakdown: `(breakdown name, group names,
    /// counts[group * pairs + pair])`.
    breakdowns: Vec<(String, Vec<String>, Vec<u64>)>,
    /// Persons per pair, all together.
    totals: Vec<u64>,
    /// Candidates (indices) chosen as examples, with their change.
    pub examples: Vec<(usize, Change)>,
}

impl Simulation {
    /// Compares `baseline` and `reform` over `population`, breaking down by region, sex
    /// and age band.
    pub fn compare(
        population: &Population<'_>,
        baseline: &Evaluated,
        reform: &Evaluated,
    ) -> Result<Simulation, ProactiveError> {
        let keys = baseline.run.key_count.max(reform.run.key_count);
        let pairs = keys * keys;
        let mut changes = vec![Change::Same; pairs];
        let mut paid = vec![(Number::zero(), Number::zero()); pairs];
        for b in 0..keys {
            for r in 0..keys {
                let (before, after) = (baseline.paid(b as u8), reform.paid(r as u8));
                changes[b * keys + r] = match after.cmp_value(&before) {
                    Ordering::Greater => Change::Gain,
                    Ordering::Less => Change::Loss,
                    Ordering::Equal => Change::Same,
                };
                paid[b * keys + r] = (before, after);
            }
        }
        let regions = population.column(Attribute::REGION)?;
        let sexes = population.column(Attribute::SEX)?;
        let ages = population.column(Attribute::Age)?;
        let names = |attribute: Attribute| -> Vec<String> {
            attribute.codes().iter().map(|s| (*s).to_owned()).collect()
        };
        let (region_names, sex_names) = (names(Attribute::REGION), names(Attribute::SEX));
        let band_names: Vec<String> = AGE_BANDS.iter().map(|b| b.0.to_owned()).collect();
        let mut by_region = vec![0u64; (region_names.len() + 1) * pairs];
        let mut by_sex = vec![0u64; (sex_names.len() + 1) * pairs];
        let mut by_band = vec![0u64; band_names.len() * pairs];
        let mut totals = vec![0u64; pairs];
        let mut examples = Vec::new();
        let (mut gains, mut losses, mut same) = (0, 0, 0);
        // Codes outside the names (nulls) fall in the extra "unknown" group at the end.
        let group = |code: i64, count: usize| sheshim_batch::Groups::group_of(code, count + 1);
        for i in 0..population.len() {
            let pair = usize::from(baseline.run.keys[i]) * keys + usize::from(reform.run.keys[i]);
            totals[pair] += 1;
            by_region[group(regions[i], region_names.len()) * pairs + pair] += 1;
            by_sex[group(sexes[i], sex_names.len()) * pairs + pair] += 1;
            let band = AGE_BANDS
                .iter()
                .position(|(_, low, high)| ages[i] != NULL && (*low..=*high).contains(&ages[i]))
                .unwrap_or(AGE_BANDS.len() - 1);
            by_band[band * pairs + pair] += 1;
            // Up to two gainers, two losers and one paid the same (and paid something).
            let change = changes[pair];
            let wanted = match change {
                Change::Gain => &mut gains,
                Change::Loss => &mut losses,
                Change::Same => &mut same,
            };
            let limit = if change == Change::Same { 1 } else { 2 };
            let paid_something = !paid[pair].0.is_zero();
            if *wanted < limit && (change != Change::Same || paid_something) {
                *wanted += 1;
                examples.push((i, change));
            }
        }
        let with_unknown = |mut names: Vec<String>| {
            names.push("unknown".to_owned());
            names
        };
        Ok(Simulation {
            keys,
            changes,
            paid,
            breakdowns: vec![
                (
                    Attribute::REGION.name().to_owned(),
                    with_unknown(region_names),
                    by_region,
                ),
                (
                    Attribute::SEX.name().to_owned(),
                    with_unknown(sex_names),
                    by_sex,
                ),
                ("age band".to_owned(), band_names, by_band),
            ],
            totals,
            examples,
        })
    }

    fn comparison(&self, name: &str, counts: &[u64]) -> Result<Comparison, ProactiveError> {
        let mut c = Comparison {
            name: name.to_owned(),
            persons: 0,
            gainers: 0,
            losers: 0,
            unchanged: 0,
            baseline: Number::zero(),
            reform: Number::zero(),
            difference: Number::zero(),
        };
        let in_force = || format!("the cost in force for {name}");
        let reformed = || format!("the cost under the reform for {name}");
        for (pair, &count) in counts.iter().enumerate() {
            if count == 0 {
                continue;
            }
            c.persons += count;
            match self.changes[pair] {
                Change::Gain => c.gainers += count,
                Change::Loss => c.losers += count,
                Change::Same => c.unchanged += count,
            }
            let (before, after) = self.paid[pair];
            c.baseline = money::sum(
                c.baseline,
                money::product(count, before, in_force)?,
                in_force,
            )?;
            c.reform = money::sum(c.reform, money::product(count, after, reformed)?, reformed)?;
        }
        c.difference = money::difference(c.reform, c.baseline, || {
            format!("the cost difference for {name}")
        })?;
        Ok(c)
    }

    /// The comparison over all candidates.
    ///
    /// # Errors
    /// When a cost cannot be totalled exactly.
    pub fn total(&self) -> Result<Comparison, ProactiveError> {
        self.comparison("all", &self.totals)
    }

    /// Each breakdown's name and its groups' comparisons (groups with nobody left out).
    ///
    /// # Errors
    /// When a group's cost cannot be totalled exactly.
    pub fn breakdowns(&self) -> Result<Vec<(String, Vec<Comparison>)>, ProactiveError> {
        let pairs = self.keys * self.keys;
        self.breakdowns
            .iter()
            .map(|(name, groups, counts)| {
                let mut lines = Vec::new();
                for (g, group) in groups.iter().enumerate() {
                    let line = self.comparison(group, &counts[g * pairs..(g + 1) * pairs])?;
                    if line.persons > 0 {
                        lines.push(line);
                    }
                }
                Ok((name.clone(), lines))
            })
            .collect()
    }

    /// What candidate with keys `(baseline, reform)` is paid in each scenario.
    pub fn paid(&self, baseline: u8, reform: u8) -> (Number, Number) {
        self.paid[usize::from(baseline) * self.keys + usize::from(reform)]
    }
}

/// Whether a run's outcome for `key` pays.
pub fn pays(evaluated: &Evaluated, key: u8) -> bool {
    evaluated
        .outcome(key)
        .is_some_and(|o| o.verdict == Verdict::Eligible)
}
