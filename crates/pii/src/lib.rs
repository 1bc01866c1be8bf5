//! Personal data in appeal texts: found, masked and pseudonymised.
//!
//! [`find`] returns the personal data in a text as [`Finding`]s — byte spans (always on
//! `char` boundaries), sorted by position and never overlapping — each with a [`PiiKind`] and
//! a confidence in `0.0..=1.0`. [`mask`] replaces each span with a typed placeholder such as
//! `[IIN]`; [`Pseudonymiser`] replaces it with a keyed token, either reversibly (with a
//! [`Vault`]) or irreversibly.
//!
//! The crate is pure: no I/O, no clock, no global state beyond patterns compiled once.
//!
//! # Detectors
//!
//! | kind | how |
//! |---|---|
//! | IIN / BIN | 12 digits, together or in groups (`900315 300123`, `900-315-300-123`), that `sheshim_domain::Iin::parse` (preferred) or `Bin::parse` accepts; next to `ИИН`/`ЖСН`/`IIN`/`БИН`/`БСН`/`BIN` any 12 digits, with confidence 0.8 if the checksum fails |
//! | phone | `+7`/`8`/`7` and ten digits with spaces, dashes, dots, parentheses, validated by `Phone::parse`; also `7xx xxx xx xx` mobile numbers without prefix |
//! | e-mail | a pattern validated by `Email::parse` |
//! | IBAN | `KZ` + 2 check digits + 16 alphanumerics (optionally in groups of 4), mod-97 |
//! | card | 13–19 digits, contiguous or in card-like groups, Luhn-valid, known scheme prefix |
//! | ID document | passport `N` + 8 digits; ID-card 9 digits only next to a document word |
//! | vehicle plate | `123 ABC 02`, `123AB02`, region 01–20 |
//! | address | street / avenue / micro-district cues in ru/kk/en with house and flat numbers |
//! | person name | a logistic model over each capitalised word's endings, stems and neighbours and its counts in the build part of KazNERD; patronymic endings; honorifics; a name after an introduction (`меня зовут …`) even in lower case |
//! | health | a dictionary of diagnosis and health stems in ru/kk/en |
//!
//! Digits are read through a normalised view: fullwidth digits count as digits, zero-width
//! characters between them are skipped, and every span covers the number as written.
//!
//! # Overlaps
//!
//! When two candidate spans overlap, the one whose kind comes first in this priority wins,
//! and within a kind the longer one: IBAN, card, IIN, BIN, e-mail, phone, ID document,
//! vehicle plate, address, person name, health. Structured, checksum-validated kinds are the
//! most certain, so they go first; an address wins over a name because streets are often
//! named after people (`ул. Абая`).

mod health;
mod identifiers;
mod introduced;
mod mask;
mod name_features;
mod names;
mod numeric;
mod numeric_view;
mod patterns;
mod pseudo;

use std::collections::BTreeMap;

pub use mask::mask;
pub use pseudo::{PseudonymError, Pseudonymiser, Vault};

/// The kind of personal data a [`Finding`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PiiKind {
    /// Individual identification number (ИИН / ЖСН): checksum-valid, or any twelve digits
    /// next to a word meaning IIN (a mistyped number, with a lower confidence).
    Iin,
    /// Business identification number (БИН / БСН): checksum-valid, or any twelve digits
    /// next to a word meaning BIN (a mistyped number, with a lower confidence).
    Bin,
    /// A Kazakhstan telephone number.
    Phone,
    /// An e-mail address.
    Email,
    /// A Kazakhstan IBAN (`KZ..`), mod-97 valid.
    Iban,
    /// A payment card number, Luhn-valid.
    Card,
    /// An identity-document number (ID card or passport).
    IdDocument,
    /// A Kazakhstan vehicle registration plate.
    VehiclePlate,
    /// A street address (street, house, flat).
    Address,
    /// A person's name.
    PersonName,
    /// Health information (diagnoses, disability, pregnancy, hospitals).
    Health,
}

impl PiiKind {
    /// Every kind, in overlap priority order (first wins).
    pub const ALL: [PiiKind; 11] = [
        PiiKind::Iban,
        PiiKind::Card,
        PiiKind::Iin,
        PiiKind::Bin,
        PiiKind::Email,
        PiiKind::Phone,
        PiiKind::IdDocument,
        PiiKind::VehiclePlate,
        PiiKind::Address,
        PiiKind::PersonName,
        PiiKind::Health,
    ];

    /// The placeholder label used by [`mask`] and in pseudonym tokens, e.g. `IIN`, `NAME`.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            PiiKind::Iin => "IIN",
            PiiKind::Bin => "BIN",
            PiiKind::Phone => "PHONE",
            PiiKind::Email => "EMAIL",
            PiiKind::Iban => "IBAN",
            PiiKind::Card => "CARD",
            PiiKind::IdDocument => "ID_DOC",
            PiiKind::VehiclePlate => "PLATE",
            PiiKind::Address => "ADDRESS",
            PiiKind::PersonName => "NAME",
            PiiKind::Health => "HEALTH",
        }
    }

    /// Overlap priority: lower wins.
    fn priority(self) -> usize {
        Self::ALL
            .iter()
            .position(|&k| k == self)
            .unwrap_or(usize::MAX)
    }
}

/// One piece of personal data found in a text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Finding {
    /// What kind of personal data it is.
    pub kind: PiiKind,
    /// Byte offset of the first byte (a `char` boundary).
    pub start: usize,
    /// Byte offset one past the last byte (a `char` boundary).
    pub end: usize,
    /// How sure the detector is, `0.0..=1.0`.
    pub confidence: f64,
}

impl Finding {
    /// A finding; used by the detectors.
    pub(crate) fn new(kind: PiiKind, start: usize, end: usize, confidence: f64) -> Self {
        Self {
            kind,
            start,
            end,
            confidence,
        }
    }

    /// The text the finding covers (empty if the offsets do not fit `text`).
    #[must_use]
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// Finds the personal data in `text`: sorted by start, non-overlapping, on char boundaries.
#[must_use]
pub fn find(text: &str) -> Vec<Finding> {
    let mut all = Vec::new();
    numeric::find_numeric(text, &mut all);
    patterns::find_patterns(text, &mut all);
    // The words are split once: the name detector and the health dictionary both read them.
    let ws = name_features::words(text);
    names::find_names(text, &ws, &mut all);
    health::find_health(text, &ws, &mut all);
    resolve(text, all)
}

/// Keeps a non-overlapping subset by priority (then length, then position) and sorts it.
fn resolve(text: &str, mut all: Vec<Finding>) -> Vec<Finding> {
    all.retain(|f| {
        f.start < f.end && text.is_char_boundary(f.start) && text.is_char_boundary(f.end)
    });
    all.sort_by(|a, b| {
        a.kind
            .priority()
            .cmp(&b.kind.priority())
            .then((b.end - b.start).cmp(&(a.end - a.start)))
            .then(a.start.cmp(&b.start))
    });
    // Kept spans by start; they never overlap, so only the neighbours need checking.
    let mut kept: BTreeMap<usize, Finding> = BTreeMap::new();
    for f in all {
        let before_ok = kept
            .range(..f.end)
            .next_back()
            .is_none_or(|(_, k)| k.end <= f.start);
        if before_ok {
            kept.insert(f.start, f);
        }
    }
    kept.into_values().collect()
}

/// True if `c` can be part of a word (alphanumeric or `_`). ASCII, Cyrillic letters, Latin-1
/// punctuation (`«`, `»`, no-break space …), `№` and general punctuation (U+2000–U+206F) are
/// answered without the Unicode tables; the test
/// `word_chars_match_std` compares every `char` with `char::is_alphanumeric`.
pub(crate) fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' | '_' => true,
        '\0'..='\x7f'
        | '\u{80}'..='\u{a9}'
        | '\u{ab}'..='\u{b1}'
        | '\u{b4}'
        | '\u{b6}'..='\u{b8}'
        | '\u{bb}'
        | '\u{bf}'
        | '№'
        | '\u{2000}'..='\u{206f}' => false,
        '\u{400}'..='\u{481}' | '\u{48a}'..='\u{4ff}' => true,
        _ => c.is_alphanumeric(),
    }
}

/// The character just before byte offset `at`, if any.
pub(crate) fn char_before(text: &str, at: usize) -> Option<char> {
    text.get(..at).and_then(|s| s.chars().next_back())
}

/// The character starting at byte offset `at`, if any.
pub(crate) fn char_at(text: &str, at: usize) -> Option<char> {
    text.get(at..).and_then(|s| s.chars().next())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_prefers_priority_then_length() {
        let text = "0123456789abcdef";
        let out = resolve(
            text,
            vec![
                Finding::new(PiiKind::Health, 0, 10, 0.5),
                Finding::new(PiiKind::Iin, 2, 5, 1.0),
                Finding::new(PiiKind::PersonName, 6, 12, 0.5),
            ],
        );
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].kind, PiiKind::Iin);
        assert_eq!(out[1].kind, PiiKind::PersonName);
    }

    #[test]
    fn word_chars_match_std() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric() || c == '_', "{c:?}");
        }
    }

    #[test]
    fn empty_text_has_no_findings() {
        assert!(find("").is_empty());
    }
}
