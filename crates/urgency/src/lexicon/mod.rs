//! The lexicon: every word and phrase the rules look for, as data.
//!
//! Each [`TermSet`] names a [`Concept`], a language and its patterns. A pattern is matched
//! at the start of a word on the folded text (see `normalize`); a trailing `*` makes it a
//! stem that accepts any ending — Kazakh and Russian inflect, so «өрт» must also find
//! «өртте», «өртеніп», and «пожар» must find «пожара». Without `*` the pattern must end at
//! a word end, which keeps "fire" from matching "fired". Spaces inside a pattern match any
//! run of whitespace. Patterns are folded the same way as texts, so case does not matter.

mod children;
mod context;
mod health;
mod life;
mod utilities;

/// What a matched word stands for. Rules (see `rules`) combine concepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Concept {
    /// A direct threat to life: suicide, violence, fire, explosion, gas, collapse, flood.
    LifeThreat,
    /// A direct statement of danger to health (poisoning, heart attack, "угроза здоровью").
    HealthThreat,
    /// Something health depends on: medicine, surgery, ambulance, hospital admission.
    HealthNeed,
    /// A word saying that need is unmet: "нет", "отказали", "келмеді", "refused".
    Deprivation,
    /// A child or children.
    Child,
    /// Danger, abuse, hunger or cold, as it would affect a child.
    ChildDanger,
    /// An elderly, disabled, bedridden or pregnant person.
    Frail,
    /// A utility: heating, water, electricity, gas supply.
    Utility,
    /// A word saying a utility is off: "нет", "отключили", "жоқ", "outage".
    Outage,
    /// A phrase that is an outage on its own: «без света», «сусыз», "no heating".
    OutagePhrase,
    /// A duration in days or longer: «третий день», «неделю», «бірнеше күн», "for days".
    Days,
    /// A look-alike that must not trigger anything: «пожарная безопасность», «баланс».
    Ignore,
}

impl Concept {
    /// A distinct bit per concept, so one pattern can stand for several concepts.
    pub(crate) const fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// The language a term set is written in (documentation and tests; matching ignores it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    /// Kazakh (Cyrillic: Latin spellings are read into Cyrillic by `sheshim_lang::normalize`
    /// before the rules see them).
    Kk,
    /// Russian.
    Ru,
    /// English.
    En,
}

/// A list of patterns for one concept in one language.
pub(crate) struct TermSet {
    /// What the patterns stand for.
    pub concept: Concept,
    /// The language they are written in.
    #[allow(dead_code, reason = "documents the table; tests group by it")]
    pub lang: Lang,
    /// The patterns, separated by commas (`*` at the end: stem). One string rather than
    /// an array keeps the table dense and readable after `rustfmt`.
    pub terms: &'static str,
}

impl TermSet {
    /// The patterns of this set, trimmed, empty ones skipped.
    pub(crate) fn patterns(&self) -> impl Iterator<Item = &'static str> {
        self.terms
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
    }
}

/// Every term set, in no particular order.
pub(crate) fn all() -> impl Iterator<Item = &'static TermSet> {
    life::SETS
        .iter()
        .chain(health::SETS)
        .chain(children::SETS)
        .chain(utilities::SETS)
        .chain(context::SETS)
}

pub(crate) use context::{NEGATION_AFTER, NEGATION_AFTER_PAIRS, NEGATION_BEFORE};
