-- The officers' web workspace: sign-in lockout and the chosen interface language on users,
-- the browser sessions, and each user's saved queue views.
-- Migrations are append-only: never edit this file once it has landed; add a new one.
--
-- No secret is stored: a session is kept as the SHA-256 (hex) of its cookie's secret, so a
-- copy of the database does not sign anyone in. Nothing here is a citizen's personal data,
-- so nothing is sealed.

ALTER TABLE users ADD COLUMN failed_sign_ins INTEGER NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0);
ALTER TABLE users ADD COLUMN locked_until TEXT;
ALTER TABLE users ADD COLUMN language TEXT CHECK (language IN ('kk', 'ru', 'en'));

CREATE TABLE web_sessions (
    id_hash      TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    created_at   TEXT    NOT NULL,
    last_seen_at TEXT    NOT NULL
);
-- Disabling a user or resetting their password ends all of their sessions.
CREATE INDEX web_sessions_by_user ON web_sessions (user_id);

CREATE TABLE saved_views (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    name       TEXT    NOT NULL,
    query      TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    UNIQUE (user_id, name)
);
