-- Facts about persons kept in the store: extracts of a registry loaded by an agency (with
-- `sheshim registry load`), and registries for tests.
-- Migrations are append-only: never edit this file once it has landed; add a new one.
--
-- `person_ref` is the first 64 bits of the HMAC of the IIN under the look-up key (as
-- `appeals.applicant_ref`). Two IINs may share it, rarely, so it is indexed but not unique,
-- and `facts` (sealed, bound to `registry_persons.facts <person_ref>`) holds the IIN beside
-- the facts: a look-up opens each row of the ref and keeps the one of the IIN asked for.
CREATE TABLE registry_persons (
    id         BIGSERIAL   PRIMARY KEY,
    person_ref BIGINT      NOT NULL,
    facts      TEXT        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX registry_persons_by_ref ON registry_persons (person_ref);
