//! Explicit, explainable urgency rules for citizens' appeals.
//!
//! [`assess`] reads an appeal in Kazakh, Russian or English and says how soon a person must
//! look at it — [`Urgency::Immediate`], [`Urgency::High`] or
//! [`Urgency::Normal`] — with the [`Reason`]s: which rule fired and the byte span of the
//! words that fired it. Reasons never copy the text, so they carry no personal data.
//!
//! # Rules
//!
//! | rule | level | fires on |
//! |---|---|---|
//! | [`RuleId::ThreatToLife`] | immediate | suicide, violence, fire, explosion, gas leak, collapse, flood («угроза жизни», «пожар», «өрт», «газ иісі», "gas leak") unless negated («нет угрозы жизни») |
//! | [`RuleId::ThreatToHealth`] | high | a stated danger to health, or medicine / surgery / ambulance / hospital care with a refusal or absence nearby («скорая не приехала», «дәрі жоқ») |
//! | [`RuleId::ChildAtRisk`] | high | a child word near a danger, abuse, hunger or cold word («дети голодают», «баланы ұрады») |
//! | [`RuleId::UtilityOutage`] | high | heating, water, electricity or gas near an outage word («света нет», «су берілмей жатыр», «без отопления») |
//! | [`RuleId::UtilityOutageInWinter`] | immediate | an outage received in the heating season (15 Oct – 15 Apr) with children, elderly or disabled people mentioned, or lasting days |
//!
//! Kazakh is read in Cyrillic: an appeal in Latin letters (the 2021 alphabet, the 2018 one or
//! without diacritics) is first read into Cyrillic by `sheshim_lang::normalize`, as triage
//! does, so the Kazakh lexicon is written once, in Cyrillic, and the spans of the reasons are
//! offsets in that reading (triage maps them back with `Normalized::original_span`).
//!
//! Words are matched as stems at word starts on a case-folded copy, so inflected Kazakh and
//! Russian forms match («өрт», «өртте», «өртеніп»). Look-alikes are listed and ignored
//! («пожарная инспекция», "fired from work", «баланс»). The lexicon lives in `lexicon`, the
//! rule table in `rules`.
//!
//! # Known limits
//!
//! Negation is a two-words-before / three-words-after look-around; double negation, irony,
//! reported speech ("my neighbour said there was a fire last year") and past events are not
//! understood. Russian «уволили» never matches, English "fired" is listed as a look-alike,
//! but "fire" as a verb in other forms ("they will fire me") only when listed. The heating
//! season uses typical national dates; regional dates differ.
//!
//! The crate is pure: no I/O, never reads the clock (the date of receipt is an argument).

mod engine;
mod lexicon;
mod matcher;
mod normalize;
mod rules;

use chrono::NaiveDate;
pub use rules::{RuleId, Urgency, in_heating_season};

/// One piece of evidence: the rule that fired and where in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Reason {
    /// The rule.
    pub rule: RuleId,
    /// Byte offset of the first triggering word in the assessed text (a `char` boundary).
    pub start: usize,
    /// Byte offset just past the last triggering word (a `char` boundary). For rules that
    /// need two words (a child and a danger) the span covers both and what lies between.
    pub end: usize,
}

/// The verdict on one appeal.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// The most urgent level any reason calls for; [`Urgency::Normal`] without reasons.
    pub level: Urgency,
    /// The evidence, sorted by position.
    pub reasons: Vec<Reason>,
    /// How sure the rules are, in `0.0..=1.0`: a heuristic, not a calibrated probability.
    /// More distinct rules and more evidence raise it; a Normal verdict reached by
    /// cancelling a negated threat, or with rule words found without their partner, lowers
    /// it. `0.0` only when the rules could not be compiled (see [`try_assess`]).
    pub confidence: f64,
}

/// Why an assessment could not be made.
#[derive(Debug, thiserror::Error)]
pub enum UrgencyError {
    /// The pattern automaton failed to build (a defect of this crate, not of the input).
    #[error("urgency patterns failed to compile: {0}")]
    Patterns(String),
}

/// Assesses the urgency of `text`, an appeal received on `received_on`.
///
/// Never fails: if the rules could not be compiled (a test guarantees they can), the
/// result is Normal with confidence `0.0` so the case still reaches a person.
pub fn assess(text: &str, received_on: NaiveDate) -> Assessment {
    try_assess(text, received_on).unwrap_or(Assessment {
        level: Urgency::Normal,
        reasons: Vec::new(),
        confidence: 0.0,
    })
}

/// Like [`assess`], but reports a rule-compilation failure instead of hiding it.
///
/// # Errors
///
/// [`UrgencyError::Patterns`] when the lexicon could not be compiled.
pub fn try_assess(text: &str, received_on: NaiveDate) -> Result<Assessment, UrgencyError> {
    let matcher = matcher::matcher().map_err(|e| UrgencyError::Patterns(e.to_string()))?;
    let folded = normalize::Folded::new(text);
    let hits = matcher.find(&folded.text);
    let found = engine::evaluate(&folded.text, &hits, received_on);
    let reasons: Vec<Reason> = found
        .evidence
        .iter()
        .map(|e| Reason {
            rule: e.rule,
            start: folded.original(e.start),
            end: folded.original(e.end),
        })
        .collect();
    let level = reasons
        .iter()
        .map(|r| r.rule.level())
        .min()
        .unwrap_or(Urgency::Normal);
    let confidence = confidence(&reasons, found.negated, found.loose);
    Ok(Assessment {
        level,
        reasons,
        confidence,
    })
}

/// The heuristic behind [`Assessment::confidence`].
fn confidence(reasons: &[Reason], negated: usize, loose: usize) -> f64 {
    if reasons.is_empty() {
        // Silence is fairly reliable for routine appeals, less so when threat words were
        // present but cancelled or left without their partner.
        let doubt = 0.15 * (negated.min(2) as f64) + 0.05 * (loose.min(3) as f64);
        return (0.8 - doubt).max(0.4);
    }
    let mut rules: Vec<RuleId> = reasons.iter().map(|r| r.rule).collect();
    rules.sort();
    rules.dedup();
    let extra_rules = (rules.len() - 1) as f64;
    let extra_evidence = (reasons.len() - rules.len()).min(4) as f64;
    (0.65 + 0.1 * extra_rules + 0.05 * extra_evidence).min(0.95)
}
