-- Listing and search at a million files (issue 7), the PostgreSQL twin of the SQLite V11.
-- V10 is another change's; Flyway accepts the gap.
--
-- 1. Per-folder file count and bytes, kept exact by triggers in the writing transaction (so bulk
--    inserts by SQL are counted too). Keyed by folder uuid: a folder rename or subtree move changes
--    paths only, never which folder a file is in. Listing totals and folder counts read these rows
--    instead of aggregating every file of a folder. The file triggers run once per statement over
--    its transition table (a bulk insert of a million rows updates each folder's row once) and lock
--    the rows they change in uuid order, so two statements never wait on each other in a cycle.
CREATE TABLE folder_stats (
    folder_uuid  TEXT COLLATE "C" PRIMARY KEY REFERENCES folders(uuid) ON DELETE CASCADE,
    files        BIGINT NOT NULL DEFAULT 0,
    bytes        BIGINT NOT NULL DEFAULT 0
);

INSERT INTO folder_stats (folder_uuid, files, bytes)
SELECT d.uuid, count(f.uuid), coalesce(sum(f.size), 0) FROM folders d LEFT JOIN files f ON f.folder_uuid = d.uuid GROUP BY d.uuid;

CREATE FUNCTION folder_stats_new_folder() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO folder_stats (folder_uuid) VALUES (NEW.uuid) ON CONFLICT (folder_uuid) DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER folder_stats_new_folder AFTER INSERT ON folders FOR EACH ROW EXECUTE FUNCTION folder_stats_new_folder();

CREATE FUNCTION folder_stats_files_in() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM folder_stats WHERE folder_uuid IN (SELECT folder_uuid FROM new_files) ORDER BY folder_uuid FOR UPDATE;
    UPDATE folder_stats s SET files = s.files + n.files, bytes = s.bytes + n.bytes
    FROM (SELECT folder_uuid, count(*) AS files, sum(size) AS bytes FROM new_files GROUP BY folder_uuid) n
    WHERE s.folder_uuid = n.folder_uuid;
    RETURN NULL;
END $$;
CREATE TRIGGER folder_stats_files_in AFTER INSERT ON files REFERENCING NEW TABLE AS new_files
    FOR EACH STATEMENT EXECUTE FUNCTION folder_stats_files_in();

CREATE FUNCTION folder_stats_files_out() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM folder_stats WHERE folder_uuid IN (SELECT folder_uuid FROM old_files) ORDER BY folder_uuid FOR UPDATE;
    UPDATE folder_stats s SET files = s.files - o.files, bytes = s.bytes - o.bytes
    FROM (SELECT folder_uuid, count(*) AS files, sum(size) AS bytes FROM old_files GROUP BY folder_uuid) o
    WHERE s.folder_uuid = o.folder_uuid;
    RETURN NULL;
END $$;
CREATE TRIGGER folder_stats_files_out AFTER DELETE ON files REFERENCING OLD TABLE AS old_files
    FOR EACH STATEMENT EXECUTE FUNCTION folder_stats_files_out();

-- Every UPDATE of files comes here (transition tables allow no column list); rows whose folder and
-- size stay put add nothing and lock nothing.
CREATE FUNCTION folder_stats_files_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM folder_stats WHERE folder_uuid IN (
        SELECT o.folder_uuid FROM old_files o JOIN new_files n ON n.uuid = o.uuid WHERE n.folder_uuid <> o.folder_uuid OR n.size <> o.size
        UNION SELECT n.folder_uuid FROM old_files o JOIN new_files n ON n.uuid = o.uuid WHERE n.folder_uuid <> o.folder_uuid OR n.size <> o.size)
    ORDER BY folder_uuid FOR UPDATE;
    UPDATE folder_stats s SET files = s.files + d.files, bytes = s.bytes + d.bytes
    FROM (SELECT folder_uuid, sum(files) AS files, sum(bytes) AS bytes FROM (
              SELECT o.folder_uuid, -1 AS files, -o.size AS bytes FROM old_files o JOIN new_files n ON n.uuid = o.uuid
              WHERE n.folder_uuid <> o.folder_uuid OR n.size <> o.size
              UNION ALL
              SELECT n.folder_uuid, 1, n.size FROM old_files o JOIN new_files n ON n.uuid = o.uuid
              WHERE n.folder_uuid <> o.folder_uuid OR n.size <> o.size) c
          GROUP BY folder_uuid) d
    WHERE s.folder_uuid = d.folder_uuid;
    RETURN NULL;
END $$;
CREATE TRIGGER folder_stats_files_changed AFTER UPDATE ON files REFERENCING OLD TABLE AS old_files NEW TABLE AS new_files
    FOR EACH STATEMENT EXECUTE FUNCTION folder_stats_files_changed();

-- 2. A page of a folder in any supported order straight from an index, with LIMIT; uuid is the
--    tie-breaker of every order. (UNIQUE (folder_uuid, name) alone would do for name order, but
--    SQLite's planner, with statistics of a huge folder, then prefers a scan and a sort.)
CREATE INDEX files_by_folder_name ON files (folder_uuid, name, uuid);
DROP INDEX files_by_folder_created; -- V1's (folder_uuid, created_at), now with the tie-breaker
CREATE INDEX files_by_folder_created ON files (folder_uuid, created_at, uuid);
CREATE INDEX files_by_folder_modified ON files (folder_uuid, modified_at, uuid);
CREATE INDEX files_by_folder_size ON files (folder_uuid, size, uuid);
CREATE INDEX files_by_folder_mime ON files (folder_uuid, mime, uuid);

-- 3. Substring search on name and metadata (q=, an ILIKE '%…%'): pg_trgm GIN indexes. Installing
--    the extension needs the CREATE privilege on the database (pg_trgm is a trusted extension) or
--    a superuser; where it is refused, the indexes are skipped with a warning and search works as
--    before, by a scan. It goes into schema public when it may, else into this schema, and is used
--    from whichever schema holds it (one installation per database).
DO $$
DECLARE
    trgm TEXT;
BEGIN
    SELECT n.nspname INTO trgm FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
    IF trgm IS NULL THEN
        BEGIN
            CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
        EXCEPTION WHEN OTHERS THEN
            BEGIN
                CREATE EXTENSION IF NOT EXISTS pg_trgm;
            EXCEPTION WHEN OTHERS THEN
                RAISE WARNING 'pg_trgm not installed (%); q= search works without its index, by a scan', SQLERRM;
            END;
        END;
        -- also finds one a concurrent migration has just installed
        SELECT n.nspname INTO trgm FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
    END IF;
    IF trgm IS NOT NULL THEN
        BEGIN -- e.g. installed in a schema this user may not use
            EXECUTE format('CREATE INDEX files_name_trgm ON files USING gin (name %I.gin_trgm_ops)', trgm);
            EXECUTE format('CREATE INDEX files_meta_trgm ON files USING gin (meta %I.gin_trgm_ops)', trgm);
        EXCEPTION WHEN OTHERS THEN
            RAISE WARNING 'pg_trgm indexes not created (%); q= search works without them, by a scan', SQLERRM;
        END;
    END IF;
END $$;
