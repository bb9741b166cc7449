package dev.assetgate.templates;

import static dev.assetgate.templates.Sass.assertError;
import static dev.assetgate.templates.Sass.template;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.WithServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Byte quotas of SASS keys (issue 19 item 4): {@code upload.max_bytes} per key lifetime and
 * {@code upload.bytes_per_period} within {@code upload.bytes_period}; reserved from the declared size
 * before anything is stored, refused with 429 naming the rule, given back when the upload fails.
 * Each test has its own project and template, so counters never carry over.
 */
@WithServer
@ServerSetting(key = Setting.KEY_EXCHANGE_PER_MINUTE, value = "1000")
@ServerSetting(key = Setting.URL_UPLOAD_ALLOW, value = "127.0.0.1/32")
class SassByteQuotaTest {
    TestProject project;

    @BeforeEach
    void prepare(TestProject fresh) {
        project = fresh;
    }

    private Sass.Client keyWith(String upload) {
        return Sass.keyWith(project, Sass.uploads(upload));
    }

    private List<String> files() {
        return Sass.allFiles(project.api);
    }

    private static void assertQuotaRefused(Api.Response r, String rule, long max) {
        assertError(r, 429, "RATE_LIMITED");
        assertThat(Long.parseLong(r.header("Retry-After"))).isPositive();
        assertThat(r.header("RateLimit-Policy")).contains("\"" + rule + "\"").contains("q=" + max);
        assertThat(r.header("RateLimit")).contains(rule).contains("r=0");
        assertThat(r.json().path("hint").asText()).contains("Rule: " + rule);
    }

    @Test
    void bytesPerPeriodAdmitUpToTheQuotaOnEveryUploadPathThenRefuse() {
        Sass.Client key = keyWith("{\"bytes_per_period\":10,\"bytes_period\":3600}");
        assertThat(key.upload("/", "a.txt", "aaaa").status()).isEqualTo(200); // multipart: 4
        assertThat(key.base64("/", "b.txt", "bbbb").status()).isEqualTo(200); // base64: 8
        assertThat(key.put("/", "c.txt", "cc").status()).isEqualTo(200);       // PUT: 10, the quota exactly

        Api.Response refused = key.put("/", "d.txt", "d");
        assertQuotaRefused(refused, "upload.bytes_per_period", 10);
        assertThat(refused.header("RateLimit-Policy")).contains("w=3600");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 3600L);
        assertQuotaRefused(key.upload("/", "e.txt", "e"), "upload.bytes_per_period", 10);
        assertQuotaRefused(key.base64("/", "f.txt", "f"), "upload.bytes_per_period", 10);
        assertThat(files()).containsExactlyInAnyOrder("/a.txt", "/b.txt", "/c.txt");
        // an empty file fits a full quota
        assertThat(key.put("/", "empty.txt", "").status()).isEqualTo(200);
    }

    @Test
    void maxBytesIsForTheKeysLifeAndAnUploadThatDoesNotFitIsRefusedWhole() {
        Sass.Client key = keyWith("{\"max_bytes\":6}");
        assertThat(key.put("/", "a.txt", "abcd").status()).isEqualTo(200);
        assertQuotaRefused(key.put("/", "big.txt", "xyz"), "upload.max_bytes", 6); // 4 + 3 > 6: nothing of it stored
        assertThat(key.put("/", "b.txt", "xy").status()).isEqualTo(200);          // 6: exactly the quota
        assertQuotaRefused(key.upload("/", "c.txt", "z"), "upload.max_bytes", 6);
        assertThat(files()).containsExactlyInAnyOrder("/a.txt", "/b.txt");
    }

    @Test
    void aFailedUploadGivesItsBytesBack() {
        Sass.Client key = keyWith("{\"max_bytes\":10,\"max_file_size\":4}");
        assertThat(key.put("/", "taken.txt", "ab").status()).isEqualTo(200);             // 2 spent
        assertError(key.put("/", "taken.txt", "cde"), 409, "NAME_CONFLICT");               // refused: its 3 given back
        assertError(key.upload("/", "huge.txt", "fghij"), 413, "FILE_TOO_BIG");            // over max_file_size: its 5 given back
        assertError(key.put("/", "huge.txt", "fghij"), 413, "FILE_TOO_BIG");
        assertThat(key.put("/", "new.txt", "wxyz").status()).isEqualTo(200);               // 6
        assertThat(key.upload("/", "more.txt", "stuv").status()).isEqualTo(200);           // 10: the quota exactly
        assertQuotaRefused(key.put("/", "one-more.txt", "1"), "upload.max_bytes", 10);
        assertThat(files()).containsExactlyInAnyOrder("/taken.txt", "/new.txt", "/more.txt");
    }

    @Test
    void anUploadOfUnknownSizeIsRefusedWithoutBeingStoredOrCounted() throws Exception {
        Sass.Client key = keyWith("{\"max_bytes\":100}");
        // a chunked PUT declares no Content-Length: its bytes cannot be reserved before they are stored
        HttpRequest.Builder chunked = HttpRequest.newBuilder(URI.create(key.base + "/v4/files?folder=/&filename=chunked.txt"))
                .header("X-Filerobot-Key", key.key).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream("chunked".getBytes())));
        Api.Response r = Api.send(chunked);
        assertError(r, 411, "LENGTH_REQUIRED");
        assertThat(r.json().path("hint").asText()).contains("upload.max_bytes");
        // a URL upload: the remote file's size is not known before its bytes are
        com.sun.net.httpserver.HttpServer origin = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        java.util.concurrent.atomic.AtomicInteger fetched = new java.util.concurrent.atomic.AtomicInteger();
        origin.createContext("/", exchange -> {
            fetched.incrementAndGet();
            byte[] body = "remote".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        origin.start();
        try {
            Api.Response byUrl = key.postJson("/v4/files?folder=/", "{\"files_urls\":[\"http://127.0.0.1:" + origin.getAddress().getPort() + "/r.txt\"]}");
            assertError(byUrl, 411, "LENGTH_REQUIRED");
            assertThat(fetched).as("refused before anything is fetched").hasValue(0);
        } finally {
            origin.stop(0);
        }
        assertThat(files()).isEmpty();
        assertThat(key.put("/", "declared.txt", "x".repeat(100)).status()).isEqualTo(200); // the whole quota is still there
    }

    @Test
    void thePeriodRefills() throws Exception {
        Sass.Client key = keyWith("{\"bytes_per_period\":4,\"bytes_period\":2}");
        assertThat(key.put("/", "a.txt", "abcd").status()).isEqualTo(200);
        Api.Response refused = key.put("/", "b.txt", "e");
        assertQuotaRefused(refused, "upload.bytes_per_period", 4);
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 2L);

        project.server.clock.advance(Duration.ofSeconds(3)); // the server's clock (counters=redis keep Redis's own: we wait for it below)
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        Api.Response again = key.put("/", "b.txt", "efgh");
        while (again.status() == 429 && System.nanoTime() < until) {
            Thread.sleep(100);
            again = key.put("/", "b.txt", "efgh");
        }
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertQuotaRefused(key.put("/", "c.txt", "i"), "upload.bytes_per_period", 4);
    }

    @Test
    void badQuotasAreRefusedNamingTheField() {
        String base = "{\"permissions\":[\"FILE_UPLOAD\"],\"upload\":";
        for (String[] bad : new String[][] {
                {"{\"max_bytes\":-1}", "upload.max_bytes"},
                {"{\"bytes_per_period\":1.5}", "upload.bytes_per_period"},
                {"{\"bytes_period\":60}", "upload.bytes_period needs upload.bytes_per_period"},
                {"{\"bytes_per_period\":10,\"bytes_period\":0}", "upload.bytes_period must be 1.."},
                {"{\"bytes_per_period\":10,\"bytes_period\":99999999}", "upload.bytes_period must be 1.."}}) {
            Api.Response r = project.admin.postJson("/admin/v1/projects/" + project.token + "/security-templates", base + bad[0] + "}");
            assertThat(r.status()).as(bad[0]).isEqualTo(400);
            assertThat(r.text()).as(bad[0]).contains(bad[1]);
        }
        Api.Response ok = project.admin.postJson("/admin/v1/projects/" + project.token + "/security-templates",
                base + "{\"max_bytes\":1000,\"bytes_per_period\":500}}");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
        String id = ok.json().path("security_template").path("id").asText();
        Api.Response read = project.admin.get("/admin/v1/projects/" + project.token + "/security-templates/" + id);
        assertThat(read.text()).contains("\"max_bytes\":1000").contains("\"bytes_per_period\":500").contains("\"bytes_period\":86400");
    }
}
