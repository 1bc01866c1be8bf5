//! Triage of one appeal text, composing the understanding crates: the language and script
//! (`sheshim-lang`), personal data found and masked (`sheshim-pii`), the appeal kind, topic
//! and competent agency (`sheshim-classify` models, which read only the masked text), and
//! urgency (`sheshim-urgency` rules, and optionally a model trained on an agency's graded
//! history: the more urgent of the two wins, so a model can raise but never silence a rule).
//!
//! Kazakh written in Latin letters — the 2021 alphabet, the 2018 one or without diacritics —
//! is read into Cyrillic once (`sheshim_lang::normalize`), and every stage reads that one
//! form, so a Latin appeal is triaged as its Cyrillic original would be. What is kept and
//! answered is the citizen's own text: findings are mapped back to its offsets and the
//! masked text is the citizen's text with the findings replaced.
//!
//! The masked text's features are extracted once and scored by every model hashing into the
//! same number of buckets, which is what keeps triage of one appeal in tens of microseconds.
//!
//! [`Triage::seed`] trains the three classifiers from a small seed corpus written for the
//! project (`corpus/seed.csv`), so triage works out of the box; an agency replaces them with
//! models trained on its own history (`sheshim train`).
//!
//! With a multilingual embedding of the masked text, [`Triage::suggest`] replaces the seed
//! models' topic and agency where similarity to the labels' descriptions, or its fusion with
//! the seed models, measured better (the table [`CHOICE`]); [`Triaged::topic_by`] and
//! [`Triaged::agency_by`] say which method spoke.

mod descriptions;
mod models;
mod suggest;

pub use descriptions::{DESCRIPTIONS, Described, Descriptions, nearest};
pub use models::{Models, SEED_BUCKETS};
pub use suggest::{
    CHOICE, COSINE_TEMPERATURE, Head, LabelVectors, Method, SEED_WEIGHT, choice,
    description_probabilities, fuse, most_probable, similarities,
};

use chrono::NaiveDate;
use models::{Buffers, Fused};
use sheshim_classify::{Classifier, Features, Scratch};
use sheshim_domain::{AppealText, Language, Script};
use sheshim_lang::LatinSpelling;
use sheshim_pii::Finding;
use sheshim_urgency::{RuleId, Urgency};
use std::cell::RefCell;
use thiserror::Error;

/// The seed corpus: 480 short appeals in kk (both scripts), ru and en, labelled with kind,
/// topic and agency. Written for the project; no sentence comes from any data set.
pub const SEED_CORPUS: &str = include_str!("../corpus/seed.csv");

/// Why a text could not be triaged. Messages never quote the text.
#[derive(Debug, Error)]
pub enum TriageError {
    /// The text has no letters to tell its language from.
    #[error("{0}")]
    Language(#[from] sheshim_lang::LangError),
    /// A classifier could not be trained or loaded.
    #[error("classifier: {0}")]
    Model(#[from] sheshim_classify::ClassifyError),
    /// An urgency model has a label that names no urgency level.
    #[error(
        "the urgency model's label {0:?} is not an urgency level (immediate, high, normal, low, or высокая, средняя, низкая)"
    )]
    UrgencyLabel(String),
    /// The descriptions of topics and agencies cannot be read.
    #[error("descriptions of topics and agencies: {0}")]
    Descriptions(String),
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
    /// How the text spells Kazakh in Latin letters, when it does; it was read into Cyrillic
    /// for every stage.
    pub kazakh_latin: Option<LatinSpelling>,
    /// The citizen's text with every finding replaced by a typed placeholder.
    pub masked_text: String,
    /// For Kazakh in Latin letters, the masked text as the models read it (in Cyrillic);
    /// see [`Triaged::reading`].
    pub masked_reading: Option<String>,
    /// Personal data found: kind, byte span in the citizen's text, confidence.
    pub findings: Vec<Finding>,
    /// The APPC kind of appeal.
    pub kind: Label,
    /// The topic.
    pub topic: Label,
    /// Which method suggested the topic.
    pub topic_by: Method,
    /// The competent agency.
    pub agency: Label,
    /// Which method suggested the agency.
    pub agency_by: Method,
    /// The urgency level: the more urgent of the rules' and the model's.
    pub urgency: Urgency,
    /// Confidence of the urgency level.
    pub urgency_confidence: f64,
    /// The rules that raised the urgency.
    pub urgency_rules: Vec<RuleId>,
    /// The urgency model's own level and probability, when triage has one.
    pub urgency_model: Option<(Urgency, f64)>,
}

impl Triaged {
    /// The masked text as the models read it: Kazakh in Latin letters read into Cyrillic,
    /// any other text as it is. This is what an embedding for [`Triage::suggest`] reads.
    pub fn reading(&self) -> &str {
        self.masked_reading.as_deref().unwrap_or(&self.masked_text)
    }
}

/// Triage of appeals with a fixed set of models.
pub struct Triage {
    models: Fused,
    /// The topic and agency classifiers on their own, for the probabilities of every label
    /// that [`Triage::suggest`] fuses (the ensemble answers only the best).
    topic: Classifier,
    agency: Classifier,
}

thread_local! {
    static BUFFERS: RefCell<Buffers> = RefCell::new(Buffers::default());
}

impl Triage {
    /// Triage with the seed models (see [`Models::seed`]).
    pub fn seed() -> Result<Triage, TriageError> {
        Triage::new(&Models::seed()?)
    }

    /// Triage with the given models (e.g. trained on an agency's own history).
    ///
    /// # Errors
    ///
    /// [`TriageError::UrgencyLabel`] naming the first label of the urgency model that is no
    /// urgency level.
    pub fn new(models: &Models) -> Result<Triage, TriageError> {
        Ok(Triage {
            models: Fused::new(models)?,
            topic: models.topic.clone(),
            agency: models.agency.clone(),
        })
    }

    /// Triages one appeal received on `received_on` (the date decides the heating season).
    ///
    /// # Errors
    ///
    /// [`TriageError::Language`] when the text has no letters to tell its language from.
    pub fn triage(
        &self,
        text: &AppealText,
        received_on: NaiveDate,
    ) -> Result<Triaged, TriageError> {
        let original = text.as_str();
        let detection = sheshim_lang::detect(original)?;
        // Kazakh in Latin letters is read into Cyrillic once; every stage reads `reading`.
        let reading = sheshim_lang::normalize(original, detection.kazakh_latin);
        let mut findings = sheshim_pii::find(reading.as_str());
        let masked_reading = sheshim_pii::mask(reading.as_str(), &findings);
        // The answer keeps the citizen's own text: findings in its offsets, and it masked.
        let masked_original = (!reading.is_original()).then(|| {
            for finding in &mut findings {
                (finding.start, finding.end) = reading.original_span(finding.start, finding.end);
            }
            sheshim_pii::mask(original, &findings)
        });
        let assessment = sheshim_urgency::assess(reading.as_str(), received_on);
        // Each rule once, in the order it first fired: a rule that matched twice with another
        // between (a winter outage, an outage, a winter outage again) is named once.
        let mut urgency_rules: Vec<RuleId> = Vec::new();
        for reason in &assessment.reasons {
            if !urgency_rules.contains(&reason.rule) {
                urgency_rules.push(reason.rule);
            }
        }
        let labels = BUFFERS.with(|buffers| {
            let mut fresh = Buffers::default();
            let mut guard = buffers.try_borrow_mut();
            let buffers = match guard.as_deref_mut() {
                Ok(buffers) => buffers,
                Err(_) => &mut fresh,
            };
            self.models.classify(&masked_reading, buffers)
        })?;
        let urgency_model = labels.urgency;
        let rules_fired = !urgency_rules.is_empty();
        let (urgency, urgency_confidence) = match urgency_model {
            // Without rule evidence the model's grading stands, including "low".
            Some(model) if !rules_fired => model,
            // A rule can only be raised by the model, never lowered.
            Some((level, p)) if level < assessment.level => (level, p),
            Some((level, p)) if level == assessment.level => (level, p.max(assessment.confidence)),
            _ => (assessment.level, assessment.confidence),
        };
        // The reading is kept beside the citizen's text only when the two differ.
        let (masked_text, masked_reading) = match masked_original {
            Some(original) => (original, Some(masked_reading)),
            None => (masked_reading, None),
        };
        Ok(Triaged {
            language: detection.language,
            script: detection.script,
            language_confidence: detection.confidence,
            mix: detection.mixed.map(|m| (m.kk_share, m.ru_share)),
            kazakh_latin: reading.spelling(),
            kind: labels.kind,
            topic: labels.topic,
            topic_by: Method::Seed,
            agency: labels.agency,
            agency_by: Method::Seed,
            masked_text,
            masked_reading,
            findings,
            urgency,
            urgency_confidence,
            urgency_rules,
            urgency_model,
        })
    }

    /// Suggests the topic and the agency of a triaged appeal by the method [`CHOICE`] names
    /// for its language, given `appeal`, the embedding of [`Triaged::reading`] (as a query,
    /// for e5), and the labels' description vectors from the same embedding. Where the
    /// choice is the seed model, or the appeal's vector and the labels' differ in length, the
    /// seed model's label stays.
    pub fn suggest(&self, triaged: &mut Triaged, appeal: &[f32], labels: &LabelVectors) {
        for head in [Head::Topic, Head::Agency] {
            let method = choice(head, triaged.language);
            let vectors = labels.of(head);
            if method == Method::Seed
                || vectors
                    .iter()
                    .flat_map(|(_, v)| v)
                    .any(|v| v.len() != appeal.len())
            {
                continue;
            }
            let cosines = similarities(appeal, vectors);
            let described: Vec<(&str, f64)> = vectors
                .iter()
                .map(|(label, _)| label.as_str())
                .zip(description_probabilities(&cosines))
                .collect();
            let model = match head {
                Head::Topic => &self.topic,
                Head::Agency => &self.agency,
            };
            let suggested = match method {
                Method::Seed => continue,
                Method::Descriptions => most_probable(&described),
                Method::Fused => {
                    // The seed model reads the text as triage does: the features of the masked
                    // reading, hashed into the model's buckets.
                    let mut features = Features::new();
                    features.extract_normalized(
                        triaged.reading(),
                        model.buckets(),
                        &mut Scratch::new(),
                    );
                    let Ok(p) = model.probabilities_of(&features) else {
                        continue;
                    };
                    let seed: Vec<(&str, f64)> =
                        model.labels().iter().map(String::as_str).zip(p).collect();
                    fuse(&seed, &described)
                }
            };
            let Some(suggested) = suggested else { continue };
            match head {
                Head::Topic => (triaged.topic, triaged.topic_by) = (suggested, method),
                Head::Agency => (triaged.agency, triaged.agency_by) = (suggested, method),
            }
        }
    }
}
