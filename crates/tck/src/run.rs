//! Finding test-case folders and running them.

use crate::cases::{InvocationKind, TestCase, parse_test_file};
use crate::compare::matches_expected;
use sheshim_dmn::ModelSet;
use sheshim_feel::{Env, Value};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

/// A test case's outcome, as the TCK's CSV writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Every result matched.
    Success,
    /// A result did not match, or the model could not be evaluated.
    Error,
}

impl Status {
    /// The CSV's word for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Success => "SUCCESS",
            Status::Error => "ERROR",
        }
    }
}

/// One test case's outcome.
#[derive(Debug, Clone)]
pub struct CaseOutcome {
    /// The test file's name without `.xml`.
    pub file: String,
    /// The case's id.
    pub id: String,
    /// Passed or not.
    pub status: Status,
    /// Why not, when not.
    pub detail: String,
}

/// All outcomes of one folder.
#[derive(Debug, Clone)]
pub struct FolderReport {
    /// The folder as the TCK names it (`compliance-level-2/0001-input-data-string`).
    pub label: String,
    /// Its cases' outcomes.
    pub outcomes: Vec<CaseOutcome>,
}

/// Every folder under `root` (or `root` itself) that holds test files, sorted.
pub fn discover(root: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![root.to_owned()];
    while let Some(folder) = pending.pop() {
        let mut has_tests = false;
        for entry in std::fs::read_dir(&folder)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "xml")
                && path
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().contains("-test-"))
            {
                has_tests = true;
            }
        }
        if has_tests {
            found.push(folder);
        }
    }
    found.sort();
    Ok(found)
}

/// The TCK's name for a folder: its path from the compliance-level folder down.
pub fn label(folder: &Path, root: &Path) -> String {
    let parts: Vec<String> = folder
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if let Some(level) = parts
        .iter()
        .rposition(|p| p.starts_with("compliance-level-") || p == "non-compliant")
    {
        return parts[level..].join("/");
    }
    folder
        .strip_prefix(root)
        .unwrap_or(folder)
        .to_string_lossy()
        .into_owned()
}

/// The largest model or test file read: far above any of the TCK's, and low enough that a
/// device or an endless pipe among the files is refused before it fills memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A file's UTF-8 text, refused (as invalid data) when it holds more than [`MAX_FILE_BYTES`].
fn read_text(path: &Path) -> std::io::Result<String> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("larger than {MAX_FILE_BYTES} bytes"),
        ));
    }
    String::from_utf8(bytes)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"))
}

/// A test-case folder's files: its models as `(file name, text)` and its test files'
/// paths, each sorted by name.
pub struct FolderFiles {
    /// The `.dmn` models, read.
    pub models: Vec<(String, String)>,
    /// The `*-test-*.xml` files.
    pub tests: Vec<PathBuf>,
}

/// Reads a test-case folder; unreadable entries are left out (their cases then fail).
pub fn read_folder(folder: &Path) -> FolderFiles {
    let mut files = FolderFiles {
        models: Vec::new(),
        tests: Vec::new(),
    };
    let Ok(entries) = std::fs::read_dir(folder) else {
        return files;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match path.extension().and_then(|e| e.to_str()) {
            Some("dmn") => {
                if let Ok(text) = read_text(&path) {
                    files.models.push((name, text));
                }
            }
            Some("xml") if name.contains("-test-") => files.tests.push(path),
            _ => {}
        }
    }
    files
}

/// One decision result a TCK test case asks for, with its folder's loaded models.
pub struct DecisionResult<'a> {
    /// The test-case folder.
    pub folder: &'a Path,
    /// The folder's models.
    pub models: &'a ModelSet,
    /// The test case (its inputs).
    pub case: &'a TestCase,
    /// The decision whose result the case checks.
    pub decision: &'a str,
}

/// Calls `visit` for every decision result asked for by the TCK test cases under `root`
/// whose folder's models load (FEEL syntax errors allowed): for tests that compare two
/// ways of evaluating the same decisions.
pub fn for_each_decision_result(
    root: &Path,
    mut visit: impl FnMut(DecisionResult<'_>),
) -> std::io::Result<()> {
    for folder in discover(root)? {
        let FolderFiles { models, tests } = read_folder(&folder);
        let files: Vec<(&str, &str)> = models
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        let Ok((set, _)) = ModelSet::load_lenient(&files) else {
            continue;
        };
        for test in tests {
            let Ok(xml) = read_text(&test) else {
                continue;
            };
            let Ok(Some(file)) = parse_test_file(&xml) else {
                continue;
            };
            for case in file
                .cases
                .iter()
                .filter(|c| c.invocation == InvocationKind::Decisions)
            {
                for result in &case.results {
                    visit(DecisionResult {
                        folder: &folder,
                        models: &set,
                        case,
                        decision: &result.name,
                    });
                }
            }
        }
    }
    Ok(())
}

/// Loads a folder's models and runs its test files.
pub fn run_folder(folder: &Path, root: &Path, env: &Env) -> FolderReport {
    let label = label(folder, root);
    let FolderFiles { models, tests } = read_folder(folder);
    let files: Vec<(&str, &str)> = models
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let loaded = catch_unwind(AssertUnwindSafe(|| ModelSet::load(&files)))
        .unwrap_or_else(|_| {
            Err(sheshim_dmn::DmnError::UnknownModel(
                "the loader panicked".to_owned(),
            ))
        })
        .map_err(|error| error.to_string());
    let mut outcomes = Vec::new();
    for test in tests {
        let file = test
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let parsed = read_text(&test)
            .map_err(|e| e.to_string())
            .and_then(|xml| parse_test_file(&xml));
        let cases = match parsed {
            Ok(Some(parsed)) => parsed.cases,
            Ok(None) => continue,
            Err(error) => {
                outcomes.push(CaseOutcome {
                    file,
                    id: String::new(),
                    status: Status::Error,
                    detail: format!("unreadable test file: {error}"),
                });
                continue;
            }
        };
        for case in cases {
            let (status, detail) = match &loaded {
                // A panic is a failure of this case, not of the run.
                Ok(models) => catch_unwind(AssertUnwindSafe(|| run_case(models, &case, env)))
                    .unwrap_or_else(|_| (Status::Error, "the engine panicked".to_owned())),
                Err(error) => (Status::Error, format!("model does not load: {error}")),
            };
            outcomes.push(CaseOutcome {
                file: file.clone(),
                id: case.id.clone(),
                status,
                detail,
            });
        }
    }
    FolderReport { label, outcomes }
}

fn run_case(models: &ModelSet, case: &TestCase, env: &Env) -> (Status, String) {
    let model = case
        .model_name
        .as_deref()
        .map(|m| m.trim_end_matches(".dmn"));
    // A test file naming a model file is resolved by the model's name or namespace in the
    // set; when that does not match, let the set pick the model holding the decision.
    let model = model.filter(|m| models.models().iter().any(|info| info.name == *m));
    let service_result = match &case.invocation {
        InvocationKind::Decisions => None,
        InvocationKind::DecisionService(name) => Some(
            models
                .evaluate_decision_service(model, name, &case.inputs, env)
                .map_err(|error| error.to_string()),
        ),
        InvocationKind::Bkm(name) => Some(
            models
                .evaluate_bkm(model, name, &case.inputs, env)
                .map_err(|error| error.to_string()),
        ),
    };
    for result in &case.results {
        let actual: Result<Value, String> = match &service_result {
            None => models
                .evaluate_decision(model, &result.name, &case.inputs, env)
                .map_err(|error| error.to_string()),
            // A service with several outputs answers a context naming each output decision.
            Some(Ok(Value::Context(outputs))) if outputs.get(&result.name).is_some() => {
                Ok(outputs.get(&result.name).cloned().unwrap_or(Value::Null))
            }
            Some(outcome) => outcome.clone(),
        };
        let passed = match &actual {
            Ok(value) => matches_expected(value, &result.expected),
            // An expected error is met by an error as well as by null.
            Err(_) => result.error_result,
        };
        if !passed {
            let shown = match actual {
                Ok(value) => format!("{value}"),
                Err(error) => format!("error: {error}"),
            };
            return (
                Status::Error,
                format!(
                    "{}: expected {:?}, got {}",
                    result.name, result.expected, shown
                ),
            );
        }
    }
    (Status::Success, String::new())
}
