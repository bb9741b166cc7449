package dev.assetgate.store.jdbc;

import dev.assetgate.access.FolderScope;
import dev.assetgate.products.ProductStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Product references of files in a SQL catalog (table file_products, V24). */
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
            Sql.update(c, "DELETE FROM file_products WHERE file_uuid = ?", fileUuid);
            Sql.update(c, "INSERT INTO file_products (file_uuid, project, ref, position, updated_at) VALUES (?, ?, ?, ?, ?)",
                    fileUuid, project, product.ref(), product.position(), Sql.time(at));
            db.outbox().touched(c, project, "file_product_changed"); // no event, but the file's details show it
            return null;
        });
    }

    @Override
    public void clear(String project, String fileUuid) {
        db.withConnection(c -> {
            Sql.update(c, "DELETE FROM file_products WHERE project = ? AND file_uuid = ?", project, fileUuid);
            db.outbox().touched(c, project, "file_product_changed");
            return null;
        });
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
