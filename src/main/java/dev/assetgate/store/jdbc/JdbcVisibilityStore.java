package dev.assetgate.store.jdbc;

import dev.assetgate.events.Change;

import dev.assetgate.error.ApiError;
import dev.assetgate.visibility.Visibility;
import dev.assetgate.visibility.VisibilityStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Visibility settings in a SQL catalog: the nullable columns {@code files.visibility},
 * {@code folders.visibility} and {@code projects.default_visibility} (NULL: inherit).
 */
public final class JdbcVisibilityStore implements VisibilityStore {
    /** Ids per IN list: well under SQLite's and PostgreSQL's bound-parameter limits. */
    private static final int BATCH = 500;
    private final Database db;

    public JdbcVisibilityStore(Database db) {
        this.db = db;
    }

    @Override
    public Map<String, Visibility> fileSettings(String project, Collection<String> fileUuids) {
        return settings("SELECT uuid, visibility FROM files WHERE project = ? AND visibility IS NOT NULL AND uuid IN ", project, fileUuids);
    }

    @Override
    public Map<String, Visibility> folderSettings(String project, Collection<String> folderPaths) {
        return settings("SELECT path, visibility FROM folders WHERE project = ? AND visibility IS NOT NULL AND path IN ", project, folderPaths);
    }

    private Map<String, Visibility> settings(String select, String project, Collection<String> keys) {
        Map<String, Visibility> out = new HashMap<>();
        List<String> all = List.copyOf(keys);
        db.withConnection(c -> {
            for (int from = 0; from < all.size(); from += BATCH) {
                List<String> batch = all.subList(from, Math.min(all.size(), from + BATCH));
                Object[] params = new Object[batch.size() + 1];
                params[0] = project;
                for (int i = 0; i < batch.size(); i++) params[i + 1] = batch.get(i);
                for (String[] row : Sql.query(c, select + "(" + String.join(", ", Collections.nCopies(batch.size(), "?")) + ")",
                        rs -> new String[] {rs.getString(1), rs.getString(2)}, params)) {
                    Visibility.of(row[1]).ifPresent(v -> out.put(row[0], v));
                }
            }
            return null;
        });
        return out;
    }

    @Override
    public void set(String project, List<String> fileUuids, List<String> folderUuids, Visibility visibility) {
        String value = visibility == null ? null : visibility.wire;
        db.inTransaction(c -> {
            for (String uuid : fileUuids) {
                if (set(c, "UPDATE files SET visibility = ? WHERE project = ? AND uuid = ?", value, project, uuid) == 0) {
                    throw ApiError.FILE_NOT_FOUND.with("no file with uuid " + uuid);
                }
                db.outbox().record(c, Change.of(project, "file", "visibility_changed", uuid).after(Change.fields().put("visibility", value)));
            }
            for (String uuid : folderUuids) {
                if (set(c, "UPDATE folders SET visibility = ? WHERE project = ? AND uuid = ?", value, project, uuid) == 0) {
                    throw ApiError.FOLDER_NOT_FOUND.with("no folder with uuid " + uuid);
                }
                db.outbox().record(c, Change.of(project, "folder", "visibility_changed", uuid).after(Change.fields().put("visibility", value)));
            }
            return null;
        });
    }

    @Override
    public Optional<Visibility> projectDefault(String project) {
        return db.withConnection(c -> Sql.one(c, "SELECT default_visibility FROM projects WHERE token = ?",
                rs -> Visibility.of(rs.getString(1)), project)).flatMap(v -> v);
    }

    @Override
    public void setProjectDefault(String project, Visibility visibility) {
        db.withConnection(c -> {
            try (var ps = c.prepareStatement("UPDATE projects SET default_visibility = ? WHERE token = ?")) {
                ps.setString(1, visibility == null ? null : visibility.wire);
                ps.setString(2, project);
                int changed = ps.executeUpdate();
                db.outbox().touched(c, project, "default_visibility_changed"); // no event, but what url.cdn holds of the project may no longer be public
                return changed;
            }
        });
    }

    /** An update whose possibly NULL value is bound as text (an untyped NULL is ambiguous to PostgreSQL's driver). */
    private static int set(Connection c, String sql, String value, String project, String uuid) throws SQLException {
        try (var ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            ps.setString(2, project);
            ps.setString(3, uuid);
            return ps.executeUpdate();
        }
    }
}
