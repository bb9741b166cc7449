package dev.assetgate.templates;

import static dev.assetgate.templates.Sass.assertError;
import static dev.assetgate.templates.Sass.template;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Resumable uploads with tus 1.0.0 (issue 19 item 8), from outside over HTTP: created, PATCHed in
 * parts, resumed with HEAD, terminated, expired; held to the same key rules as every upload (scope,
 * size, type from the bytes, counts, byte quotas counted once), only by keys of the owner; unfinished
 * parts are never a file, and a refused call changes nothing.
 */
@WithServer
@ServerSetting(key = Setting.KEY_EXCHANGE_PER_MINUTE, value = "1000")
@ServerSetting(key = Setting.TUS_TTL, value = "1h")
class TusUploadTest {
    static final String OFFSET = "application/offset+octet-stream";
    static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
    TestServer server;
    String token;
    Api admin;

    @BeforeEach
    void prepare(TestProject project) {
        server = project.server;
        token = project.token;
        admin = project.admin;
    }

    // a HEAD answer has no body: its refusals are told by their status

    /** A tus client for one key (an API key secret or a SASS key). */
    record Tus(String base, String key) {
        Api.Response create(String folder, String name, String type, long length) {
            List<String> meta = new ArrayList<>(List.of("name " + b64(name), "filerobot-folder " + b64(folder)));
            if (type != null) meta.add("type " + b64(type));
            return call("POST", base + "/v5/tus/files", null, null, "Upload-Length", Long.toString(length), "Upload-Metadata", String.join(",", meta));
        }

        Api.Response patch(String location, long offset, byte[] bytes) {
            return call("PATCH", url(location), OFFSET, bytes, "Upload-Offset", Long.toString(offset));
        }

        Api.Response head(String location) {
            return call("HEAD", url(location), null, null);
        }

        Api.Response delete(String location) {
            return call("DELETE", url(location), null, null);
        }

        String url(String location) {
            return base.substring(0, base.lastIndexOf('/')) + location;
        }

        Api.Response call(String method, String url, String type, byte[] body, String... headers) {
            List<String> all = new ArrayList<>(List.of(headers));
            all.addAll(List.of("Tus-Resumable", "1.0.0", "X-Filerobot-Key", key));
            return Sass.send(url, method, type, body, all.toArray(String[]::new));
        }
    }

    private Tus tus(String key) {
        return new Tus(server.baseUrl() + "/" + token, key);
    }

    private Tus sass(String upload) {
        String id = template(admin, token, "{\"permissions\":[\"OBJECTS_LIST\",\"FILE_UPLOAD\"],\"upload\":" + upload + "}");
        return tus(Sass.key(server, token, id));
    }

    private Tus adminTus() {
        return tus(admin.key);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, from, to);
    }

    private static String sha1(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(b));
    }

    private List<String> files() {
        return Sass.allFiles(admin.in(token));
    }

    private java.util.Set<String> parts() {
        return server.blobKeys(token + "/_tus/");
    }

    private static String created(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.header("Tus-Resumable")).isEqualTo("1.0.0");
        assertThat(r.header("Upload-Expires")).as("an IMF-fixdate: two-digit day")
                .matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
        return r.header("Location");
    }

    @Test
    void anUploadInPartsResumedWithHeadBecomesOneFileOnlyWhenComplete() throws Exception {
        Tus client = adminTus();
        byte[] content = bytes("0123456789abcdefghij".repeat(50));
        String location = created(client.create("/docs", "big.txt", "text/plain", content.length));
        assertThat(location).matches("/" + token + "/v5/tus/files/[0-9a-f]{32}");

        Api.Response first = client.patch(location, 0, slice(content, 0, 400));
        assertThat(first.status()).as(first.toString()).isEqualTo(204);
        assertThat(first.header("Upload-Offset")).isEqualTo("400");
        assertThat(files()).isEmpty(); // the unfinished upload is no file: not listed
        assertThat(parts()).hasSize(1);

        Api.Response head = client.head(location);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Upload-Offset")).isEqualTo("400");
        assertThat(head.header("Upload-Length")).isEqualTo(Integer.toString(content.length));
        assertThat(head.header("Cache-Control")).isEqualTo("no-store");

        Api.Response last = client.patch(location, 400, slice(content, 400, content.length));
        assertThat(last.status()).as(last.toString()).isEqualTo(204);
        assertThat(last.header("Upload-Offset")).isEqualTo(Integer.toString(content.length));
        assertThat(files()).containsExactly("/docs/big.txt");
        assertThat(parts()).isEmpty(); // the parts went once the file was stored

        // the Companion's json/{id}, read without a key as the uploader does
        String id = location.substring(location.lastIndexOf('/') + 1);
        Api.Response json = Sass.send(server.baseUrl() + "/" + token + "/v5/tus/json/" + id, "GET", null, null);
        assertThat(json.status()).as(json.toString()).isEqualTo(200);
        String uuid = json.json().path("file").path("uuid").asText();
        Api.Response file = admin.in(token).get("/v5/file/" + uuid);
        assertThat(file.json().path("file").path("hash").path("sha1").asText()).isEqualTo(sha1(content));
        assertThat(file.json().path("file").path("size").path("bytes").asLong()).isEqualTo(content.length);
        // complete: a HEAD says so, a further PATCH is refused
        assertThat(client.head(location).header("Upload-Offset")).isEqualTo(Integer.toString(content.length));
        assertError(client.patch(location, content.length, bytes("x")), 409, "UPLOAD_OFFSET_MISMATCH");
    }

    @Test
    void aWrongOffsetAWrongTypeOrNoTusVersionChangeNothing() {
        Tus client = adminTus();
        String location = created(client.create("/", "a.txt", "text/plain", 10));
        assertThat(client.patch(location, 0, bytes("abcd")).status()).isEqualTo(204);
        var before = server.blobStoreContents();

        assertError(client.patch(location, 2, bytes("cdef")), 409, "UPLOAD_OFFSET_MISMATCH");
        assertError(client.patch(location, 0, bytes("abcd")), 409, "UPLOAD_OFFSET_MISMATCH");
        assertError(client.call("PATCH", client.url(location), "application/octet-stream", bytes("efgh"), "Upload-Offset", "4"),
                415, "UNSUPPORTED_MEDIA_TYPE");
        Api.Response noVersion = Sass.send(client.url(location), "PATCH", OFFSET, bytes("efgh"), "Upload-Offset", "4", "X-Filerobot-Key", admin.key);
        assertError(noVersion, 412, "TUS_VERSION_UNSUPPORTED");
        assertThat(noVersion.header("Tus-Version")).isEqualTo("1.0.0");
        assertError(client.patch(location, 4, bytes("efghijklmnop")), 413, "FILE_TOO_BIG"); // past Upload-Length
        assertError(client.call("PATCH", client.url(location), OFFSET, bytes("efgh"), "Upload-Offset", "-1"), 400, "INVALID_PARAMETER");

        assertThat(server.blobStoreContents()).isEqualTo(before);
        assertThat(client.head(location).header("Upload-Offset")).isEqualTo("4");
        assertThat(files()).isEmpty();
        assertThat(client.patch(location, 4, bytes("efghij")).status()).isEqualTo(204);
        assertThat(files()).containsExactly("/a.txt");
    }

    @Test
    void creationWithUploadAndTermination() {
        Tus client = adminTus();
        Api.Response r = client.call("POST", client.base() + "/v5/tus/files", OFFSET, bytes("hello"),
                "Upload-Length", "11", "Upload-Metadata", "filename " + b64("hi.txt"));
        String location = created(r);
        assertThat(r.header("Upload-Offset")).isEqualTo("5");
        assertThat(parts()).hasSize(1);

        // an empty file is complete at its creation
        Api.Response empty = client.create("/", "empty.txt", null, 0);
        assertThat(empty.status()).as(empty.toString()).isEqualTo(201);
        assertThat(empty.header("Upload-Offset")).isEqualTo("0");
        // a creation whose bytes are refused leaves no upload (and counts nothing)
        assertError(client.call("POST", client.base() + "/v5/tus/files", OFFSET, bytes("too long"),
                "Upload-Length", "3", "Upload-Metadata", "filename " + b64("short.txt")), 413, "FILE_TOO_BIG");
        assertThat(parts()).hasSize(1);

        Api.Response deleted = client.delete(location);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(parts()).isEmpty();
        assertThat(client.head(location).status()).isEqualTo(404);
        assertError(client.patch(location, 5, bytes(" world")), 404, "UPLOAD_NOT_FOUND");
        assertThat(files()).containsExactly("/empty.txt");
    }

    @Test
    void onlyKeysOfTheOwnerSeeOrContinueAnUpload() {
        String templateId = template(admin, token, "{\"permissions\":[\"OBJECTS_LIST\",\"FILE_UPLOAD\"]}");
        Tus browser = tus(Sass.key(server, token, templateId));
        String location = created(browser.create("/", "mine.txt", null, 6));
        assertThat(browser.patch(location, 0, bytes("abc")).status()).isEqualTo(204);

        Tus otherApiKey = tus(server.allKey(token).key);
        Tus otherTemplate = sass("{}");
        for (Tus stranger : List.of(otherApiKey, otherTemplate)) {
            assertThat(stranger.head(location).status()).isEqualTo(404);
            assertError(stranger.patch(location, 3, bytes("def")), 404, "UPLOAD_NOT_FOUND");
            assertError(stranger.delete(location), 404, "UPLOAD_NOT_FOUND");
        }
        assertThat(browser.head(location).header("Upload-Offset")).isEqualTo("3");
        // a renewed key of the same template (the uploader renews its SASS key during a long upload) goes on
        Tus renewed = tus(Sass.key(server, token, templateId));
        assertThat(renewed.patch(location, 3, bytes("def")).status()).isEqualTo(204);
        assertThat(files()).containsExactly("/mine.txt");
    }

    @Test
    void everyTusCallNeedsFileUpload() {
        Tus admin = adminTus();
        String location = created(admin.create("/", "p.txt", null, 4));
        Tus listOnly = tus(server.keyFor(List.of(token), dev.assetgate.access.Permission.OBJECTS_LIST).key);
        assertError(listOnly.create("/", "q.txt", null, 4), 403, "PERMISSION_DENIED");
        assertThat(listOnly.head(location).status()).isEqualTo(403);
        assertError(listOnly.patch(location, 0, bytes("abcd")), 403, "PERMISSION_DENIED");
        assertError(listOnly.delete(location), 403, "PERMISSION_DENIED");
        Tus listingTemplate = tus(Sass.key(server, token, template(this.admin, token, "{\"permissions\":[\"OBJECTS_LIST\"]}")));
        assertError(listingTemplate.create("/", "q.txt", null, 4), 403, "PERMISSION_DENIED");
        assertThat(admin.head(location).header("Upload-Offset")).isEqualTo("0");
        assertThat(parts()).isEmpty();
    }

    @Test
    void theUploadScopeIsCheckedAtCreationBeforeAnythingIsStored() {
        Tus scoped = sass("{\"dir_scope\":[\"/uploads/*\"]}");
        Api.Response refused = scoped.create("/elsewhere", "x.txt", null, 3);
        assertError(refused, 403, "FOLDER_NOT_ALLOWED");
        assertThat(refused.json().path("hint").asText()).contains("upload.dir_scope");
        String location = created(scoped.create("/uploads/a", "x.txt", null, 3));
        assertThat(scoped.patch(location, 0, bytes("xyz")).status()).isEqualTo(204);
        assertThat(files()).containsExactly("/uploads/a/x.txt");
    }

    @Test
    void aLengthOverTheKeysSizeLimitIsRefusedBeforeAnythingIsStoredOrCounted() {
        Tus small = sass("{\"max_file_size\":10,\"max\":1}");
        Api.Response refused = small.create("/", "big.bin", null, 11);
        assertError(refused, 413, "FILE_TOO_BIG");
        assertThat(refused.json().path("hint").asText()).contains("max_file_size");
        assertThat(parts()).isEmpty();
        // upload.max 1: the refusal spent nothing, so one upload is still allowed, and then no more
        String location = created(small.create("/", "ok.bin", null, 10));
        assertError(small.create("/", "two.bin", null, 1), 429, "RATE_LIMITED");
        assertThat(small.patch(location, 0, bytes("0123456789")).status()).isEqualTo(204);
        assertThat(files()).containsExactly("/ok.bin");
    }

    @Test
    void bytesAreCountedOnceAtCreationNotAgainOnResume() {
        Tus quota = sass("{\"max_bytes\":10}");
        String first = created(quota.create("/", "six.txt", null, 6));
        Api.Response over = quota.create("/", "five.txt", null, 5);
        assertError(over, 429, "RATE_LIMITED");
        assertThat(over.json().path("hint").asText()).contains("upload.max_bytes");
        assertThat(quota.patch(first, 0, bytes("abc")).status()).isEqualTo(204);
        assertThat(quota.head(first).header("Upload-Offset")).isEqualTo("3");
        assertThat(quota.patch(first, 3, bytes("def")).status()).isEqualTo(204);
        String second = created(quota.create("/", "four.txt", null, 4)); // 6 + 4: the quota exactly, the resume counted nothing
        assertThat(quota.patch(second, 0, bytes("ghij")).status()).isEqualTo(204);
        assertError(quota.create("/", "one.txt", null, 1), 429, "RATE_LIMITED");
        assertThat(files()).containsExactlyInAnyOrder("/six.txt", "/four.txt");
    }

    @Test
    void bytesThatLieAboutTheirTypeEndTheUploadAndLeaveNothing() {
        Tus images = sass("{\"allowed_types\":[\"image/*\"]}");
        byte[] html = bytes("<html><script>alert(1)</script></html>");
        String location = created(images.create("/", "cat.png", "image/png", html.length));
        assertThat(images.patch(location, 0, slice(html, 0, 10)).status()).isEqualTo(204);
        Api.Response refused = images.patch(location, 10, slice(html, 10, html.length));
        assertError(refused, 415, "FILE_TYPE_NOT_ALLOWED");
        assertThat(refused.json().path("hint").asText()).contains("upload.allowed_types");
        assertThat(files()).isEmpty();
        assertThat(parts()).isEmpty();
        assertThat(images.head(location).status()).isEqualTo(404);
        // with the first bytes in, a lie is refused at once, before the rest is sent
        byte[] big = new byte[300 * 1024];
        java.util.Arrays.fill(big, (byte) 'a');
        String early = created(images.create("/", "big.png", "image/png", big.length));
        assertError(images.patch(early, 0, slice(big, 0, 260 * 1024)), 415, "FILE_TYPE_NOT_ALLOWED");
        assertThat(images.head(early).status()).isEqualTo(404);
        assertThat(parts()).isEmpty();
        // a real image passes
        String png = created(images.create("/", "dot.png", "image/png", PNG.length));
        assertThat(images.patch(png, 0, PNG).status()).isEqualTo(204);
        assertThat(files()).containsExactly("/dot.png");
    }

    @Test
    void anUnfinishedUploadExpiresAndItsPartsAreCollected() {
        Tus client = adminTus();
        String location = created(client.create("/", "slow.txt", null, 8));
        assertThat(client.patch(location, 0, bytes("abcd")).status()).isEqualTo(204);
        assertThat(parts()).hasSize(1);
        server.clock.advance(Duration.ofMinutes(61));
        assertThat(client.head(location).status()).isEqualTo(404);
        assertError(client.patch(location, 4, bytes("efgh")), 404, "UPLOAD_NOT_FOUND");
        assertThat(parts()).isEmpty(); // deleted when found expired

        String other = created(client.create("/", "slower.txt", null, 8));
        assertThat(client.patch(other, 0, bytes("abcd")).status()).isEqualTo(204);
        server.clock.advance(Duration.ofMinutes(61));
        assertThat(server.app.tus.sweep()).isPositive(); // other tests' uploads on this server may have expired too
        assertThat(parts()).isEmpty();
        assertThat(files()).isEmpty();
    }

    @Test
    void twoPatchesAtOneOffsetLandOnce() throws Exception {
        Tus client = adminTus();
        String location = created(client.create("/", "race.txt", null, 8));
        assertThat(client.patch(location, 0, bytes("abcd")).status()).isEqualTo(204);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var one = pool.submit(() -> client.patch(location, 4, bytes("efgh")));
            var two = pool.submit(() -> client.patch(location, 4, bytes("EFGH")));
            assertThat(List.of(one.get().status(), two.get().status())).containsExactlyInAnyOrder(204, 409);
        } finally {
            pool.shutdownNow();
        }
        assertThat(files()).containsExactly("/race.txt");
        assertThat(parts()).isEmpty();
    }

    @Test
    void aPartNoUploadRecordsIsCollectedAfterTheGrace() throws Exception {
        Tus client = adminTus();
        String location = created(client.create("/", "kept.txt", null, 8));
        assertThat(client.patch(location, 0, bytes("abcd")).status()).isEqualTo(204);
        String id = location.substring(location.lastIndexOf('/') + 1);
        // as a node that died between writing a PATCH's blob and recording it would leave
        String stray = token + "/_tus/" + id + "/4-0badf00d";
        server.app.blobs().put(stray, new java.io.ByteArrayInputStream(bytes("efgh")), 4);
        assertThat(parts()).hasSize(2);
        assertThat(server.app.tus.sweepStrayParts(Duration.ofDays(3650))).isZero(); // younger than the grace: maybe a PATCH under way
        server.clock.advance(Duration.ofMinutes(59)); // still within tus-ttl, past the grace
        server.app.tus.sweepStrayParts(Duration.ofMinutes(30));
        assertThat(parts()).hasSize(1).doesNotContain(stray);
        assertThat(client.patch(location, 4, bytes("efgh")).status()).isEqualTo(204);
        assertThat(files()).containsExactly("/kept.txt");
    }

    @Test
    void malformedCreationsAreRefused() {
        Tus client = adminTus();
        assertError(client.call("POST", client.base() + "/v5/tus/files", null, null, "Upload-Metadata", "name " + b64("a.txt")),
                400, "INVALID_PARAMETER"); // no Upload-Length
        assertError(client.call("POST", client.base() + "/v5/tus/files", null, null, "Upload-Length", "3", "Upload-Metadata", "name ***"),
                400, "INVALID_PARAMETER");
        assertError(client.call("POST", client.base() + "/v5/tus/files", null, null, "Upload-Length", "3"), 400, "INVALID_PARAMETER"); // no name
        assertError(client.call("POST", client.base() + "/v5/tus/files", null, null, "Upload-Defer-Length", "1",
                "Upload-Metadata", "name " + b64("a.txt")), 400, "INVALID_PARAMETER");
        Tus nobody = tus("not-a-key");
        assertThat(nobody.create("/", "a.txt", null, 3).status()).isEqualTo(401);
        assertThat(parts()).isEmpty();
    }
}
