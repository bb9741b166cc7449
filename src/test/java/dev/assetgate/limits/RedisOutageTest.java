package dev.assetgate.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A Redis of its own (a redis-server process on a free port) that goes away and comes back: limited
 * requests are refused while it is down and admitted again once it is back, and the feed
 * re-subscribes by itself — nobody restarts the node.
 */
@Tag("cluster")
class RedisOutageTest {
    private static final String PREFIX = "assetgate-outage:";
    private Process redis;

    @AfterEach
    void stopRedis() {
        if (redis != null) redis.destroyForcibly();
    }

    @Test
    void refusedWhileRedisIsDownAndAdmittedAgainWhenItReturns() throws Exception {
        int port = freePort();
        startRedis(port);
        try (RedisConnection node = RedisConnection.open("redis://127.0.0.1:" + port, PREFIX, Duration.ofMillis(500));
             RedisConnection other = RedisConnection.open("redis://127.0.0.1:" + port, PREFIX, Duration.ofMillis(500));
             RedisInvalidationFeed feed = new RedisInvalidationFeed(node); RedisInvalidationFeed otherFeed = new RedisInvalidationFeed(other)) {
            Counters counters = new RedisCounters(node);
            List<Limit> limits = List.of(Limit.perWindow("w", "outage", 100, Duration.ofSeconds(60)));
            BlockingQueue<String> heard = new LinkedBlockingQueue<>();
            feed.subscribe(heard::add);
            assertThat(counters.acquire(limits).allowed()).isTrue();

            redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            long start = System.nanoTime();
            assertThatThrownBy(() -> counters.acquire(limits))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error).isEqualTo(ApiError.SERVICE_UNAVAILABLE));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));

            startRedis(port);
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (true) {
                try {
                    if (counters.acquire(limits).allowed()) break;
                } catch (ApiException e) {
                    assertThat(e.error).isEqualTo(ApiError.SERVICE_UNAVAILABLE);
                }
                assertThat(System.nanoTime()).as("admitted again after Redis returned").isLessThan(deadline);
                Thread.sleep(100);
            }
            // the feed re-subscribed by itself: a message published after the return arrives
            while (heard.poll() == null) {
                otherFeed.publish("SECU_AFTER");
                assertThat(System.nanoTime()).as("feed re-subscribed").isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    /** Issue 13 F4: decisions sent while Redis was frozen are answered 503 and must not count once it resumes. */
    @Test
    void aDecisionRefusedWhileRedisWasFrozenIsNotCountedWhenItResumes() throws Exception {
        int port = freePort();
        startRedis(port);
        try (RedisConnection node = RedisConnection.open("redis://127.0.0.1:" + port, PREFIX, Duration.ofMillis(300))) {
            Counters counters = new RedisCounters(node);
            Limit total = Limit.total("upload.max", "frozen-total", 2, Duration.ofMinutes(10));
            Limit window = Limit.perWindow("upload.limit_per_min", "frozen-window", 2, Duration.ofMinutes(1));
            List<Limit> limits = List.of(total, window);
            awaitDecision(counters, limits).commit(); // one of two slots spent before the freeze

            signal("STOP");
            try {
                for (int i = 0; i < 3; i++) {
                    long start = System.nanoTime();
                    assertThatThrownBy(() -> counters.reserve(limits))
                            .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error).isEqualTo(ApiError.SERVICE_UNAVAILABLE));
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("refused within about the timeout").isLessThan(Duration.ofSeconds(2));
                }
                Thread.sleep(500); // the frozen decisions are now well past their deadline
            } finally {
                signal("CONT");
            }

            // Redis works through the queued decisions when it resumes: none of them may count.
            Reservation next = awaitDecision(counters, limits);
            assertThat(next.allowed()).as("the second slot is still free").isTrue();
            next.commit();
            assertThat(counters.reserve(List.of(total)).decision().refusedBy()).isEqualTo(total);
            assertThat(counters.reserve(List.of(window)).decision().refusedBy()).isEqualTo(window);
        }
    }

    /** Issue 13 F9: after Redis restarts, limited requests are admitted again within about a second, not after a 30 s backoff. */
    @Test
    void theCountersReconnectWithinASecondOfRedisComingBack() throws Exception {
        int port = freePort();
        startRedis(port);
        try (RedisConnection node = RedisConnection.open("redis://127.0.0.1:" + port, PREFIX, Duration.ofMillis(500))) {
            Counters counters = new RedisCounters(node);
            List<Limit> limits = List.of(Limit.perWindow("w", "reconnect", 1000, Duration.ofSeconds(60)));
            awaitDecision(counters, limits).commit(); // connected

            redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            // long enough for a growing backoff to reach several seconds
            long downUntil = System.nanoTime() + Duration.ofSeconds(6).toNanos();
            while (System.nanoTime() < downUntil) {
                assertThatThrownBy(() -> counters.acquire(limits)).isInstanceOf(ApiException.class);
                Thread.sleep(200);
            }

            startRedis(port);
            long back = System.nanoTime();
            Reservation admitted = awaitDecision(counters, limits);
            assertThat(admitted.allowed()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - back)).as("admitted again soon after Redis returned")
                    .isLessThan(Duration.ofMillis(1500));
        }
    }

    /** Polls until the counters decide (no 503), for at most 10 s. */
    private static Reservation awaitDecision(Counters counters, List<Limit> limits) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                return counters.reserve(limits);
            } catch (ApiException e) {
                assertThat(e.error).isEqualTo(ApiError.SERVICE_UNAVAILABLE);
                assertThat(System.nanoTime()).as("Redis answers again").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }

    /** kill -STOP / -CONT on this test's own redis-server (never the shared one). */
    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(redis.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    private void startRedis(int port) throws IOException, InterruptedException {
        redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", System.getProperty("java.io.tmpdir"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                assertThat(System.nanoTime()).as("redis-server started").isLessThan(deadline);
                Thread.sleep(20);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
