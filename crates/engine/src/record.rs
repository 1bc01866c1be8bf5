//! The engine's record of a case: what the pipeline read, fetched and decided, what was
//! drafted and issued, and the procedural clocks (hearing, extension, forwarding). It is kept
//! as one sealed JSON document beside the appeal, and is what `sheshim case export` prints
//! together with the appeal and its history.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Everything the engine knows about a case beyond the appeal itself.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CaseRecord {
    /// What the text says, as the triage models read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub triage: Option<TriageRecord>,
    /// The service and the version of its rules and templates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<ServiceRef>,
    /// The registry asked and what came of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry: Option<RegistryRecord>,
    /// Claims the registry contradicts, field by field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub differences: Vec<Difference>,
    /// The machine's decision under the rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<DecisionRecord>,
    /// How the case was routed, and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routing: Option<Routing>,
    /// What a grounded draft was made from: the template, the index and the sources (for
    /// appeals that rules do not decide).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grounding: Option<crate::grounding::GroundingRecord>,
    /// The answer drafted for an officer (or issued as it is).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft: Option<Answer>,
    /// The answer issued to the applicant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<Answer>,
    /// The hearing before an adverse act (APPC art. 73).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hearing: Option<Hearing>,
    /// The extension of the deadline, at most one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<Extension>,
    /// Where the case was forwarded to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forwarded_to: Option<Forwarding>,
    /// The case this one was forwarded from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forwarded_from: Option<String>,
    /// An officer's override of the machine's outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_reason: Option<String>,
    /// Why the applicant withdrew, or the officer recorded a withdrawal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawal: Option<String>,
}

/// A suggestion of a classifier with its calibrated confidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scored {
    /// The label.
    pub value: String,
    /// Its confidence, 0–1.
    pub confidence: f64,
    /// For the topic and the agency, which method suggested it: `seed` (the n-gram models
    /// the record's `models` names), `descriptions` (the label whose description is nearest
    /// by the embedding) or `fused` (the two averaged); absent from records written before
    /// it was kept, and for the kind, which only the models suggest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
}

/// A piece of personal data found in the text (its kind and where; never the value).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FoundData {
    /// E.g. `IIN`, `PHONE`, `HEALTH`.
    pub kind: String,
    /// Byte offsets in the citizen's text.
    pub start: usize,
    /// End offset (exclusive).
    pub end: usize,
}

/// The triage of the text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TriageRecord {
    /// `kk`, `ru` or `en`.
    pub language: String,
    /// `cyrillic` or `latin`.
    pub script: String,
    /// For Kazakh in Latin letters, the spelling it was read in.
    pub spelling: Option<String>,
    /// The text with personal data replaced by typed placeholders.
    pub masked_text: String,
    /// Personal data found.
    pub findings: Vec<FoundData>,
    /// The APPC kind the text reads as.
    pub kind: Scored,
    /// The topic.
    pub topic: Scored,
    /// The competent agency.
    pub agency: Scored,
    /// `immediate`, `high`, `normal` or `low`.
    pub urgency: String,
    /// The urgency rules that fired.
    pub urgency_rules: Vec<String>,
    /// The models' version, recorded with every triage.
    pub models: String,
}

/// A service and the content hash of its folder when it decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRef {
    /// The service code.
    pub code: String,
    /// The content hash of its folder.
    pub version: String,
}

/// One registry fact a decision input was taken from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FactUsed {
    /// The decision's input.
    pub input: String,
    /// The fact's name.
    pub fact: String,
    /// The value.
    pub value: serde_json::Value,
    /// The registry it came from.
    pub source: String,
    /// The registry's date of it.
    pub as_of: NaiveDate,
}

/// What the registry was asked and what it answered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegistryRecord {
    /// The registry's name.
    pub registry: String,
    /// The facts used.
    pub facts: Vec<FactUsed>,
    /// Facts the registry did not give, as `input: fact`.
    pub gaps: Vec<String>,
    /// Why the registry gave nothing at all, if it did not.
    pub unavailable: Option<String>,
}

/// A claim the registry contradicts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Difference {
    /// The claim's field, e.g. `claims.birth_order`.
    pub field: String,
    /// The decision's input.
    pub input: String,
    /// The registry fact.
    pub fact: String,
    /// What the applicant stated (FEEL literal).
    pub claimed: String,
    /// What the registry holds (FEEL literal).
    pub registry: String,
}

/// The machine's decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionRecord {
    /// The date the rules were applied as of (the registration date).
    pub as_of: NaiveDate,
    /// `granted`, `denied` or `none`.
    pub outcome: String,
    /// The amount in tiyn, if any.
    pub amount_tiyn: Option<i64>,
    /// The decision as `sheshim decide` prints it: result, parameters in force with their
    /// acts, and the trace of the rules that fired.
    pub decided: serde_json::Value,
    /// The legal citations of the rules that fired, then the service's own.
    pub citations: Vec<String>,
}

/// How a case was routed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Routing {
    /// `automatic`, `draft` or `human`.
    pub automation: String,
    /// Why it went to a person, in order.
    pub reasons: Vec<String>,
}

/// An answer, drafted or issued.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// `kk`, `ru` or `en`.
    pub language: String,
    /// `cyrillic` or `latin`.
    pub script: String,
    /// The letter: its body, then the AI label on a line of its own.
    pub text: String,
    /// The letter without the label (what an officer edits).
    pub body: String,
    /// The visible AI label sentence.
    pub label_text: String,
    /// `granted`, `denied`, `answered`, …
    pub outcome: String,
    /// The amount in tiyn, if any.
    pub amount_tiyn: Option<i64>,
    /// The machine-readable AI label (AI law, art. 21).
    pub ai: AiLabel,
    /// When it was issued.
    pub issued_at: Option<DateTime<Utc>>,
    /// Who issued it: `system:sheshim@…` or `user:<login>`.
    pub issued_by: Option<String>,
    /// The officer's changes to the draft, as a unified diff.
    pub diff: Option<String>,
}

/// The machine-readable label of an answer prepared with AI.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AiLabel {
    /// Whether an AI system prepared (part of) the answer.
    pub prepared_with_ai: bool,
    /// The system.
    pub system: String,
    /// Its version.
    pub version: String,
    /// The officer who checked it, if one did.
    pub checked_by: Option<String>,
}

/// A hearing before an adverse act.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hearing {
    /// The day the notice was issued.
    pub notice_on: NaiveDate,
    /// The first day the final act may be issued without a reply.
    pub earliest_final_on: NaiveDate,
    /// The preliminary outcome the notice announced.
    pub preliminary_outcome: String,
    /// The applicant's reply, if any.
    pub reply: Option<String>,
    /// When the reply was recorded.
    pub replied_at: Option<DateTime<Utc>>,
}

/// An extension of the deadline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    /// The officer's reasons.
    pub reason: String,
    /// The deadline before.
    pub previous_deadline: NaiveDate,
    /// The deadline after.
    pub new_deadline: NaiveDate,
    /// The applicant must be told by this day.
    pub notify_by: NaiveDate,
    /// Who extended it.
    pub by: String,
}

/// A forwarding to the competent agency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forwarding {
    /// The agency.
    pub agency: String,
    /// The number the receiving agency's case got.
    pub registration_number: String,
    /// Why.
    pub reason: String,
}
