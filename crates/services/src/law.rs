//! The legal passages a service cites, kept as text beside it: `services/<code>/law/*.md`,
//! and `services/_common/law/*.md` for the acts many services cite (the Administrative
//! Procedural Code). Each file is one passage in one language: a TOML front matter between
//! `+++` lines, then the passage in Markdown — a summary of the article in the catalogue's
//! own words, never presented as the official text.
//!
//! ```text
//! +++
//! id = "appc-76-ru"            # stable, unique in the catalogue: a-z, 0-9, '-' and '.'
//! act = "Administrative Procedural Code of the Republic of Kazakhstan No. 350-VI of 29.06.2020"
//! article = "art. 76"          # optional: some acts are cited as a whole
//! date = 2020-06-29            # optional: the date of the act (or of the version summarised)
//! verified = false             # checked against the official text?
//! language = "ru"              # kk, ru or en
//! note = "…"                   # optional: what was or was not checked
//! +++
//! The passage…
//! ```
//!
//! The passages are read for retrieval (`sheshim-search`); a malformed one is an error
//! naming its file and what is wrong.

use crate::error::ServiceError;
use crate::service::read_text;
use chrono::NaiveDate;
use serde::Deserialize;
use sheshim_domain::Language;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The folder of passages inside a service folder.
pub const LAW_FOLDER: &str = "law";

/// The folder of the passages many services share, beside the service folders.
pub const COMMON_FOLDER: &str = "_common";

/// One legal passage: what the act says, summarised in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct LegalPassage {
    /// The passage's stable id.
    pub id: String,
    /// The act, as the service's citations name it.
    pub act: String,
    /// The article (or chapter), when the citation names one.
    pub article: Option<String>,
    /// The date of the act, or of its version the passage summarises, when known.
    pub date: Option<NaiveDate>,
    /// Whether the passage was checked against the official text.
    pub verified: bool,
    /// The passage's language.
    pub language: Language,
    /// What was or was not checked.
    pub note: Option<String>,
    /// The passage itself (Markdown, without the front matter).
    pub text: String,
    /// The file it was read from.
    pub file: PathBuf,
}

/// The front matter, as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    id: String,
    act: String,
    article: Option<String>,
    date: Option<toml::value::Datetime>,
    verified: bool,
    language: String,
    note: Option<String>,
}

/// The delimiter of the front matter, alone on its line.
const FENCE: &str = "+++";

impl LegalPassage {
    /// Parses one passage file's `text`; `file` names it in errors.
    pub fn parse(file: &Path, text: &str) -> Result<LegalPassage, ServiceError> {
        let bad = |message: String| ServiceError::Passage {
            file: file.to_owned(),
            message,
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut lines = text.split_inclusive('\n');
        if lines.next().map(str::trim_end) != Some(FENCE) {
            return Err(bad(format!(
                "the file must start with a front matter: a line `{FENCE}`, TOML, a line `{FENCE}`"
            )));
        }
        let mut front = String::new();
        let mut closed = false;
        for line in lines.by_ref() {
            if line.trim_end() == FENCE {
                closed = true;
                break;
            }
            front.push_str(line);
        }
        if !closed {
            return Err(bad(format!(
                "the front matter is not closed by a line `{FENCE}`"
            )));
        }
        let body: String = lines.collect();
        let matter: FrontMatter =
            toml::from_str(&front).map_err(|e| bad(format!("front matter: {}", e.message())))?;
        if matter.id.is_empty()
            || !matter
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        {
            return Err(bad(format!(
                "id {:?}: use lowercase letters a-z, digits, '-' and '.'",
                matter.id
            )));
        }
        if matter.act.trim().is_empty() {
            return Err(bad("act must name the act".to_owned()));
        }
        let date = match matter.date {
            None => None,
            Some(value) => Some(
                match (value.date, value.time) {
                    (Some(d), None) => {
                        NaiveDate::from_ymd_opt(i32::from(d.year), d.month.into(), d.day.into())
                    }
                    _ => None,
                }
                .ok_or_else(|| bad("date must be a date such as 2020-06-29".to_owned()))?,
            ),
        };
        let language = Language::parse(&matter.language)
            .map_err(|e| bad(format!("language {:?}: {e}", matter.language)))?;
        let body = body.trim();
        if body.is_empty() {
            return Err(bad("the passage after the front matter is empty".to_owned()));
        }
        Ok(LegalPassage {
            id: matter.id,
            act: matter.act,
            article: matter.article.filter(|a| !a.trim().is_empty()),
            date,
            verified: matter.verified,
            language,
            note: matter.note,
            text: body.to_owned(),
            file: file.to_owned(),
        })
    }
}

/// The passages of one folder (a service folder or `_common`): every `law/*.md`, in order
/// of file name. A folder without `law/` has none.
pub fn load_passages(folder: &Path) -> Result<Vec<LegalPassage>, ServiceError> {
    let law = folder.join(LAW_FOLDER);
    if !law.is_dir() {
        return Ok(Vec::new());
    }
    let io = |source| ServiceError::Read {
        path: law.clone(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&law).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    files.sort();
    files
        .iter()
        .map(|path| LegalPassage::parse(path, &read_text(path)?))
        .collect()
}

/// Every passage of a catalogue: `_common/law/` first (as folder `_common`), then each
/// service's, as `(folder name, passage)`. Two passages with one id are an error naming both
/// files.
pub fn catalogue_passages(root: &Path) -> Result<Vec<(String, LegalPassage)>, ServiceError> {
    let mut folders = vec![root.join(COMMON_FOLDER)];
    folders.extend(crate::service::service_folders(root)?);
    let mut all = Vec::new();
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    for folder in folders {
        let name = folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for passage in load_passages(&folder)? {
            if let Some(first) = seen.insert(passage.id.clone(), passage.file.clone()) {
                return Err(ServiceError::Passage {
                    file: passage.file,
                    message: format!("id {:?} is already used by {}", passage.id, first.display()),
                });
            }
            all.push((name.clone(), passage));
        }
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "+++\nid = \"appc-76-ru\"\nact = \"APPC\"\narticle = \"art. 76\"\n\
        date = 2020-06-29\nverified = false\nlanguage = \"ru\"\n+++\n\nСрок — пятнадцать рабочих дней.\n";

    fn error(text: &str) -> String {
        match LegalPassage::parse(Path::new("law/x.md"), text) {
            Ok(p) => panic!("parsed {p:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn reads_the_front_matter_and_the_passage() {
        let p = LegalPassage::parse(Path::new("law/x.md"), GOOD).expect("parses");
        assert_eq!(p.id, "appc-76-ru");
        assert_eq!(p.article.as_deref(), Some("art. 76"));
        assert_eq!(p.date, NaiveDate::from_ymd_opt(2020, 6, 29));
        assert_eq!(p.language, Language::Ru);
        assert!(!p.verified);
        assert_eq!(p.text, "Срок — пятнадцать рабочих дней.");
    }

    #[test]
    fn malformed_front_matter_names_the_file_and_the_fault() {
        assert!(error("id = 1\n").contains("law/x.md: the file must start with a front matter"));
        assert!(error("+++\nid = \"a\"\n").contains("not closed"));
        assert!(error(&GOOD.replace("verified = false\n", "")).contains("verified"));
        assert!(
            error(&GOOD.replace("language = \"ru\"", "language = \"de\""))
                .contains("language \"de\"")
        );
        assert!(error(&GOOD.replace("date = 2020-06-29", "date = \"June\"")).contains("date"));
        assert!(
            error(&GOOD.replace("date = 2020-06-29", "date = 2020-06-29T10:00:00"))
                .contains("date must be a date")
        );
        assert!(error(&GOOD.replace("appc-76-ru", "APPC 76")).contains("lowercase"));
        assert!(
            error(&GOOD.replace("language = \"ru\"\n", "language = \"ru\"\nextra = 1\n"))
                .contains("extra")
        );
        assert!(error(&GOOD.replace("Срок — пятнадцать рабочих дней.", "  ")).contains("empty"));
    }
}
