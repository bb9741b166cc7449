package dev.assetgate.store.jdbc;

import dev.assetgate.images.ImageSettingsStore;
import java.time.Instant;
import java.util.Optional;

/** Project image settings in a SQL catalog (table project_image_settings, V23). */
public final class JdbcImageSettingsStore implements ImageSettingsStore {
    private final Database db;

    public JdbcImageSettingsStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<String> find(String project) {
        return db.withConnection(c -> Sql.one(c, "SELECT settings FROM project_image_settings WHERE project = ?",
                rs -> rs.getString(1), project));
    }

    @Override
    public void save(String project, String settingsJson, Instant at) {
        db.withConnection(c -> Sql.update(c, "INSERT INTO project_image_settings (project, settings, updated_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (project) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at",
                project, settingsJson, Sql.time(at)));
    }
}
