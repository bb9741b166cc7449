-- A revocation belongs to the project it was made in. Keyed by key id alone, another project's
-- administrator naming a key id would revoke that key, and would also make the owning project's own
-- revocation a silent no-op (ON CONFLICT DO NOTHING).

CREATE TABLE revoked_sass_keys_v3 (
    key_id      TEXT NOT NULL,
    project     TEXT NOT NULL,
    expires_at  TEXT NOT NULL,             -- after this the key is dead anyway; the row can go
    revoked_at  TEXT NOT NULL,
    PRIMARY KEY (project, key_id)
);
INSERT INTO revoked_sass_keys_v3 (key_id, project, expires_at, revoked_at)
    SELECT key_id, project, expires_at, revoked_at FROM revoked_sass_keys;
DROP TABLE revoked_sass_keys;
ALTER TABLE revoked_sass_keys_v3 RENAME TO revoked_sass_keys;
