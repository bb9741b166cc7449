package dev.assetgate.store.jdbc;

import dev.assetgate.store.StorageSettings;
import dev.assetgate.store.StorageSettingsStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/** Projects' storage settings in a SQL catalog (table project_storage, V19); no row means the defaults. */
public final class JdbcStorageSettingsStore implements StorageSettingsStore {
    private final Database db;

    public JdbcStorageSettingsStore(Database db) {
        this.db = db;
    }

    /** The columns {@link #settings} reads, in its order; prefixed by {@code s.} where another query joins the table. */
    static final String COLUMNS = "s.same_name, s.same_content, s.versions_kept, s.versions_days";

    @Override
    public StorageSettings of(String project) {
        return db.withConnection(c -> of(c, project));
    }

    static StorageSettings of(Connection c, String project) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM project_storage s WHERE s.project = ?", rs -> settings(rs, 1), project)
                .orElse(StorageSettings.DEFAULTS);
    }

    /** The settings in the four {@link #COLUMNS} from column {@code first} on; the defaults when they are NULL (no row joined). */
    static StorageSettings settings(ResultSet rs, int first) throws SQLException {
        String sameName = rs.getString(first);
        if (sameName == null) return StorageSettings.DEFAULTS;
        return new StorageSettings(StorageSettings.SameName.valueOf(sameName.toUpperCase(Locale.ROOT)),
                StorageSettings.SameContent.valueOf(rs.getString(first + 1).toUpperCase(Locale.ROOT)), rs.getInt(first + 2), rs.getInt(first + 3));
    }

    @Override
    public void put(String project, StorageSettings s) {
        db.inTransaction(c -> Sql.update(c, "INSERT INTO project_storage (project, same_name, same_content, versions_kept, versions_days) "
                        + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (project) DO UPDATE SET same_name = excluded.same_name, "
                        + "same_content = excluded.same_content, versions_kept = excluded.versions_kept, versions_days = excluded.versions_days",
                project, s.sameName().wire(), s.sameContent().wire(), s.versionsKept(), s.versionsDays()));
    }
}
