//! `sheshim deadline DATE N`: the Nth working day after a date, on Kazakhstan's calendar.

use crate::args::DeadlineArgs;
use anyhow::Context;
use sheshim_calendar::Calendar;
use std::process::ExitCode;

/// Prints the date as `YYYY-MM-DD` on its own line.
pub fn run(args: &DeadlineArgs) -> anyhow::Result<ExitCode> {
    let date = Calendar::kazakhstan()
        .add_working_days(args.date, args.working_days)
        .context("cannot count working days")?;
    println!("{}", date.format("%Y-%m-%d"));
    Ok(ExitCode::SUCCESS)
}
