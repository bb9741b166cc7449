package dev.assetgate.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Counters}, run against every adapter with the same assertions, on real
 * time. Timing is checked by bounded polling against the adapter's own answers, never by a sleep
 * that assumes how long something takes.
 */
abstract class CountersContractTest {
    /** Slack for clock reads on either side of a call (the adapter may read another clock, e.g. Redis's). */
    private static final long SLACK_MS = 100;

    /** The adapter under test; the same instance for the whole class. */
    protected abstract Counters counters();

    private static String key(String name) {
        return name + ":" + UUID.randomUUID();
    }

    private Counters.Decision acquire(Limit... limits) {
        return counters().acquire(List.of(limits));
    }

    @Test
    void admitsExactlyMaxInAWindowThenRefusesNamingTheLimitWithARetryAfter() {
        Limit limit = Limit.perWindow("upload.limit_per_min", key("window"), 5, Duration.ofSeconds(60));
        for (int i = 0; i < 5; i++) assertThat(acquire(limit).allowed()).as("event %d", i + 1).isTrue();

        Counters.Decision refused = acquire(limit);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.refusedBy()).isEqualTo(limit);
        assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(60));
        assertThat(refused.retryAfter()).as("the oldest event is seconds old at most")
                .isGreaterThan(Duration.ofSeconds(50));
    }

    @Test
    void keysAreIndependent() {
        Limit a = Limit.perWindow("a", key("a"), 1, Duration.ofSeconds(60));
        Limit b = Limit.perWindow("b", key("b"), 1, Duration.ofSeconds(60));
        assertThat(acquire(a).allowed()).isTrue();
        assertThat(acquire(a).allowed()).isFalse();
        assertThat(acquire(b).allowed()).isTrue();
    }

    @Test
    void anEmptyListIsAllowed() {
        assertThat(counters().acquire(List.of()).allowed()).isTrue();
    }

    @Test
    void theWindowSlidesOneEventAtATime() throws Exception {
        Duration window = Duration.ofSeconds(2);
        Limit limit = Limit.perWindow("sliding", key("sliding"), 2, window);
        long beforeFirst = System.nanoTime();
        assertThat(acquire(limit).allowed()).isTrue();
        long afterFirst = System.nanoTime();
        Thread.sleep(1000); // spaces the two events; nothing below assumes how long it really took
        long beforeSecond = System.nanoTime();
        assertThat(acquire(limit).allowed()).isTrue();

        long beforeFull = System.nanoTime();
        Counters.Decision full = acquire(limit);
        assertThat(full.allowed()).isFalse();
        assertThat(full.refusedBy()).isEqualTo(limit);
        assertThat(full.retryAfter()).as("room returns when the first event leaves the window, not the second")
                .isPositive().isLessThanOrEqualTo(window.minusNanos(beforeFull - afterFirst).plusMillis(SLACK_MS));

        // Poll until one slot opens: no earlier than the first event's window; refusals count nothing.
        pollUntilAllowed(limit, Duration.ofSeconds(5));
        assertThat(millisSince(beforeFirst)).isGreaterThanOrEqualTo(window.toMillis() - SLACK_MS);

        // Only one slot: the second event is still inside its window (a fixed window would have reset both).
        Counters.Decision again = acquire(limit);
        if (millisSince(beforeSecond) < window.toMillis() - SLACK_MS) {
            assertThat(again.allowed()).as("the second event still holds its slot").isFalse();
            assertThat(again.retryAfter()).isPositive().isLessThanOrEqualTo(window);
        }
    }

    @Test
    void aRefusedDecisionCountsNothingOnTheOtherLimits() {
        Limit roomy = Limit.perWindow("roomy", key("roomy"), 3, Duration.ofSeconds(60));
        Limit tight = Limit.perWindow("tight", key("tight"), 1, Duration.ofSeconds(60));
        Limit total = Limit.total("total", key("total"), 3, Duration.ofSeconds(60));
        assertThat(acquire(tight).allowed()).isTrue();

        for (int i = 0; i < 5; i++) {
            Counters.Decision d = acquire(roomy, tight, total);
            assertThat(d.allowed()).isFalse();
            assertThat(d.refusedBy()).isEqualTo(tight);
        }

        // Neither the window nor the total was touched by the refusals: each still has its full room.
        for (int i = 0; i < 3; i++) assertThat(acquire(roomy, total).allowed()).as("event %d", i + 1).isTrue();
        Counters.Decision d = acquire(roomy, total);
        assertThat(d.allowed()).isFalse();
        assertThat(d.refusedBy()).as("the first full limit in the list is named").isEqualTo(roomy);
        assertThat(acquire(total, roomy).refusedBy()).isEqualTo(total);
    }

    @Test
    void anAllowedDecisionCountsOneEventInEveryLimit() {
        Limit a = Limit.perWindow("a", key("a"), 2, Duration.ofSeconds(60));
        Limit b = Limit.total("b", key("b"), 2, Duration.ofSeconds(60));
        assertThat(acquire(a, b).allowed()).isTrue();
        assertThat(acquire(a).allowed()).isTrue();
        assertThat(acquire(a).refusedBy()).isEqualTo(a);
        assertThat(acquire(b).allowed()).isTrue();
        assertThat(acquire(b).refusedBy()).isEqualTo(b);
    }

    @Test
    void aTotalHoldsForItsLifetimeThenStartsOver() throws Exception {
        Duration lifetime = Duration.ofMillis(1500);
        Limit limit = Limit.total("upload.max", key("total"), 3, lifetime);
        long start = System.nanoTime();
        for (int i = 0; i < 3; i++) assertThat(acquire(limit).allowed()).isTrue();

        Counters.Decision refused = acquire(limit);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.refusedBy()).isEqualTo(limit);
        assertThat(refused.retryAfter()).as("until the count expires").isPositive().isLessThanOrEqualTo(lifetime);

        pollUntilAllowed(limit, Duration.ofSeconds(5));
        assertThat(millisSince(start)).isGreaterThanOrEqualTo(lifetime.toMillis() - SLACK_MS);
        // a fresh count: the poll's event plus two more, then full again
        assertThat(acquire(limit).allowed()).isTrue();
        assertThat(acquire(limit).allowed()).isTrue();
        assertThat(acquire(limit).allowed()).isFalse();
    }

    @Test
    void aTotalIsNotForgottenBeforeItsLifetime() {
        Limit limit = Limit.total("listing.max", key("long"), 1, Duration.ofMinutes(20));
        assertThat(acquire(limit).allowed()).isTrue();
        Counters.Decision refused = acquire(limit);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isGreaterThan(Duration.ofMinutes(19)).isLessThanOrEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void fiftyThreadsRacingALimitOfTwentyAdmitExactlyTwenty() throws Exception {
        Limit limit = Limit.perWindow("race", key("race"), 20, Duration.ofSeconds(60));
        Limit total = Limit.total("race-total", key("race-total"), 1000, Duration.ofSeconds(60));
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return acquire(limit, total).allowed();
                }));
            }
            start.countDown();
            int admitted = 0;
            for (Future<Boolean> r : results) if (r.get(30, TimeUnit.SECONDS)) admitted++;

            assertThat(admitted).isEqualTo(20);
            // the total counted exactly the admitted ones
            Limit exactTotal = new Limit("race-total", total.key(), 21, null, total.lifetime());
            assertThat(acquire(exactTotal).allowed()).isTrue();
            assertThat(acquire(exactTotal).allowed()).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ reserve, then commit or release

    private Reservation reserve(Limit... limits) {
        return counters().reserve(List.of(limits));
    }

    @Test
    void aReservationHoldsItsEventsAtOnceAndAReleaseGivesThemBack() {
        Limit window = Limit.perWindow("upload.limit_per_min", key("window"), 1, Duration.ofSeconds(60));
        Limit total = Limit.total("upload.max", key("total"), 1, Duration.ofSeconds(60));
        Reservation held = reserve(window, total);
        assertThat(held.allowed()).isTrue();
        assertThat(reserve(window).decision().refusedBy()).as("held before any commit: racers cannot overshoot").isEqualTo(window);
        assertThat(reserve(total).decision().refusedBy()).isEqualTo(total);

        held.release();

        Reservation again = reserve(window, total);
        assertThat(again.allowed()).as("the released events are free again").isTrue();
        again.commit();
        assertThat(reserve(window).allowed()).isFalse();
        assertThat(reserve(total).allowed()).isFalse();
    }

    @Test
    void aCommittedReservationStaysCountedAndCannotBeReleasedAfterwards() {
        Limit total = Limit.total("listing.max", key("total"), 2, Duration.ofSeconds(60));
        Reservation first = reserve(total);
        first.commit();
        first.release(); // settled already: changes nothing

        assertThat(reserve(total).allowed()).isTrue();
        assertThat(reserve(total).decision().refusedBy()).as("both events still counted").isEqualTo(total);
    }

    @Test
    void releasingTwiceGivesBackOnce() {
        Limit window = Limit.perWindow("w", key("w"), 2, Duration.ofSeconds(60));
        Limit total = Limit.total("t", key("t"), 2, Duration.ofSeconds(60));
        Reservation kept = reserve(window, total);
        Reservation given = reserve(window, total);
        kept.commit();
        given.release();
        given.release();

        assertThat(reserve(window, total).allowed()).isTrue();
        assertThat(reserve(window, total).allowed()).as("only one event was given back").isFalse();
    }

    @Test
    void releasingARefusedReservationGivesNothingBack() {
        Limit total = Limit.total("upload.max", key("total"), 1, Duration.ofSeconds(60));
        reserve(total).commit();
        Reservation refused = reserve(total);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.decision().refusedBy()).isEqualTo(total);

        refused.release();

        assertThat(reserve(total).allowed()).as("the committed event is still counted").isFalse();
    }

    @Test
    void aReservationForNoLimitsIsAllowedAndHoldsNothing() {
        Reservation none = counters().reserve(List.of());
        assertThat(none.allowed()).isTrue();
        none.release();
        none.commit();
    }

    @Test
    void aWeightedLimitHoldsEachReservationsCostAndAReleaseGivesExactlyThatBack() {
        String windowKey = key("bytes");
        String totalKey = key("bytes-total");
        Limit window = Limit.perWindow("upload.bytes_per_period", windowKey, 100, Duration.ofSeconds(60));
        Limit total = Limit.total("upload.max_bytes", totalKey, 150, Duration.ofSeconds(60));
        assertThat(reserve(window.costing(60), total.costing(60)).allowed()).isTrue();
        Reservation forty = reserve(window.costing(40), total.costing(40));
        assertThat(forty.allowed()).as("60 + 40 = 100: exactly the window's max").isTrue();
        Counters.Decision over = reserve(window.costing(1), total.costing(1)).decision();
        assertThat(over.refusedBy()).isEqualTo(window.costing(1));
        assertThat(over.retryAfter()).as("room returns when the 60 leave the window").isGreaterThan(Duration.ofSeconds(50));

        forty.release();
        assertThat(reserve(window.costing(41)).allowed()).as("only the 40 came back").isFalse();
        assertThat(reserve(window.costing(40), total.costing(40)).allowed()).isTrue();
        Counters.Decision totalFull = reserve(window.costing(0), total.costing(51)).decision();
        assertThat(totalFull.refusedBy()).as("60 + 40 + 51 > 150").isEqualTo(total.costing(51));
        assertThat(reserve(total.costing(50)).allowed()).isTrue();
        assertThat(reserve(window.costing(0), total.costing(0)).allowed()).as("nothing costs nothing").isTrue();
    }

    @Test
    void aCostLargerThanTheMaxIsRefusedAndHoldsNothing() {
        Limit window = Limit.perWindow("upload.bytes_per_period", key("bytes"), 10, Duration.ofSeconds(60));
        Counters.Decision refused = reserve(window.costing(11)).decision();
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isPositive();
        assertThat(reserve(window.costing(10)).allowed()).isTrue();
    }

    private void pollUntilAllowed(Limit limit, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!acquire(limit).allowed()) {
            assertThat(System.nanoTime()).as("allowed again within " + bound).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
