-- Bulk metadata edits (PUT bulk/prepare, POST bulk/{id}/apply) and CSV metadata imports (POST edit/assets,
-- GET edit/assets/{id}): one row per prepared edit or import task, read by whichever node the next call reaches.
CREATE TABLE edit_tasks (
    uuid       TEXT PRIMARY KEY,
    project    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    owner      TEXT NOT NULL,
    status     TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX edit_tasks_by_age ON edit_tasks (created_at);
CREATE INDEX edit_tasks_by_project ON edit_tasks (project);

-- The product a file shows (PIM integrations, the widget's Products view): at most one per file.
-- Rows of deleted files are never shown (every read joins files).
CREATE TABLE file_products (
    file_uuid  TEXT PRIMARY KEY,
    project    TEXT NOT NULL,
    ref        TEXT NOT NULL,
    position   INTEGER,
    updated_at TEXT NOT NULL
);
CREATE INDEX file_products_by_ref ON file_products (project, ref);
