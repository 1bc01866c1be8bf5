//! The what-if report as text: totals, breakdowns, and example persons with both traces.

use crate::error::ProactiveError;
use crate::run::{Evaluated, Population};
use crate::simulate::{Change, Comparison, Simulation};
use sheshim_dmn::Trace;
use std::fmt::Write as _;

/// What the report is about.
pub struct Heading<'a> {
    /// The service code.
    pub service: &'a str,
    /// The reform file, as given.
    pub reform: &'a str,
    /// The as-of date.
    pub as_of: chrono::NaiveDate,
    /// Persons in the registry.
    pub people: usize,
}

fn comparison_line(out: &mut String, c: &Comparison) {
    let _ = writeln!(
        out,
        "  {:<28} {:>10} {:>9} {:>9} {:>10} {:>20} {:>20} {:>18}",
        c.name, c.persons, c.gainers, c.losers, c.unchanged, c.baseline, c.reform, c.difference
    );
}

/// The rules a trace's tables selected, with their legal basis.
fn explain(out: &mut String, label: &str, trace: &Trace) {
    for decision in &trace.decisions {
        for table in &decision.tables {
            for rule in &table.selected {
                let basis: Vec<&str> = rule
                    .annotations
                    .iter()
                    .map(|(_, text)| text.as_str())
                    .collect();
                let _ = writeln!(
                    out,
                    "      {label}: {} rule {} — {}",
                    decision.name,
                    rule.number,
                    if basis.is_empty() {
                        "(no annotation)".to_owned()
                    } else {
                        basis.join("; ")
                    }
                );
            }
            if table.selected.is_empty() {
                let _ = writeln!(out, "      {label}: {} — no rule selected", decision.name);
            }
        }
    }
}

/// Renders the simulation.
pub fn render(
    heading: &Heading<'_>,
    population: &Population<'_>,
    baseline: &Evaluated,
    reform: &Evaluated,
    simulation: &Simulation,
) -> Result<String, ProactiveError> {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "service={} reform={} as_of={} people={} candidates={}",
        heading.service,
        heading.reform,
        heading.as_of,
        heading.people,
        population.len()
    );
    for (label, evaluated) in [("in force", baseline), ("reform", reform)] {
        for (name, value) in &evaluated.parameters {
            let _ = writeln!(out, "parameter ({label}) {name} = {value}");
        }
    }
    let total = simulation.total()?;
    let _ = writeln!(
        out,
        "gainers={} losers={} unchanged={} cost_in_force={} cost_reform={} cost_difference={}",
        total.gainers,
        total.losers,
        total.unchanged,
        total.baseline,
        total.reform,
        total.difference
    );
    for (name, lines) in simulation.breakdowns()? {
        let _ = writeln!(out, "by {name}:");
        let _ = writeln!(
            out,
            "  {:<28} {:>10} {:>9} {:>9} {:>10} {:>20} {:>20} {:>18}",
            name,
            "persons",
            "gainers",
            "losers",
            "unchanged",
            "in_force_kzt",
            "reform_kzt",
            "difference_kzt"
        );
        for line in &lines {
            comparison_line(&mut out, line);
        }
    }
    let _ = writeln!(
        out,
        "examples (person_id, then why, under each set of rules):"
    );
    for &(i, change) in &simulation.examples {
        let (b, r) = (baseline.run.keys[i], reform.run.keys[i]);
        let (paid_before, paid_after) = simulation.paid(b, r);
        let change = match change {
            Change::Gain => "gains",
            Change::Loss => "loses",
            Change::Same => "unchanged",
        };
        let _ = writeln!(
            out,
            "  person {} {change}: {paid_before} → {paid_after}",
            population.row(i)
        );
        explain(&mut out, "in force", &baseline.trace(population, i)?.1);
        explain(&mut out, "reform  ", &reform.trace(population, i)?.1);
    }
    Ok(out)
}
