-- Personal data sealed at rest, applicants found by a keyed hash, audit entries authenticated.
-- Migrations are append-only: never edit this file once it has landed; add a new one.
--
-- The personal columns of `appeals` (text, applicant_iin, applicant_name, applicant_phone,
-- applicant_email, applicant_address) keep their names and now hold sealed values
-- (`sh1:<key id>:<base64>`, see sheshim-crypto); the keys are kept outside the database.

-- The store's identity and the check values of its keys, written when the database is first
-- used with a key file: a wrong or missing key file is then refused at start.
CREATE TABLE store_meta (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    store_id     TEXT NOT NULL,
    lookup_check TEXT NOT NULL,
    audit_check  TEXT NOT NULL,
    bound_at     TIMESTAMPTZ NOT NULL
);

-- Every data key that has sealed values in this database, with its check value.
CREATE TABLE data_keys (
    key_id     TEXT PRIMARY KEY,
    key_check  TEXT NOT NULL,
    added_at   TIMESTAMPTZ NOT NULL,
    retired_at TIMESTAMPTZ
);

-- The first 64 bits of the HMAC of the applicant's IIN under the look-up key: an applicant's
-- appeals are found by it (and checked against the IIN itself). An integer keeps the index
-- small, which keeps registration fast.
ALTER TABLE appeals ADD COLUMN applicant_ref BIGINT;
CREATE INDEX appeals_by_applicant ON appeals (applicant_ref);

-- HMAC of each entry's chain hash under the audit key (NULL for entries written before this
-- migration: the first authenticated entry after them covers them through the chain).
ALTER TABLE audit_log ADD COLUMN mac TEXT;
-- An appeal's history, and the check that a registration number was never issued before.
CREATE INDEX audit_log_by_subject ON audit_log (subject, seq);

-- TRUNCATE fires no row trigger: refuse it with a statement trigger, as UPDATE and DELETE are.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
