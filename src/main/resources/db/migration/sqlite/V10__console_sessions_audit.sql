-- Console sessions and the audit trail (see README "Console sessions and audit trail").

-- A signed-in console: only HMAC(server secret, session id) is kept, never the id or the key's secret.
CREATE TABLE console_sessions (
    id_hash       TEXT PRIMARY KEY,
    key_id        TEXT NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
    created_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL,            -- refreshed by use (at most every few seconds): the idle timeout counts from here
    ends_at       TEXT NOT NULL             -- created_at + the absolute maximum
);
CREATE INDEX console_sessions_by_key ON console_sessions (key_id);

-- Management actions and refusals. No foreign keys: an event outlives the project or key it names.
CREATE TABLE audit_events (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    id           TEXT NOT NULL UNIQUE,
    at           TEXT NOT NULL,
    kind         TEXT NOT NULL,             -- key.created, request.refused, ...
    company_id   TEXT NOT NULL,
    project      TEXT,                      -- NULL: a company-level event
    key_id       TEXT,
    template_id  TEXT,
    sass_key_id  TEXT,
    ip           TEXT,
    rule         TEXT,
    method       TEXT,
    path         TEXT,
    detail       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_by_time ON audit_events (company_id, at, seq);
CREATE INDEX audit_events_by_project ON audit_events (project, at, seq);

-- Requests and refusals per minute; every node adds its counts to the same rows.
CREATE TABLE audit_minutes (
    company_id  TEXT NOT NULL,
    project     TEXT NOT NULL,              -- '' for requests outside any project (management API)
    minute      TEXT NOT NULL,              -- ISO-8601 UTC, seconds zero
    requests    INTEGER NOT NULL,
    refusals    INTEGER NOT NULL,
    PRIMARY KEY (company_id, project, minute)
);
CREATE INDEX audit_minutes_by_minute ON audit_minutes (minute);
