//! The languages an appeal can be written and answered in, and the scripts of Kazakh.
//!
//! Citizens write in Kazakh, Russian or English, and the answer must come back in the same
//! language. Kazakh is written in Cyrillic today and in the 2021 Latin alphabet increasingly,
//! so the script is a separate axis rather than two extra "languages".
//!
//! Codes follow ISO 639-1 (`kk`, `ru`, `en`); parsing also accepts ISO 639-2 (`kaz`, `rus`,
//! `eng`) because registries and e-Otinish exports use both. Both enums serialise as their
//! lowercase code and deserialise through `parse`.

use serde::Deserialize;
use thiserror::Error;

use crate::code_enum::code_enum_impls;

/// A language Sheshim reads and answers in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub enum Language {
    /// Kazakh (қазақ тілі), the state language.
    Kk,
    /// Russian, official alongside Kazakh.
    Ru,
    /// English.
    En,
}

/// The input is not a supported language code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("language must be one of kk, ru, en (or kaz, rus, eng)")]
pub struct LanguageError;

impl Language {
    /// Every supported language, in the order forms list them.
    pub const ALL: [Language; 3] = [Language::Kk, Language::Ru, Language::En];

    /// Parses an ISO 639-1 or 639-2 code, ignoring case and surrounding whitespace.
    ///
    /// # Errors
    /// [`LanguageError`] when the code is not one of the six accepted spellings.
    pub fn parse(input: &str) -> Result<Self, LanguageError> {
        match input.trim().to_ascii_lowercase().as_str() {
            "kk" | "kaz" => Ok(Self::Kk),
            "ru" | "rus" => Ok(Self::Ru),
            "en" | "eng" => Ok(Self::En),
            _ => Err(LanguageError),
        }
    }

    /// The ISO 639-1 code: `kk`, `ru` or `en`.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Kk => "kk",
            Self::Ru => "ru",
            Self::En => "en",
        }
    }
}

/// The input is not a supported script name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("script must be cyrillic or latin")]
pub struct ScriptError;

/// The alphabet a text is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub enum Script {
    /// Cyrillic, used for Russian and, today, most Kazakh.
    Cyrillic,
    /// Latin, used for English and the 2021 Kazakh alphabet.
    Latin,
}

impl Script {
    /// Parses `cyrillic` or `latin`, ignoring case and surrounding whitespace. The ISO 15924
    /// codes `cyrl` and `latn` are accepted too, as in BCP 47 tags like `kk-Latn`.
    ///
    /// # Errors
    /// [`ScriptError`] for anything else.
    pub fn parse(input: &str) -> Result<Self, ScriptError> {
        match input.trim().to_ascii_lowercase().as_str() {
            "cyrillic" | "cyrl" => Ok(Self::Cyrillic),
            "latin" | "latn" => Ok(Self::Latin),
            _ => Err(ScriptError),
        }
    }

    /// The lowercase name used in APIs and storage: `cyrillic` or `latin`.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Cyrillic => "cyrillic",
            Self::Latin => "latin",
        }
    }
}

code_enum_impls!(Language, LanguageError);
code_enum_impls!(Script, ScriptError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_all_spellings() {
        for (input, lang) in [
            ("kk", Language::Kk),
            ("KAZ", Language::Kk),
            (" Ru ", Language::Ru),
            ("rus", Language::Ru),
            ("en", Language::En),
            ("Eng", Language::En),
        ] {
            assert_eq!(Language::parse(input), Ok(lang), "{input}");
        }
        for bad in ["", "kz", "de", "english", "қаз"] {
            assert_eq!(Language::parse(bad), Err(LanguageError), "{bad}");
        }
    }

    #[test]
    fn code_round_trips() {
        for lang in Language::ALL {
            assert_eq!(Language::parse(lang.code()), Ok(lang));
            assert_eq!(lang.to_string(), lang.code());
            assert_eq!(lang.code().parse::<Language>(), Ok(lang));
        }
    }

    #[test]
    fn serde_uses_codes() {
        assert_eq!(serde_json::to_string(&Language::Kk).unwrap(), "\"kk\"");
        assert_eq!(
            serde_json::from_str::<Language>("\"rus\"").unwrap(),
            Language::Ru
        );
        assert!(serde_json::from_str::<Language>("\"xx\"").is_err());
        assert_eq!(serde_json::to_string(&Script::Latin).unwrap(), "\"latin\"");
        assert_eq!(
            serde_json::from_str::<Script>("\"cyrillic\"").unwrap(),
            Script::Cyrillic
        );
    }

    #[test]
    fn script_parsing() {
        assert_eq!(Script::parse("Latn"), Ok(Script::Latin));
        assert_eq!(Script::parse(" CYRILLIC "), Ok(Script::Cyrillic));
        assert_eq!(Script::parse("arabic"), Err(ScriptError));
        assert_eq!(Script::Cyrillic.to_string(), "cyrillic");
    }
}
