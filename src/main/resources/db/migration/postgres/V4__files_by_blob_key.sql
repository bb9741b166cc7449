-- The orphan sweep asks "which of these blobs does a file still use?" by blob key.
CREATE INDEX files_by_blob_key ON files (blob_key);
