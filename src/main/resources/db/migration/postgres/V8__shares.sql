-- Shareboxes (the PostgreSQL twin of db/migration/sqlite/V8__shares.sql).

CREATE TABLE shares (
    uuid           TEXT COLLATE "C" PRIMARY KEY,
    project        TEXT COLLATE "C" NOT NULL REFERENCES projects(token) ON DELETE CASCADE,
    puid           TEXT COLLATE "C" NOT NULL UNIQUE,       -- public id in share URLs: 128 random bits, base64url
    title          TEXT COLLATE "C" NOT NULL,
    description    TEXT COLLATE "C" NOT NULL,
    starts_at      TEXT COLLATE "C",                       -- NULL: active from creation
    expires_at     TEXT COLLATE "C",                       -- NULL: never expires
    password_hash  TEXT COLLATE "C",                       -- Argon2id PHC string; NULL: no password
    download       INTEGER NOT NULL,                       -- 1: items may be downloaded
    max_uses       BIGINT,                                 -- NULL: unlimited downloads
    uses           BIGINT NOT NULL DEFAULT 0,              -- downloads served so far
    created_by     TEXT COLLATE "C" NOT NULL,              -- key id
    created_at     TEXT COLLATE "C" NOT NULL,
    updated_at     TEXT COLLATE "C" NOT NULL
);
CREATE INDEX shares_by_project ON shares (project, created_at);

CREATE TABLE share_items (
    share_uuid  TEXT COLLATE "C" NOT NULL REFERENCES shares(uuid) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    kind        TEXT COLLATE "C" NOT NULL,                 -- 'file' or 'folder'
    item_uuid   TEXT COLLATE "C" NOT NULL,
    subtree     INTEGER NOT NULL,                          -- folders: 1 = the whole subtree, 0 = its own files
    PRIMARY KEY (share_uuid, ordinal)
);
