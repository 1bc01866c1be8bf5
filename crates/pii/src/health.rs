//! Health information: a dictionary of diagnosis and health stems in ru / kk / en.
//!
//! Each entry is either a stem (`беременн` matches `беременности`, `беременная`) or a whole
//! word (`рак`, `ВИЧ` — so that `ракета` is not cancer). A match must start a word; the
//! finding covers the whole word. Matching is one Aho-Corasick pass; ASCII letters are matched
//! case-insensitively, Cyrillic entries are added in lowercase and capitalised forms.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::{Finding, PiiKind, char_at, char_before, is_word_char};

/// Stems: the word may continue after them.
const STEMS: [&str; 73] = [
    // Russian
    "диагноз",
    "инвалид",
    "беременн",
    "онколог",
    "онкобольн",
    "диабет",
    "болезн",
    "заболева",
    "больниц",
    "поликлиник",
    "госпитал",
    "стационар",
    "инсульт",
    "инфаркт",
    "туберкул",
    "гепатит",
    "психиатр",
    "психическ",
    "депресси",
    "эпилепси",
    "химиотерап",
    "опухол",
    "наркоман",
    "алкоголизм",
    "выкидыш",
    "аборт",
    "роддом",
    "родильн",
    "реанимац",
    "аллерги",
    "астма",
    "пневмони",
    "ковид",
    "коронавирус",
    "ампутац",
    "перелом",
    "аутизм",
    "слепот",
    "глухот",
    "лечени",
    "недееспособн",
    // Kazakh
    "мүгедек",
    "жүктілік",
    "аурухана",
    "ауру",
    "науқас",
    "емхана",
    "емдел",
    "обыр",
    "жарақат",
    "перзентхана",
    "босану",
    "саңырау",
    "соқыр",
    "психикалық",
    "туберкулез",
    "қант диабет",
    // English
    "diagnos",
    "disabilit",
    "disabled",
    "pregnan",
    "oncolog",
    "cancer",
    "diabet",
    "hospital",
    "illness",
    "disease",
    "tuberculosis",
    "hepatitis",
    "chemotherap",
    "miscarriage",
    "psychiatr",
    "autism",
];

/// Whole words only.
const WORDS: [&str; 12] = [
    "рак",
    "рака",
    "раком",
    "раке",
    "вич",
    "спид",
    "дцп",
    "covid",
    "hiv",
    "жүкті",
    "роды",
    "epilepsy",
];

/// The automaton and, per pattern, whether it must be a whole word.
struct Health {
    /// Leftmost-longest automaton over every form.
    ac: AhoCorasick,
    /// Indexed by pattern id: true for whole words.
    whole: Vec<bool>,
}

/// Uppercases the first character.
fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

/// Built once; `None` only if the automaton could not be built.
static HEALTH: LazyLock<Option<Health>> = LazyLock::new(|| {
    let mut patterns = Vec::new();
    let mut whole = Vec::new();
    for (list, is_whole) in [(&STEMS[..], false), (&WORDS[..], true)] {
        for p in list {
            for form in [p.to_string(), capitalise(p), p.to_uppercase()] {
                patterns.push(form);
                whole.push(is_whole);
            }
        }
    }
    // A full DFA: more memory than the default automaton, but one table step per byte,
    // which matters because every appeal is scanned.
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&patterns)
        .ok()?;
    Some(Health { ac, whole })
});

/// Appends health candidates to `out`.
pub(crate) fn find_health(text: &str, out: &mut Vec<Finding>) {
    let Some(h) = HEALTH.as_ref() else { return };
    for m in h.ac.find_iter(text) {
        if char_before(text, m.start()).is_some_and(is_word_char) {
            continue;
        }
        let whole = h.whole.get(m.pattern().as_usize()).copied().unwrap_or(true);
        let mut end = m.end();
        if whole {
            if char_at(text, end).is_some_and(is_word_char) {
                continue;
            }
        } else {
            while let Some(c) = char_at(text, end).filter(|&c| is_word_char(c)) {
                end += c.len_utf8();
            }
        }
        let confidence = if text[m.start()..m.end()].to_lowercase() == "жүкті" {
            0.6
        } else {
            0.85
        };
        out.push(Finding::new(PiiKind::Health, m.start(), end, confidence));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn health(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        find_health(text, &mut out);
        out.iter().map(|f| &text[f.start..f.end]).collect()
    }

    #[test]
    fn automaton_builds() {
        assert!(HEALTH.is_some());
    }

    #[test]
    fn stems_and_words() {
        assert_eq!(health("у меня Диабет и рак"), ["Диабет", "рак"]);
        assert!(health("ракета и экспорт").is_empty());
        assert_eq!(health("ол ауруханада жатыр"), ["ауруханада"]);
        assert_eq!(health("She is PREGNANT"), ["PREGNANT"]);
    }
}
