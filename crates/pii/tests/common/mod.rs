//! Shared helpers for the integration tests: a deterministic generator of synthetic
//! identifiers and a per-kind precision/recall scorer. Everything here is synthetic.

#![allow(dead_code, missing_docs)]

use std::collections::BTreeMap;

use sheshim_domain::{Bin, Iin, with_check_digit};
use sheshim_pii::{PiiKind, find};

/// A small deterministic pseudo-random generator (xorshift), so the test set is stable.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// A valid IIN.
pub fn iin(rng: &mut Rng) -> String {
    loop {
        let yy = rng.below(100);
        let mm = 1 + rng.below(12);
        let dd = 1 + rng.below(28);
        let c = 3 + rng.below(4);
        let prefix = format!("{yy:02}{mm:02}{dd:02}{c}{}", rng.digits(4));
        if let Some(s) = with_check_digit(&prefix)
            && Iin::parse(&s).is_ok()
        {
            return s;
        }
    }
}

/// A valid BIN.
pub fn bin(rng: &mut Rng) -> String {
    loop {
        let yy = rng.below(100);
        let mm = 1 + rng.below(12);
        let t = 4 + rng.below(3);
        let u = rng.below(3);
        let prefix = format!("{yy:02}{mm:02}{t}{u}{}", rng.digits(5));
        if let Some(s) = with_check_digit(&prefix)
            && Bin::parse(&s).is_ok()
            && Iin::parse(&s).is_err()
        {
            return s;
        }
    }
}

/// Twelve digits that are neither an IIN nor a BIN (a valid one with its check digit changed).
pub fn bad_twelve(rng: &mut Rng) -> String {
    loop {
        let base = if rng.below(2) == 0 {
            iin(rng)
        } else {
            bin(rng)
        };
        let last = base.as_bytes()[11] - b'0';
        let wrong = format!("{}{}", &base[..11], (last + 1 + rng.below(9) as u8) % 10);
        if Iin::parse(&wrong).is_err() && Bin::parse(&wrong).is_err() {
            return wrong;
        }
    }
}

/// mod-97 remainder of a numeric-or-letter string (letters as 10..35).
fn mod97(s: &str) -> u32 {
    s.chars().fold(0, |rem, c| {
        let v = c.to_digit(36).unwrap_or(0);
        if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        }
    })
}

/// A valid Kazakhstan IBAN, compact: KZ, check digits, 3-digit bank, 13 alphanumerics.
pub fn iban(rng: &mut Rng) -> String {
    const ALNUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut bban = rng.digits(3);
    for _ in 0..13 {
        let c = if rng.below(3) == 0 {
            ALNUM[rng.below(36) as usize]
        } else {
            b'0' + rng.below(10) as u8
        };
        bban.push(char::from(c));
    }
    let check = 98 - mod97(&format!("{bban}KZ00"));
    format!("KZ{check:02}{bban}")
}

/// Spaces an IBAN in groups of four.
pub fn grouped(s: &str) -> String {
    s.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Luhn check digit for a digit string.
pub fn luhn_digit(body: &str) -> u8 {
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// A valid card number (compact) of a real scheme.
pub fn card(rng: &mut Rng) -> String {
    let (prefix, len) = match rng.below(7) {
        0 => ("4".to_string(), 16),
        1 => (format!("5{}", 1 + rng.below(5)), 16),
        2 => (format!("{}", 2221 + rng.below(500)), 16),
        3 => (format!("220{}", rng.below(5)), 16),
        4 => (if rng.below(2) == 0 { "34" } else { "37" }.to_string(), 15),
        5 => ("62".to_string(), 16),
        _ => ("4".to_string(), 13 + 6 * rng.below(2) as usize),
    };
    let body = format!("{prefix}{}", rng.digits(len - 1 - prefix.len()));
    format!("{body}{}", luhn_digit(&body))
}

/// A card number whose Luhn check fails.
pub fn bad_card(rng: &mut Rng) -> String {
    let good = card(rng);
    let last = good.as_bytes()[good.len() - 1] - b'0';
    format!(
        "{}{}",
        &good[..good.len() - 1],
        (last + 1 + rng.below(9) as u8) % 10
    )
}

/// One labelled test case: a text and the expected (kind, substring) spans.
pub struct Case {
    pub text: String,
    pub expected: Vec<(PiiKind, String)>,
}

impl Case {
    pub fn new(text: impl Into<String>, expected: &[(PiiKind, &str)]) -> Self {
        Self {
            text: text.into(),
            expected: expected
                .iter()
                .map(|(k, s)| (*k, (*s).to_string()))
                .collect(),
        }
    }
}

/// True-positive, false-positive and false-negative counts per kind.
#[derive(Default, Debug, Clone, Copy)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    pub fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
}

/// Scores every case: an expected span is found if a finding of its kind overlaps it; a
/// finding overlapping no expected span of its kind is a false positive.
pub fn score(cases: &[Case], verbose: bool) -> BTreeMap<PiiKind, Counts> {
    let mut counts: BTreeMap<PiiKind, Counts> = BTreeMap::new();
    for case in cases {
        let findings = find(&case.text);
        let spans: Vec<(PiiKind, usize, usize)> = case
            .expected
            .iter()
            .map(|(k, s)| {
                let start = case
                    .text
                    .find(s.as_str())
                    .unwrap_or_else(|| panic!("{s} not in {}", case.text));
                (*k, start, start + s.len())
            })
            .collect();
        for &(k, s, e) in &spans {
            let hit = findings
                .iter()
                .any(|f| f.kind == k && f.start < e && s < f.end);
            let c = counts.entry(k).or_default();
            if hit {
                c.tp += 1;
            } else {
                c.fn_ += 1;
                if verbose {
                    eprintln!("MISSED {k:?} {:?} in {:?}", &case.text[s..e], case.text);
                }
            }
        }
        for f in &findings {
            let ok = spans
                .iter()
                .any(|&(k, s, e)| f.kind == k && f.start < e && s < f.end);
            if !ok {
                counts.entry(f.kind).or_default().fp += 1;
                if verbose {
                    eprintln!(
                        "FALSE {:?} {:?} in {:?}",
                        f.kind,
                        &case.text[f.start..f.end],
                        case.text
                    );
                }
            }
        }
    }
    counts
}

/// Prints a table of precision and recall per kind.
pub fn print(title: &str, counts: &BTreeMap<PiiKind, Counts>) {
    eprintln!("== {title}");
    for (k, c) in counts {
        eprintln!(
            "{:<13} tp {:>4} fp {:>3} fn {:>3}  precision {:.3}  recall {:.3}",
            format!("{k:?}"),
            c.tp,
            c.fp,
            c.fn_,
            c.precision(),
            c.recall()
        );
    }
}
