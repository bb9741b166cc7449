package dev.assetgate.store.jdbc;

import dev.assetgate.events.Actor;
import dev.assetgate.metrics.CatalogStatements;
import dev.assetgate.store.StoreFailure;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Group commit: the transactions of concurrent callers committed as one, so one commit (one fsync of
 * SQLite's WAL, one flush of PostgreSQL's) makes many callers' rows durable. A caller queues its body
 * and waits; the first caller that finds a lane free leads: it takes every body waiting (at most
 * {@link #MAX_BATCH}), runs them in one transaction, commits, and wakes them. Each caller returns
 * only once the commit that holds its rows has succeeded, and then gets its own body's result or
 * failure, exactly as from {@link Database#inTransaction}.
 *
 * <p>One body's failure changes nothing and is thrown to its caller alone; the others commit. The
 * bodies first run one after the other with nothing between them. Should one fail, that transaction
 * is rolled back and the batch runs again, each body under a savepoint of its own that its failure
 * is rolled back to (a savepoint is a round trip to PostgreSQL, and bodies seldom fail). A failure of
 * the transaction itself (its commit, a connection lost, a savepoint that cannot be rolled back to)
 * fails every body of the batch, and nothing of it is committed (on PostgreSQL a failed commit is in
 * doubt for each, as it would be alone). A body that fails for lack of space fails the whole batch,
 * so that {@link Database}'s room-freeing retry runs it again entire. A body runs with its caller's
 * actor (the events it writes name the caller) and counts its statements in its caller's request. A
 * lone body runs with no savepoint: exactly a transaction of its own.
 *
 * <p>Bodies run in the order of their key (an upload's project, folder and name), so two batches take
 * PostgreSQL's row locks in one order. Should two still deadlock (uploads of one content under the
 * same-content rule, or an upload's name taken by an upload not yet committed while the folder's
 * counters row is locked), PostgreSQL fails one body of one batch; under savepoints, or when it ran
 * alone, that body alone is rolled back and run once more in a transaction of its own. SQLite has one lane (one writer at a
 * time anyway); PostgreSQL a few, so a batch in flight does not hold up the next one.
 */
final class GroupCommit {
    /** Bodies per transaction: below PostgreSQL's 64 subtransactions kept in shared memory per backend. */
    static final int MAX_BATCH = 32;
    private final Database db;
    private final int lanes;
    private final ArrayDeque<Entry<?>> waiting = new ArrayDeque<>();
    private int leading;

    GroupCommit(Database db, int lanes) {
        this.db = db;
        this.lanes = lanes;
    }

    <T> T run(String order, Database.TransactionBody<T> body) {
        Entry<T> mine = new Entry<>(order, body, Actor.current(), CatalogStatements.current());
        synchronized (this) {
            waiting.add(mine);
        }
        boolean interrupted = false; // kept for the caller, after: its body may be committed by then
        while (true) {
            List<Entry<?>> batch = new ArrayList<>();
            synchronized (this) {
                // a body taken by a leader waits for it; a queued one leads when a lane is free
                while (!mine.done && (mine.taken || leading >= lanes)) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (mine.done) break;
                leading++;
                for (Entry<?> e; batch.size() < MAX_BATCH && (e = waiting.poll()) != null; ) {
                    e.taken = true;
                    batch.add(e);
                }
            }
            try {
                commit(batch);
            } finally {
                synchronized (this) {
                    leading--;
                    for (Entry<?> e : batch) e.done = true;
                    notifyAll();
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (mine.lostToAnotherTransaction()) {
            return db.inTransaction(body); // a deadlock victim on PostgreSQL: once more, alone
        }
        return mine.outcome();
    }

    /**
     * Runs the batch in one transaction; every entry ends with its result or its failure. First without
     * savepoints (each is a round trip to PostgreSQL, and bodies seldom fail); when a body does fail,
     * that transaction is rolled back and the batch runs again with a savepoint per body.
     */
    private void commit(List<Entry<?>> batch) {
        batch.sort(Comparator.comparing(e -> e.order));
        db.sharedCommit(batch.size());
        try {
            db.inTransaction(c -> {
                if (batch.size() == 1) {
                    batch.get(0).runAlone(c);
                } else {
                    for (Entry<?> e : batch) e.runWithoutSavepoint(c);
                }
                return null;
            });
        } catch (BodyFailed oneOfThem) {
            commitUnderSavepoints(batch);
        } catch (RuntimeException | Error failure) {
            if (batch.size() == 1) {
                batch.get(0).failedAlone(failure);
            } else {
                for (Entry<?> e : batch) e.failed(failure);
            }
        }
    }

    private void commitUnderSavepoints(List<Entry<?>> batch) {
        try {
            db.inTransaction(c -> {
                for (Entry<?> e : batch) e.runUnderSavepoint(c, db.outbox());
                return null;
            });
        } catch (RuntimeException | Error failure) {
            for (Entry<?> e : batch) e.failed(failure);
        }
    }

    /** A body of a batch run without savepoints failed on its own: the transaction is rolled back and the batch run again with them. */
    private static final class BodyFailed extends RuntimeException {
        BodyFailed() {
            super(null, null, false, false);
        }
    }

    private static final class Entry<T> {
        final String order;
        final Database.TransactionBody<T> body;
        final Actor actor;
        final CatalogStatements.Count count;
        boolean taken; // guarded by the GroupCommit
        boolean done;  // guarded by the GroupCommit; set after result or failure
        private T result;
        private Throwable failure;
        private boolean shared; // its failure came from its own body (under a savepoint, or alone)

        Entry(String order, Database.TransactionBody<T> body, Actor actor, CatalogStatements.Count count) {
            this.order = order;
            this.body = body;
            this.actor = actor;
            this.count = count;
        }

        /** The only body: its failure fails the transaction, as in a transaction of its own. */
        void runAlone(Connection c) throws SQLException {
            failure = null;
            try (Actor.Scope a = Actor.acting(() -> actor); CatalogStatements.Scope s = CatalogStatements.countingFor(count)) {
                result = body.run(c);
            }
        }

        /**
         * Runs the body in the batch's transaction as it stands. A failure of its own (not of the
         * catalog: unreachable or full, which fail the whole batch as they would under a savepoint) is
         * {@link BodyFailed}: nothing of this attempt may be kept then.
         */
        void runWithoutSavepoint(Connection c) throws SQLException {
            try {
                runAlone(c);
            } catch (RuntimeException | SQLException e) {
                if (StoreFailure.isStorageFull(e) || StoreFailure.isCatalogUnreachable(e)) throw e;
                throw new BodyFailed();
            }
        }

        void runUnderSavepoint(Connection c, Outbox outbox) throws SQLException {
            failure = null; // a batch run again (after room was freed) starts afresh
            result = null;
            shared = false;
            Savepoint savepoint = c.setSavepoint();
            int events = outbox.mark(c);
            try (Actor.Scope a = Actor.acting(() -> actor); CatalogStatements.Scope s = CatalogStatements.countingFor(count)) {
                result = body.run(c);
            } catch (RuntimeException | SQLException e) {
                if (StoreFailure.isStorageFull(e)) throw e; // the whole batch, to be tried again once room is freed
                c.rollback(savepoint); // when even this fails, the transaction fails, and with it every body
                outbox.forgetSince(c, events); // nor its events
                failure = e;
                shared = true;
            }
        }

        void failed(Throwable whole) {
            failure = whole;
            shared = false;
        }

        /** Its transaction of its own failed: the failure is its body's (a deadlock's victim is run once more). */
        void failedAlone(Throwable own) {
            failure = own;
            shared = true;
        }

        /** Failed (under its savepoint, or alone) as a deadlock's or a serialisation's victim (SQLSTATE class 40): no fault of its own. */
        boolean lostToAnotherTransaction() {
            if (!shared) return false;
            for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("40")) return true;
            }
            return false;
        }

        T outcome() {
            if (failure == null) return result;
            if (failure instanceof RuntimeException e) throw e;
            if (failure instanceof Error e) throw e;
            throw new StoreException((SQLException) failure);
        }
    }
}
