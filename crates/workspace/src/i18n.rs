//! The workspace's words in Kazakh, Russian and English: one Fluent file per language
//! (`locales/{kk,ru,en}.ftl`), compiled into the binary and parsed once.
//!
//! A message id missing from a language renders as `⟦id⟧`, so that a gap shows on the page
//! (and the browser test finds it) instead of falling back silently to another language; the
//! unit tests check that every language has every id the templates and handlers use.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use sheshim_domain::Language;
use std::sync::{Arc, OnceLock};

/// The Fluent sources, by language, in the order of [`LANGUAGES`].
const SOURCES: [(Language, &str); 3] = [
    (Language::Kk, include_str!("../locales/kk.ftl")),
    (Language::Ru, include_str!("../locales/ru.ftl")),
    (Language::En, include_str!("../locales/en.ftl")),
];

/// The interface languages, as the switch offers them.
pub const LANGUAGES: [Language; 3] = [Language::Kk, Language::Ru, Language::En];

/// What marks a missing message on a page.
pub const MISSING_MARK: char = '⟦';

struct Bundles(Vec<(Language, FluentBundle<FluentResource>)>);

fn bundles() -> &'static Bundles {
    static BUNDLES: OnceLock<Bundles> = OnceLock::new();
    BUNDLES.get_or_init(|| {
        Bundles(
            SOURCES
                .iter()
                .map(|(language, source)| (*language, bundle(*language, source)))
                .collect(),
        )
    })
}

fn bundle(language: Language, source: &str) -> FluentBundle<FluentResource> {
    // The sources are part of the binary and their syntax is checked by the unit tests, so
    // a parse error here can only come from an untested edit; the entries that did parse are
    // still used, and the missing ones show as ⟦id⟧.
    let resource =
        FluentResource::try_new(source.to_owned()).unwrap_or_else(|(partial, errors)| {
            tracing::error!(
                language = language.code(),
                errors = errors.len(),
                "a workspace translation file does not parse"
            );
            partial
        });
    let locale =
        unic_langid::LanguageIdentifier::from_bytes(language.code().as_bytes()).unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![locale]);
    // The text goes into HTML, where Unicode isolation marks would only get in the way of
    // copying numbers and dates.
    bundle.set_use_isolating(false);
    if bundle.add_resource(resource).is_err() {
        tracing::error!(
            language = language.code(),
            "a workspace translation file repeats an id"
        );
    }
    bundle
}

/// The words of one language, as the templates use them: `{{ t.t("queue-title") }}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tr {
    language: Language,
}

impl Tr {
    /// The words of `language`.
    pub fn new(language: Language) -> Tr {
        Tr { language }
    }

    /// The language.
    pub fn language(&self) -> Language {
        self.language
    }

    /// Its code, for `<html lang>`.
    pub fn code(&self) -> &'static str {
        self.language.code()
    }

    /// The message `id`.
    pub fn t(&self, id: &str) -> String {
        self.format(id, None)
    }

    /// The message `id` with one argument.
    pub fn t1(&self, id: &str, name: &str, value: &str) -> String {
        let mut args = FluentArgs::new();
        args.set(name, FluentValue::from(value));
        self.format(id, Some(&args))
    }

    /// The message `id` with one number argument (for plurals).
    pub fn tn(&self, id: &str, name: &str, value: impl std::borrow::Borrow<i64>) -> String {
        let mut args = FluentArgs::new();
        args.set(name, FluentValue::from(*value.borrow()));
        self.format(id, Some(&args))
    }

    /// The message `id` when it exists, else `None` (for codes such as statuses, whose
    /// translation is optional and fall back to the code itself).
    pub fn try_t(&self, id: &str) -> Option<String> {
        self.has(id).then(|| self.t(id))
    }

    /// Whether this language has the message `id`.
    pub fn has(&self, id: &str) -> bool {
        self.bundle().is_some_and(|bundle| bundle.has_message(id))
    }

    fn bundle(&self) -> Option<&'static FluentBundle<FluentResource>> {
        bundles()
            .0
            .iter()
            .find(|(language, _)| *language == self.language)
            .map(|(_, bundle)| bundle)
    }

    fn format(&self, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        let Some((bundle, pattern)) = self.bundle().and_then(|bundle| {
            let pattern = bundle.get_message(id)?.value()?;
            Some((bundle, pattern))
        }) else {
            return format!("{MISSING_MARK}{id}⟧");
        };
        let mut errors = Vec::new();
        let text = bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned();
        if !errors.is_empty() {
            tracing::warn!(
                id,
                language = self.code(),
                "a workspace message lacks an argument"
            );
        }
        text
    }
}

/// The interface language for a request: the user's choice, then the first of
/// `Accept-Language` the workspace speaks, then Kazakh, the state language.
pub fn negotiate(chosen: Option<Language>, accept_language: Option<&str>) -> Language {
    if let Some(language) = chosen {
        return language;
    }
    let mut offered: Vec<(f32, usize, Language)> = accept_language
        .unwrap_or_default()
        .split(',')
        .enumerate()
        .filter_map(|(position, item)| {
            let mut parts = item.trim().split(';');
            let tag = parts.next()?.trim().to_ascii_lowercase();
            let quality = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split('-').next()?;
            let language = Language::parse(primary).ok()?;
            (quality > 0.0).then_some((quality, position, language))
        })
        .collect();
    offered.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    offered
        .first()
        .map_or(Language::Kk, |(_, _, language)| *language)
}

/// The shared handle the pages take.
pub type SharedTr = Arc<Tr>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn ids(source: &str) -> BTreeSet<String> {
        let resource = FluentResource::try_new(source.to_owned())
            .unwrap_or_else(|(_, errors)| panic!("a translation file does not parse: {errors:?}"));
        resource
            .entries()
            .filter_map(|entry| match entry {
                fluent_syntax::ast::Entry::Message(message) => Some(message.id.name.to_owned()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_language_has_every_message_and_parses() {
        let english = ids(SOURCES[2].1);
        assert!(
            english.len() > 50,
            "the English file has only {} messages",
            english.len()
        );
        for (language, source) in SOURCES {
            let these = ids(source);
            let missing: Vec<_> = english.difference(&these).collect();
            let extra: Vec<_> = these.difference(&english).collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", language.code());
            assert!(
                extra.is_empty(),
                "{} has ids English lacks: {extra:?}",
                language.code()
            );
        }
    }

    /// Every id the templates and the handlers name (`.t("…")`, `.t1("…"`, `.tn("…"`)
    /// exists in English, so (by the test above) in every language. Ids built at run time
    /// (`status-…`) fall back to the code itself when missing and are not listed here.
    #[test]
    fn every_id_used_exists() {
        let english = ids(SOURCES[2].1);
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut used = BTreeSet::new();
        for folder in ["templates", "src"] {
            for entry in std::fs::read_dir(root.join(folder)).expect("the folder is there") {
                let path = entry.expect("a readable entry").path();
                // This file names ids only in its documentation and in its own tests.
                if path.ends_with("i18n.rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("a readable file");
                for marker in [".t(\"", ".t1(\"", ".tn(\""] {
                    for (at, _) in text.match_indices(marker) {
                        let rest = &text[at + marker.len()..];
                        if let Some(end) = rest.find('"') {
                            let id = &rest[..end];
                            if !id.is_empty() && !id.contains('{') && !id.ends_with('-') {
                                used.insert(id.to_owned());
                            }
                        }
                    }
                }
            }
        }
        assert!(used.len() > 30, "only {} ids found in use", used.len());
        let missing: Vec<_> = used.difference(&english).collect();
        assert!(
            missing.is_empty(),
            "ids used but not translated: {missing:?}"
        );
    }

    #[test]
    fn every_report_message_is_translated() {
        let english = ids(SOURCES[2].1);
        let missing: Vec<_> = sheshim_reports::MESSAGE_IDS
            .iter()
            .filter(|id| !english.contains(**id))
            .collect();
        assert!(missing.is_empty(), "report ids not translated: {missing:?}");
    }

    #[test]
    fn a_missing_id_is_marked_not_hidden() {
        let text = Tr::new(Language::Ru).t("no-such-message");
        assert_eq!(text, "⟦no-such-message⟧");
    }

    #[test]
    fn the_users_choice_wins_then_accept_language_then_kazakh() {
        assert_eq!(negotiate(Some(Language::En), Some("ru")), Language::En);
        assert_eq!(
            negotiate(None, Some("de, ru;q=0.8, en;q=0.9")),
            Language::En
        );
        assert_eq!(negotiate(None, Some("ru-KZ,ru;q=0.9")), Language::Ru);
        assert_eq!(negotiate(None, Some("de")), Language::Kk);
        assert_eq!(negotiate(None, None), Language::Kk);
        assert_eq!(negotiate(None, Some("en;q=0")), Language::Kk);
    }
}
