-- The PostgreSQL twin of db/migration/sqlite/V22__file_archives.sql.
-- ZIP archives of a selection (issue 15, item 4): the task of each archive, so that any node answers
-- its status and serves its zip (a blob). No foreign key to projects: a project deleted meanwhile
-- leaves rows that the expiry sweep removes together with their blobs.
CREATE TABLE file_archives (
    id           TEXT COLLATE "C" PRIMARY KEY,          -- 128 random bits, hex: the task id handed to the client
    project      TEXT COLLATE "C" NOT NULL,
    owner        TEXT COLLATE "C" NOT NULL,             -- who may read it: key:<id> | template:<id> | share:<uuid>
    status       TEXT COLLATE "C" NOT NULL,             -- PENDING | RUNNING | DONE | FAILED | CANCELLED
    percent      INTEGER NOT NULL,
    files        BIGINT NOT NULL,           -- entries in the zip
    bytes        BIGINT NOT NULL,           -- their total size
    blob_key     TEXT COLLATE "C",                      -- the zip, once DONE
    zip_bytes    BIGINT,
    error        TEXT COLLATE "C",                      -- why it FAILED
    created_at   TEXT COLLATE "C" NOT NULL,
    updated_at   TEXT COLLATE "C" NOT NULL,
    expires_at   TEXT COLLATE "C" NOT NULL              -- after it the task and its zip are deleted
);
CREATE INDEX file_archives_by_expiry ON file_archives (expires_at);
