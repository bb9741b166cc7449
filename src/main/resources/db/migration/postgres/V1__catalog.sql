-- Catalog schema, the PostgreSQL twin of db/migration/sqlite/V1__catalog.sql: same tables and
-- columns, so the adapters share their SQL. Timestamps are ISO-8601 UTC text with millisecond
-- precision (sortable as text). Every text column is COLLATE "C" (byte order, as SQLite's
-- BINARY), whatever the database's locale: listings sort and ILIKE folds case as on SQLite, and
-- subtree tests written as ranges (path >= '/a/' AND path < '/a0') use the B-tree indexes below.

CREATE TABLE companies (
    id          TEXT COLLATE "C" PRIMARY KEY,
    name        TEXT COLLATE "C" NOT NULL UNIQUE,
    created_at  TEXT COLLATE "C" NOT NULL
);

CREATE TABLE projects (
    token       TEXT COLLATE "C" PRIMARY KEY,
    uuid        TEXT COLLATE "C" NOT NULL UNIQUE,
    company_id  TEXT COLLATE "C" NOT NULL REFERENCES companies(id),
    name        TEXT COLLATE "C" NOT NULL,
    created_at  TEXT COLLATE "C" NOT NULL
);

CREATE TABLE api_keys (
    id            TEXT COLLATE "C" PRIMARY KEY,
    company_id    TEXT COLLATE "C" NOT NULL REFERENCES companies(id),
    secret_hash   TEXT COLLATE "C" NOT NULL UNIQUE,   -- HMAC-SHA256(server secret, key), hex; the key itself is never stored
    secret_hint   TEXT COLLATE "C" NOT NULL,          -- the first characters, to recognise a key in a list
    description   TEXT COLLATE "C" NOT NULL,
    permissions   TEXT COLLATE "C" NOT NULL,          -- "all" or comma-joined names
    company_wide  INTEGER NOT NULL,
    active        INTEGER NOT NULL,
    expires_at    TEXT COLLATE "C",
    created_at    TEXT COLLATE "C" NOT NULL,
    last_used_at  TEXT COLLATE "C"
);
CREATE INDEX api_keys_by_company ON api_keys (company_id, created_at);

CREATE TABLE api_key_projects (
    key_id         TEXT COLLATE "C" NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
    project_token  TEXT COLLATE "C" NOT NULL REFERENCES projects(token) ON DELETE CASCADE,
    PRIMARY KEY (key_id, project_token)
);
CREATE INDEX api_key_projects_by_project ON api_key_projects (project_token);

CREATE TABLE folders (
    uuid        TEXT COLLATE "C" PRIMARY KEY,
    project     TEXT COLLATE "C" NOT NULL REFERENCES projects(token) ON DELETE CASCADE,
    path        TEXT COLLATE "C" NOT NULL,            -- "/" for the root, else "/a/b" (no trailing slash)
    parent_path TEXT COLLATE "C",                     -- NULL for the root
    meta        TEXT COLLATE "C" NOT NULL DEFAULT '{}',
    created_at  TEXT COLLATE "C" NOT NULL,
    updated_at  TEXT COLLATE "C" NOT NULL,
    UNIQUE (project, path)                            -- also serves subtree ranges on path
);
-- children of a folder, already in listing order
CREATE INDEX folders_by_parent ON folders (project, parent_path, path);

CREATE TABLE files (
    uuid         TEXT COLLATE "C" PRIMARY KEY,
    project      TEXT COLLATE "C" NOT NULL REFERENCES projects(token) ON DELETE CASCADE,
    folder_uuid  TEXT COLLATE "C" NOT NULL REFERENCES folders(uuid),
    name         TEXT COLLATE "C" NOT NULL,
    size         BIGINT NOT NULL,
    mime         TEXT COLLATE "C" NOT NULL,
    sha1         TEXT COLLATE "C" NOT NULL,
    blob_key     TEXT COLLATE "C" NOT NULL,
    meta         TEXT COLLATE "C" NOT NULL DEFAULT '{}',
    info         TEXT COLLATE "C" NOT NULL DEFAULT '{}',
    tags         TEXT COLLATE "C" NOT NULL DEFAULT '{}',
    created_at   TEXT COLLATE "C" NOT NULL,
    modified_at  TEXT COLLATE "C" NOT NULL,
    UNIQUE (folder_uuid, name)                        -- a folder's files, by name
);
CREATE INDEX files_by_project_name ON files (project, name);
CREATE INDEX files_by_project_created ON files (project, created_at);
CREATE INDEX files_by_folder_created ON files (folder_uuid, created_at);

CREATE TABLE tags (
    project     TEXT COLLATE "C" NOT NULL REFERENCES projects(token) ON DELETE CASCADE,
    sid         TEXT COLLATE "C" NOT NULL,
    lang        TEXT COLLATE "C" NOT NULL,
    label       TEXT COLLATE "C" NOT NULL,
    created_at  TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (project, sid),
    UNIQUE (project, lang, label)
);
