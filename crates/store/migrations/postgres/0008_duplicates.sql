-- Duplicates and mass appeals: an appeal the same applicant sent again is linked to the
-- earlier case, and near-identical appeals of different applicants about one matter form a
-- group that an officer answers once (each member still gets its own answer and record).
-- Migrations are append-only: never edit this file once it has landed; add a new one.
--
-- Nothing here is personal data: registration numbers, an agency code and times. The
-- representative text of a group is the masked text of its earliest member, read from that
-- member's sealed record, so it is not copied here.

-- A mass appeal group. Its id is the registration number of its earliest member (its
-- representative), which never changes: later members are always registered later.
CREATE TABLE appeal_groups (
    id         TEXT PRIMARY KEY REFERENCES appeals (registration_number),
    agency     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- How a case is linked: either a duplicate of an earlier case of the same applicant, or a
-- member of a group; never both, and at most one link per case.
CREATE TABLE case_links (
    registration_number TEXT PRIMARY KEY REFERENCES appeals (registration_number),
    duplicate_of        TEXT REFERENCES appeals (registration_number),
    group_id            TEXT REFERENCES appeal_groups (id),
    linked_at           TIMESTAMPTZ NOT NULL,
    CHECK ((duplicate_of IS NULL) <> (group_id IS NULL))
);
CREATE INDEX case_links_by_group ON case_links (group_id) WHERE group_id IS NOT NULL;
