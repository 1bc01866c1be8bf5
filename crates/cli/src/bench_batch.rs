//! `sheshim bench batch`: the shared decision-speed workload over a whole population in
//! columns (`shared/bench/README.md`), evaluated by the batch evaluator.
//!
//! The population is generated as the workload says, straight into integer columns, before
//! timing starts. Each timed run evaluates every person and counts them per outcome; the
//! median run is reported, on all cores and on one.

use crate::args::BatchBenchArgs;
use crate::timing::median_seconds;
use anyhow::Context as _;
use sheshim_batch::{BatchPlan, ColumnKind, field_of};
use sheshim_feel::{Context, Value};
use std::process::ExitCode;

/// The workload's inputs for `n` people, as columns in the order Age, Income, Household
/// size, Resident.
fn columns(n: usize) -> [Vec<i64>; 4] {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut columns: [Vec<i64>; 4] = std::array::from_fn(|_| Vec::with_capacity(n));
    for _ in 0..n {
        columns[0].push((next() % 90) as i64);
        columns[1].push((next() % 3000) as i64);
        columns[2].push((next() % 6 + 1) as i64);
        columns[3].push(i64::from(!next().is_multiple_of(10)));
    }
    columns
}

/// Runs the workload and prints the totals and the speeds.
pub fn run(args: &BatchBenchArgs) -> anyhow::Result<ExitCode> {
    let models = crate::read::model_file(&args.model)?;
    let signature = [
        ("Age", ColumnKind::Integer),
        ("Income", ColumnKind::Integer),
        ("Household size", ColumnKind::Integer),
        ("Resident", ColumnKind::Boolean),
    ];
    let plan = BatchPlan::compile(&models, None, &args.decision, &signature, &Context::new())?;
    let data = columns(args.n);
    let cells: Vec<&[i64]> = data.iter().map(Vec::as_slice).collect();

    let run = plan.run(&cells, None, &|_| {})?;
    let eligible = run.count_where(None, |o| {
        matches!(field_of(o, "eligible"), Some(Value::Boolean(true)))
    });
    println!(
        "eligible={eligible} total_amount={}",
        run.sum_field(None, "amount")?
    );

    let threads = rayon::current_num_threads();
    let all = median_seconds(args.runs, || {
        std::hint::black_box(plan.run(&cells, None, &|_| {})?);
        Ok(())
    })?;
    let one_core = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .context("cannot start a one-thread pool")?;
    let one = median_seconds(args.runs, || {
        one_core.install(|| -> anyhow::Result<()> {
            std::hint::black_box(plan.run(&cells, None, &|_| {})?);
            Ok(())
        })
    })?;
    let n = args.n as f64;
    println!(
        "threads={threads} seconds={all:.3} persons_per_second={:.0}",
        n / all
    );
    println!(
        "one_thread_seconds={one:.3} persons_per_second_per_core={:.0}",
        n / one
    );
    Ok(ExitCode::SUCCESS)
}
