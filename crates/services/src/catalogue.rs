//! The catalogue: every service under a folder, loaded and checked at once, each versioned
//! by the content hash of its files.

use crate::definition::ServiceKind;
use crate::service::{MAX_FILE_BYTES, Service, ServiceError, service_folders};
use sha2::{Digest, Sha256};
use sheshim_domain::{AppealKind, ServiceCode};
use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Every service of a catalogue folder, by code.
#[derive(Clone)]
pub struct Catalogue {
    services: BTreeMap<ServiceCode, Arc<Service>>,
}

impl Catalogue {
    /// Loads every service under `root`. The first service that does not load stops it,
    /// naming its file and field; so does a second appeal service for the same kind.
    pub fn load(root: &Path) -> Result<Catalogue, ServiceError> {
        let mut services = BTreeMap::new();
        let mut kinds: BTreeMap<AppealKind, ServiceCode> = BTreeMap::new();
        for folder in service_folders(root)? {
            let service = Service::load(&folder)?;
            if let ServiceKind::Appeal(kind) = service.kind()
                && let Some(other) = kinds.insert(kind, service.code.clone())
            {
                return Err(ServiceError::Definition {
                    file: folder.join("service.toml"),
                    message: format!(
                        "appeal_kind: service {other} already answers appeals of kind {}",
                        kind.code()
                    ),
                });
            }
            services.insert(service.code.clone(), Arc::new(service));
        }
        Ok(Catalogue { services })
    }

    /// The service with this code.
    pub fn get(&self, code: &ServiceCode) -> Option<&Arc<Service>> {
        self.services.get(code)
    }

    /// Every service, in order of code.
    pub fn services(&self) -> impl Iterator<Item = &Arc<Service>> {
        self.services.values()
    }

    /// The appeal service that answers appeals of `kind`.
    pub fn for_appeal_kind(&self, kind: AppealKind) -> Option<&Arc<Service>> {
        self.services
            .values()
            .find(|service| service.kind() == ServiceKind::Appeal(kind))
    }

    /// How many services.
    pub fn len(&self) -> usize {
        self.services.len()
    }

    /// True when the folder held no service.
    pub fn is_empty(&self) -> bool {
        self.services.is_empty()
    }
}

/// Every file under `folder`, recursively, as `(name relative to folder, path)`.
fn files(
    folder: &Path,
    prefix: &str,
    out: &mut Vec<(String, PathBuf)>,
) -> Result<(), ServiceError> {
    let entries = std::fs::read_dir(folder).map_err(|source| ServiceError::Read {
        path: folder.to_owned(),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| ServiceError::Read {
            path: folder.to_owned(),
            source,
        })?;
        let path = entry.path();
        let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
        if path.is_dir() {
            files(&path, &format!("{name}/"), out)?;
        } else {
            out.push((name, path));
        }
    }
    Ok(())
}

/// `sha256:` and the hex SHA-256 over the service folder's files and the shared answer
/// pieces (as `_common/NAME`), sorted by name: each name, a zero byte, the length of the
/// content as 8 bytes little-endian, and the content. Any change to any file makes a new
/// version; nothing else (times, permissions, the folder's place) does.
pub(crate) fn content_version(
    folder: &Path,
    common: Option<&Path>,
) -> Result<String, ServiceError> {
    let mut all = Vec::new();
    files(folder, "", &mut all)?;
    if let Some(common) = common {
        files(common, "_common/", &mut all)?;
    }
    all.sort();
    let mut hash = Sha256::new();
    for (name, path) in all {
        let mut bytes = Vec::new();
        std::fs::File::open(&path)
            .and_then(|file| file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
            .map_err(|source| ServiceError::Read {
                path: path.clone(),
                source,
            })?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(ServiceError::TooLarge {
                path,
                limit: MAX_FILE_BYTES,
            });
        }
        hash.update(name.as_bytes());
        hash.update([0]);
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(&bytes);
    }
    Ok(format!("sha256:{}", hex::encode(hash.finalize())))
}
