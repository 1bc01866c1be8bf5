//! Detectors built on runs of ASCII digits: IIN/BIN, payment cards, phones, ID-card numbers
//! and passports.
//!
//! The detectors read the text through a [`NumericView`], in which fullwidth digits and
//! signs have their ASCII forms and zero-width characters are gone; their findings are mapped
//! back to the original text. The view is scanned once for maximal runs of ASCII digits
//! ("groups"). ASCII digits are one byte each, so every offset derived from them is a `char`
//! boundary of the view.

use sheshim_domain::{Bin, Iin, Phone};

use crate::numeric_view::NumericView;
use crate::{Finding, PiiKind, char_at, char_before, identifiers, is_word_char};

/// A maximal run of ASCII digits, as byte offsets.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Group {
    /// First byte.
    pub(crate) start: usize,
    /// One past the last byte.
    pub(crate) end: usize,
}

impl Group {
    /// Number of digits.
    pub(crate) fn len(self) -> usize {
        self.end - self.start
    }
}

/// Runs every digit-based detector and appends candidates to `out`.
pub(crate) fn find_numeric(text: &str, out: &mut Vec<Finding>) {
    // Every detector here needs a digit, and the view's digits are the text's ASCII and
    // fullwidth digits (U+FF10–U+FF19, encoded EF BC 90–99): a text without any is passed
    // before the view is built.
    let has_digit = text.bytes().any(|b| b.is_ascii_digit())
        || text
            .as_bytes()
            .windows(3)
            .any(|w| matches!(w, [0xef, 0xbc, 0x90..=0x99]));
    if !has_digit {
        return;
    }
    let view = NumericView::new(text);
    let normal = view.as_str();
    let groups = digit_groups(normal);
    if groups.is_empty() {
        return;
    }
    let first = out.len();
    identifiers::iin_bin(normal, &groups, out);
    cards(normal, &groups, out);
    phones(normal, &groups, out);
    id_cards(normal, &groups, out);
    passports(normal, &groups, out);
    for finding in &mut out[first..] {
        finding.start = view.original(finding.start);
        finding.end = view.original(finding.end);
    }
}

/// All maximal runs of ASCII digits.
fn digit_groups(text: &str) -> Vec<Group> {
    let bytes = text.as_bytes();
    let mut groups = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            groups.push(Group { start, end: i });
        } else {
            i += 1;
        }
    }
    groups
}

/// The kind a 12-digit string is, if any: IIN when it parses as one, else BIN.
pub(crate) fn classify_twelve(digits: &str) -> Option<PiiKind> {
    if Iin::parse(digits).is_ok() {
        Some(PiiKind::Iin)
    } else if Bin::parse(digits).is_ok() {
        Some(PiiKind::Bin)
    } else {
        None
    }
}

/// True if no ASCII letter or digit is glued to the span (so a digit run inside an
/// account number such as `KZ12…AB` is not read as a card or an IIN).
pub(crate) fn ascii_bounded(text: &str, start: usize, end: usize) -> bool {
    let glued = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    !glued(char_before(text, start)) && !glued(char_at(text, end))
}

/// Separator between card digit groups: a single space, no-break space or dash.
fn card_separator(between: &str) -> bool {
    matches!(between, " " | "\u{a0}" | "-")
}

/// Luhn check over ASCII digits.
pub(crate) fn luhn_valid(digits: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, &b) in digits.iter().rev().enumerate() {
        let mut d = u32::from(b.wrapping_sub(b'0'));
        if d > 9 {
            return false;
        }
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum.is_multiple_of(10)
}

/// True if the digits start with the prefix of a card scheme in use in Kazakhstan: Visa 4,
/// Mastercard 51–55 and 2221–2720, Mir 2200–2204, Amex 34/37, Diners 30/36/38, JCB 35,
/// Maestro/UnionPay/Discover 50 and 56–69.
pub(crate) fn card_prefix_ok(digits: &[u8]) -> bool {
    let num = |n: usize| -> u32 {
        digits
            .iter()
            .take(n)
            .fold(0u32, |acc, &b| acc * 10 + u32::from(b.wrapping_sub(b'0')))
    };
    let two = num(2);
    let four = num(4);
    match digits.first() {
        Some(b'4') => true,
        Some(b'5') => two == 50 || (51..=59).contains(&two),
        Some(b'6') => true,
        Some(b'3') => matches!(two, 30 | 34 | 35 | 36 | 37 | 38),
        Some(b'2') => (2200..=2204).contains(&four) || (2221..=2720).contains(&four),
        _ => false,
    }
}

/// True if the group lengths look like a card written in groups: one run of 13–19, or
/// groups of four with a shorter last group, or Amex 4-6-5.
fn card_layout_ok(lens: &[usize]) -> bool {
    let total: usize = lens.iter().sum();
    if !(13..=19).contains(&total) {
        return false;
    }
    match lens {
        [_] => true,
        [4, 6, 5] => true,
        [init @ .., last] => init.iter().all(|&l| l == 4) && (1..=4).contains(last),
        [] => false,
    }
}

/// Payment cards: chains of digit groups joined by single separators.
fn cards(text: &str, groups: &[Group], out: &mut Vec<Finding>) {
    let mut i = 0;
    while i < groups.len() {
        // The chain of groups starting at i joined by single separators.
        let mut j = i;
        while j + 1 < groups.len()
            && text
                .get(groups[j].end..groups[j + 1].start)
                .is_some_and(card_separator)
        {
            j += 1;
        }
        let mut found_end = None;
        for end in (i..=j).rev() {
            let lens: Vec<usize> = groups[i..=end].iter().map(|g| g.len()).collect();
            if !card_layout_ok(&lens) {
                continue;
            }
            let digits: Vec<u8> = groups[i..=end]
                .iter()
                .flat_map(|g| text.as_bytes()[g.start..g.end].iter().copied())
                .collect();
            if ascii_bounded(text, groups[i].start, groups[end].end)
                && card_prefix_ok(&digits)
                && luhn_valid(&digits)
            {
                out.push(Finding::new(
                    PiiKind::Card,
                    groups[i].start,
                    groups[end].end,
                    0.95,
                ));
                found_end = Some(end);
                break;
            }
        }
        i = found_end.map_or(i + 1, |e| e + 1);
    }
}

/// Phone separators accepted between digits (the same set `Phone::parse` accepts).
fn phone_separator(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '-' | '.' | '(' | ')')
}

/// Walks from `from` collecting exactly `want` digits with at most two separator characters
/// in a row; returns the end offset, requiring that no digit follows.
fn collect_digits(text: &str, from: usize, want: usize) -> Option<usize> {
    let mut count = 0;
    let mut seps = 0;
    let mut end = from;
    for (off, c) in text.get(from..)?.char_indices() {
        if c.is_ascii_digit() {
            count += 1;
            seps = 0;
            end = from + off + 1;
            if count == want {
                break;
            }
        } else if phone_separator(c) && count > 0 {
            seps += 1;
            if seps > 2 {
                return None;
            }
        } else if phone_separator(c) && c == '(' && count == 0 {
            seps += 1;
        } else {
            return None;
        }
    }
    if count != want || char_at(text, end).is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    Some(end)
}

/// Phones: `+7`, `8` or `7` followed by ten digits, or a 10-digit mobile number written with
/// a separate three-digit operator code (`701 234 56 78`, `(701) 2345678`).
///
/// A number can only start at the start of a digit group (a digit glued to the one before is
/// refused), at a `(` just before one (`(701) …`), or at a `+` before one, possibly with
/// opening parentheses between (`+(7 …`). Only those places are tried, in order; after a
/// number the next one may start where it ends.
fn phones(text: &str, groups: &[Group], out: &mut Vec<Finding>) {
    let bytes = text.as_bytes();
    let mut next = 0;
    let mut candidates = Vec::new();
    for g in groups {
        candidates.clear();
        // The `(` and `+` before the group, nearest last.
        let mut at = g.start;
        while at > 0 && bytes[at - 1] == b'(' {
            at -= 1;
        }
        if at > 0 && bytes[at - 1] == b'+' {
            candidates.push(at - 1);
        }
        if g.start > 0 && bytes[g.start - 1] == b'(' {
            candidates.push(g.start - 1);
        }
        candidates.push(g.start);
        for &i in &candidates {
            if i < next {
                continue;
            }
            if let Some((end, confidence)) = phone_at(text, i) {
                out.push(Finding::new(PiiKind::Phone, i, end, confidence));
                next = end;
            }
        }
    }
}

/// The phone number starting at byte offset `i`, if any: its end and confidence.
fn phone_at(text: &str, i: usize) -> Option<(usize, f64)> {
    let b = text.as_bytes()[i];
    // The byte is checked first: looking at the character before costs more.
    if !matches!(b, b'+' | b'7' | b'8' | b'(')
        || char_before(text, i).is_some_and(|c| c.is_ascii_alphanumeric() || c == '+')
    {
        return None;
    }
    let full = if b == b'(' { None } else { full_phone(text, i) };
    if let Some(end) = full {
        return Some((end, 0.95));
    }
    short_mobile(text, i).map(|end| (end, 0.7))
}

/// A full number with its `+7`/`8`/`7` prefix starting at `i`.
fn full_phone(text: &str, i: usize) -> Option<usize> {
    let end = collect_digits(text, i + usize::from(text.as_bytes()[i] == b'+'), 11)?;
    let candidate = text.get(i..end)?;
    Phone::parse(candidate).ok()?;
    Some(end)
}

/// A 10-digit mobile number without prefix: `7xx` operator code as its own group.
fn short_mobile(text: &str, i: usize) -> Option<usize> {
    let open = text.as_bytes()[i] == b'(';
    let code_start = i + usize::from(open);
    let code = text.get(code_start..code_start + 3)?;
    let mobile = matches!(
        code,
        "700"
            | "701"
            | "702"
            | "705"
            | "707"
            | "708"
            | "747"
            | "771"
            | "775"
            | "776"
            | "777"
            | "778"
    );
    let after = char_at(text, code_start + 3)?;
    if !mobile || after.is_ascii_digit() || (open && after != ')') {
        return None;
    }
    let end = collect_digits(text, i, 10)?;
    let candidate = format!("8{}", text.get(i..end)?);
    Phone::parse(&candidate).ok()?;
    Some(end)
}

/// Words that, shortly before a 9-digit number, mark it as an identity-document number.
const ID_CONTEXT: [&str; 12] = [
    "удостоверен",
    "уд.л",
    "уд. л",
    "куәлі",
    "куали",
    "жеке басты",
    "id card",
    "id-card",
    "identity card",
    "паспорт",
    "passport",
    "құжат",
];

/// ID-card numbers: exact 9-digit runs preceded (within 60 bytes) by a document word.
fn id_cards(text: &str, groups: &[Group], out: &mut Vec<Finding>) {
    for g in groups.iter().filter(|g| g.len() == 9) {
        let mut from = g.start.saturating_sub(60);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let window = text.get(from..g.start).unwrap_or("").to_lowercase();
        if ID_CONTEXT.iter().any(|w| window.contains(w)) || window.contains("документ") {
            out.push(Finding::new(PiiKind::IdDocument, g.start, g.end, 0.8));
        }
    }
}

/// Passports: Latin `N` (or Cyrillic `Н`) directly followed by an exact 8-digit run.
fn passports(text: &str, groups: &[Group], out: &mut Vec<Finding>) {
    for g in groups.iter().filter(|g| g.len() == 8) {
        let (letter_len, confidence) = match char_before(text, g.start) {
            Some('N') => (1, 0.9),
            Some('Н') => (2, 0.7),
            _ => continue,
        };
        let start = g.start - letter_len;
        if char_before(text, start).is_some_and(is_word_char)
            || char_at(text, g.end).is_some_and(is_word_char)
        {
            continue;
        }
        out.push(Finding::new(PiiKind::IdDocument, start, g.end, confidence));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_known_values() {
        assert!(luhn_valid(b"4111111111111111"));
        assert!(!luhn_valid(b"4111111111111112"));
        assert!(luhn_valid(b"378282246310005"));
    }

    #[test]
    fn layouts() {
        assert!(card_layout_ok(&[16]));
        assert!(card_layout_ok(&[4, 4, 4, 4]));
        assert!(card_layout_ok(&[4, 6, 5]));
        assert!(!card_layout_ok(&[3, 3, 2, 2]));
        assert!(!card_layout_ok(&[12]));
    }

    #[test]
    fn phone_spellings() {
        for s in [
            "+7 701 234 56 78",
            "8 (701) 234-56-78",
            "87012345678",
            "701 234 56 78",
        ] {
            let mut out = Vec::new();
            phones(s, &digit_groups(s), &mut out);
            assert_eq!(out.len(), 1, "{s}");
            assert_eq!(out[0].end, s.len(), "{s}");
        }
    }
}
