-- Webhooks (issue 16): a project's endpoints and the deliveries of the event log to them. See docs/webhooks.md.
-- The signing secret is not stored: it is HMAC(server secret, uuid + salt), computed when needed; a new
-- salt rotates it.
CREATE TABLE webhooks (
    uuid         TEXT PRIMARY KEY,
    project      TEXT NOT NULL REFERENCES projects(token) ON DELETE CASCADE,
    url          TEXT NOT NULL,
    events       TEXT NOT NULL,             -- JSON array of kinds or prefixes: ["file", "folder.deleted"]; ["*"] for all
    description  TEXT NOT NULL DEFAULT '',
    active       INTEGER NOT NULL DEFAULT 1,
    salt         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX webhooks_by_project ON webhooks (project);

-- One event to one endpoint: made when the dispatcher fans an event out, sent (and retried) by the worker.
CREATE TABLE webhook_deliveries (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_uuid     TEXT NOT NULL REFERENCES webhooks(uuid) ON DELETE CASCADE,
    event_seq        INTEGER NOT NULL,
    item_uuid        TEXT NOT NULL,         -- deliveries of one item go out in order
    status           TEXT NOT NULL,         -- pending, delivered, failed (gave up; redeliver to try again)
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    claimed_until    TEXT,                  -- a node sending it holds it until then (it crashed: another takes over)
    last_status      INTEGER,               -- the receiver's HTTP status, NULL when none answered
    last_error       TEXT,
    created_at       TEXT NOT NULL,
    delivered_at     TEXT,
    UNIQUE (webhook_uuid, event_seq)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_by_item ON webhook_deliveries (webhook_uuid, item_uuid, id);
