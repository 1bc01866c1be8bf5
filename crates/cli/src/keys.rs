//! The key file at the edge: where a database's key file is, opening a store with it
//! (creating it beside an SQLite database on first run, binding it to a new database), and
//! `sheshim key generate` and `sheshim key rotate`.
//!
//! The key file is what keeps the personal data in the database unreadable to anyone who
//! has only the database, so it is created readable by its owner only, replaced atomically
//! (a new file renamed over the old one), and never overwritten by `key generate`.

use crate::args::{DbArgs, KeyGenerateArgs};
use crate::clock;
use crate::read::read_text_limited;
use anyhow::{Context, bail};
use sheshim_crypto::Keyring;
use sheshim_store::{Attached, Backend, Store};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// A key file is a few hundred bytes; anything much larger is not one.
const MAX_KEY_FILE_BYTES: u64 = 64 * 1024;

/// Where the database's key file is: `--keys`, or for SQLite the file beside the database
/// (`data/sheshim.db` → `data/sheshim.db.keys`). PostgreSQL needs `--keys`.
pub fn key_file_for(db: &DbArgs) -> anyhow::Result<(PathBuf, bool)> {
    if let Some(path) = &db.keys {
        return Ok((path.clone(), false));
    }
    match Backend::of_url(&db.db)? {
        Backend::Sqlite => Ok((
            PathBuf::from(format!("{}.keys", sqlite_path(&db.db).display())),
            true,
        )),
        Backend::Postgres => bail!(
            "a PostgreSQL store needs its key file: create one with `sheshim key generate --out FILE` \
             and pass `--keys FILE` (or set SHESHIM_KEYS_FILE)"
        ),
    }
}

/// The file an `sqlite://PATH[?options]` URL names.
pub fn sqlite_path(url: &str) -> PathBuf {
    let rest = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    PathBuf::from(rest.split('?').next().unwrap_or(rest))
}

/// Reads a key file.
pub fn read_key_file(path: &Path) -> anyhow::Result<Keyring> {
    let text = read_text_limited(path, MAX_KEY_FILE_BYTES)
        .with_context(|| format!("cannot read the key file {}", path.display()))?;
    Keyring::parse(&text).with_context(|| format!("cannot use the key file {}", path.display()))
}

/// Writes a key file readable by its owner only: a new file when `replace` is false (never
/// overwriting one), otherwise a temporary file renamed over the old one, so that a crash
/// leaves either the old file or the new one, whole.
pub fn write_key_file(path: &Path, keyring: &Keyring, replace: bool) -> anyhow::Result<()> {
    let target = if replace {
        let mut name = path.as_os_str().to_owned();
        name.push(".new");
        PathBuf::from(name)
    } else {
        path.to_owned()
    };
    if let Some(folder) = path.parent()
        && !folder.as_os_str().is_empty()
    {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("cannot create the folder of {}", path.display()))?;
    }
    let mut options = crate::private::owner_only();
    if replace {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let mut file = options
        .open(&target)
        .with_context(|| format!("cannot create the key file {}", target.display()))?;
    file.write_all(keyring.to_file_text().as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write the key file {}", target.display()))?;
    if replace {
        std::fs::rename(&target, path)
            .with_context(|| format!("cannot replace the key file {}", path.display()))?;
    }
    Ok(())
}

/// Opens the store a database URL names with its key file, applies its migrations and
/// checks the key file against it. On the embedded default the key file is created beside
/// the database on first run; a database used with a key file for the first time is bound to
/// it, and the key file is written back with the store's id.
pub async fn open_store(db: &DbArgs) -> anyhow::Result<(Arc<dyn Store>, Keyring)> {
    let (path, beside_database) = key_file_for(db)?;
    let is_sqlite = Backend::of_url(&db.db)? == Backend::Sqlite;
    let (mut keyring, existed) = if path.exists() {
        (read_key_file(&path)?, true)
    } else if beside_database {
        (Keyring::generate().context("cannot generate keys")?, false)
    } else {
        bail!(
            "there is no key file at {}: create one with `sheshim key generate --out {}`",
            path.display(),
            path.display()
        );
    };
    if is_sqlite && keyring.store_id().is_some() && !sqlite_path(&db.db).exists() {
        bail!(
            "the key file {} belongs to store {}, but its database {} is missing: restore the \
             database from a backup (starting a new one would issue registration numbers again); \
             to start a new, empty store, move the key file away first",
            path.display(),
            keyring
                .store_id()
                .map(|id| id.to_string())
                .unwrap_or_default(),
            sqlite_path(&db.db).display()
        );
    }
    let (store, attached) = sheshim_store::open_attached(
        &db.db,
        Arc::new(keyring.clone()),
        clock::now(clock::system()),
    )
    .await
    .with_context(|| {
        format!(
            "cannot open the database with the key file {}",
            path.display()
        )
    })?;
    if let Attached::New { store_id, sealed } = attached {
        keyring.bind(store_id.clone());
        write_key_file(&path, &keyring, existed)?;
        tracing::info!(key_file = %path.display(), store = %store_id, "bound the database to its key file; keep the key file safe and back it up apart from the database");
        if sealed > 0 {
            tracing::info!(
                appeals = sealed,
                "sealed the personal data of appeals stored before sealing"
            );
        }
    }
    Ok((store, keyring))
}

/// `sheshim key generate --out FILE`.
pub fn generate(args: &KeyGenerateArgs) -> anyhow::Result<ExitCode> {
    let keyring = Keyring::generate().context("cannot generate keys")?;
    write_key_file(&args.out, &keyring, false)?;
    println!(
        "wrote a new key file to {} (readable by its owner only); it is bound to a database the \
         first time a store is opened with it. Anchor signing key: {}",
        args.out.display(),
        keyring.anchor_public_key()
    );
    Ok(ExitCode::SUCCESS)
}

/// `sheshim key rotate`: a new data key becomes active and every appeal is sealed again
/// under it. The key file is written first, so that an interrupted rotation never leaves
/// values sealed with a key the file does not hold; running it again finishes the work.
pub async fn rotate(db: &DbArgs) -> anyhow::Result<ExitCode> {
    let (path, _) = key_file_for(db)?;
    let mut keyring = read_key_file(&path)?;
    if keyring.store_id().is_none() {
        bail!(
            "the key file {} has never been used with a database",
            path.display()
        );
    }
    let new_key = keyring
        .add_data_key()
        .context("cannot generate a data key")?;
    write_key_file(&path, &keyring, true)?;
    let rotated = DbArgs {
        db: db.db.clone(),
        keys: Some(path.clone()),
    };
    let (store, _) = open_store(&rotated).await?;
    let resealed = store
        .rotate_keys("system:key-rotate", clock::now(clock::system()))
        .await
        .context("re-sealing the personal data failed; run `sheshim key rotate` again to finish")?;
    println!(
        "data key {new_key} is now active: {} appeals sealed again under it; key file {}",
        resealed.appeals,
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}
