-- Keys follow their template's current rules (issue 11, point 4), and inline keys are listed (D2).
--
-- 1. An edit no longer revokes a template's keys: a SASS key carries the template version it was
--    minted at and is valid while that version is at least keys_valid_from. Deactivation and
--    "revoke all keys" move keys_valid_from to the new version; other edits leave it. Starting from
--    the current version keeps exactly today's live keys alive (older ones were revoked by an edit).
ALTER TABLE security_templates ADD COLUMN keys_valid_from INTEGER NOT NULL DEFAULT 1;
UPDATE security_templates SET keys_valid_from = version;

-- 2. The one key each inline template (POST /{token}/key) was minted for, so the operator can list
--    the keys an API key minted and revoke them. The key dies with its template row, and with its API
--    key (the catalog is asked whether that key is still live, not this table).
CREATE TABLE inline_sass_keys (
    template_id  TEXT PRIMARY KEY REFERENCES security_templates(id) ON DELETE CASCADE,
    key_id       TEXT NOT NULL UNIQUE,       -- sk_ + 24 hex, as in the key's claims
    project      TEXT NOT NULL,
    api_key_id   TEXT NOT NULL,              -- the API key that minted it
    issued_at    TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX inline_sass_keys_by_api_key ON inline_sass_keys (api_key_id, issued_at);
