package dev.assetgate.store.jdbc;

import dev.assetgate.events.Change;

import dev.assetgate.sharing.Share;
import dev.assetgate.sharing.ShareItem;
import dev.assetgate.sharing.ShareStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Shareboxes in a SQL catalog, SQLite or PostgreSQL. Items are read joined to the project's files
 * and folders, so each comes back with where it is now (or as deleted); uses are counted by one
 * conditional UPDATE, which both engines apply atomically.
 */
public final class JdbcShareStore implements ShareStore {
    private static final String ITEMS = "SELECT i.share_uuid, i.kind, i.item_uuid, i.subtree, i.origin, "
            + "CASE WHEN i.kind = 'file' THEN fd.path ELSE d.path END AS location "
            + "FROM share_items i JOIN shares s ON s.uuid = i.share_uuid "
            + "LEFT JOIN files f ON i.kind = 'file' AND f.uuid = i.item_uuid AND f.project = s.project "
            + "LEFT JOIN folders fd ON fd.uuid = f.folder_uuid "
            + "LEFT JOIN folders d ON i.kind = 'folder' AND d.uuid = i.item_uuid AND d.project = s.project ";

    private final Database db;

    public JdbcShareStore(Database db) {
        this.db = db;
    }

    @Override
    public void create(Share share) {
        db.inTransaction(c -> {
            Sql.update(c, "INSERT INTO shares (uuid, project, puid, title, description, starts_at, expires_at, password_hash, download, "
                            + "max_uses, uses, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    share.uuid(), share.project(), share.puid(), share.title(), share.description(), Sql.time(share.startsAt()),
                    Sql.time(share.expiresAt()), share.passwordHash(), share.download() ? 1 : 0, share.maxUses(), share.uses(),
                    share.createdBy(), Sql.time(share.createdAt()), Sql.time(share.updatedAt()));
            insertItems(c, share);
            db.outbox().record(c, Change.of(share.project(), "share", "created", share.uuid()).after(shareFields(share)));
            return null;
        });
    }

    @Override
    public Optional<Share> find(String project, String uuid) {
        return db.withConnection(c -> first(select(c, "s.project = ? AND s.uuid = ?", project, uuid)));
    }

    @Override
    public Optional<Share> findByPuid(String puid) {
        return db.withConnection(c -> first(select(c, "s.puid = ?", puid)));
    }

    @Override
    public List<Share> list(String project) {
        return db.withConnection(c -> select(c, "s.project = ?", project));
    }

    @Override
    public Optional<Share> update(Share share) {
        return db.inTransaction(c -> {
            int n = Sql.update(c, "UPDATE shares SET title = ?, description = ?, starts_at = ?, expires_at = ?, password_hash = ?, "
                            + "download = ?, max_uses = ?, updated_at = ? WHERE project = ? AND uuid = ?",
                    share.title(), share.description(), Sql.time(share.startsAt()), Sql.time(share.expiresAt()), share.passwordHash(),
                    share.download() ? 1 : 0, share.maxUses(), Sql.time(share.updatedAt()), share.project(), share.uuid());
            if (n == 0) return Optional.empty();
            Sql.update(c, "DELETE FROM share_items WHERE share_uuid = ?", share.uuid());
            insertItems(c, share);
            db.outbox().record(c, Change.of(share.project(), "share", "updated", share.uuid()).after(shareFields(share)));
            return first(select(c, "s.project = ? AND s.uuid = ?", share.project(), share.uuid()));
        });
    }

    @Override
    public boolean delete(String project, String uuid) {
        // items go with their share (ON DELETE CASCADE)
        return db.inTransaction(c -> {
            boolean deleted = Sql.update(c, "DELETE FROM shares WHERE project = ? AND uuid = ?", project, uuid) > 0;
            if (deleted) db.outbox().record(c, Change.of(project, "share", "deleted", uuid));
            return deleted;
        });
    }

    /** What a share's event says of it: never its password hash. */
    private static com.fasterxml.jackson.databind.node.ObjectNode shareFields(Share share) {
        com.fasterxml.jackson.databind.node.ObjectNode o = Change.fields().put("title", share.title())
                .put("items", share.items().size()).put("password", share.passwordHash() != null)
                .put("expires_at", share.expiresAt() == null ? null : share.expiresAt().toString());
        return o;
    }

    @Override
    public boolean consumeUse(String project, String uuid) {
        return db.withConnection(c -> Sql.update(c, "UPDATE shares SET uses = uses + 1 "
                + "WHERE project = ? AND uuid = ? AND (max_uses IS NULL OR uses < max_uses)", project, uuid) == 1);
    }

    private static void insertItems(Connection c, Share share) throws SQLException {
        int ordinal = 0;
        for (ShareItem item : share.items()) {
            Sql.update(c, "INSERT INTO share_items (share_uuid, ordinal, kind, item_uuid, subtree, origin) VALUES (?, ?, ?, ?, ?, ?)",
                    share.uuid(), ordinal++, item.kind() == ShareItem.Kind.FILE ? "file" : "folder", item.uuid(), item.subtree() ? 1 : 0,
                    item.lastSeen());
        }
    }

    /** Shares matching {@code where} (over alias s), oldest first, each with its located items. */
    private static List<Share> select(Connection c, String where, Object... params) throws SQLException {
        List<Share> rows = Sql.query(c, "SELECT s.* FROM shares s WHERE " + where + " ORDER BY s.created_at, s.uuid",
                JdbcShareStore::row, params);
        if (rows.isEmpty()) return rows;
        Map<String, List<ShareItem>> items = new LinkedHashMap<>();
        rows.forEach(s -> items.put(s.uuid(), new ArrayList<>()));
        Sql.query(c, ITEMS + "WHERE " + where + " ORDER BY i.share_uuid, i.ordinal", rs -> {
            ShareItem.Kind kind = "file".equals(rs.getString("kind")) ? ShareItem.Kind.FILE : ShareItem.Kind.FOLDER;
            ShareItem item = new ShareItem(kind, rs.getString("item_uuid"), rs.getInt("subtree") == 1, rs.getString("location"),
                    rs.getString("origin"));
            List<ShareItem> list = items.get(rs.getString("share_uuid"));
            if (list != null) list.add(item);
            return null;
        }, params);
        List<Share> out = new ArrayList<>();
        for (Share s : rows) {
            out.add(new Share(s.uuid(), s.project(), s.puid(), s.title(), s.description(), s.startsAt(), s.expiresAt(), s.passwordHash(),
                    s.download(), s.maxUses(), s.uses(), List.copyOf(items.get(s.uuid())), s.createdBy(), s.createdAt(), s.updatedAt()));
        }
        return out;
    }

    private static Optional<Share> first(List<Share> shares) {
        return shares.isEmpty() ? Optional.empty() : Optional.of(shares.get(0));
    }

    private static Share row(ResultSet rs) throws SQLException {
        long maxUses = rs.getLong("max_uses");
        Long max = rs.wasNull() ? null : maxUses;
        return new Share(rs.getString("uuid"), rs.getString("project"), rs.getString("puid"), rs.getString("title"),
                rs.getString("description"), Sql.instant(rs.getString("starts_at")), Sql.instant(rs.getString("expires_at")),
                rs.getString("password_hash"), rs.getInt("download") == 1, max, rs.getLong("uses"), List.of(),
                rs.getString("created_by"), Sql.instant(rs.getString("created_at")), Sql.instant(rs.getString("updated_at")));
    }
}
