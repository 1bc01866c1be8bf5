//! Proactive runs and what-if simulations of one service over the registry.

use crate::error::ProactiveError;
use crate::spec::ProactiveSpec;
use chrono::NaiveDate;
use sheshim_batch::{BatchRun, ColumnKind, Decision, Evaluation, Groups, NULL, Strategy, field_of};
use sheshim_feel::{Context, Number, Value};
use sheshim_population::{Attribute, CellKind, Registry};
use sheshim_services::Service;
use std::borrow::Cow;

// The registry's cells go to the batch evaluator as they are read: both must mean the same
// number by "missing".
const _: () = assert!(sheshim_population::NULL_CELL == NULL);

/// How the batch evaluator reads an attribute's cells.
pub fn column_kind(attribute: Attribute) -> ColumnKind {
    match attribute.kind() {
        CellKind::Integer => ColumnKind::Integer,
        CellKind::Boolean => ColumnKind::Boolean,
        CellKind::Code(names) => ColumnKind::Text(names.iter().map(|n| (*n).to_owned()).collect()),
    }
}

/// What an outcome means for the person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Eligible, for the outcome's amount.
    Eligible,
    /// Not eligible.
    NotEligible,
    /// The rules do not decide (`eligible` is null): an officer must.
    Referred,
}

impl Verdict {
    /// A stable lower-case code: `eligible`, `not_eligible`, `referred`.
    pub fn code(self) -> &'static str {
        match self {
            Verdict::Eligible => "eligible",
            Verdict::NotEligible => "not_eligible",
            Verdict::Referred => "referred",
        }
    }
}

/// One distinct outcome of a run.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// What selected it (`rule 3`, `no rule`, …).
    pub key: String,
    /// The verdict.
    pub verdict: Verdict,
    /// The amount, when the outcome has one.
    pub amount: Option<Number>,
    /// The decision's whole result.
    pub value: Value,
}

/// An attribute the registry was asked to read.
fn read(registry: &Registry, attribute: Attribute) -> Result<&[i64], ProactiveError> {
    registry.cells(attribute).ok_or_else(|| {
        ProactiveError::Inconsistent(format!("column {:?} was not read", attribute.name()))
    })
}

/// The candidates of a run and their input columns, gathered once.
pub struct Population<'r> {
    registry: &'r Registry,
    /// Candidate rows, or `None` when everyone is a candidate.
    rows: Option<Vec<usize>>,
    /// `(decision input, kind, cells)` for the candidates.
    inputs: Vec<(String, ColumnKind, Cow<'r, [i64]>)>,
}

impl<'r> Population<'r> {
    /// The candidates of `spec` in `registry`, with the columns its inputs read.
    pub fn gather(
        registry: &'r Registry,
        spec: &ProactiveSpec,
    ) -> Result<Population<'r>, ProactiveError> {
        let rows: Option<Vec<usize>> = if spec.candidates.is_empty() {
            None
        } else {
            let bounds = spec
                .candidates
                .iter()
                .map(|b| {
                    read(registry, b.attribute).map(|cells| {
                        (
                            cells,
                            b.min.unwrap_or(i64::MIN + 1),
                            b.max.unwrap_or(i64::MAX),
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            Some(
                (0..registry.people())
                    .filter(|&row| {
                        bounds.iter().all(|(cells, min, max)| {
                            let cell = cells[row];
                            cell != NULL && (*min..=*max).contains(&cell)
                        })
                    })
                    .collect(),
            )
        };
        let mut population = Population {
            registry,
            rows,
            inputs: Vec::new(),
        };
        let inputs = spec
            .inputs
            .iter()
            .map(|(input, &attribute)| {
                Ok((
                    input.clone(),
                    column_kind(attribute),
                    population.column(attribute)?,
                ))
            })
            .collect::<Result<Vec<_>, ProactiveError>>()?;
        population.inputs = inputs;
        Ok(population)
    }

    /// The number of candidates.
    pub fn len(&self) -> usize {
        self.rows.as_ref().map_or(self.registry.people(), Vec::len)
    }

    /// Whether there are no candidates.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The registry row of candidate `i`.
    pub fn row(&self, i: usize) -> usize {
        self.rows.as_ref().map_or(i, |rows| rows[i])
    }

    /// An attribute's cells over the candidates.
    pub fn column(&self, attribute: Attribute) -> Result<Cow<'r, [i64]>, ProactiveError> {
        let cells = read(self.registry, attribute)?;
        Ok(match &self.rows {
            None => Cow::Borrowed(cells),
            Some(rows) => Cow::Owned(rows.iter().map(|&r| cells[r]).collect()),
        })
    }

    fn cells(&self) -> Vec<&[i64]> {
        self.inputs.iter().map(|(_, _, c)| c.as_ref()).collect()
    }

    fn signature(&self) -> Vec<(&str, ColumnKind)> {
        self.inputs
            .iter()
            .map(|(n, k, _)| (n.as_str(), k.clone()))
            .collect()
    }
}

/// A service's decision run over the candidates.
pub struct Evaluated {
    /// How it was decided: compiled or person by person (and how to trace a single person).
    pub strategy: Strategy,
    /// The run: keys and counts per region.
    pub run: BatchRun,
    /// Each key's outcome, when some candidate has it.
    pub outcomes: Vec<Option<Outcome>>,
    /// The parameters in force, by name.
    pub parameters: Vec<(String, Value)>,
}

/// Evaluates `service` for every candidate on `as_of`, counting per region.
pub fn evaluate(
    service: &Service,
    spec: &ProactiveSpec,
    population: &Population<'_>,
    as_of: NaiveDate,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Evaluated, ProactiveError> {
    let constants = service.parameters_as_of(as_of)?;
    let signature = population.signature();
    let regions = population.column(Attribute::REGION)?;
    let groups = Groups {
        codes: &regions,
        count: Attribute::REGION.codes().len(),
    };
    let cells = population.cells();
    let decision = Decision {
        models: service.models()?,
        model: None,
        decision: service
            .decision()
            .ok_or_else(|| sheshim_services::ServiceError::NotDecided(service.code.clone()))?,
        columns: &signature,
        constants: &constants,
    };
    let Evaluation { strategy, run } =
        sheshim_batch::evaluate(decision, &cells, Some(groups), progress)?;
    let outcomes = (0..run.key_count as u8)
        .map(|key| {
            run.outcome(key)
                .map(|value| outcome(spec, strategy.key_name(key), value))
                .transpose()
        })
        .collect::<Result<_, _>>()?;
    let parameters = context_pairs(&constants);
    Ok(Evaluated {
        strategy,
        run,
        outcomes,
        parameters,
    })
}

/// What an outcome of the decision means for the person. An eligible outcome must have an
/// amount: one whose amount is null (a computation that overflowed, say) is an error, never
/// a payment of 0.
fn outcome(spec: &ProactiveSpec, key: String, value: &Value) -> Result<Outcome, ProactiveError> {
    let verdict = match field_of(value, &spec.outcome.eligible) {
        Some(Value::Boolean(true)) => Verdict::Eligible,
        Some(Value::Boolean(false)) => Verdict::NotEligible,
        _ => Verdict::Referred,
    };
    let amount = match field_of(value, &spec.outcome.amount) {
        Some(Value::Number(n)) => Some(*n),
        _ => None,
    };
    if verdict == Verdict::Eligible && amount.is_none() {
        return Err(ProactiveError::Evaluation(format!(
            "outcome {key} is eligible but its {:?} is not a number (null: a computation out of range?); it cannot be paid or counted as 0",
            spec.outcome.amount
        )));
    }
    Ok(Outcome {
        key,
        verdict,
        amount,
        value: value.clone(),
    })
}

/// A context's entries as `(name, value)`.
fn context_pairs(context: &Context) -> Vec<(String, Value)> {
    context
        .entries()
        .iter()
        .map(|(name, value)| (name.to_string(), value.clone()))
        .collect()
}

impl Evaluated {
    /// The outcome of a key, if any candidate has it.
    pub fn outcome(&self, key: u8) -> Option<&Outcome> {
        self.outcomes.get(usize::from(key)).and_then(Option::as_ref)
    }

    /// What a person with `key` receives: the amount when eligible (every eligible outcome
    /// has one, see [`evaluate`]), else zero.
    pub fn paid(&self, key: u8) -> Number {
        match self.outcome(key) {
            Some(Outcome {
                verdict: Verdict::Eligible,
                amount: Some(amount),
                ..
            }) => *amount,
            _ => Number::zero(),
        }
    }

    /// The trace of candidate `i`, by the row evaluator.
    pub fn trace(
        &self,
        population: &Population<'_>,
        i: usize,
    ) -> Result<(Value, sheshim_dmn::Trace), ProactiveError> {
        Ok(self.strategy.evaluate_row(&population.cells(), i)?)
    }
}
