-- Single-use upload policies (issue 19 item 5; docs/upload-policies.md). A policy itself is a signed
-- token and is stored nowhere; this table holds its one use. The primary key makes the claim atomic on
-- every node: the first upload inserts the row ('claimed'), any other finds it and is refused. A refused
-- or failed upload deletes its claim; a successful one marks it 'used'.
CREATE TABLE upload_policy_uses (
    policy_id      TEXT PRIMARY KEY,
    project        TEXT NOT NULL,
    signer_key_id  TEXT NOT NULL,
    state          TEXT NOT NULL,            -- claimed (its upload runs) | used (its upload succeeded)
    claimed_at     TEXT NOT NULL,
    used_at        TEXT,
    expires_at     TEXT NOT NULL             -- the policy's expiry: after it the row only records history
);
CREATE INDEX upload_policy_uses_by_expiry ON upload_policy_uses (expires_at);
