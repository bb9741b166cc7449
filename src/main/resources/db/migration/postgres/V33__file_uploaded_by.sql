-- Per-user SASS keys (issue 19 item 3): the subject (`sub`) of the key that uploaded a file, shown
-- as `uploaded_by` in the file object; null for uploads by API keys and by keys without a subject.
ALTER TABLE files ADD COLUMN uploaded_by TEXT;
