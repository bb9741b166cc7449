package dev.assetgate.store.jdbc;

import dev.assetgate.error.ApiError;
import dev.assetgate.store.AssetCatalog;
import dev.assetgate.store.FileQuery;
import dev.assetgate.store.FileRecord;
import dev.assetgate.store.Folder;
import dev.assetgate.store.FolderCounts;
import dev.assetgate.store.Page;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** The folder tree and file rows in a SQL catalog (SQLite today; the SQL is kept portable to PostgreSQL). */
public final class JdbcAssetCatalog implements AssetCatalog {
    private static final String FILE_SELECT =
            "SELECT f.*, d.path AS folder_path FROM files f JOIN folders d ON d.uuid = f.folder_uuid";

    private final Database db;
    private final Clock clock;

    public JdbcAssetCatalog(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ folders

    @Override
    public Optional<Folder> folderByPath(String project, String path) {
        return db.withConnection(c -> folderByPath(c, project, path));
    }

    @Override
    public Optional<Folder> folderByUuid(String project, String uuid) {
        return db.withConnection(c -> Sql.one(c, "SELECT * FROM folders WHERE project = ? AND uuid = ?",
                JdbcAssetCatalog::folder, project, uuid));
    }

    @Override
    public Folder createFolder(String project, String path) {
        return db.inTransaction(c -> {
            if (folderByPath(c, project, path).isPresent()) {
                throw ApiError.NAME_CONFLICT.with("folder " + path + " already exists");
            }
            return ensureFolder(c, project, path);
        });
    }

    @Override
    public Folder ensureFolder(String project, String path) {
        return db.inTransaction(c -> ensureFolder(c, project, path));
    }

    @Override
    public Page<Folder> listFolders(String project, String parentPath, boolean recursive, String nameContains,
                                    boolean descending, int limit, int offset, dev.assetgate.access.FolderScope scope) {
        StringBuilder where = new StringBuilder(" WHERE project = ? AND path <> '/'");
        List<Object> params = new ArrayList<>(List.of(project));
        if (!recursive) {
            where.append(" AND parent_path = ?");
            params.add(parentPath);
        } else if (!"/".equals(parentPath)) {
            where.append(" AND substr(path, 1, ?) = ?");
            params.add(chars(parentPath) + 1);
            params.add(parentPath + "/");
        }
        SearchSql.appendScope(where, params, scope, "path");
        if (nameContains != null) {
            where.append(" AND path LIKE ? ESCAPE '\\'");
            params.add("%" + Sql.likeLiteral(nameContains) + "%");
        }
        return db.withConnection(c -> {
            long total = Sql.one(c, "SELECT count(*) FROM folders" + where, rs -> rs.getLong(1), params.toArray()).orElse(0L);
            List<Object> paged = new ArrayList<>(params);
            paged.add(limit);
            paged.add(offset);
            List<Folder> items = Sql.query(c, "SELECT * FROM folders" + where + " ORDER BY path " + (descending ? "DESC" : "ASC")
                    + " LIMIT ? OFFSET ?", JdbcAssetCatalog::folder, paged.toArray());
            return new Page<>(items, total, 0);
        });
    }

    @Override
    public Map<String, FolderCounts> countsFor(String project, Collection<Folder> folders, dev.assetgate.access.FolderScope scope) {
        if (folders.isEmpty()) {
            return Map.of();
        }
        Map<String, long[]> direct = db.withConnection(c -> {
            Map<String, long[]> byPath = new HashMap<>();
            Sql.query(c, "SELECT d.path, count(f.uuid), coalesce(sum(f.size), 0) FROM folders d "
                            + "JOIN files f ON f.folder_uuid = d.uuid WHERE d.project = ? GROUP BY d.path",
                    rs -> byPath.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)}), project);
            return byPath;
        });
        Map<String, FolderCounts> out = new LinkedHashMap<>();
        for (Folder folder : folders) {
            long[] own = scope.allows(folder.path()) ? direct.getOrDefault(folder.path(), new long[2]) : new long[2];
            long files = 0;
            long bytes = 0;
            String prefix = folder.isRoot() ? "/" : folder.path() + "/";
            for (Map.Entry<String, long[]> e : direct.entrySet()) {
                if (!scope.allows(e.getKey())) {
                    continue;
                }
                if (folder.isRoot() || e.getKey().equals(folder.path()) || e.getKey().startsWith(prefix)) {
                    files += e.getValue()[0];
                    bytes += e.getValue()[1];
                }
            }
            out.put(folder.uuid(), new FolderCounts(own[0], files, bytes));
        }
        return out;
    }

    @Override
    public Folder relocateFolder(String project, String uuid, String newPath) {
        return db.inTransaction(c -> relocate(c, project, existingFolder(c, project, uuid), newPath));
    }

    @Override
    public List<Folder> moveFolders(String project, List<String> uuids, String destinationPath) {
        return db.inTransaction(c -> {
            List<Folder> sources = new ArrayList<>();
            for (String uuid : uuids) {
                sources.add(existingFolder(c, project, uuid));
            }
            ensureFolder(c, project, destinationPath);
            List<Folder> moved = new ArrayList<>();
            for (Folder source : sources) {
                Folder current = existingFolder(c, project, source.uuid());
                moved.add(relocate(c, project, current, join(destinationPath, current.name())));
            }
            return moved;
        });
    }

    @Override
    public List<FileRecord> deleteFolders(String project, List<String> uuids) {
        return db.inTransaction(c -> {
            // Resolve every folder before deleting any: a list may name a folder and one of its own
            // sub-folders (a multi-selection), which the first subtree delete would otherwise make "unknown".
            List<Folder> folders = new ArrayList<>();
            for (String uuid : uuids) {
                Folder folder = existingFolder(c, project, uuid);
                if (folder.isRoot()) {
                    throw ApiError.INVALID_PARAMETER.with("the root folder cannot be deleted");
                }
                folders.add(folder);
            }
            List<FileRecord> deleted = new ArrayList<>();
            for (Folder folder : folders) {
                String prefix = folder.path() + "/";
                int len = chars(prefix);
                deleted.addAll(Sql.query(c, FILE_SELECT + " WHERE f.project = ? AND (d.path = ? OR substr(d.path, 1, ?) = ?)",
                        JdbcAssetCatalog::file, project, folder.path(), len, prefix));
                Sql.update(c, "DELETE FROM files WHERE project = ? AND folder_uuid IN (SELECT uuid FROM folders "
                        + "WHERE project = ? AND (path = ? OR substr(path, 1, ?) = ?))", project, project, folder.path(), len, prefix);
                Sql.update(c, "DELETE FROM folders WHERE project = ? AND (path = ? OR substr(path, 1, ?) = ?)",
                        project, folder.path(), len, prefix);
            }
            return deleted;
        });
    }

    // ------------------------------------------------------------------ files

    @Override
    public Optional<FileRecord> file(String project, String uuid) {
        return db.withConnection(c -> file(c, project, uuid));
    }

    @Override
    public Optional<FileRecord> fileByPath(String project, String folderPath, String name) {
        return db.withConnection(c -> Sql.one(c, FILE_SELECT + " WHERE f.project = ? AND d.path = ? AND f.name = ?",
                JdbcAssetCatalog::file, project, folderPath, name));
    }

    @Override
    public FileRecord insertFile(FileRecord f) {
        return db.inTransaction(c -> {
            Folder folder = ensureFolder(c, f.project(), f.folderPath());
            requireFreeName(c, folder, f.name());
            Sql.update(c, "INSERT INTO files (uuid, project, folder_uuid, name, size, mime, sha1, blob_key, meta, info, tags, "
                            + "created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    f.uuid(), f.project(), folder.uuid(), f.name(), f.size(), f.mime(), f.sha1(), f.blobKey(),
                    f.meta(), f.info(), f.tags(), Sql.time(f.createdAt()), Sql.time(f.modifiedAt()));
            return file(c, f.project(), f.uuid()).orElseThrow();
        });
    }

    @Override
    public Page<FileRecord> listFiles(String project, FileQuery query) {
        SearchSql filter = SearchSql.files(project, query);
        return db.withConnection(c -> {
            long[] totals = Sql.one(c, "SELECT count(*), coalesce(sum(f.size), 0) FROM files f JOIN folders d ON d.uuid = f.folder_uuid"
                    + filter.where(), rs -> new long[] {rs.getLong(1), rs.getLong(2)}, filter.params().toArray()).orElseThrow();
            List<Object> paged = new ArrayList<>(filter.params());
            paged.add(query.limit());
            paged.add(query.offset());
            List<FileRecord> items = Sql.query(c, FILE_SELECT + filter.where() + filter.orderBy() + " LIMIT ? OFFSET ?",
                    JdbcAssetCatalog::file, paged.toArray());
            return new Page<>(items, totals[0], totals[1]);
        });
    }

    @Override
    public FileRecord renameFile(String project, String uuid, String newName) {
        return db.inTransaction(c -> {
            FileRecord f = existingFile(c, project, uuid);
            if (f.name().equals(newName)) {
                return f;
            }
            Folder folder = existingFolder(c, project, f.folderUuid());
            requireFreeName(c, folder, newName);
            Sql.update(c, "UPDATE files SET name = ?, modified_at = ? WHERE uuid = ?", newName, now(), uuid);
            return existingFile(c, project, uuid);
        });
    }

    @Override
    public List<FileRecord> moveFiles(String project, List<String> uuids, String destinationPath) {
        return db.inTransaction(c -> {
            List<FileRecord> sources = new ArrayList<>();
            for (String uuid : uuids) {
                sources.add(existingFile(c, project, uuid));
            }
            Folder destination = ensureFolder(c, project, destinationPath);
            List<FileRecord> moved = new ArrayList<>();
            for (FileRecord f : sources) {
                if (!f.folderUuid().equals(destination.uuid())) {
                    requireFreeName(c, destination, f.name());
                    Sql.update(c, "UPDATE files SET folder_uuid = ?, modified_at = ? WHERE uuid = ?", destination.uuid(), now(), f.uuid());
                }
                moved.add(existingFile(c, project, f.uuid()));
            }
            return moved;
        });
    }

    @Override
    public List<FileRecord> deleteFiles(String project, List<String> uuids) {
        return db.inTransaction(c -> {
            List<FileRecord> deleted = new ArrayList<>();
            for (String uuid : uuids) {
                deleted.add(existingFile(c, project, uuid));
            }
            for (FileRecord f : deleted) {
                Sql.update(c, "DELETE FROM files WHERE uuid = ?", f.uuid());
            }
            return deleted;
        });
    }

    @Override
    public FileRecord updateFileMeta(String project, String uuid, String metaJson) {
        return db.inTransaction(c -> {
            existingFile(c, project, uuid);
            Sql.update(c, "UPDATE files SET meta = ?, modified_at = ? WHERE uuid = ?", metaJson, now(), uuid);
            return existingFile(c, project, uuid);
        });
    }

    @Override
    public FileRecord updateFileTags(String project, String uuid, String tagsJson) {
        return db.inTransaction(c -> {
            existingFile(c, project, uuid);
            Sql.update(c, "UPDATE files SET tags = ?, modified_at = ? WHERE uuid = ?", tagsJson, now(), uuid);
            return existingFile(c, project, uuid);
        });
    }

    // ------------------------------------------------------------------ tags

    @Override
    public Map<String, String> ensureTags(String project, String lang, List<String> labels) {
        return db.inTransaction(c -> {
            Map<String, String> sids = new LinkedHashMap<>();
            for (String label : labels) {
                Optional<String> sid = Sql.one(c, "SELECT sid FROM tags WHERE project = ? AND lang = ? AND label = ?",
                        rs -> rs.getString(1), project, lang, label);
                if (sid.isEmpty()) {
                    byte[] random = new byte[5];
                    ThreadLocalRandom.current().nextBytes(random);
                    sid = Optional.of("#tg" + HexFormat.of().formatHex(random));
                    Sql.update(c, "INSERT INTO tags (project, sid, lang, label, created_at) VALUES (?, ?, ?, ?, ?)",
                            project, sid.get(), lang, label, now());
                }
                sids.put(label, sid.get());
            }
            return sids;
        });
    }

    @Override
    public List<Tag> tags(String project) {
        return db.withConnection(c -> Sql.query(c, "SELECT * FROM tags WHERE project = ? ORDER BY lang, label",
                rs -> new Tag(rs.getString("sid"), rs.getString("lang"), rs.getString("label"),
                        Sql.instant(rs.getString("created_at"))), project));
    }

    // ------------------------------------------------------------------ inside a transaction

    private Folder ensureFolder(Connection c, String project, String path) throws SQLException {
        Optional<Folder> existing = folderByPath(c, project, path);
        if (existing.isPresent()) {
            return existing.get();
        }
        String parent = parentOf(path);
        ensureFolder(c, project, parent);
        String now = now();
        Sql.update(c, "INSERT INTO folders (uuid, project, path, parent_path, meta, created_at, updated_at) VALUES (?, ?, ?, ?, '{}', ?, ?)",
                UUID.randomUUID().toString(), project, path, parent, now, now);
        return folderByPath(c, project, path).orElseThrow();
    }

    private Folder relocate(Connection c, String project, Folder folder, String newPath) throws SQLException {
        if (folder.isRoot()) {
            throw ApiError.INVALID_PARAMETER.with("the root folder cannot be renamed or moved");
        }
        String old = folder.path();
        if (old.equals(newPath)) {
            return folder;
        }
        if (newPath.startsWith(old + "/")) {
            throw ApiError.INVALID_PARAMETER.with("cannot move folder " + old + " into itself (" + newPath + ")");
        }
        if (folderByPath(c, project, newPath).isPresent()) {
            throw ApiError.NAME_CONFLICT.with("folder " + newPath + " already exists");
        }
        String newParent = parentOf(newPath);
        ensureFolder(c, project, newParent);
        int len = chars(old);
        Sql.update(c, "UPDATE folders SET path = ? || substr(path, ?), "
                        + "parent_path = CASE WHEN path = ? THEN ? ELSE ? || substr(parent_path, ?) END, updated_at = ? "
                        + "WHERE project = ? AND (path = ? OR substr(path, 1, ?) = ?)",
                newPath, len + 1, old, newParent, newPath, len + 1, now(), project, old, len + 1, old + "/");
        return folderByPath(c, project, newPath).orElseThrow();
    }

    private static void requireFreeName(Connection c, Folder folder, String name) throws SQLException {
        if (Sql.one(c, "SELECT uuid FROM files WHERE folder_uuid = ? AND name = ?", rs -> rs.getString(1), folder.uuid(), name).isPresent()) {
            throw ApiError.NAME_CONFLICT.with("a file named '" + name + "' already exists in " + folder.path());
        }
    }

    private static Optional<Folder> folderByPath(Connection c, String project, String path) throws SQLException {
        return Sql.one(c, "SELECT * FROM folders WHERE project = ? AND path = ?", JdbcAssetCatalog::folder, project, path);
    }

    private static Folder existingFolder(Connection c, String project, String uuid) throws SQLException {
        return Sql.one(c, "SELECT * FROM folders WHERE project = ? AND uuid = ?", JdbcAssetCatalog::folder, project, uuid)
                .orElseThrow(() -> ApiError.FOLDER_NOT_FOUND.with("no folder with uuid " + uuid));
    }

    private static Optional<FileRecord> file(Connection c, String project, String uuid) throws SQLException {
        return Sql.one(c, FILE_SELECT + " WHERE f.project = ? AND f.uuid = ?", JdbcAssetCatalog::file, project, uuid);
    }

    private static FileRecord existingFile(Connection c, String project, String uuid) throws SQLException {
        return file(c, project, uuid).orElseThrow(() -> ApiError.FILE_NOT_FOUND.with("no file with uuid " + uuid));
    }

    private String now() {
        return Sql.time(clock.instant());
    }

    static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    static String join(String folder, String name) {
        return ("/".equals(folder) ? "" : folder) + "/" + name;
    }

    /** Length in characters as SQL's substr counts them (code points, not UTF-16 units). */
    static int chars(String s) {
        return s.codePointCount(0, s.length());
    }

    private static Folder folder(ResultSet rs) throws SQLException {
        return new Folder(rs.getString("uuid"), rs.getString("project"), rs.getString("path"), rs.getString("meta"),
                Sql.instant(rs.getString("created_at")), Sql.instant(rs.getString("updated_at")));
    }

    private static FileRecord file(ResultSet rs) throws SQLException {
        return new FileRecord(rs.getString("uuid"), rs.getString("project"), rs.getString("folder_uuid"),
                rs.getString("folder_path"), rs.getString("name"), rs.getLong("size"), rs.getString("mime"),
                rs.getString("sha1"), rs.getString("blob_key"), rs.getString("meta"), rs.getString("info"),
                rs.getString("tags"), Sql.instant(rs.getString("created_at")), Sql.instant(rs.getString("modified_at")));
    }
}
