-- The event log (issue 16): every change writes one row here in the same transaction as the change
-- (an outbox). File history, the audit trail of changes and webhooks read it. See docs/events.md.
-- No foreign keys: an event outlives the file, folder, key or project it names.
CREATE TABLE change_events (
    seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id           TEXT COLLATE "C" NOT NULL UNIQUE,
    at           TEXT COLLATE "C" NOT NULL,
    kind         TEXT COLLATE "C" NOT NULL,
    company_id   TEXT COLLATE "C" NOT NULL,
    project      TEXT COLLATE "C",
    item_type    TEXT COLLATE "C" NOT NULL,
    item_uuid    TEXT COLLATE "C" NOT NULL,
    actor        TEXT COLLATE "C" NOT NULL,
    key_id       TEXT COLLATE "C",
    template_id  TEXT COLLATE "C",
    ip           TEXT COLLATE "C",
    before       TEXT,
    after        TEXT,
    dispatched   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX change_events_by_item ON change_events (project, item_uuid, seq);
CREATE INDEX change_events_by_time ON change_events (company_id, at, seq);
CREATE INDEX change_events_to_dispatch ON change_events (seq) WHERE dispatched = 0;
