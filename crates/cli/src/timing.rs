//! Medians for the `bench` commands: every benchmark reports the median of its runs,
//! because these machines are shared and single runs are noisy.

use std::time::Instant;

/// The median of `values` (the upper one of an even count); `values` must not be empty.
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Median seconds of `runs` (at least one) timed calls of `pass`.
pub fn median_seconds(
    runs: usize,
    mut pass: impl FnMut() -> anyhow::Result<()>,
) -> anyhow::Result<f64> {
    let mut times = Vec::with_capacity(runs.max(1));
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        pass()?;
        times.push(started.elapsed().as_secs_f64());
    }
    Ok(median(times))
}
