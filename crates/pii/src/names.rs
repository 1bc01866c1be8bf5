//! Person names in Kazakh, Russian and English text.
//!
//! Each capitalised word that may be a name (see [`is_candidate`]) gets a probability from a
//! small logistic model (`data/names/model.tsv`) over its features ([`crate::name_features`]):
//! its endings and stems, how often it was a person's name or another capitalised word in the
//! build part of KazNERD (`data/names/lexicon.tsv`), whether it is a known given name, and its
//! neighbours. Both files are built by `examples/build_name_lists.rs`; `data/names/README.md`
//! says from what.
//!
//! Runs of capitalised candidates separated by single spaces (at most four words) are then
//! judged as a whole: a run is a name if one of its words reaches the model's threshold, ends
//! like a patronymic (`-ович`, `-қызы`, `-uly` …), or the run stands next to an honorific
//! (`г-н`, `Mr`, `мырза`, `ханым` …). The name then spans its words from the first to the
//! last that reaches the lower `@extend` cut-off (or is a patronymic).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use crate::name_features::{
    NameLists, PATRONYMIC, Word, ends_with_any, feature_hash, features, is_candidate, sigmoid,
    stems,
};
use crate::{Finding, PiiKind};

/// FNV-1a: a fast hasher for short dictionary words (the sets hold fixed words, so
/// hash flooding is not a concern).
#[derive(Default)]
pub(crate) struct Fnv(u64);

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

/// A fast-hashing map and set of dictionary words.
type WordMap<V> = HashMap<&'static str, V, BuildHasherDefault<Fnv>>;

/// Passes a `u64` that is already a hash through unchanged.
#[derive(Default)]
struct Identity(u64);

impl Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}
/// A set of dictionary words.
pub(crate) type WordSet = HashSet<&'static str, BuildHasherDefault<Fnv>>;

/// The lists and the model, parsed once from the files compiled into the crate.
pub(crate) struct Lists {
    /// General given names.
    pub(crate) given: WordSet,
    /// Capitalised words of appeals that are not names.
    stop: WordSet,
    /// Honorifics before a name.
    before: WordSet,
    /// Honorifics after a name.
    after: WordSet,
    /// Word or stem → (times a person's name, times another capitalised word).
    counts: WordMap<(u32, u32)>,
    /// Feature (its [`feature_hash`]) → weight.
    weights: HashMap<u64, f64, BuildHasherDefault<Identity>>,
    /// Probability from which a word is a name.
    threshold: f64,
    /// Probability from which a neighbouring word joins a name.
    extend: f64,
}

impl NameLists for Lists {
    fn counts(&self, key: &str) -> (u32, u32) {
        self.counts.get(key).copied().unwrap_or((0, 0))
    }
    fn is_given_name(&self, key: &str) -> bool {
        self.given.contains(key)
    }
    fn is_excluded(&self, key: &str) -> bool {
        self.stop.contains(key) || self.before.contains(key)
    }
}

/// The entries of a list file: one a line, `#` starts a comment line.
fn entries(file: &'static str) -> impl Iterator<Item = &'static str> {
    file.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Tab-separated fields of the entries of a file.
fn rows(file: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    entries(file).map(|l| l.split('\t').collect())
}

/// Parsed once. A malformed line of a generated file is skipped (the test
/// `lists_parse_whole` proves there is none).
pub(crate) static LISTS: LazyLock<Lists> = LazyLock::new(|| {
    let mut lists = Lists {
        given: entries(include_str!("../data/names/given_names.txt"))
            .chain(entries(include_str!("../data/names/given_names_added.txt")))
            .collect(),
        stop: entries(include_str!("../data/names/not_names.txt")).collect(),
        before: entries(include_str!("../data/names/honorifics_before.txt")).collect(),
        after: entries(include_str!("../data/names/honorifics_after.txt")).collect(),
        counts: WordMap::default(),
        weights: HashMap::default(),
        threshold: 1.0,
        extend: 1.0,
    };
    for row in rows(include_str!("../data/names/lexicon.tsv")) {
        if let [key, person, other] = row[..]
            && let (Ok(p), Ok(o)) = (person.parse(), other.parse())
        {
            lists.counts.insert(key, (p, o));
        }
    }
    for row in rows(include_str!("../data/names/model.tsv")) {
        let [feature, weight] = row[..] else { continue };
        let Ok(weight) = weight.parse::<f64>() else {
            continue;
        };
        match feature {
            "@threshold" => lists.threshold = weight,
            "@extend" => lists.extend = weight,
            _ => {
                lists.weights.insert(feature_hash(&[feature]), weight);
            }
        }
    }
    lists
});

/// True if any stem of the lowercased word ends like a patronymic.
pub(crate) fn is_patronymic(lower: &str) -> bool {
    stems(lower).any(|s| ends_with_any(s, &PATRONYMIC, 2))
}

/// The model's probability that candidate word `i` is (part of) a person's name.
fn probability(text: &str, ws: &[Word], i: usize, lists: &Lists) -> f64 {
    let mut z = 0.0;
    features(text, ws, i, lists, &mut |parts| {
        z += lists
            .weights
            .get(&feature_hash(parts))
            .copied()
            .unwrap_or(0.0);
    });
    sigmoid(z)
}

/// Appends person-name candidates to `out`; `ws` are the words of `text`.
pub(crate) fn find_names(text: &str, ws: &[Word], out: &mut Vec<Finding>) {
    let lists = &*LISTS;
    let mut i = 0;
    while i < ws.len() {
        if !is_candidate(&ws[i], lists) {
            i += 1;
            continue;
        }
        // A run of capitalised candidates joined by single spaces, at most four long.
        let mut j = i;
        while j + 1 < ws.len() && j - i < 3 && ws[j + 1].joined && is_candidate(&ws[j + 1], lists) {
            j += 1;
        }
        let judged: Vec<(f64, bool)> = (i..=j)
            .map(|k| (probability(text, ws, k, lists), is_patronymic(&ws[k].lower)))
            .collect();
        let best = judged.iter().map(|&(p, _)| p).fold(0.0, f64::max);
        let patronymic = judged.iter().any(|&(_, pat)| pat);
        let honour_before = i > 0
            && ws[i].joined
            && lists
                .before
                .contains(ws[i - 1].key(text).trim_end_matches('.'));
        let honour_after =
            j + 1 < ws.len() && ws[j + 1].joined && lists.after.contains(ws[j + 1].key(text));
        let honour = honour_before || honour_after;
        if best >= lists.threshold || patronymic || honour {
            // Trim words at either end that neither the model nor an ending vouches for,
            // unless an honorific vouches for the whole run.
            let part = |&(p, pat): &(f64, bool)| honour || pat || p >= lists.extend;
            let first = judged.iter().position(part).unwrap_or(0);
            let last = judged.iter().rposition(part).unwrap_or(j - i);
            let confidence = if patronymic {
                0.95
            } else if honour {
                best.max(0.75)
            } else {
                best
            };
            out.push(Finding::new(
                PiiKind::PersonName,
                ws[i + first].start,
                ws[i + last].end,
                confidence.clamp(0.0, 0.99),
            ));
        }
        i = j + 1;
    }
    crate::introduced::find_introduced(text, ws, lists, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        find_names(text, &crate::name_features::words(text), &mut out);
        out.iter().map(|f| &text[f.start..f.end]).collect()
    }

    #[test]
    fn lists_parse_whole() {
        let lines = |file: &'static str| rows(file).count();
        let lists = &*LISTS;
        assert_eq!(
            lists.counts.len(),
            lines(include_str!("../data/names/lexicon.tsv"))
        );
        assert_eq!(
            lists.weights.len() + 2,
            lines(include_str!("../data/names/model.tsv"))
        );
        assert!(lists.threshold > 0.0 && lists.threshold < 1.0);
        assert!(lists.extend > 0.0 && lists.extend <= lists.threshold);
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
        assert_eq!(names("Асқар ханым келді"), ["Асқар"]);
    }

    #[test]
    fn skips_non_names() {
        assert!(names("Уважаемый аким, прошу помочь.").is_empty());
        assert!(names("Алматы қаласы, Министерство финансов").is_empty());
    }
}
