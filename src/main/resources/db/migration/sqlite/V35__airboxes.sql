-- Airboxes (issue 19 item 7): upload-only public links into one folder, for people without an
-- account. How many files and bytes one has received is held by the counters (exact across nodes
-- with counters=redis), like a key's byte quota; the row holds the rules.

CREATE TABLE airboxes (
    uuid           TEXT PRIMARY KEY,
    project        TEXT NOT NULL REFERENCES projects(token) ON DELETE CASCADE,
    puid           TEXT NOT NULL UNIQUE,       -- public id in upload URLs: 128 random bits, base64url
    folder         TEXT NOT NULL,              -- normalised folder path the uploads land in
    title          TEXT NOT NULL,
    message        TEXT NOT NULL,
    password_hash  TEXT,                       -- Argon2id PHC string; NULL: no password
    starts_at      TEXT,                       -- NULL: open from creation
    ends_at        TEXT,                       -- NULL: never closes by date
    max_files      BIGINT,                     -- NULL: no limit
    max_bytes      BIGINT,                     -- NULL: no limit
    allowed_types  TEXT NOT NULL,              -- JSON array of MIME types / type/* wildcards; [] = any
    form           TEXT NOT NULL,              -- JSON array of {key, label, required, type}
    active         INTEGER NOT NULL,
    created_by     TEXT NOT NULL,              -- key id
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX airboxes_by_project ON airboxes (project, created_at);
