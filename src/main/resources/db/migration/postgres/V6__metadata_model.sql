-- The metadata model (the PostgreSQL twin of the SQLite V6): typed fields per project, and the
-- options of select fields. File and folder meta stay JSON in their own rows.

CREATE TABLE meta_fields (
    uuid        TEXT COLLATE "C" PRIMARY KEY,
    project     TEXT COLLATE "C" NOT NULL REFERENCES projects(token) ON DELETE CASCADE,
    field_key   TEXT COLLATE "C" NOT NULL,             -- the api name: the key in file and folder meta
    label       TEXT COLLATE "C" NOT NULL,
    type        TEXT COLLATE "C" NOT NULL,             -- text, textarea, numeric, boolean, date, select-one, multi-select, tags
    localized   INTEGER NOT NULL,                      -- 1: values are objects keyed by language code
    languages   TEXT COLLATE "C" NOT NULL,             -- JSON array of the allowed language codes; [] = any
    group_name  TEXT COLLATE "C" NOT NULL,
    position    INTEGER NOT NULL,
    created_at  TEXT COLLATE "C" NOT NULL,
    updated_at  TEXT COLLATE "C" NOT NULL,
    UNIQUE (project, field_key)
);

CREATE TABLE meta_field_options (
    field_uuid  TEXT COLLATE "C" NOT NULL REFERENCES meta_fields(uuid) ON DELETE CASCADE,
    id          TEXT COLLATE "C" NOT NULL UNIQUE,      -- internal id, @itm_…@
    api_slug    TEXT COLLATE "C" NOT NULL,             -- what file and folder meta store
    label       TEXT COLLATE "C" NOT NULL,
    position    INTEGER NOT NULL,
    PRIMARY KEY (field_uuid, api_slug)
);
