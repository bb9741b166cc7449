package dev.assetgate.store.jdbc;

import dev.assetgate.error.ApiError;
import dev.assetgate.store.AssetCatalog;
import dev.assetgate.events.Change;
import dev.assetgate.store.FileRecord;
import dev.assetgate.store.FileVersion;
import dev.assetgate.store.FileVersions;
import dev.assetgate.store.StorageSettings;
import dev.assetgate.visibility.Visibility;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Earlier versions of files in a SQL catalog (table file_versions, V19). A change of content always
 * runs the same steps in one transaction: lock the file's row (an UPDATE, so both engines serialise
 * two changes of one file), archive its current content as a version, write the new content, and
 * apply the project's retention. {@link JdbcAssetCatalog} runs them for an upload that replaces a
 * file; a restore runs them here.
 */
public final class JdbcFileVersions implements FileVersions {
    private static final String COLUMNS =
            "uuid, project, file_uuid, size, mime, sha1, blob_key, info, created_at, created_by, replaced_at, replaced_by";
    private final Database db;
    private final Clock clock;

    public JdbcFileVersions(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public List<FileVersion> of(String project, String fileUuid) {
        return db.withConnection(c -> Sql.query(c, "SELECT " + COLUMNS + " FROM file_versions WHERE project = ? AND file_uuid = ? ORDER BY seq DESC",
                JdbcFileVersions::version, project, fileUuid));
    }

    @Override
    public Optional<FileVersion> find(String project, String versionUuid) {
        return db.withConnection(c -> find(c, project, versionUuid));
    }

    @Override
    public Restored restore(String project, String versionUuid, String actor, StorageSettings retention) {
        return db.inTransaction(c -> {
            FileVersion wanted = find(c, project, versionUuid).orElseThrow(() -> versionNotFound(versionUuid));
            String now = Sql.time(clock.instant());
            FileRecord current = lockFile(c, project, wanted.fileUuid(), now).orElseThrow(() -> versionNotFound(versionUuid));
            Since since = since(c, current);
            // a concurrent restore of the same version took it first (the row lock above ordered us after it)
            if (Sql.update(c, "DELETE FROM file_versions WHERE project = ? AND uuid = ?", project, versionUuid) == 0) {
                throw versionNotFound(versionUuid);
            }
            FileVersion archived = archive(c, current, since, actor, now);
            setContent(c, current.uuid(), wanted.size(), wanted.mime(), wanted.sha1(), wanted.blobKey(), wanted.info(), now);
            List<String> freed = applyRetention(c, current.uuid(), retention, clock.instant());
            FileRecord restored = JdbcAssetCatalog.existingFile(c, project, current.uuid());
            db.outbox().record(c, contentChanged("restored", archived, restored).after(
                    contentFields(restored).put("restored_version_uuid", versionUuid)));
            return new Restored(restored, archived, freed);
        });
    }

    @Override
    public List<String> expire(Instant now) {
        return db.inTransaction(c -> {
            List<String[]> projects = Sql.query(c, "SELECT project, versions_days FROM project_storage WHERE versions_days > 0",
                    rs -> new String[] {rs.getString(1), rs.getString(2)});
            List<String> freed = new ArrayList<>();
            for (String[] p : projects) {
                String cutoff = Sql.time(now.minus(Duration.ofDays(Long.parseLong(p[1]))));
                freed.addAll(Sql.query(c, "SELECT blob_key FROM file_versions WHERE project = ? AND replaced_at < ?",
                        rs -> rs.getString(1), p[0], cutoff));
                Sql.update(c, "DELETE FROM file_versions WHERE project = ? AND replaced_at < ?", p[0], cutoff);
            }
            return freed;
        });
    }

    // ------------------------------------------------------------------ inside a transaction

    /**
     * The upload {@code incoming} becomes the content of the file named like it in {@code folderUuid};
     * empty when no such file exists (deleted since the insert met it): the caller inserts again.
     * {@code folderVisibility}: what the placing transaction read of the folder, for the answer.
     */
    static Optional<AssetCatalog.Placed> replace(Connection c, String folderUuid, FileRecord incoming, String actor,
                                                 StorageSettings retention, Instant at, Visibility folderVisibility) throws SQLException {
        String now = Sql.time(at);
        if (Sql.update(c, "UPDATE files SET modified_at = ? WHERE folder_uuid = ? AND name = ?", now, folderUuid, incoming.name()) == 0) {
            return Optional.empty();
        }
        FileRecord current = Sql.one(c, JdbcAssetCatalog.FILE_SELECT + " WHERE f.folder_uuid = ? AND f.name = ?",
                JdbcAssetCatalog::file, folderUuid, incoming.name()).orElseThrow();
        FileVersion archived = archive(c, current, since(c, current), actor, now);
        setContent(c, current.uuid(), incoming.size(), incoming.mime(), incoming.sha1(), incoming.blobKey(), incoming.info(), now);
        List<String> freed = applyRetention(c, current.uuid(), retention, at);
        return Optional.of(new AssetCatalog.Placed(JdbcAssetCatalog.existingFile(c, current.project(), current.uuid()),
                AssetCatalog.Outcome.NEW_VERSION, archived, freed, folderVisibility));
    }

    /**
     * The event of a file whose content changed ({@code file.replaced} by an upload, {@code
     * file.restored} from a version): the content before (now the version {@code archived}) and after.
     */
    static Change contentChanged(String what, FileVersion archived, FileRecord now) {
        return Change.of(now.project(), "file", what, now.uuid())
                .before(Change.fields().put("version_uuid", archived.uuid()).put("size", archived.size()).put("sha1", archived.sha1()))
                .after(contentFields(now));
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode contentFields(FileRecord f) {
        return Change.fields().put("name", f.name()).put("size", f.size()).put("mime", f.mime()).put("sha1", f.sha1());
    }

    /** When, and by whom, the file's current content was stored: the last replace, else the file's creation. */
    private record Since(String at, String by) {}

    private static Since since(Connection c, FileRecord file) throws SQLException {
        return Sql.one(c, "SELECT replaced_at, replaced_by FROM file_versions WHERE file_uuid = ? ORDER BY seq DESC LIMIT 1",
                rs -> new Since(rs.getString(1), rs.getString(2)), file.uuid()).orElse(new Since(Sql.time(file.createdAt()), null));
    }

    /** Locks the file's row for this transaction (both engines) and reads it. */
    private static Optional<FileRecord> lockFile(Connection c, String project, String uuid, String now) throws SQLException {
        if (Sql.update(c, "UPDATE files SET modified_at = ? WHERE project = ? AND uuid = ?", now, project, uuid) == 0) {
            return Optional.empty();
        }
        return JdbcAssetCatalog.file(c, project, uuid);
    }

    /** Keeps the file's current content as a version. */
    private static FileVersion archive(Connection c, FileRecord current, Since since, String actor, String now) throws SQLException {
        String uuid = UUID.randomUUID().toString();
        long seq = Sql.one(c, "SELECT coalesce(max(seq), 0) + 1 FROM file_versions WHERE file_uuid = ?", rs -> rs.getLong(1), current.uuid())
                .orElse(1L);
        Sql.update(c, "INSERT INTO file_versions (" + COLUMNS + ", seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                uuid, current.project(), current.uuid(), current.size(), current.mime(), current.sha1(), current.blobKey(),
                current.info(), since.at(), since.by(), now, actor, seq);
        return find(c, current.project(), uuid).orElseThrow();
    }

    private static void setContent(Connection c, String fileUuid, long size, String mime, String sha1, String blobKey, String info,
                                   String now) throws SQLException {
        Sql.update(c, "UPDATE files SET size = ?, mime = ?, sha1 = ?, blob_key = ?, info = ?, modified_at = ? WHERE uuid = ?",
                size, mime, sha1, blobKey, info, now, fileUuid);
    }

    /** Drops the file's versions beyond the most recent {@code versionsKept} and those replaced before the age limit. */
    private static List<String> applyRetention(Connection c, String fileUuid, StorageSettings retention, Instant now) throws SQLException {
        String cutoff = retention.versionsDays() > 0 ? Sql.time(now.minus(Duration.ofDays(retention.versionsDays()))) : null;
        List<String[]> versions = Sql.query(c, "SELECT uuid, blob_key, replaced_at FROM file_versions WHERE file_uuid = ? ORDER BY seq DESC",
                rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}, fileUuid);
        List<String> freed = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            String[] v = versions.get(i);
            if (i >= retention.versionsKept() || (cutoff != null && v[2].compareTo(cutoff) < 0)) {
                Sql.update(c, "DELETE FROM file_versions WHERE uuid = ?", v[0]);
                freed.add(v[1]);
            }
        }
        return freed;
    }

    private static Optional<FileVersion> find(Connection c, String project, String uuid) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM file_versions WHERE project = ? AND uuid = ?", JdbcFileVersions::version, project, uuid);
    }

    private static RuntimeException versionNotFound(String uuid) {
        return ApiError.VERSION_NOT_FOUND.with("no version with uuid " + uuid);
    }

    private static FileVersion version(ResultSet rs) throws SQLException {
        return new FileVersion(rs.getString("uuid"), rs.getString("project"), rs.getString("file_uuid"), rs.getLong("size"),
                rs.getString("mime"), rs.getString("sha1"), rs.getString("blob_key"), rs.getString("info"),
                Sql.instant(rs.getString("created_at")), rs.getString("created_by"),
                Sql.instant(rs.getString("replaced_at")), rs.getString("replaced_by"));
    }
}
