package dev.assetgate.templates;

import static dev.assetgate.templates.Sass.GB;
import static dev.assetgate.templates.Sass.SE;
import static dev.assetgate.templates.Sass.assertError;
import static dev.assetgate.templates.Sass.template;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.WithServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Counted limits of SASS keys: uploads per minute (per key, and per source IP across the template's
 * keys), uploads and listings per key lifetime, the largest file; refusals spend nothing. Each test
 * has its own project and template, so counters never carry over.
 */
@WithServer
@ServerSetting(key = Setting.TRUSTED_PROXIES, value = "127.0.0.1/32")
@ServerSetting(key = Setting.KEY_EXCHANGE_PER_MINUTE, value = "1000")
@ServerSetting(key = Setting.URL_UPLOAD_ALLOW, value = "127.0.0.1/32")
class SassLimitsTest {
    static HttpServer origin;
    TestProject project;

    @BeforeAll
    static void start() throws IOException {
        origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/", exchange -> {
            int size = Integer.parseInt(exchange.getRequestURI().getPath().replaceAll("\\D", ""));
            byte[] body = new byte[size];
            Arrays.fill(body, (byte) 'u');
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        origin.start();
    }

    @AfterAll
    static void stop() {
        origin.stop(0);
    }

    @BeforeEach
    void prepare(TestProject fresh) {
        project = fresh;
    }

    private String templateWith(String upload, String extra) {
        return template(project, "{\"permissions\":[\"OBJECTS_LIST\",\"OBJECTS_FETCH\",\"FILE_UPLOAD\"],\"upload\":" + upload + extra + "}");
    }

    private Sass.Client key(String templateId, String... headers) {
        return Sass.keyFrom(project, templateId, headers);
    }

    private List<String> files() {
        return Sass.allFiles(project.api);
    }

    private static void assertRateLimited(Api.Response r, String rule, long max) {
        assertError(r, 429, "RATE_LIMITED");
        assertThat(Long.parseLong(r.header("Retry-After"))).isPositive();
        assertThat(r.header("RateLimit-Policy")).contains(rule).contains("q=" + max);
        assertThat(r.header("RateLimit")).contains(rule).contains("r=0");
        assertThat(r.json().path("hint").asText()).contains(rule);
    }

    // ------------------------------------------------------------------ per minute, per key

    @Test
    void uploadsPerMinutePerKeyOnEveryUploadPath() {
        String id = templateWith("{\"limit_per_min\":3}", "");
        Sass.Client key = key(id);
        assertThat(key.upload("/", "1.txt", "x").status()).isEqualTo(200);
        assertThat(key.base64("/", "2.txt", "x").status()).isEqualTo(200);
        assertThat(key.put("/", "3.txt", "x").status()).isEqualTo(200);
        Api.Response refused = key.upload("/", "4.txt", "x");
        assertRateLimited(refused, "upload.limit_per_min", 3);
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(refused.header("RateLimit-Policy")).contains("w=60");
        assertRateLimited(key.base64("/", "5.txt", "x"), "upload.limit_per_min", 3);
        assertRateLimited(key.put("/", "6.txt", "x"), "upload.limit_per_min", 3);
        assertThat(files()).containsExactlyInAnyOrder("/1.txt", "/2.txt", "/3.txt");
        // listing is not an upload
        assertThat(key.get("/v5/files?folder=/").status()).isEqualTo(200);
        // the limit is per key: another key of the same template has its own minute
        assertThat(key(id).upload("/", "7.txt", "x").status()).isEqualTo(200);
    }

    @Test
    void concurrentUploadsRacingOneLimitAdmitExactlyThatMany() throws Exception {
        Sass.Client key = key(templateWith("{\"limit_per_min\":5}", ""));
        int threads = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Api.Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                String name = "race-" + i + ".txt";
                answers.add(pool.submit(() -> {
                    go.await();
                    return key.upload("/race", name, name);
                }));
            }
            go.countDown();
            int ok = 0;
            int limited = 0;
            for (Future<Api.Response> f : answers) {
                Api.Response r = f.get(60, TimeUnit.SECONDS);
                if (r.status() == 200) {
                    ok++;
                } else {
                    assertRateLimited(r, "upload.limit_per_min", 5);
                    limited++;
                }
            }
            assertThat(ok).isEqualTo(5);
            assertThat(limited).isEqualTo(15);
        } finally {
            pool.shutdownNow();
        }
        assertThat(files()).hasSize(5).allMatch(f -> f.startsWith("/race/race-"));
        assertThat(project.api.get("/v5/files?folder=/race").json().path("info").path("total_files_count").asLong()).isEqualTo(5);
    }

    // ------------------------------------------------------------------ per source IP, across keys

    @Test
    void uploadsPerSourceIpSpanEveryKeyOfTheTemplate() {
        String id = templateWith("{\"limit_per_source_ip\":2}", "");
        Sass.Client first = key(id, "X-Forwarded-For", GB);
        assertThat(first.from(GB).upload("/", "gb1.txt", "x").status()).isEqualTo(200);
        assertThat(first.from(GB).upload("/", "gb2.txt", "x").status()).isEqualTo(200);
        assertRateLimited(first.from(GB).upload("/", "gb3.txt", "x"), "upload.limit_per_source_ip", 2);
        // a new key from the same address does not reset it
        Sass.Client second = key(id, "X-Forwarded-For", GB);
        assertRateLimited(second.from(GB).upload("/", "gb4.txt", "x"), "upload.limit_per_source_ip", 2);
        // another address has its own budget, whichever key it uses
        assertThat(second.from(SE).upload("/", "se1.txt", "x").status()).isEqualTo(200);
        assertThat(first.from(SE).upload("/", "se2.txt", "x").status()).isEqualTo(200);
        assertRateLimited(second.from(SE).upload("/", "se3.txt", "x"), "upload.limit_per_source_ip", 2);
        assertThat(files()).containsExactlyInAnyOrder("/gb1.txt", "/gb2.txt", "/se1.txt", "/se2.txt");
        // another template's keys are counted apart
        Sass.Client other = key(templateWith("{\"limit_per_source_ip\":2}", ""), "X-Forwarded-For", GB);
        assertThat(other.from(GB).upload("/", "gb5.txt", "x").status()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ lifetime totals

    @Test
    void uploadsPerKeyLifetime() {
        String id = templateWith("{\"max\":2}", "");
        Sass.Client key = key(id);
        assertThat(key.upload("/", "a.txt", "x").status()).isEqualTo(200);
        assertThat(key.put("/", "b.txt", "x").status()).isEqualTo(200);
        assertRateLimited(key.upload("/", "c.txt", "x"), "upload.max", 2);
        assertRateLimited(key.base64("/", "d.txt", "x"), "upload.max", 2);
        assertThat(files()).containsExactlyInAnyOrder("/a.txt", "/b.txt");
        assertThat(key(id).upload("/", "e.txt", "x").status()).isEqualTo(200);
    }

    @Test
    void listingAndSearchCallsPerKeyLifetime() {
        project.api.upload("/docs", "a.txt", "x");
        String uuid = project.api.get("/v5/files?folder=/docs").json().path("files").get(0).path("uuid").asText();
        String id = template(project, "{\"permissions\":[\"OBJECTS_LIST\",\"OBJECTS_FETCH\"],\"listing\":{\"max\":4}}");
        Sass.Client key = key(id);
        assertThat(key.get("/v5/files?folder=/docs").status()).isEqualTo(200);
        assertThat(key.get("/v5/files?folder=/&recursive=1&q=a").status()).isEqualTo(200);
        // details and bytes are not listings; stats are (they count what a listing would show)
        assertThat(key.get("/v5/file/" + uuid).status()).isEqualTo(200);
        assertThat(key.get("/v4/get/" + uuid).status()).isEqualTo(200);
        assertThat(key.get("/v5/files/stats?folder=/").status()).isEqualTo(200);
        assertThat(key.get("/v5/folders?folder=/").status()).isEqualTo(200);
        assertRateLimited(key.get("/v5/files?folder=/docs"), "listing.max", 4);
        assertRateLimited(key.get("/v5/folders?folder=/"), "listing.max", 4);
        assertRateLimited(key.get("/v4/files?folder=/&q=a"), "listing.max", 4);
        assertRateLimited(key.get("/v5/folders/stats?folder=/"), "listing.max", 4);
        assertThat(key.get("/v5/file/" + uuid).status()).isEqualTo(200);
        assertThat(key(id).get("/v5/files?folder=/docs").status()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ file size

    @Test
    void theLargestFileIsEnforcedWhileTheBodyStreamsOnEveryPath() throws IOException {
        Sass.Client key = key(templateWith("{\"max_file_size\":10}", ""));
        String ten = "0123456789";
        String eleven = ten + "X";
        assertThat(key.upload("/", "ok1.txt", ten).status()).isEqualTo(200);
        assertThat(key.base64("/", "ok2.txt", ten).status()).isEqualTo(200);
        assertThat(key.put("/", "ok3.txt", ten).status()).isEqualTo(200);
        Api.Response multipart = key.upload("/", "big1.txt", eleven);
        assertError(multipart, 413, "FILE_TOO_BIG");
        assertThat(multipart.json().path("hint").asText() + multipart.json().path("msg").asText()).contains("max_file_size");
        assertError(key.base64("/", "big2.txt", eleven), 413, "FILE_TOO_BIG");
        assertError(key.put("/", "big3.txt", eleven), 413, "FILE_TOO_BIG");
        byte[] mb = new byte[1 << 20];
        assertError(key.putBytes("/v4/files?folder=/&filename=big4.bin", mb), 413, "FILE_TOO_BIG");
        assertError(key.multipart("/v4/files?folder=/", new Api.Multipart().file("files[]", "big5.bin", "application/octet-stream", mb)),
                413, "FILE_TOO_BIG");
        String url = "http://127.0.0.1:" + origin.getAddress().getPort();
        assertError(key.postJson("/v4/files", "{\"files_urls\":[\"" + url + "/size/11\"]}"), 413, "FILE_TOO_BIG");
        assertThat(key.postJson("/v4/files", "{\"files_urls\":[{\"url\":\"" + url + "/size/10\",\"name\":\"ok4.txt\"}]}").status())
                .isEqualTo(200);
        assertThat(files()).containsExactlyInAnyOrder("/ok1.txt", "/ok2.txt", "/ok3.txt", "/ok4.txt");
        // nothing of the refused bodies is left behind in the blob store's temporary area
        Path tmp = project.server.dataDir.resolve("blobs").resolve("tmp");
        if (Files.isDirectory(tmp)) {
            try (Stream<Path> left = Files.list(tmp)) {
                assertThat(left.toList()).isEmpty();
            }
        }
    }

    // ------------------------------------------------------------------ refusals spend nothing

    @Test
    void uploadsRefusedForScopePathOrPermissionDoNotCount() {
        String id = template(project, "{\"permissions\":[\"OBJECTS_LIST\",\"FILE_UPLOAD\"],"
                + "\"upload\":{\"limit_per_min\":2,\"max\":2,\"limit_per_source_ip\":2,\"dir_scope\":[\"/uploads/*\"]}}");
        Sass.Client key = key(id);
        project.api.upload("/uploads", "existing.txt", "x");
        String existing = project.api.get("/v5/files?folder=/uploads").json().path("files").get(0).path("uuid").asText();
        for (int i = 0; i < 5; i++) {
            assertError(key.upload("/secret", "s" + i + ".txt", "x"), 403, "FOLDER_NOT_ALLOWED");
            assertError(key.base64("/uploads", "/secret/b" + i + ".txt", "x"), 403, "FOLDER_NOT_ALLOWED");
            assertError(key.put("/uploads/../secret", "p" + i + ".txt", "x"), 400, "INVALID_PATH");
            assertError(key.postJson("/v4/files", "{\"files_uuids\":[\"" + existing + "\"],\"new_folder_name\":\"/uploads/m\"}"), 403,
                    "PERMISSION_DENIED");
        }
        assertThat(key.upload("/uploads", "1.txt", "x").status()).isEqualTo(200);
        assertThat(key.upload("/uploads", "2.txt", "x").status()).isEqualTo(200);
        assertError(key.upload("/uploads", "3.txt", "x"), 429, "RATE_LIMITED");
        assertThat(files()).containsExactlyInAnyOrder("/uploads/existing.txt", "/uploads/1.txt", "/uploads/2.txt");
    }

    /**
     * Issue 11 D7: uploads that fail after they were admitted (a name conflict, a file over the size
     * limit found while it streams, a multipart request undone because a later file failed) give
     * their counts back, on every limit and every upload path.
     */
    @Test
    void uploadsThatFailAfterTheyWereCountedSpendNothing() {
        String id = template(project, "{\"permissions\":[\"OBJECTS_LIST\",\"FILE_UPLOAD\"],"
                + "\"upload\":{\"limit_per_min\":2,\"max\":2,\"limit_per_source_ip\":2,\"max_file_size\":10}}");
        Sass.Client key = key(id);
        project.api.upload("/uploads", "taken.txt", "x");
        String url = "http://127.0.0.1:" + origin.getAddress().getPort();
        for (int i = 0; i < 3; i++) {
            assertError(key.upload("/uploads", "taken.txt", "x"), 409, "NAME_CONFLICT");
            assertError(key.base64("/uploads", "taken.txt", "x"), 409, "NAME_CONFLICT");
            assertError(key.put("/uploads", "big" + i + ".txt", "0123456789X"), 413, "FILE_TOO_BIG");
            assertError(key.base64("/uploads", "big" + i + ".txt", "0123456789X"), 413, "FILE_TOO_BIG");
            // the first file is stored, the second conflicts: the request is undone, both counts given back
            assertError(key.multipart("/v4/files?folder=/uploads", new Api.Multipart()
                    .file("files[]", "first" + i + ".txt", "text/plain", new byte[] {1})
                    .file("more", "taken.txt", "text/plain", new byte[] {2})), 409, "NAME_CONFLICT");
            assertError(key.postJson("/v4/files?folder=/uploads", "{\"files_urls\":[{\"url\":\"" + url + "/size/1\",\"name\":\"u" + i
                    + ".txt\"},{\"url\":\"" + url + "/size/11\",\"name\":\"v" + i + ".txt\"}]}"), 413, "FILE_TOO_BIG");
        }
        assertThat(files()).containsExactly("/uploads/taken.txt");
        assertThat(key.multipart("/v4/files?folder=/uploads", new Api.Multipart()
                .file("files[]", "1.txt", "text/plain", new byte[] {1})
                .file("files[]", "2.txt", "text/plain", new byte[] {2})).status()).isEqualTo(200);
        assertRateLimited(key.upload("/uploads", "3.txt", "x"), "upload.limit_per_min", 2);
        assertThat(files()).containsExactlyInAnyOrder("/uploads/taken.txt", "/uploads/1.txt", "/uploads/2.txt");
    }

    /** A multipart request with more files than the key has uploads left is refused whole, and spends nothing. */
    @Test
    void aMultipartRequestWithMoreFilesThanUploadsLeftSpendsNothing() {
        Sass.Client key = key(templateWith("{\"max\":2}", ""));
        Api.Multipart three = new Api.Multipart()
                .file("files[]", "a.txt", "text/plain", new byte[] {1})
                .file("files[]", "b.txt", "text/plain", new byte[] {2})
                .file("files[]", "c.txt", "text/plain", new byte[] {3});
        assertRateLimited(key.multipart("/v4/files?folder=/", three), "upload.max", 2);
        assertThat(files()).isEmpty();
        assertThat(key.upload("/", "1.txt", "x").status()).isEqualTo(200);
        assertThat(key.upload("/", "2.txt", "x").status()).isEqualTo(200);
        assertRateLimited(key.upload("/", "3.txt", "x"), "upload.max", 2);
    }

    @Test
    void severalFilesRefusedForTheScopeOfOneOfThemSpendNothing() {
        String id = template(project, "{\"permissions\":[\"OBJECTS_LIST\",\"FILE_UPLOAD\"],"
                + "\"upload\":{\"limit_per_min\":2,\"max\":2,\"dir_scope\":[\"/uploads/*\"]}}");
        Sass.Client key = key(id);
        String url = "http://127.0.0.1:" + origin.getAddress().getPort();
        for (int i = 0; i < 3; i++) {
            // the first file is in scope, the second is not: refused as a whole, before anything is counted
            assertError(key.multipart("/v4/files?folder=/uploads", new Api.Multipart()
                    .file("files[]", "in" + i + ".txt", "text/plain", new byte[] {1})
                    .field("name[other]", "/secret/out" + i + ".txt")
                    .file("other", "out" + i + ".txt", "text/plain", new byte[] {2})), 403, "FOLDER_NOT_ALLOWED");
            assertError(key.postJson("/v4/files?folder=/uploads", "{\"files_urls\":[{\"url\":\"" + url + "/size/1\",\"name\":\"u" + i
                    + ".txt\"},{\"url\":\"" + url + "/size/2\",\"name\":\"/secret/v" + i + ".txt\"}]}"), 403, "FOLDER_NOT_ALLOWED");
        }
        assertThat(files()).isEmpty();
        assertThat(key.upload("/uploads", "1.txt", "x").status()).isEqualTo(200);
        assertThat(key.upload("/uploads", "2.txt", "x").status()).isEqualTo(200);
        assertError(key.upload("/uploads", "3.txt", "x"), 429, "RATE_LIMITED");
    }

    @Test
    void aUrlUploadNamedByTheRemoteServerStaysInTheRequestedFolder() {
        Sass.Client key = key(templateWith("{\"dir_scope\":[\"/uploads/*\"]}", ""));
        String url = "http://127.0.0.1:" + origin.getAddress().getPort();
        // the last path segment decodes to "/secret/4": the remote side names the file, not its folder
        Api.Response r = key.postJson("/v4/files?folder=/uploads", "{\"files_urls\":[\"" + url + "/x/%2Fsecret%2F4\"]}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("file").path("folder").path("name").asText()).isEqualTo("/uploads");
        Api.Response api = project.api.postJson("/v4/files?folder=/img", "{\"files_urls\":[\"" + url + "/x/..%2F..%2Fsecret%2F5\"]}");
        assertThat(api.status()).as(api.toString()).isEqualTo(200);
        assertThat(api.json().path("file").path("folder").path("name").asText()).isEqualTo("/img");
    }

    @Test
    void uploadsRefusedForTheNetworkDoNotCount() {
        String id = template(project, "{\"permissions\":[\"FILE_UPLOAD\"],\"upload\":{\"limit_per_min\":2},"
                + "\"restrictions\":{\"whitelist_ip_ranges\":[\"81.2.69.142\"]}}");
        Sass.Client key = key(id, "X-Forwarded-For", GB);
        for (int i = 0; i < 5; i++) {
            assertError(key.from(SE).upload("/", "se" + i + ".txt", "x"), 403, "IP_NOT_ALLOWED");
        }
        assertThat(key.from(GB).upload("/", "1.txt", "x").status()).isEqualTo(200);
        assertThat(key.from(GB).upload("/", "2.txt", "x").status()).isEqualTo(200);
        assertError(key.from(GB).upload("/", "3.txt", "x"), 429, "RATE_LIMITED");
    }

    @Test
    void listingsRefusedForScopeDoNotCount() {
        project.api.upload("/pub", "a.txt", "x");
        project.api.upload("/secret", "b.txt", "x");
        String id = template(project, "{\"permissions\":[\"OBJECTS_LIST\"],\"listing\":{\"max\":1,\"dir_scope\":[\"/pub/*\"]}}");
        Sass.Client key = key(id);
        for (int i = 0; i < 3; i++) {
            assertError(key.get("/v5/files?folder=/secret"), 403, "FOLDER_NOT_ALLOWED");
            assertError(key.get("/v5/folders?folder=/secret"), 403, "FOLDER_NOT_ALLOWED");
            assertError(key.get("/v5/files?folder=" + Api.enc("/pub/../secret")), 400, "INVALID_PATH");
        }
        assertThat(key.get("/v5/files?folder=/pub").json().path("files").get(0).path("name").asText()).isEqualTo("a.txt");
        assertError(key.get("/v5/files?folder=/pub"), 429, "RATE_LIMITED");
    }

    @Test
    void listingsOfMissingFoldersDoNotCount() {
        project.api.upload("/pub", "a.txt", "x");
        Sass.Client key = key(template(project, "{\"permissions\":[\"OBJECTS_LIST\"],\"listing\":{\"max\":1}}"));
        for (int i = 0; i < 3; i++) {
            assertError(key.get("/v5/files?folder=/missing"), 404, "FOLDER_NOT_FOUND");
            assertError(key.get("/v5/folders?folder=/missing"), 404, "FOLDER_NOT_FOUND");
            assertError(key.get("/v5/files?folder=/pub&limit=x"), 400, "INVALID_PARAMETER");
        }
        assertThat(key.get("/v5/files?folder=/pub").status()).isEqualTo(200);
        assertError(key.get("/v5/files?folder=/pub"), 429, "RATE_LIMITED");
    }

    @Test
    void theLimitsOfOneKeyDoNotTouchAnApiKey() {
        Sass.Client key = key(templateWith("{\"limit_per_min\":1}", ""));
        assertThat(key.upload("/", "sass.txt", "x").status()).isEqualTo(200);
        assertError(key.upload("/", "sass2.txt", "x"), 429, "RATE_LIMITED");
        for (int i = 0; i < 3; i++) {
            assertThat(project.api.upload("/", "api" + i + ".txt", "x").status()).isEqualTo(200);
        }
        assertThat(new String(project.api.get("/v5/files?folder=/").bytes(), StandardCharsets.UTF_8)).contains("api2.txt");
    }
}
