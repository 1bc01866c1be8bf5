//! Triage of one appeal text, composing the understanding crates: the language and script
//! (`sheshim-lang`), personal data found and masked (`sheshim-pii`), the appeal kind, topic
//! and competent agency (`sheshim-classify` models, which read only the masked text), and
//! urgency (`sheshim-urgency` rules).
//!
//! [`Triage::seed`] trains the three classifiers from a small seed corpus written for the
//! project (`corpus/seed.csv`), so triage works out of the box; an agency replaces them with
//! models trained on its own history (`sheshim train`).

use chrono::NaiveDate;
use sheshim_classify::{Classifier, TrainOptions, read_labeled_csv};
use sheshim_domain::{AppealText, Language, Script};
use sheshim_pii::Finding;
use sheshim_urgency::{RuleId, Urgency};
use thiserror::Error;

/// The seed corpus: 480 short appeals in kk (both scripts), ru and en, labelled with kind,
/// topic and agency. Written for the project; no sentence comes from any data set.
pub const SEED_CORPUS: &str = include_str!("../corpus/seed.csv");

/// Why a text could not be triaged. Messages never quote the text.
#[derive(Debug, Error)]
pub enum TriageError {
    /// The text is empty, too long or holds control characters.
    #[error("{0}")]
    Text(#[from] sheshim_domain::AppealTextError),
    /// The text has no letters to tell its language from.
    #[error("{0}")]
    Language(#[from] sheshim_lang::LangError),
    /// A classifier could not be trained or loaded.
    #[error("classifier: {0}")]
    Model(#[from] sheshim_classify::ClassifyError),
}

/// A label with the classifier's calibrated confidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// The label.
    pub value: String,
    /// Probability of the label, 0..=1.
    pub confidence: f64,
}

/// What triage found.
#[derive(Debug, Clone)]
pub struct Triaged {
    /// The language of the appeal.
    pub language: Language,
    /// Its script.
    pub script: Script,
    /// Confidence of the language and script.
    pub language_confidence: f64,
    /// Shares of Kazakh and Russian when the text mixes them.
    pub mix: Option<(f64, f64)>,
    /// The text with every finding replaced by a typed placeholder.
    pub masked_text: String,
    /// Personal data found: kind, byte span in the original text, confidence.
    pub findings: Vec<Finding>,
    /// The APPC kind of appeal.
    pub kind: Label,
    /// The topic.
    pub topic: Label,
    /// The competent agency.
    pub agency: Label,
    /// The urgency level.
    pub urgency: Urgency,
    /// Confidence of the urgency level.
    pub urgency_confidence: f64,
    /// The rules that raised the urgency.
    pub urgency_rules: Vec<RuleId>,
}

/// The three classifiers triage uses.
pub struct Triage {
    kind: Classifier,
    topic: Classifier,
    agency: Classifier,
}

impl Triage {
    /// Classifiers trained from the seed corpus (a fraction of a second).
    pub fn seed() -> Result<Triage, TriageError> {
        let column = |label: &str| -> Result<Classifier, TriageError> {
            let pairs = read_labeled_csv(SEED_CORPUS, "text", label)?;
            let texts: Vec<&str> = pairs.iter().map(|(t, _)| t.as_str()).collect();
            let labels: Vec<&str> = pairs.iter().map(|(_, l)| l.as_str()).collect();
            let options = TrainOptions {
                // A fixed date keeps the seed models byte-identical from build to build.
                training_date: "seed".to_owned(),
                ..TrainOptions::default()
            };
            Ok(Classifier::train(&texts, &labels, &options)?)
        };
        Ok(Triage {
            kind: column("kind")?,
            topic: column("topic")?,
            agency: column("agency")?,
        })
    }

    /// Triage with the given classifiers (e.g. trained on an agency's own history).
    pub fn with_models(kind: Classifier, topic: Classifier, agency: Classifier) -> Triage {
        Triage {
            kind,
            topic,
            agency,
        }
    }

    /// Triages one appeal received on `received_on` (the date decides the heating season).
    pub fn triage(&self, text: &str, received_on: NaiveDate) -> Result<Triaged, TriageError> {
        let text = AppealText::parse(text)?;
        let text = text.as_str();
        let detection = sheshim_lang::detect(text)?;
        let findings = sheshim_pii::find(text);
        let masked_text = sheshim_pii::mask(text, &findings);
        let label = |model: &Classifier| {
            let prediction = model.predict(&masked_text);
            Label {
                value: prediction.label,
                confidence: prediction.confidence,
            }
        };
        let assessment = sheshim_urgency::assess(text, received_on);
        let mut urgency_rules: Vec<RuleId> = assessment.reasons.iter().map(|r| r.rule).collect();
        urgency_rules.dedup();
        Ok(Triaged {
            language: detection.language,
            script: detection.script,
            language_confidence: detection.confidence,
            mix: detection.mixed.map(|m| (m.kk_share, m.ru_share)),
            kind: label(&self.kind),
            topic: label(&self.topic),
            agency: label(&self.agency),
            masked_text,
            findings,
            urgency: assessment.level,
            urgency_confidence: assessment.confidence,
            urgency_rules,
        })
    }
}
