package dev.assetgate.store.jdbc;

import dev.assetgate.images.DerivativeStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The derivative index in a SQL catalog (table image_derivatives, V17). */
public final class JdbcDerivativeStore implements DerivativeStore {
    private static final String COLUMNS = "blob_key, project, file_uuid, bytes, mime, created_at";
    private final Database db;

    public JdbcDerivativeStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<Entry> find(String blobKey) {
        return db.withConnection(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM image_derivatives WHERE blob_key = ?",
                JdbcDerivativeStore::entry, blobKey));
    }

    @Override
    public void insert(Entry e) {
        db.withConnection(c -> Sql.update(c, "INSERT INTO image_derivatives (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (blob_key) DO NOTHING",
                e.blobKey(), e.project(), e.fileUuid(), e.bytes(), e.mime(), Sql.time(e.createdAt())));
    }

    @Override
    public List<Entry> ofFiles(String project, Collection<String> fileUuids) {
        List<Entry> found = new ArrayList<>();
        for (String uuid : fileUuids) {
            found.addAll(db.withConnection(c -> Sql.query(c, "SELECT " + COLUMNS + " FROM image_derivatives WHERE project = ? AND file_uuid = ?",
                    JdbcDerivativeStore::entry, project, uuid)));
        }
        return found;
    }

    @Override
    public List<Entry> ofProject(String project) {
        return db.withConnection(c -> Sql.query(c, "SELECT " + COLUMNS + " FROM image_derivatives WHERE project = ?",
                JdbcDerivativeStore::entry, project));
    }

    @Override
    public void delete(Collection<String> blobKeys) {
        for (String key : blobKeys) {
            db.withConnection(c -> Sql.update(c, "DELETE FROM image_derivatives WHERE blob_key = ?", key));
        }
    }

    @Override
    public long totalBytes() {
        return db.withConnection(c -> Sql.one(c, "SELECT COALESCE(SUM(bytes), 0) FROM image_derivatives", rs -> rs.getLong(1)).orElse(0L));
    }

    @Override
    public List<Entry> oldest(int limit) {
        return db.withConnection(c -> Sql.query(c, "SELECT " + COLUMNS + " FROM image_derivatives ORDER BY created_at, blob_key LIMIT ?",
                JdbcDerivativeStore::entry, limit));
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5), Sql.instant(rs.getString(6)));
    }
}
