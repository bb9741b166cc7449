package dev.assetgate.store.jdbc;

import dev.assetgate.events.ChangeEvent;
import dev.assetgate.events.EventStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The event log in a SQL catalog: reads only; every adapter writes its events through {@link Outbox}. */
public final class JdbcEventStore implements EventStore {
    private static final String SELECT = "SELECT * FROM change_events";
    private final Database db;

    public JdbcEventStore(Database db) {
        this.db = db;
    }

    @Override
    public List<ChangeEvent> ofItem(String project, String itemUuid, int limit, int offset) {
        return db.withConnection(c -> Sql.query(c, SELECT + " WHERE project = ? AND item_uuid = ? ORDER BY seq DESC LIMIT ? OFFSET ?",
                JdbcEventStore::event, project, itemUuid, limit, offset));
    }

    @Override
    public long countOfItem(String project, String itemUuid) {
        return db.withConnection(c -> Sql.one(c, "SELECT count(*) FROM change_events WHERE project = ? AND item_uuid = ?",
                rs -> rs.getLong(1), project, itemUuid).orElse(0L));
    }

    @Override
    public List<ChangeEvent> after(long afterSeq, int limit) {
        return db.withConnection(c -> Sql.query(c, SELECT + " WHERE seq > ? ORDER BY seq LIMIT ?", JdbcEventStore::event, afterSeq, limit));
    }

    @Override
    public List<ChangeEvent> find(Query q) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder(SELECT + " WHERE company_id = ?");
        params.add(q.companyId());
        if (q.reachable() != null) {
            if (q.reachable().isEmpty()) return List.of();
            in(sql, "project", q.reachable(), params);
        }
        if (q.project() != null) {
            sql.append(" AND project = ?");
            params.add(q.project());
        }
        if (q.keyId() != null) {
            sql.append(" AND key_id = ?");
            params.add(q.keyId());
        }
        if (q.itemUuid() != null) {
            sql.append(" AND item_uuid = ?");
            params.add(q.itemUuid());
        }
        if (q.kind() != null) {
            // the kind itself, or the kinds under it: "file" matches "file.created" ('/' sorts right after '.')
            sql.append(" AND (kind = ? OR (kind >= ? AND kind < ?))");
            params.add(q.kind());
            params.add(q.kind() + ".");
            params.add(q.kind() + "/");
        }
        if (q.excludedItemTypes() != null && !q.excludedItemTypes().isEmpty()) {
            sql.append(" AND item_type NOT IN (");
            int i = 0;
            for (String type : q.excludedItemTypes()) {
                sql.append(i++ == 0 ? "?" : ", ?");
                params.add(type);
            }
            sql.append(")");
        }
        if (q.from() != null) {
            sql.append(" AND at >= ?");
            params.add(Sql.time(q.from()));
        }
        if (q.to() != null) {
            sql.append(" AND at < ?");
            params.add(Sql.time(q.to()));
        }
        if (q.beforeAt() != null) {
            String at = Sql.time(q.beforeAt());
            sql.append(" AND (at < ? OR (at = ? AND seq < ?))");
            params.add(at);
            params.add(at);
            params.add(q.beforeSeq());
        }
        sql.append(" ORDER BY at DESC, seq DESC LIMIT ?");
        params.add(q.limit());
        return db.withConnection(c -> Sql.query(c, sql.toString(), JdbcEventStore::event, params.toArray()));
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

    static ChangeEvent event(ResultSet rs) throws SQLException {
        return new ChangeEvent(rs.getLong("seq"), rs.getString("id"), Sql.instant(rs.getString("at")), rs.getString("kind"),
                rs.getString("company_id"), rs.getString("project"), rs.getString("item_type"), rs.getString("item_uuid"),
                rs.getString("actor"), rs.getString("key_id"), rs.getString("template_id"), rs.getString("ip"),
                rs.getString("before"), rs.getString("after"));
    }
}
