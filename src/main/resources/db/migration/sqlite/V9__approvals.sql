-- Approval requests: files, named approvers and their votes (see README "Approvals").
-- seq orders requests by creation (a file's approval status is its latest request's).

CREATE TABLE approvals (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid          TEXT NOT NULL UNIQUE,
    project       TEXT NOT NULL REFERENCES projects(token) ON DELETE CASCADE,
    status        TEXT NOT NULL,            -- PENDING, APPROVED, REJECTED, CANCELLED
    rule          TEXT NOT NULL,            -- all, any, quorum
    quorum        INTEGER,                  -- approvals needed under rule quorum, else NULL
    message       TEXT,
    due_date      TEXT,                     -- ISO-8601 UTC, NULL when none
    requested_by  TEXT NOT NULL,            -- id of the key that asked
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    closed_at     TEXT                      -- when it was decided or cancelled
);
CREATE INDEX approvals_by_project ON approvals (project, seq);

CREATE TABLE approval_files (
    approval_uuid TEXT NOT NULL REFERENCES approvals(uuid) ON DELETE CASCADE,
    file_uuid     TEXT NOT NULL REFERENCES files(uuid) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    PRIMARY KEY (approval_uuid, file_uuid)
);
CREATE INDEX approval_files_by_file ON approval_files (file_uuid);

CREATE TABLE approval_approvers (
    approval_uuid TEXT NOT NULL REFERENCES approvals(uuid) ON DELETE CASCADE,
    approver_key  TEXT NOT NULL,            -- the approver in lower case: votes match it ignoring case
    approver      TEXT NOT NULL,            -- as the request spelled it
    position      INTEGER NOT NULL,
    decision      TEXT,                     -- NULL until voted, then approve or reject
    comment       TEXT,
    voted_at      TEXT,
    voted_by      TEXT,                     -- id of the key that cast the vote
    PRIMARY KEY (approval_uuid, approver_key)
);
CREATE INDEX approval_approvers_by_key ON approval_approvers (approver_key);

-- A request whose last file is deleted goes with it: there is nothing left to approve.
CREATE TRIGGER approvals_without_files AFTER DELETE ON approval_files
BEGIN
    DELETE FROM approvals WHERE uuid = OLD.approval_uuid
        AND NOT EXISTS (SELECT 1 FROM approval_files WHERE approval_uuid = OLD.approval_uuid);
END;
