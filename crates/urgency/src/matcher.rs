//! The compiled lexicon: one Aho-Corasick automaton over every pattern, built once.
//!
//! One automaton for all concepts means one pass over the text whatever the number of
//! rules — the cost that keeps a 500-character appeal within a few microseconds.
//! Overlapping search is used so that a long pattern failing its word-boundary check
//! never hides a shorter one that passes.

use crate::lexicon::{self, Concept};
use crate::normalize::{ends_word, fold_pattern, is_word_char, starts_word};
use aho_corasick::{AhoCorasick, AhoCorasickKind, BuildError, MatchKind};
use std::collections::HashMap;
use std::sync::LazyLock;

/// A word or phrase of the lexicon found in the folded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    /// Start, in bytes of the folded text.
    pub start: usize,
    /// End (exclusive), in bytes of the folded text.
    pub end: usize,
    /// The concepts the matched pattern stands for ([`Concept::bit`]s).
    pub concepts: u16,
}

impl Hit {
    /// True when this hit stands for `concept`.
    pub fn is(&self, concept: Concept) -> bool {
        self.concepts & concept.bit() != 0
    }
}

/// What the automaton needs to know about each pattern it reports.
struct PatternInfo {
    /// A stem (`*`): any ending allowed.
    stem: bool,
    /// The concepts the pattern stands for.
    concepts: u16,
}

/// The compiled lexicon.
pub(crate) struct Matcher {
    automaton: AhoCorasick,
    info: Vec<PatternInfo>,
}

/// Built on first use; a build error (it cannot happen with this lexicon, a test checks)
/// is kept rather than panicking so the caller can report it.
static MATCHER: LazyLock<Result<Matcher, BuildError>> = LazyLock::new(Matcher::build);

/// The compiled lexicon, or the error that kept it from compiling.
pub(crate) fn matcher() -> Result<&'static Matcher, &'static BuildError> {
    MATCHER.as_ref()
}

impl Matcher {
    fn build() -> Result<Self, BuildError> {
        // The same folded pattern may appear in several concepts («бала» is a child and a
        // frail-person escalator): merge them so the automaton holds each string once.
        let mut index: HashMap<(String, bool), usize> = HashMap::new();
        let mut patterns = Vec::new();
        let mut info: Vec<PatternInfo> = Vec::new();
        for set in lexicon::all() {
            for raw in set.patterns() {
                let stem = raw.ends_with('*');
                let folded = fold_pattern(raw.trim_end_matches('*'));
                let slot = *index.entry((folded.clone(), stem)).or_insert_with(|| {
                    patterns.push(folded);
                    info.push(PatternInfo { stem, concepts: 0 });
                    info.len() - 1
                });
                if let Some(entry) = info.get_mut(slot) {
                    entry.concepts |= set.concept.bit();
                }
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)?;
        Ok(Self { automaton, info })
    }

    /// Every lexicon hit in `folded`, sorted by start, with look-alikes removed.
    pub fn find(&self, folded: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        for m in self.automaton.find_overlapping_iter(folded) {
            let Some(info) = self.info.get(m.pattern().as_usize()) else {
                continue;
            };
            if !starts_word(folded, m.start()) || (!info.stem && !ends_word(folded, m.end())) {
                continue;
            }
            // A stem's evidence is the whole inflected word («избивает», not «избива»).
            let end = if info.stem {
                word_end(folded, m.end())
            } else {
                m.end()
            };
            hits.push(Hit {
                start: m.start(),
                end,
                concepts: info.concepts,
            });
        }
        hits.sort_by_key(|h| (h.start, h.end));
        drop_ignored(hits)
    }
}

/// The end of the word that runs through `at`.
fn word_end(folded: &str, at: usize) -> usize {
    let rest = folded.get(at..).unwrap_or_default();
    at + rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len())
}

/// Removes [`Concept::Ignore`] hits and every other hit lying inside one of them.
fn drop_ignored(hits: Vec<Hit>) -> Vec<Hit> {
    let ignored: Vec<&Hit> = hits.iter().filter(|h| h.is(Concept::Ignore)).collect();
    if ignored.is_empty() {
        return hits;
    }
    // ignored is sorted by start; the running maximum of ends answers "does any ignore
    // span starting at or before this hit reach past its end" in O(log n).
    let mut reach = Vec::with_capacity(ignored.len());
    let mut max_end = 0;
    for h in &ignored {
        max_end = max_end.max(h.end);
        reach.push(max_end);
    }
    let covered = |h: &Hit| {
        let n = ignored.partition_point(|i| i.start <= h.start);
        n > 0 && reach.get(n - 1).is_some_and(|&end| end >= h.end)
    };
    hits.iter()
        .filter(|h| !h.is(Concept::Ignore) && !covered(h))
        .copied()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_compiles_and_stars_are_only_at_the_end() {
        assert!(matcher().is_ok());
        for set in lexicon::all() {
            for p in set.patterns() {
                assert!(!p.trim_end_matches('*').contains('*'), "inner * in {p:?}");
                assert_eq!(
                    fold_pattern(p),
                    p.trim(),
                    "pattern not in folded form: {p:?}"
                );
            }
        }
    }
}
