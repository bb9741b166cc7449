package dev.assetgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assetgate.config.AssetgateConfig;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.FreshServer;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * /metrics over HTTP: who may read it (off, management port, bearer token), and that the series the
 * operations guide documents move with real requests, with labels that never carry a token, a key or
 * a file name.
 */
@WithServer
@ServerSetting(key = Setting.METRICS, value = "token")
@ServerSetting(key = Setting.METRICS_TOKEN, value = MetricsTest.TOKEN)
class MetricsTest {
    static final String TOKEN = "metrics-token-0123456789abcdef0123456789";
    static TestServer server;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    static Scrape scrape() {
        Api.Response r = server.anonymous.get("/metrics", "Authorization", "Bearer " + TOKEN);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/plain");
        return new Scrape(r.text());
    }

    @Test
    void theTokenIsRequiredOnThePublicPort() {
        Api.Response none = server.anonymous.get("/metrics");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.code()).isEqualTo("UNAUTHORIZED");
        Api.Response wrong = server.anonymous.get("/metrics", "Authorization", "Bearer " + TOKEN.substring(1) + "x");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.code()).isEqualTo("UNAUTHORIZED");
        Api.Response basic = server.anonymous.get("/metrics", "Authorization", "Basic " + TOKEN);
        assertThat(basic.status()).isEqualTo(401);
        assertThat(scrape().has("jvm_memory_used_bytes")).as("JVM meters").isTrue();
    }

    @Test
    void requestsAreCountedByRouteTemplateMethodAndStatus(TestProject project) {
        String uuid = project.api.upload("/docs", "secret-name.txt", "hello").json().path("file").path("uuid").asText();
        Map<String, String> details = Map.of("method", "GET", "route", "/{token}/v5/files/{uuid}", "status", "200");
        Map<String, String> missing = Map.of("method", "GET", "route", "/{token}/v5/files/{uuid}", "status", "404");
        Scrape before = scrape();
        for (int i = 0; i < 3; i++) assertThat(project.api.get("/v5/files/" + uuid).status()).isEqualTo(200);
        assertThat(project.api.get("/v5/files/00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
        assertThat(server.anonymous.get("/no/such/route/at/all").status()).isEqualTo(404);
        Scrape after = scrape();
        assertThat(after.sum("assetgate_http_requests_seconds_count", details) - before.sum("assetgate_http_requests_seconds_count", details))
                .isEqualTo(3);
        assertThat(after.sum("assetgate_http_requests_seconds_count", missing) - before.sum("assetgate_http_requests_seconds_count", missing))
                .isEqualTo(1);
        assertThat(after.sum("assetgate_http_requests_seconds_bucket", Map.of("route", "/{token}/v5/files/{uuid}", "status", "200", "le", "+Inf")))
                .as("a histogram").isGreaterThanOrEqualTo(3);
        assertThat(after.sum("assetgate_http_requests_seconds_count", Map.of("route", "unmatched", "status", "404"))).isGreaterThanOrEqualTo(1);
        assertThat(after.text()).as("no label carries a project token, a key, a file id or a file name")
                .doesNotContain(project.token).doesNotContain(uuid).doesNotContain("secret-name").doesNotContain(project.api.key)
                .doesNotContain("/no/such/route");
    }

    @Test
    void denialsAreCountedByCodeAndReason(TestProject project) {
        project.api.upload("/inside", "a.txt", "a");
        project.api.upload("/outside", "b.txt", "b");
        Api sass = project.sass("{\"permissions\":[\"OBJECTS_LIST\"],\"listing\":{\"dir_scope\":[\"/inside\"]}}");
        Map<String, String> outOfScope = Map.of("code", "FOLDER_NOT_ALLOWED", "reason", "outside_list_scope");
        Map<String, String> unknownKey = Map.of("code", "UNAUTHORIZED", "reason", "api_key_unknown");
        Scrape before = scrape();
        assertThat(sass.get("/v5/files?folder=/outside").status()).isEqualTo(403);
        assertThat(sass.get("/v5/files?folder=/outside").status()).isEqualTo(403);
        assertThat(new Api(server.baseUrl(), "agsk_" + "0".repeat(64)).in(project.token).get("/v5/files").status()).isEqualTo(401);
        Scrape after = scrape();
        assertThat(after.sum("assetgate_access_denials_total", outOfScope) - before.sum("assetgate_access_denials_total", outOfScope)).isEqualTo(2);
        assertThat(after.sum("assetgate_access_denials_total", unknownKey) - before.sum("assetgate_access_denials_total", unknownKey)).isEqualTo(1);
    }

    @Test
    void limiterDecisionsAndMintedKeysAreCounted(TestProject project) {
        project.api.upload("/docs", "a.txt", "a");
        Map<String, String> allowed = Map.of("limit", "listing.max", "decision", "allowed");
        Map<String, String> refused = Map.of("limit", "listing.max", "decision", "refused");
        Map<String, String> minted = Map.of("kind", "sass_key.minted");
        Scrape before = scrape();
        Api sass = project.sass("{\"permissions\":[\"OBJECTS_LIST\"],\"listing\":{\"max\":2}}");
        assertThat(sass.get("/v5/files?folder=/docs").status()).isEqualTo(200);
        assertThat(sass.get("/v5/files?folder=/docs").status()).isEqualTo(200);
        Api.Response third = sass.get("/v5/files?folder=/docs");
        assertThat(third.status()).isEqualTo(429);
        Scrape after = scrape();
        assertThat(after.sum("assetgate_limiter_decisions_total", allowed) - before.sum("assetgate_limiter_decisions_total", allowed)).isEqualTo(2);
        assertThat(after.sum("assetgate_limiter_decisions_total", refused) - before.sum("assetgate_limiter_decisions_total", refused)).isEqualTo(1);
        assertThat(after.sum("assetgate_access_denials_total", Map.of("code", "RATE_LIMITED", "reason", "limit:listing.max"))
                - before.sum("assetgate_access_denials_total", Map.of("code", "RATE_LIMITED", "reason", "limit:listing.max"))).isEqualTo(1);
        assertThat(after.sum("assetgate_limiter_decision_time_seconds_count") - before.sum("assetgate_limiter_decision_time_seconds_count"))
                .isGreaterThanOrEqualTo(3);
        Map<String, String> cacheHit = Map.of("result", "hit");
        assertThat(after.sum("assetgate_templates_cache_total", cacheHit) - before.sum("assetgate_templates_cache_total", cacheHit))
                .as("each SASS key check finds its template compiled").isGreaterThanOrEqualTo(3);
        assertThat(after.sum("assetgate_templates_cache_size")).isPositive();
        // the audit trail's events are counted as they are recorded
        assertThat(after.sum("assetgate_audit_events_total", minted) - before.sum("assetgate_audit_events_total", minted)).isEqualTo(1);
    }

    @Test
    void unknownApiKeysAreNeverHeldInTheKeyCache(TestProject project) {
        assertThat(project.api.get("/v5/files").status()).isEqualTo(200);
        double held = scrape().sum("assetgate_api_keys_cache_size");
        assertThat(held).as("the project's key, verified once, is held").isPositive();
        for (int i = 0; i < 200; i++) {
            String unknown = "agsk_" + String.format("%064x", i);
            assertThat(server.withKey(unknown).in(project.token).get("/v5/files").status()).isEqualTo(401);
        }
        assertThat(scrape().sum("assetgate_api_keys_cache_size")).as("200 unknown keys later").isLessThanOrEqualTo(held);
    }

    @Test
    void catalogBlobsAndDiskAreMeasured(TestProject project) {
        Scrape before = scrape();
        String uuid = project.api.upload("/docs", "a.txt", "0123456789").json().path("file").path("uuid").asText();
        Api.Response download = project.api.get("/v4/get/" + uuid);
        assertThat(download.status()).as(download.toString()).isEqualTo(200);
        Scrape after = scrape();
        assertThat(after.sum("assetgate_blobs_written_bytes_total") - before.sum("assetgate_blobs_written_bytes_total")).isEqualTo(10);
        assertThat(after.sum("assetgate_blobs_operations_seconds_count", Map.of("operation", "put", "outcome", "ok"))
                - before.sum("assetgate_blobs_operations_seconds_count", Map.of("operation", "put", "outcome", "ok"))).isEqualTo(1);
        assertThat(after.sum("assetgate_blobs_read_bytes_total") - before.sum("assetgate_blobs_read_bytes_total")).isEqualTo(10);
        assertThat(after.sum("assetgate_catalog_operations_seconds_count", Map.of("kind", "transaction", "outcome", "ok"))
                - before.sum("assetgate_catalog_operations_seconds_count", Map.of("kind", "transaction", "outcome", "ok"))).isPositive();
        assertThat(after.has("hikaricp_connections_active")).as("the pool's own meters").isTrue();
        assertThat(after.has("hikaricp_connections_pending")).isTrue();
        assertThat(after.has("hikaricp_connections_timeout_total")).isTrue();
        assertThat(after.sum("assetgate_data_volume_free_bytes")).isPositive();
        assertThat(after.sum("assetgate_data_volume_total_bytes")).isGreaterThan(after.sum("assetgate_data_volume_free_bytes"));
        assertThat(after.has("assetgate_audit_queue_depth")).isTrue();
        assertThat(after.has("assetgate_images_queue_depth")).isTrue();
        assertThat(after.has("process_cpu_usage")).isTrue();
    }

    @Test
    void derivativeCacheHitsAreCounted(TestProject project) throws Exception {
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(64, 32, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", png);
        Api.Response up = project.api.multipart("/v4/files?folder=/img",
                new Api.Multipart().file("files[]", "p.png", "image/png", png.toByteArray()));
        assertThat(up.status()).as(up.toString()).isEqualTo(200);
        String url = up.json().path("file").path("url").path("public").asText();
        String cdn = url.substring(url.indexOf("/cdn/")) + "?w=16";
        Scrape before = scrape();
        assertThat(project.api.anonymous().get(cdn).status()).isEqualTo(200);
        assertThat(project.api.anonymous().get(cdn).status()).isEqualTo(200);
        assertThat(project.api.anonymous().get(cdn).status()).isEqualTo(200);
        Scrape after = scrape();
        Map<String, String> computed = Map.of("result", "computed");
        Map<String, String> hit = Map.of("result", "hit");
        assertThat(after.sum("assetgate_images_derivatives_total", computed) - before.sum("assetgate_images_derivatives_total", computed)).isEqualTo(1);
        assertThat(after.sum("assetgate_images_derivatives_total", hit) - before.sum("assetgate_images_derivatives_total", hit)).isEqualTo(2);
    }

    @Test
    @FreshServer
    @ServerSetting(key = Setting.METRICS, value = "off")
    void offAnswersNotFoundAsAnyUnknownPath(TestServer off) {
        Api.Response r = off.anonymous.get("/metrics", "Authorization", "Bearer " + TOKEN);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.code()).isEqualTo("NOT_FOUND");
        assertThat(off.metricsPort()).isEqualTo(-1);
    }

    @Test
    @FreshServer
    @ServerSetting(key = Setting.METRICS, value = "port")
    @ServerSetting(key = Setting.METRICS_PORT, value = "0")
    void portServesMetricsOnTheManagementPortOnly(TestServer managed) throws Exception {
        assertThat(managed.anonymous.get("/metrics", "Authorization", "Bearer " + TOKEN).status())
                .as("never on the public port").isEqualTo(404);
        assertThat(managed.anonymous.get("/health").status()).isEqualTo(200);
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> scraped = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managed.metricsPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(scraped.statusCode()).isEqualTo(200);
        Scrape scrape = new Scrape(scraped.body());
        assertThat(scrape.sum("assetgate_http_requests_seconds_count", Map.of("route", "/health", "status", "200"))).isEqualTo(1);
        HttpResponse<String> other = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managed.metricsPort() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).as("the management port serves /metrics alone").isEqualTo(404);
    }

    @Test
    void aTokenModeWithoutAStrongTokenIsRefusedAtStart() {
        assertThatThrownBy(() -> AssetgateConfig.of(Map.of(Setting.METRICS, "token", Setting.METRICS_TOKEN, "short-token")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metrics-token").hasMessageNotContaining("short-token");
        assertThatThrownBy(() -> AssetgateConfig.of(Map.of(Setting.METRICS, "public")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metrics");
    }
}
