-- Transformed images (issue 14): each derivative's bytes are a blob; this index finds the derivatives
-- of a file when it is deleted, and the oldest ones when their total passes image-cache-max-bytes.
CREATE TABLE image_derivatives (
    blob_key   TEXT PRIMARY KEY,
    project    TEXT NOT NULL,
    file_uuid  TEXT NOT NULL,
    bytes      BIGINT NOT NULL,
    mime       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX image_derivatives_by_file ON image_derivatives (project, file_uuid);
CREATE INDEX image_derivatives_by_age ON image_derivatives (created_at, blob_key);
