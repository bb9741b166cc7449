package dev.assetgate.store.jdbc;

import dev.assetgate.events.Actor;
import dev.assetgate.events.Change;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Writes the event of a change on the connection of the transaction that makes the change, so the
 * two commit or roll back together: no change without its event, no event without its change. Every
 * catalog adapter reaches it through {@link Database#outbox()} and calls {@link #record} as the last
 * statement of a change (after the rows it changed are locked, so two changes of one item get their
 * sequence numbers in the order they commit). The actor is the one bound to the thread ({@link Actor#current()}).
 */
public final class Outbox {
    private static final String INSERT = "INSERT INTO change_events (id, at, kind, company_id, project, item_type, item_uuid, "
            + "actor, key_id, template_id, ip, before, after) "
            + "VALUES (?, ?, ?, coalesce(?, (SELECT company_id FROM projects WHERE token = ?), ''), ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private volatile Clock clock = Clock.systemUTC();

    Outbox() {}

    /** The clock the events' times come from (the composition root gives the server's). */
    void useClock(Clock clock) {
        this.clock = clock;
    }

    /** Records one change inside the caller's transaction. */
    public void record(Connection c, Change change) throws SQLException {
        recordAll(c, List.of(change));
    }

    /** Records changes, in order, inside the caller's transaction (one batch). */
    public void recordAll(Connection c, List<Change> changes) throws SQLException {
        if (changes.isEmpty()) return;
        Actor actor = Actor.current();
        String at = Sql.time(clock.instant());
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (Change change : changes) {
                Object[] values = {UUID.randomUUID().toString(), at, change.kind(), change.companyId(), change.project(),
                        change.project(), change.itemType(), change.itemUuid(), actor.type(), actor.keyId(), actor.templateId(),
                        actor.ip(), json(change.before()), json(change.after())};
                for (int i = 0; i < values.length; i++) ps.setObject(i + 1, values[i]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static String json(com.fasterxml.jackson.databind.node.ObjectNode node) {
        return node == null ? null : node.toString();
    }
}
