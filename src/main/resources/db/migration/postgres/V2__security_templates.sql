-- Security Templates and revoked SASS keys (the PostgreSQL twin of the SQLite V2).

CREATE TABLE security_templates (
    id          TEXT COLLATE "C" PRIMARY KEY,          -- SECU_ + 32 uppercase hex
    project     TEXT COLLATE "C" NOT NULL REFERENCES projects(token) ON DELETE CASCADE,
    version     BIGINT NOT NULL,           -- grows on every change; minted keys carry it
    inline      INTEGER NOT NULL,          -- 1: rules of one key minted by POST /{token}/key
    spec        TEXT COLLATE "C" NOT NULL,             -- the template JSON (validated)
    created_by  TEXT COLLATE "C" NOT NULL,             -- key id, or "cli"
    created_at  TEXT COLLATE "C" NOT NULL,
    updated_at  TEXT COLLATE "C" NOT NULL
);
CREATE INDEX security_templates_by_project ON security_templates (project, inline);

CREATE TABLE revoked_sass_keys (
    key_id      TEXT COLLATE "C" PRIMARY KEY,
    project     TEXT COLLATE "C" NOT NULL,
    expires_at  TEXT COLLATE "C" NOT NULL,             -- after this the key is dead anyway; the row can go
    revoked_at  TEXT COLLATE "C" NOT NULL
);
CREATE INDEX revoked_sass_keys_by_expiry ON revoked_sass_keys (expires_at);
