-- The PostgreSQL twin of db/migration/sqlite/V7__labels_collections.sql (text columns COLLATE "C").
-- Labels: a project's dictionary of named, coloured markers that files carry (many to many).
-- Collections: saved queries (a q expression plus folder, recursive, MIME and label filters).

CREATE TABLE labels (
    uuid        TEXT COLLATE "C" PRIMARY KEY,
    project     TEXT COLLATE "C" NOT NULL REFERENCES projects(token) ON DELETE CASCADE,
    sid         TEXT COLLATE "C" NOT NULL,            -- "#lb" + 12 hex: what file objects and label searches name
    name        TEXT COLLATE "C" NOT NULL,
    name_key    TEXT COLLATE "C" NOT NULL,            -- the name in lower case: names are unique per project, ignoring case
    color       TEXT COLLATE "C" NOT NULL,
    shape       TEXT COLLATE "C" NOT NULL,
    is_pinned   INTEGER NOT NULL,
    created_at  TEXT COLLATE "C" NOT NULL,
    updated_at  TEXT COLLATE "C" NOT NULL,
    UNIQUE (project, sid),
    UNIQUE (project, name_key)
);

-- Deleting a file or a label removes its attachments (ON DELETE CASCADE), so "deleting a label
-- detaches it everywhere" and a deleted file leaves nothing behind.
CREATE TABLE file_labels (
    file_uuid   TEXT COLLATE "C" NOT NULL REFERENCES files(uuid) ON DELETE CASCADE,
    label_uuid  TEXT COLLATE "C" NOT NULL REFERENCES labels(uuid) ON DELETE CASCADE,
    attached_at TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (file_uuid, label_uuid)
);
CREATE INDEX file_labels_by_label ON file_labels (label_uuid);

CREATE TABLE collections (
    uuid             TEXT COLLATE "C" PRIMARY KEY,
    project          TEXT COLLATE "C" NOT NULL REFERENCES projects(token) ON DELETE CASCADE,
    title            TEXT COLLATE "C" NOT NULL,
    type             TEXT COLLATE "C" NOT NULL,       -- "query" or "filters" (echoed to clients)
    visibility       TEXT COLLATE "C" NOT NULL,       -- echoed to clients (no users: every key of the project sees it)
    q                TEXT COLLATE "C" NOT NULL,       -- the q= expression, "" for none
    folder           TEXT COLLATE "C" NOT NULL,       -- "/" for the whole project
    subfolders       INTEGER NOT NULL,    -- 1: the folder and everything below it (recursive)
    mime             TEXT COLLATE "C",                -- NULL: any type
    labels           TEXT COLLATE "C" NOT NULL,       -- label sids, comma-joined ("" for none)
    labels_operator  TEXT COLLATE "C" NOT NULL,       -- OR, AND or NOT
    groupby          TEXT COLLATE "C" NOT NULL,       -- the client's grouping (JSON array), stored and echoed
    created_at       TEXT COLLATE "C" NOT NULL,
    updated_at       TEXT COLLATE "C" NOT NULL
);
CREATE INDEX collections_by_project ON collections (project, created_at);
