//! The persons a run writes out, one record each: for `sheshim proactive --out`, everyone
//! eligible or referred to an officer; for `sheshim simulate --out`, everyone paid or
//! referred under either set of rules, with both outcomes, so that the report's totals can
//! be recomputed from the file. The records hold personal data (IINs); the caller writes
//! them to a file only its owner can read.

use crate::error::ProactiveError;
use crate::run::{Evaluated, Population, Verdict};
use sheshim_population::{Attribute, Column};
use std::path::Path;

/// The columns of a proactive run's records.
pub const DECIDED_HEADER: [&str; 6] = [
    Column::PersonId.name(),
    Column::Iin.name(),
    Attribute::REGION.name(),
    "verdict",
    "rule",
    "amount",
];

/// The columns of a simulation's records.
pub const COMPARED_HEADER: [&str; 8] = [
    Column::PersonId.name(),
    Attribute::REGION.name(),
    Attribute::SEX.name(),
    Attribute::Age.name(),
    "baseline_verdict",
    "baseline_paid",
    "reform_verdict",
    "reform_paid",
];

/// Whether a person with `key` is written out: eligible or referred, not refused.
fn listed(evaluated: &Evaluated, key: u8) -> bool {
    evaluated
        .outcome(key)
        .is_some_and(|o| o.verdict != Verdict::NotEligible)
}

/// Every candidate eligible or referred, in registry order, as [`DECIDED_HEADER`] says:
/// person id, IIN (read from the registry at `registry` for these persons only), region,
/// verdict, the rule or outcome that decided, and the amount.
///
/// # Errors
/// When the IINs cannot be read, or a column the run needs was not read.
pub fn decided<'a>(
    registry: &Path,
    population: &'a Population<'a>,
    evaluated: &'a Evaluated,
) -> Result<impl Iterator<Item = [String; 6]> + 'a, ProactiveError> {
    let selected: Vec<usize> = (0..population.len())
        .filter(|&i| listed(evaluated, evaluated.run.keys[i]))
        .collect();
    let rows: Vec<usize> = selected.iter().map(|&i| population.row(i)).collect();
    let iins = sheshim_population::iins(registry, &rows)?;
    let regions = population.column(Attribute::REGION)?;
    Ok(selected
        .into_iter()
        .zip(rows)
        .zip(iins)
        .filter_map(move |((i, row), iin)| {
            let outcome = evaluated.outcome(evaluated.run.keys[i])?;
            Some([
                row.to_string(),
                iin,
                Attribute::REGION.name_of(regions[i]).to_owned(),
                outcome.verdict.code().to_owned(),
                outcome.key.clone(),
                outcome.amount.map_or(String::new(), |a| a.to_string()),
            ])
        }))
}

/// Every candidate paid or referred in either scenario, in registry order, as
/// [`COMPARED_HEADER`] says: person id, region, sex, age, and each scenario's verdict and
/// amount paid.
///
/// # Errors
/// When a column the run needs was not read.
pub fn compared<'a>(
    population: &'a Population<'a>,
    baseline: &'a Evaluated,
    reform: &'a Evaluated,
) -> Result<impl Iterator<Item = [String; 8]> + 'a, ProactiveError> {
    let regions = population.column(Attribute::REGION)?;
    let sexes = population.column(Attribute::SEX)?;
    let ages = population.column(Attribute::Age)?;
    let verdict = |e: &Evaluated, key: u8| {
        e.outcome(key)
            .map_or("none".to_owned(), |o| o.verdict.code().to_owned())
    };
    Ok((0..population.len()).filter_map(move |i| {
        let (b, r) = (baseline.run.keys[i], reform.run.keys[i]);
        if !listed(baseline, b) && !listed(reform, r) {
            return None;
        }
        Some([
            population.row(i).to_string(),
            Attribute::REGION.name_of(regions[i]).to_owned(),
            Attribute::SEX.name_of(sexes[i]).to_owned(),
            ages[i].to_string(),
            verdict(baseline, b),
            baseline.paid(b).to_string(),
            verdict(reform, r),
            reform.paid(r).to_string(),
        ])
    }))
}
