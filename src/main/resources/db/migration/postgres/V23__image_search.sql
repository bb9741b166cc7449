-- q= terms on image facts and file columns (issue 14, part B): orientation:, resolution: (by pixel
-- area), size and updated_at ranges over a whole project. The expressions are exactly the ones
-- SqlDialect.imageOrientation() and imageArea() write, so the planner can use these indexes.
CREATE INDEX files_by_orientation ON files (project, ((info::jsonb ->> 'img_o')));
CREATE INDEX files_by_area ON files (project, (CASE WHEN jsonb_typeof(info::jsonb -> 'area') = 'number' THEN (info::jsonb ->> 'area')::numeric END));
CREATE INDEX files_by_project_size ON files (project, size);
CREATE INDEX files_by_project_modified ON files (project, modified_at);

-- Per-project image settings (docs/images.md): EXIF GPS kept or not, named presets, the allow-list
-- of transformations on url.cdn. One JSON document per project; no row: the defaults.
CREATE TABLE project_image_settings (
    project     TEXT COLLATE "C" PRIMARY KEY REFERENCES projects(token) ON DELETE CASCADE,
    settings    TEXT COLLATE "C" NOT NULL,
    updated_at  TEXT COLLATE "C" NOT NULL
);
