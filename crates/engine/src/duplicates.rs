//! Duplicates and mass appeals at intake. Every new appeal's masked text is compared with the
//! open cases of the agency in charge through a MinHash/LSH index (`sheshim-dedup`) kept in
//! memory: a near-identical appeal of the **same applicant** (compared by the keyed hash of
//! the IIN the store already uses, never the IIN) is linked to the earlier case as its
//! duplicate; near-identical appeals of **different applicants** form a mass appeal group once
//! there are enough of them, which an officer answers once (`group_answer.rs`).
//!
//! The index is a cache of the store: it is built from the open cases at the first batch the
//! pipeline runs, updated as the pipeline links cases, loses a case when it closes, and is
//! built again from the store whenever a batch it judged was not written as judged (an error,
//! or a case another process changed), so it never holds a link the store does not.
//!
//! The lexical index only proposes candidates; a [`Confirm`] decides which of them are the
//! same matter. The default, [`LexicalOnly`], accepts what the index found; a confirmation by
//! embedding similarity can be plugged in with [`crate::Flow::with_duplicates`].

use sheshim_dedup::{DEFAULT_THRESHOLD, DedupError, DuplicateIndex, LshConfig, MinHasher};
use sheshim_domain::{AgencyCode, RegistrationNumber};
use sheshim_store::{NewLink, OpenCase};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

/// How duplicates and groups are judged.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DuplicateOptions {
    /// The estimated Jaccard similarity of the masked texts' shingles from which two appeals
    /// count as near-identical.
    pub threshold: f64,
    /// The fewest members of a mass appeal group (different applicants).
    pub min_group: usize,
    /// The LSH banding: more rows per band propose fewer candidates (cheaper with many open
    /// cases) and miss more pairs just above the threshold.
    pub lsh: LshConfig,
}

impl Default for DuplicateOptions {
    fn default() -> Self {
        DuplicateOptions {
            threshold: DEFAULT_THRESHOLD,
            min_group: 3,
            lsh: LshConfig::default(),
        }
    }
}

/// An open case the index proposes as near-identical to a new appeal.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The open case.
    pub number: RegistrationNumber,
    /// The estimated Jaccard similarity of the two masked texts.
    pub similarity: f64,
}

/// Decides which of the index's candidates are really about the same matter as a new appeal.
pub trait Confirm: Send + Sync {
    /// The name recorded with a link, e.g. `minhash`.
    fn name(&self) -> &'static str;

    /// The candidates (most similar first) that are the same matter as `masked_text`.
    fn confirm(&self, masked_text: &str, candidates: Vec<Candidate>) -> Vec<Candidate>;
}

/// Accepts every candidate the MinHash index found: the confirmation used when no embedding
/// model is present.
#[derive(Debug, Clone, Copy, Default)]
pub struct LexicalOnly;

impl Confirm for LexicalOnly {
    fn name(&self) -> &'static str {
        "minhash"
    }

    fn confirm(&self, _masked_text: &str, candidates: Vec<Candidate>) -> Vec<Candidate> {
        candidates
    }
}

/// An indexed open case.
#[derive(Debug, Clone)]
struct Entry {
    number: RegistrationNumber,
    agency: String,
    /// The keyed hash of the applicant's IIN (`Keyring::lookup_id`).
    applicant: i64,
    /// The group, when the case is a member of one.
    group: Option<RegistrationNumber>,
}

/// The in-memory state.
#[derive(Default)]
struct State {
    /// Whether the index reflects the store.
    loaded: bool,
    by_agency: HashMap<String, DuplicateIndex>,
    entries: HashMap<u64, Entry>,
}

/// The duplicate index and its settings, shared by every clone of the flow.
pub struct Duplicates {
    options: DuplicateOptions,
    hasher: MinHasher,
    confirm: Arc<dyn Confirm>,
    /// An empty index with the options' banding, cloned for each agency.
    empty: DuplicateIndex,
    state: Mutex<State>,
}

/// What the index needs of one appeal to judge it.
pub struct DuplicateAppeal<'a> {
    /// Its registration number.
    pub number: &'a RegistrationNumber,
    /// The agency in charge.
    pub agency: &'a AgencyCode,
    /// The keyed hash of the applicant's IIN.
    pub applicant: i64,
    /// Its masked text.
    pub masked_text: &'a str,
}

/// An id for the index: unique per registration number and ascending in registration order.
fn key(number: &RegistrationNumber) -> u64 {
    u64::try_from(number.year()).unwrap_or(0) * 10_000_000 + number.sequence()
}

impl Duplicates {
    /// An empty index judging with these options and this confirmation.
    ///
    /// # Errors
    /// [`DedupError::Banding`] when the banding has no band or no row.
    pub fn new(
        options: DuplicateOptions,
        confirm: Arc<dyn Confirm>,
    ) -> Result<Duplicates, DedupError> {
        Ok(Duplicates {
            empty: DuplicateIndex::with_config(options.lsh)?,
            options,
            hasher: MinHasher::default(),
            confirm,
            state: Mutex::new(State::default()),
        })
    }

    /// The default options with [`LexicalOnly`]: the flow's index until another is set.
    pub(crate) fn lexical() -> Duplicates {
        Duplicates {
            empty: DuplicateIndex::new(),
            options: DuplicateOptions::default(),
            hasher: MinHasher::default(),
            confirm: Arc::new(LexicalOnly),
            state: Mutex::new(State::default()),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while the lock was held leaves a state that may be half updated: rebuild it.
        self.state.lock().unwrap_or_else(|poisoned| {
            let mut state = poisoned.into_inner();
            state.loaded = false;
            state
        })
    }

    /// Whether the index must be (re)built from the store before judging.
    #[must_use]
    pub fn needs_loading(&self) -> bool {
        !self.state().loaded
    }

    /// Marks the index as no longer reflecting the store.
    pub fn invalidate(&self) {
        self.state().loaded = false;
    }

    /// Starts a rebuild: forgets everything indexed.
    pub fn clear(&self) {
        let mut state = self.state();
        *state = State::default();
    }

    /// Adds one page of open cases read from the store; `applicant` gives an applicant's
    /// keyed hash. Duplicates are not indexed: their earlier case stands for them.
    pub fn load(&self, cases: &[OpenCase], applicant: impl Fn(&OpenCase) -> i64) {
        let mut state = self.state();
        for open in cases {
            let (Some(agency), Some(text)) = (&open.case.agency, masked_text(&open.case.record))
            else {
                continue;
            };
            if open.links.duplicate_of.is_some() {
                continue;
            }
            let number = &open.case.appeal.registration_number;
            let id = key(number);
            state
                .by_agency
                .entry(agency.as_str().to_owned())
                .or_insert_with(|| self.empty.clone())
                .insert(id, self.hasher.signature(text));
            state.entries.insert(
                id,
                Entry {
                    number: number.clone(),
                    agency: agency.as_str().to_owned(),
                    applicant: applicant(open),
                    group: open.links.group.as_ref().map(|g| g.id.clone()),
                },
            );
        }
    }

    /// Marks the index as reflecting the store, after a complete rebuild.
    pub fn loaded(&self) {
        self.state().loaded = true;
    }

    /// True when no open case is indexed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.state().entries.is_empty()
    }

    /// How many open cases are indexed.
    #[must_use]
    pub fn len(&self) -> usize {
        self.state().entries.len()
    }

    /// Judges a new appeal against the agency's open cases and indexes it: the link to write
    /// with its case change, if any.
    pub fn judge(&self, appeal: &DuplicateAppeal<'_>) -> Option<NewLink> {
        let signature = self.hasher.signature(appeal.masked_text);
        let id = key(appeal.number);
        let mut state = self.state();
        let state = &mut *state;
        let agency = appeal.agency.as_str();
        let index = state
            .by_agency
            .entry(agency.to_owned())
            .or_insert_with(|| self.empty.clone());
        let found: Vec<Candidate> = index
            .near_duplicates(&signature, self.options.threshold)
            .into_iter()
            .filter(|(other, _)| *other != id)
            .filter_map(|(other, similarity)| {
                state.entries.get(&other).map(|entry| Candidate {
                    number: entry.number.clone(),
                    similarity,
                })
            })
            .collect();
        let confirmed = if found.is_empty() {
            found
        } else {
            self.confirm.confirm(appeal.masked_text, found)
        };
        let entries = &mut state.entries;
        let entry_of = |c: &Candidate| entries.get(&key(&c.number));

        // The same applicant again: linked to their earliest open case, and not indexed.
        if let Some(earlier) = confirmed
            .iter()
            .filter(|c| entry_of(c).is_some_and(|e| e.applicant == appeal.applicant))
            .min_by_key(|c| key(&c.number))
        {
            return Some(NewLink::DuplicateOf(earlier.number.clone()));
        }

        index.insert(id, signature);
        let others: Vec<&Candidate> = confirmed
            .iter()
            .filter(|c| entry_of(c).is_some_and(|e| e.agency == agency))
            .collect();
        // A group one of them is in already: the most similar one's (candidates come most
        // similar first).
        let joined = others
            .iter()
            .find_map(|c| entry_of(c).and_then(|e| e.group.clone()));
        let mut entry = Entry {
            number: appeal.number.clone(),
            agency: agency.to_owned(),
            applicant: appeal.applicant,
            group: None,
        };
        let link = if let Some(group) = joined {
            entry.group = Some(group.clone());
            Some(NewLink::Group {
                id: group,
                agency: appeal.agency.clone(),
                founders: Vec::new(),
            })
        } else {
            // Several cases of one applicant count once towards the size.
            let mut founders: Vec<RegistrationNumber> = Vec::new();
            let mut applicants = vec![appeal.applicant];
            for c in &others {
                if let Some(e) = entry_of(c)
                    && e.group.is_none()
                {
                    founders.push(e.number.clone());
                    applicants.push(e.applicant);
                }
            }
            applicants.sort_unstable();
            applicants.dedup();
            if applicants.len() >= self.options.min_group.max(2) {
                founders.sort_by_key(key);
                let representative = founders
                    .first()
                    .filter(|f| key(f) < id)
                    .cloned()
                    .unwrap_or_else(|| appeal.number.clone());
                for founder in &founders {
                    if let Some(e) = entries.get_mut(&key(founder)) {
                        e.group = Some(representative.clone());
                    }
                }
                entry.group = Some(representative.clone());
                Some(NewLink::Group {
                    id: representative,
                    agency: appeal.agency.clone(),
                    founders,
                })
            } else {
                None
            }
        };
        entries.insert(id, entry);
        link
    }

    /// Forgets a case that closed.
    pub fn forget(&self, number: &RegistrationNumber) {
        let id = key(number);
        let mut state = self.state();
        if let Some(entry) = state.entries.remove(&id)
            && let Some(index) = state.by_agency.get_mut(&entry.agency)
        {
            index.remove(id);
        }
    }

    /// The confirmation in use.
    pub fn confirmation(&self) -> &'static str {
        self.confirm.name()
    }
}

/// The masked text of a case's record, as the triage recorded it.
pub(crate) fn masked_text(record: &Option<serde_json::Value>) -> Option<&str> {
    record.as_ref()?.get("triage")?.get("masked_text")?.as_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "В доме по улице [ADDRESS] третью неделю нет горячей воды, управляющая \
        компания не отвечает, дети и пожилые соседи моются холодной водой. Прошу принять меры.";
    const OTHER: &str = "Прошу установить светофор на перекрёстке возле школы номер двенадцать, \
        дети переходят дорогу без светофора и это опасно.";

    fn number(sequence: u64) -> RegistrationNumber {
        RegistrationNumber::parse(&format!("SH-2026-{sequence:07}")).expect("a number")
    }

    fn judge(
        index: &Duplicates,
        sequence: u64,
        agency: &str,
        applicant: i64,
        text: &str,
    ) -> Option<NewLink> {
        index.judge(&DuplicateAppeal {
            number: &number(sequence),
            agency: &AgencyCode::parse(agency).expect("an agency"),
            applicant,
            masked_text: text,
        })
    }

    fn group_of(link: Option<NewLink>) -> (RegistrationNumber, Vec<RegistrationNumber>) {
        match link {
            Some(NewLink::Group { id, founders, .. }) => (id, founders),
            other => panic!("not a group: {other:?}"),
        }
    }

    #[test]
    fn a_group_forms_at_the_minimum_and_later_appeals_join_it() {
        let index = Duplicates::lexical();
        assert_eq!(judge(&index, 1, "AKIMAT-ALA", 10, TEXT), None);
        assert_eq!(judge(&index, 2, "AKIMAT-ALA", 20, OTHER), None);
        // Another agency's cases are not compared.
        assert_eq!(judge(&index, 3, "MLSP", 30, TEXT), None);
        assert_eq!(judge(&index, 4, "AKIMAT-ALA", 40, TEXT), None);
        let (id, founders) = group_of(judge(&index, 5, "AKIMAT-ALA", 50, TEXT));
        assert_eq!(id, number(1));
        assert_eq!(founders, vec![number(1), number(4)]);
        let (id, founders) = group_of(judge(&index, 6, "AKIMAT-ALA", 60, TEXT));
        assert_eq!((id, founders.len()), (number(1), 0));
        assert_eq!(index.len(), 6);
    }

    #[test]
    fn the_same_applicant_is_a_duplicate_not_a_member_and_not_indexed() {
        let index = Duplicates::new(
            DuplicateOptions {
                min_group: 2,
                ..DuplicateOptions::default()
            },
            Arc::new(LexicalOnly),
        )
        .expect("a valid banding");
        judge(&index, 1, "AKIMAT-ALA", 10, TEXT);
        assert_eq!(
            judge(&index, 2, "AKIMAT-ALA", 10, TEXT),
            Some(NewLink::DuplicateOf(number(1)))
        );
        assert_eq!(index.len(), 1);
        // Two cases of one applicant count once towards a group's size.
        let (_, founders) = group_of(judge(&index, 3, "AKIMAT-ALA", 30, TEXT));
        assert_eq!(founders, vec![number(1)]);
    }

    #[test]
    fn a_closed_case_is_forgotten_and_a_confirmation_can_refuse() {
        let index = Duplicates::lexical();
        judge(&index, 1, "AKIMAT-ALA", 10, TEXT);
        index.forget(&number(1));
        assert!(index.is_empty());
        assert_eq!(judge(&index, 2, "AKIMAT-ALA", 10, TEXT), None);

        struct Nothing;
        impl Confirm for Nothing {
            fn name(&self) -> &'static str {
                "nothing"
            }
            fn confirm(&self, _: &str, _: Vec<Candidate>) -> Vec<Candidate> {
                Vec::new()
            }
        }
        let strict = Duplicates::new(DuplicateOptions::default(), Arc::new(Nothing))
            .expect("a valid banding");
        let refused = DuplicateOptions {
            lsh: LshConfig { bands: 0, rows: 4 },
            ..DuplicateOptions::default()
        };
        assert!(Duplicates::new(refused, Arc::new(Nothing)).is_err());
        judge(&strict, 1, "AKIMAT-ALA", 10, TEXT);
        assert_eq!(judge(&strict, 2, "AKIMAT-ALA", 10, TEXT), None);
        assert_eq!(strict.confirmation(), "nothing");
    }
}
