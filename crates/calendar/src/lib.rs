//! Kazakhstan's working-day calendar as versioned data, and the APPC clocks
//! computed on it.
//!
//! The crate is pure: the year files in `data/` are embedded at compile time,
//! nothing reads the clock (today's date is always an argument), and no input
//! makes it panic.  Dates outside the covered years are refused with
//! [`CalendarError::OutOfRange`] rather than guessed.
//!
//! - [`Calendar`] answers what kind of day a date is and counts working days.
//! - [`appc`] holds the Administrative Procedural Code deadlines.
//! - [`local_date`] turns a UTC instant into the Kazakhstan date.
//! - [`data`] describes the year files, with a source and a verified flag for
//!   every item.

pub mod appc;
mod calendar;
pub mod data;
mod error;
pub mod holidays;
mod time;

pub use calendar::{Calendar, DayKind};
pub use error::{CalendarError, ClockError};
pub use time::{
    OFFSET_HOURS, OFFSET_HOURS_BEFORE_2024_03_01, local_date, offset_hours, single_zone_since,
};
