//! Drafting answers from a service's Fluent templates: the outcome, the amount, the facts
//! relied on, the articles cited, the route of appeal, how to ask for a person's review, and
//! the AI label — a visible sentence in the answer's language and a machine-readable
//! [`AiLabel`] naming the system and its version (AI law, art. 21).

use crate::flow::SYSTEM;
use crate::record::{AiLabel, Answer, CaseRecord};
use chrono::NaiveDate;
use sheshim_domain::{Appeal, Language, Script};
use sheshim_services::{Amount, AnswerArg, Service, ServiceError};

/// The script an answer in `language` is written in: Kazakh in the script the citizen used.
pub(crate) fn answer_script(language: Language, record: &CaseRecord) -> Script {
    let latin = record
        .triage
        .as_ref()
        .is_some_and(|t| t.language == "kk" && t.script == "latin");
    if language == Language::Kk && latin {
        Script::Latin
    } else {
        Script::Cyrillic
    }
}

/// What an answer is drafted from.
pub(crate) struct DraftInput<'a> {
    pub service: &'a Service,
    pub appeal: &'a Appeal,
    pub record: &'a CaseRecord,
    /// The template: `granted`, `denied`, `acknowledgement`, `answer-skeleton`.
    pub message: &'a str,
    /// `granted`, `denied`, `answered`, `acknowledged`.
    pub outcome: &'a str,
    pub amount: Option<Amount>,
    pub today: NaiveDate,
    /// The officer who checked it, for the label.
    pub checked_by: Option<&'a str>,
}

/// Drafts an answer. The body comes from the template, the label sentence from `ai-label`
/// (`human-review` and `appeal-route` are pieces the templates themselves include).
pub(crate) fn draft(input: &DraftInput<'_>) -> Result<Answer, ServiceError> {
    draft_with(input, Markers::Citations)
}

/// How a grounded draft refers to its sources.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Markers {
    /// As a letter does: each statement followed by its act and article in parentheses.
    Citations,
    /// As the language model is asked to: each statement followed by `[S1]`, `[S2]` … too,
    /// so that its rewrite can be checked against the sources it was given.
    Numbers,
}

/// Drafts an answer, its grounds referred to as `markers` says.
pub(crate) fn draft_with(input: &DraftInput<'_>, markers: Markers) -> Result<Answer, ServiceError> {
    let language = input.appeal.language;
    let script = answer_script(language, input.record);
    let mut args = arguments(input);
    args.push((
        "grounds",
        AnswerArg::Text(grounds(input.service, language, input.record, markers)?),
    ));
    let rendered = input
        .service
        .render_in(input.message, language, script, &args)?;
    // Templates may end with the label themselves; the engine adds it (with the officer who
    // checked the answer), so a body never carries it twice.
    let machine_label = label_sentence(input.service, language, script, None, &args)?;
    let body = rendered
        .trim_end()
        .strip_suffix(machine_label.trim())
        .unwrap_or(&rendered)
        .trim_end()
        .to_owned();
    let label_text = label_sentence(input.service, language, script, input.checked_by, &args)?;
    Ok(Answer {
        language: language.code().to_owned(),
        script: script.code().to_owned(),
        text: compose(&body, &label_text),
        body,
        label_text,
        outcome: input.outcome.to_owned(),
        amount_tiyn: input.amount.map(Amount::tiyn),
        ai: AiLabel {
            prepared_with_ai: true,
            system: "Sheshim".to_owned(),
            version: SYSTEM.to_owned(),
            checked_by: input.checked_by.map(str::to_owned),
        },
        issued_at: None,
        issued_by: None,
        diff: None,
    })
}

/// The visible AI label in the answer's language, naming the officer who checked it.
pub(crate) fn label_sentence(
    service: &Service,
    language: Language,
    script: Script,
    checked_by: Option<&str>,
    args: &[(&str, AnswerArg)],
) -> Result<String, ServiceError> {
    let mut args: Vec<(&str, AnswerArg)> = args.to_vec();
    args.push(("system", AnswerArg::Text(SYSTEM.to_owned())));
    let label = service.render_in("ai-label", language, script, &args)?;
    match checked_by {
        None => Ok(label),
        Some(officer) => {
            args.push(("checked_by", AnswerArg::Text(officer.to_owned())));
            let checked = service.render_in("ai-checked", language, script, &args)?;
            Ok(format!("{} {}", label.trim(), checked.trim()))
        }
    }
}

/// The letter: its body, then the label on a line of its own.
pub(crate) fn compose(body: &str, label: &str) -> String {
    format!("{}\n\n{}", body.trim_end(), label.trim())
}

fn arguments<'a>(input: &DraftInput<'a>) -> Vec<(&'a str, AnswerArg)> {
    let appeal = input.appeal;
    let mut args = vec![
        (
            "number",
            AnswerArg::Text(appeal.registration_number.as_str().to_owned()),
        ),
        ("registered_on", AnswerArg::Date(appeal.registered_on)),
        ("deadline", AnswerArg::Date(appeal.deadline)),
        ("date", AnswerArg::Date(input.today)),
        ("citations", AnswerArg::Text(citations(input.record))),
        ("facts", AnswerArg::Text(facts(input.record))),
        (
            "agency",
            AnswerArg::Text(
                input
                    .service
                    .agency()
                    .or(appeal.agency.as_ref())
                    .map_or_else(|| "—".to_owned(), |a| a.as_str().to_owned()),
            ),
        ),
        (
            "officer",
            AnswerArg::Text(input.checked_by.unwrap_or("________").to_owned()),
        ),
    ];
    if let Some(amount) = input.amount {
        args.push(("amount", AnswerArg::Amount(amount)));
    }
    args
}

/// The grounds of a grounded draft (see `grounding.rs`): the statements of law and of the
/// agency's notes with their citations, then the earlier answers for the officer to use,
/// each under its heading from the shared templates; or the notice that the sources are
/// insufficient. Empty for a case that was not grounded. Headings are rendered in Cyrillic:
/// the whole letter is put into the answer's script once, when it is rendered.
fn grounds(
    service: &Service,
    language: Language,
    record: &CaseRecord,
    markers: Markers,
) -> Result<String, ServiceError> {
    let Some(grounding) = &record.grounding else {
        return Ok(String::new());
    };
    if grounding.insufficient {
        return service.render("grounds-insufficient", language, &[]);
    }
    let marker = |number: &str| match markers {
        Markers::Citations => String::new(),
        Markers::Numbers => format!(" [{number}]"),
    };
    let mut text = String::new();
    let (answers, statements): (Vec<_>, Vec<_>) =
        grounding.sources.iter().partition(|s| s.kind == "answer");
    if !statements.is_empty() {
        text.push_str(service.render("grounds-law", language, &[])?.trim());
        for source in statements {
            // The citation leads: a passage's heading names it with its article already in
            // parentheses, so the statement follows it rather than carrying it at its end.
            text.push_str(&format!(
                "\n— {}: {}{}",
                source.citation,
                source.text,
                marker(&source.number)
            ));
        }
    }
    if !answers.is_empty() {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(service.render("grounds-answers", language, &[])?.trim());
        for source in answers {
            text.push_str(&format!(
                "\n<— «{}»{}>",
                source.text,
                marker(&source.number)
            ));
        }
    }
    Ok(text)
}

/// The citations of the rules that fired and of the service, one per line.
fn citations(record: &CaseRecord) -> String {
    match &record.decision {
        Some(decision) if !decision.citations.is_empty() => decision
            .citations
            .iter()
            .map(|c| format!("\n— {c}"))
            .collect::<String>(),
        _ => "—".to_owned(),
    }
}

/// The registry facts the decision relied on, one per line, with their source and date.
/// Facts about other people (children, household members) are given as counts and sums
/// only, never as another person's details.
fn facts(record: &CaseRecord) -> String {
    match &record.registry {
        Some(registry) if !registry.facts.is_empty() => registry
            .facts
            .iter()
            .map(|f| {
                format!(
                    "\n— {}: {} ({}, {})",
                    f.input,
                    plain(&f.value),
                    f.source,
                    f.as_of
                )
            })
            .collect::<String>(),
        _ => "—".to_owned(),
    }
}

fn plain(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A unified diff of an officer's edit of the draft's body.
pub(crate) fn diff(draft: &str, edited: &str) -> String {
    similar::TextDiff::from_lines(draft, edited)
        .unified_diff()
        .context_radius(2)
        .header("draft", "issued")
        .to_string()
}
