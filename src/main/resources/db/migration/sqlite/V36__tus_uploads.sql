-- Resumable uploads (tus 1.0.0, issue 19 item 8): an upload being received, so that any node answers
-- its HEAD and takes its next PATCH. Its bytes so far are parts in the blob store (tus_parts); the
-- offset moves only by a conditional update (compare-and-set), so two PATCHes at one offset never
-- both count. No foreign key to projects: the expiry sweep removes rows and parts of a deleted project.
CREATE TABLE tus_uploads (
    id            TEXT PRIMARY KEY,         -- 128 random bits, hex: the upload's URL
    project       TEXT NOT NULL,
    owner         TEXT NOT NULL,            -- who may continue it: key:<id> | template:<id>[:sub:<sub>]
    folder        TEXT NOT NULL,
    name          TEXT NOT NULL,
    declared_type TEXT,                     -- the client's type (the stored type comes from the bytes when a rule asks)
    product       TEXT,                     -- {ref, position} to set on the file, JSON
    upload_length BIGINT NOT NULL,
    upload_offset BIGINT NOT NULL,
    file_uuid     TEXT,                     -- once complete: the stored file
    result        TEXT,                     -- once complete: the answer of GET .../tus/json/{id}
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL             -- after it the upload and its parts are deleted
);
CREATE INDEX tus_uploads_by_expiry ON tus_uploads (expires_at);

-- The bytes of an upload so far, one blob per accepted PATCH, in offset order.
CREATE TABLE tus_parts (
    upload_id   TEXT NOT NULL,
    part_offset BIGINT NOT NULL,
    length      BIGINT NOT NULL,
    blob_key    TEXT NOT NULL,
    PRIMARY KEY (upload_id, part_offset)
);
