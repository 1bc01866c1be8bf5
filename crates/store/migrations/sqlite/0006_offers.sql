-- Proactive offers (egov's proactive services): a person the registry shows eligible for a
-- service is told so, and only has to agree; the accepted offer becomes an application.
-- Migrations are append-only: never edit this file once it has landed; add a new one.
--
-- `person_ref` is the first 64 bits of the HMAC of the IIN under the look-up key (as
-- `appeals.applicant_ref`); `sealed` holds the IIN, the facts the offer rests on, the
-- claims the application will state and the amount, sealed bound to `offers.sealed <id>`.
-- An offer is made once per service, person and period: a writer looks up the rows of the
-- same service, ref and period and opens them to compare the IIN, since two IINs may share
-- a ref. Nothing is deleted: declined and expired offers are kept.
CREATE TABLE offers (
    id                  TEXT        PRIMARY KEY,
    service             TEXT        NOT NULL,
    person_ref          INTEGER     NOT NULL,
    period              TEXT        NOT NULL,
    sealed              TEXT        NOT NULL,
    access_code_hash    TEXT        NOT NULL,
    -- 'offered', 'accepted', 'declined' or 'expired'.
    status              TEXT        NOT NULL,
    created_at          TEXT        NOT NULL,
    expires_at          TEXT        NOT NULL,
    decided_at          TEXT,
    -- The application an accepted offer became.
    registration_number TEXT        REFERENCES appeals (registration_number)
);
CREATE INDEX offers_by_person ON offers (service, person_ref, period);
