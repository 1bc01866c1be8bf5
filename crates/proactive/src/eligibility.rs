//! The eligibility report of a proactive run: who is eligible and for how much, by region.

use crate::error::ProactiveError;
use crate::run::{Evaluated, Population, Verdict};
use sheshim_batch::money;
use sheshim_feel::Number;
use std::fmt::Write as _;

/// Counts and money for one region (or all).
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// The region's name, or `all`.
    pub name: String,
    /// Candidates.
    pub candidates: u64,
    /// Eligible persons.
    pub eligible: u64,
    /// Persons an officer must decide on.
    pub referred: u64,
    /// The total amount for the eligible, in tenge.
    pub amount: Number,
}

/// Lines per region and the total line.
///
/// # Errors
/// When an amount for a region cannot be totalled exactly.
pub fn lines(evaluated: &Evaluated) -> Result<(Vec<Line>, Line), ProactiveError> {
    let names = sheshim_population::Attribute::REGION.codes();
    let run = &evaluated.run;
    let line = |name: &str, group: Option<usize>| -> Result<Line, ProactiveError> {
        let mut line = Line {
            name: name.to_owned(),
            candidates: 0,
            eligible: 0,
            referred: 0,
            amount: Number::zero(),
        };
        for key in 0..run.key_count as u8 {
            let count = match group {
                Some(g) => run.count(g, key),
                None => run.total(key),
            };
            line.candidates += count;
            match evaluated.outcome(key).map(|o| o.verdict) {
                Some(Verdict::Eligible) => {
                    line.eligible += count;
                    let what = || {
                        let outcome = evaluated.outcome(key).map_or("", |o| o.key.as_str());
                        format!("the amount for {name} (outcome {outcome}, {count} persons)")
                    };
                    let amount = money::product(count, evaluated.paid(key), what)?;
                    line.amount = money::sum(line.amount, amount, what)?;
                }
                Some(Verdict::Referred) => line.referred += count,
                _ => {}
            }
        }
        Ok(line)
    };
    let regions = names
        .iter()
        .enumerate()
        .map(|(g, name)| line(name, Some(g)))
        .collect::<Result<_, _>>()?;
    Ok((regions, line("all", None)?))
}

/// The report as text: parameters, outcomes, regions, totals.
///
/// # Errors
/// When an amount cannot be totalled exactly.
pub fn render(
    service: &str,
    as_of: chrono::NaiveDate,
    population: &Population<'_>,
    people: usize,
    evaluated: &Evaluated,
) -> Result<String, ProactiveError> {
    let mut out = String::new();
    let (regions, total) = lines(evaluated)?;
    let _ = writeln!(
        out,
        "service={service} as_of={as_of} people={people} candidates={}",
        population.len()
    );
    for (name, value) in &evaluated.parameters {
        let _ = writeln!(out, "parameter {name} = {value}");
    }
    if let Some(reason) = evaluated.strategy.row_by_row_reason() {
        let _ = writeln!(out, "decided person by person (not in batch: {reason})");
    }
    let _ = writeln!(out, "outcomes:");
    for (key, outcome) in evaluated.outcomes.iter().enumerate() {
        let Some(outcome) = outcome else { continue };
        let _ = writeln!(
            out,
            "  {:<18} persons={:<10} verdict={:<12} amount={}",
            outcome.key,
            evaluated.run.total(key as u8),
            outcome.verdict.code().to_owned(),
            outcome.amount.map_or("-".to_owned(), |a| a.to_string()),
        );
    }
    let region = sheshim_population::Attribute::REGION.name();
    let _ = writeln!(out, "by {region}:");
    let _ = writeln!(
        out,
        "  {:<28} {:>11} {:>10} {:>9} {:>20}",
        region, "candidates", "eligible", "referred", "amount_kzt"
    );
    for line in regions.iter().chain(std::iter::once(&total)) {
        let _ = writeln!(
            out,
            "  {:<28} {:>11} {:>10} {:>9} {:>20}",
            line.name, line.candidates, line.eligible, line.referred, line.amount
        );
    }
    let _ = writeln!(
        out,
        "eligible={} referred={} total_amount={}",
        total.eligible, total.referred, total.amount
    );
    Ok(out)
}
