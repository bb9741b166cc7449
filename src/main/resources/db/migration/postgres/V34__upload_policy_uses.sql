-- Single-use upload policies (the PostgreSQL twin of the SQLite V34; docs/upload-policies.md).
CREATE TABLE upload_policy_uses (
    policy_id      TEXT COLLATE "C" PRIMARY KEY,
    project        TEXT COLLATE "C" NOT NULL,
    signer_key_id  TEXT COLLATE "C" NOT NULL,
    state          TEXT COLLATE "C" NOT NULL,
    claimed_at     TEXT COLLATE "C" NOT NULL,
    used_at        TEXT COLLATE "C",
    expires_at     TEXT COLLATE "C" NOT NULL
);
CREATE INDEX upload_policy_uses_by_expiry ON upload_policy_uses (expires_at);
