-- Appeals, their registration numbers, idempotency keys and the hash-chained audit log.
-- Migrations are append-only: never edit this file once it has landed; add a new one.

CREATE TABLE appeals (
    id                  INTEGER PRIMARY KEY,
    registration_number TEXT    NOT NULL UNIQUE,
    reg_year            INTEGER NOT NULL,
    reg_seq             INTEGER NOT NULL,
    kind                TEXT    NOT NULL,
    language            TEXT    NOT NULL,
    channel             TEXT    NOT NULL,
    text                TEXT    NOT NULL,
    applicant_iin       TEXT    NOT NULL,
    applicant_name      TEXT    NOT NULL,
    applicant_phone     TEXT,
    applicant_email     TEXT,
    applicant_address   TEXT,
    agency              TEXT,
    received_at         TEXT    NOT NULL,
    registered_on       TEXT    NOT NULL,
    deadline            TEXT    NOT NULL,
    status              TEXT    NOT NULL,
    UNIQUE (reg_year, reg_seq)
);
CREATE INDEX appeals_by_deadline ON appeals (deadline, id);
CREATE INDEX appeals_by_status ON appeals (status, deadline, id);
CREATE INDEX appeals_by_agency ON appeals (agency, deadline, id);

-- The last sequence number handed out in each registration year.
CREATE TABLE registration_counters (
    year     INTEGER PRIMARY KEY,
    last_seq INTEGER NOT NULL
);

-- A client's Idempotency-Key and the appeal it created, so that a retry returns that appeal.
CREATE TABLE idempotency_keys (
    key                 TEXT PRIMARY KEY,
    request_sha256      TEXT NOT NULL,
    registration_number TEXT NOT NULL REFERENCES appeals (registration_number),
    created_at          TEXT NOT NULL
);

CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    payload   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);

-- The chain's last entry, updated in the same transaction as each append, so that deleting
-- entries from the end of the log is detected too.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT    NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- The application never edits or deletes audit entries; refuse it at the database too.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
