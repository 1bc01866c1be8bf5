//! `sheshim bench decide`: the shared decision-speed workload (`shared/bench/README.md`).
//!
//! Inputs are generated exactly as the workload says (xorshift64 from 0x9E3779B97F4A7C15,
//! four draws per person) before timing starts, so input construction is not measured. Each
//! timed run evaluates every person once; the median run is reported, per decision.

use crate::args::DecideBenchArgs;
use anyhow::bail;
use sheshim_feel::{Context, Env, Number, Value};
use std::process::ExitCode;
use std::sync::Arc;

/// The workload's random number generator.
struct XorShift64(u64);

impl XorShift64 {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
}

/// The inputs of `n` people, in the workload's order.
fn people(n: usize) -> Vec<Context> {
    let mut random = XorShift64(0x9E37_79B9_7F4A_7C15);
    let number = |n: u64| Value::Number(Number::from_i64(n as i64));
    (0..n)
        .map(|_| {
            let mut person = Context::new();
            person.insert(Arc::from("Age"), number(random.next() % 90));
            person.insert(Arc::from("Income"), number(random.next() % 3000));
            person.insert(Arc::from("Household size"), number(random.next() % 6 + 1));
            person.insert(
                Arc::from("Resident"),
                Value::Boolean(!random.next().is_multiple_of(10)),
            );
            person
        })
        .collect()
}

/// Runs the workload and prints the totals and the median time per decision. A decision
/// that compiles ([`ModelSet::plan`]) is timed compiled, with its inputs put in slots before
/// timing; any other is timed through the interpreter.
pub fn run(args: &DecideBenchArgs) -> anyhow::Result<ExitCode> {
    let models = crate::read::model_file(&args.model)?;
    let people = people(args.n);
    let env = Env::default();
    let plan = models.plan(None, &args.decision)?;

    // Totals, from one untimed pass through the interpreter.
    let (mut eligible, mut total) = (0u64, Number::zero());
    for person in &people {
        let result = models.evaluate_decision(None, &args.decision, person, &env)?;
        let Value::Context(outcome) = result else {
            bail!("decision {} did not give a context", args.decision);
        };
        if matches!(outcome.get("eligible"), Some(Value::Boolean(true))) {
            eligible += 1;
        }
        if let Some(Value::Number(amount)) = outcome.get("amount") {
            total = sheshim_batch::money::sum(total, *amount, || "the total amount".to_owned())?;
        }
    }
    println!("eligible={eligible} total_amount={total}");

    let (off, on) = match &plan {
        Some(plan) => {
            let names = plan.input_names();
            let slots: Vec<Vec<Value>> = people
                .iter()
                .map(|person| {
                    names
                        .iter()
                        .map(|n| person.get(n).cloned().unwrap_or(Value::Null))
                        .collect()
                })
                .collect();
            let off = median_ns(args.runs, slots.len(), || {
                for inputs in &slots {
                    std::hint::black_box(plan.evaluate(inputs));
                }
                Ok(())
            })?;
            let on = median_ns(args.runs, slots.len(), || {
                for inputs in &slots {
                    std::hint::black_box(plan.evaluate_traced(inputs));
                }
                Ok(())
            })?;
            (off, on)
        }
        None => {
            let off = median_ns(args.runs, people.len(), || {
                for person in &people {
                    let result = models.evaluate_decision(None, &args.decision, person, &env)?;
                    std::hint::black_box(result);
                }
                Ok(())
            })?;
            let on = median_ns(args.runs, people.len(), || {
                for person in &people {
                    let traced =
                        models.evaluate_decision_traced(None, &args.decision, person, &env)?;
                    std::hint::black_box(traced);
                }
                Ok(())
            })?;
            (off, on)
        }
    };
    println!("trace=off ns_per_decision={off:.1}");
    println!("trace=on ns_per_decision={on:.1}");
    Ok(ExitCode::SUCCESS)
}

/// Times `runs` passes over `people` decisions and returns the median time per decision.
fn median_ns(
    runs: usize,
    people: usize,
    pass: impl FnMut() -> anyhow::Result<()>,
) -> anyhow::Result<f64> {
    Ok(crate::timing::median_seconds(runs, pass)? * 1e9 / people.max(1) as f64)
}
