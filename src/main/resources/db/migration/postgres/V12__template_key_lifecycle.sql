-- Keys follow their template's current rules, and inline keys are listed (the PostgreSQL twin of
-- the SQLite V12, which explains both parts).
ALTER TABLE security_templates ADD COLUMN keys_valid_from BIGINT NOT NULL DEFAULT 1;
UPDATE security_templates SET keys_valid_from = version;

CREATE TABLE inline_sass_keys (
    template_id  TEXT COLLATE "C" PRIMARY KEY REFERENCES security_templates(id) ON DELETE CASCADE,
    key_id       TEXT COLLATE "C" NOT NULL UNIQUE,       -- sk_ + 24 hex, as in the key's claims
    project      TEXT COLLATE "C" NOT NULL,
    api_key_id   TEXT COLLATE "C" NOT NULL,              -- the API key that minted it
    issued_at    TEXT COLLATE "C" NOT NULL,
    expires_at   TEXT COLLATE "C" NOT NULL
);
CREATE INDEX inline_sass_keys_by_api_key ON inline_sass_keys (api_key_id, issued_at);
