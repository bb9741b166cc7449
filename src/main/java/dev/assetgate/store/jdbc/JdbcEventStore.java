package dev.assetgate.store.jdbc;

import dev.assetgate.events.ChangeEvent;
import dev.assetgate.events.EventStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

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
        if (q.reachable() != null && q.reachable().isEmpty()) return List.of();
        Where where = new Where().equal("company_id", q.companyId()).in("project", q.reachable()).equal("project", q.project())
                .equal("key_id", q.keyId()).equal("item_uuid", q.itemUuid()).kind(q.kind())
                .notIn("item_type", q.excludedItemTypes()).within("at", q.from(), q.to()).olderThan(q.beforeAt(), q.beforeSeq());
        return db.withConnection(c -> Sql.query(c, SELECT + where.sql() + " ORDER BY at DESC, seq DESC LIMIT ?",
                JdbcEventStore::event, where.params(q.limit())));
    }

    static ChangeEvent event(ResultSet rs) throws SQLException {
        return new ChangeEvent(rs.getLong("seq"), rs.getString("id"), Sql.instant(rs.getString("at")), rs.getString("kind"),
                rs.getString("company_id"), rs.getString("project"), rs.getString("item_type"), rs.getString("item_uuid"),
                rs.getString("actor"), rs.getString("key_id"), rs.getString("template_id"), rs.getString("ip"),
                rs.getString("before"), rs.getString("after"));
    }
}
