-- Versions of a file and duplicate handling per project (issue 16, part B). See docs/versions.md.

-- The earlier contents of a file: a replaced (or restored-over) content keeps its blob here until
-- the project's retention drops it. The current content stays in files; a version goes with its file.
CREATE TABLE file_versions (
    uuid         TEXT PRIMARY KEY,
    project      TEXT NOT NULL REFERENCES projects(token) ON DELETE CASCADE,
    file_uuid    TEXT NOT NULL REFERENCES files(uuid) ON DELETE CASCADE,
    size         INTEGER NOT NULL,
    mime         TEXT NOT NULL,
    sha1         TEXT NOT NULL,
    blob_key     TEXT NOT NULL,
    info         TEXT NOT NULL DEFAULT '{}',
    created_at   TEXT NOT NULL,            -- when these bytes became the file's content
    created_by   TEXT,                     -- the key that stored them (NULL: the first upload, not recorded)
    replaced_at  TEXT NOT NULL,            -- when other bytes took their place
    replaced_by  TEXT,
    seq          INTEGER NOT NULL           -- 1, 2, ... per file: the order of replaces (timestamps may tie)
);
CREATE INDEX file_versions_by_file ON file_versions (file_uuid, seq);
CREATE INDEX file_versions_by_project_age ON file_versions (project, replaced_at);
-- The orphan sweep and blob deletes ask "does a version still use this blob?"
CREATE INDEX file_versions_by_blob_key ON file_versions (blob_key);

-- Identical content (same SHA-1) in a project, for the same-content rule.
CREATE INDEX files_by_project_sha1 ON files (project, sha1);

-- A project's storage settings; no row means the defaults (refuse, accept, 10 versions, no age limit).
CREATE TABLE project_storage (
    project        TEXT PRIMARY KEY REFERENCES projects(token) ON DELETE CASCADE,
    same_name      TEXT NOT NULL,          -- refuse | version | rename
    same_content   TEXT NOT NULL,          -- accept | skip
    versions_kept  INTEGER NOT NULL,       -- earlier versions kept per file (0: none)
    versions_days  INTEGER NOT NULL        -- earlier versions older than this many days go (0: no age limit)
);
