//! Person names in Kazakh, Russian and English text, found by rules.
//!
//! Words are scored: a patronymic ending (`-ович`, `-овна`, `-ұлы`, `-қызы`, Latin `-ovich`,
//! `-uly` …) scores 3; a surname ending (`-ов`, `-ева`, `-ин`, `-ина` …) or a first name from
//! the dictionary scores 2; `-ский`/`-ская` scores 1, since adjectives end that way too.
//! Kazakh case suffixes (`Назарбаевтың`, `Абайға`) and Russian case endings (`Иванову`) are
//! stripped before scoring. Runs of capitalised words separated by single spaces are then
//! judged as a whole: a run containing a word of score ≥ 2, or a run next to an honorific
//! (`г-н`, `Mr`, `мырза`, `ханым`, `дәрігер` …), is a name. Words in [`NOT_NAMES`] (sentence
//! starters, places, institutions, months) never join a run.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use crate::names_dict::{FIRST_NAMES, HONORIFICS_AFTER, HONORIFICS_BEFORE, NOT_NAMES};
use crate::{Finding, PiiKind};

/// FNV-1a: a fast hasher for short dictionary words (the sets hold fixed words, so
/// hash flooding is not a concern).
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A set of dictionary words.
type WordSet = HashSet<&'static str, BuildHasherDefault<Fnv>>;

/// The dictionaries as hash sets.
struct Dicts {
    /// First names.
    first: WordSet,
    /// Capitalised non-names.
    stop: WordSet,
    /// Honorifics before a name.
    before: WordSet,
    /// Honorifics after a name.
    after: WordSet,
}

/// Built once.
static DICTS: LazyLock<Dicts> = LazyLock::new(|| Dicts {
    first: FIRST_NAMES.into_iter().collect(),
    stop: NOT_NAMES.into_iter().collect(),
    before: HONORIFICS_BEFORE.into_iter().collect(),
    after: HONORIFICS_AFTER.into_iter().collect(),
});

/// Patronymic endings (lowercase).
const PATRONYMIC: [&str; 16] = [
    "ович", "евич", "овна", "евна", "ична", "ұлы", "улы", "қызы", "кызы", "ovich", "evich", "ovna",
    "evna", "uly", "kyzy", "qyzy",
];

/// Surname endings (lowercase), strong.
const SURNAME: [&str; 14] = [
    "ов", "ев", "ёв", "ова", "ева", "ёва", "ин", "ина", "ov", "ev", "ova", "eva", "in", "ina",
];

/// Surname endings that adjectives share, weak.
const SURNAME_WEAK: [&str; 8] = [
    "ский", "ская", "цкий", "цкая", "енко", "sky", "skaya", "enko",
];

/// Kazakh case and possessive suffixes, longest first.
const KK_SUFFIXES: [&str; 37] = [
    "ның", "нің", "дың", "дің", "тың", "тің", "нда", "нде", "дан", "ден", "тан", "тен", "нан",
    "нен", "мен", "бен", "пен", "ға", "ге", "қа", "ке", "на", "не", "ны", "ні", "ды", "ді", "ты",
    "ті", "да", "де", "та", "те", "ы", "і", "а", "е",
];

/// Russian case endings.
const RU_SUFFIXES: [&str; 10] = ["ому", "ого", "ым", "ой", "ом", "ых", "ем", "у", "а", "е"];

/// One word of the text.
#[derive(Debug, Clone)]
struct Word {
    /// Byte start.
    start: usize,
    /// Byte end.
    end: usize,
    /// Capitalised (or all capitals).
    capital: bool,
    /// Lowercased.
    lower: String,
    /// Only a single space or no-break space separates it from the previous word.
    joined: bool,
    /// First word of a sentence.
    initial: bool,
}

/// A letter, with a fast path for ASCII and Cyrillic.
fn is_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || ('\u{400}'..='\u{4ff}').contains(&c) && !('\u{482}'..='\u{489}').contains(&c)
        || (!c.is_ascii() && c.is_alphabetic())
}

/// Lowercases, with a fast path for ASCII and Cyrillic (including the Kazakh letters).
fn fast_lower(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let lower = match c {
            'A'..='Z' => c.to_ascii_lowercase(),
            'А'..='Я' => char::from_u32(u32::from(c) + 32).unwrap_or(c),
            '\u{400}'..='\u{40f}' => char::from_u32(u32::from(c) + 80).unwrap_or(c),
            '\u{460}'..='\u{481}' | '\u{48a}'..='\u{4bf}' | '\u{4d0}'..='\u{4ff}'
                if u32::from(c) % 2 == 0 =>
            {
                char::from_u32(u32::from(c) + 1).unwrap_or(c)
            }
            c if c.is_ascii() || ('\u{400}'..='\u{4ff}').contains(&c) => c,
            _ => {
                out.extend(c.to_lowercase());
                continue;
            }
        };
        out.push(lower);
    }
    out
}

/// The dictionary key of a word: its lowercase form if capitalised, else the text itself.
fn key<'a>(w: &'a Word, text: &'a str) -> &'a str {
    if w.capital {
        &w.lower
    } else {
        text.get(w.start..w.end).unwrap_or("")
    }
}

/// Splits into words: letters with inner hyphens or apostrophes.
fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut gap_start = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if !is_letter(c) {
            continue;
        }
        let start = i;
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = iter.peek() {
            if is_letter(d) {
                end = j + d.len_utf8();
                iter.next();
            } else if matches!(d, '-' | '\'' | '’') {
                // Keep the joiner only if a letter follows it.
                let rest = &text[j + d.len_utf8()..];
                if rest.chars().next().is_some_and(char::is_alphabetic) {
                    iter.next();
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        let gap = &text[gap_start..start];
        let capital = c.is_uppercase();
        // Only capitalised words are lowercased (allocated); the others are looked up as
        // written, which is already lowercase for the honorifics that matter.
        let lower = if capital {
            fast_lower(&text[start..end])
        } else {
            String::new()
        };
        let initial = gap_start == 0 && gap.trim().is_empty()
            || gap.contains(['.', '!', '?', '\n', '…', ':', '"', '«']);
        out.push(Word {
            start,
            end,
            capital,
            lower,
            joined: matches!(gap, " " | "\u{a0}"),
            initial,
        });
        gap_start = end;
    }
    out
}

/// The stems of a lowercased word: itself and with one Kazakh or Russian suffix removed.
fn stems(lower: &str) -> impl Iterator<Item = &str> {
    let strip = |list: &'static [&'static str]| {
        list.iter().find_map(move |suf| {
            lower
                .strip_suffix(suf)
                .filter(|stem| stem.chars().count() >= 3)
        })
    };
    std::iter::once(lower)
        .chain(strip(&KK_SUFFIXES))
        .chain(strip(&RU_SUFFIXES))
}

/// Ends with one of `endings`, leaving at least `min_stem` characters before it.
fn ends_with_any(word: &str, endings: &[&str], min_stem: usize) -> bool {
    endings.iter().any(|e| {
        word.strip_suffix(e)
            .is_some_and(|stem| stem.chars().count() >= min_stem)
    })
}

/// The score of one capitalised word (see the module documentation).
fn score(lower: &str, dicts: &Dicts) -> u8 {
    let mut best = 0;
    for stem in stems(lower) {
        let s = if ends_with_any(stem, &PATRONYMIC, 2) {
            3
        } else if ends_with_any(stem, &SURNAME, 3)
            || dicts.first.contains(stem)
            || stem.split('-').any(|part| dicts.first.contains(part))
        {
            2
        } else if ends_with_any(stem, &SURNAME_WEAK, 2) {
            1
        } else {
            0
        };
        best = best.max(s);
    }
    best
}

/// Appends person-name candidates to `out`.
pub(crate) fn find_names(text: &str, out: &mut Vec<Finding>) {
    let dicts = &*DICTS;
    let ws = words(text);
    let is_candidate = |w: &Word| {
        w.capital
            && w.lower.chars().count() >= 2
            && !dicts.stop.contains(w.lower.as_str())
            && !dicts.before.contains(w.lower.trim_end_matches('.'))
    };
    let mut i = 0;
    while i < ws.len() {
        if !is_candidate(&ws[i]) {
            i += 1;
            continue;
        }
        // A run of capitalised candidates joined by single spaces, at most four long.
        let mut j = i;
        while j + 1 < ws.len() && j - i < 3 && ws[j + 1].joined && is_candidate(&ws[j + 1]) {
            j += 1;
        }
        let scores: Vec<u8> = ws[i..=j].iter().map(|w| score(&w.lower, dicts)).collect();
        let best = scores.iter().copied().max().unwrap_or(0);
        let honour_before = i > 0
            && ws[i].joined
            && dicts
                .before
                .contains(key(&ws[i - 1], text).trim_end_matches('.'));
        let honour_after =
            j + 1 < ws.len() && ws[j + 1].joined && dicts.after.contains(key(&ws[j + 1], text));
        let honour = honour_before || honour_after;
        let run_len = j - i + 1;
        let accept = if run_len == 1 {
            best >= 2 || honour
        } else {
            best >= 2 || honour || scores.iter().filter(|&&s| s >= 1).count() >= 2
        };
        if accept {
            let confidence = match (best, run_len) {
                (3, _) => 0.95,
                (_, 2..) if best >= 2 => 0.9,
                _ if honour => 0.75,
                _ if ws[i].initial => 0.55,
                _ => 0.65,
            };
            out.push(Finding::new(
                PiiKind::PersonName,
                ws[i].start,
                ws[j].end,
                confidence,
            ));
        }
        i = j + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        find_names(text, &mut out);
        out.iter().map(|f| &text[f.start..f.end]).collect()
    }

    #[test]
    fn finds_full_names() {
        assert_eq!(
            names("Заявитель Иванов Пётр Сергеевич просит"),
            ["Иванов Пётр Сергеевич"]
        );
        assert_eq!(
            names("Мен, Ахметова Айгүл Серікқызы, өтінемін"),
            ["Ахметова Айгүл Серікқызы"]
        );
        assert_eq!(names("Назарбаевтың сөзі"), ["Назарбаевтың"]);
        assert_eq!(names("Асқар мырза келді"), ["Асқар"]);
    }

    #[test]
    fn skips_non_names() {
        assert!(names("Уважаемый аким, прошу помочь.").is_empty());
        assert!(names("Алматы қаласы, Министерство финансов").is_empty());
    }
}
