//! Facts about persons kept in the store's `registry_persons` table — extracts of a registry
//! an agency loads, and registries for tests — and [`StoreRegistry`], the
//! [`Registry`](sheshim_registry::Registry) that reads them.
//!
//! A row is found by the keyed hash of the IIN (`person_ref`, as an appeal's applicant is)
//! and holds the IIN and the facts sealed together, bound to `registry_persons.facts <ref>`.
//! Two IINs may share a ref, rarely, so a look-up opens every row of the ref and keeps the
//! one whose IIN is the one asked for. Each write is recorded in the audit log in the same
//! transaction, by counts and a digest, never by anything about the persons themselves.

use std::sync::Arc;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use sheshim_crypto::Keyring;
use sheshim_domain::Iin;
use sheshim_registry::{PersonFacts, Registry, RegistryError};
use zeroize::Zeroizing;

use crate::{Store, StoreError};

/// What a write of registry persons did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RegistryWritten {
    /// Persons the table did not hold before.
    pub created: u64,
    /// Persons whose facts were replaced.
    pub updated: u64,
}

/// What is sealed in a row: the IIN, so that a row of a shared ref is told apart, and the
/// facts.
#[derive(Deserialize)]
pub(crate) struct SealedPerson {
    pub iin: String,
    pub facts: PersonFacts,
}

/// [`SealedPerson`] as written, borrowing what it seals.
#[derive(Serialize)]
struct SealedPersonRef<'a> {
    iin: &'a str,
    facts: &'a PersonFacts,
}

/// The binding of a row's sealed facts: its column and its ref.
pub(crate) fn binding(person_ref: i64) -> String {
    format!("registry_persons.facts {person_ref}")
}

/// Seals a person's IIN and facts for the row of `person_ref`; `digest`, when given, takes
/// the sealed text in the clear (for the audit entry's digest of a write).
pub(crate) fn seal(
    keys: &Keyring,
    person_ref: i64,
    iin: &Iin,
    facts: &PersonFacts,
    digest: Option<&mut sha2::Sha256>,
) -> Result<String, StoreError> {
    use sha2::Digest;
    let plain = Zeroizing::new(
        serde_json::to_string(&SealedPersonRef {
            iin: iin.expose(),
            facts,
        })
        .map_err(|_| corrupt(person_ref))?,
    );
    if let Some(digest) = digest {
        digest.update(plain.as_bytes());
    }
    Ok(keys.seal(&plain, &binding(person_ref))?)
}

/// Opens a row's sealed IIN and facts, or names the row as corrupt.
pub(crate) fn open(
    keys: &Keyring,
    person_ref: i64,
    sealed: &str,
) -> Result<SealedPerson, StoreError> {
    let plain = keys
        .open(sealed, &binding(person_ref))
        .map_err(|_| corrupt(person_ref))?;
    serde_json::from_str(&plain).map_err(|_| corrupt(person_ref))
}

pub(crate) fn corrupt(person_ref: i64) -> StoreError {
    StoreError::Corrupt {
        column: "registry_persons.facts",
        subject: format!("registry person {person_ref:016x}"),
    }
}

/// The audit entry of one write: counts, the sources and the SHA-256 of what was sealed, so
/// that the log says what changed without holding anything about the persons.
pub(crate) fn written_audit(
    persons: &[(Iin, PersonFacts)],
    written: RegistryWritten,
    digest: sha2::Sha256,
    actor: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> sheshim_audit::NewAuditEntry {
    use sha2::Digest;
    let mut sources: Vec<&str> = Vec::new();
    for (_, facts) in persons {
        if sources.len() < 8 && !sources.contains(&facts.birth_date.source.as_str()) {
            sources.push(&facts.birth_date.source);
        }
    }
    sheshim_audit::NewAuditEntry {
        at,
        actor: actor.to_owned(),
        action: "registry.persons_written".to_owned(),
        subject: "registry_persons".to_owned(),
        payload: serde_json::json!({
            "persons": persons.len(),
            "created": written.created,
            "updated": written.updated,
            "sources": sources,
            "records_sha256": hex::encode(digest.finalize()),
        }),
    }
}

/// A [`Registry`] over the store's `registry_persons` table. A store that fails to answer
/// is [`RegistryError::Unavailable`], so the case goes to an officer.
pub struct StoreRegistry(pub Arc<dyn Store>);

/// The name recorded for this registry.
const NAME: &str = "store:registry_persons";

#[async_trait]
impl Registry for StoreRegistry {
    fn name(&self) -> &str {
        NAME
    }

    async fn person(&self, iin: &Iin) -> Result<Option<PersonFacts>, RegistryError> {
        self.0
            .registry_person(iin)
            .await
            .map_err(|error| RegistryError::Unavailable {
                registry: NAME.to_owned(),
                reason: error.to_string(),
            })
    }
}

/// Expands the inherent methods that read and write `registry_persons` for a backend.
macro_rules! registry_methods {
    ($db:ty) => {
        /// Rows per multi-row `INSERT` of registry persons (three parameters each).
        const REGISTRY_ROWS_PER_INSERT: usize = 500;

        /// See [`Store::put_registry_persons`](crate::Store::put_registry_persons).
        async fn write_registry_persons(
            &self,
            persons: &[(sheshim_domain::Iin, sheshim_registry::PersonFacts)],
            actor: &str,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<$crate::RegistryWritten, $crate::StoreError> {
            use std::collections::HashMap;
            let keys = &self.keys;
            let mut tx = self.begin_write().await?;
            // The head is locked first, so that concurrent writers of the same persons are
            // serialised and never both insert a person.
            let (head_seq, head_hash): (i64, String) = sqlx::query_as(Self::HEAD_FOR_UPDATE)
                .fetch_one(&mut *tx)
                .await?;
            let mut head = $crate::row::chain_head(head_seq, &head_hash)?;
            let refs: Vec<i64> = persons
                .iter()
                .map(|(iin, _)| keys.lookup_id(iin.expose()))
                .collect();
            // The rows already held for these refs, by ref and IIN.
            let mut held: HashMap<(i64, String), i64> = HashMap::new();
            for chunk in refs.chunks(Self::REGISTRY_ROWS_PER_INSERT) {
                let mut query = sqlx::QueryBuilder::<$db>::new(
                    "SELECT id, person_ref, facts FROM registry_persons WHERE person_ref IN (",
                );
                let mut list = query.separated(", ");
                for person_ref in chunk {
                    list.push_bind(*person_ref);
                }
                query.push(")");
                let rows: Vec<(i64, i64, String)> =
                    query.build_query_as().fetch_all(&mut *tx).await?;
                for (id, person_ref, sealed) in rows {
                    let person = $crate::registry::open(keys, person_ref, &sealed)?;
                    held.insert((person_ref, person.iin), id);
                }
            }
            // A person twice in the batch is written once, with the later facts.
            let mut last: HashMap<&str, usize> = HashMap::new();
            for (index, (iin, _)) in persons.iter().enumerate() {
                last.insert(iin.expose(), index);
            }
            let mut written = $crate::RegistryWritten::default();
            let mut inserts: Vec<(i64, String)> = Vec::new();
            let mut digest = <sha2::Sha256 as sha2::Digest>::new();
            for (index, ((iin, facts), &person_ref)) in persons.iter().zip(&refs).enumerate() {
                if last.get(iin.expose()) != Some(&index) {
                    continue;
                }
                let sealed =
                    $crate::registry::seal(keys, person_ref, iin, facts, Some(&mut digest))?;
                match held.get(&(person_ref, iin.expose().to_owned())) {
                    Some(id) => {
                        sqlx::query(
                            "UPDATE registry_persons SET facts = $1, updated_at = $2 WHERE id = $3",
                        )
                        .bind(&sealed)
                        .bind(at)
                        .bind(*id)
                        .execute(&mut *tx)
                        .await?;
                        written.updated += 1;
                    }
                    None => {
                        inserts.push((person_ref, sealed));
                        written.created += 1;
                    }
                }
            }
            for chunk in inserts.chunks(Self::REGISTRY_ROWS_PER_INSERT) {
                let mut insert = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO registry_persons (person_ref, facts, updated_at) ",
                );
                insert.push_values(chunk, |mut row, (person_ref, sealed)| {
                    row.push_bind(*person_ref)
                        .push_bind(sealed.as_str())
                        .push_bind(at);
                });
                insert.build().execute(&mut *tx).await?;
            }
            let entry = head.append($crate::registry::written_audit(
                persons, written, digest, actor, at,
            ));
            Self::insert_audit_entries(&mut tx, std::slice::from_ref(&entry), keys).await?;
            Self::write_head(&mut tx, &head).await?;
            self.commit_write(tx).await?;
            Ok(written)
        }

        /// See [`Store::registry_person`](crate::Store::registry_person).
        async fn read_registry_person(
            &self,
            iin: &sheshim_domain::Iin,
        ) -> Result<Option<sheshim_registry::PersonFacts>, $crate::StoreError> {
            let person_ref = self.keys.lookup_id(iin.expose());
            let rows: Vec<String> = sqlx::query_scalar(
                "SELECT facts FROM registry_persons WHERE person_ref = $1 ORDER BY id",
            )
            .bind(person_ref)
            .fetch_all(&self.pool)
            .await?;
            for sealed in rows {
                let person = $crate::registry::open(&self.keys, person_ref, &sealed)?;
                if person.iin == iin.expose() {
                    return Ok(Some(person.facts));
                }
            }
            Ok(None)
        }

        /// Seals every registry person not sealed under the active data key again, a page per
        /// transaction; returns how many were.
        async fn reseal_registry_persons(&self) -> Result<u64, $crate::StoreError> {
            let keys = &self.keys;
            let current = format!("sh1:{}:%", keys.active_key());
            let mut resealed = 0u64;
            loop {
                let mut tx = self.begin_write().await?;
                let rows: Vec<(i64, i64, String)> = sqlx::query_as(
                    "SELECT id, person_ref, facts FROM registry_persons WHERE facts NOT LIKE $1 \
                     ORDER BY id LIMIT 500",
                )
                .bind(&current)
                .fetch_all(&mut *tx)
                .await?;
                if rows.is_empty() {
                    tx.rollback().await?;
                    return Ok(resealed);
                }
                for (id, person_ref, sealed) in rows {
                    let person = $crate::registry::open(keys, person_ref, &sealed)?;
                    let iin = sheshim_domain::Iin::parse(&person.iin)
                        .map_err(|_| $crate::registry::corrupt(person_ref))?;
                    let again =
                        $crate::registry::seal(keys, person_ref, &iin, &person.facts, None)?;
                    sqlx::query("UPDATE registry_persons SET facts = $1 WHERE id = $2")
                        .bind(&again)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    resealed += 1;
                }
                self.commit_write(tx).await?;
            }
        }
    };
}

pub(crate) use registry_methods;
