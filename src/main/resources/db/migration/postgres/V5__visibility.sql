-- Visibility on the CDN path, the PostgreSQL twin of db/migration/sqlite/V5__visibility.sql. NULL
-- inherits: a file from its folder, a folder from its parent, the root folder from the project's
-- default, and a project without one from the server's default-visibility setting. A folder's
-- setting lives on its row, so it follows renames and moves.

ALTER TABLE projects ADD COLUMN default_visibility TEXT COLLATE "C" CHECK (default_visibility IN ('public', 'not_public'));
ALTER TABLE folders ADD COLUMN visibility TEXT COLLATE "C" CHECK (visibility IN ('public', 'not_public'));
ALTER TABLE files ADD COLUMN visibility TEXT COLLATE "C" CHECK (visibility IN ('public', 'not_public'));
