-- PostgreSQL only (SQLite keeps its row triggers of V11). The statement triggers of V11 locked every
-- folder_stats row a statement touches, in uuid order (PERFORM ... ORDER BY ... FOR UPDATE), and then
-- updated them all in a second query over the transition table. Updating the rows one by one in
-- uuid order takes the same locks in the same order, so two statements still never wait on each
-- other in a cycle, with one query over the transition table instead of two. An upload is a
-- one-row statement: its trigger cost about 115 µs of PostgreSQL CPU before and about 73 µs after
-- (4,000 one-row inserts in a plpgsql loop, medians of 5; bench/RESULTS.md).
CREATE OR REPLACE FUNCTION folder_stats_files_in() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    added RECORD;
BEGIN
    FOR added IN SELECT folder_uuid, count(*) AS files, sum(size) AS bytes FROM new_files
                 GROUP BY folder_uuid ORDER BY folder_uuid LOOP
        UPDATE folder_stats SET files = files + added.files, bytes = bytes + added.bytes
        WHERE folder_uuid = added.folder_uuid;
    END LOOP;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION folder_stats_files_out() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    removed RECORD;
BEGIN
    FOR removed IN SELECT folder_uuid, count(*) AS files, sum(size) AS bytes FROM old_files
                   GROUP BY folder_uuid ORDER BY folder_uuid LOOP
        UPDATE folder_stats SET files = files - removed.files, bytes = bytes - removed.bytes
        WHERE folder_uuid = removed.folder_uuid;
    END LOOP;
    RETURN NULL;
END $$;
