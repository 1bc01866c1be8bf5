//! Regular-expression detectors: e-mail, IBAN, vehicle plates and street addresses.
//!
//! Every pattern is compiled once ([`LazyLock`]). A pattern that failed to compile yields
//! `None` and its detector finds nothing rather than panicking; the test
//! `all_patterns_compile` proves that never happens. Patterns avoid `\b`, whose Unicode form
//! would push the regex engine off its fast path on Cyrillic text; word boundaries are checked
//! by hand instead.

use std::sync::LazyLock;

use regex::Regex;
use sheshim_domain::Email;

use crate::{Finding, PiiKind, char_at, char_before, is_word_char};

/// E-mail candidates (validated afterwards by `Email::parse`).
static EMAIL: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+").ok());

/// Kazakhstan IBAN candidates: KZ, two check digits, 16 alphanumerics, optional group spaces.
static IBAN: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?:KZ|kz|Kz)[0-9]{2}(?:[ \u{a0}]?[0-9A-Za-z]{4}){4}").ok());

/// Plates: three digits, two or three Latin (or look-alike Cyrillic) capitals, region 01–20.
static PLATE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"[0-9]{3}[ \u{a0}]?[A-ZАВЕКМНОРСТХУ]{2,3}[ \u{a0}]?(?:0[1-9]|1[0-9]|20)").ok()
});

/// Street addresses in ru / kk / en.
static ADDRESS: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(&address_pattern()).ok());

/// Builds the address pattern from its parts.
fn address_pattern() -> String {
    // A capitalised name of one or two words, possibly quoted, or a number (мкр 5).
    let name = r"(?:[«“]?\p{Lu}\p{L}*(?:-(?:\p{L}+|[0-9]+))*(?:[ \u{a0}]\p{Lu}\p{L}*(?:-\p{L}+)*)?[»”]?|[0-9]+)";
    let house = r"(?:,?[ \u{a0}]*(?:(?:д\.|дом|үй)[ \u{a0}]*№?[ \u{a0}]*)?[0-9]+(?:[/\-][0-9]+)?[а-яa-zА-Я]?(?:[ \u{a0}]*-?[ \u{a0}]*үй(?:де)?)?)";
    let flat_ru = r"(?:,?[ \u{a0}]*(?i:кв\.?|квартира)[ \u{a0}]*№?[ \u{a0}]*[0-9]+)";
    let flat_kk = r"(?:,?[ \u{a0}]*(?:[0-9]+[ \u{a0}]*-?[ \u{a0}]*пәтер[\p{L}]*|пәтер[ \u{a0}]*№?[ \u{a0}]*[0-9]+))";
    let flat = format!("(?:{flat_ru}|{flat_kk})");
    let ru_cue = r"(?i:ул\.|ул[ \u{a0}]|улиц[аеыу]|пр\.|пр-т\.?|проспект[а-я]*|мкр\.?|микрорайон[а-я]*|бульвар[а-я]*|б-р|пер\.|переул[а-я]*|шоссе)";
    let kk_cue = r"(?:көшесі[\p{L}]*|даңғылы[\p{L}]*|шағын[ \u{a0}]аудан[\p{L}]*|ықшам[ \u{a0}]?аудан[\p{L}]*)";
    let en_cue = r"(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Boulevard|Blvd\.|Lane)";
    let en_flat = r"(?:,?[ \u{a0}]*(?i:apt\.?|apartment|flat)[ \u{a0}]*[0-9]+)";
    let ru = format!(r"{ru_cue}[ \u{{a0}}]*{name}{house}?{flat}?");
    let kk = format!(r"{name}[ \u{{a0}}]+{kk_cue}{house}?{flat}?");
    let en = format!(
        r"(?:[0-9]+[A-Za-z]?[ \u{{a0}}]+)?\p{{Lu}}[\p{{L}}\-]*(?:[ \u{{a0}}]\p{{Lu}}[\p{{L}}\-]*)?[ \u{{a0}}]+{en_cue}(?:,?[ \u{{a0}}]*[0-9]+)?{en_flat}?"
    );
    let house_flat = format!(r"(?i:д\.|дом)[ \u{{a0}}]*№?[ \u{{a0}}]*[0-9]+[а-я]?{flat}");
    let flat_alone = format!(r"(?i:кв\.|квартира)[ \u{{a0}}]*№?[ \u{{a0}}]*[0-9]+|{flat_kk}");
    let kk_house = r"[0-9]+[ \u{a0}]*-[ \u{a0}]*үй(?:де|ге|ден)?(?:,?[ \u{a0}]*[0-9]+[ \u{a0}]*-?[ \u{a0}]*пәтер[\p{L}]*)?";
    format!("{ru}|{kk}|{en}|{house_flat}|{flat_alone}|{kk_house}")
}

/// Runs every pattern detector and appends candidates to `out`.
pub(crate) fn find_patterns(text: &str, out: &mut Vec<Finding>) {
    if text.contains('@') {
        emails(text, out);
    }
    ibans(text, out);
    plates(text, out);
    addresses(text, out);
}

/// True if the span has no word character glued to either side.
fn bounded(text: &str, start: usize, end: usize) -> bool {
    !char_before(text, start).is_some_and(is_word_char)
        && !char_at(text, end).is_some_and(is_word_char)
}

/// E-mail addresses accepted by `Email::parse`.
fn emails(text: &str, out: &mut Vec<Finding>) {
    let Some(re) = EMAIL.as_ref() else { return };
    for m in re.find_iter(text) {
        let s = m.as_str().trim_end_matches(['.', '-']);
        if Email::parse(s).is_ok() {
            out.push(Finding::new(
                PiiKind::Email,
                m.start(),
                m.start() + s.len(),
                0.97,
            ));
        }
    }
}

/// ISO 13616 mod-97 check of an IBAN without spaces.
pub(crate) fn iban_valid(compact: &str) -> bool {
    if compact.len() < 5 || !compact.is_ascii() {
        return false;
    }
    let (head, tail) = compact.split_at(4);
    // ISO 7064 check digits are 02..=98; 00, 01 and 99 are never issued.
    if !matches!(
        head.get(2..4).and_then(|d| d.parse::<u8>().ok()),
        Some(2..=98)
    ) {
        return false;
    }
    let mut rem: u32 = 0;
    for c in tail.chars().chain(head.chars()) {
        let Some(v) = c.to_digit(36) else {
            return false;
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

/// Kazakhstan IBANs that pass mod-97.
fn ibans(text: &str, out: &mut Vec<Finding>) {
    let Some(re) = IBAN.as_ref() else { return };
    for m in re.find_iter(text) {
        if !bounded(text, m.start(), m.end()) {
            continue;
        }
        let compact: String = m
            .as_str()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if compact.len() == 20 && iban_valid(&compact) {
            out.push(Finding::new(PiiKind::Iban, m.start(), m.end(), 0.99));
        }
    }
}

/// Letter codes that follow amounts and are not plates (currencies, units).
const NOT_PLATE_LETTERS: [&str; 8] = ["KZT", "USD", "EUR", "RUB", "KGS", "CNY", "GBP", "MRP"];

/// Kazakhstan vehicle plates (format since 2012).
fn plates(text: &str, out: &mut Vec<Finding>) {
    let Some(re) = PLATE.as_ref() else { return };
    for m in re.find_iter(text) {
        if !bounded(text, m.start(), m.end()) {
            continue;
        }
        let letters: String = m.as_str().chars().filter(|c| c.is_alphabetic()).collect();
        if NOT_PLATE_LETTERS.contains(&letters.as_str()) {
            continue;
        }
        out.push(Finding::new(
            PiiKind::VehiclePlate,
            m.start(),
            m.end(),
            0.85,
        ));
    }
}

/// Street addresses.
fn addresses(text: &str, out: &mut Vec<Finding>) {
    let Some(re) = ADDRESS.as_ref() else { return };
    for m in re.find_iter(text) {
        if char_before(text, m.start()).is_some_and(is_word_char) {
            continue;
        }
        let span = m.as_str().trim_end_matches([' ', '\u{a0}', ',']);
        // A bare cue with a short name and no number is still an address ("ул. Абая").
        out.push(Finding::new(
            PiiKind::Address,
            m.start(),
            m.start() + span.len(),
            if span.chars().any(|c| c.is_ascii_digit()) {
                0.85
            } else {
                0.7
            },
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_patterns_compile() {
        assert!(EMAIL.is_some());
        assert!(IBAN.is_some());
        assert!(PLATE.is_some());
        assert!(
            ADDRESS.is_some(),
            "{:?}",
            Regex::new(&address_pattern()).err()
        );
    }

    #[test]
    fn iban_check() {
        // The example IBAN of the Kazakhstan national bank format.
        assert!(iban_valid("KZ86125KZT5004100100"));
        assert!(!iban_valid("KZ87125KZT5004100100"));
    }

    #[test]
    fn addresses_in_three_languages() {
        for s in [
            "ул. Абая, д. 15, кв. 3",
            "Абай даңғылы, 150-үй, 25-пәтер",
            "12 Baker Street, apt 4",
            "мкр. Самал-2, д. 5",
        ] {
            let mut out = Vec::new();
            addresses(s, &mut out);
            assert_eq!(out.len(), 1, "{s}: {out:?}");
            assert_eq!(out[0].end, s.len(), "{s}");
        }
    }
}
