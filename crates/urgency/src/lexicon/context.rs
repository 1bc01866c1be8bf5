//! Look-alikes that must not trigger a rule, and the words that negate a threat.
//!
//! An [`Ignore`] match hides every shorter match inside it: «пожарная инспекция» is a
//! routine check, not a fire; «баланс» is not a child (`бала*`); «добрый день» is a greeting,
//! not a duration. Negation is deliberately simple: a cue among the two words before a
//! threat, or the three words after it, in the same clause (commas and sentence ends stop
//! the look-around) — enough for «нет угрозы жизни», «угрозы жизни нет», «өрт болған жоқ»,
//! "no threat to life". Known limit: double negations and sarcasm are not understood.

use super::{Concept::Ignore, Lang, TermSet};

/// The term sets for look-alikes.
pub(super) const SETS: &[TermSet] = &[
    TermSet {
        concept: Ignore,
        lang: Lang::Ru,
        terms: "\
            пожарн*, противопожарн*, пожарная безопасность, пожарной безопасности, \
            детал*, детектор*, детектив*, добрый день, хороший день, рабочий день, \
            в тот день, день рождения, операции по карте, банковские операции, банковской операции, \
            светофор*, газет*, газон*, водител*, тепловизор*\
        ",
    },
    TermSet {
        concept: Ignore,
        lang: Lang::Kk,
        terms: "\
            баланс*, балық*, балл*, дәріге*, қайырлы күн, күнделікті, күнтізбе*, туған күн*, \
            тоңазытқыш*, суреті*, сурет*, жұмыс күн*, отан*, электронды*, электрон*\
        ",
    },
    TermSet {
        concept: Ignore,
        lang: Lang::En,
        terms: "\
            fired, fire me, fired me, fire safety, fire inspection, fire drill, firewall*, \
            firework*, ceasefire, fire brigade inspection, heat wave, power of attorney, \
            electricity bill, water bill, gas bill, kidding\
        ",
    },
];

/// Cues among the two words before a threat that negate it.
pub(crate) const NEGATION_BEFORE: &[&str] = &[
    "нет",
    "не",
    "без",
    "никакой",
    "никакого",
    "никакая",
    "никаких",
    "отсутствие",
    "no",
    "not",
    "without",
    "never",
    "isn't",
    "ешқандай",
];

/// Cues among the three words after a threat that negate it.
pub(crate) const NEGATION_AFTER: &[&str] = &[
    "нет",
    "нету",
    "отсутствует",
    "отсутствовала",
    "исключена",
    "жоқ",
    "емес",
    "болмады",
    "төнбейді",
    "туғызбайды",
    "joq",
    "emes",
];

/// Two-word cues after a threat that negate it («пожара не было», "fire was not").
pub(crate) const NEGATION_AFTER_PAIRS: &[(&str, &str)] = &[
    ("не", "было"),
    ("не", "обнаружено"),
    ("не", "выявлено"),
    ("не", "представляет"),
    ("не", "угрожает"),
    ("was", "not"),
    ("is", "not"),
];
