//! Walks the rule table over the matched words and turns the evidence into an assessment.

use crate::lexicon::{Concept, NEGATION_AFTER, NEGATION_AFTER_PAIRS, NEGATION_BEFORE};
use crate::matcher::Hit;
use crate::normalize::is_word_char;
use crate::rules::{Condition, DAYS_WINDOW, RULES, RuleId, in_heating_season};
use chrono::NaiveDate;

/// At most this many reasons per rule: enough to explain, bounded for a 1 MB text.
pub(crate) const MAX_REASONS_PER_RULE: usize = 16;

/// Evidence for one rule, in folded-text offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Evidence {
    pub rule: RuleId,
    pub start: usize,
    pub end: usize,
}

/// What the engine found, before offsets are mapped back to the original text.
pub(crate) struct Findings {
    pub evidence: Vec<Evidence>,
    /// Threat words that a negation cancelled («нет угрозы жизни»).
    pub negated: usize,
    /// Words of a rule found without their partner (a child without danger, water without
    /// an outage): they lower the confidence of a Normal verdict.
    pub loose: usize,
}

/// Applies every rule to `hits` (sorted by start) found in `folded`.
pub(crate) fn evaluate(folded: &str, hits: &[Hit], received_on: NaiveDate) -> Findings {
    let mut out = Findings {
        evidence: Vec::new(),
        negated: 0,
        loose: 0,
    };
    for rule in RULES {
        let before = out.evidence.len();
        match rule.condition {
            Condition::Any { concept, negatable } => {
                for h in hits.iter().filter(|h| h.is(concept)) {
                    if negatable && negated(folded, h) {
                        out.negated += 1;
                    } else {
                        push(&mut out.evidence, before, rule.id, h.start, h.end);
                    }
                }
            }
            Condition::Near {
                anchor,
                partner,
                window,
                negatable,
            } => {
                let partners: Vec<&Hit> = hits.iter().filter(|h| h.is(partner)).collect();
                for a in hits.iter().filter(|h| h.is(anchor)) {
                    match nearest(folded, a, &partners, window) {
                        Some(p) if negatable && negated(folded, p) => out.negated += 1,
                        Some(p) => {
                            push(
                                &mut out.evidence,
                                before,
                                rule.id,
                                a.start.min(p.start),
                                a.end.max(p.end),
                            );
                        }
                        None => out.loose += 1,
                    }
                }
            }
        }
    }
    if in_heating_season(received_on) {
        winter(hits, &mut out.evidence);
    }
    out.evidence.sort_by_key(|e| (e.start, e.end, e.rule));
    out
}

/// Adds [`RuleId::UtilityOutageInWinter`]: the first child or frail person mentioned
/// anywhere, and the first duration in days near an outage.
fn winter(hits: &[Hit], evidence: &mut Vec<Evidence>) {
    let outages: Vec<Evidence> = evidence
        .iter()
        .filter(|e| e.rule == RuleId::UtilityOutage)
        .copied()
        .collect();
    if outages.is_empty() {
        return;
    }
    let start = evidence.len();
    if let Some(v) = hits
        .iter()
        .find(|h| h.is(Concept::Child) || h.is(Concept::Frail))
    {
        push(
            evidence,
            start,
            RuleId::UtilityOutageInWinter,
            v.start,
            v.end,
        );
    }
    let near_outage = |h: &&Hit| {
        outages
            .iter()
            .any(|o| gap(h.start, h.end, o.start, o.end).is_some_and(|g| g <= DAYS_WINDOW))
    };
    if let Some(d) = hits
        .iter()
        .filter(|h| h.is(Concept::Days))
        .find(near_outage)
    {
        push(
            evidence,
            start,
            RuleId::UtilityOutageInWinter,
            d.start,
            d.end,
        );
    }
}

/// Records evidence unless it repeats or the rule already has enough (`from`: where this
/// rule's evidence begins in `evidence`).
fn push(evidence: &mut Vec<Evidence>, from: usize, rule: RuleId, start: usize, end: usize) {
    let mine = evidence.get(from..).unwrap_or_default();
    let count = mine.iter().filter(|e| e.rule == rule).count();
    let repeat = mine
        .iter()
        .any(|e| e.rule == rule && e.start == start && e.end == end);
    if count < MAX_REASONS_PER_RULE && !repeat {
        evidence.push(Evidence { rule, start, end });
    }
}

/// Bytes between two spans, or `None` when they overlap.
fn gap(a_start: usize, a_end: usize, b_start: usize, b_end: usize) -> Option<usize> {
    if b_start >= a_end {
        Some(b_start - a_end)
    } else if a_start >= b_end {
        Some(a_start - b_end)
    } else {
        None
    }
}

/// The partner closest to `anchor`, within `window` bytes, in the same sentence.
fn nearest<'h>(folded: &str, anchor: &Hit, partners: &[&'h Hit], window: usize) -> Option<&'h Hit> {
    // Partners are sorted by start and no pattern is longer than this, so nothing that
    // starts earlier can end within the window.
    const LONGEST: usize = 128;
    let from = anchor.start.saturating_sub(window + LONGEST);
    let first = partners.partition_point(|p| p.start < from);
    partners
        .get(first..)
        .unwrap_or_default()
        .iter()
        .take_while(|p| p.start <= anchor.end + window)
        .filter_map(|p| gap(anchor.start, anchor.end, p.start, p.end).map(|g| (g, *p)))
        .filter(|(g, p)| *g <= window && same_sentence(folded, anchor, p))
        .min_by_key(|(g, _)| *g)
        .map(|(_, p)| p)
}

/// True when no sentence end lies between the two (non-overlapping) hits.
fn same_sentence(folded: &str, a: &Hit, b: &Hit) -> bool {
    let (from, to) = if a.end <= b.start {
        (a.end, b.start)
    } else {
        (b.end, a.start)
    };
    folded
        .get(from..to)
        .is_some_and(|between| !between.contains(['.', '!', '?', ';']))
}

/// True when a negation cue sits next to `hit` in the same clause.
fn negated(folded: &str, hit: &Hit) -> bool {
    let before = words_before(folded, hit.start, 2);
    if before.iter().any(|w| NEGATION_BEFORE.contains(w)) {
        return true;
    }
    let after = words_after(folded, hit.end, 3);
    after.iter().any(|w| NEGATION_AFTER.contains(w))
        || after.windows(2).any(|p| {
            NEGATION_AFTER_PAIRS
                .iter()
                .any(|(x, y)| p.first() == Some(x) && p.get(1) == Some(y))
        })
}

/// Characters that end a clause: negation does not reach across them.
const CLAUSE_END: [char; 7] = ['.', ',', '!', '?', ';', ':', '\n'];

/// A word character for negation cues (apostrophes and hyphens keep "isn't" whole).
fn cue_char(c: char) -> bool {
    is_word_char(c) || matches!(c, '\'' | '’' | '-')
}

/// Up to `n` words right after `at`, stopping at a clause end.
fn words_after(folded: &str, at: usize, n: usize) -> Vec<&str> {
    let rest = folded.get(at..).unwrap_or_default();
    let clause = rest.split(CLAUSE_END).next().unwrap_or_default();
    // The hit may end inside a word (a stem): skip the rest of that word first.
    let clause = clause.trim_start_matches(cue_char);
    clause
        .split(|c: char| !cue_char(c))
        .filter(|w| !w.is_empty())
        .take(n)
        .collect()
}

/// Up to `n` words right before `at`, nearest first, stopping at a clause end.
fn words_before(folded: &str, at: usize, n: usize) -> Vec<&str> {
    // Look back a bounded distance so a huge text without punctuation stays linear.
    let head = folded.get(..at).unwrap_or_default();
    let mut from = at.saturating_sub(160);
    while !head.is_char_boundary(from) {
        from += 1;
    }
    let near = head.get(from..).unwrap_or_default();
    let clause = near.rsplit(CLAUSE_END).next().unwrap_or_default();
    clause
        .rsplit(|c: char| !cue_char(c))
        .filter(|w| !w.is_empty())
        .take(n)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks_around_within_the_clause() {
        let text = "нет, никакой угрозы";
        let at = text.find("угрозы").unwrap_or(0);
        assert_eq!(words_before(text, at, 2), vec!["никакой"]);
        assert_eq!(
            words_after("пожара не было. нет", 12, 3),
            vec!["не", "было"]
        );
        assert_eq!(words_after("fire isn't here", 4, 2), vec!["isn't", "here"]);
    }
}
