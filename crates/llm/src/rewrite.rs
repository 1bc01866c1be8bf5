//! Rewriting a grounded draft, and the checks that decide whether the rewrite may be shown.
//!
//! The model's answer is shown only if it is not `OUT_OF_SCOPE`, cites at least one source
//! when sources were given, and cites no source number that was not given. Everything else —
//! a citation that was not retrieved, an answer out of scope, a timeout, an HTTP error, a
//! malformed or too long answer, personal data left in the text — gives back the template
//! draft unchanged, with the reason. The model never decides: it only rewords.

use std::fmt;
use std::time::Instant;

use serde::{Deserialize, Serialize};
use sheshim_domain::Language;
use sheshim_pii::PiiKind;

use crate::prompt::{OUT_OF_SCOPE, PROMPT_VERSION, SYSTEM_PROMPT, user_message};
use crate::{LlmClient, LlmError};

/// One retrieved source: its id in the index, how it is cited, and its (masked) text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The id in the retrieval index, kept in the decision record.
    pub id: String,
    /// How the source is cited to a reader, such as `APPC art. 76`.
    pub citation: String,
    /// The passage's text, masked.
    pub text: String,
}

/// A draft assembled from a template and retrieved sources, in the appeal's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroundedDraft {
    /// The language the answer must be in.
    pub language: Language,
    /// The template draft, masked; shown as it is whenever the model's rewrite is not.
    pub template_text: String,
    /// The sources, numbered `S1`, `S2` … in this order.
    pub sources: Vec<Source>,
}

/// Why the template draft is shown instead of the model's rewrite. Serialised with a
/// `reason` tag (`citation_not_retrieved`, `out_of_scope`, …) for the decision record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum FallbackReason {
    /// The rewrite cites a source number that was not given, such as `S3`.
    CitationNotRetrieved {
        /// The citation as the model wrote it, without brackets.
        citation: String,
    },
    /// Sources were given and the rewrite cites none of them.
    NoCitation,
    /// The model answered that the sources do not cover the appeal.
    OutOfScope,
    /// The call took longer than the configured timeout.
    Timeout,
    /// The server answered with an HTTP error status.
    Http {
        /// The status code.
        status: u16,
    },
    /// The answer was not a chat completion with a text, or was empty.
    Malformed,
    /// The answer was longer than the cap or cut at the server's token limit.
    TooLong,
    /// The server could not be reached.
    Unreachable,
    /// The draft or a source still held personal data, so nothing was sent.
    PersonalData {
        /// The kinds found (never the data), recorded by their labels (`IIN`, `PHONE`, …).
        #[serde(with = "kind_labels")]
        kinds: Vec<PiiKind>,
    },
}

impl fmt::Display for FallbackReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::CitationNotRetrieved { citation } => {
                write!(f, "the rewrite cites [{citation}], which was not retrieved")
            }
            Self::NoCitation => f.write_str("the rewrite cites none of the sources"),
            Self::OutOfScope => f.write_str("the model found the sources do not cover the appeal"),
            Self::Timeout => f.write_str("the model did not answer in time"),
            Self::Http { status } => write!(f, "the model server answered HTTP {status}"),
            Self::Malformed => f.write_str("the model's answer was malformed"),
            Self::TooLong => f.write_str("the model's answer was too long"),
            Self::Unreachable => f.write_str("the model server could not be reached"),
            Self::PersonalData { kinds } => {
                let labels: Vec<&str> = kinds.iter().map(|k| k.label()).collect();
                write!(
                    f,
                    "personal data left in the text ({}); nothing was sent",
                    labels.join(", ")
                )
            }
        }
    }
}

impl From<LlmError> for FallbackReason {
    fn from(error: LlmError) -> Self {
        match error {
            LlmError::Timeout => Self::Timeout,
            LlmError::Http(status) => Self::Http { status },
            LlmError::Malformed(_) => Self::Malformed,
            LlmError::TooLong => Self::TooLong,
            LlmError::Refused(kinds) => Self::PersonalData { kinds },
            LlmError::Transport(_) => Self::Unreachable,
        }
    }
}

/// How a call to the model ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallOutcome {
    /// The rewrite passed the checks and is shown.
    Accepted,
    /// The template draft is shown, for this reason.
    FellBack(FallbackReason),
}

/// What the decision record keeps of a call: never the prompt's text or personal data.
/// It serialises to the JSON the case record is kept in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LlmCall {
    /// The model's name as configured.
    pub model: String,
    /// [`PROMPT_VERSION`] at the time of the call.
    pub prompt_version: String,
    /// The ids of the sources given, in their `S1`, `S2` … order.
    pub source_ids: Vec<String>,
    /// From sending to the checked answer (or the failure), in milliseconds.
    pub latency_ms: u64,
    /// Accepted, or why not.
    pub outcome: CallOutcome,
}

/// The text to show the officer and how it came about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewrite {
    /// The accepted rewrite, or the template draft unchanged.
    pub text: String,
    /// The call, when one was made (none when the text was refused before sending).
    pub used_model: Option<LlmCall>,
    /// Why the template draft is shown, when it is.
    pub fallback: Option<FallbackReason>,
}

/// The `S` numbers cited in `answer`: `[S1]`, and lists such as `[S1, S2]` or `[S1; S3]`.
/// Brackets holding anything else (placeholders like `[NAME]`) are not citations.
#[must_use]
pub fn citations(answer: &str) -> Vec<String> {
    citation_spans(answer)
        .into_iter()
        .flat_map(|(_, numbers)| numbers.into_iter().map(str::to_owned))
        .collect()
}

/// Where `answer` cites its sources: each bracket of `S` numbers, as the byte range of the
/// whole bracket and the numbers it holds, in order. What [`citations`] reads, and what a
/// caller that turns the numbers into citations replaces.
#[must_use]
pub fn citation_spans(answer: &str) -> Vec<(std::ops::Range<usize>, Vec<&str>)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = answer[from..].find('[').map(|o| from + o) {
        let Some(close) = answer[open + 1..].find(']').map(|c| open + 1 + c) else {
            break;
        };
        let items: Vec<&str> = answer[open + 1..close]
            .split([',', ';'])
            .map(str::trim)
            .collect();
        let is_citation = items.iter().all(|item| {
            item.strip_prefix('S')
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        });
        if is_citation {
            found.push((open..close + 1, items));
        }
        from = close + 1;
    }
    found
}

/// Checks a model's answer against the sources that were given.
///
/// # Errors
/// The [`FallbackReason`] that keeps the answer from being shown.
pub fn check(answer: &str, source_count: usize) -> Result<(), FallbackReason> {
    if answer.contains(OUT_OF_SCOPE) {
        return Err(FallbackReason::OutOfScope);
    }
    if answer.trim().is_empty() {
        return Err(FallbackReason::Malformed);
    }
    let cited = citations(answer);
    for citation in &cited {
        // `S0`, `S007` or a number past the last source are all "not retrieved".
        let number = citation[1..].parse::<usize>().ok();
        let given =
            number.is_some_and(|n| n >= 1 && n <= source_count && citation[1..] == n.to_string());
        if !given {
            return Err(FallbackReason::CitationNotRetrieved {
                citation: citation.clone(),
            });
        }
    }
    if source_count > 0 && cited.is_empty() {
        return Err(FallbackReason::NoCitation);
    }
    Ok(())
}

impl LlmClient {
    /// Asks the model to rewrite `draft` from its sources and returns what may be shown:
    /// the checked rewrite, or the template draft with the reason. Never fails.
    pub async fn rewrite(&self, draft: &GroundedDraft) -> Rewrite {
        let user = user_message(draft);
        let started = Instant::now();
        let result = self.complete(SYSTEM_PROMPT, &user).await;
        let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let checked = match result {
            // Nothing was sent, so there is no call to record.
            Err(LlmError::Refused(kinds)) => {
                return fallback(draft, None, FallbackReason::PersonalData { kinds });
            }
            Err(error) => Err(FallbackReason::from(error)),
            Ok(answer) => check(&answer, draft.sources.len()).map(|()| answer.trim().to_owned()),
        };
        let mut call = LlmCall {
            model: self.config().model().as_str().to_owned(),
            prompt_version: PROMPT_VERSION.to_owned(),
            source_ids: draft.sources.iter().map(|s| s.id.clone()).collect(),
            latency_ms,
            outcome: CallOutcome::Accepted,
        };
        match checked {
            Ok(text) => Rewrite {
                text,
                used_model: Some(call),
                fallback: None,
            },
            Err(reason) => {
                call.outcome = CallOutcome::FellBack(reason.clone());
                fallback(draft, Some(call), reason)
            }
        }
    }
}

/// Personal-data kinds as their labels, so the record stays readable and `sheshim-pii` needs
/// no serde.
mod kind_labels {
    use serde::{Deserialize, Deserializer, Serialize, Serializer, de::Error};
    use sheshim_pii::PiiKind;

    pub fn serialize<S: Serializer>(kinds: &[PiiKind], serializer: S) -> Result<S::Ok, S::Error> {
        let labels: Vec<&str> = kinds.iter().map(|k| k.label()).collect();
        labels.serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<PiiKind>, D::Error> {
        let labels = Vec::<String>::deserialize(deserializer)?;
        labels
            .iter()
            .map(|label| {
                PiiKind::ALL
                    .into_iter()
                    .find(|k| k.label() == label)
                    .ok_or_else(|| D::Error::custom(format!("unknown personal-data kind {label}")))
            })
            .collect()
    }
}

fn fallback(draft: &GroundedDraft, call: Option<LlmCall>, reason: FallbackReason) -> Rewrite {
    Rewrite {
        text: draft.template_text.clone(),
        used_model: call,
        fallback: Some(reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_are_found_and_placeholders_ignored() {
        assert_eq!(
            citations(
                "Срок 15 дней [S1]. См. также [S2, S3] и [S4; S1]. [NAME], [IIN], [S], [Sx], [1]"
            ),
            vec!["S1", "S2", "S3", "S4", "S1"]
        );
        assert!(citations("no brackets [unclosed S1").is_empty());
    }

    #[test]
    fn answers_are_checked_against_the_given_sources() {
        assert_eq!(check("Ответ [S1] и [S2].", 2), Ok(()));
        assert_eq!(
            check("Ответ [S1] и [S3].", 2),
            Err(FallbackReason::CitationNotRetrieved {
                citation: "S3".into()
            })
        );
        assert_eq!(
            check("Ответ [S0].", 2),
            Err(FallbackReason::CitationNotRetrieved {
                citation: "S0".into()
            })
        );
        assert_eq!(
            check("Ответ [S01].", 2),
            Err(FallbackReason::CitationNotRetrieved {
                citation: "S01".into()
            })
        );
        assert_eq!(
            check("Ответ без ссылок.", 2),
            Err(FallbackReason::NoCitation)
        );
        assert_eq!(check("Ответ без ссылок.", 0), Ok(()));
        assert_eq!(check(" OUT_OF_SCOPE\n", 2), Err(FallbackReason::OutOfScope));
        assert_eq!(
            check("[S1] OUT_OF_SCOPE", 2),
            Err(FallbackReason::OutOfScope)
        );
        assert_eq!(check("  ", 0), Err(FallbackReason::Malformed));
    }

    #[test]
    fn the_call_is_recorded_as_json_and_read_back() {
        let call = LlmCall {
            model: "qwen2.5-7b-instruct".into(),
            prompt_version: PROMPT_VERSION.into(),
            source_ids: vec!["law:appc-76".into()],
            latency_ms: 840,
            outcome: CallOutcome::FellBack(FallbackReason::CitationNotRetrieved {
                citation: "S3".into(),
            }),
        };
        let json = serde_json::to_value(&call).expect("serialise");
        assert_eq!(
            json,
            serde_json::json!({
                "model": "qwen2.5-7b-instruct",
                "prompt_version": PROMPT_VERSION,
                "source_ids": ["law:appc-76"],
                "latency_ms": 840,
                "outcome": {"fell_back": {"reason": "citation_not_retrieved", "citation": "S3"}}
            })
        );
        assert_eq!(serde_json::from_value::<LlmCall>(json).ok(), Some(call));

        let refused = FallbackReason::PersonalData {
            kinds: vec![PiiKind::Iin, PiiKind::Email],
        };
        let json = serde_json::to_string(&refused).expect("serialise");
        assert_eq!(
            json,
            r#"{"reason":"personal_data","kinds":["IIN","EMAIL"]}"#
        );
        assert_eq!(
            serde_json::from_str::<FallbackReason>(&json).ok(),
            Some(refused)
        );
        assert!(
            serde_json::from_str::<FallbackReason>(r#"{"reason":"personal_data","kinds":["SSN"]}"#)
                .is_err()
        );
        let accepted = serde_json::to_string(&CallOutcome::Accepted).expect("serialise");
        assert_eq!(accepted, r#""accepted""#);
    }

    #[test]
    fn reasons_say_why() {
        let reason = FallbackReason::CitationNotRetrieved {
            citation: "S3".into(),
        };
        assert!(reason.to_string().contains("[S3]"));
        assert_eq!(
            FallbackReason::from(LlmError::Http(503)).to_string(),
            "the model server answered HTTP 503"
        );
    }
}
