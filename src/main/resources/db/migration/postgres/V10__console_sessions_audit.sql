-- Console sessions and the audit trail (the PostgreSQL twin of the SQLite V10).

CREATE TABLE console_sessions (
    id_hash       TEXT COLLATE "C" PRIMARY KEY,
    key_id        TEXT COLLATE "C" NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
    created_at    TEXT COLLATE "C" NOT NULL,
    last_seen_at  TEXT COLLATE "C" NOT NULL,
    ends_at       TEXT COLLATE "C" NOT NULL
);
CREATE INDEX console_sessions_by_key ON console_sessions (key_id);

CREATE TABLE audit_events (
    seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id           TEXT COLLATE "C" NOT NULL UNIQUE,
    at           TEXT COLLATE "C" NOT NULL,
    kind         TEXT COLLATE "C" NOT NULL,
    company_id   TEXT COLLATE "C" NOT NULL,
    project      TEXT COLLATE "C",
    key_id       TEXT COLLATE "C",
    template_id  TEXT COLLATE "C",
    sass_key_id  TEXT COLLATE "C",
    ip           TEXT COLLATE "C",
    rule         TEXT COLLATE "C",
    method       TEXT COLLATE "C",
    path         TEXT COLLATE "C",
    detail       TEXT COLLATE "C" NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_by_time ON audit_events (company_id, at, seq);
CREATE INDEX audit_events_by_project ON audit_events (project, at, seq);

CREATE TABLE audit_minutes (
    company_id  TEXT COLLATE "C" NOT NULL,
    project     TEXT COLLATE "C" NOT NULL,
    minute      TEXT COLLATE "C" NOT NULL,
    requests    BIGINT NOT NULL,
    refusals    BIGINT NOT NULL,
    PRIMARY KEY (company_id, project, minute)
);
CREATE INDEX audit_minutes_by_minute ON audit_minutes (minute);
