package dev.assetgate.store.jdbc;

import dev.assetgate.collections.Collection;
import dev.assetgate.collections.CollectionDraft;
import dev.assetgate.collections.CollectionStore;
import dev.assetgate.collections.SavedQuery;
import dev.assetgate.error.ApiError;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Collections in a SQL catalog, SQLite or PostgreSQL: one row each, the saved query in its own columns. */
public final class JdbcCollectionStore implements CollectionStore {
    private final Database db;
    private final Clock clock;

    public JdbcCollectionStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public List<Collection> list(String project) {
        return db.withConnection(c -> Sql.query(c, "SELECT * FROM collections WHERE project = ? ORDER BY created_at, uuid",
                JdbcCollectionStore::collection, project));
    }

    @Override
    public Optional<Collection> find(String project, String uuid) {
        return db.withConnection(c -> Sql.one(c, "SELECT * FROM collections WHERE project = ? AND uuid = ?",
                JdbcCollectionStore::collection, project, uuid));
    }

    @Override
    public Collection create(String project, CollectionDraft d) {
        String uuid = UUID.randomUUID().toString();
        String now = Sql.time(clock.instant());
        SavedQuery q = d.query();
        return db.inTransaction(c -> {
            Sql.update(c, "INSERT INTO collections (uuid, project, title, type, visibility, q, folder, subfolders, mime, labels, "
                            + "labels_operator, groupby, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    uuid, project, d.title(), d.type(), d.visibility(), q.q(), q.folder(), q.recursive() ? 1 : 0, q.mime(),
                    String.join(",", q.labels()), q.labelsOperator(), d.groupby(), now, now);
            return existing(c, project, uuid);
        });
    }

    @Override
    public Collection update(String project, String uuid, CollectionDraft d) {
        SavedQuery q = d.query();
        return db.inTransaction(c -> {
            int changed = Sql.update(c, "UPDATE collections SET title = ?, type = ?, visibility = ?, q = ?, folder = ?, subfolders = ?, "
                            + "mime = ?, labels = ?, labels_operator = ?, groupby = ?, updated_at = ? WHERE project = ? AND uuid = ?",
                    d.title(), d.type(), d.visibility(), q.q(), q.folder(), q.recursive() ? 1 : 0, q.mime(),
                    String.join(",", q.labels()), q.labelsOperator(), d.groupby(), Sql.time(clock.instant()), project, uuid);
            if (changed == 0) {
                throw notFound(uuid);
            }
            return existing(c, project, uuid);
        });
    }

    @Override
    public List<Collection> delete(String project, List<String> uuids) {
        return db.inTransaction(c -> {
            List<Collection> deleted = new ArrayList<>();
            for (String uuid : uuids) {
                deleted.add(existing(c, project, uuid));
            }
            for (Collection collection : deleted) {
                Sql.update(c, "DELETE FROM collections WHERE uuid = ?", collection.uuid());
            }
            return deleted;
        });
    }

    private static Collection existing(Connection c, String project, String uuid) throws SQLException {
        return Sql.one(c, "SELECT * FROM collections WHERE project = ? AND uuid = ?", JdbcCollectionStore::collection, project, uuid)
                .orElseThrow(() -> notFound(uuid));
    }

    private static RuntimeException notFound(String uuid) {
        return ApiError.COLLECTION_NOT_FOUND.with("no collection with uuid " + uuid);
    }

    private static Collection collection(ResultSet rs) throws SQLException {
        String labels = rs.getString("labels");
        SavedQuery query = new SavedQuery(rs.getString("q"), rs.getString("folder"), rs.getInt("subfolders") != 0,
                rs.getString("mime"), labels.isEmpty() ? List.of() : Arrays.asList(labels.split(",")), rs.getString("labels_operator"));
        return new Collection(rs.getString("uuid"), rs.getString("project"), rs.getString("title"), rs.getString("type"),
                rs.getString("visibility"), query, rs.getString("groupby"),
                Sql.instant(rs.getString("created_at")), Sql.instant(rs.getString("updated_at")));
    }
}
