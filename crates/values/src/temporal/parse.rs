//! Reading the ISO 8601 texts of dates, times, zones and durations.

use super::{DaysTime, YearsMonths};
use super::{NANOS_PER_SEC, Zone, split_year};
use chrono::{NaiveDate, NaiveTime};

pub(super) struct Cursor<'a> {
    b: &'a [u8],
    pub(super) i: usize,
}

impl<'a> Cursor<'a> {
    pub(super) fn new(s: &'a str) -> Cursor<'a> {
        Cursor {
            b: s.as_bytes(),
            i: 0,
        }
    }
    pub(super) fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    pub(super) fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    pub(super) fn digits(&mut self) -> &'a [u8] {
        let s = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        &self.b[s..self.i]
    }
    pub(super) fn fixed(&mut self, n: usize) -> Option<u32> {
        let d = self.digits();
        if d.len() != n {
            return None;
        }
        num(d).and_then(|v| u32::try_from(v).ok())
    }
    pub(super) fn rest(&self) -> &'a [u8] {
        &self.b[self.i..]
    }
    pub(super) fn done(&self) -> bool {
        self.i == self.b.len()
    }
}

pub(super) fn num(d: &[u8]) -> Option<i64> {
    if d.is_empty() || d.len() > 18 {
        return None;
    }
    let mut v: i64 = 0;
    for c in d {
        v = v * 10 + i64::from(c - b'0');
    }
    Some(v)
}

/// Parses `[-]YYYY-MM-DD` (at least four year digits, no leading zero beyond four).
pub(super) fn parse_date_part(c: &mut Cursor<'_>) -> Option<(NaiveDate, i32)> {
    let neg = c.eat(b'-');
    let y = c.digits();
    if y.len() < 4 || (y.len() > 4 && y[0] == b'0') || y.len() > 9 {
        return None;
    }
    let year = num(y)?;
    let year = if neg { -year } else { year };
    if !c.eat(b'-') {
        return None;
    }
    let m = c.fixed(2)?;
    if !c.eat(b'-') {
        return None;
    }
    let d = c.fixed(2)?;
    let (cycles, year) = split_year(year)?;
    Some((NaiveDate::from_ymd_opt(year, m, d)?, cycles))
}

/// Parses `HH:MM:SS[.fffffffff]`; `24:00:00` gives `(00:00:00, true)`.
pub(super) fn parse_time_part(c: &mut Cursor<'_>, allow_24: bool) -> Option<(NaiveTime, bool)> {
    let h = c.fixed(2)?;
    if !c.eat(b':') {
        return None;
    }
    let m = c.fixed(2)?;
    if !c.eat(b':') {
        return None;
    }
    let s = c.fixed(2)?;
    let mut nanos = 0u32;
    if c.eat(b'.') {
        let f = c.digits();
        if f.len() > 9 {
            // Keep nanoseconds, drop the rest.
            nanos = u32::try_from(num(&f[..9])?).ok()?;
        } else if !f.is_empty() {
            let v = u32::try_from(num(f)?).ok()?;
            nanos = v * 10u32.pow(9 - f.len() as u32);
        } else {
            return None;
        }
    }
    if h == 24 && m == 0 && s == 0 && nanos == 0 && allow_24 {
        return Some((NaiveTime::MIN, true));
    }
    if s >= 60 {
        return None;
    }
    NaiveTime::from_hms_nano_opt(h, m, s, nanos).map(|t| (t, false))
}

/// Parses what may follow a time: nothing, `Z`, `±HH:MM[:SS]`, or `@Zone/Name`.
pub(super) fn parse_zone_part(c: &mut Cursor<'_>) -> Option<Option<Zone>> {
    match c.peek() {
        None => Some(None),
        Some(b'Z') | Some(b'z') => {
            c.i += 1;
            Some(Some(Zone::Offset(0)))
        }
        Some(sign @ (b'+' | b'-')) => {
            c.i += 1;
            let h = c.fixed(2)?;
            if !c.eat(b':') {
                return None;
            }
            let m = c.fixed(2)?;
            let mut s = 0;
            if c.eat(b':') {
                s = c.fixed(2)?;
            }
            if h > 18 || m > 59 || s > 59 {
                return None;
            }
            let total = i32::try_from(h * 3600 + m * 60 + s).ok()?;
            if total > 18 * 3600 {
                return None;
            }
            Some(Some(Zone::Offset(if sign == b'-' {
                -total
            } else {
                total
            })))
        }
        Some(b'@') => {
            c.i += 1;
            let name = std::str::from_utf8(c.rest()).ok()?;
            c.i = c.b.len();
            Zone::parse_name(name).map(Some)
        }
        _ => None,
    }
}

// ---------------------------------------------------------------- durations

/// The components of an ISO 8601 duration as parsed.
pub(super) struct DurationParts {
    pub(super) negative: bool,
    pub(super) years: Option<i128>,
    pub(super) months: Option<i128>,
    pub(super) days: Option<i128>,
    pub(super) hours: Option<i128>,
    pub(super) minutes: Option<i128>,
    /// nanoseconds
    pub(super) seconds: Option<i128>,
}

pub(super) fn parse_duration_parts(text: &str) -> Option<DurationParts> {
    let mut c = Cursor::new(text);
    let negative = c.eat(b'-');
    if !c.eat(b'P') {
        return None;
    }
    let mut p = DurationParts {
        negative,
        years: None,
        months: None,
        days: None,
        hours: None,
        minutes: None,
        seconds: None,
    };
    let mut any = false;
    // Date part: Y, M, D in order.
    let mut stage = 0;
    while !c.done() && c.peek() != Some(b'T') {
        let d = c.digits();
        let v = i128::from(num(d)?);
        let unit = c.peek()?;
        c.i += 1;
        let st = match unit {
            b'Y' => 1,
            b'M' => 2,
            b'D' => 3,
            _ => return None,
        };
        if st <= stage {
            return None;
        }
        stage = st;
        match unit {
            b'Y' => p.years = Some(v),
            b'M' => p.months = Some(v),
            _ => p.days = Some(v),
        }
        any = true;
    }
    if c.eat(b'T') {
        let mut stage = 0;
        let mut any_t = false;
        while !c.done() {
            let d = c.digits();
            if d.is_empty() {
                return None;
            }
            let v = i128::from(num(d)?);
            if c.eat(b'.') {
                let f = c.digits();
                if !c.eat(b'S') || stage >= 3 {
                    return None;
                }
                let f = if f.len() > 9 { &f[..9] } else { f };
                let frac = if f.is_empty() {
                    0
                } else {
                    i128::from(num(f)?) * 10i128.pow(9 - f.len() as u32)
                };
                p.seconds = Some(v * NANOS_PER_SEC + frac);
                stage = 3;
                any_t = true;
                continue;
            }
            let unit = c.peek()?;
            c.i += 1;
            let st = match unit {
                b'H' => 1,
                b'M' => 2,
                b'S' => 3,
                _ => return None,
            };
            if st <= stage {
                return None;
            }
            stage = st;
            match unit {
                b'H' => p.hours = Some(v),
                b'M' => p.minutes = Some(v),
                _ => p.seconds = Some(v * NANOS_PER_SEC),
            }
            any_t = true;
        }
        if !any_t {
            return None;
        }
        any = true;
    }
    (any && c.done()).then_some(p)
}

/// Parses any ISO 8601 duration FEEL accepts: years-and-months or days-and-time (not mixed).
pub(crate) enum AnyDuration {
    YearsMonths(YearsMonths),
    DaysTime(DaysTime),
}

pub(crate) fn parse_duration(text: &str) -> Option<AnyDuration> {
    if let Some(ym) = YearsMonths::parse(text) {
        return Some(AnyDuration::YearsMonths(ym));
    }
    DaysTime::parse(text).map(AnyDuration::DaysTime)
}
