-- A revocation belongs to the project it was made in (see the SQLite V3 for why): the key is
-- (project, key_id), so another project's administrator cannot revoke, or pre-empt the revocation
-- of, a key that is not theirs.

ALTER TABLE revoked_sass_keys DROP CONSTRAINT revoked_sass_keys_pkey;
ALTER TABLE revoked_sass_keys ADD PRIMARY KEY (project, key_id);
