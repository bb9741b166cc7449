-- The API-key cache (issue 17), the PostgreSQL twin of the SQLite V25, which explains it. The
-- triggers run once per statement: a key's projects rewritten in one statement move the counter once.
CREATE TABLE api_key_version (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    version  BIGINT NOT NULL
);
INSERT INTO api_key_version (id, version) VALUES (1, 0);

CREATE FUNCTION api_key_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE api_key_version SET version = version + 1;
    RETURN NULL;
END $$;

CREATE TRIGGER api_key_version_key_changed
    AFTER UPDATE OF company_id, secret_hash, permissions, company_wide, active, expires_at ON api_keys
    FOR EACH STATEMENT EXECUTE FUNCTION api_key_version_bump();
CREATE TRIGGER api_key_version_key_deleted AFTER DELETE ON api_keys
    FOR EACH STATEMENT EXECUTE FUNCTION api_key_version_bump();
CREATE TRIGGER api_key_version_projects_changed AFTER INSERT OR DELETE ON api_key_projects
    FOR EACH STATEMENT EXECUTE FUNCTION api_key_version_bump();
