//! IIN and BIN: twelve digits, written together or in groups.
//!
//! A run of twelve digits is reported when `sheshim_domain::Iin::parse` (preferred) or
//! `Bin::parse` accepts it. People also write the number in groups (`900315 300123`,
//! `900-315-300-123`, `90 03 15 30 01 23`, `900.315.300.123`); such a chain of groups is
//! reported when it passes the same checks, has no group shorter than two digits, does not
//! mix dots with other separators (as dates with a time do), and is not part of a longer chain
//! of numbers (a list of sums).
//!
//! Next to a word meaning IIN or BIN (`ИИН`, `ЖСН`, `IIN`, `БИН`, `БСН`, `BIN`, also
//! `ИИН:`, `ИИН №`, `ЖСН-ім`, `my IIN is`) any twelve digits are reported, in any grouping,
//! even when the check digit is wrong: people mistype their number, and it is still theirs.
//! Such a finding gets a lower confidence and the kind the word names.

use crate::numeric::{Group, ascii_bounded, classify_twelve};
use crate::{Finding, PiiKind};

/// Confidence of a checksum-valid number written as one run.
const WHOLE: f64 = 0.99;
/// Confidence of a checksum-valid number written in groups.
const GROUPED: f64 = 0.97;
/// Confidence of a number that fails its checksum but follows a word meaning IIN or BIN.
const MISTYPED: f64 = 0.8;

/// How two groups of digits are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gap {
    /// A space, a no-break space, a dash, or a dash between spaces.
    SpaceOrDash,
    /// A dot.
    Dot,
}

/// The gap between two groups, if it joins them into one number.
fn gap_kind(between: &str) -> Option<Gap> {
    match between {
        " " | "\u{a0}" | "-" | " - " => Some(Gap::SpaceOrDash),
        "." => Some(Gap::Dot),
        _ => None,
    }
}

/// Appends IIN and BIN findings over the digit groups of `text` (the numeric view).
pub(crate) fn iin_bin(text: &str, groups: &[Group], out: &mut Vec<Finding>) {
    let gap = |a: usize, b: usize| text.get(groups[a].end..groups[b].start).and_then(gap_kind);
    let mut i = 0;
    while i < groups.len() {
        // The chain of joined groups from i that holds exactly twelve digits, if any.
        let mut j = i;
        let mut total = groups[i].len();
        while total < 12 && j + 1 < groups.len() && gap(j, j + 1).is_some() {
            j += 1;
            total += groups[j].len();
        }
        let (start, end) = (groups[i].start, groups[j].end);
        if total != 12 || !ascii_bounded(text, start, end) {
            i += 1;
            continue;
        }
        let digits: String = groups[i..=j]
            .iter()
            .filter_map(|g| text.get(g.start..g.end))
            .collect();
        let valid = classify_twelve(&digits);
        let finding = if i == j {
            valid
                .map(|kind| (kind, WHOLE))
                .or_else(|| word_before(text, start).map(|kind| (kind, MISTYPED)))
        } else {
            let gaps: Vec<Gap> = (i..j).filter_map(|k| gap(k, k + 1)).collect();
            let inside_longer = (i > 0 && gap(i - 1, i).is_some())
                || (j + 1 < groups.len() && gap(j, j + 1).is_some());
            let tidy = groups[i..=j].iter().all(|g| g.len() >= 2)
                && (gaps.iter().all(|&g| g == Gap::Dot) || !gaps.contains(&Gap::Dot));
            match (valid, word_before(text, start)) {
                _ if inside_longer => None,
                (Some(kind), _) if tidy => Some((kind, GROUPED)),
                (Some(kind), Some(_)) => Some((kind, GROUPED)),
                (None, Some(kind)) => Some((kind, MISTYPED)),
                _ => None,
            }
        };
        match finding {
            Some((kind, confidence)) => {
                out.push(Finding::new(kind, start, end, confidence));
                i = j + 1;
            }
            None => i += 1,
        }
    }
}

/// Words that may stand between the IIN word and the number (`ИИН номер …`, `IIN is …`).
const CONNECTORS: [&str; 9] = [
    "is",
    "no",
    "nr",
    "number",
    "номер",
    "нөмір",
    "нөмірі",
    "мой",
    "моего",
];

/// Characters that may stand between the IIN word and the number.
fn is_connector_char(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{a0}' | ':' | '№' | '#' | '=' | '-' | '–' | '—' | '(' | '"' | '«' | '»' | '\t'
    )
}

/// The kind named by a word meaning IIN or BIN that ends just before `at`, skipping
/// punctuation and a few connecting words.
fn word_before(text: &str, at: usize) -> Option<PiiKind> {
    let mut rest = text.get(..at)?;
    for _ in 0..3 {
        rest = rest.trim_end_matches(is_connector_char);
        let word_start = rest
            .char_indices()
            .rev()
            .take_while(|&(_, c)| c.is_alphabetic() || c == '-')
            .last()
            .map_or(rest.len(), |(i, _)| i);
        let word = rest.get(word_start..)?;
        if let Some(kind) = iin_word(word) {
            return Some(kind);
        }
        if !CONNECTORS.contains(&word.to_lowercase().as_str()) {
            return None;
        }
        rest = rest.get(..word_start)?;
    }
    None
}

/// The kind a word names if it means IIN or BIN: the abbreviation itself, in any case, or
/// in capitals with a short case or possessive ending (`ИИНом`, `ЖСН-ім`).
fn iin_word(word: &str) -> Option<PiiKind> {
    let word = word.trim_start_matches('-');
    let (head, ending) = word.split_once('-').unwrap_or((word, ""));
    let kind_of = |root: &str| match root {
        "иин" | "жсн" | "iin" => Some(PiiKind::Iin),
        "бин" | "бсн" | "bin" => Some(PiiKind::Bin),
        _ => None,
    };
    if ending.chars().count() > 4 {
        return None;
    }
    if let Some(kind) = kind_of(&head.to_lowercase()) {
        return Some(kind);
    }
    // `ИИНом`: the root in capitals, then a lower-case ending of at most four letters.
    let root: String = head.chars().take(3).collect();
    let tail = &head[root.len()..];
    let capitals = root.chars().all(char::is_uppercase);
    let short_lower_tail = tail.chars().count() <= 4 && tail.chars().all(char::is_lowercase);
    if capitals && short_lower_tail {
        kind_of(&root.to_lowercase())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iin_words() {
        assert_eq!(iin_word("ИИН"), Some(PiiKind::Iin));
        assert_eq!(iin_word("иин"), Some(PiiKind::Iin));
        assert_eq!(iin_word("ЖСН-ім"), Some(PiiKind::Iin));
        assert_eq!(iin_word("ИИНом"), Some(PiiKind::Iin));
        assert_eq!(iin_word("БСН"), Some(PiiKind::Bin));
        assert_eq!(iin_word("бином"), None);
        assert_eq!(iin_word("комбинат"), None);
    }

    #[test]
    fn words_before_a_number() {
        let text = "my IIN is 1";
        assert_eq!(word_before(text, text.len() - 1), Some(PiiKind::Iin));
        let text = "ИИН № 1";
        assert_eq!(word_before(text, text.len() - 1), Some(PiiKind::Iin));
        let text = "договор 1";
        assert_eq!(word_before(text, text.len() - 1), None);
    }
}
