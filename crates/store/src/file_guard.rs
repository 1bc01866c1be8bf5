//! The SQLite file's identity, checked around every write.
//!
//! An open SQLite connection keeps writing to its file descriptors even after the file is
//! deleted or replaced on disk: every write is then "committed" into an inode nobody will
//! ever open again, and lost at the next restart. So the store records the identity (device
//! and inode) of the database, its WAL and its shared-memory file when it opens them, and
//! checks before and after every write transaction that the paths still name those files
//! and that none has been made read-only. A write that fails the check is refused (or, if
//! the check fails after the commit, not acknowledged): the client gets a 503 and retries
//! with its idempotency key once the file is put right.
//!
//! The store keeps one connection open for its whole life, so SQLite never deletes and
//! re-creates the WAL on its own (it does when the last connection closes): a WAL with
//! another identity therefore means someone else replaced it.

use crate::model::StoreError;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Device and inode of a file.
type FileId = (u64, u64);

/// The files of one SQLite database and their identities when opened.
#[derive(Debug)]
pub(crate) struct FileGuard {
    files: Vec<Watched>,
}

#[derive(Debug)]
struct Watched {
    path: PathBuf,
    what: &'static str,
    /// The identity first seen; the WAL and shared-memory files may appear after opening.
    id: Mutex<Option<FileId>>,
    required: bool,
}

impl FileGuard {
    /// Records the identities of `database` and of its `-wal` and `-shm` files as they are now.
    pub(crate) fn new(database: &Path) -> Result<FileGuard, StoreError> {
        let files = vec![
            Watched::new(database.to_owned(), "database file", true),
            Watched::new(with_suffix(database, "-wal"), "write-ahead log", false),
            Watched::new(with_suffix(database, "-shm"), "shared-memory file", false),
        ];
        let guard = FileGuard { files };
        guard.check()?;
        Ok(guard)
    }

    /// Checks that every file is still the one opened, and writable.
    pub(crate) fn check(&self) -> Result<(), StoreError> {
        for file in &self.files {
            file.check()?;
        }
        Ok(())
    }
}

impl Watched {
    fn new(path: PathBuf, what: &'static str, required: bool) -> Watched {
        Watched {
            path,
            what,
            id: Mutex::new(None),
            required,
        }
    }

    fn check(&self) -> Result<(), StoreError> {
        let unavailable = |happened: &str| {
            StoreError::Unavailable(format!(
                "the {} {} {happened} while Sheshim had it open",
                self.what,
                self.path.display()
            ))
        };
        let mut recorded = self
            .id
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let metadata = match std::fs::metadata(&self.path) {
            Ok(metadata) => metadata,
            // A WAL not seen yet may not exist yet; once seen, it must stay.
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return if self.required || recorded.is_some() {
                    Err(unavailable("was deleted"))
                } else {
                    Ok(())
                };
            }
            Err(error) => {
                return Err(StoreError::Unavailable(format!(
                    "the {} {} cannot be checked: {error}",
                    self.what,
                    self.path.display()
                )));
            }
        };
        let id = identity(&metadata);
        match *recorded {
            Some(seen) if seen != id => return Err(unavailable("was replaced")),
            Some(_) => {}
            None => *recorded = Some(id),
        }
        if metadata.permissions().readonly() {
            return Err(unavailable("was made read-only"));
        }
        Ok(())
    }
}

/// The database's path with `suffix` appended: SQLite's names for its WAL and shared memory.
fn with_suffix(database: &Path, suffix: &str) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

#[cfg(unix)]
fn identity(metadata: &std::fs::Metadata) -> FileId {
    use std::os::unix::fs::MetadataExt;
    (metadata.dev(), metadata.ino())
}

#[cfg(not(unix))]
fn identity(metadata: &std::fs::Metadata) -> FileId {
    // Without inodes, a replaced file is recognised by its creation time.
    let created = metadata
        .created()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64);
    (0, created)
}

/// Creates the database file readable and writable by its owner only, if it does not exist,
/// and narrows the permissions of an existing one (and of its WAL and shared-memory files,
/// which SQLite creates with the database file's permissions).
pub(crate) fn restrict_permissions(database: &Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
        if let Some(folder) = database.parent()
            && !folder.as_os_str().is_empty()
            && !folder.exists()
        {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(folder)
                .map_err(StoreError::Folder)?;
        }
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(database)
        {
            Ok(_) => {}
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(error) => return Err(StoreError::Folder(error)),
        }
        for suffix in ["", "-wal", "-shm"] {
            let path = with_suffix(database, suffix);
            let Ok(metadata) = std::fs::metadata(&path) else {
                continue;
            };
            if metadata.permissions().mode() & 0o077 != 0 {
                tracing::warn!(path = %path.display(), "narrowing the permissions of a database file to its owner");
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
                    .map_err(StoreError::Folder)?;
            }
        }
    }
    #[cfg(not(unix))]
    if let Some(folder) = database.parent()
        && !folder.as_os_str().is_empty()
    {
        std::fs::create_dir_all(folder).map_err(StoreError::Folder)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deletion_replacement_and_read_only_are_seen() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.db");
        std::fs::write(&db, b"one").unwrap();
        // Held open, as SQLite holds it, so that its inode cannot be reused by the new file.
        let _open = std::fs::File::open(&db).unwrap();
        let guard = FileGuard::new(&db).unwrap();
        guard.check().unwrap();

        std::fs::remove_file(&db).unwrap();
        let error = guard.check().unwrap_err().to_string();
        assert!(error.contains("was deleted"), "{error}");

        std::fs::write(&db, b"two").unwrap();
        let error = guard.check().unwrap_err().to_string();
        assert!(error.contains("was replaced"), "{error}");

        let guard = FileGuard::new(&db).unwrap();
        let mut permissions = std::fs::metadata(&db).unwrap().permissions();
        permissions.set_readonly(true);
        std::fs::set_permissions(&db, permissions).unwrap();
        let error = guard.check().unwrap_err().to_string();
        assert!(error.contains("read-only"), "{error}");
    }

    #[test]
    fn a_wal_once_seen_must_stay() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.db");
        std::fs::write(&db, b"db").unwrap();
        let guard = FileGuard::new(&db).unwrap();
        let wal = dir.path().join("x.db-wal");
        std::fs::write(&wal, b"wal").unwrap();
        guard.check().unwrap();
        std::fs::remove_file(&wal).unwrap();
        assert!(
            guard
                .check()
                .unwrap_err()
                .to_string()
                .contains("write-ahead log")
        );
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_for_their_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("sub/x.db");
        restrict_permissions(&db).unwrap();
        let mode = std::fs::metadata(&db).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let folder = std::fs::metadata(dir.path().join("sub"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(folder & 0o777, 0o700);
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
        restrict_permissions(&db).unwrap();
        let mode = std::fs::metadata(&db).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
