package dev.assetgate.store.jdbc;

import dev.assetgate.audit.AuditEvent;
import dev.assetgate.audit.AuditFilter;
import dev.assetgate.audit.MinuteCount;
import dev.assetgate.store.AuditStore;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The audit trail in a SQL catalog: batched inserts, keyset pages, upserted minute counts. */
public final class JdbcAuditStore implements AuditStore {
    private final Database db;

    public JdbcAuditStore(Database db) {
        this.db = db;
    }

    @Override
    public void append(List<AuditEvent> events) {
        if (events.isEmpty()) return;
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_events (id, at, kind, company_id, project, key_id, "
                    + "template_id, sass_key_id, ip, rule, method, path, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (AuditEvent e : events) {
                    Object[] values = {e.id(), Sql.time(e.at()), e.kind(), e.companyId(), e.project(), e.keyId(), e.templateId(),
                            e.sassKeyId(), e.ip(), e.rule(), e.method(), e.path(), e.detail()};
                    for (int i = 0; i < values.length; i++) ps.setObject(i + 1, values[i]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<StoredEvent> find(AuditFilter f) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT seq, id, at, kind, company_id, project, key_id, template_id, sass_key_id, ip, "
                + "rule, method, path, detail FROM audit_events WHERE company_id = ?");
        params.add(f.companyId());
        if (f.reachable() != null) {
            if (f.reachable().isEmpty()) return List.of();
            in(sql, "project", f.reachable(), params);
        }
        if (f.project() != null) {
            sql.append(" AND project = ?");
            params.add(f.project());
        }
        if (f.keyId() != null) {
            sql.append(" AND key_id = ?");
            params.add(f.keyId());
        }
        if (f.kind() != null) {
            // the kind itself, or the kinds under it: "key" matches "key.created" ('/' sorts right after '.')
            sql.append(" AND (kind = ? OR (kind >= ? AND kind < ?))");
            params.add(f.kind());
            params.add(f.kind() + ".");
            params.add(f.kind() + "/");
        }
        if (f.from() != null) {
            sql.append(" AND at >= ?");
            params.add(Sql.time(f.from()));
        }
        if (f.to() != null) {
            sql.append(" AND at < ?");
            params.add(Sql.time(f.to()));
        }
        if (f.after() != null) {
            String at = Sql.time(f.after().at());
            sql.append(" AND (at < ? OR (at = ? AND seq < ?))");
            params.add(at);
            params.add(at);
            params.add(f.after().seq());
        }
        sql.append(" ORDER BY at DESC, seq DESC LIMIT ?");
        params.add(f.limit());
        return db.withConnection(c -> Sql.query(c, sql.toString(), rs -> new StoredEvent(rs.getLong("seq"), new AuditEvent(
                rs.getString("id"), Sql.instant(rs.getString("at")), rs.getString("kind"), rs.getString("company_id"),
                rs.getString("project"), rs.getString("key_id"), rs.getString("template_id"), rs.getString("sass_key_id"),
                rs.getString("ip"), rs.getString("rule"), rs.getString("method"), rs.getString("path"), rs.getString("detail"))),
                params.toArray()));
    }

    @Override
    public void addMinutes(List<MinuteCount> counts) {
        if (counts.isEmpty()) return;
        db.inTransaction(c -> {
            // ON CONFLICT ... DO UPDATE adds to the row another node (or an earlier flush) made: SQLite 3.24+ and PostgreSQL
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_minutes (company_id, project, minute, requests, refusals) "
                    + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (company_id, project, minute) DO UPDATE SET "
                    + "requests = audit_minutes.requests + excluded.requests, refusals = audit_minutes.refusals + excluded.refusals")) {
                for (MinuteCount m : counts) {
                    ps.setString(1, m.companyId());
                    ps.setString(2, m.project());
                    ps.setString(3, Sql.time(m.minute()));
                    ps.setLong(4, m.requests());
                    ps.setLong(5, m.refusals());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<MinuteCount> minutes(String companyId, Set<String> projects, Instant from, Instant to) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT minute, SUM(requests), SUM(refusals) FROM audit_minutes WHERE company_id = ?");
        params.add(companyId);
        if (projects != null) {
            if (projects.isEmpty()) return List.of();
            in(sql, "project", projects, params);
        }
        sql.append(" AND minute >= ? AND minute < ? GROUP BY minute ORDER BY minute");
        params.add(Sql.time(from));
        params.add(Sql.time(to));
        return db.withConnection(c -> Sql.query(c, sql.toString(), rs -> new MinuteCount(companyId, null,
                Sql.instant(rs.getString(1)), rs.getLong(2), rs.getLong(3)), params.toArray()));
    }

    @Override
    public int prune(Instant before) {
        String cutoff = Sql.time(before);
        return db.inTransaction(c -> {
            Sql.update(c, "DELETE FROM audit_minutes WHERE minute < ?", cutoff);
            return Sql.update(c, "DELETE FROM audit_events WHERE at < ?", cutoff);
        });
    }

    private static void in(StringBuilder sql, String column, Set<String> values, List<Object> params) {
        sql.append(" AND ").append(column).append(" IN (");
        int i = 0;
        for (String v : values) {
            sql.append(i++ == 0 ? "?" : ", ?");
            params.add(v);
        }
        sql.append(")");
    }
}
