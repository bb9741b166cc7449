#!/usr/bin/env python3
"""What each index of the files table costs an upload's insert on SQLite (issue 17).

Makes a catalog with the server's own migrations (`assetgate project create` in a temporary data
directory), then inserts file rows shaped like the bench's 10 KB uploads (a new name each, increasing
times, time-ordered uuids as the server makes them, random sha1s, one folder) in commits of BATCH rows:
with every index and the search index (as the server runs), the same with random (version 4) uuids
(as before 2026-12-03), without the search index, and without the secondary indexes. Prints
microseconds of insert per row, the median of five rounds (a single index's share is smaller than the
noise of a shared 2-core machine, so none is measured alone). Python's sqlite3 with synchronous=OFF,
on /dev/shm when there is one: it measures the CPU of the insert, not the disk or its file system, and
Python's SQLite, not the server's sqlite-jdbc build.

    python3 bench/sqlite-index-cost.py [ROWS] [BATCH]     (defaults 20000 and 8; needs target/assetgate.jar)
"""
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
BATCH = int(sys.argv[2]) if len(sys.argv) > 2 else 8
JAR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "target", "assetgate.jar")
TEXT_TRIGGERS = ("files_text_in", "files_text_out", "files_text_changed")


def fresh_catalog(work):
    data = os.path.join(work, "data")
    os.makedirs(data)
    subprocess.run(["java", "-jar", JAR, "project", "create", "bench"], env=dict(os.environ, ASSETGATE_DATA_DIR=data),
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return os.path.join(data, "catalog.db")


def secondary_indexes(db):
    with sqlite3.connect(db) as c:
        return [r[0] for r in c.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'files' AND sql IS NOT NULL ORDER BY name")]


def time_ordered_uuid():
    """Version 7, as the server's TimeOrderedIds: a millisecond timestamp, then random bits."""
    value = (int(time.time() * 1000) << 80) | int.from_bytes(os.urandom(10), "big")
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version
    value = (value & ~(0x3 << 62)) | (0x2 << 62)  # variant
    return str(uuid.UUID(int=value))


def insert_cost(template, copy, drop_indexes=(), without_search=False, row_id=time_ordered_uuid):
    """Microseconds per inserted row into a copy of the template catalog."""
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(copy + suffix):
            os.remove(copy + suffix)
    shutil.copy(template, copy)
    c = sqlite3.connect(copy, isolation_level=None)
    try:
        c.execute("PRAGMA journal_mode = WAL")
        c.execute("PRAGMA synchronous = OFF")
        c.execute("PRAGMA foreign_keys = ON")
        for name in drop_indexes:
            c.execute(f"DROP INDEX {name}")
        if without_search:
            for trigger in TEXT_TRIGGERS:
                c.execute(f"DROP TRIGGER {trigger}")
            c.execute("DROP TABLE files_text")
        project = c.execute("SELECT token FROM projects").fetchone()[0]
        folder = c.execute("SELECT uuid FROM folders WHERE project = ?", (project,)).fetchone()[0]
        started = time.perf_counter()
        for i in range(0, ROWS, BATCH):
            c.execute("BEGIN IMMEDIATE")
            for j in range(i, i + BATCH):
                u = row_id()
                at = "2026-12-03T08:%02d:%02d.%03dZ" % ((j // 60000) % 60, (j // 1000) % 60, j % 1000)
                c.execute("INSERT INTO files (uuid, project, folder_uuid, name, size, mime, sha1, blob_key, meta, info, tags,"
                          " created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          (u, project, folder, f"f-1764750000-1-{j}.bin", 10240, "application/octet-stream",
                           uuid.uuid4().hex + "01234567", f"{project}/{u[-2:]}/{u}", "{}", '{"ext":"bin"}', "{}", at, at))
            c.execute("COMMIT")
        return (time.perf_counter() - started) / ROWS * 1e6
    finally:
        c.close()


def main():
    work = tempfile.mkdtemp(prefix="sqlite-index-cost.", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
    try:
        template = fresh_catalog(work)
        copy = os.path.join(work, "copy.db")
        indexes = secondary_indexes(template)

        def cost(**variant):
            return statistics.median(insert_cost(template, copy, **variant) for _ in range(5))

        print(f"{ROWS} rows in commits of {BATCH}, µs of insert per row, median of 5 (SQLite {sqlite3.sqlite_version})")
        print(f"{cost():8.1f}  as the server runs: {len(indexes)} secondary indexes and the search index")
        print(f"{cost(row_id=lambda: str(uuid.uuid4())):8.1f}  the same with random (version 4) uuids, as before 2026-12-03")
        print(f"{cost(without_search=True):8.1f}  without the search index (files_text)")
        print(f"{cost(drop_indexes=indexes):8.1f}  without the {len(indexes)} secondary indexes ({', '.join(indexes)})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
