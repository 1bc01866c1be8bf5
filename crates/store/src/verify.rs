//! `audit verify`: the audit chain, its MACs and its anchors, and every stored appeal against
//! the audit entries that recorded it.
//!
//! The chain alone proves only that the log is consistent with itself. This walk also checks
//! that each audit entry is authenticated by the audit key kept outside the database (so the
//! chain cannot be recomputed from inside it), that the chain still contains every head that
//! was anchored outside the database (so it was neither rewritten nor cut short), and that
//! the records and the log agree: every appeal has the entry that registered it, holds exactly
//! what that entry's record hash says, is in the status the log last gave it, and every
//! registered appeal is still there; no number was issued twice and no counter was set back.

use crate::row::record_digest;
use crate::{Store, StoreError};
use sheshim_audit::{ChainBreak, ChainVerifier};
use sheshim_crypto::{Anchor, Keyring};
use sheshim_domain::RegistrationNumber;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// What the log says an appeal's stored record must be.
struct Expected {
    record_sha256: Option<String>,
    status: Option<String>,
}

/// One difference between the records and the log, named by registration number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// The stored appeal differs from the record its audit entries hashed.
    Edited {
        /// The appeal.
        number: String,
    },
    /// The stored status is not the one the audit log last recorded.
    StatusChanged {
        /// The appeal.
        number: String,
        /// The status stored.
        stored: String,
        /// The status the log recorded.
        recorded: String,
    },
    /// A case's stored state (record, claims, outcome, assignee, …) is not the one its last
    /// audit entry hashed: it was edited, or rolled back to an earlier state, outside Sheshim.
    CaseEdited {
        /// The case.
        number: String,
    },
    /// A stored value does not parse, or a sealed one does not open.
    Unreadable {
        /// The appeal (or `row id N` when the number itself is unreadable).
        subject: String,
        /// The column at fault.
        column: &'static str,
    },
    /// An appeal is stored that no audit entry registered: it was inserted from outside.
    NoEntry {
        /// The appeal.
        number: String,
    },
    /// An appeal the log registered is no longer stored: it was deleted.
    Deleted {
        /// The appeal.
        number: String,
    },
    /// The log registered the same number twice.
    IssuedTwice {
        /// The number.
        number: String,
    },
    /// A year's counter is below a number already issued: it was set back.
    CounterRewound {
        /// The registration year.
        year: i32,
        /// The counter stored.
        counter: u64,
        /// The highest number issued in that year.
        highest: u64,
    },
    /// An anchored head does not match the chain.
    Anchor {
        /// The anchor's line in the anchor file.
        line: usize,
        /// What is wrong.
        problem: String,
    },
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Finding::Edited { number } => {
                write!(
                    f,
                    "{number}: the stored appeal differs from what the audit log recorded (edited outside Sheshim)"
                )
            }
            Finding::StatusChanged {
                number,
                stored,
                recorded,
            } => write!(
                f,
                "{number}: stored status {stored} is not {recorded}, the status the audit log recorded"
            ),
            Finding::CaseEdited { number } => write!(
                f,
                "{number}: the stored case differs from what its last audit entry recorded (edited outside Sheshim)"
            ),
            Finding::Unreadable { subject, column } => {
                write!(
                    f,
                    "{subject}: stored {column} does not parse or open (edited outside Sheshim)"
                )
            }
            Finding::NoEntry { number } => {
                write!(
                    f,
                    "{number}: stored, but no audit entry registered it (inserted outside Sheshim)"
                )
            }
            Finding::Deleted { number } => {
                write!(
                    f,
                    "{number}: registered in the audit log, but no longer stored (deleted)"
                )
            }
            Finding::IssuedTwice { number } => {
                write!(
                    f,
                    "{number}: the audit log registered this number more than once"
                )
            }
            Finding::CounterRewound {
                year,
                counter,
                highest,
            } => write!(
                f,
                "registration counter {year} is at {counter}, below number {highest} already issued (set back)"
            ),
            Finding::Anchor { line, problem } => write!(f, "anchor on line {line}: {problem}"),
        }
    }
}

/// Everything `audit verify` found.
#[derive(Debug, Default)]
pub struct AuditReport {
    /// Audit entries walked.
    pub entries: u64,
    /// The first fault of the chain itself, if any.
    pub chain_break: Option<ChainBreak>,
    /// Entries written before audit entries were authenticated (the first authenticated
    /// entry after them covers them through the chain).
    pub unauthenticated: u64,
    /// Entries whose MAC is missing or wrong (at most the first 100).
    pub bad_macs: Vec<u64>,
    /// How many entries had a missing or wrong MAC.
    pub bad_mac_count: u64,
    /// Stored appeals checked.
    pub appeals: u64,
    /// Anchors checked.
    pub anchors: usize,
    /// Differences between the records, the log and the anchors.
    pub findings: Vec<Finding>,
}

impl AuditReport {
    /// Whether nothing at all was found.
    pub fn is_intact(&self) -> bool {
        self.chain_break.is_none() && self.bad_mac_count == 0 && self.findings.is_empty()
    }

    /// Counts an entry whose MAC is missing or wrong, keeping the first hundred to name.
    fn bad_mac(&mut self, seq: u64) {
        self.bad_mac_count += 1;
        if self.bad_macs.len() < 100 {
            self.bad_macs.push(seq);
        }
    }
}

/// Walks the whole audit log and every stored appeal; see the module documentation.
/// `anchors` are the anchor file's lines that parsed, with their line numbers.
pub async fn verify_store(
    store: &dyn Store,
    keys: &Keyring,
    anchors: &[(usize, Anchor)],
) -> Result<AuditReport, StoreError> {
    let mut report = AuditReport {
        anchors: anchors.len(),
        ..AuditReport::default()
    };
    let mut anchored: BTreeMap<u64, Vec<&(usize, Anchor)>> = BTreeMap::new();
    for pair in anchors {
        match pair.1.check(keys) {
            Ok(()) => anchored.entry(pair.1.seq).or_default().push(pair),
            Err(problem) => report.findings.push(Finding::Anchor {
                line: pair.0,
                problem: problem.to_string(),
            }),
        }
    }
    let mut expected: HashMap<String, Expected> = HashMap::new();
    let mut highest: BTreeMap<i32, u64> = BTreeMap::new();
    let mut cases: HashMap<String, String> = HashMap::new();
    let last_seq = walk_log(
        store,
        keys,
        &mut report,
        &mut anchored,
        &mut expected,
        &mut highest,
        &mut cases,
    )
    .await?;
    for (seq, pairs) in anchored {
        for (line, _) in pairs {
            report.findings.push(Finding::Anchor {
                line: *line,
                problem: format!(
                    "it anchors entry {seq}, but the chain ends at entry {last_seq}: entries were removed"
                ),
            });
        }
    }
    check_records(store, &mut report, &mut expected, &mut highest).await?;
    check_cases(store, &mut report, &cases).await?;
    let mut deleted: Vec<String> = expected.into_keys().collect();
    deleted.sort();
    report.findings.extend(
        deleted
            .into_iter()
            .map(|number| Finding::Deleted { number }),
    );
    let counters: BTreeMap<i32, u64> = store.registration_counters().await?.into_iter().collect();
    for (year, highest) in highest {
        let counter = counters.get(&year).copied().unwrap_or(0);
        if counter < highest {
            report.findings.push(Finding::CounterRewound {
                year,
                counter,
                highest,
            });
        }
    }
    Ok(report)
}

/// Walks the audit log page by page: the chain, the MACs, the anchors, and what each entry
/// says the appeals' records must be. Returns the last sequence number seen.
async fn walk_log(
    store: &dyn Store,
    keys: &Keyring,
    report: &mut AuditReport,
    anchored: &mut BTreeMap<u64, Vec<&(usize, Anchor)>>,
    expected: &mut HashMap<String, Expected>,
    highest: &mut BTreeMap<i32, u64>,
    cases: &mut HashMap<String, String>,
) -> Result<u64, StoreError> {
    const PAGE: u32 = 5_000;
    let mut verifier = ChainVerifier::default();
    let mut after = 0;
    let mut authenticated_from: Option<u64> = None;
    loop {
        let page = store.audit_entries(after, PAGE).await?;
        for stored in &page {
            let entry = &stored.entry;
            report.entries += 1;
            after = entry.seq;
            if report.chain_break.is_none()
                && let Err(broken) = verifier.check(entry)
            {
                report.chain_break = Some(broken);
            }
            let hash = entry.hash.to_hex();
            match &stored.mac {
                Some(mac) => {
                    authenticated_from.get_or_insert(entry.seq);
                    if !keys.audit_mac_is_valid(&hash, mac) {
                        report.bad_mac(entry.seq);
                    }
                }
                None if authenticated_from.is_some() => report.bad_mac(entry.seq),
                None => report.unauthenticated += 1,
            }
            if let Some(pairs) = anchored.remove(&entry.seq) {
                for (line, anchor) in pairs {
                    if anchor.hash != hash {
                        report.findings.push(Finding::Anchor {
                            line: *line,
                            problem: format!(
                                "entry {} no longer has the hash that was anchored: the chain was rewritten",
                                entry.seq
                            ),
                        });
                    }
                }
            }
            record_expectation(entry, report, expected, highest);
            if let Some(digest) = entry.payload.get("case_sha256").and_then(|v| v.as_str()) {
                cases.insert(entry.subject.clone(), digest.to_owned());
            }
        }
        if page.len() < PAGE as usize {
            break;
        }
    }
    if report.chain_break.is_none() {
        let head = store.audit_head().await?;
        // Entries appended while walking are beyond the head read now; only a head beyond
        // the walk, or a different hash at the same place, is a fault.
        if head.seq <= after
            && let Err(broken) = verifier.finish(head)
        {
            report.chain_break = Some(broken);
        }
        if head.seq > after {
            report.chain_break = Some(ChainBreak::Truncated {
                last_seq: after,
                head_seq: head.seq,
            });
        }
    }
    if authenticated_from.is_none() && report.entries > 0 {
        // No entry at all is authenticated: nothing ties this log to the audit key.
        report.bad_mac(after);
    }
    Ok(after)
}

/// Notes what an entry says about an appeal's record: a registration creates the
/// expectation; any later entry carrying `record_sha256` or `status` updates it.
fn record_expectation(
    entry: &sheshim_audit::AuditEntry,
    report: &mut AuditReport,
    expected: &mut HashMap<String, Expected>,
    highest: &mut BTreeMap<i32, u64>,
) {
    let Ok(number) = RegistrationNumber::parse(&entry.subject) else {
        return;
    };
    let text = |name: &str| {
        entry
            .payload
            .get(name)
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    };
    if entry.action == "appeal.registered" {
        if expected.contains_key(&entry.subject) {
            report.findings.push(Finding::IssuedTwice {
                number: entry.subject.clone(),
            });
        }
        note_highest(highest, &number);
        expected.insert(
            entry.subject.clone(),
            Expected {
                record_sha256: text("record_sha256"),
                status: text("status"),
            },
        );
    } else if let Some(known) = expected.get_mut(&entry.subject) {
        if let Some(digest) = text("record_sha256") {
            known.record_sha256 = Some(digest);
        }
        if let Some(status) = text("status") {
            known.status = Some(status);
        }
    }
}

/// Reads every stored appeal and compares it with what the log expects.
async fn check_records(
    store: &dyn Store,
    report: &mut AuditReport,
    expected: &mut HashMap<String, Expected>,
    highest: &mut BTreeMap<i32, u64>,
) -> Result<(), StoreError> {
    const PAGE: u32 = 2_000;
    let mut after = 0;
    loop {
        let page = store.appeal_records(after, PAGE).await?;
        let full = page.len() == PAGE as usize;
        for record in page {
            after = record.id;
            report.appeals += 1;
            let number = record.registration_number;
            let parsed = RegistrationNumber::parse(&number).ok();
            if let Some(parsed) = &parsed {
                note_highest(highest, parsed);
            }
            let known = expected.remove(&number);
            let appeal = match record.appeal {
                Ok(appeal) => appeal,
                Err(StoreError::Corrupt { column, .. }) => {
                    let subject = match parsed {
                        Some(_) => number,
                        None => format!("row id {}", record.id),
                    };
                    report
                        .findings
                        .push(Finding::Unreadable { subject, column });
                    continue;
                }
                Err(other) => return Err(other),
            };
            let Some(known) = known else {
                report.findings.push(Finding::NoEntry { number });
                continue;
            };
            if known.record_sha256.as_deref() != Some(record_digest(&appeal).as_str()) {
                report.findings.push(Finding::Edited {
                    number: number.clone(),
                });
            }
            let stored = appeal.status.code();
            if let Some(recorded) = known.status
                && recorded != stored
            {
                report.findings.push(Finding::StatusChanged {
                    number,
                    stored: stored.to_owned(),
                    recorded,
                });
            }
        }
        if !full {
            return Ok(());
        }
    }
}

/// Compares every case's stored state with the digest its last audit entry recorded.
async fn check_cases(
    store: &dyn Store,
    report: &mut AuditReport,
    recorded: &HashMap<String, String>,
) -> Result<(), StoreError> {
    const PAGE: u32 = 2_000;
    let mut after = String::new();
    loop {
        let page = store.case_digests(&after, PAGE).await?;
        let full = page.len() == PAGE as usize;
        for (number, digest) in page {
            after.clone_from(&number);
            match digest {
                Ok(digest) if recorded.get(&number) == Some(&digest) => {}
                Ok(_) => report.findings.push(Finding::CaseEdited { number }),
                Err(StoreError::Corrupt { column, .. }) => {
                    report.findings.push(Finding::Unreadable {
                        subject: number,
                        column,
                    })
                }
                Err(other) => return Err(other),
            }
        }
        if !full {
            return Ok(());
        }
    }
}

fn note_highest(highest: &mut BTreeMap<i32, u64>, number: &RegistrationNumber) {
    let seen = highest.entry(number.year()).or_insert(0);
    *seen = (*seen).max(number.sequence());
}
