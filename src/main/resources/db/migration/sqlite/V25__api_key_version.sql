-- The API-key cache (issue 17): one counter that every change of a key's access moves, kept by
-- triggers in the writing transaction, so a change made any way at all (this server, the CLI, another
-- node, SQL by hand) is seen by every node's cache when it next rereads the counter (at most once a
-- second). The last-use time is not access: its writes (a key's first use each minute) leave it alone.
CREATE TABLE api_key_version (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    version  INTEGER NOT NULL
);
INSERT INTO api_key_version (id, version) VALUES (1, 0);

CREATE TRIGGER api_key_version_key_changed
    AFTER UPDATE OF company_id, secret_hash, permissions, company_wide, active, expires_at ON api_keys BEGIN
    UPDATE api_key_version SET version = version + 1;
END;

CREATE TRIGGER api_key_version_key_deleted AFTER DELETE ON api_keys BEGIN
    UPDATE api_key_version SET version = version + 1;
END;

CREATE TRIGGER api_key_version_project_added AFTER INSERT ON api_key_projects BEGIN
    UPDATE api_key_version SET version = version + 1;
END;

CREATE TRIGGER api_key_version_project_removed AFTER DELETE ON api_key_projects BEGIN
    UPDATE api_key_version SET version = version + 1;
END;
