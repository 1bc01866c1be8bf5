-- Who may use the API: officials with roles and their API tokens, channel clients (the
-- portals and integrations that submit appeals) with their keys, and citizens' access codes.
-- Migrations are append-only: never edit this file once it has landed; add a new one.
--
-- No secret is stored: tokens and client keys as the SHA-256 of the token (they are 32 random
-- bytes), passwords as argon2id PHC strings, access codes as an HMAC under the key file's
-- look-up key.

CREATE TABLE users (
    id                   BIGSERIAL   PRIMARY KEY,
    login                TEXT        NOT NULL UNIQUE,
    role                 TEXT        NOT NULL,
    agency               TEXT        NOT NULL,
    password_hash        TEXT        NOT NULL,
    must_change_password BOOLEAN     NOT NULL,
    created_at           TIMESTAMPTZ NOT NULL,
    disabled_at          TIMESTAMPTZ
);

CREATE TABLE api_tokens (
    token_hash TEXT        PRIMARY KEY,
    user_id    BIGINT      NOT NULL REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);

CREATE TABLE channel_clients (
    id              BIGSERIAL   PRIMARY KEY,
    name            TEXT        NOT NULL UNIQUE,
    channel         TEXT        NOT NULL,
    key_hash        TEXT        NOT NULL UNIQUE,
    rate_per_minute INTEGER     NOT NULL CHECK (rate_per_minute > 0),
    created_at      TIMESTAMPTZ NOT NULL,
    revoked_at      TIMESTAMPTZ
);

-- Written in the same transaction as the appeal's registration.
CREATE TABLE access_codes (
    registration_number TEXT PRIMARY KEY REFERENCES appeals (registration_number),
    code_hash           TEXT NOT NULL
);
