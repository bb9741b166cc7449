-- The metadata model: typed fields per project, and the options of select fields. File and folder
-- meta stay JSON in their own rows; the model only says which keys and values they may hold.

CREATE TABLE meta_fields (
    uuid        TEXT PRIMARY KEY,
    project     TEXT NOT NULL REFERENCES projects(token) ON DELETE CASCADE,
    field_key   TEXT NOT NULL,             -- the api name: the key in file and folder meta
    label       TEXT NOT NULL,
    type        TEXT NOT NULL,             -- text, textarea, numeric, boolean, date, select-one, multi-select, tags
    localized   INTEGER NOT NULL,          -- 1: values are objects keyed by language code
    languages   TEXT NOT NULL,             -- JSON array of the allowed language codes; [] = any
    group_name  TEXT NOT NULL,
    position    INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (project, field_key)
);

CREATE TABLE meta_field_options (
    field_uuid  TEXT NOT NULL REFERENCES meta_fields(uuid) ON DELETE CASCADE,
    id          TEXT NOT NULL UNIQUE,      -- internal id, @itm_…@
    api_slug    TEXT NOT NULL,             -- what file and folder meta store
    label       TEXT NOT NULL,
    position    INTEGER NOT NULL,
    PRIMARY KEY (field_uuid, api_slug)
);
