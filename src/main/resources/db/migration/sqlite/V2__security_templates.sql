-- Security Templates and revoked SASS keys.

CREATE TABLE security_templates (
    id          TEXT PRIMARY KEY,          -- SECU_ + 32 uppercase hex
    project     TEXT NOT NULL REFERENCES projects(token) ON DELETE CASCADE,
    version     INTEGER NOT NULL,          -- grows on every change; minted keys carry it
    inline      INTEGER NOT NULL,          -- 1: rules of one key minted by POST /{token}/key
    spec        TEXT NOT NULL,             -- the template JSON (validated)
    created_by  TEXT NOT NULL,             -- key id, or "cli"
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX security_templates_by_project ON security_templates (project, inline);

CREATE TABLE revoked_sass_keys (
    key_id      TEXT PRIMARY KEY,
    project     TEXT NOT NULL,
    expires_at  TEXT NOT NULL,             -- after this the key is dead anyway; the row can go
    revoked_at  TEXT NOT NULL
);
