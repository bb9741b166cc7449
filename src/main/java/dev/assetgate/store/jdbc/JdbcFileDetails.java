package dev.assetgate.store.jdbc;

import dev.assetgate.approvals.ApprovalStatus;
import dev.assetgate.approvals.ApprovalStore.LatestApproval;
import dev.assetgate.labels.Label;
import dev.assetgate.products.ProductStore.FileProduct;
import dev.assetgate.store.FileDetails;
import dev.assetgate.store.FileRecord;
import dev.assetgate.visibility.Visibility;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * {@link FileDetails} in one statement, the same SQL on SQLite and PostgreSQL: a row per label the
 * file carries (one row when it carries none), each with the file row, its product, its latest
 * approval request, and its visibility settings. The folder setting walks up {@code parent_path}
 * (a recursive CTE over the (project, path) key, stopping at the first folder that sets one), so it
 * costs the folder's depth, not the project's size. The same reads as the separate stores make:
 * {@code JdbcLabelStore.labelsOfFiles}, {@code JdbcApprovalStore.latestForFiles},
 * {@code JdbcProductStore.ofFiles}, {@code JdbcVisibilityStore.settings}. Kept prepared on SQLite
 * like all fixed SQL ({@link KeptStatements}): planning this join cost more than running it.
 */
public final class JdbcFileDetails implements FileDetails.Store {
    private static final String SELECT = "WITH RECURSIVE chain (path, parent_path, visibility) AS ("
            + " SELECT d.path, d.parent_path, d.visibility FROM files f JOIN folders d ON d.uuid = f.folder_uuid"
            + " WHERE f.project = ? AND f.uuid = ?"
            + " UNION ALL"
            + " SELECT up.path, up.parent_path, up.visibility FROM chain c JOIN folders up ON up.project = ? AND up.path = c.parent_path"
            + " WHERE c.visibility IS NULL)"
            + " SELECT f.*, d.path AS folder_path,"
            + " (SELECT c.visibility FROM chain c WHERE c.visibility IS NOT NULL) AS folder_visibility,"
            + " p.default_visibility AS project_visibility,"
            + " fp.ref AS product_ref, fp.position AS product_position,"
            + " a.uuid AS approval_uuid, a.status AS approval_status, a.due_date AS approval_due,"
            + " l.uuid AS label_uuid, l.project AS label_project, l.sid AS label_sid, l.name AS label_name, l.color AS label_color,"
            + " l.shape AS label_shape, l.is_pinned AS label_pinned, l.created_at AS label_created, l.updated_at AS label_updated"
            + " FROM files f JOIN folders d ON d.uuid = f.folder_uuid JOIN projects p ON p.token = f.project"
            + " LEFT JOIN file_products fp ON fp.file_uuid = f.uuid AND fp.project = f.project"
            // oldest first there, newest first here: the file's newest request
            + " LEFT JOIN approvals a ON a.uuid = (SELECT la.uuid FROM approval_files af JOIN approvals la ON la.uuid = af.approval_uuid"
            + " WHERE la.project = f.project AND af.file_uuid = f.uuid ORDER BY la.seq DESC LIMIT 1)"
            + " LEFT JOIN file_labels fl ON fl.file_uuid = f.uuid"
            + " LEFT JOIN labels l ON l.uuid = fl.label_uuid AND l.project = f.project"
            + " WHERE f.project = ? AND f.uuid = ?"
            + " ORDER BY l.name_key, l.uuid";

    private final Database db;

    public JdbcFileDetails(Database db) {
        this.db = db;
    }

    @Override
    public Optional<FileDetails> find(String project, String uuid) {
        List<Label> labels = new ArrayList<>();
        AtomicReference<Function<List<Label>, FileDetails>> first = new AtomicReference<>(); // the record takes its labels once all rows are read
        db.withConnection(c -> Sql.query(c, SELECT, rs -> {
            if (first.get() == null) first.set(details(rs));
            if (rs.getString("label_uuid") != null) labels.add(label(rs));
            return null;
        }, project, uuid, project, project, uuid));
        return Optional.ofNullable(first.get()).map(details -> details.apply(labels));
    }

    /** The row's file and what it has once; its labels are the rows' and come after. */
    private static Function<List<Label>, FileDetails> details(ResultSet rs) throws SQLException {
        FileRecord file = JdbcAssetCatalog.file(rs);
        String approval = rs.getString("approval_uuid");
        String product = rs.getString("product_ref");
        Object position = rs.getObject("product_position");
        LatestApproval latest = approval == null ? null
                : new LatestApproval(approval, ApprovalStatus.valueOf(rs.getString("approval_status")), Sql.instant(rs.getString("approval_due")));
        FileProduct shown = product == null ? null : new FileProduct(product, position == null ? null : ((Number) position).intValue());
        Visibility own = visibility(rs, "visibility");
        Visibility folder = visibility(rs, "folder_visibility");
        Visibility projectDefault = visibility(rs, "project_visibility");
        return labels -> new FileDetails(file, labels, latest, shown, own, folder, projectDefault);
    }

    private static Visibility visibility(ResultSet rs, String column) throws SQLException {
        return Visibility.of(rs.getString(column)).orElse(null);
    }

    private static Label label(ResultSet rs) throws SQLException {
        return new Label(rs.getString("label_uuid"), rs.getString("label_project"), rs.getString("label_sid"), rs.getString("label_name"),
                rs.getString("label_color"), rs.getString("label_shape"), rs.getInt("label_pinned") != 0,
                Sql.instant(rs.getString("label_created")), Sql.instant(rs.getString("label_updated")));
    }
}
