package dev.assetgate.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assetgate.access.Channel;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.http.Json;
import dev.assetgate.limits.LocalCounters;
import dev.assetgate.limits.LocalInvalidationFeed;
import dev.assetgate.limits.RedisConnection;
import dev.assetgate.limits.RedisCounters;
import dev.assetgate.limits.RedisInvalidationFeed;
import dev.assetgate.net.GeoIp;
import dev.assetgate.store.jdbc.Database;
import dev.assetgate.store.jdbc.JdbcProjectStore;
import dev.assetgate.store.jdbc.JdbcTemplateStore;
import dev.assetgate.support.Propagation;
import dev.assetgate.support.TestRedis;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one catalog, each with its own Redis connection: a change made on node A is refused
 * on node B (how long that took is recorded, see Propagation). The clock is frozen, so B never revalidates against the catalog by
 * itself — only the feed can tell it; a third node without the feed shows that it really is the feed.
 */
@Tag("cluster")
class CrossNodeInvalidationTest {
    private static final byte[] SECRET = "cross-node-secret-cross-node-secret-0123".getBytes(StandardCharsets.UTF_8);
    private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();
    private final String prefix = TestRedis.freshPrefix();
    private final List<AutoCloseable> open = new ArrayList<>();
    private Database database;
    private TemplateService nodeA;
    private TemplateService nodeB;
    private TemplateService isolated;

    @BeforeEach
    void twoNodes() throws Exception {
        Path dir = Files.createTempDirectory("assetgate-nodes");
        database = Database.sqlite(dir.resolve("catalog.db"));
        Clock frozen = Clock.fixed(Instant.now(), ZoneOffset.UTC);
        JdbcProjectStore projects = new JdbcProjectStore(database, frozen);
        projects.create("demo", "demo", projects.defaultCompany().id());
        nodeA = redisNode(frozen);
        nodeB = redisNode(frozen);
        isolated = new TemplateService(new JdbcTemplateStore(database, frozen), new SassCodec(SECRET, List.of()),
                new LocalCounters(frozen), new LocalInvalidationFeed(), GeoIp.NONE, frozen, Duration.ofSeconds(30), 1000);
    }

    private TemplateService redisNode(Clock clock) {
        RedisConnection redis = TestRedis.connect(prefix);
        RedisInvalidationFeed feed = new RedisInvalidationFeed(redis);
        open.add(redis);
        open.add(feed);
        return new TemplateService(new JdbcTemplateStore(database, clock), new SassCodec(SECRET, List.of()),
                new RedisCounters(redis), feed, GeoIp.NONE, clock, Duration.ofSeconds(30), 1000);
    }

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
        database.close();
        TestRedis.deleteKeys(prefix);
    }

    @Test
    void aTemplateDeactivatedOnOneNodeIsRefusedOnTheOther() throws Exception {
        SecurityTemplate t = nodeA.create("demo", spec("{\"permissions\":[\"OBJECTS_LIST\"]}"), PermissionSet.allPermissions(), "test", false);
        String key = nodeB.exchange("demo", t.id(), CLIENT, Channel.PLAIN).key();
        nodeB.verify(key, "demo");
        isolated.verify(key, "demo");

        nodeA.update("demo", t.id(), t.spec().withActive(false), PermissionSet.allPermissions());

        awaitRefused(nodeB, key, "deactivated");
        assertThat(isolated.verify(key, "demo")).as("without the feed: stale until the catalog is reread").isNotNull();
        assertThatThrownBy(() -> nodeB.exchange("demo", t.id(), CLIENT, Channel.PLAIN))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error).isEqualTo(ApiError.TEMPLATE_INACTIVE));
    }

    @Test
    void anEditOnOneNodeAppliesToTheLiveKeysOnTheOther() throws Exception {
        SecurityTemplate t = nodeA.create("demo", spec("{\"permissions\":[\"OBJECTS_LIST\",\"OBJECTS_FETCH\"]}"),
                PermissionSet.allPermissions(), "test", false);
        String key = nodeB.exchange("demo", t.id(), CLIENT, Channel.PLAIN).key();
        assertThat(nodeB.verify(key, "demo").permissions().names()).contains("OBJECTS_FETCH");

        nodeA.update("demo", t.id(), spec("{\"permissions\":[\"OBJECTS_LIST\"]}"), PermissionSet.allPermissions());

        Propagation.await("a template narrowed on node A applies to a live key on node B",
                () -> !nodeB.verify(key, "demo").permissions().names().contains("OBJECTS_FETCH"));
        assertThat(nodeB.verify(key, "demo").permissions().names()).containsExactly("OBJECTS_LIST");
    }

    @Test
    void allKeysRevokedOrTheTemplateDeletedOnOneNodeIsRefusedOnTheOther() throws Exception {
        SecurityTemplate t = nodeA.create("demo", spec("{\"permissions\":[\"OBJECTS_LIST\"]}"), PermissionSet.allPermissions(), "test", false);
        String first = nodeB.exchange("demo", t.id(), CLIENT, Channel.PLAIN).key();
        nodeB.verify(first, "demo");

        nodeA.revokeAllKeys("demo", t.id());
        awaitRefused(nodeB, first, "keys of its security template were revoked");

        String second = nodeB.exchange("demo", t.id(), CLIENT, Channel.PLAIN).key();
        nodeB.verify(second, "demo");
        nodeA.delete("demo", t.id());
        awaitRefused(nodeB, second, "deleted");
    }

    @Test
    void aKeyRevokedOnOneNodeIsRefusedOnTheOther() throws Exception {
        SecurityTemplate t = nodeA.create("demo", spec("{\"permissions\":[\"OBJECTS_LIST\"]}"), PermissionSet.allPermissions(), "test", false);
        TemplateService.Minted minted = nodeB.exchange("demo", t.id(), CLIENT, Channel.PLAIN);
        nodeB.verify(minted.key(), "demo");
        isolated.verify(minted.key(), "demo");

        nodeA.revokeKey("demo", minted.claims().keyId());

        awaitRefused(nodeB, minted.key(), "revoked");
        assertThat(isolated.verify(minted.key(), "demo")).isNotNull();
    }

    private static void awaitRefused(TemplateService node, String key, String why) {
        Propagation.await("SASS key " + why + " on node A, refused on node B (Redis feed)", () -> refusal(node, key) != null);
        ApiException e = refusal(node, key);
        assertThat(e.error).isEqualTo(ApiError.UNAUTHORIZED);
        assertThat(e.getMessage()).contains(why);
    }

    /** Why {@code node} refuses the key, or null while it still accepts it. */
    private static ApiException refusal(TemplateService node, String key) {
        try {
            node.verify(key, "demo");
            return null;
        } catch (ApiException e) {
            return e;
        }
    }

    private static TemplateSpec spec(String json) throws Exception {
        return TemplateSpec.parse(Json.MAPPER.readTree(json));
    }
}
