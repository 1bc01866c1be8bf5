//! The prompt: a fixed system message, versioned, and a user message that numbers the
//! sources and carries the template draft.
//!
//! The decision record keeps [`PROMPT_VERSION`], never the prompt's text; any change to the
//! wording below must change the version, so a record always names the words that were used.

use sheshim_domain::Language;

use crate::rewrite::GroundedDraft;

/// The version of [`SYSTEM_PROMPT`] and of the user message's layout.
pub const PROMPT_VERSION: &str = "rewrite-v1";

/// What the model answers, alone, when the sources do not cover the appeal.
pub const OUT_OF_SCOPE: &str = "OUT_OF_SCOPE";

/// The system message. It is in English because the instruction-tuned models agencies run
/// follow English instructions best; the answer's language is named in the user message.
pub const SYSTEM_PROMPT: &str = "\
You help a civil servant in Kazakhstan answer a citizen's appeal. You receive a draft answer \
and numbered sources (legal passages, the agency's notes and earlier answers).

Rewrite the draft in plain, polite language in the language named in the request. Rules:
1. Use ONLY the numbered sources given. Do not add facts, laws, dates, amounts or promises \
that are not in the draft or the sources.
2. Cite every statement of law with the number of its source in square brackets, as [S1], \
[S2]. Cite only numbers that are listed.
3. Keep the placeholders in square brackets such as [NAME], [IIN], [NUMBER] exactly as written.
4. Do not decide the appeal differently from the draft.
5. If the sources do not cover what the appeal asks, answer exactly OUT_OF_SCOPE and nothing \
else.
Answer with the rewritten letter only.";

/// The language's name as the model should read it.
fn language_name(language: Language) -> &'static str {
    match language {
        Language::Kk => "Kazakh (kk, Cyrillic script)",
        Language::Ru => "Russian (ru)",
        Language::En => "English (en)",
    }
}

/// The user message: the language, the numbered sources (`S1` is the first source given)
/// and the draft.
#[must_use]
pub fn user_message(draft: &GroundedDraft) -> String {
    let mut message = format!("Language: {}\n\nSources:\n", language_name(draft.language));
    if draft.sources.is_empty() {
        message.push_str("(none)\n");
    }
    for (index, source) in draft.sources.iter().enumerate() {
        message.push_str(&format!(
            "[S{}] {}\n{}\n\n",
            index + 1,
            source.citation.trim(),
            source.text.trim()
        ));
    }
    message.push_str("Draft:\n");
    message.push_str(draft.template_text.trim());
    message.push('\n');
    message
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rewrite::Source;

    #[test]
    fn sources_are_numbered_in_order_and_the_draft_follows() {
        let draft = GroundedDraft {
            language: Language::Kk,
            template_text: "  Құрметті [NAME], ...  ".into(),
            sources: vec![
                Source {
                    id: "law:appc-76".into(),
                    citation: "APPC art. 76".into(),
                    text: "15 working days.".into(),
                },
                Source {
                    id: "answer:2025-11".into(),
                    citation: "Answer 2025-11".into(),
                    text: "Earlier answer.".into(),
                },
            ],
        };
        let message = user_message(&draft);
        let s1 = message
            .find("[S1] APPC art. 76\n15 working days.")
            .expect("S1");
        let s2 = message.find("[S2] Answer 2025-11").expect("S2");
        let body = message
            .find("Draft:\nҚұрметті [NAME], ...\n")
            .expect("draft");
        assert!(message.starts_with("Language: Kazakh"));
        assert!(s1 < s2 && s2 < body);
        // The sources' internal ids are for the record, not for the model.
        assert!(!message.contains("law:appc-76"));
        assert!(SYSTEM_PROMPT.contains(OUT_OF_SCOPE));
    }
}
