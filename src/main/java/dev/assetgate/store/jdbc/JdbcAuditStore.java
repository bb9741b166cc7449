package dev.assetgate.store.jdbc;

import dev.assetgate.audit.AuditEvent;
import dev.assetgate.audit.AuditFilter;
import dev.assetgate.audit.MinuteCount;
import dev.assetgate.store.AuditStore;
import java.sql.PreparedStatement;
import java.time.Instant;
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
        if (f.reachable() != null && f.reachable().isEmpty()) return List.of();
        Where where = new Where().equal("company_id", f.companyId()).in("project", f.reachable()).equal("project", f.project())
                .equal("key_id", f.keyId()).kind(f.kind()).within("at", f.from(), f.to());
        if (f.after() != null) where.olderThan(f.after().at(), f.after().seq());
        return db.withConnection(c -> Sql.query(c, "SELECT seq, id, at, kind, company_id, project, key_id, template_id, sass_key_id, ip, "
                + "rule, method, path, detail FROM audit_events" + where.sql() + " ORDER BY at DESC, seq DESC LIMIT ?",
                rs -> new StoredEvent(rs.getLong("seq"), new AuditEvent(
                rs.getString("id"), Sql.instant(rs.getString("at")), rs.getString("kind"), rs.getString("company_id"),
                rs.getString("project"), rs.getString("key_id"), rs.getString("template_id"), rs.getString("sass_key_id"),
                rs.getString("ip"), rs.getString("rule"), rs.getString("method"), rs.getString("path"), rs.getString("detail"))),
                where.params(f.limit())));
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
        if (projects != null && projects.isEmpty()) return List.of();
        Where where = new Where().equal("company_id", companyId).in("project", projects)
                .and("minute >= ? AND minute < ?", Sql.time(from), Sql.time(to));
        return db.withConnection(c -> Sql.query(c, "SELECT minute, SUM(requests), SUM(refusals) FROM audit_minutes" + where.sql()
                + " GROUP BY minute ORDER BY minute", rs -> new MinuteCount(companyId, null,
                Sql.instant(rs.getString(1)), rs.getLong(2), rs.getLong(3)), where.params()));
    }

    @Override
    public int prune(Instant before) {
        String cutoff = Sql.time(before);
        return db.inTransaction(c -> {
            Sql.update(c, "DELETE FROM audit_minutes WHERE minute < ?", cutoff);
            return Sql.update(c, "DELETE FROM audit_events WHERE at < ?", cutoff);
        });
    }
}
