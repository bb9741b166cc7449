-- ZIP archives of a selection (issue 15, item 4): the task of each archive, so that any node answers
-- its status and serves its zip (a blob). No foreign key to projects: a project deleted meanwhile
-- leaves rows that the expiry sweep removes together with their blobs.
CREATE TABLE file_archives (
    id           TEXT PRIMARY KEY,          -- 128 random bits, hex: the task id handed to the client
    project      TEXT NOT NULL,
    owner        TEXT NOT NULL,             -- who may read it: key:<id> | template:<id> | share:<uuid>
    status       TEXT NOT NULL,             -- PENDING | RUNNING | DONE | FAILED | CANCELLED
    percent      INTEGER NOT NULL,
    files        BIGINT NOT NULL,           -- entries in the zip
    bytes        BIGINT NOT NULL,           -- their total size
    blob_key     TEXT,                      -- the zip, once DONE
    zip_bytes    BIGINT,
    error        TEXT,                      -- why it FAILED
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL              -- after it the task and its zip are deleted
);
CREATE INDEX file_archives_by_expiry ON file_archives (expires_at);
