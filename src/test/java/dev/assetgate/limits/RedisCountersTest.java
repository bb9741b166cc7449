package dev.assetgate.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.support.TestRedis;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The counters contract on Redis (127.0.0.1:6379), plus what only a remote store can get wrong. */
@Tag("cluster")
class RedisCountersTest extends CountersContractTest {
    private static final String PREFIX = TestRedis.freshPrefix();
    private static RedisConnection redis;
    private static Counters counters;

    @BeforeAll
    static void connect() {
        redis = TestRedis.connect(PREFIX);
        counters = new RedisCounters(redis);
    }

    @AfterAll
    static void cleanUp() {
        redis.close();
        TestRedis.deleteKeys(PREFIX);
    }

    @Override
    protected Counters counters() {
        return counters;
    }

    @Test
    void twoNodesShareTheirCounters() {
        try (RedisConnection other = TestRedis.connect(PREFIX)) {
            Counters otherNode = new RedisCounters(other);
            Limit limit = Limit.perWindow("shared", "shared:" + UUID.randomUUID(), 2, Duration.ofSeconds(60));
            assertThat(counters.acquire(List.of(limit)).allowed()).isTrue();
            assertThat(otherNode.acquire(List.of(limit)).allowed()).isTrue();
            assertThat(otherNode.acquire(List.of(limit)).allowed()).isFalse();
            assertThat(counters.acquire(List.of(limit)).allowed()).isFalse();
        }
    }

    @Test
    void keysAreStoredUnderThePrefixAndExpire() {
        String key = "expiring:" + UUID.randomUUID();
        counters.acquire(List.of(Limit.perWindow("w", key, 5, Duration.ofSeconds(30))));
        long ttl = redis.commands().pttl(PREFIX + key);
        assertThat(ttl).isPositive().isLessThanOrEqualTo(30_000);
    }

    @Test
    void aFlushedScriptCacheIsReloaded() {
        redis.commands().scriptFlush(); // as after a Redis restart: EVALSHA answers NOSCRIPT
        Limit limit = Limit.perWindow("after-flush", "flush:" + UUID.randomUUID(), 1, Duration.ofSeconds(60));
        assertThat(counters.acquire(List.of(limit)).allowed()).isTrue();
        assertThat(counters.acquire(List.of(limit)).allowed()).isFalse();
    }

    @Test
    void anUnreachableRedisRefusesQuicklyWithServiceUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (RedisConnection down = RedisConnection.open("redis://127.0.0.1:" + closedPort, PREFIX, Duration.ofMillis(500))) {
            Counters failing = new RedisCounters(down);
            List<Limit> limits = List.of(Limit.perWindow("w", "down", 5, Duration.ofSeconds(60)));
            for (int attempt = 0; attempt < 3; attempt++) { // the first attempt connects, the next fail at once
                long start = System.nanoTime();
                assertThatThrownBy(() -> failing.acquire(limits))
                        .isInstanceOfSatisfying(ApiException.class, e -> {
                            assertThat(e.error).isEqualTo(ApiError.SERVICE_UNAVAILABLE);
                            assertThat(e.getMessage()).contains("127.0.0.1:" + closedPort);
                            assertThat(e.hint).contains("refused");
                            assertThat(e.headers()).containsEntry("Retry-After", "1");
                        });
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            }
        }
    }

    @Test
    void aRedisThatDoesNotAnswerRefusesWithinTheTimeout() throws Exception {
        // A listener that accepts connections and never answers: a hung Redis.
        try (ServerSocket silent = new ServerSocket(0);
             RedisConnection hung = RedisConnection.open("redis://127.0.0.1:" + silent.getLocalPort(), PREFIX, Duration.ofMillis(300))) {
            Counters failing = new RedisCounters(hung);
            long start = System.nanoTime();
            assertThatThrownBy(() -> failing.acquire(List.of(Limit.total("t", "hung", 5, Duration.ofSeconds(60)))))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error).isEqualTo(ApiError.SERVICE_UNAVAILABLE));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }
}
