-- Approval requests (the PostgreSQL twin of the SQLite V9): files, named approvers and their votes.
-- seq orders requests by creation (a file's approval status is its latest request's).

CREATE TABLE approvals (
    seq           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uuid          TEXT COLLATE "C" NOT NULL UNIQUE,
    project       TEXT COLLATE "C" NOT NULL REFERENCES projects(token) ON DELETE CASCADE,
    status        TEXT COLLATE "C" NOT NULL,            -- PENDING, APPROVED, REJECTED, CANCELLED
    rule          TEXT COLLATE "C" NOT NULL,            -- all, any, quorum
    quorum        INTEGER,                              -- approvals needed under rule quorum, else NULL
    message       TEXT COLLATE "C",
    due_date      TEXT COLLATE "C",                     -- ISO-8601 UTC, NULL when none
    requested_by  TEXT COLLATE "C" NOT NULL,            -- id of the key that asked
    created_at    TEXT COLLATE "C" NOT NULL,
    updated_at    TEXT COLLATE "C" NOT NULL,
    closed_at     TEXT COLLATE "C"                      -- when it was decided or cancelled
);
CREATE INDEX approvals_by_project ON approvals (project, seq);

CREATE TABLE approval_files (
    approval_uuid TEXT COLLATE "C" NOT NULL REFERENCES approvals(uuid) ON DELETE CASCADE,
    file_uuid     TEXT COLLATE "C" NOT NULL REFERENCES files(uuid) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    PRIMARY KEY (approval_uuid, file_uuid)
);
CREATE INDEX approval_files_by_file ON approval_files (file_uuid);

CREATE TABLE approval_approvers (
    approval_uuid TEXT COLLATE "C" NOT NULL REFERENCES approvals(uuid) ON DELETE CASCADE,
    approver_key  TEXT COLLATE "C" NOT NULL,            -- the approver in lower case: votes match it ignoring case
    approver      TEXT COLLATE "C" NOT NULL,            -- as the request spelled it
    position      INTEGER NOT NULL,
    decision      TEXT COLLATE "C",                     -- NULL until voted, then approve or reject
    comment       TEXT COLLATE "C",
    voted_at      TEXT COLLATE "C",
    voted_by      TEXT COLLATE "C",                     -- id of the key that cast the vote
    PRIMARY KEY (approval_uuid, approver_key)
);
CREATE INDEX approval_approvers_by_key ON approval_approvers (approver_key);

-- A request whose last file is deleted goes with it: there is nothing left to approve.
CREATE FUNCTION approvals_without_files() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM approvals WHERE uuid = OLD.approval_uuid
        AND NOT EXISTS (SELECT 1 FROM approval_files WHERE approval_uuid = OLD.approval_uuid);
    RETURN NULL;
END;
$$;
CREATE TRIGGER approvals_without_files AFTER DELETE ON approval_files
    FOR EACH ROW EXECUTE FUNCTION approvals_without_files();
