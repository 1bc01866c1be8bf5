//! Health information: a dictionary of diagnosis and health stems in ru / kk / en.
//!
//! Each entry is either a stem (`беременн` matches `беременности`, `беременная`) or a whole
//! word (`рак`, `ВИЧ` — so that `ракета` is not cancer). A match must start a word; the
//! finding covers the whole word. ASCII letters are matched case-insensitively, Cyrillic
//! entries are added in lowercase, capitalised and upper-case forms.
//!
//! The findings are defined by one leftmost-longest Aho-Corasick pass over the text that
//! keeps the matches not preceded by a word character. Because every entry but `қант диабет`
//! is made of letters only, a match that starts inside a run of word characters (and is
//! dropped) ends inside that run too, so it never hides a match at the start of a later
//! run; and a match at the start of a run is the longest entry found there. The kept findings
//! are therefore exactly the longest entries at the starts of runs of word characters, and
//! [`find_health`] looks only there: at the starts of the words the name detector has split
//! anyway, and after their inner hyphens and apostrophes. A table of the first four bytes of
//! every entry passes over most words without starting the automaton. Only when a word
//! could be the second half of a multi-word entry (`диабет` after a space), which a dropped
//! match could hide, is the whole text scanned as before.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, Match, MatchKind, StartKind};

use crate::name_features::{Word, joiner_at};
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
    /// Leftmost-longest automaton over every form, for unanchored and anchored searches.
    ac: AhoCorasick,
    /// Indexed by pattern id: true for whole words.
    whole: Vec<bool>,
    /// A bit for the [`first_bytes`] key of every form of [`KEY_LEN`] bytes or more, and of
    /// every part of a multi-word form that follows a space: a position whose key has no bit
    /// set starts none of them.
    first: Box<[u64; FIRST_WORDS]>,
    /// The forms shorter than [`KEY_LEN`] bytes (`hiv`, `covid`), ASCII-lowercased and
    /// without repeats; checked one by one.
    short: Vec<Vec<u8>>,
    /// The parts of multi-word forms that follow a space (`диабет` of `қант диабет`).
    tails: Vec<Vec<u8>>,
}

/// The size of [`Health::first`] in 64-bit words (16,384 bits).
const FIRST_WORDS: usize = 256;

/// How many bytes of a form [`Health::first`] knows: three Cyrillic letters, which pass
/// far fewer words than two would (`по`, `за`, `пе` begin many words that are not health).
const KEY_LEN: usize = 6;

/// The first [`KEY_LEN`] bytes of `bytes` from `at` (zeros past the end), ASCII-lowercased as
/// the automaton compares them, hashed to a bit of [`Health::first`].
fn first_bytes(bytes: &[u8], at: usize) -> usize {
    let lowered = match bytes
        .get(at..at + 8)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
    {
        // Eight bytes read at once (a copy of a variable length would be a call).
        Some(eight) => u64::from_le_bytes(eight) & ((1 << (8 * KEY_LEN)) - 1),
        None => {
            let mut key = [0u8; 8];
            let from = bytes.get(at..).unwrap_or(&[]);
            let len = from.len().min(KEY_LEN);
            key[..len].copy_from_slice(&from[..len]);
            u64::from_le_bytes(key)
        }
    };
    // ASCII capitals (0x41..=0x5a) get 0x20 added, byte by byte, without carries between
    // bytes: a byte is a capital if it is at least 0x41 and below 0x5b, and below 0x80.
    let low7 = lowered & 0x7f7f_7f7f_7f7f_7f7f;
    let at_least_a = low7.wrapping_add(0x3f3f_3f3f_3f3f_3f3f);
    let above_z = low7.wrapping_add(0x2525_2525_2525_2525);
    let capital = at_least_a & !above_z & !lowered & 0x8080_8080_8080_8080;
    let lowered = lowered | (capital >> 2);
    let hashed = lowered.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 50;
    usize::try_from(hashed).unwrap_or(0) % (FIRST_WORDS * 64)
}

/// True if the bit of `key` is set.
fn has_bit(bits: &[u64; FIRST_WORDS], key: usize) -> bool {
    bits[key / 64] & (1 << (key % 64)) != 0
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
    let mut first = Box::new([0u64; FIRST_WORDS]);
    let mut short = Vec::new();
    let mut tails = Vec::new();
    let mut set = |bytes: &[u8]| {
        let key = first_bytes(bytes, 0);
        first[key / 64] |= 1 << (key % 64);
    };
    for p in &patterns {
        if p.len() < KEY_LEN {
            let lower = p.to_ascii_lowercase().into_bytes();
            if !short.contains(&lower) {
                short.push(lower);
            }
        } else {
            set(p.as_bytes());
        }
        for (at, _) in p.match_indices(' ') {
            let tail = &p.as_bytes()[at + 1..];
            if tail.len() < KEY_LEN {
                short.push(tail.to_ascii_lowercase());
            } else {
                set(tail);
            }
            tails.push(tail.to_vec());
        }
    }
    // A full DFA: more memory than the default automaton, but one table step per byte.
    // Anchored searches start at the beginnings of words; the unanchored one is the
    // whole-text scan that defines the findings.
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .kind(Some(AhoCorasickKind::DFA))
        .start_kind(StartKind::Both)
        .build(&patterns)
        .ok()?;
    Some(Health {
        ac,
        whole,
        first,
        short,
        tails,
    })
});

impl Health {
    /// True if a form of [`KEY_LEN`] bytes or more, or a part of a multi-word form after a space,
    /// may start at byte `at` (false positives are possible, false negatives are not).
    fn may_start(&self, bytes: &[u8], at: usize) -> bool {
        has_bit(&self.first, first_bytes(bytes, at))
            || self.short.iter().any(|p| {
                bytes
                    .get(at..at + p.len())
                    .is_some_and(|b| b.eq_ignore_ascii_case(p))
            })
    }

    /// True if byte `at` follows a space and starts the part of a multi-word form after it.
    fn starts_tail(&self, bytes: &[u8], at: usize) -> bool {
        at > 0
            && bytes[at - 1] == b' '
            && self.tails.iter().any(|t| {
                bytes
                    .get(at..at + t.len())
                    .is_some_and(|b| b.eq_ignore_ascii_case(t))
            })
    }

    /// Appends the finding of match `m`, unless it does not start a word or is a whole-word
    /// entry followed by a word character.
    fn push(&self, text: &str, m: Match, out: &mut Vec<Finding>) {
        if char_before(text, m.start()).is_some_and(is_word_char) {
            return;
        }
        let whole = self
            .whole
            .get(m.pattern().as_usize())
            .copied()
            .unwrap_or(true);
        let mut end = m.end();
        if whole {
            if char_at(text, end).is_some_and(is_word_char) {
                return;
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

    /// The findings of the whole-text scan.
    fn scan(&self, text: &str, out: &mut Vec<Finding>) {
        for m in self.ac.find_iter(text) {
            self.push(text, m, out);
        }
    }

    /// The finding at byte `at`, the start of a word or a letter after a hyphen or an
    /// apostrophe; false if the whole text must be scanned instead.
    fn at_start(&self, text: &str, at: usize, out: &mut Vec<Finding>) -> bool {
        let bytes = text.as_bytes();
        if !self.may_start(bytes, at) || char_before(text, at).is_some_and(is_word_char) {
            return true;
        }
        if self.starts_tail(bytes, at) {
            return false;
        }
        let input = Input::new(text)
            .span(at..text.len())
            .anchored(Anchored::Yes);
        match self.ac.try_find(input) {
            Ok(Some(m)) => self.push(text, m, out),
            Ok(None) => {}
            Err(_) => return false,
        }
        true
    }
}

/// Appends health candidates in `text`, whose words are `ws`, to `out`.
pub(crate) fn find_health(text: &str, ws: &[Word], out: &mut Vec<Finding>) {
    let Some(h) = HEALTH.as_ref() else { return };
    let kept = out.len();
    let bytes = text.as_bytes();
    for w in ws {
        let mut whole_text = !h.at_start(text, w.start, out);
        if w.inner_joiner {
            let mut at = w.start;
            while at < w.end && !whole_text {
                match joiner_at(bytes, at) {
                    Some(len) => {
                        at += len;
                        whole_text = !h.at_start(text, at, out);
                    }
                    None => at += 1,
                }
            }
        }
        if whole_text {
            out.truncate(kept);
            h.scan(text, out);
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn health(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        find_health(text, &crate::name_features::words(text), &mut out);
        out.iter().map(|f| &text[f.start..f.end]).collect()
    }

    #[test]
    fn automaton_builds() {
        assert!(HEALTH.is_some());
    }

    /// The findings at the starts of words equal those of the whole-text scan, including
    /// where a dropped match spans two words (`қант диабет` inside a word) and after digits,
    /// hyphens and apostrophes.
    #[test]
    fn word_starts_equal_the_scan() {
        let Some(h) = HEALTH.as_ref() else {
            panic!("no automaton")
        };
        for text in [
            "аққант диабет бар",
            "Xқант диабет",
            "ауруқант диабеті",
            "Қант диабеті, ҚАНТ ДИАБЕТ, қант диабет",
            "5рак и -диабет, X-диабет, д'рака",
            "HIV-positive, hivx, Covid-19, COVID19, ковид’ом",
            "жүктілік, жүкті, Жүкті әйел, жүктіліг",
            "ракета раке раком",
            "диабет",
            "hiv",
        ] {
            let mut fast = Vec::new();
            find_health(text, &crate::name_features::words(text), &mut fast);
            let mut scanned = Vec::new();
            h.scan(text, &mut scanned);
            assert_eq!(fast, scanned, "{text}");
        }
    }

    #[test]
    fn stems_and_words() {
        assert_eq!(health("у меня Диабет и рак"), ["Диабет", "рак"]);
        assert!(health("ракета и экспорт").is_empty());
        assert_eq!(health("ол ауруханада жатыр"), ["ауруханада"]);
        assert_eq!(health("She is PREGNANT"), ["PREGNANT"]);
    }
}
