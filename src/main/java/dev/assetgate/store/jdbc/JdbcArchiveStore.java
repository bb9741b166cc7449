package dev.assetgate.store.jdbc;

import dev.assetgate.archives.ArchiveStore;
import dev.assetgate.archives.ArchiveTask;
import dev.assetgate.archives.ArchiveTask.Status;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Archive tasks in a SQL catalog (table file_archives, V22). */
public final class JdbcArchiveStore implements ArchiveStore {
    private static final String COLUMNS = "id, project, owner, status, percent, files, bytes, blob_key, zip_bytes, error,"
            + " created_at, updated_at, expires_at";
    private final Database db;

    public JdbcArchiveStore(Database db) {
        this.db = db;
    }

    @Override
    public void insert(ArchiveTask t) {
        db.withConnection(c -> Sql.update(c, "INSERT INTO file_archives (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                t.id(), t.project(), t.owner(), t.status().name(), t.percent(), t.files(), t.bytes(), t.blobKey(), t.zipBytes(),
                t.error(), Sql.time(t.createdAt()), Sql.time(t.updatedAt()), Sql.time(t.expiresAt())));
    }

    @Override
    public Optional<ArchiveTask> find(String project, String id) {
        return db.withConnection(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM file_archives WHERE project = ? AND id = ?",
                JdbcArchiveStore::task, project, id));
    }

    @Override
    public boolean start(String id, Instant now, Instant expiresAt) {
        return db.withConnection(c -> Sql.update(c, "UPDATE file_archives SET status = 'RUNNING', updated_at = ?, expires_at = ?"
                + " WHERE id = ? AND status = 'PENDING'", Sql.time(now), Sql.time(expiresAt), id)) == 1;
    }

    @Override
    public boolean progress(String id, int percent, Instant now, Instant expiresAt) {
        return db.withConnection(c -> Sql.update(c, "UPDATE file_archives SET percent = ?, updated_at = ?, expires_at = ?"
                + " WHERE id = ? AND status = 'RUNNING'", percent, Sql.time(now), Sql.time(expiresAt), id)) == 1;
    }

    @Override
    public boolean finish(String id, String blobKey, long zipBytes, Instant now, Instant expiresAt) {
        return db.withConnection(c -> Sql.update(c, "UPDATE file_archives SET status = 'DONE', percent = 100, blob_key = ?, zip_bytes = ?,"
                + " updated_at = ?, expires_at = ? WHERE id = ? AND status = 'RUNNING'",
                blobKey, zipBytes, Sql.time(now), Sql.time(expiresAt), id)) == 1;
    }

    @Override
    public void fail(String id, String error, Instant now) {
        db.withConnection(c -> Sql.update(c, "UPDATE file_archives SET status = 'FAILED', error = ?, updated_at = ?"
                + " WHERE id = ? AND status IN ('PENDING', 'RUNNING')", error, Sql.time(now), id));
    }

    @Override
    public Optional<ArchiveTask> cancel(String project, String id, Instant now) {
        while (true) { // a conditional update on the state read: a concurrent change makes it read again
            Optional<ArchiveTask> found = find(project, id);
            if (found.isEmpty() || found.get().status() == Status.CANCELLED) return found;
            ArchiveTask before = found.get();
            int changed = db.withConnection(c -> Sql.update(c, "UPDATE file_archives SET status = 'CANCELLED', blob_key = NULL,"
                    + " zip_bytes = NULL, updated_at = ? WHERE id = ? AND status = ?", Sql.time(now), id, before.status().name()));
            if (changed == 1) return found;
        }
    }

    @Override
    public void delete(String id) {
        db.withConnection(c -> Sql.update(c, "DELETE FROM file_archives WHERE id = ?", id));
    }

    @Override
    public List<ArchiveTask> expired(Instant now, int limit) {
        return db.withConnection(c -> Sql.query(c, "SELECT " + COLUMNS + " FROM file_archives WHERE expires_at <= ? ORDER BY expires_at LIMIT ?",
                JdbcArchiveStore::task, Sql.time(now), limit));
    }

    private static ArchiveTask task(ResultSet rs) throws SQLException {
        long zip = rs.getLong(9);
        Long zipBytes = rs.wasNull() ? null : zip;
        return new ArchiveTask(rs.getString(1), rs.getString(2), rs.getString(3), Status.valueOf(rs.getString(4)), rs.getInt(5),
                rs.getLong(6), rs.getLong(7), rs.getString(8), zipBytes, rs.getString(10),
                Sql.instant(rs.getString(11)), Sql.instant(rs.getString(12)), Sql.instant(rs.getString(13)));
    }
}
