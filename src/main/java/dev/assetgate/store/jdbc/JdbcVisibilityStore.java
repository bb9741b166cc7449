package dev.assetgate.store.jdbc;

import dev.assetgate.events.Change;

import dev.assetgate.error.ApiError;
import dev.assetgate.visibility.Visibility;
import dev.assetgate.visibility.VisibilityStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
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

    /**
     * One statement, a row per explicit setting tagged with its kind: files ({@code f}, by uuid),
     * folders ({@code d}, by path) and the project's default ({@code p}; no row: unknown project).
     * More ids than one IN list holds: the three reads apart.
     */
    @Override
    public Settings settings(String project, Collection<String> fileUuids, Collection<String> folderPaths) {
        if (fileUuids.size() + folderPaths.size() > BATCH) {
            return new Settings(fileSettings(project, fileUuids), folderSettings(project, folderPaths), projectDefault(project));
        }
        StringBuilder sql = new StringBuilder();
        List<Object> params = new ArrayList<>();
        tagged(sql, params, "SELECT 'f', uuid, visibility FROM files WHERE project = ? AND visibility IS NOT NULL AND uuid IN ", project, fileUuids);
        tagged(sql, params, "SELECT 'd', path, visibility FROM folders WHERE project = ? AND visibility IS NOT NULL AND path IN ", project, folderPaths);
        sql.append("SELECT 'p', NULL, default_visibility FROM projects WHERE token = ?");
        params.add(project);
        Map<String, Visibility> files = new HashMap<>();
        Map<String, Visibility> folders = new HashMap<>();
        Visibility[] projectDefault = {null};
        db.withConnection(c -> Sql.query(c, sql.toString(), rs -> {
            Visibility value = Visibility.of(rs.getString(3)).orElse(null);
            switch (rs.getString(1)) {
                case "f" -> { if (value != null) files.put(rs.getString(2), value); }
                case "d" -> { if (value != null) folders.put(rs.getString(2), value); }
                default -> projectDefault[0] = value;
            }
            return null;
        }, params.toArray()));
        return new Settings(files, folders, Optional.ofNullable(projectDefault[0]));
    }

    /** Appends {@code select} over {@code keys} and a UNION ALL, unless there are no keys. */
    private static void tagged(StringBuilder sql, List<Object> params, String select, String project, Collection<String> keys) {
        if (keys.isEmpty()) return;
        sql.append(select).append('(').append(String.join(", ", Collections.nCopies(keys.size(), "?"))).append(") UNION ALL ");
        params.add(project);
        params.addAll(keys);
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
