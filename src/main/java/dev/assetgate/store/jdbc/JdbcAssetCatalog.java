package dev.assetgate.store.jdbc;

import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.events.Change;
import dev.assetgate.store.AssetCatalog;
import dev.assetgate.store.FileQuery;
import dev.assetgate.store.FileRecord;
import dev.assetgate.store.Folder;
import dev.assetgate.store.FolderCounts;
import dev.assetgate.store.Page;
import dev.assetgate.store.StorageSettings;
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
import java.util.function.UnaryOperator;
import dev.assetgate.access.FolderScope;
import dev.assetgate.visibility.Visibility;

/**
 * The folder tree and file rows in a SQL catalog, SQLite or PostgreSQL. Name conflicts are decided
 * by the UNIQUE constraints themselves (an insert that does nothing, or a mapped unique violation),
 * so they hold under concurrent writers on both engines.
 */
public final class JdbcAssetCatalog implements AssetCatalog {
    /** Folders per counting query: a listing page may hold 5000, far too many ORs for one statement. */
    private static final int COUNTS_BATCH = 100;
    /** How far RENAME counts ({@code name_1.ext} ... ) before it gives up with NAME_CONFLICT. */
    private static final int MAX_RENAME_SUFFIX = 1000;
    static final String FILE_SELECT =
            "SELECT f.*, d.path AS folder_path FROM files f JOIN folders d ON d.uuid = f.folder_uuid";

    private final Database db;
    private final SqlDialect dialect;
    private final Clock clock;
    private final Outbox outbox;

    public JdbcAssetCatalog(Database db, Clock clock) {
        this.db = db;
        this.dialect = db.dialect();
        this.clock = clock;
        this.outbox = db.outbox();
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
            dialect.lockFolderTree(c, project, false);
            ensureFolder(c, project, parentOf(path));
            if (!insertFolder(c, project, path)) {
                throw ApiError.NAME_CONFLICT.with("folder " + path + " already exists");
            }
            return folderByPath(c, project, path).orElseThrow();
        });
    }

    @Override
    public Folder ensureFolder(String project, String path) {
        return db.inTransaction(c -> {
            dialect.lockFolderTree(c, project, false);
            return ensureFolder(c, project, path);
        });
    }

    @Override
    public Page<Folder> listFolders(String project, String parentPath, boolean recursive, String nameContains,
                                    boolean descending, int limit, int offset, FolderScope scope) {
        StringBuilder where = new StringBuilder(" WHERE project = ? AND path <> '/'");
        List<Object> params = new ArrayList<>(List.of(project));
        if (!recursive) {
            where.append(" AND parent_path = ?");
            params.add(parentPath);
        } else if (!"/".equals(parentPath)) {
            where.append(" AND ").append(Sql.below("path", parentPath, params));
        }
        SearchSql.appendScope(where, params, scope, "path");
        if (nameContains != null) {
            where.append(" AND path ").append(dialect.caseInsensitiveLike()).append(" ? ESCAPE '\\'");
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
    public Map<String, FolderCounts> countsFor(String project, Collection<Folder> folders, FolderScope scope) {
        if (folders.isEmpty()) {
            return Map.of();
        }
        Map<String, long[]> direct = db.withConnection(c -> {
            Map<String, long[]> byPath = new HashMap<>();
            if (folders.stream().anyMatch(Folder::isRoot)) {
                directCounts(c, project, List.of(), byPath);
            } else {
                List<Folder> all = List.copyOf(folders);
                for (int i = 0; i < all.size(); i += COUNTS_BATCH) {
                    directCounts(c, project, all.subList(i, Math.min(all.size(), i + COUNTS_BATCH)), byPath);
                }
            }
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
        return db.inTransaction(c -> {
            dialect.lockFolderTree(c, project, true);
            return relocate(c, project, existingFolder(c, project, uuid), newPath);
        });
    }

    @Override
    public List<Folder> moveFolders(String project, List<String> uuids, String destinationPath) {
        return db.inTransaction(c -> {
            dialect.lockFolderTree(c, project, true);
            return moveFolders(c, project, uuids, destinationPath);
        });
    }

    @Override
    public List<FileRecord> deleteFolders(String project, List<String> uuids) {
        return db.inTransaction(c -> {
            dialect.lockFolderTree(c, project, true);
            return deleteFolders(c, project, uuids);
        });
    }

    @Override
    public Selection moveObjects(String project, List<String> fileUuids, List<String> folderUuids, String destinationPath) {
        return db.inTransaction(c -> {
            dialect.lockFolderTree(c, project, true);
            // files first: a selected file inside a selected folder then lands where it was sent
            List<FileRecord> files = fileUuids.isEmpty() ? List.of() : moveFiles(c, project, fileUuids, destinationPath);
            List<Folder> folders = folderUuids.isEmpty() ? List.of() : moveFolders(c, project, folderUuids, destinationPath);
            return new Selection(files, folders);
        });
    }

    @Override
    public List<FileRecord> deleteObjects(String project, List<String> fileUuids, List<String> folderUuids) {
        return db.inTransaction(c -> {
            dialect.lockFolderTree(c, project, true);
            List<FileRecord> deleted = new ArrayList<>(deleteFiles(c, project, fileUuids));
            deleted.addAll(deleteFolders(c, project, folderUuids));
            return deleted;
        });
    }

    private List<Folder> moveFolders(Connection c, String project, List<String> uuids, String destinationPath) throws SQLException {
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
    }

    private List<FileRecord> deleteFolders(Connection c, String project, List<String> uuids) throws SQLException {
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
            List<Object> params = new ArrayList<>(List.of(project));
            String subtree = " WHERE d.project = ? AND " + Sql.atOrBelow("d.path", folder.path(), params);
            List<FileRecord> files = Sql.query(c, FILE_SELECT + subtree, JdbcAssetCatalog::file, params.toArray());
            // deepest first: a receiver replaying the events never sees a folder go before what was in it
            List<Folder> subfolders = Sql.query(c, "SELECT * FROM folders d" + subtree + " ORDER BY d.path DESC",
                    JdbcAssetCatalog::folder, params.toArray());
            Sql.update(c, "DELETE FROM files WHERE folder_uuid IN (SELECT d.uuid FROM folders d" + subtree + ")", params.toArray());
            Sql.update(c, "DELETE FROM folders AS d" + subtree, params.toArray());
            deleted.addAll(files);
            List<Change> changes = new ArrayList<>();
            files.forEach(f -> changes.add(fileDeleted(f)));
            subfolders.forEach(d -> changes.add(Change.of(project, "folder", "deleted", d.uuid())
                    .before(Change.fields().put("path", d.path()))));
            outbox.recordAll(c, changes);
        }
        return deleted;
    }

    @Override
    public Folder updateFolderMeta(String project, String uuid, UnaryOperator<String> edit) {
        return db.inTransaction(c -> {
            Folder before = existingFolder(c, project, uuid, dialect.lockingRow("folders"));
            String metaJson = edit.apply(before.meta());
            if (Change.sameStoredJson(before.meta(), metaJson)) return before; // nothing to write, no event
            Sql.update(c, "UPDATE folders SET meta = ?, updated_at = ? WHERE project = ? AND uuid = ?", metaJson, now(), project, uuid);
            outbox.record(c, Change.of(project, "folder", "meta_changed", uuid)
                    .before(Change.storedJson("meta", before.meta())).after(Change.storedJson("meta", metaJson)));
            return existingFolder(c, project, uuid);
        });
    }

    // ------------------------------------------------------------------ files

    @Override
    public Optional<FileRecord> file(String project, String uuid) {
        return db.withConnection(c -> file(c, project, uuid));
    }

    @Override
    public Optional<FileRecord> fileByPath(String project, String folderPath, String name) {
        return db.withConnection(c -> Sql.one(c, FILE_SELECT + " WHERE f.project = ? AND d.project = ? AND d.path = ? AND f.name = ?",
                JdbcAssetCatalog::file, project, project, folderPath, name));
    }

    @Override
    public FileRecord insertFile(FileRecord f) {
        return db.inTransaction(c -> {
            dialect.lockFolderTree(c, f.project(), false);
            Folder folder = ensureFolder(c, f.project(), f.folderPath());
            FileRecord stored = insertFileRow(c, folder, f, f.name())
                    .orElseThrow(() -> ApiError.NAME_CONFLICT.with(fileNameTaken(folder, f.name())));
            outbox.record(c, fileCreated(stored));
            return stored;
        });
    }

    @Override
    public Placed placeFile(FileRecord f, Placement how) {
        // concurrent uploads share one commit (small uploads spent most of their time in their own)
        return db.inSharedTransaction(f.project() + "\n" + f.folderPath() + "\n" + f.name(), c -> {
            Placed placed = place(c, f, how);
            switch (placed.outcome()) { // a skipped upload changed nothing: no event
                case CREATED, RENAMED -> outbox.record(c, fileCreated(placed.file()));
                case NEW_VERSION -> outbox.record(c, JdbcFileVersions.contentChanged("replaced", placed.archived(), placed.file()));
                case SKIPPED -> { }
            }
            return placed;
        });
    }

    private Placed place(Connection c, FileRecord f, Placement how) throws SQLException {
        dialect.lockFolderTree(c, f.project(), false);
        Target target = target(c, f.project(), f.folderPath());
        Folder folder = target.folder();
        Visibility passedDown = target.folderVisibility();
        StorageSettings rules = how.rules().apply(target.settings());
        if (rules.sameContent() == StorageSettings.SameContent.SKIP) {
            dialect.lockContent(c, f.project(), f.sha1()); // two uploads of the same bytes: the second sees the first
            Optional<FileRecord> same = sameContent(c, f, how.visible());
            if (same.isPresent()) return new Placed(same.get(), Outcome.SKIPPED, null, List.of(), passedDown);
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<FileRecord> created = insertFileRow(c, folder, f, f.name());
            if (created.isPresent()) {
                return new Placed(created.get(), Outcome.CREATED, null, List.of(), passedDown);
            }
            switch (rules.sameName()) {
                case REFUSE -> throw ApiError.NAME_CONFLICT.with(fileNameTaken(folder, f.name()));
                case RENAME -> {
                    return renamed(c, folder, f, passedDown);
                }
                case VERSION -> {
                    Optional<Placed> replaced = JdbcFileVersions.replace(c, folder.uuid(), f, how.actor(), rules, clock.instant(), passedDown);
                    if (replaced.isPresent()) return replaced.get();
                    // the file was deleted between our insert and our update: insert again
                }
            }
        }
        throw ApiError.NAME_CONFLICT.with(fileNameTaken(folder, f.name()) + " (it changed too often while this upload was stored)");
    }

    private static Change fileCreated(FileRecord f) {
        return Change.of(f.project(), "file", "created", f.uuid()).after(Change.fields().put("name", f.name())
                .put("folder", f.folderPath()).put("size", f.size()).put("mime", f.mime()).put("sha1", f.sha1()));
    }

    /** A file of the project with the same bytes, among those the caller may see; the oldest first. */
    private Optional<FileRecord> sameContent(Connection c, FileRecord f, FolderScope visible) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE f.project = ? AND f.sha1 = ?");
        List<Object> params = new ArrayList<>(List.of(f.project(), f.sha1()));
        SearchSql.appendScope(where, params, visible, "d.path");
        return Sql.one(c, FILE_SELECT + where + " ORDER BY f.created_at, f.uuid LIMIT 1", JdbcAssetCatalog::file, params.toArray());
    }

    /** The upload under the first free name of {@code name_1.ext}, {@code name_2.ext}, ... */
    private Placed renamed(Connection c, Folder folder, FileRecord f, Visibility passedDown) throws SQLException {
        for (int n = 1; n <= MAX_RENAME_SUFFIX; n++) {
            Optional<FileRecord> created = insertFileRow(c, folder, f, suffixed(f.name(), n));
            if (created.isPresent()) {
                return new Placed(created.get(), Outcome.RENAMED, null, List.of(), passedDown);
            }
        }
        throw ApiError.NAME_CONFLICT.with(fileNameTaken(folder, f.name()) + ", and so are its first " + MAX_RENAME_SUFFIX + " renamed forms");
    }

    /** "photo.jpg", 2 → "photo_2.jpg"; a name without extension (or a dot file) gets the suffix at its end. */
    static String suffixed(String name, int n) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name + "_" + n : name.substring(0, dot) + "_" + n + name.substring(dot);
    }

    /**
     * Inserts the file row under {@code name} and answers it as stored (one statement: the row comes
     * back from the insert itself); empty (nothing changed) when the folder has that name already.
     */
    private static Optional<FileRecord> insertFileRow(Connection c, Folder folder, FileRecord f, String name) throws SQLException {
        return Sql.one(c, "INSERT INTO files (uuid, project, folder_uuid, name, size, mime, sha1, blob_key, meta, info, tags, "
                        + "created_at, modified_at, uploaded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (folder_uuid, name) DO NOTHING RETURNING *",
                rs -> file(rs, folder.path()), f.uuid(), f.project(), folder.uuid(), name, f.size(), f.mime(), f.sha1(), f.blobKey(),
                f.meta(), f.info(), f.tags(), Sql.time(f.createdAt()), Sql.time(f.modifiedAt()), f.uploadedBy());
    }

    /**
     * Where an upload lands: its folder (created with its chain when missing), the project's storage
     * settings, and the visibility the folder passes down ({@link Placed#folderVisibility()}).
     */
    private record Target(Folder folder, StorageSettings settings, Visibility folderVisibility) {}

    /**
     * The folder, the settings and the visibility in one read. The visibility walks up {@code
     * parent_path} from the folder (as {@link JdbcFileDetails} does), stopping at the first folder that
     * sets one, so it costs the folder's depth; none set: the project's default.
     */
    private static final String TARGET = "WITH RECURSIVE chain (path, parent_path, visibility) AS ("
            + " SELECT path, parent_path, visibility FROM folders WHERE project = ? AND path = ?"
            + " UNION ALL"
            + " SELECT up.path, up.parent_path, up.visibility FROM chain c JOIN folders up ON up.project = ? AND up.path = c.parent_path"
            + " WHERE c.visibility IS NULL)"
            + " SELECT d.*, " + JdbcStorageSettingsStore.COLUMNS + ","
            + " coalesce((SELECT c.visibility FROM chain c WHERE c.visibility IS NOT NULL), p.default_visibility) AS passed_down"
            + " FROM folders d LEFT JOIN project_storage s ON s.project = d.project LEFT JOIN projects p ON p.token = d.project"
            + " WHERE d.project = ? AND d.path = ?";

    /** One read when the folder exists (the usual upload), else the folder created, then read. */
    private Target target(Connection c, String project, String path) throws SQLException {
        Optional<Target> existing = readTarget(c, project, path);
        if (existing.isPresent()) return existing.get();
        ensureFolder(c, project, path);
        return readTarget(c, project, path).orElseThrow();
    }

    private static Optional<Target> readTarget(Connection c, String project, String path) throws SQLException {
        return Sql.one(c, TARGET, rs -> new Target(folder(rs), JdbcStorageSettingsStore.settings(rs, rs.findColumn("same_name")),
                Visibility.of(rs.getString("passed_down")).orElse(null)), project, path, project, project, path);
    }

    @Override
    public Page<FileRecord> listFiles(String project, FileQuery query) {
        return db.withConnection(c -> {
            String folderUuid = null;
            if (!query.recursive()) {
                // one folder: outside the scope or missing means nothing to list, without reading its files
                Optional<Folder> folder = query.scope() == null || query.scope().allows(query.folderPath())
                        ? folderByPath(c, project, query.folderPath()) : Optional.empty();
                if (folder.isEmpty()) {
                    return new Page<FileRecord>(List.of(), 0, 0);
                }
                folderUuid = folder.get().uuid();
            }
            SearchSql filter = SearchSql.files(dialect, project, query, folderUuid);
            long[] totals = unfiltered(query) ? folderTotals(c, project, query)
                    : Sql.one(c, "SELECT count(*), coalesce(sum(f.size), 0) FROM files f JOIN folders d ON d.uuid = f.folder_uuid"
                            + filter.where(), rs -> new long[] {rs.getLong(1), rs.getLong(2)}, filter.params().toArray()).orElseThrow();
            List<Object> paged = new ArrayList<>(filter.params());
            paged.add(query.limit());
            paged.add(query.offset());
            List<FileRecord> items = Sql.query(c, FILE_SELECT + filter.where() + filter.orderBy() + " LIMIT ? OFFSET ?",
                    JdbcAssetCatalog::file, paged.toArray());
            return new Page<>(items, totals[0], totals[1]);
        });
    }

    /** No search term, no type filter and no time bounds: every file of the folder (or subtree) in scope counts. */
    private static boolean unfiltered(FileQuery query) {
        return query.terms().isEmpty() && query.mime() == null && query.window().unbounded();
    }

    /** Files and bytes of the query's folder or subtree, from the per-folder counters (V11): no file is read. */
    private static long[] folderTotals(Connection c, String project, FileQuery query) throws SQLException {
        SearchSql folders = SearchSql.folders(project, query);
        return Sql.one(c, "SELECT coalesce(sum(s.files), 0), coalesce(sum(s.bytes), 0) FROM folders d "
                        + "JOIN folder_stats s ON s.folder_uuid = d.uuid" + folders.where(),
                rs -> new long[] {rs.getLong(1), rs.getLong(2)}, folders.params().toArray()).orElseThrow();
    }

    @Override
    public FileRecord renameFile(String project, String uuid, String newName) {
        return db.inTransaction(c -> {
            FileRecord f = existingFile(c, project, uuid);
            if (f.name().equals(newName)) {
                return f;
            }
            Folder folder = existingFolder(c, project, f.folderUuid());
            updateNamed(c, folder, newName, "UPDATE files SET name = ?, modified_at = ? WHERE uuid = ?", newName, now(), uuid);
            outbox.record(c, Change.of(project, "file", "renamed", uuid)
                    .before(Change.fields().put("name", f.name())).after(Change.fields().put("name", newName)));
            return existingFile(c, project, uuid);
        });
    }

    @Override
    public List<FileRecord> moveFiles(String project, List<String> uuids, String destinationPath) {
        return db.inTransaction(c -> {
            dialect.lockFolderTree(c, project, false);
            return moveFiles(c, project, uuids, destinationPath);
        });
    }

    @Override
    public List<FileRecord> deleteFiles(String project, List<String> uuids) {
        return db.inTransaction(c -> deleteFiles(c, project, uuids));
    }

    private List<FileRecord> moveFiles(Connection c, String project, List<String> uuids, String destinationPath) throws SQLException {
        List<FileRecord> sources = new ArrayList<>();
        for (String uuid : uuids) {
            sources.add(existingFile(c, project, uuid));
        }
        Folder destination = ensureFolder(c, project, destinationPath);
        java.util.Set<String> touched = new java.util.TreeSet<>(List.of(destination.uuid()));
        sources.forEach(f -> touched.add(f.folderUuid()));
        dialect.lockFolderCounters(c, touched);
        List<FileRecord> moved = new ArrayList<>();
        for (FileRecord f : sources) {
            if (!f.folderUuid().equals(destination.uuid())) {
                updateNamed(c, destination, f.name(), "UPDATE files SET folder_uuid = ?, modified_at = ? WHERE uuid = ?",
                        destination.uuid(), now(), f.uuid());
                outbox.record(c, Change.of(project, "file", "moved", f.uuid())
                        .before(Change.fields().put("folder", f.folderPath())).after(Change.fields().put("folder", destination.path())));
            }
            moved.add(existingFile(c, project, f.uuid()));
        }
        return moved;
    }

    private List<FileRecord> deleteFiles(Connection c, String project, List<String> uuids) throws SQLException {
        List<FileRecord> deleted = new ArrayList<>();
        for (String uuid : uuids) {
            deleted.add(existingFile(c, project, uuid));
        }
        // one statement: the counters' trigger then locks each folder's row once, in uuid order
        for (int from = 0; from < deleted.size(); from += 500) {
            List<Object> batch = deleted.subList(from, Math.min(deleted.size(), from + 500)).stream()
                    .map(f -> (Object) f.uuid()).toList();
            String marks = String.join(", ", java.util.Collections.nCopies(batch.size(), "?"));
            Sql.update(c, "DELETE FROM files WHERE uuid IN (" + marks + ")", batch.toArray());
        }
        outbox.recordAll(c, deleted.stream().map(JdbcAssetCatalog::fileDeleted).toList());
        return deleted;
    }

    @Override
    public FileRecord updateFileMeta(String project, String uuid, UnaryOperator<String> edit) {
        return db.inTransaction(c -> {
            FileRecord before = existingFile(c, project, uuid, dialect.lockingRow("f"));
            String metaJson = edit.apply(before.meta());
            if (Change.sameStoredJson(before.meta(), metaJson)) return before; // nothing to write, no event
            Sql.update(c, "UPDATE files SET meta = ?, modified_at = ? WHERE uuid = ?", metaJson, now(), uuid);
            outbox.record(c, Change.of(project, "file", "meta_changed", uuid)
                    .before(Change.storedJson("meta", before.meta())).after(Change.storedJson("meta", metaJson)));
            return existingFile(c, project, uuid);
        });
    }

    @Override
    public FileRecord updateFileTags(String project, String uuid, UnaryOperator<String> edit) {
        return db.inTransaction(c -> {
            FileRecord before = existingFile(c, project, uuid, dialect.lockingRow("f"));
            String tagsJson = edit.apply(before.tags());
            if (Change.sameStoredJson(before.tags(), tagsJson)) return before; // nothing to write, no event
            Sql.update(c, "UPDATE files SET tags = ?, modified_at = ? WHERE uuid = ?", tagsJson, now(), uuid);
            outbox.record(c, Change.of(project, "file", "tags_changed", uuid)
                    .before(Change.storedJson("tags", before.tags())).after(Change.storedJson("tags", tagsJson)));
            return existingFile(c, project, uuid);
        });
    }

    @Override
    public List<FileRecord> editFiles(String project, List<FileEdit> edits) {
        return db.inTransaction(c -> {
            String now = now();
            List<FileRecord> result = new ArrayList<>();
            List<Change> changes = new ArrayList<>();
            for (FileEdit e : edits) {
                FileRecord before = existingFile(c, project, e.uuid());
                boolean metaChanged = !Change.sameStoredJson(before.meta(), e.metaJson());
                boolean tagsChanged = !Change.sameStoredJson(before.tags(), e.tagsJson());
                if (!metaChanged && !tagsChanged) {
                    // nothing to write, and so no event; still refused when the file changed since the edit read it
                    if (!before.modifiedAt().equals(e.readModifiedAt())) throw conflict(e);
                    result.add(before);
                    continue;
                }
                int rows = Sql.update(c, "UPDATE files SET meta = ?, tags = ?, modified_at = ? WHERE project = ? AND uuid = ? AND modified_at = ?",
                        e.metaJson(), e.tagsJson(), now, project, e.uuid(), Sql.time(e.readModifiedAt()));
                if (rows != 1) throw conflict(e);
                // the events a single-file edit of meta or tags writes
                if (metaChanged) {
                    changes.add(Change.of(project, "file", "meta_changed", e.uuid())
                            .before(Change.storedJson("meta", before.meta())).after(Change.storedJson("meta", e.metaJson())));
                }
                if (tagsChanged) {
                    changes.add(Change.of(project, "file", "tags_changed", e.uuid())
                            .before(Change.storedJson("tags", before.tags())).after(Change.storedJson("tags", e.tagsJson())));
                }
                result.add(null); // read back below, once every file is written
            }
            for (int i = 0; i < edits.size(); i++) {
                if (result.get(i) == null) result.set(i, existingFile(c, project, edits.get(i).uuid()));
            }
            outbox.recordAll(c, changes); // after every row changed, so each is locked
            return result;
        });
    }

    private static ApiException conflict(FileEdit e) {
        return ApiError.EDIT_CONFLICT.with("file " + e.uuid() + " was changed while the edit was being applied");
    }

    @Override
    public java.util.Set<String> referencedBlobKeys(Collection<String> blobKeys) {
        java.util.Set<String> referenced = new java.util.HashSet<>();
        List<String> all = List.copyOf(blobKeys);
        for (int from = 0; from < all.size(); from += 500) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + 500));
            String marks = String.join(", ", java.util.Collections.nCopies(batch.size(), "?"));
            referenced.addAll(db.withConnection(c -> Sql.query(c, "SELECT blob_key FROM files WHERE blob_key IN (" + marks + ")"
                            + " UNION SELECT blob_key FROM file_versions WHERE blob_key IN (" + marks + ")",
                    rs -> rs.getString(1), concat(batch, batch))));
        }
        return referenced;
    }

    private static Object[] concat(List<String> a, List<String> b) {
        List<Object> all = new ArrayList<>(a);
        all.addAll(b);
        return all.toArray();
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
                    // DO NOTHING: a concurrent request may have just added the same label; read its sid then
                    Sql.update(c, "INSERT INTO tags (project, sid, lang, label, created_at) VALUES (?, ?, ?, ?, ?) "
                            + "ON CONFLICT (project, lang, label) DO NOTHING",
                            project, "#tg" + HexFormat.of().formatHex(random), lang, label, now());
                    sid = Sql.one(c, "SELECT sid FROM tags WHERE project = ? AND lang = ? AND label = ?",
                            rs -> rs.getString(1), project, lang, label);
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

    @Override
    public List<TypeCount> fileTypes(String project, FolderScope scope, int limit) {
        SearchSql filter = everyFileIn(project, scope);
        List<Object> params = new ArrayList<>(filter.params());
        params.add(limit);
        return db.withConnection(c -> Sql.query(c, "SELECT f.mime, count(*) FROM files f JOIN folders d ON d.uuid = f.folder_uuid"
                        + filter.where() + " GROUP BY f.mime ORDER BY count(*) DESC, f.mime LIMIT ?",
                rs -> new TypeCount(rs.getString(1), rs.getLong(2)), params.toArray()));
    }

    @Override
    public List<String> metaKeys(String project, FolderScope scope, int limit) {
        SearchSql filter = everyFileIn(project, scope);
        List<Object> params = new ArrayList<>(filter.params());
        params.add(limit);
        return db.withConnection(c -> Sql.query(c, "SELECT DISTINCT k.key FROM files f JOIN folders d ON d.uuid = f.folder_uuid, "
                        + dialect.metaKeys("f.meta") + filter.where() + " AND k.key IS NOT NULL ORDER BY k.key LIMIT ?",
                rs -> rs.getString(1), params.toArray()));
    }

    @Override
    public List<String> metaValues(String project, FolderScope scope, String key, String part, int limit) {
        List<Object> params = new ArrayList<>();
        SqlDialect.MetaStrings strings = dialect.metaStrings("f.meta", key, params);
        SearchSql filter = everyFileIn(project, scope);
        params.addAll(filter.params());
        params.add("%" + Sql.likeLiteral(part) + "%");
        params.add(limit);
        return db.withConnection(c -> Sql.query(c, "SELECT DISTINCT " + strings.text() + " FROM files f JOIN folders d ON d.uuid = f.folder_uuid, "
                        + strings.from() + filter.where() + " AND " + strings.isString() + " AND " + strings.text() + " "
                        + dialect.caseInsensitiveLike() + " ? ESCAPE '\\' ORDER BY 1 LIMIT ?",
                rs -> rs.getString(1), params.toArray()));
    }

    /** Every file of the project inside {@code scope} (null: every file), as a WHERE over files f and folders d. */
    private SearchSql everyFileIn(String project, FolderScope scope) {
        return SearchSql.files(dialect, project, new FileQuery("/", true, List.of(), null, FileQuery.SortField.NAME, false, 1, 0, scope), null);
    }

    /**
     * Adds the files and bytes directly in each folder of the given subtrees (all the project's when
     * none are given) to {@code byPath}, from the per-folder counters (V11): one row per folder, no
     * file is read. Overlapping batches put the same values twice.
     */
    private static void directCounts(Connection c, String project, List<Folder> subtreesOf, Map<String, long[]> byPath)
            throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE d.project = ?");
        List<Object> params = new ArrayList<>(List.of(project));
        if (!subtreesOf.isEmpty()) {
            List<String> subtrees = new ArrayList<>();
            for (Folder folder : subtreesOf) {
                subtrees.add(Sql.atOrBelow("d.path", folder.path(), params));
            }
            where.append(" AND (").append(String.join(" OR ", subtrees)).append(')');
        }
        Sql.query(c, "SELECT d.path, s.files, s.bytes FROM folders d JOIN folder_stats s ON s.folder_uuid = d.uuid"
                        + where + " AND s.files > 0",
                rs -> byPath.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)}), params.toArray());
    }

    // ------------------------------------------------------------------ inside a transaction

    private Folder ensureFolder(Connection c, String project, String path) throws SQLException {
        Optional<Folder> existing = folderByPath(c, project, path);
        if (existing.isPresent()) {
            return existing.get();
        }
        if ("/".equals(path)) {
            throw ApiError.PROJECT_NOT_FOUND.with("project " + project + " has no root folder");
        }
        ensureFolder(c, project, parentOf(path));
        insertFolder(c, project, path); // does nothing when a concurrent upload has just created it
        return folderByPath(c, project, path).orElseThrow();
    }

    /** Inserts one folder (its parent exists); false when the path is taken. */
    private boolean insertFolder(Connection c, String project, String path) throws SQLException {
        String now = now();
        String uuid = UUID.randomUUID().toString();
        boolean inserted = Sql.update(c, "INSERT INTO folders (uuid, project, path, parent_path, meta, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, '{}', ?, ?) ON CONFLICT (project, path) DO NOTHING",
                uuid, project, path, "/".equals(path) ? null : parentOf(path), now, now) > 0;
        if (inserted) {
            outbox.record(c, Change.of(project, "folder", "created", uuid).after(Change.fields().put("path", path)));
        }
        return inserted;
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
        int tail = chars(old) + 1; // substr() position of what follows the old path
        List<Object> params = new ArrayList<>(List.of(newPath, tail, old, newParent, newPath, tail, now(), project));
        String sql = "UPDATE folders SET path = ? || substr(path, ?), "
                + "parent_path = CASE WHEN path = ? THEN ? ELSE ? || substr(parent_path, ?) END, updated_at = ? "
                + "WHERE project = ? AND " + Sql.atOrBelow("path", old, params);
        try {
            Sql.update(c, sql, params.toArray());
        } catch (SQLException e) {
            throw conflictOr(e, "folder " + newPath + " already exists");
        }
        outbox.record(c, Change.of(project, "folder", parentOf(old).equals(newParent) ? "renamed" : "moved", folder.uuid())
                .before(Change.fields().put("path", old)).after(Change.fields().put("path", newPath)));
        return folderByPath(c, project, newPath).orElseThrow();
    }

    /** Runs an update that gives a file {@code name} in {@code folder}; a name taken meanwhile is a NAME_CONFLICT. */
    private void updateNamed(Connection c, Folder folder, String name, String sql, Object... params) throws SQLException {
        try {
            Sql.update(c, sql, params);
        } catch (SQLException e) {
            throw conflictOr(e, fileNameTaken(folder, name));
        }
    }

    /** A broken UNIQUE constraint is the caller's name conflict; any other failure stays the database's. */
    private RuntimeException conflictOr(SQLException e, String conflict) {
        return dialect.isUniqueViolation(e) ? ApiError.NAME_CONFLICT.with(conflict) : new StoreException(e);
    }

    private static String fileNameTaken(Folder folder, String name) {
        return "a file named '" + name + "' already exists in " + folder.path();
    }

    private static Optional<Folder> folderByPath(Connection c, String project, String path) throws SQLException {
        return Sql.one(c, "SELECT * FROM folders WHERE project = ? AND path = ?", JdbcAssetCatalog::folder, project, path);
    }

    private static Folder existingFolder(Connection c, String project, String uuid) throws SQLException {
        return existingFolder(c, project, uuid, "");
    }

    /** {@code locking}: "" or {@code SqlDialect.lockingRow("folders")}, the row then locked until the transaction ends. */
    private static Folder existingFolder(Connection c, String project, String uuid, String locking) throws SQLException {
        return Sql.one(c, "SELECT * FROM folders WHERE project = ? AND uuid = ?" + locking, JdbcAssetCatalog::folder, project, uuid)
                .orElseThrow(() -> ApiError.FOLDER_NOT_FOUND.with("no folder with uuid " + uuid));
    }

    @Override
    public List<FileRecord> imagesAfter(String project, String afterUuid, int limit) {
        return db.withConnection(c -> Sql.query(c, FILE_SELECT + " WHERE f.project = ? AND f.uuid > ? AND f.mime LIKE 'image/%' ORDER BY f.uuid LIMIT ?",
                JdbcAssetCatalog::file, project, afterUuid, limit));
    }

    @Override
    public void updateFileInfo(String project, String uuid, String infoJson) {
        db.withConnection(c -> Sql.update(c, "UPDATE files SET info = ? WHERE project = ? AND uuid = ?", infoJson, project, uuid));
    }

    static Optional<FileRecord> file(Connection c, String project, String uuid) throws SQLException {
        return file(c, project, uuid, "");
    }

    private static Optional<FileRecord> file(Connection c, String project, String uuid, String locking) throws SQLException {
        return Sql.one(c, FILE_SELECT + " WHERE f.project = ? AND f.uuid = ?" + locking, JdbcAssetCatalog::file, project, uuid);
    }

    static FileRecord existingFile(Connection c, String project, String uuid) throws SQLException {
        return existingFile(c, project, uuid, "");
    }

    /**
     * {@code locking}: "" or {@code SqlDialect.lockingRow("f")}, the row then locked until the transaction
     * ends (PostgreSQL; SQLite has one writer), so an edit reads what it replaces.
     */
    private static FileRecord existingFile(Connection c, String project, String uuid, String locking) throws SQLException {
        return file(c, project, uuid, locking).orElseThrow(() -> ApiError.FILE_NOT_FOUND.with("no file with uuid " + uuid));
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
    private static int chars(String s) {
        return s.codePointCount(0, s.length());
    }

    private static Folder folder(ResultSet rs) throws SQLException {
        return new Folder(rs.getString("uuid"), rs.getString("project"), rs.getString("path"), rs.getString("meta"),
                Sql.instant(rs.getString("created_at")), Sql.instant(rs.getString("updated_at")));
    }

    private static Change fileDeleted(FileRecord f) {
        return Change.of(f.project(), "file", "deleted", f.uuid()).before(Change.fields().put("name", f.name())
                .put("folder", f.folderPath()).put("size", f.size()).put("sha1", f.sha1()));
    }

    static FileRecord file(ResultSet rs) throws SQLException {
        return file(rs, rs.getString("folder_path"));
    }

    /** A row of {@code files} alone (no join), whose folder's path the caller knows. */
    private static FileRecord file(ResultSet rs, String folderPath) throws SQLException {
        return new FileRecord(rs.getString("uuid"), rs.getString("project"), rs.getString("folder_uuid"),
                folderPath, rs.getString("name"), rs.getLong("size"), rs.getString("mime"),
                rs.getString("sha1"), rs.getString("blob_key"), rs.getString("meta"), rs.getString("info"),
                rs.getString("tags"), Sql.instant(rs.getString("created_at")), Sql.instant(rs.getString("modified_at")),
                rs.getString("uploaded_by"));
    }
}
