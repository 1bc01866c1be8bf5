-- The case flow: what happens to a registered appeal after its 201 — the pipeline's work, the
-- officer in charge, the answer and its delivery, and the automation switches.
-- Migrations are append-only: never edit this file once it has landed; add a new one.
--
-- The appeal's status and deadline stay in `appeals` (the audit log records every change of
-- them); `cases` holds the rest. `record` (triage, registry facts, decision, trace, draft,
-- hearing, extension, issued answer) and `claims` are sealed JSON documents, bound to their
-- column and registration number.

CREATE TABLE cases (
    registration_number TEXT    PRIMARY KEY REFERENCES appeals (registration_number),
    service             TEXT,
    -- 'pending' until the pipeline has read and decided or routed the case, then 'done'.
    pipeline            TEXT    NOT NULL,
    -- Bumped by every change: an officer's action names the version it was taken on.
    version             INTEGER NOT NULL,
    -- The agency in charge: the one addressed, or the one triage routed it to.
    agency              TEXT,
    assignee            TEXT,
    -- 0 routine … 3 immediate, for ordering the queue.
    urgency             INTEGER NOT NULL DEFAULT 0,
    -- Where the case waits: 'machine' (pipeline), 'officer', 'none' (issued or closed).
    awaiting            TEXT    NOT NULL,
    outcome             TEXT,
    claims              TEXT,
    record              TEXT,
    updated_at          TEXT    NOT NULL
);
CREATE INDEX cases_pending ON cases (registration_number) WHERE pipeline = 'pending';
CREATE INDEX cases_by_agency ON cases (agency, awaiting);

-- Messages to the applicant (answers, hearing notices) waiting to be delivered to the
-- integrator's webhook. Written in the same transaction as what they announce.
CREATE TABLE outbox (
    id                  INTEGER PRIMARY KEY,
    registration_number TEXT    NOT NULL REFERENCES appeals (registration_number),
    message_kind        TEXT    NOT NULL,
    -- Sealed JSON body, bound to 'outbox.payload <delivery id>'.
    payload             TEXT    NOT NULL,
    delivery_id         TEXT    NOT NULL UNIQUE,
    created_at          TEXT    NOT NULL,
    attempts            INTEGER NOT NULL DEFAULT 0,
    next_attempt_at     TEXT    NOT NULL,
    delivered_at        TEXT,
    last_error          TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE delivered_at IS NULL;

-- A supervisor's stop switch: with it on, nothing of that service ('*': of any service) is
-- issued automatically.
CREATE TABLE automation_switches (
    service    TEXT PRIMARY KEY,
    stopped    INTEGER NOT NULL,
    reason     TEXT    NOT NULL,
    updated_by TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);
