-- Listing and search at a million files (issue 7). V10 is another change's; Flyway accepts the gap.
--
-- 1. Per-folder file count and bytes, kept exact by triggers in the writing transaction (so bulk
--    inserts by SQL are counted too). Keyed by folder uuid: a folder rename or subtree move changes
--    paths only, never which folder a file is in. Listing totals and folder counts read these rows
--    instead of aggregating every file of a folder.
CREATE TABLE folder_stats (
    folder_uuid  TEXT PRIMARY KEY,            -- a folders.uuid; removed with its folder (trigger below)
    files        INTEGER NOT NULL DEFAULT 0,
    bytes        INTEGER NOT NULL DEFAULT 0
);

INSERT INTO folder_stats (folder_uuid, files, bytes)
SELECT d.uuid, count(f.uuid), coalesce(sum(f.size), 0) FROM folders d LEFT JOIN files f ON f.folder_uuid = d.uuid GROUP BY d.uuid;

CREATE TRIGGER folder_stats_new_folder AFTER INSERT ON folders BEGIN
    INSERT INTO folder_stats (folder_uuid) VALUES (new.uuid);
END;

CREATE TRIGGER folder_stats_folder_gone AFTER DELETE ON folders BEGIN
    DELETE FROM folder_stats WHERE folder_uuid = old.uuid;
END;

CREATE TRIGGER folder_stats_file_in AFTER INSERT ON files BEGIN
    UPDATE folder_stats SET files = files + 1, bytes = bytes + new.size WHERE folder_uuid = new.folder_uuid;
END;

CREATE TRIGGER folder_stats_file_out AFTER DELETE ON files BEGIN
    UPDATE folder_stats SET files = files - 1, bytes = bytes - old.size WHERE folder_uuid = old.folder_uuid;
END;

CREATE TRIGGER folder_stats_file_changed AFTER UPDATE OF folder_uuid, size ON files
WHEN old.folder_uuid IS NOT new.folder_uuid OR old.size IS NOT new.size BEGIN
    UPDATE folder_stats SET files = files - 1, bytes = bytes - old.size WHERE folder_uuid = old.folder_uuid;
    UPDATE folder_stats SET files = files + 1, bytes = bytes + new.size WHERE folder_uuid = new.folder_uuid;
END;

-- 2. A page of a folder in any supported order straight from an index, with LIMIT; uuid is the
--    tie-breaker of every order. (UNIQUE (folder_uuid, name) alone would do for name order, but
--    SQLite's planner, with statistics of a huge folder, then prefers a scan and a sort.)
CREATE INDEX files_by_folder_name ON files (folder_uuid, name, uuid);
CREATE INDEX files_by_folder_created ON files (folder_uuid, created_at, uuid);
CREATE INDEX files_by_folder_modified ON files (folder_uuid, modified_at, uuid);
CREATE INDEX files_by_folder_size ON files (folder_uuid, size, uuid);
CREATE INDEX files_by_folder_mime ON files (folder_uuid, mime, uuid);

-- 3. Substring search on name and metadata (q=): a trigram FTS5 index over the files table's own
--    rows (external content, so the text is not stored twice). It only narrows the candidates; the
--    query still applies its exact LIKE, so matching stays as it was (the index folds case more
--    widely than LIKE, never less). Rebuild: INSERT INTO files_text(files_text) VALUES ('rebuild').
CREATE VIRTUAL TABLE files_text USING fts5(name, meta, content = 'files', content_rowid = 'rowid', tokenize = 'trigram');
INSERT INTO files_text (files_text) VALUES ('rebuild');

CREATE TRIGGER files_text_in AFTER INSERT ON files BEGIN
    INSERT INTO files_text (rowid, name, meta) VALUES (new.rowid, new.name, new.meta);
END;

CREATE TRIGGER files_text_out AFTER DELETE ON files BEGIN
    INSERT INTO files_text (files_text, rowid, name, meta) VALUES ('delete', old.rowid, old.name, old.meta);
END;

CREATE TRIGGER files_text_changed AFTER UPDATE OF name, meta ON files BEGIN
    INSERT INTO files_text (files_text, rowid, name, meta) VALUES ('delete', old.rowid, old.name, old.meta);
    INSERT INTO files_text (rowid, name, meta) VALUES (new.rowid, new.name, new.meta);
END;
