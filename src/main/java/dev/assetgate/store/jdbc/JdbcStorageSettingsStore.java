package dev.assetgate.store.jdbc;

import dev.assetgate.store.StorageSettings;
import dev.assetgate.store.StorageSettingsStore;
import java.util.Locale;

/** Projects' storage settings in a SQL catalog (table project_storage, V19); no row means the defaults. */
public final class JdbcStorageSettingsStore implements StorageSettingsStore {
    private final Database db;

    public JdbcStorageSettingsStore(Database db) {
        this.db = db;
    }

    @Override
    public StorageSettings of(String project) {
        return db.withConnection(c -> Sql.one(c, "SELECT same_name, same_content, versions_kept, versions_days FROM project_storage WHERE project = ?",
                rs -> new StorageSettings(StorageSettings.SameName.valueOf(rs.getString(1).toUpperCase(Locale.ROOT)),
                        StorageSettings.SameContent.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)), rs.getInt(3), rs.getInt(4)),
                project).orElse(StorageSettings.DEFAULTS));
    }

    @Override
    public void put(String project, StorageSettings s) {
        db.inTransaction(c -> Sql.update(c, "INSERT INTO project_storage (project, same_name, same_content, versions_kept, versions_days) "
                        + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (project) DO UPDATE SET same_name = excluded.same_name, "
                        + "same_content = excluded.same_content, versions_kept = excluded.versions_kept, versions_days = excluded.versions_days",
                project, s.sameName().wire(), s.sameContent().wire(), s.versionsKept(), s.versionsDays()));
    }
}
