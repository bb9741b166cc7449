package dev.assetgate.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.events.Change;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One body of a shared commit fails after recording its event: its caller alone gets the failure,
 * and neither its rows nor its event are written, while the body beside it commits with its event
 * exactly once (the batch ran first without savepoints, was rolled back, and ran again under them).
 * On SQLite, whose one lane makes the batch certain: the first caller holds the lane while the other
 * two queue behind it, and those two are then led as one batch.
 */
class GroupCommitTest {
    @TempDir
    Path dir;
    private Database db;
    private JdbcEventStore events;
    private final ExecutorService callers = Executors.newFixedThreadPool(3);

    @BeforeEach
    void open() {
        db = Database.sqlite(dir.resolve("catalog.db"));
        events = new JdbcEventStore(db);
    }

    @AfterEach
    void close() {
        callers.shutdownNow();
        db.close();
    }

    @Test
    void aBodyThatFailsAfterRecordingItsEventLeavesNothingAndTheOtherCommitsOnce() throws Exception {
        var meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        db.bindTo(meters);
        CountDownLatch leading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> first = callers.submit(() -> db.inSharedTransaction("a", c -> {
            leading.countDown();
            awaitQuietly(release);
            return recorded(c, "item-a");
        }));
        assertThat(leading.await(10, TimeUnit.SECONDS)).isTrue();
        Thread[] queued = new Thread[2];
        Future<String> failing = callers.submit(() -> {
            queued[0] = Thread.currentThread();
            return db.inSharedTransaction("b", c -> {
                recorded(c, "item-b");
                Sql.update(c, "INSERT INTO companies (id, name, created_at) VALUES ('from-b', 'b', '2026-01-01T00:00:00Z')");
                throw new IllegalStateException("body b refuses");
            });
        });
        Future<String> beside = callers.submit(() -> {
            queued[1] = Thread.currentThread();
            return db.inSharedTransaction("c", c -> recorded(c, "item-c"));
        });
        awaitWaiting(queued);
        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("item-a");
        assertThat(beside.get(10, TimeUnit.SECONDS)).isEqualTo("item-c");
        try {
            failing.get(10, TimeUnit.SECONDS);
            throw new AssertionError("body b's caller was answered without its failure");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("body b refuses");
        }
        assertThat(meters.summary("assetgate.catalog.shared.commits").max()).as("b and c shared a commit").isEqualTo(2);
        assertThat(events.countOfItem("p", "item-a")).isEqualTo(1);
        assertThat(events.countOfItem("p", "item-c")).as("c's event, once though c ran twice").isEqualTo(1);
        assertThat(events.countOfItem("p", "item-b")).as("no event of the failed body").isZero();
        long rowsOfB = db.withConnection(c -> Sql.one(c, "SELECT count(*) FROM companies WHERE id = 'from-b'", rs -> rs.getLong(1)).orElseThrow());
        assertThat(rowsOfB).as("nor its row").isZero();
    }

    private String recorded(java.sql.Connection c, String item) throws java.sql.SQLException {
        db.outbox().record(c, Change.of("p", "file", "created", item));
        return item;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Until both callers wait in the queue (a thread not yet started counts as not waiting). */
    private static void awaitWaiting(Thread[] threads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (java.util.Arrays.stream(threads).allMatch(t -> t != null && t.getState() == Thread.State.WAITING)) return;
            Thread.sleep(5);
        }
        throw new AssertionError("the two callers never queued");
    }
}
