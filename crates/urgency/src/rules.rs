//! The rules: which concepts, found how close together, make an appeal how urgent, and why.
//!
//! [`RULES`] is the table the engine walks; the words behind each concept are in `lexicon`.
//! Each [`RuleId`] carries the short legal or policy reason an officer can read in the queue.

use crate::lexicon::Concept;
use chrono::{Datelike, NaiveDate};

/// How soon an appeal needs a human. Sorts most urgent first, so a queue sorted ascending
/// puts [`Urgency::Immediate`] at the top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Urgency {
    /// Someone may be hurt now: hand it to a person (and emergency services) at once.
    Immediate,
    /// Ahead of the ordinary queue, the same working day.
    High,
    /// The ordinary queue and the legal deadline.
    Normal,
    /// May wait behind the ordinary queue, within the legal deadline. No rule gives this
    /// level: only a model trained on an agency's own graded history does.
    Low,
}

impl Urgency {
    /// Every level, most urgent first.
    pub const ALL: [Self; 4] = [Self::Immediate, Self::High, Self::Normal, Self::Low];

    /// A stable lower-case code: `"immediate"`, `"high"`, `"normal"`, `"low"`.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Immediate => "immediate",
            Self::High => "high",
            Self::Normal => "normal",
            Self::Low => "low",
        }
    }

    /// Reads a level from its code or from the words agencies grade appeals with in
    /// Russian and Kazakh, so a model trained on an agency's own labels (e.g. KZgovData's
    /// «высокая», «средняя», «низкая») can be used as is. Case and surrounding spaces do
    /// not matter; `None` for anything else.
    pub fn parse(label: &str) -> Option<Self> {
        let label = label.trim().to_lowercase();
        let level = match label.as_str() {
            "immediate" | "неотложная" | "срочная" | "критическая" | "шұғыл" | "аса шұғыл" => {
                Self::Immediate
            }
            "high" | "высокая" | "жоғары" => Self::High,
            "normal" | "medium" | "средняя" | "обычная" | "орташа" | "қалыпты" => {
                Self::Normal
            }
            "low" | "низкая" | "төмен" => Self::Low,
            _ => return None,
        };
        Some(level)
    }
}

/// Which rule produced a [`crate::Reason`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleId {
    /// Threat to life: suicide, violence, fire, explosion, gas leak, collapse, flood.
    ThreatToLife,
    /// Threat to health: a stated danger to health, or medicine, surgery, an ambulance or
    /// hospital admission that was refused or did not come.
    ThreatToHealth,
    /// A child together with danger, abuse, hunger or cold.
    ChildAtRisk,
    /// Heating, water, electricity or gas supply cut off.
    UtilityOutage,
    /// A utility outage in the heating season that hits children, elderly or disabled
    /// people, or has lasted days.
    UtilityOutageInWinter,
}

impl RuleId {
    /// Every rule, in table order.
    pub const ALL: [Self; 5] = [
        Self::ThreatToLife,
        Self::ThreatToHealth,
        Self::ChildAtRisk,
        Self::UtilityOutage,
        Self::UtilityOutageInWinter,
    ];

    /// A stable snake-case code for logs and APIs.
    pub const fn code(self) -> &'static str {
        match self {
            Self::ThreatToLife => "threat_to_life",
            Self::ThreatToHealth => "threat_to_health",
            Self::ChildAtRisk => "child_at_risk",
            Self::UtilityOutage => "utility_outage",
            Self::UtilityOutageInWinter => "utility_outage_in_winter",
        }
    }

    /// The urgency this rule sets when it fires.
    pub const fn level(self) -> Urgency {
        match self {
            Self::ThreatToLife | Self::UtilityOutageInWinter => Urgency::Immediate,
            Self::ThreatToHealth | Self::ChildAtRisk | Self::UtilityOutage => Urgency::High,
        }
    }

    /// Why the rule exists, in one or two English sentences, for the officer and auditor.
    pub const fn description(self) -> &'static str {
        match self {
            Self::ThreatToLife => {
                "Everyone has the right to life (Constitution of Kazakhstan, art. 15): a report \
                 of suicide, violence, fire, gas, collapse or flood is passed to a person and to \
                 emergency services at once instead of waiting in the 15-working-day queue."
            }
            Self::ThreatToHealth => {
                "Citizens have the right to health protection (Constitution, art. 29): refused or \
                 missing medicine, surgery, ambulance or hospital care is handled ahead of the \
                 ordinary queue."
            }
            Self::ChildAtRisk => {
                "The state protects children from violence, cruelty, neglect and hunger (Law on \
                 the Rights of the Child in the Republic of Kazakhstan): such reports go to the \
                 guardianship and child-protection bodies ahead of the ordinary queue."
            }
            Self::UtilityOutage => {
                "Heating, water, electricity and gas are essential housing services; a reported \
                 cut-off is passed to the utility and the local executive body (akimat) the \
                 same working day."
            }
            Self::UtilityOutageInWinter => {
                "An outage during the heating season (typically 15 October to 15 April in \
                 Kazakhstan; each region's akimat sets its own dates) that hits children, \
                 elderly or disabled people, or has lasted days, endangers health and life."
            }
        }
    }
}

/// How a rule finds its evidence in the matched words.
pub(crate) enum Condition {
    /// Any match of the concept; `negatable`: a negation cue next to it cancels it.
    Any { concept: Concept, negatable: bool },
    /// A match of `anchor` with a match of `partner` at most `window` bytes (of folded text)
    /// away; `negatable`: a negation cue next to the partner cancels the pair.
    Near {
        anchor: Concept,
        partner: Concept,
        window: usize,
        negatable: bool,
    },
}

/// One row of the rule table.
pub(crate) struct Rule {
    /// The rule this row belongs to (a rule may have several rows).
    pub id: RuleId,
    /// What must be found.
    pub condition: Condition,
}

/// The rule table. The winter escalation is not here: it depends on the date and on the
/// outages found, so the engine applies it after this table (see `engine`).
///
/// Windows are in bytes of folded text — roughly 6–10 words of Cyrillic — so the two words
/// must belong to the same thought; outages use the shortest window because «нет» is common.
pub(crate) const RULES: &[Rule] = &[
    Rule {
        id: RuleId::ThreatToLife,
        condition: Condition::Any {
            concept: Concept::LifeThreat,
            negatable: true,
        },
    },
    Rule {
        id: RuleId::ThreatToHealth,
        condition: Condition::Any {
            concept: Concept::HealthThreat,
            negatable: true,
        },
    },
    Rule {
        id: RuleId::ThreatToHealth,
        condition: Condition::Near {
            anchor: Concept::HealthNeed,
            partner: Concept::Deprivation,
            window: 60,
            negatable: false,
        },
    },
    Rule {
        id: RuleId::ChildAtRisk,
        condition: Condition::Near {
            anchor: Concept::Child,
            partner: Concept::ChildDanger,
            window: 100,
            negatable: true,
        },
    },
    Rule {
        id: RuleId::UtilityOutage,
        condition: Condition::Near {
            anchor: Concept::Utility,
            partner: Concept::Outage,
            window: 40,
            negatable: false,
        },
    },
    Rule {
        id: RuleId::UtilityOutage,
        condition: Condition::Any {
            concept: Concept::OutagePhrase,
            negatable: false,
        },
    },
];

/// Bytes of folded text within which a duration counts as the outage's duration.
pub(crate) const DAYS_WINDOW: usize = 80;

/// True when `date` falls in the typical heating season, 15 October to 15 April inclusive.
///
/// Regions set their own start and end by akimat decision, depending on the weather; the
/// typical dates are used because the receiving agency's region is not known here.
pub fn in_heating_season(date: NaiveDate) -> bool {
    match date.month() {
        11 | 12 | 1..=3 => true,
        10 => date.day() >= 15,
        4 => date.day() <= 15,
        _ => false,
    }
}
