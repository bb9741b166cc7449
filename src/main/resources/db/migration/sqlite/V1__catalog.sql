-- Catalog schema. Timestamps are ISO-8601 UTC text with millisecond precision (sortable as text).

CREATE TABLE companies (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
);

CREATE TABLE projects (
    token       TEXT PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    company_id  TEXT NOT NULL REFERENCES companies(id),
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE api_keys (
    id            TEXT PRIMARY KEY,
    company_id    TEXT NOT NULL REFERENCES companies(id),
    secret_hash   TEXT NOT NULL UNIQUE,   -- HMAC-SHA256(server secret, key), hex; the key itself is never stored
    secret_hint   TEXT NOT NULL,          -- the first characters, to recognise a key in a list
    description   TEXT NOT NULL,
    permissions   TEXT NOT NULL,          -- "all" or comma-joined names
    company_wide  INTEGER NOT NULL,
    active        INTEGER NOT NULL,
    expires_at    TEXT,
    created_at    TEXT NOT NULL,
    last_used_at  TEXT
);

CREATE TABLE api_key_projects (
    key_id         TEXT NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
    project_token  TEXT NOT NULL REFERENCES projects(token) ON DELETE CASCADE,
    PRIMARY KEY (key_id, project_token)
);

CREATE TABLE folders (
    uuid        TEXT PRIMARY KEY,
    project     TEXT NOT NULL REFERENCES projects(token) ON DELETE CASCADE,
    path        TEXT NOT NULL,            -- "/" for the root, else "/a/b" (no trailing slash)
    parent_path TEXT,                     -- NULL for the root
    meta        TEXT NOT NULL DEFAULT '{}',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (project, path)
);
CREATE INDEX folders_by_parent ON folders (project, parent_path);

CREATE TABLE files (
    uuid         TEXT PRIMARY KEY,
    project      TEXT NOT NULL REFERENCES projects(token) ON DELETE CASCADE,
    folder_uuid  TEXT NOT NULL REFERENCES folders(uuid),
    name         TEXT NOT NULL,
    size         INTEGER NOT NULL,
    mime         TEXT NOT NULL,
    sha1         TEXT NOT NULL,
    blob_key     TEXT NOT NULL,
    meta         TEXT NOT NULL DEFAULT '{}',
    info         TEXT NOT NULL DEFAULT '{}',
    tags         TEXT NOT NULL DEFAULT '{}',
    created_at   TEXT NOT NULL,
    modified_at  TEXT NOT NULL,
    UNIQUE (folder_uuid, name)
);
CREATE INDEX files_by_project_name ON files (project, name);
CREATE INDEX files_by_project_created ON files (project, created_at);

CREATE TABLE tags (
    project     TEXT NOT NULL REFERENCES projects(token) ON DELETE CASCADE,
    sid         TEXT NOT NULL,
    lang        TEXT NOT NULL,
    label       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (project, sid),
    UNIQUE (project, lang, label)
);
