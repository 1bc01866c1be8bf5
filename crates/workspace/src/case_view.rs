//! The case page's content, built from the stored case, its record and its history: the
//! whole picture an officer needs on one screen, in the officer's language. Personal data
//! stays masked here; the unmask form is the only way to the text as written.

use crate::format;
use crate::i18n::Tr;
use crate::queue_view::{URGENCIES, code_words, working_days_left};
use chrono::NaiveDate;
use sheshim_engine::record::CaseRecord;
use sheshim_store::{StoredAuditEntry, StoredCase};
use std::collections::BTreeMap;

/// A label and a value.
#[derive(Debug, Clone)]
pub struct Pair {
    /// The label, in words.
    pub label: String,
    /// The value, as shown.
    pub value: String,
}

/// A claim beside the registry's fact.
#[derive(Debug, Clone)]
pub struct FactRow {
    /// The input's name.
    pub input: String,
    /// What the applicant claimed.
    pub claimed: String,
    /// What the registry says.
    pub registry: String,
    /// Where from, as of when.
    pub source: String,
    /// Whether the two differ.
    pub differs: bool,
}

/// One line of the history.
#[derive(Debug, Clone)]
pub struct HistoryLine {
    /// When, in Kazakhstan time.
    pub at: String,
    /// Who: a person's login, or the machine with its version.
    pub who: String,
    /// What, in words.
    pub what: String,
    /// The details worth reading (reason, outcome, assignee …).
    pub details: String,
}

/// Everything the case page shows.
#[derive(Debug, Clone, Default)]
pub struct CaseContent {
    /// The masked text, when triage has read it.
    pub masked_text: Option<String>,
    /// Kinds of personal data found, with counts.
    pub findings: Vec<Pair>,
    /// Triage's reading.
    pub triage: Vec<Pair>,
    /// Claims and facts.
    pub facts: Vec<FactRow>,
    /// Registry gaps or unavailability.
    pub registry_notes: Vec<String>,
    /// The decision's outcome and amount.
    pub decision: Vec<Pair>,
    /// The decisions evaluated, their results and the rules that fired.
    pub trace: Vec<Pair>,
    /// The inputs the rules read.
    pub inputs: Vec<Pair>,
    /// The parameters in force, with their acts.
    pub parameters: Vec<Pair>,
    /// The citations of the decision.
    pub citations: Vec<String>,
    /// How the case was routed and why.
    pub routing: Vec<String>,
    /// The draft letter.
    pub draft: Option<String>,
    /// The draft's AI label.
    pub draft_label: Option<String>,
    /// The draft's template: service and version.
    pub template: Option<String>,
    /// What a grounded draft was made from.
    pub sources: Option<crate::sources_view::SourcesView>,
    /// The answer issued.
    pub issued: Option<String>,
    /// The clocks.
    pub clocks: Vec<Pair>,
    /// The history.
    pub history: Vec<HistoryLine>,
}

impl CaseContent {
    /// Builds the page's content.
    ///
    /// `record` is the case's record, opened from `case`; `inputs_of_claims` maps the service's claim names to the decision inputs they state.
    pub fn new(
        t: &Tr,
        case: &StoredCase,
        record: &CaseRecord,
        history: &[StoredAuditEntry],
        today: NaiveDate,
        inputs_of_claims: &BTreeMap<String, String>,
    ) -> CaseContent {
        let language = t.language();
        let mut content = CaseContent::default();
        if let Some(triage) = &record.triage {
            content.masked_text = Some(triage.masked_text.clone());
            let mut counts = BTreeMap::<String, usize>::new();
            for found in &triage.findings {
                *counts.entry(found.kind.clone()).or_default() += 1;
            }
            content.findings = counts
                .into_iter()
                .map(|(kind, count)| Pair {
                    label: code_words(t, "finding", &kind),
                    value: count.to_string(),
                })
                .collect();
            // The method that suggested a topic or an agency follows it, when the record
            // keeps it (records written before it was kept do not).
            let scored = |s: &sheshim_engine::record::Scored, family: &str| {
                let by =
                    s.by.as_deref()
                        .map(|by| format!(", {}", code_words(t, "triage-by", by)))
                        .unwrap_or_default();
                format!(
                    "{} ({:.0} %{by})",
                    code_words(t, family, &s.value),
                    s.confidence * 100.0
                )
            };
            content.triage = vec![
                pair(
                    t,
                    "case-triage-language",
                    format!("{} / {}", triage.language, triage.script),
                ),
                pair(t, "case-triage-kind", scored(&triage.kind, "kind")),
                pair(t, "case-triage-topic", scored(&triage.topic, "topic")),
                pair(t, "case-triage-agency", scored(&triage.agency, "agency")),
                pair(
                    t,
                    "case-triage-urgency",
                    format!(
                        "{} {}",
                        code_words(t, "urgency", &triage.urgency),
                        triage.urgency_rules.join(", ")
                    ),
                ),
                pair(t, "case-triage-models", triage.models.clone()),
            ];
        }
        content.facts = fact_rows(case, record, language, inputs_of_claims);
        if let Some(registry) = &record.registry {
            content.registry_notes.extend(
                registry
                    .gaps
                    .iter()
                    .map(|gap| t.t1("case-registry-gap", "fact", gap)),
            );
            if let Some(why) = &registry.unavailable {
                content
                    .registry_notes
                    .push(t.t1("case-registry-unavailable", "why", why));
            }
        }
        if let Some(decision) = &record.decision {
            content.decision = vec![
                pair(
                    t,
                    "case-decision-outcome",
                    code_words(t, "outcome", &decision.outcome),
                ),
                pair(
                    t,
                    "case-decision-as-of",
                    format::date(language, decision.as_of),
                ),
            ];
            if let Some(amount) = decision.amount_tiyn {
                content
                    .decision
                    .push(pair(t, "case-decision-amount", tenge(amount)));
            }
            if let Some(service) = &record.service {
                content.decision.push(pair(
                    t,
                    "case-decision-rules",
                    format!("{} · {}", service.code, service.version),
                ));
            }
            let trace = Trace::read(t, &decision.decided);
            content.trace = trace.fired;
            content.inputs = trace.inputs;
            content.parameters = trace.parameters;
            content.citations = decision.citations.clone();
        }
        if let Some(routing) = &record.routing {
            content
                .routing
                .push(code_words(t, "automation", &routing.automation));
            content
                .routing
                .extend(routing.reasons.iter().map(|r| code_words(t, "reason", r)));
        }
        if let Some(draft) = &record.draft {
            content.draft = Some(draft.text.clone());
            content.draft_label = Some(draft.label_text.clone());
            content.template = record.service.as_ref().map(|s| {
                t.t1(
                    "case-draft-template",
                    "service",
                    &format!("{} · {} · {}", s.code, s.version, draft.language),
                )
            });
        }
        content.sources = crate::sources_view::sources_view(t, record);
        content.issued = record.issued.as_ref().map(|answer| answer.text.clone());
        content.clocks = clocks(t, case, record, today);
        content.history = history
            .iter()
            .map(|stored| history_line(t, stored))
            .collect();
        content
    }
}

fn pair(t: &Tr, id: &str, value: String) -> Pair {
    Pair {
        label: t.t(id),
        value,
    }
}

fn tenge(tiyn: i64) -> String {
    format!("{}.{:02} ₸", tiyn / 100, (tiyn % 100).abs())
}

fn show_value(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Null => "—".to_owned(),
        other => other.to_string(),
    }
}

/// Every claim beside the registry's fact for the same input, then facts nobody claimed.
fn fact_rows(
    case: &StoredCase,
    record: &CaseRecord,
    language: sheshim_domain::Language,
    inputs_of_claims: &BTreeMap<String, String>,
) -> Vec<FactRow> {
    let claims = case
        .claims
        .as_ref()
        .and_then(|c| c.as_object().cloned())
        .unwrap_or_default();
    let facts = record
        .registry
        .as_ref()
        .map(|r| r.facts.clone())
        .unwrap_or_default();
    let mut rows = Vec::new();
    let mut shown = Vec::new();
    for (input, claimed) in &claims {
        // A claim is keyed by its claim name (`birth_order`), a fact and a difference by the
        // decision's input (`Birth order`); the difference names the claim's field, which
        // joins the two.
        let field = format!("claims.{input}");
        let difference = record.differences.iter().find(|d| d.field == field);
        // The service's definition says which input a claim states, so a claim the registry
        // agrees with lines up with its fact too.
        let stated = inputs_of_claims.get(input);
        let fact = facts.iter().find(|f| {
            &f.input == input
                || stated == Some(&f.input)
                || difference.is_some_and(|d| d.input == f.input)
        });
        if let Some(fact) = fact {
            shown.push(fact.input.clone());
        }
        rows.push(FactRow {
            input: difference.map_or_else(|| input.clone(), |d| d.input.clone()),
            claimed: show_value(claimed),
            registry: difference
                .map(|d| d.registry.clone())
                .or_else(|| fact.map(|f| show_value(&f.value)))
                .unwrap_or_else(|| "—".to_owned()),
            source: fact
                .map(|f| format!("{} · {}", f.source, format::date(language, f.as_of)))
                .unwrap_or_default(),
            differs: difference.is_some(),
        });
    }
    for fact in facts.iter().filter(|f| !shown.contains(&f.input)) {
        rows.push(FactRow {
            input: fact.input.clone(),
            claimed: "—".to_owned(),
            registry: show_value(&fact.value),
            source: format!("{} · {}", fact.source, format::date(language, fact.as_of)),
            differs: false,
        });
    }
    rows
}

fn clocks(t: &Tr, case: &StoredCase, record: &CaseRecord, today: NaiveDate) -> Vec<Pair> {
    let language = t.language();
    let appeal = &case.appeal;
    let mut clocks = vec![
        pair(
            t,
            "case-clock-received",
            format::date_time(language, appeal.received_at),
        ),
        pair(
            t,
            "case-clock-registered",
            format::date(language, appeal.registered_on),
        ),
        pair(
            t,
            "case-clock-deadline",
            format::date(language, appeal.deadline),
        ),
        pair(
            t,
            "case-clock-days-left",
            working_days_left(today, appeal.deadline).to_string(),
        ),
    ];
    if let Ok(due) = sheshim_calendar::appc::forwarding_deadline(
        sheshim_calendar::Calendar::kazakhstan(),
        appeal.registered_on,
    ) {
        clocks.push(pair(
            t,
            "case-clock-forwarding",
            format::date(language, due),
        ));
    }
    if let Some(hearing) = &record.hearing {
        clocks.push(pair(
            t,
            "case-clock-hearing-notice",
            format::date(language, hearing.notice_on),
        ));
        clocks.push(pair(
            t,
            "case-clock-hearing-final",
            format::date(language, hearing.earliest_final_on),
        ));
    }
    if let Some(extension) = &record.extension {
        clocks.push(pair(
            t,
            "case-clock-extended",
            format!(
                "{} → {}",
                format::date(language, extension.previous_deadline),
                format::date(language, extension.new_deadline)
            ),
        ));
    }
    clocks.push(pair(
        t,
        "case-urgency",
        code_words(t, "urgency", URGENCIES[usize::from(case.urgency.min(3))]),
    ));
    clocks
}

fn history_line(t: &Tr, stored: &StoredAuditEntry) -> HistoryLine {
    let entry = &stored.entry;
    let who = match entry.actor.strip_prefix("user:") {
        Some(login) => login.to_owned(),
        None if entry.actor.starts_with("sheshim") || entry.actor == "system" => {
            t.t1("history-machine", "version", &entry.actor)
        }
        None => entry.actor.clone(),
    };
    let what = code_words(t, "history", &entry.action.replace('.', "-"));
    // Only the fields an officer reads; the payload never holds personal data (the store
    // keeps that sealed elsewhere).
    let details = [
        "outcome",
        "reason",
        "assignee",
        "agency",
        "new_deadline",
        "status",
        "automation",
    ]
    .iter()
    .filter_map(|key| {
        entry
            .payload
            .get(*key)
            .filter(|v| !v.is_null())
            .map(|v| format!("{}: {}", code_words(t, "field", key), show_value(v)))
    })
    .collect::<Vec<_>>()
    .join("; ");
    HistoryLine {
        at: format::date_time(t.language(), entry.at),
        who,
        what,
        details,
    }
}

/// What the decision's trace says, read for a person: which decisions gave what and by which
/// rules (with their legal basis), what they read, and the parameters in force.
struct Trace {
    fired: Vec<Pair>,
    inputs: Vec<Pair>,
    parameters: Vec<Pair>,
}

impl Trace {
    fn read(t: &Tr, decided: &serde_json::Value) -> Trace {
        let mut fired = Vec::new();
        let mut inputs = BTreeMap::new();
        let decisions = decided
            .pointer("/trace/decisions")
            .and_then(serde_json::Value::as_array)
            .cloned()
            .unwrap_or_default();
        for decision in &decisions {
            let name = decision["decision"].as_str().unwrap_or("?").to_owned();
            let mut rules = Vec::new();
            for table in decision["tables"].as_array().into_iter().flatten() {
                for rule in table["matched"].as_array().into_iter().flatten() {
                    let basis = rule
                        .pointer("/annotations/legal basis")
                        .and_then(serde_json::Value::as_str)
                        .map(|b| format!(" — {b}"))
                        .unwrap_or_default();
                    rules.push(format!(
                        "#{} {}{basis}",
                        rule["number"],
                        rule["id"].as_str().unwrap_or_default()
                    ));
                }
            }
            let result = show_value(&decision["result"]);
            let value = if rules.is_empty() {
                result
            } else {
                format!("{result}; {}", rules.join("; "))
            };
            fired.push(Pair { label: name, value });
            if let Some(read) = decision["inputs"].as_object() {
                for (input, value) in read {
                    inputs.insert(input.clone(), show_value(value));
                }
            }
        }
        let parameters = decided["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| {
                let period = format!(
                    "{} – {}",
                    p["from"].as_str().unwrap_or("…"),
                    p["until"].as_str().unwrap_or("…")
                );
                let unverified = if p["verified"] == serde_json::Value::Bool(false) {
                    format!(" ({})", t.t("case-parameter-unverified"))
                } else {
                    String::new()
                };
                Pair {
                    label: p["name"].as_str().unwrap_or("?").to_owned(),
                    value: format!(
                        "{} · {period} · {}{unverified}",
                        show_value(&p["value"]),
                        p["act"].as_str().unwrap_or("—")
                    ),
                }
            })
            .collect();
        Trace {
            fired,
            inputs: inputs
                .into_iter()
                .map(|(label, value)| Pair { label, value })
                .collect(),
            parameters,
        }
    }
}
