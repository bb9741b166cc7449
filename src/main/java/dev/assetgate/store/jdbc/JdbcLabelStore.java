package dev.assetgate.store.jdbc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.events.Change;

import dev.assetgate.access.FolderScope;
import dev.assetgate.error.ApiError;
import dev.assetgate.labels.Label;
import dev.assetgate.labels.LabelDraft;
import dev.assetgate.labels.LabelStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Labels and their attachments to files in a SQL catalog, SQLite or PostgreSQL. Name conflicts are
 * decided by the UNIQUE (project, name_key) constraint, so they hold under concurrent writers;
 * attachments disappear with their file or label through ON DELETE CASCADE.
 */
public final class JdbcLabelStore implements LabelStore {
    /** Files per lookup query: a listing page may hold 5000, far too many parameters for one statement. */
    private static final int BATCH = 500;
    private final Database db;
    private final SqlDialect dialect;
    private final Clock clock;

    public JdbcLabelStore(Database db, Clock clock) {
        this.db = db;
        this.dialect = db.dialect();
        this.clock = clock;
    }

    @Override
    public List<Label> list(String project) {
        return db.withConnection(c -> Sql.query(c, "SELECT * FROM labels WHERE project = ? ORDER BY name_key, uuid",
                JdbcLabelStore::label, project));
    }

    @Override
    public Optional<Label> find(String project, String uuid, String sid) {
        return db.withConnection(c -> Sql.one(c, "SELECT * FROM labels WHERE project = ? AND (uuid = ? OR sid = ?)",
                JdbcLabelStore::label, project, uuid, sid));
    }

    @Override
    public Label create(String project, LabelDraft draft) {
        String uuid = UUID.randomUUID().toString();
        byte[] random = new byte[6];
        ThreadLocalRandom.current().nextBytes(random);
        String sid = "#lb" + HexFormat.of().formatHex(random);
        String now = Sql.time(clock.instant());
        return db.inTransaction(c -> {
            try {
                Sql.update(c, "INSERT INTO labels (uuid, project, sid, name, name_key, color, shape, is_pinned, created_at, updated_at) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        uuid, project, sid, draft.name(), nameKey(draft.name()), draft.color(), draft.shape(),
                        draft.pinned() ? 1 : 0, now, now);
            } catch (SQLException e) {
                throw conflictOr(e, draft.name());
            }
            db.outbox().record(c, Change.of(project, "label", "created", uuid).after(Change.fields().put("name", draft.name())));
            return existing(c, project, uuid);
        });
    }

    @Override
    public Label update(String project, String uuid, LabelDraft draft) {
        return db.inTransaction(c -> {
            int changed;
            try {
                changed = Sql.update(c, "UPDATE labels SET name = ?, name_key = ?, color = ?, shape = ?, is_pinned = ?, updated_at = ? "
                                + "WHERE project = ? AND uuid = ?",
                        draft.name(), nameKey(draft.name()), draft.color(), draft.shape(), draft.pinned() ? 1 : 0,
                        Sql.time(clock.instant()), project, uuid);
            } catch (SQLException e) {
                throw conflictOr(e, draft.name());
            }
            if (changed == 0) {
                throw notFound(uuid);
            }
            db.outbox().record(c, Change.of(project, "label", "updated", uuid).after(Change.fields().put("name", draft.name())
                    .put("color", draft.color()).put("pinned", draft.pinned())));
            return existing(c, project, uuid);
        });
    }

    @Override
    public List<Label> delete(String project, List<String> uuids) {
        return db.inTransaction(c -> {
            List<Label> deleted = new ArrayList<>();
            for (String uuid : uuids) {
                deleted.add(existing(c, project, uuid));
            }
            for (Label label : deleted) {
                Sql.update(c, "DELETE FROM labels WHERE uuid = ?", label.uuid()); // attachments go with it (CASCADE)
                db.outbox().record(c, Change.of(project, "label", "deleted", label.uuid()).before(Change.fields().put("name", label.name())));
            }
            return deleted;
        });
    }

    @Override
    public void attach(String project, Collection<String> fileUuids, Collection<String> labelUuids) {
        String now = Sql.time(clock.instant());
        db.inTransaction(c -> {
            checkAllExist(c, project, fileUuids, labelUuids);
            for (String file : fileUuids) {
                com.fasterxml.jackson.databind.node.ArrayNode added = Change.fields().arrayNode();
                for (String label : labelUuids) {
                    if (Sql.update(c, "INSERT INTO file_labels (file_uuid, label_uuid, attached_at) VALUES (?, ?, ?) "
                            + "ON CONFLICT (file_uuid, label_uuid) DO NOTHING", file, label, now) > 0) {
                        added.add(label);
                    }
                }
                if (!added.isEmpty()) {
                    ObjectNode after = Change.fields();
                    after.set("labels", added);
                    db.outbox().record(c, Change.of(project, "file", "labels_added", file).after(after));
                }
            }
            return null;
        });
    }

    @Override
    public void detach(String project, Collection<String> fileUuids, Collection<String> labelUuids) {
        db.inTransaction(c -> {
            checkAllExist(c, project, fileUuids, labelUuids);
            for (String file : fileUuids) {
                com.fasterxml.jackson.databind.node.ArrayNode removed = Change.fields().arrayNode();
                for (String label : labelUuids) {
                    if (Sql.update(c, "DELETE FROM file_labels WHERE file_uuid = ? AND label_uuid = ?", file, label) > 0) {
                        removed.add(label);
                    }
                }
                if (!removed.isEmpty()) {
                    ObjectNode before = Change.fields();
                    before.set("labels", removed);
                    db.outbox().record(c, Change.of(project, "file", "labels_removed", file).before(before));
                }
            }
            return null;
        });
    }

    @Override
    public Map<String, List<Label>> labelsOfFiles(String project, Collection<String> fileUuids) {
        Map<String, List<Label>> byFile = new HashMap<>();
        List<String> all = List.copyOf(fileUuids);
        for (int from = 0; from < all.size(); from += BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + BATCH));
            List<Object> params = new ArrayList<>(List.of(project));
            params.addAll(batch);
            String marks = String.join(", ", Collections.nCopies(batch.size(), "?"));
            db.withConnection(c -> Sql.query(c, "SELECT fl.file_uuid AS attached_to, l.* FROM file_labels fl "
                            + "JOIN labels l ON l.uuid = fl.label_uuid WHERE l.project = ? AND fl.file_uuid IN (" + marks + ") "
                            + "ORDER BY l.name_key, l.uuid",
                    rs -> byFile.computeIfAbsent(rs.getString("attached_to"), k -> new ArrayList<>()).add(label(rs)),
                    params.toArray()));
        }
        return byFile;
    }

    @Override
    public Map<String, Long> fileCounts(String project, FolderScope scope) {
        StringBuilder where = new StringBuilder(" WHERE f.project = ? AND d.project = ?");
        List<Object> params = new ArrayList<>(List.of(project, project));
        SearchSql.appendScope(where, params, scope, "d.path");
        Map<String, Long> counts = new LinkedHashMap<>();
        db.withConnection(c -> Sql.query(c, "SELECT fl.label_uuid, count(*) FROM file_labels fl JOIN files f ON f.uuid = fl.file_uuid "
                        + "JOIN folders d ON d.uuid = f.folder_uuid" + where + " GROUP BY fl.label_uuid",
                rs -> counts.put(rs.getString(1), rs.getLong(2)), params.toArray()));
        return counts;
    }

    // ------------------------------------------------------------------ helpers

    /** Every file and label must exist in the project, checked before anything changes. */
    private static void checkAllExist(Connection c, String project, Collection<String> fileUuids, Collection<String> labelUuids)
            throws SQLException {
        for (String label : labelUuids) {
            existing(c, project, label);
        }
        for (String file : fileUuids) {
            if (Sql.one(c, "SELECT uuid FROM files WHERE project = ? AND uuid = ?", rs -> rs.getString(1), project, file).isEmpty()) {
                throw ApiError.FILE_NOT_FOUND.with("no file with uuid " + file);
            }
        }
    }

    private static Label existing(Connection c, String project, String uuid) throws SQLException {
        return Sql.one(c, "SELECT * FROM labels WHERE project = ? AND uuid = ?", JdbcLabelStore::label, project, uuid)
                .orElseThrow(() -> notFound(uuid));
    }

    private static RuntimeException notFound(String uuid) {
        return ApiError.LABEL_NOT_FOUND.with("no label with uuid " + uuid);
    }

    private RuntimeException conflictOr(SQLException e, String name) {
        return dialect.isUniqueViolation(e)
                ? ApiError.NAME_CONFLICT.with("a label named '" + name + "' already exists (names ignore case)")
                : new StoreException(e);
    }

    /** The uniqueness key of a name: names differing only in case are the same label. */
    static String nameKey(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static Label label(ResultSet rs) throws SQLException {
        return new Label(rs.getString("uuid"), rs.getString("project"), rs.getString("sid"), rs.getString("name"),
                rs.getString("color"), rs.getString("shape"), rs.getInt("is_pinned") != 0,
                Sql.instant(rs.getString("created_at")), Sql.instant(rs.getString("updated_at")));
    }
}
