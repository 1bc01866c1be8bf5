-- Appeals, their registration numbers, idempotency keys and the hash-chained audit log.
-- Migrations are append-only: never edit this file once it has landed; add a new one.

CREATE TABLE appeals (
    id                  BIGSERIAL PRIMARY KEY,
    registration_number TEXT        NOT NULL UNIQUE,
    reg_year            INTEGER     NOT NULL,
    reg_seq             BIGINT      NOT NULL,
    kind                TEXT        NOT NULL,
    language            TEXT        NOT NULL,
    channel             TEXT        NOT NULL,
    text                TEXT        NOT NULL,
    applicant_iin       TEXT        NOT NULL,
    applicant_name      TEXT        NOT NULL,
    applicant_phone     TEXT,
    applicant_email     TEXT,
    applicant_address   TEXT,
    agency              TEXT,
    received_at         TIMESTAMPTZ NOT NULL,
    registered_on       DATE        NOT NULL,
    deadline            DATE        NOT NULL,
    status              TEXT        NOT NULL,
    UNIQUE (reg_year, reg_seq)
);
CREATE INDEX appeals_by_deadline ON appeals (deadline, id);
CREATE INDEX appeals_by_status ON appeals (status, deadline, id);
CREATE INDEX appeals_by_agency ON appeals (agency, deadline, id);

-- The last sequence number handed out in each registration year.
CREATE TABLE registration_counters (
    year     INTEGER PRIMARY KEY,
    last_seq BIGINT  NOT NULL
);

-- A client's Idempotency-Key and the appeal it created, so that a retry returns that appeal.
CREATE TABLE idempotency_keys (
    key                 TEXT PRIMARY KEY,
    request_sha256      TEXT        NOT NULL,
    registration_number TEXT        NOT NULL REFERENCES appeals (registration_number),
    created_at          TIMESTAMPTZ NOT NULL
);

CREATE TABLE audit_log (
    seq       BIGINT PRIMARY KEY,
    at        TIMESTAMPTZ NOT NULL,
    actor     TEXT        NOT NULL,
    action    TEXT        NOT NULL,
    subject   TEXT        NOT NULL,
    payload   TEXT        NOT NULL,
    prev_hash TEXT        NOT NULL,
    hash      TEXT        NOT NULL
);

-- The chain's last entry, updated (under a row lock) in the same transaction as each append,
-- which both serialises writers and lets deleting entries from the end be detected.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT  NOT NULL,
    hash TEXT    NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- The application never edits or deletes audit entries; refuse it at the database too.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
