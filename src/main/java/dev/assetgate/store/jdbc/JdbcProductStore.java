package dev.assetgate.store.jdbc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.FolderScope;
import dev.assetgate.error.ApiError;
import dev.assetgate.events.Change;
import dev.assetgate.products.ProductStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Product references of files in a SQL catalog (table file_products, V24). Setting or clearing one
 * records {@code file.product_changed} with the change; setting the same product again, or clearing
 * none, changes nothing and records nothing.
 */
public final class JdbcProductStore implements ProductStore {
    private static final String OF_LIVE_FILES = " FROM file_products p JOIN files f ON f.uuid = p.file_uuid JOIN folders d ON d.uuid = f.folder_uuid"
            + " WHERE p.project = ? AND f.project = ?";
    private final Database db;

    public JdbcProductStore(Database db) {
        this.db = db;
    }

    @Override
    public void set(String project, String fileUuid, FileProduct product, Instant at) {
        db.inTransaction(c -> {
            FileProduct before = shown(c, project, fileUuid);
            if (product.equals(before)) return null; // the same product again: nothing changes, no event
            Sql.update(c, "INSERT INTO file_products (file_uuid, project, ref, position, updated_at) VALUES (?, ?, ?, ?, ?)"
                    + " ON CONFLICT (file_uuid) DO UPDATE SET project = excluded.project, ref = excluded.ref, position = excluded.position,"
                    + " updated_at = excluded.updated_at",
                    fileUuid, project, product.ref(), product.position(), Sql.time(at));
            db.outbox().record(c, changed(project, fileUuid, before, product));
            return null;
        });
    }

    @Override
    public void clear(String project, String fileUuid) {
        db.inTransaction(c -> {
            FileProduct before = shown(c, project, fileUuid);
            if (before == null) return null; // none to clear: nothing changes, no event
            Sql.update(c, "DELETE FROM file_products WHERE project = ? AND file_uuid = ?", project, fileUuid);
            db.outbox().record(c, changed(project, fileUuid, before, null));
            return null;
        });
    }

    /**
     * The product the file shows (null: none), read with the file's row locked until the transaction
     * ends (PostgreSQL; SQLite has one writer), so the event's before is what the change replaced.
     */
    private FileProduct shown(Connection c, String project, String fileUuid) throws SQLException {
        return Sql.one(c, "SELECT p.ref, p.position FROM files f LEFT JOIN file_products p ON p.file_uuid = f.uuid AND p.project = f.project"
                        + " WHERE f.project = ? AND f.uuid = ?" + db.dialect().lockingRow("f"),
                rs -> Optional.ofNullable(rs.getString(1) == null ? null : new FileProduct(rs.getString(1), rs.getObject(2) == null ? null : rs.getInt(2))),
                project, fileUuid)
                .orElseThrow(() -> ApiError.FILE_NOT_FOUND.with("no file with uuid " + fileUuid))
                .orElse(null);
    }

    /** {@code file.product_changed}: {product} before and after, each {ref, position} as file objects show it, or null. */
    private static Change changed(String project, String fileUuid, FileProduct before, FileProduct after) {
        return Change.of(project, "file", "product_changed", fileUuid).before(productField(before)).after(productField(after));
    }

    private static ObjectNode productField(FileProduct product) {
        ObjectNode node = Change.fields();
        if (product == null) return node.putNull("product");
        ObjectNode shown = node.putObject("product").put("ref", product.ref());
        if (product.position() == null) shown.putNull("position");
        else shown.put("position", product.position());
        return node;
    }

    @Override
    public Map<String, FileProduct> ofFiles(String project, Collection<String> fileUuids) {
        Map<String, FileProduct> out = new HashMap<>();
        List<String> all = List.copyOf(fileUuids);
        for (int from = 0; from < all.size(); from += 500) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + 500));
            List<Object> params = new ArrayList<>(List.of(project));
            params.addAll(batch);
            String marks = String.join(", ", java.util.Collections.nCopies(batch.size(), "?"));
            db.withConnection(c -> Sql.query(c, "SELECT file_uuid, ref, position FROM file_products WHERE project = ? AND file_uuid IN (" + marks + ")",
                    rs -> out.put(rs.getString(1), new FileProduct(rs.getString(2), rs.getObject(3) == null ? null : rs.getInt(3))),
                    params.toArray()));
        }
        return out;
    }

    @Override
    public List<Product> products(String project, String part, boolean prefix, FolderScope scope, int limit) {
        List<Object> params = new ArrayList<>(List.of(project, project));
        StringBuilder where = new StringBuilder(OF_LIVE_FILES);
        if (part != null) {
            where.append(" AND p.ref ").append(db.dialect().caseInsensitiveLike()).append(" ? ESCAPE '\\'");
            params.add((prefix ? "" : "%") + Sql.likeLiteral(part) + "%");
        }
        SearchSql.appendScope(where, params, scope, "d.path");
        params.add(limit);
        return db.withConnection(c -> Sql.query(c, "SELECT p.ref, count(*)" + where + " GROUP BY p.ref ORDER BY p.ref LIMIT ?",
                rs -> new Product(rs.getString(1), rs.getLong(2)), params.toArray()));
    }

    @Override
    public List<String> files(String project, String ref, boolean imagesOnly, FolderScope scope, int limit) {
        List<Object> params = new ArrayList<>(List.of(project, project, ref));
        StringBuilder where = new StringBuilder(OF_LIVE_FILES + " AND p.ref = ?");
        if (imagesOnly) where.append(" AND f.mime LIKE 'image/%'");
        SearchSql.appendScope(where, params, scope, "d.path");
        params.add(limit);
        // files without a position come after those with one
        return db.withConnection(c -> Sql.query(c, "SELECT f.uuid" + where
                + " ORDER BY CASE WHEN p.position IS NULL THEN 1 ELSE 0 END, p.position, f.name, f.uuid LIMIT ?",
                rs -> rs.getString(1), params.toArray()));
    }
}
