package dev.assetgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.Propagation;
import dev.assetgate.support.TestRedis;
import dev.assetgate.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two servers on one catalog and one Redis (counters=redis, same prefix), as two nodes behind a load
 * balancer: their limits are one budget, and a template deactivated on one is refused on the other.
 */
@Tag("cluster")
class TwoNodesOnRedisTest {
    private final Map<Setting, String> cluster = Map.of(Setting.COUNTERS, "redis", Setting.REDIS_URL, TestRedis.URL,
            Setting.REDIS_PREFIX, TestRedis.freshPrefix(), Setting.KEY_EXCHANGE_PER_MINUTE, "3");
    private TestServer nodeA;
    private TestServer nodeB;
    private String template;
    private Api admin;

    @BeforeEach
    void twoNodes() {
        nodeA = TestServer.start(cluster);
        nodeB = TestServer.startIn(nodeA.dataDir, cluster);
        nodeA.createProject("duo");
        admin = nodeA.allKey("duo");
        Api.Response created = admin.postJson("/admin/v1/projects/duo/security-templates", "{\"permissions\":[\"OBJECTS_LIST\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        template = created.json().path("security_template").path("id").asText();
    }

    @AfterEach
    void stop() {
        nodeB.closeKeepingData();
        nodeA.close();
    }

    @Test
    void theKeyExchangeLimitIsOneBudgetAcrossNodes() {
        assertThat(nodeA.anonymous.get("/duo/key/" + template).status()).isEqualTo(200);
        assertThat(nodeB.anonymous.get("/duo/key/" + template).status()).isEqualTo(200);
        assertThat(nodeA.anonymous.get("/duo/key/" + template).status()).isEqualTo(200);

        Api.Response refusedOnB = nodeB.anonymous.get("/duo/key/" + template);
        assertThat(refusedOnB.status()).as(refusedOnB.toString()).isEqualTo(429);
        assertThat(refusedOnB.code()).isEqualTo("RATE_LIMITED");
        assertThat(Long.parseLong(refusedOnB.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(nodeA.anonymous.get("/duo/key/" + template).status()).isEqualTo(429);
    }

    @Test
    void aKeysByteQuotasAreOneBudgetAcrossNodes() {
        Api.Response created = admin.postJson("/admin/v1/projects/duo/security-templates",
                "{\"permissions\":[\"FILE_UPLOAD\"],\"upload\":{\"bytes_per_period\":10,\"bytes_period\":3600,\"max_bytes\":12}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String key = nodeA.anonymous.get("/duo/key/" + created.json().path("security_template").path("id").asText()).json().path("key").asText();
        Api onA = nodeA.withKey(key).in("duo");
        Api onB = nodeB.withKey(key).in("duo");
        byte[] six = "sixsix".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThat(onA.putBytes("/v4/files?folder=/&filename=a.txt", six, "text/plain").status()).isEqualTo(200);
        Api.Response refusedOnB = onB.putBytes("/v4/files?folder=/&filename=b.txt", six, "text/plain"); // 12 > 10 in the period
        assertThat(refusedOnB.status()).as(refusedOnB.toString()).isEqualTo(429);
        assertThat(refusedOnB.header("RateLimit-Policy")).contains("\"upload.bytes_per_period\";q=10;w=3600");
        assertThat(onB.putBytes("/v4/files?folder=/&filename=c.txt", "four".getBytes(), "text/plain").status()).isEqualTo(200); // 10
        Api.Response full = onA.putBytes("/v4/files?folder=/&filename=d.txt", "x".getBytes(), "text/plain");
        assertThat(full.status()).as(full.toString()).isEqualTo(429);
        assertThat(full.json().path("hint").asText()).contains("upload.bytes_per_period");
    }

    @Test
    void aTemplateDeactivatedOnOneNodeIsRefusedOnTheOther() {
        String key = nodeB.anonymous.get("/duo/key/" + template).json().path("key").asText();
        Api onB = nodeB.withKey(key).in("duo");
        assertThat(onB.get("/v5/folders?folder=/").status()).isEqualTo(200);

        assertThat(admin.patchJson("/admin/v1/projects/duo/security-templates/" + template, "{\"active\":false}").status()).isEqualTo(200);

        Propagation.await("template deactivated on node A, its key refused on node B (in process, Redis feed)",
                () -> onB.get("/v5/folders?folder=/").status() != 200);
        Api.Response r = onB.get("/v5/folders?folder=/");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().path("msg").asText()).contains("deactivated");
    }

    @Test
    void aRuleTightenedOnOneNodeBitesOnTheOtherWithinASecondAndTheKeySurvivesTheEdit() throws Exception {
        String key = nodeB.anonymous.get("/duo/key/" + template).json().path("key").asText();
        Api onB = nodeB.withKey(key).in("duo");
        assertThat(onB.get("/v5/folders?folder=/").status()).isEqualTo(200);

        assertThat(admin.patchJson("/admin/v1/projects/duo/security-templates/" + template, "{\"permissions\":[\"FILE_UPLOAD\"]}").status())
                .isEqualTo(200);
        Api.Response r = awaitRefusedOnB(onB);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.code()).isEqualTo("PERMISSION_DENIED");

        // loosened again: the very same key lists again
        assertThat(admin.patchJson("/admin/v1/projects/duo/security-templates/" + template, "{\"permissions\":[\"OBJECTS_LIST\"]}").status())
                .isEqualTo(200);
        Propagation.await("template loosened on node A, the same key allowed again on node B",
                () -> onB.get("/v5/folders?folder=/").status() == 200);
    }

    @Test
    void anInlineKeyWhoseApiKeyIsDeletedOnOneNodeIsRefusedOnTheOtherWithinASecond() throws Exception {
        Api minter = nodeA.keyFor(java.util.List.of("duo"), dev.assetgate.access.Permission.CONFIG_CHANGE,
                dev.assetgate.access.Permission.OBJECTS_LIST);
        Api.Response minted = minter.postJson("/duo/key", "{\"permissions\":[\"OBJECTS_LIST\"]}");
        assertThat(minted.status()).as(minted.toString()).isEqualTo(200);
        Api onB = nodeB.withKey(minted.json().path("key").asText()).in("duo");
        assertThat(onB.get("/v5/folders?folder=/").status()).isEqualTo(200);

        assertThat(admin.delete("/admin/v1/keys/" + minter.keyId).status()).isEqualTo(200);

        Api.Response r = awaitRefusedOnB(onB);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().path("msg").asText()).contains("API key that minted it");
    }

    private static Api.Response awaitRefusedOnB(Api onB) {
        Api.Response[] last = new Api.Response[1];
        Propagation.await("a change on node A refuses the key on node B",
                () -> (last[0] = onB.get("/v5/folders?folder=/")).status() != 200);
        return last[0];
    }
}
