package dev.assetgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestRedis;
import dev.assetgate.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * counters=redis with Redis unreachable: the server starts, every limited request is refused with
 * 503 SERVICE_UNAVAILABLE (fail closed, never allowed unchecked), everything unlimited keeps working,
 * and management changes still commit (the other nodes reread them from the catalog).
 */
class CountersUnavailableTest {

    @Test
    void limitedRequestsAreRefusedWith503AndTheRestKeepsWorking() throws Exception {
        try (TestServer server = TestServer.start(Map.of(Setting.COUNTERS, "redis", Setting.REDIS_URL, TestRedis.unreachableUrl()))) {
            server.createProject("down");
            Api admin = server.allKey("down");
            Api.Response created = admin.postJson("/admin/v1/projects/down/security-templates", "{\"permissions\":[\"OBJECTS_LIST\"]}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String template = created.json().path("security_template").path("id").asText();

            Api.Response exchange = server.anonymous.get("/down/key/" + template);

            assertThat(exchange.status()).as(exchange.toString()).isEqualTo(503);
            assertThat(exchange.code()).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(exchange.json().path("msg").asText()).contains("rate-limit counters unavailable");
            assertThat(exchange.json().path("hint").asText()).contains("refused rather than allowed");
            assertThat(exchange.header("Retry-After")).isEqualTo("1");
            assertThat(admin.in("down").get("/v5/folders?folder=/").status()).as("unlimited requests").isEqualTo(200);
        }
    }
}
