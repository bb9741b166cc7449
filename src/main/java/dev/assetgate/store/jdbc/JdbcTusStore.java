package dev.assetgate.store.jdbc;

import dev.assetgate.tus.TusPart;
import dev.assetgate.tus.TusStore;
import dev.assetgate.tus.TusUpload;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Resumable uploads in a SQL catalog (tables tus_uploads and tus_parts, V36). */
public final class JdbcTusStore implements TusStore {
    private static final String COLUMNS = "id, project, owner, folder, name, declared_type, product, upload_length, upload_offset,"
            + " file_uuid, result, created_at, expires_at";
    private final Database db;

    public JdbcTusStore(Database db) {
        this.db = db;
    }

    @Override
    public void insert(TusUpload u) {
        db.withConnection(c -> Sql.update(c, "INSERT INTO tus_uploads (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                u.id(), u.project(), u.owner(), u.folder(), u.name(), u.declaredType(), u.product(), u.length(), u.offset(),
                u.fileUuid(), u.result(), Sql.time(u.createdAt()), Sql.time(u.expiresAt())));
    }

    @Override
    public Optional<TusUpload> find(String project, String id) {
        return db.withConnection(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM tus_uploads WHERE project = ? AND id = ?",
                JdbcTusStore::upload, project, id));
    }

    @Override
    public boolean append(String id, TusPart part, Instant expiresAt) {
        return db.inTransaction(c -> {
            // the conditional update is the compare-and-set: a concurrent PATCH at the same offset finds it moved
            int moved = Sql.update(c, "UPDATE tus_uploads SET upload_offset = ?, expires_at = ? WHERE id = ? AND upload_offset = ?"
                    + " AND result IS NULL AND upload_offset + ? <= upload_length",
                    part.offset() + part.length(), Sql.time(expiresAt), id, part.offset(), part.length());
            if (moved != 1) return false;
            Sql.update(c, "INSERT INTO tus_parts (upload_id, part_offset, length, blob_key) VALUES (?, ?, ?, ?)",
                    id, part.offset(), part.length(), part.blobKey());
            return true;
        });
    }

    @Override
    public boolean rewind(String id, TusPart part) {
        return db.inTransaction(c -> {
            int moved = Sql.update(c, "UPDATE tus_uploads SET upload_offset = ? WHERE id = ? AND upload_offset = ? AND result IS NULL",
                    part.offset(), id, part.offset() + part.length());
            if (moved != 1) return false;
            Sql.update(c, "DELETE FROM tus_parts WHERE upload_id = ? AND part_offset = ?", id, part.offset());
            return true;
        });
    }

    @Override
    public List<TusPart> parts(String id) {
        return db.withConnection(c -> Sql.query(c, "SELECT part_offset, length, blob_key FROM tus_parts WHERE upload_id = ? ORDER BY part_offset",
                rs -> new TusPart(rs.getLong(1), rs.getLong(2), rs.getString(3)), id));
    }

    @Override
    public void finish(String id, String fileUuid, String result, Instant expiresAt) {
        db.inTransaction(c -> {
            Sql.update(c, "UPDATE tus_uploads SET file_uuid = ?, result = ?, expires_at = ? WHERE id = ?", fileUuid, result, Sql.time(expiresAt), id);
            return Sql.update(c, "DELETE FROM tus_parts WHERE upload_id = ?", id);
        });
    }

    @Override
    public void delete(String id) {
        db.inTransaction(c -> {
            Sql.update(c, "DELETE FROM tus_parts WHERE upload_id = ?", id);
            return Sql.update(c, "DELETE FROM tus_uploads WHERE id = ?", id);
        });
    }

    @Override
    public List<TusUpload> expired(Instant now, int limit) {
        return db.withConnection(c -> Sql.query(c, "SELECT " + COLUMNS + " FROM tus_uploads WHERE expires_at <= ? ORDER BY expires_at LIMIT ?",
                JdbcTusStore::upload, Sql.time(now), limit));
    }

    private static TusUpload upload(ResultSet rs) throws SQLException {
        return new TusUpload(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getLong(8), rs.getLong(9), rs.getString(10), rs.getString(11),
                Sql.instant(rs.getString(12)), Sql.instant(rs.getString(13)));
    }
}
