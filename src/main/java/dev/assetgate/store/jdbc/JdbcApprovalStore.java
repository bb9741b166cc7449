package dev.assetgate.store.jdbc;

import dev.assetgate.events.Change;

import dev.assetgate.access.FolderScope;
import dev.assetgate.approvals.Approval;
import dev.assetgate.approvals.ApprovalQuery;
import dev.assetgate.approvals.ApprovalRule;
import dev.assetgate.approvals.ApprovalStatus;
import dev.assetgate.approvals.ApprovalStore;
import dev.assetgate.approvals.Approver;
import dev.assetgate.approvals.Decision;
import dev.assetgate.error.ApiError;
import dev.assetgate.store.Page;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Approval requests in a SQL catalog, SQLite or PostgreSQL. File rows cascade into
 * {@code approval_files}, and a trigger deletes a request whose last file went (see V9).
 */
public final class JdbcApprovalStore implements ApprovalStore {
    /** Ids per IN (...) list when loading children of a page of requests. */
    private static final int BATCH = 500;

    private final Database db;

    public JdbcApprovalStore(Database db) {
        this.db = db;
    }

    @Override
    public void create(Approval a) {
        db.inTransaction(c -> {
            Sql.update(c, "INSERT INTO approvals (uuid, project, status, rule, quorum, message, due_date, requested_by, "
                            + "created_at, updated_at, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    a.uuid(), a.project(), a.status().name(), a.rule().storedName(),
                    a.rule().kind() == ApprovalRule.Kind.QUORUM ? a.rule().quorum() : null, a.message(), Sql.time(a.dueDate()),
                    a.requestedBy(), Sql.time(a.createdAt()), Sql.time(a.updatedAt()), Sql.time(a.closedAt()));
            for (int i = 0; i < a.fileUuids().size(); i++) {
                String file = a.fileUuids().get(i);
                // Only a file of this very project: a uuid from another tenant is as unknown as a made-up one.
                int added = Sql.update(c, "INSERT INTO approval_files (approval_uuid, file_uuid, position) "
                        + "SELECT ?, uuid, ? FROM files WHERE project = ? AND uuid = ?", a.uuid(), i, a.project(), file);
                if (added == 0) {
                    throw ApiError.FILE_NOT_FOUND.with("no file with uuid " + file);
                }
            }
            for (int i = 0; i < a.approvers().size(); i++) {
                Approver p = a.approvers().get(i);
                Sql.update(c, "INSERT INTO approval_approvers (approval_uuid, approver_key, approver, position, decision, comment, "
                                + "voted_at, voted_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", a.uuid(), p.key(), p.name(), i,
                        p.decision() == null ? null : p.decision().wire(), p.comment(), Sql.time(p.votedAt()), p.votedBy());
            }
            db.outbox().record(c, Change.of(a.project(), "approval", "created", a.uuid())
                    .after(Change.fields().put("status", a.status().name()).put("files", a.fileUuids().size())));
            return null;
        });
    }

    @Override
    public Optional<Approval> find(String project, String uuid, FolderScope scope) {
        return db.withConnection(c -> find(c, project, uuid, scope));
    }

    @Override
    public Page<Approval> list(String project, ApprovalQuery q) {
        StringBuilder where = new StringBuilder(" WHERE a.project = ?");
        List<Object> params = new ArrayList<>(List.of(project));
        if (!q.statuses().isEmpty()) {
            where.append(" AND a.status IN (").append(String.join(", ", Collections.nCopies(q.statuses().size(), "?"))).append(')');
            q.statuses().stream().map(Enum::name).sorted().forEach(params::add);
        }
        if (q.fileUuid() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM approval_files qf WHERE qf.approval_uuid = a.uuid AND qf.file_uuid = ?)");
            params.add(q.fileUuid());
        }
        if (q.approver() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM approval_approvers qa WHERE qa.approval_uuid = a.uuid AND qa.approver_key = ?)");
            params.add(Approver.keyOf(q.approver()));
        }
        if (q.overdue() != null) {
            // Times are fixed-width UTC text, so text order is time order on both engines.
            where.append(q.overdue() ? " AND" : " AND NOT").append(" (a.status = 'PENDING' AND a.due_date IS NOT NULL AND a.due_date < ?)");
            params.add(Sql.time(q.now()));
        }
        appendVisible(where, params, q.scope());
        return db.withConnection(c -> {
            long total = Sql.one(c, "SELECT count(*) FROM approvals a" + where, rs -> rs.getLong(1), params.toArray()).orElse(0L);
            List<Object> paged = new ArrayList<>(params);
            paged.add(q.limit());
            paged.add(q.offset());
            List<Row> rows = Sql.query(c, "SELECT a.* FROM approvals a" + where + " ORDER BY a.seq DESC LIMIT ? OFFSET ?",
                    JdbcApprovalStore::row, paged.toArray());
            return new Page<>(complete(c, rows), total, 0);
        });
    }

    @Override
    public Approval change(String project, String uuid, FolderScope scope, UnaryOperator<Approval> change) {
        return db.inTransaction(c -> {
            // A no-op update takes the row's write lock on PostgreSQL (SQLite runs one writer at a time
            // anyway), so two votes on one request never both decide from a state without the other.
            if (Sql.update(c, "UPDATE approvals SET status = status WHERE project = ? AND uuid = ?", project, uuid) == 0) {
                throw notFound(uuid);
            }
            Approval current = find(c, project, uuid, scope).orElseThrow(() -> notFound(uuid));
            Approval next = change.apply(current);
            Sql.update(c, "UPDATE approvals SET status = ?, updated_at = ?, closed_at = ? WHERE uuid = ?",
                    next.status().name(), Sql.time(next.updatedAt()), Sql.time(next.closedAt()), uuid);
            Map<String, Approver> before = new HashMap<>();
            current.approvers().forEach(p -> before.put(p.key(), p));
            for (Approver p : next.approvers()) {
                if (!p.equals(before.get(p.key()))) {
                    Sql.update(c, "UPDATE approval_approvers SET decision = ?, comment = ?, voted_at = ?, voted_by = ? "
                                    + "WHERE approval_uuid = ? AND approver_key = ?", p.decision() == null ? null : p.decision().wire(),
                            p.comment(), Sql.time(p.votedAt()), p.votedBy(), uuid, p.key());
                }
            }
            db.outbox().record(c, Change.of(project, "approval", "changed", uuid)
                    .before(Change.fields().put("status", current.status().name()))
                    .after(Change.fields().put("status", next.status().name())));
            return find(c, project, uuid, FolderScope.ANY).orElseThrow();
        });
    }

    @Override
    public Map<String, LatestApproval> latestForFiles(String project, Collection<String> fileUuids) {
        Map<String, LatestApproval> latest = new HashMap<>();
        List<String> all = List.copyOf(fileUuids);
        for (int from = 0; from < all.size(); from += BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + BATCH));
            List<Object> params = new ArrayList<>(List.of(project));
            params.addAll(batch);
            // Oldest first, so each file ends up with its newest request.
            db.withConnection(c -> Sql.query(c, "SELECT af.file_uuid, a.uuid, a.status, a.due_date FROM approval_files af "
                            + "JOIN approvals a ON a.uuid = af.approval_uuid WHERE a.project = ? AND af.file_uuid IN ("
                            + marks(batch.size()) + ") ORDER BY a.seq",
                    rs -> latest.put(rs.getString(1), new LatestApproval(rs.getString(2), ApprovalStatus.valueOf(rs.getString(3)),
                            Sql.instant(rs.getString(4)))), params.toArray()));
        }
        return latest;
    }

    // ------------------------------------------------------------------ reading

    /**
     * Keeps only requests whose files are all inside the scope: no file of the request may lie in a
     * folder outside it. An unrestricted scope adds nothing.
     */
    private static void appendVisible(StringBuilder where, List<Object> params, FolderScope scope) {
        List<Object> scopeParams = new ArrayList<>();
        String inside = SearchSql.scopeCondition(scope, "vd.path", scopeParams);
        if (inside == null) {
            return;
        }
        where.append(" AND NOT EXISTS (SELECT 1 FROM approval_files vf JOIN files vfile ON vfile.uuid = vf.file_uuid "
                + "JOIN folders vd ON vd.uuid = vfile.folder_uuid WHERE vf.approval_uuid = a.uuid AND NOT ").append(inside).append(')');
        params.addAll(scopeParams);
    }

    private static Optional<Approval> find(Connection c, String project, String uuid, FolderScope scope) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE a.project = ? AND a.uuid = ?");
        List<Object> params = new ArrayList<>(List.of(project, uuid));
        appendVisible(where, params, scope);
        List<Row> rows = Sql.query(c, "SELECT a.* FROM approvals a" + where, JdbcApprovalStore::row, params.toArray());
        return complete(c, rows).stream().findFirst();
    }

    /** The stored columns of one request, before its files and approvers are read. */
    private record Row(String uuid, String project, ApprovalStatus status, ApprovalRule rule, String message, String dueDate,
                       String requestedBy, String createdAt, String updatedAt, String closedAt) {}

    private static Row row(ResultSet rs) throws SQLException {
        Object quorum = rs.getObject("quorum");
        return new Row(rs.getString("uuid"), rs.getString("project"), ApprovalStatus.valueOf(rs.getString("status")),
                ApprovalRule.stored(rs.getString("rule"), quorum == null ? null : ((Number) quorum).intValue()),
                rs.getString("message"), rs.getString("due_date"), rs.getString("requested_by"), rs.getString("created_at"),
                rs.getString("updated_at"), rs.getString("closed_at"));
    }

    /** Reads the files and approvers of these requests (a few queries per batch, not per request). */
    private static List<Approval> complete(Connection c, List<Row> rows) throws SQLException {
        Map<String, List<String>> files = new HashMap<>();
        Map<String, List<Approver>> approvers = new HashMap<>();
        for (int from = 0; from < rows.size(); from += BATCH) {
            List<Object> uuids = new ArrayList<>();
            rows.subList(from, Math.min(rows.size(), from + BATCH)).forEach(r -> uuids.add(r.uuid()));
            String in = " IN (" + marks(uuids.size()) + ")";
            Sql.query(c, "SELECT approval_uuid, file_uuid FROM approval_files WHERE approval_uuid" + in
                            + " ORDER BY approval_uuid, position",
                    rs -> files.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2)), uuids.toArray());
            Sql.query(c, "SELECT * FROM approval_approvers WHERE approval_uuid" + in + " ORDER BY approval_uuid, position",
                    rs -> approvers.computeIfAbsent(rs.getString("approval_uuid"), k -> new ArrayList<>()).add(approver(rs)),
                    uuids.toArray());
        }
        List<Approval> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new Approval(r.uuid(), r.project(), r.status(), r.rule(), r.message(), Sql.instant(r.dueDate()),
                    files.getOrDefault(r.uuid(), List.of()), approvers.getOrDefault(r.uuid(), List.of()), r.requestedBy(),
                    Sql.instant(r.createdAt()), Sql.instant(r.updatedAt()), Sql.instant(r.closedAt())));
        }
        return out;
    }

    private static Approver approver(ResultSet rs) throws SQLException {
        String decision = rs.getString("decision");
        return new Approver(rs.getString("approver"), decision == null ? null : Decision.parse(decision).orElseThrow(),
                rs.getString("comment"), Sql.instant(rs.getString("voted_at")), rs.getString("voted_by"));
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private static RuntimeException notFound(String uuid) {
        return ApiError.APPROVAL_NOT_FOUND.with("no approval with uuid " + uuid);
    }
}
