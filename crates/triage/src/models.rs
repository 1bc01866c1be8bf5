//! The classifiers triage scores, and their fusion into ensembles.
//!
//! [`Models`] is what a caller chooses: the seed models, an agency's own, or a mix. Triage
//! fuses them into one [`Ensemble`] per bucket count (usually one), so the masked text's
//! features are extracted once per ensemble and every model is scored in the same pass.

use sheshim_classify::{Classifier, Ensemble, Features, Scratch, TrainOptions, read_labeled_csv};
use sheshim_urgency::Urgency;

use crate::{Label, SEED_CORPUS, TriageError};

/// Hash buckets of the seed models. The seed corpus is small, so 2^15 buckets lose nothing
/// against the default 2^18 (held-out seed accuracy with feature version 2: kind 0.58, topic
/// 0.52, agency 0.63 at 2^15; 0.57, 0.49, 0.63 at 2^18; with version 3, which reads the
/// corpus's Latin Kazakh rows as Cyrillic: 0.61, 0.60, 0.69 at 2^15), and the fused weights
/// (about 2.6 MB) mostly stay in cache, where scoring spends its time.
pub const SEED_BUCKETS: u32 = 1 << 15;

/// The classifiers of a triage.
#[derive(Debug, Clone)]
pub struct Models {
    /// Labels the APPC kind of appeal.
    pub kind: Classifier,
    /// Labels the topic.
    pub topic: Classifier,
    /// Labels the competent agency.
    pub agency: Classifier,
    /// Grades urgency beside the rules; its labels must be urgency levels (see
    /// [`Urgency::parse`]). The seed corpus has no urgency grades, so the seed has none.
    pub urgency: Option<Classifier>,
}

impl Models {
    /// Classifiers trained from the seed corpus (a fraction of a second in a release build).
    pub fn seed() -> Result<Models, TriageError> {
        let column = |label: &str| -> Result<Classifier, TriageError> {
            let pairs = read_labeled_csv(SEED_CORPUS, "text", label)?;
            let texts: Vec<&str> = pairs.iter().map(|(t, _)| t.as_str()).collect();
            let labels: Vec<&str> = pairs.iter().map(|(_, l)| l.as_str()).collect();
            let options = TrainOptions {
                // A fixed date keeps the seed models byte-identical from build to build.
                training_date: "seed".to_owned(),
                buckets: SEED_BUCKETS,
                ..TrainOptions::default()
            };
            Ok(Classifier::train(&texts, &labels, &options)?)
        };
        Ok(Models {
            kind: column("kind")?,
            topic: column("topic")?,
            agency: column("agency")?,
            urgency: None,
        })
    }
}

/// Where one model's answers are: which ensemble, which head.
#[derive(Debug, Clone, Copy)]
struct Place {
    group: usize,
    head: usize,
}

/// The models fused for scoring.
pub(crate) struct Fused {
    groups: Vec<Ensemble>,
    kind: Place,
    topic: Place,
    agency: Place,
    /// The urgency model's place and the level each of its labels means, in label order.
    urgency: Option<(Place, Vec<Urgency>)>,
}

/// What the models said about one masked text.
pub(crate) struct Labels {
    pub kind: Label,
    pub topic: Label,
    pub agency: Label,
    pub urgency: Option<(Urgency, f64)>,
}

/// Buffers reused from one appeal to the next.
#[derive(Default)]
pub(crate) struct Buffers {
    scratch: Scratch,
    features: Features,
    answers: Vec<Vec<(usize, f64)>>,
}

impl Fused {
    /// Groups the models by bucket count and fuses each group.
    pub(crate) fn new(models: &Models) -> Result<Fused, TriageError> {
        let levels = match &models.urgency {
            Some(model) => Some(
                model
                    .labels()
                    .iter()
                    .map(|label| {
                        Urgency::parse(label)
                            .ok_or_else(|| TriageError::UrgencyLabel(label.clone()))
                    })
                    .collect::<Result<Vec<_>, _>>()?,
            ),
            None => None,
        };
        let roles = [
            Some(&models.kind),
            Some(&models.topic),
            Some(&models.agency),
            models.urgency.as_ref(),
        ];
        let mut members: Vec<Vec<&Classifier>> = Vec::new();
        let mut places = [None; 4];
        for (model, at) in roles.into_iter().zip(&mut places) {
            let Some(model) = model else { continue };
            let group = match members
                .iter()
                .position(|g| g[0].buckets() == model.buckets())
            {
                Some(group) => group,
                None => {
                    members.push(Vec::new());
                    members.len() - 1
                }
            };
            members[group].push(model);
            *at = Some(Place {
                group,
                head: members[group].len() - 1,
            });
        }
        let [Some(kind), Some(topic), Some(agency), urgency] = places else {
            unreachable!("the kind, topic and agency models are always placed");
        };
        let groups = members
            .iter()
            .map(|g| Ensemble::new(g))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Fused {
            groups,
            kind,
            topic,
            agency,
            urgency: urgency.zip(levels),
        })
    }

    /// Scores every model on `masked_text` (already read by `sheshim_lang::normalize`),
    /// extracting features once per ensemble.
    pub(crate) fn classify(
        &self,
        masked_text: &str,
        buffers: &mut Buffers,
    ) -> Result<Labels, TriageError> {
        let Buffers {
            scratch,
            features,
            answers,
        } = buffers;
        answers.resize_with(self.groups.len(), Vec::new);
        for (ensemble, answer) in self.groups.iter().zip(answers.iter_mut()) {
            features.extract_normalized(masked_text, ensemble.buckets(), scratch);
            ensemble.top(features, answer)?;
        }
        let label = |at: Place| {
            let (class, confidence) = answers[at.group][at.head];
            Label {
                value: self.groups[at.group].labels(at.head)[class].clone(),
                confidence,
            }
        };
        let urgency = self.urgency.as_ref().map(|(at, levels)| {
            let (class, p) = answers[at.group][at.head];
            (levels[class], p)
        });
        Ok(Labels {
            kind: label(self.kind),
            topic: label(self.topic),
            agency: label(self.agency),
            urgency,
        })
    }
}
