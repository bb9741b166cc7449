-- Airboxes (the PostgreSQL twin of db/migration/sqlite/V35__airboxes.sql).

CREATE TABLE airboxes (
    uuid           TEXT COLLATE "C" PRIMARY KEY,
    project        TEXT COLLATE "C" NOT NULL REFERENCES projects(token) ON DELETE CASCADE,
    puid           TEXT COLLATE "C" NOT NULL UNIQUE,
    folder         TEXT COLLATE "C" NOT NULL,
    title          TEXT COLLATE "C" NOT NULL,
    message        TEXT COLLATE "C" NOT NULL,
    password_hash  TEXT COLLATE "C",
    starts_at      TEXT COLLATE "C",
    ends_at        TEXT COLLATE "C",
    max_files      BIGINT,
    max_bytes      BIGINT,
    allowed_types  TEXT COLLATE "C" NOT NULL,
    form           TEXT COLLATE "C" NOT NULL,
    active         INTEGER NOT NULL,
    created_by     TEXT COLLATE "C" NOT NULL,
    created_at     TEXT COLLATE "C" NOT NULL,
    updated_at     TEXT COLLATE "C" NOT NULL
);
CREATE INDEX airboxes_by_project ON airboxes (project, created_at);
