-- The event log (issue 16): every change writes one row here in the same transaction as the change
-- (an outbox). File history, the audit trail of changes and webhooks read it. See docs/events.md.
-- No foreign keys: an event outlives the file, folder, key or project it names.
CREATE TABLE change_events (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,   -- increases with every event, never reused
    id           TEXT NOT NULL UNIQUE,
    at           TEXT NOT NULL,
    kind         TEXT NOT NULL,             -- file.created, file.renamed, folder.deleted, key.created, ...
    company_id   TEXT NOT NULL,
    project      TEXT,                      -- NULL: a company-level change (a company-wide key)
    item_type    TEXT NOT NULL,             -- file, folder, label, share, approval, key, template, ...
    item_uuid    TEXT NOT NULL,
    actor        TEXT NOT NULL,             -- key, sass, session, cli, system
    key_id       TEXT,                      -- the API key (or SASS key) that acted
    template_id  TEXT,                      -- a SASS key's template
    ip           TEXT,
    before       TEXT,                      -- JSON of what changed, when small; NULL for a creation
    after        TEXT,                      -- JSON; NULL for a deletion
    dispatched   INTEGER NOT NULL DEFAULT 0 -- 1 once the webhook dispatcher has fanned it out
);
CREATE INDEX change_events_by_item ON change_events (project, item_uuid, seq);
CREATE INDEX change_events_by_time ON change_events (company_id, at, seq);
CREATE INDEX change_events_to_dispatch ON change_events (seq) WHERE dispatched = 0;
