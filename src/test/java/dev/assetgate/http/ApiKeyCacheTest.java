package dev.assetgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.access.Permission;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.Cli;
import dev.assetgate.support.Propagation;
import dev.assetgate.support.TestRedis;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * API keys are verified from a cache (issue 17), and revocation still holds: a change made through
 * a node bites on that node's very next request; one made where this node cannot hear it (the CLI,
 * another node without a shared feed) within a second, through the catalog's key version; one made
 * on another node of a Redis cluster as soon as the feed message arrives.
 */
@WithServer
class ApiKeyCacheTest {
    /** "Within 1 s" plus what a poll and a busy test machine add. */
    private static final Duration WITHIN = Duration.ofMillis(1500);
    static TestServer server;
    static Api root;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        server.createProject("kc");
        root = server.companyKey();
    }

    @Test
    void narrowingDeactivatingAndDeletingBiteOnTheNextRequestOfTheNodeThatMadeThem() {
        Api key = server.allKey("kc");
        Api inKc = key.in("kc");
        for (int i = 0; i < 3; i++) assertThat(inKc.get("/v5/files").status()).isEqualTo(200); // cached now

        assertThat(root.patchJson("/admin/v1/keys/" + key.keyId, "{\"permissions\":[\"FILE_UPLOAD\"]}").status()).isEqualTo(200);
        Api.Response narrowed = inKc.get("/v5/files");
        assertThat(narrowed.status()).as(narrowed.toString()).isEqualTo(403);

        assertThat(root.patchJson("/admin/v1/keys/" + key.keyId, "{\"permissions\":[\"OBJECTS_LIST\"]}").status()).isEqualTo(200);
        assertThat(inKc.get("/v5/files").status()).as("widened again, at once too").isEqualTo(200);

        assertThat(root.patchJson("/admin/v1/keys/" + key.keyId, "{\"active\":false}").status()).isEqualTo(200);
        assertThat(inKc.get("/v5/files").status()).isEqualTo(401);
        assertThat(root.patchJson("/admin/v1/keys/" + key.keyId, "{\"active\":true}").status()).isEqualTo(200);
        assertThat(inKc.get("/v5/files").status()).isEqualTo(200);

        assertThat(root.delete("/admin/v1/keys/" + key.keyId).status()).isEqualTo(200);
        assertThat(inKc.get("/v5/files").status()).isEqualTo(401);
    }

    @Test
    void aKeyDoesNotFollowItsProjectIntoANewProjectOfTheSameToken() {
        server.createProject("kc-gone");
        Api scoped = server.allKey("kc-gone").in("kc-gone");
        assertThat(scoped.get("/v5/files").status()).isEqualTo(200);

        assertThat(root.delete("/admin/v1/projects/kc-gone").status()).isEqualTo(200);
        assertThat(root.postJson("/admin/v1/projects", "{\"token\":\"kc-gone\"}").status()).isEqualTo(201);
        Api.Response r = scoped.get("/v5/files");
        assertThat(r.status()).as(r.toString()).isEqualTo(403);
    }

    @Test
    void aKeyDeactivatedOrDeletedByTheCliIsRefusedWithinASecond() {
        Api key = server.allKey("kc");
        Api inKc = key.in("kc");
        assertThat(inKc.get("/v5/files").status()).isEqualTo(200);

        assertThat(Cli.run(server.dataDir, "key", "deactivate", key.keyId).exit()).isZero(); // another process: no feed reaches this server
        assertRefusedWithin("deactivated by the CLI", () -> inKc.get("/v5/files"), 401);

        assertThat(Cli.run(server.dataDir, "key", "activate", key.keyId).exit()).isZero();
        Propagation.await("re-activated by the CLI", () -> inKc.get("/v5/files").status() == 200);

        Api other = server.keyFor(java.util.List.of("kc"), Permission.OBJECTS_LIST).in("kc");
        assertThat(other.get("/v5/files").status()).isEqualTo(200);
        assertThat(Cli.run(server.dataDir, "key", "delete", other.keyId).exit()).isZero();
        assertRefusedWithin("deleted by the CLI", () -> other.get("/v5/files"), 401);
    }

    @Test
    void aChangeOnOneNodeBitesOnAnotherWithinASecondWithoutAFeed() {
        // counters=memory: each node has only its own in-process feed, so only the catalog's version tells node B
        TestServer nodeB = TestServer.startIn(server.dataDir, Map.of(Setting.COUNTERS, "memory"));
        try {
            Api key = server.allKey("kc");
            Api onB = nodeB.withKey(key.key).in("kc");
            assertThat(onB.get("/v5/files").status()).isEqualTo(200);

            assertThat(root.patchJson("/admin/v1/keys/" + key.keyId, "{\"permissions\":[\"FILE_UPLOAD\"]}").status()).isEqualTo(200);
            assertRefusedWithin("narrowed on node A, node B without a feed", () -> onB.get("/v5/files"), 403);

            assertThat(root.delete("/admin/v1/keys/" + key.keyId).status()).isEqualTo(200);
            assertRefusedWithin("deleted on node A, node B without a feed", () -> onB.get("/v5/files"), 401);
        } finally {
            nodeB.closeKeepingData();
        }
    }

    @Test
    @Tag("cluster")
    void aChangeOnOneNodeOfARedisClusterBitesOnTheOtherThroughTheFeed() {
        Map<Setting, String> cluster = Map.of(Setting.COUNTERS, "redis", Setting.REDIS_URL, TestRedis.URL,
                Setting.REDIS_PREFIX, TestRedis.freshPrefix());
        TestServer nodeA = TestServer.start(cluster);
        TestServer nodeB = TestServer.startIn(nodeA.dataDir, cluster);
        try {
            nodeA.createProject("duo");
            Api admin = nodeA.companyKey();
            Api key = nodeA.allKey("duo");
            Api onB = nodeB.withKey(key.key).in("duo");
            assertThat(onB.get("/v5/files").status()).isEqualTo(200);

            assertThat(admin.patchJson("/admin/v1/keys/" + key.keyId, "{\"active\":false}").status()).isEqualTo(200);
            assertRefusedWithin("deactivated on node A, node B on the Redis feed", () -> onB.get("/v5/files"), 401);
        } finally {
            nodeB.closeKeepingData();
            nodeA.close();
        }
    }

    private static void assertRefusedWithin(String what, Supplier<Api.Response> request, int status) {
        Duration took = Propagation.await(what, () -> request.get().status() == status);
        assertThat(took).as(what).isLessThan(WITHIN);
        Api.Response r = request.get();
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
    }
}
