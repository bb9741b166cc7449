package dev.assetgate.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestRedis;
import dev.assetgate.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /health says the process answers; /ready says whether it can serve, naming what is down (the catalog case is in CatalogOutageTest). */
class ReadinessTest {

    @Test
    void aNodeWhoseServicesAnswerIsReadyAndShowsItsDisk() {
        try (TestServer server = TestServer.start()) {
            Api.Response ready = server.anonymous.get("/ready");
            assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
            JsonNode body = ready.json();
            assertThat(body.path("status").asText()).isEqualTo("success");
            assertThat(body.path("services").path("catalog").asText()).isEqualTo("up");
            assertThat(body.path("services").path("blobs").asText()).isEqualTo("up");
            assertThat(body.path("disk").path("free_bytes").asLong()).isPositive();
            assertThat(body.path("disk").has("warning")).isTrue();
        }
    }

    @Test
    void aNodeThatCannotReachTheRedisItsLimitsNeedIsNotReadyButAlive() throws Exception {
        try (TestServer server = TestServer.start(Map.of(Setting.COUNTERS, "redis", Setting.REDIS_URL, TestRedis.unreachableUrl()))) {
            Api.Response ready = server.anonymous.get("/ready");
            assertThat(ready.status()).as(ready.toString()).isEqualTo(503);
            assertThat(ready.code()).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(ready.json().path("msg").asText()).contains("redis");
            assertThat(ready.json().path("services").path("redis").asText()).startsWith("down");
            assertThat(ready.json().path("services").path("catalog").asText()).isEqualTo("up");
            assertThat(ready.header("Retry-After")).isEqualTo("5");
            assertThat(ready.header("Cache-Control")).as("no cache keeps a failure").isEqualTo("no-store");
            assertThat(server.anonymous.get("/health").status()).isEqualTo(200);
        }
    }

    @Test
    void theDiskWarningShowsPastTheThreshold() {
        try (TestServer server = TestServer.start(Map.of(Setting.DISK_WARN_PERCENT, "0"))) {
            Api.Response ready = server.anonymous.get("/ready");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.json().path("disk").path("warning").asBoolean()).isTrue();
        }
    }
}
