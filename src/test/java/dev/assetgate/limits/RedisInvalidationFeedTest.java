package dev.assetgate.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.assetgate.support.TestRedis;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The invalidation feed over Redis pub/sub: what one node publishes, every node hears at once. */
@Tag("cluster")
class RedisInvalidationFeedTest {
    private static final String PREFIX = TestRedis.freshPrefix();

    @AfterAll
    static void cleanUp() {
        TestRedis.deleteKeys(PREFIX);
    }

    @Test
    void aMessagePublishedOnOneNodeReachesEveryNodeWithinASecond() throws Exception {
        try (RedisConnection nodeA = TestRedis.connect(PREFIX); RedisConnection nodeB = TestRedis.connect(PREFIX);
             RedisInvalidationFeed feedA = new RedisInvalidationFeed(nodeA); RedisInvalidationFeed feedB = new RedisInvalidationFeed(nodeB)) {
            BlockingQueue<String> heardByA = new LinkedBlockingQueue<>();
            BlockingQueue<String> heardByB = new LinkedBlockingQueue<>();
            feedA.subscribe(heardByA::add);
            feedB.subscribe(heardByB::add);

            feedA.publish("SECU_0123");
            feedA.publish(InvalidationFeed.KEY_PREFIX + "sk_abc");

            assertThat(heardByB.poll(1, TimeUnit.SECONDS)).isEqualTo("SECU_0123");
            assertThat(heardByB.poll(1, TimeUnit.SECONDS)).isEqualTo("key:sk_abc");
            assertThat(heardByA.poll(1, TimeUnit.SECONDS)).as("the publisher hears itself too").isEqualTo("SECU_0123");
        }
    }

    @Test
    void anotherPrefixIsAnotherCluster() throws Exception {
        try (RedisConnection nodeA = TestRedis.connect(PREFIX); RedisConnection stranger = TestRedis.connect(TestRedis.freshPrefix());
             RedisInvalidationFeed feedA = new RedisInvalidationFeed(nodeA); RedisInvalidationFeed feedB = new RedisInvalidationFeed(stranger)) {
            BlockingQueue<String> heard = new LinkedBlockingQueue<>();
            feedB.subscribe(heard::add);
            feedA.publish("SECU_0123");
            assertThat(heard.poll(300, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void anUnreachableRedisNeitherFailsTheChangeNorTheStart() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (RedisConnection down = RedisConnection.open("redis://127.0.0.1:" + closedPort, PREFIX, Duration.ofMillis(300));
             RedisInvalidationFeed feed = new RedisInvalidationFeed(down)) {
            long start = System.nanoTime();
            assertThatCode(() -> feed.subscribe(m -> {})).doesNotThrowAnyException();
            assertThatCode(() -> feed.publish("SECU_0123")).doesNotThrowAnyException();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }
}
