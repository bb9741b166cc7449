-- Shareboxes: public, optionally password-protected views of files and folders (live contents).

CREATE TABLE shares (
    uuid           TEXT PRIMARY KEY,
    project        TEXT NOT NULL REFERENCES projects(token) ON DELETE CASCADE,
    puid           TEXT NOT NULL UNIQUE,       -- public id in share URLs: 128 random bits, base64url
    title          TEXT NOT NULL,
    description    TEXT NOT NULL,
    starts_at      TEXT,                       -- NULL: active from creation
    expires_at     TEXT,                       -- NULL: never expires
    password_hash  TEXT,                       -- Argon2id PHC string; NULL: no password
    download       INTEGER NOT NULL,           -- 1: items may be downloaded
    max_uses       INTEGER,                    -- NULL: unlimited downloads
    uses           INTEGER NOT NULL DEFAULT 0, -- downloads served so far
    created_by     TEXT NOT NULL,              -- key id
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX shares_by_project ON shares (project, created_at);

-- A share's items, in the order given; resolved against files and folders when read, so a moved
-- item is followed and a deleted one simply disappears.
CREATE TABLE share_items (
    share_uuid  TEXT NOT NULL REFERENCES shares(uuid) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    kind        TEXT NOT NULL,                 -- 'file' or 'folder'
    item_uuid   TEXT NOT NULL,
    subtree     INTEGER NOT NULL,              -- folders: 1 = the whole subtree, 0 = its own files
    PRIMARY KEY (share_uuid, ordinal)
);
