package dev.assetgate.store.jdbc;

import dev.assetgate.events.Actor;
import dev.assetgate.events.Change;
import dev.assetgate.store.TimeOrderedIds;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Writes the event of a change on the connection of the transaction that makes the change, so the
 * two commit or roll back together: no change without its event, no event without its change. Every
 * catalog adapter reaches it through {@link Database#outbox()} and calls {@link #record} with each
 * change; the events of a transaction are written together as its last statement, just before it
 * commits (after the rows it changed are locked, so two changes of one item get their sequence
 * numbers in the order they commit). The actor is the one bound to the thread ({@link Actor#current()}).
 *
 * <p>It also tells this node's caches what changed ({@link #onCommitted}): once the
 * change's transaction has ended, never before, so a cache refilled in between cannot keep the
 * old row. A cache therefore needs no list of the changes that concern it: every change records an event.
 */
public final class Outbox {
    private static final String INSERT = "INSERT INTO change_events (id, at, kind, company_id, project, item_type, item_uuid, "
            + "actor, key_id, template_id, ip, before, after) "
            + "VALUES (?, ?, ?, coalesce(?, (SELECT company_id FROM projects WHERE token = ?), ''), ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private volatile Clock clock = Clock.systemUTC();
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    /** The changes of each open transaction of this thread, told when it ends. */
    private final ThreadLocal<Map<Connection, List<Change>>> pending = ThreadLocal.withInitial(IdentityHashMap::new);
    /** The event rows of each open transaction of this thread, written just before it commits. */
    private final ThreadLocal<Map<Connection, List<Object[]>>> unwritten = ThreadLocal.withInitial(IdentityHashMap::new);

    Outbox() {}

    /** The clock the events' times come from (the composition root gives the server's). */
    void useClock(Clock clock) {
        this.clock = clock;
    }

    /** Calls {@code listener} with every change of a project this process makes (project-less changes are not told). */
    public void onCommitted(Consumer<Change> listener) {
        listeners.add(listener);
    }

    /**
     * A change of a project that writes no event ({@code what}: {@code default_visibility_changed},
     * {@code deleted}): the listeners are told
     * {@code project.<what>} like a recorded change.
     */
    public void touched(Connection c, String project, String what) throws SQLException {
        changed(c, Change.of(project, "project", what, project));
    }

    /** Records one change inside the caller's transaction. */
    public void record(Connection c, Change change) throws SQLException {
        recordAll(c, List.of(change));
    }

    /**
     * Records changes, in order, inside the caller's transaction. Their rows are written when it is
     * about to commit ({@link #flush}), all of the transaction's in one batch: the uploads of a group
     * commit share one statement for their events instead of one each. The actor and the time are
     * taken now.
     */
    public void recordAll(Connection c, List<Change> changes) throws SQLException {
        if (changes.isEmpty()) return;
        Actor actor = Actor.current();
        String at = Sql.time(clock.instant());
        List<Object[]> rows = new ArrayList<>(changes.size());
        for (Change change : changes) {
            rows.add(new Object[] {TimeOrderedIds.next(), at, change.kind(), change.companyId(), change.project(),
                    change.project(), change.itemType(), change.itemUuid(), actor.type(), actor.keyId(), actor.templateId(),
                    actor.ip(), json(change.before()), json(change.after())});
        }
        if (c.getAutoCommit()) {
            insert(c, rows);
        } else {
            unwritten.get().computeIfAbsent(c, k -> new ArrayList<>()).addAll(rows);
        }
        for (Change change : changes) changed(c, change);
    }

    /**
     * {@code c}'s transaction is about to commit: the events recorded in it are written now, still
     * inside it and after every row it changed was locked, so two changes of one item are numbered
     * in the order they commit.
     */
    void flush(Connection c) throws SQLException {
        List<Object[]> rows = unwritten.get().remove(c);
        if (rows != null) insert(c, rows);
    }

    /** How many events {@code c}'s transaction has recorded so far, to {@link #forgetSince} when what follows is rolled back to a savepoint. */
    int mark(Connection c) {
        List<Object[]> rows = unwritten.get().get(c);
        return rows == null ? 0 : rows.size();
    }

    /** The work recorded after {@code mark} was rolled back to a savepoint: its events are not written. */
    void forgetSince(Connection c, int mark) {
        List<Object[]> rows = unwritten.get().get(c);
        if (rows != null) rows.subList(mark, rows.size()).clear();
    }

    private static void insert(Connection c, List<Object[]> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (Object[] values : rows) {
                for (int i = 0; i < values.length; i++) ps.setObject(i + 1, values[i]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void changed(Connection c, Change change) throws SQLException {
        if (change.project() == null) return;
        if (c.getAutoCommit()) {
            tell(List.of(change)); // already committed
        } else {
            pending.get().computeIfAbsent(c, k -> new ArrayList<>()).add(change);
        }
    }

    /**
     * {@code c}'s transaction ended: its changes are told now. Also after a rollback: telling a cache
     * of a change that did not happen costs it one reload, and a commit that failed on PostgreSQL may
     * have been applied all the same.
     */
    void ended(Connection c) {
        unwritten.get().remove(c); // rolled back before its flush: never written
        List<Change> changes = pending.get().remove(c);
        if (changes != null) tell(changes);
    }

    private void tell(List<Change> changes) {
        for (Consumer<Change> listener : listeners) changes.forEach(listener);
    }

    private static String json(com.fasterxml.jackson.databind.node.ObjectNode node) {
        return node == null ? null : node.toString();
    }
}
