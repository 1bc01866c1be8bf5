//! Answer templates: `services/<code>/answers/{kk,ru,en}.ftl` in Fluent, over the pieces
//! every service shares in `services/_common/{kk,ru,en}.ftl` (a service's own message of
//! the same name replaces the shared one).
//!
//! Every message must exist in all three languages, and each kind of service must have its
//! messages ([`APPLICATION_MESSAGES`], [`APPEAL_MESSAGES`]); both are checked at load. The
//! output is plain text for letters: Fluent's bidi isolation marks are off. Kazakh is
//! written in Cyrillic and turned into the 2021 Latin alphabet on request.

use crate::definition::{Definition, RouteTerm, ServiceKind};
use crate::outcome::Amount;
use crate::service::{ServiceError, read_text};
use chrono::{Datelike, NaiveDate};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast::Entry;
use sheshim_domain::{Language, Script};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The messages every application service has: the answers per outcome, the
/// acknowledgement of a case sent to an officer, and the pieces each answer carries.
pub const APPLICATION_MESSAGES: [&str; 6] = [
    "granted",
    "denied",
    "acknowledgement",
    "ai-label",
    "appeal-route",
    "human-review",
];

/// The messages every appeal service has.
pub const APPEAL_MESSAGES: [&str; 3] = ["acknowledgement", "answer-skeleton", "appeal-route"];

/// A value given to a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnswerArg {
    /// Text, as it is.
    Text(String),
    /// A whole number (Fluent may select a plural form by it).
    Number(i64),
    /// Money, written as the language writes amounts.
    Amount(Amount),
    /// A date, written as the language writes dates.
    Date(NaiveDate),
}

/// A service's templates: one Fluent bundle per language.
pub(crate) struct Templates {
    bundles: Vec<(Language, FluentBundle<FluentResource>)>,
    /// The service's own `.ftl` text per language, to show an officer the template a draft
    /// was made from.
    sources: Vec<(Language, String)>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Templates")
    }
}

/// The folder of the shared pieces beside the services.
pub(crate) fn common_folder(service_folder: &Path) -> Option<PathBuf> {
    let folder = service_folder.parent()?.join("_common");
    folder.is_dir().then_some(folder)
}

fn locale(language: Language) -> unic_langid::LanguageIdentifier {
    match language {
        Language::Kk => unic_langid::langid!("kk"),
        Language::Ru => unic_langid::langid!("ru"),
        Language::En => unic_langid::langid!("en"),
    }
}

/// Reads one `.ftl` file, naming it and the line of its first syntax error.
fn resource(path: &Path) -> Result<FluentResource, ServiceError> {
    let text = read_text(path)?;
    FluentResource::try_new(text).map_err(|(resource, errors)| {
        let line = errors
            .first()
            .map(|e| {
                resource.source()[..e.pos.start.min(resource.source().len())]
                    .lines()
                    .count()
                    .max(1)
            })
            .unwrap_or(1);
        ServiceError::Answers {
            file: path.to_owned(),
            message: format!("line {line}: not valid Fluent ({} errors)", errors.len()),
        }
    })
}

fn message_ids(resource: &FluentResource) -> BTreeSet<String> {
    resource
        .entries()
        .filter_map(|entry| match entry {
            Entry::Message(message) => Some(message.id.name.to_owned()),
            _ => None,
        })
        .collect()
}

impl Templates {
    /// Loads the templates of the service in `folder`, with the shared pieces of `common`.
    pub(crate) fn load(
        folder: &Path,
        common: Option<&Path>,
        definition: &Definition,
    ) -> Result<Templates, ServiceError> {
        let required: &[&str] = match definition.kind {
            ServiceKind::Application => &APPLICATION_MESSAGES,
            ServiceKind::Appeal(_) => &APPEAL_MESSAGES,
        };
        let mut bundles = Vec::new();
        let mut sources = Vec::new();
        let mut ids_per_language = Vec::new();
        for language in Language::ALL {
            let own_path = folder
                .join("answers")
                .join(format!("{}.ftl", language.code()));
            if !own_path.is_file() {
                return Err(ServiceError::Answers {
                    file: own_path,
                    message: "missing: every service answers in kk, ru and en".to_owned(),
                });
            }
            let mut bundle = FluentBundle::new_concurrent(vec![locale(language)]);
            bundle.set_use_isolating(false);
            let mut ids = BTreeSet::new();
            if let Some(common) = common {
                let path = common.join(format!("{}.ftl", language.code()));
                if path.is_file() {
                    let shared = resource(&path)?;
                    ids.extend(message_ids(&shared));
                    bundle
                        .add_resource(shared)
                        .map_err(|errors| ServiceError::Answers {
                            file: path.clone(),
                            message: format!("{} messages defined twice", errors.len()),
                        })?;
                }
            }
            let own = resource(&own_path)?;
            sources.push((language, own.source().to_owned()));
            ids.extend(message_ids(&own));
            bundle.add_resource_overriding(own);
            for id in required {
                if !bundle.has_message(id) {
                    return Err(ServiceError::Answers {
                        file: own_path,
                        message: format!("message {id} is missing"),
                    });
                }
            }
            ids_per_language.push((own_path, ids));
            bundles.push((language, bundle));
        }
        let all: BTreeSet<&String> = ids_per_language.iter().flat_map(|(_, ids)| ids).collect();
        for (path, ids) in &ids_per_language {
            if let Some(missing) = all.iter().find(|id| !ids.contains(**id)) {
                return Err(ServiceError::Answers {
                    file: path.clone(),
                    message: format!("message {missing} is missing (another language has it)"),
                });
            }
        }
        Ok(Templates { bundles, sources })
    }

    /// The text of `message` as the service's own file for `language` writes it (its id line
    /// and indented continuation lines), when the service defines it itself.
    pub(crate) fn source_of(&self, message: &str, language: Language) -> Option<String> {
        let source = &self.sources.iter().find(|(l, _)| *l == language)?.1;
        let mut lines = source.lines().skip_while(|line| {
            line.split_once('=')
                .is_none_or(|(id, _)| id.trim_end() != message || id.starts_with(' '))
        });
        let first = lines.next()?;
        let mut text = vec![first];
        text.extend(lines.take_while(|line| line.starts_with(' ') || line.is_empty()));
        while text.last().is_some_and(|line| line.trim().is_empty()) {
            text.pop();
        }
        Some(text.join("\n"))
    }

    /// Renders `message` in `language` with `args`.
    pub(crate) fn render(
        &self,
        message: &str,
        language: Language,
        args: &FluentArgs<'_>,
    ) -> Result<String, String> {
        let bundle = self
            .bundles
            .iter()
            .find(|(l, _)| *l == language)
            .map(|(_, b)| b)
            .ok_or_else(|| format!("no templates in {}", language.code()))?;
        let pattern = bundle
            .get_message(message)
            .and_then(|m| m.value())
            .ok_or_else(|| format!("no message {message}"))?;
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(args), &mut errors);
        match errors.first() {
            Some(error) => Err(format!("message {message}: {error}")),
            None => Ok(text.into_owned()),
        }
    }
}

/// A date as a letter writes it in `language`.
pub fn format_date(date: NaiveDate, language: Language) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    match language {
        Language::Kk | Language::Ru => date.format("%d.%m.%Y").to_string(),
        Language::En => format!(
            "{} {} {}",
            date.day(),
            MONTHS[date.month0() as usize],
            date.year()
        ),
    }
}

/// The term of the route of appeal, as a phrase (`в течение 1 месяца`).
fn route_term(term: RouteTerm, language: Language) -> String {
    let one = |n: u32| n % 10 == 1 && n % 100 != 11;
    match (term, language) {
        (RouteTerm::Months(n), Language::Kk) => format!("{n} ай ішінде"),
        (RouteTerm::WorkingDays(n), Language::Kk) => format!("{n} жұмыс күні ішінде"),
        (RouteTerm::Months(n), Language::Ru) => {
            format!(
                "в течение {n} {}",
                if one(n) {
                    "месяца"
                } else {
                    "месяцев"
                }
            )
        }
        (RouteTerm::WorkingDays(n), Language::Ru) => format!(
            "в течение {n} {}",
            if one(n) {
                "рабочего дня"
            } else {
                "рабочих дней"
            }
        ),
        (RouteTerm::Months(n), Language::En) => {
            format!("within {n} month{}", if n == 1 { "" } else { "s" })
        }
        (RouteTerm::WorkingDays(n), Language::En) => {
            format!("within {n} working day{}", if n == 1 { "" } else { "s" })
        }
    }
}

/// The arguments every template of a service may use: `service` (its name), `term_days`,
/// `appeal_to` and `appeal_term`, then the caller's, which replace them.
pub(crate) fn arguments<'a>(
    definition: &'a Definition,
    language: Language,
    args: &'a [(&'a str, AnswerArg)],
) -> FluentArgs<'a> {
    let mut out = FluentArgs::new();
    out.set("service", definition.name.get(language));
    out.set("term_days", definition.term_working_days);
    out.set("appeal_to", definition.appeal_route.to.get(language));
    out.set(
        "appeal_term",
        route_term(definition.appeal_route.term, language),
    );
    for (name, arg) in args {
        let value: FluentValue<'a> = match arg {
            AnswerArg::Text(text) => FluentValue::from(text.as_str()),
            AnswerArg::Number(n) => FluentValue::from(*n),
            AnswerArg::Amount(amount) => FluentValue::from(amount.format(language)),
            AnswerArg::Date(date) => FluentValue::from(format_date(*date, language)),
        };
        out.set(*name, value);
    }
    out
}

/// Kazakh text in the script asked for (the templates are written in Cyrillic).
pub(crate) fn in_script(text: String, language: Language, script: Script) -> String {
    match (language, script) {
        (Language::Kk, Script::Latin) => sheshim_lang::transliterate_kk(&text, Script::Latin),
        _ => text,
    }
}
