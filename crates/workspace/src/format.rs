//! Dates and times as each language writes them, in Kazakhstan's time.
//!
//! Kazakh and Russian write dates as `06.12.2026`; English as `6 Dec 2026`, so that a reader
//! never has to guess whether 06/12 is June or December. Times are Kazakhstan local time (see
//! `sheshim_calendar::time`), with the offset named once, in the page footer.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use sheshim_domain::Language;

/// A date as `language` writes it.
pub fn date(language: Language, date: NaiveDate) -> String {
    match language {
        Language::En => date.format("%-d %b %Y").to_string(),
        _ => date.format("%d.%m.%Y").to_string(),
    }
}

/// An instant as a Kazakhstan local date and time, e.g. `06.12.2026 14:05`.
pub fn date_time(language: Language, instant: DateTime<Utc>) -> String {
    let hours = sheshim_calendar::offset_hours(instant);
    let local = instant
        .checked_add_signed(TimeDelta::hours(hours))
        .unwrap_or(instant)
        .naive_utc();
    format!("{} {}", date(language, local.date()), local.format("%H:%M"))
}

/// A date for an `<input type="date">` value.
pub fn iso_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn dates_follow_the_language() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 6).expect("a date");
        assert_eq!(date(Language::Kk, day), "06.12.2026");
        assert_eq!(date(Language::Ru, day), "06.12.2026");
        assert_eq!(date(Language::En, day), "6 Dec 2026");
    }

    #[test]
    fn times_are_kazakhstan_time() {
        let evening = Utc
            .with_ymd_and_hms(2026, 12, 6, 20, 30, 0)
            .single()
            .expect("an instant");
        // 20:30 UTC is 01:30 the next day at UTC+5.
        assert_eq!(date_time(Language::Ru, evening), "07.12.2026 01:30");
        let before_the_switch = Utc
            .with_ymd_and_hms(2024, 1, 10, 12, 0, 0)
            .single()
            .expect("an instant");
        assert_eq!(
            date_time(Language::En, before_the_switch),
            "10 Jan 2024 18:00"
        );
    }
}
