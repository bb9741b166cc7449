-- Webhooks (issue 16): a project's endpoints and the deliveries of the event log to them. See docs/webhooks.md.
-- The signing secret is not stored: it is HMAC(server secret, uuid + salt), computed when needed; a new
-- salt rotates it.
CREATE TABLE webhooks (
    uuid         TEXT COLLATE "C" PRIMARY KEY,
    project      TEXT COLLATE "C" NOT NULL REFERENCES projects(token) ON DELETE CASCADE,
    url          TEXT NOT NULL,
    events       TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    active       INTEGER NOT NULL DEFAULT 1,
    salt         TEXT COLLATE "C" NOT NULL,
    created_at   TEXT COLLATE "C" NOT NULL,
    updated_at   TEXT COLLATE "C" NOT NULL
);
CREATE INDEX webhooks_by_project ON webhooks (project);

CREATE TABLE webhook_deliveries (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    webhook_uuid     TEXT COLLATE "C" NOT NULL REFERENCES webhooks(uuid) ON DELETE CASCADE,
    event_seq        BIGINT NOT NULL,
    item_uuid        TEXT COLLATE "C" NOT NULL,
    status           TEXT COLLATE "C" NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT COLLATE "C" NOT NULL,
    claimed_until    TEXT COLLATE "C",
    last_status      INTEGER,
    last_error       TEXT,
    created_at       TEXT COLLATE "C" NOT NULL,
    delivered_at     TEXT COLLATE "C",
    UNIQUE (webhook_uuid, event_seq)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_by_item ON webhook_deliveries (webhook_uuid, item_uuid, id);
