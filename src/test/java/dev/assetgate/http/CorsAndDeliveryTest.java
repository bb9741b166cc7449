package dev.assetgate.http;

import static dev.assetgate.access.Permission.OBJECTS_FETCH;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assetgate.access.Permission;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.RawHttp;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Browser-facing behaviour: CORS pre-flights (answered without a key) and allowed origins; file
 * delivery with byte ranges, conditional requests and HEAD; the public or keyed CDN path; and the
 * headers that keep an uploaded HTML or SVG file from scripting this origin.
 */
@WithServer
class CorsAndDeliveryTest {
    static final HttpClient CLIENT = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();
    static TestServer server;
    static Api api;
    static JsonNode file;   // "abcdefghij" at /docs/letters.txt
    static String uuid;
    static String etag;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        server.createProject("deliver");
        api = server.allKey("deliver").in("deliver");
        file = uploaded(api, "/docs", "letters.txt", "text/plain", "abcdefghij");
        uuid = file.path("uuid").asText();
        etag = "\"" + file.path("hash").path("sha1").asText() + "\"";
    }

    // ================================================================== CORS

    @Test
    void preflightsAreAnsweredWithoutAKeyOnEveryKindOfPath() {
        for (String path : List.of("/deliver/v5/files", "/deliver/v4/files/" + uuid, "/deliver/v5/folders", "/deliver/v4/get/" + uuid,
                "/deliver/cdn/docs/letters.txt", "/admin/v1/keys", "/admin/v1/projects/deliver", "/no-such-project/v5/files",
                "/completely/unknown/route")) {
            HttpResponse<byte[]> r = preflight(server, path, "https://widget.example", "PUT", "x-filerobot-key,content-type");
            assertThat(r.statusCode()).as(path).isEqualTo(204);
            assertThat(r.body()).isEmpty();
            assertThat(header(r, "Access-Control-Allow-Origin")).as(path).isEqualTo("*");
            String methods = header(r, "Access-Control-Allow-Methods");
            assertThat(methods).as(path).contains("GET", "POST", "PUT", "PATCH", "DELETE");
            String headers = header(r, "Access-Control-Allow-Headers").toLowerCase(Locale.ROOT);
            assertThat(headers).as(path).contains("x-filerobot-key", "content-type");
        }
    }

    @Test
    void preflightsEchoTheRequestedHeadersAndActualResponsesCarryCorsToo() {
        HttpResponse<byte[]> r = preflight(server, "/deliver/v5/files", "https://widget.example", "PATCH",
                "X-Filerobot-Key, X-Session-Token, Range");
        assertThat(header(r, "Access-Control-Allow-Headers").toLowerCase(Locale.ROOT))
                .contains("x-filerobot-key", "x-session-token", "range");
        Api.Response ok = api.get("/v5/files", "Origin", "https://widget.example");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("Access-Control-Allow-Origin")).isEqualTo("*");
        Api.Response download = api.get("/v4/get/" + uuid, "Origin", "https://widget.example");
        assertThat(download.header("Access-Control-Expose-Headers")).contains("ETag", "Content-Range");
        Api.Response refused = api.anonymous().get("/v5/files", "Origin", "https://widget.example");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("Access-Control-Allow-Origin")).as("a browser can read the error").isEqualTo("*");
        assertThat(refused.code()).isEqualTo("UNAUTHORIZED");
    }

    @Test
    void onlyConfiguredOriginsAreAllowed() {
        try (TestServer strict = TestServer.start(Map.of(Setting.CORS_ORIGINS, "https://a.example"))) {
            strict.createProject("strict");
            Api key = strict.allKey("strict").in("strict");
            HttpResponse<byte[]> allowed = preflight(strict, "/strict/v5/files", "https://a.example", "DELETE", "x-filerobot-key");
            assertThat(allowed.statusCode()).isEqualTo(204);
            assertThat(header(allowed, "Access-Control-Allow-Origin")).isEqualTo("https://a.example");
            assertThat(header(allowed, "Vary")).contains("Origin");
            assertThat(header(allowed, "Access-Control-Allow-Methods")).contains("PUT", "PATCH", "DELETE");
            assertThat(header(allowed, "Access-Control-Allow-Headers").toLowerCase(Locale.ROOT)).contains("x-filerobot-key");
            assertThat(key.get("/v5/files", "Origin", "https://a.example").header("Access-Control-Allow-Origin"))
                    .isEqualTo("https://a.example");

            for (String other : List.of("https://b.example", "https://a.example.evil.test", "http://a.example", "null",
                    "https://a.example:8443")) {
                HttpResponse<byte[]> refused = preflight(strict, "/strict/v5/files", other, "DELETE", "x-filerobot-key");
                assertThat(header(refused, "Access-Control-Allow-Origin")).as(other).isNull();
                assertThat(header(refused, "Access-Control-Allow-Methods")).as(other).isNull();
                Api.Response actual = key.get("/v5/files", "Origin", other);
                assertThat(actual.header("Access-Control-Allow-Origin")).as(other).isNull();
            }
        }
    }

    // ================================================================== delivery: ranges and conditions

    @Test
    void singleByteRangesAreServedPartially() {
        assertRange("bytes=0-2", "bytes 0-2/10", "abc");
        assertRange("bytes=-2", "bytes 8-9/10", "ij");
        assertRange("bytes=2-", "bytes 2-9/10", "cdefghij");
        assertRange("bytes=9-9", "bytes 9-9/10", "j");
        assertRange("bytes=5-100", "bytes 5-9/10", "fghij");
        assertRange("bytes=-100", "bytes 0-9/10", "abcdefghij");
        for (String version : List.of("v4", "v5")) {
            Api.Response r = api.get("/" + version + "/get/" + uuid, "Range", "bytes=0-2");
            assertThat(r.status()).isEqualTo(206);
            assertThat(r.text()).isEqualTo("abc");
        }
    }

    @Test
    void storedBytesAreSentAsTheyAreToAClientThatAcceptsGzip() {
        // Javalin gzips answers above 1500 bytes by default; over a Content-Length of the stored size,
        // incompressible bytes came out cut short ("too much content written"), seen at 2 MB.
        byte[] noise = noise(2_000_000, 17);
        JsonNode stored = uploaded(api, "/gzip", "noise.bin", "application/octet-stream", noise);
        for (String path : List.of("/deliver/v4/get/" + stored.path("uuid").asText(), cdnPath(stored))) {
            HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                    .header("X-Filerobot-Key", api.key).header("Accept-Encoding", "gzip").GET());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(header(r, "Content-Encoding")).as(path).isNull();
            assertThat(r.body()).as(path).isEqualTo(noise);
        }
    }

    @Test
    void rangesOfALargeFileAreExactWhetherMappedOrRead() {
        // the store hands ranges of 256 KiB or more to the socket as a mapping of the file, shorter ones as arrays
        byte[] noise = noise(3_000_000, 23);
        String get = server.baseUrl() + "/deliver/v4/get/" + uploaded(api, "/ranges", "noise.bin", "application/octet-stream", noise).path("uuid").asText();
        int[][] ranges = {{0, 2_999_999}, {1, 400_000}, {262_144, 2_999_999}, {2_999_990, 2_999_999}, {1_000_000, 1_000_100}};
        for (int[] range : ranges) {
            HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(get)).header("X-Filerobot-Key", api.key)
                    .header("Range", "bytes=" + range[0] + "-" + range[1]).GET());
            assertThat(r.statusCode()).isEqualTo(206);
            assertThat(header(r, "Content-Range")).isEqualTo("bytes " + range[0] + "-" + range[1] + "/3000000");
            assertThat(r.body()).as("bytes %d-%d", range[0], range[1]).isEqualTo(java.util.Arrays.copyOfRange(noise, range[0], range[1] + 1));
        }
        HttpResponse<byte[]> whole = send(HttpRequest.newBuilder(URI.create(get)).header("X-Filerobot-Key", api.key).GET());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(noise);
    }

    @Test
    void shortJsonAnswersCarryTheirLengthAndLongOnesAreGzippedForAClientThatAcceptsIt() throws IOException {
        // Short answers go out from Jetty's buffer, long ones through Javalin, which compresses them.
        for (int i = 0; i < 12; i++) uploaded(api, "/many", "file-" + i + ".txt", "text/plain", "x" + i);
        String listing = server.baseUrl() + "/deliver/v5/files?folder=" + Api.enc("/many");
        HttpResponse<byte[]> details = send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/deliver/v5/file/" + uuid))
                .header("X-Filerobot-Key", api.key).header("Accept-Encoding", "gzip").GET());
        HttpResponse<byte[]> gzipped = send(HttpRequest.newBuilder(URI.create(listing))
                .header("X-Filerobot-Key", api.key).header("Accept-Encoding", "gzip").GET());
        HttpResponse<byte[]> plain = send(HttpRequest.newBuilder(URI.create(listing)).header("X-Filerobot-Key", api.key).GET());

        assertThat(details.statusCode()).isEqualTo(200);
        assertThat(details.body().length).as("a short answer").isLessThan(1500);
        assertThat(header(details, "Content-Encoding")).isNull();
        assertThat(header(details, "Content-Length")).isEqualTo(String.valueOf(details.body().length));
        assertThat(JSON.readTree(details.body()).path("file").path("uuid").asText()).isEqualTo(uuid);

        assertThat(header(gzipped, "Content-Encoding")).isEqualTo("gzip");
        byte[] unzipped = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzipped.body())).readAllBytes();
        assertThat(unzipped).isEqualTo(plain.body());
        assertThat(plain.body().length).as("a long answer").isGreaterThan(1500);
        assertThat(header(plain, "Content-Encoding")).isNull();
        assertThat(JSON.readTree(plain.body()).path("files").size()).isEqualTo(12);
    }

    @Test
    void aFileWhoseStoredBytesAreLostIsAnsweredWithTheErrorEnvelope() {
        // Delivery has set the file's Content-Length by the time opening its bytes fails.
        JsonNode lost = uploaded(api, "/lost", "lost.txt", "text/plain", "these bytes will be lost");
        String lostUuid = lost.path("uuid").asText();
        String key = server.blobKeys("deliver/").stream().filter(k -> k.endsWith(lostUuid)).findFirst().orElseThrow();
        server.loseBlob(key);

        Api.Response r = api.get("/v4/get/" + lostUuid);

        assertThat(r.status()).as(r.toString()).isEqualTo(500);
        assertThat(r.json().path("code").asText()).isEqualTo("INTERNAL_ERROR");
        assertThat(r.json().path("request_id").asText()).isEqualTo(r.header("X-Request-Id"));
        assertThat(r.header("Content-Length")).isEqualTo(String.valueOf(r.text().getBytes(StandardCharsets.UTF_8).length));
        assertThat(r.header("Cache-Control")).as("the file's caching is not the failure's").isEqualTo("no-store");
        assertThatTheFileIsNotDescribed(r);

        Api.Response range = api.get("/v4/get/" + lostUuid, "Range", "bytes=0-3");
        assertThat(range.status()).as(range.toString()).isEqualTo(500);
        assertThat(range.header("Content-Range")).as("the range of bytes that were never sent").isNull();
        assertThatTheFileIsNotDescribed(range);
    }

    /** An error answer is not the file: none of the headers delivery set for the file remain on it. */
    private static void assertThatTheFileIsNotDescribed(Api.Response error) {
        for (String header : List.of("ETag", "Last-Modified", "Content-Disposition", "Accept-Ranges")) {
            assertThat(error.header(header)).as(header + " on " + error).isNull();
        }
        assertThat(error.header("Content-Type")).startsWith("application/json");
    }

    /** Last-Modified is an IMF-fixdate (RFC 9110 5.6.7), whose day has two digits: "Sat, 05 Dec", not "Sat, 5 Dec". */
    @Test
    void lastModifiedIsAnHttpDateWithATwoDigitDay() {
        try (TestServer own = TestServer.start()) {
            java.time.ZonedDateTime now = own.clock.instant().atZone(java.time.ZoneOffset.UTC);
            java.time.ZonedDateTime fifth = now.plusMonths(1).withDayOfMonth(5).withHour(12).withMinute(0);
            own.clock.advance(java.time.Duration.between(now, fifth)); // the test clock goes on running from there
            own.createProject("dates");
            Api in = own.allKey("dates").in("dates");
            Api.Response r = in.get("/v4/get/" + uploaded(in, "/d", "d.txt", "text/plain", "dated").path("uuid").asText());
            assertThat(r.header("Last-Modified"))
                    .startsWith(java.time.format.DateTimeFormatter.ofPattern("EEE, dd MMM yyyy 12:", java.util.Locale.US).format(fifth))
                    .matches("[A-Z][a-z]{2}, 05 [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
        }
    }

    @Test
    void unsatisfiableRangesAre416() {
        for (String range : List.of("bytes=10-20", "bytes=100-", "bytes=-0", "bytes=5-2")) {
            Api.Response r = api.get("/v4/get/" + uuid, "Range", range);
            assertThat(r.status()).as(range + " → " + r).isEqualTo(416);
            assertThat(r.code()).isEqualTo("RANGE_NOT_SATISFIABLE");
            assertThat(r.header("Content-Range")).as("tells the client the size").isEqualTo("bytes */10");
            assertThatTheFileIsNotDescribed(r);
            assertThat(r.header("Cache-Control")).as("no cache keeps a refusal of one range").isEqualTo("no-store");
        }
    }

    @Test
    void rangesThatCannotBeHonouredGetTheWholeFile() {
        for (String range : List.of("bytes=0-1,3-4", "bytes=abc", "items=0-1", "bytes=")) {
            Api.Response r = api.get("/v4/get/" + uuid, "Range", range);
            assertThat(r.status()).as(range).isEqualTo(200);
            assertThat(r.text()).isEqualTo("abcdefghij");
        }
        Api.Response staleIfRange = api.get("/v4/get/" + uuid, "Range", "bytes=0-2", "If-Range", "\"some-older-version\"");
        assertThat(staleIfRange.status()).isEqualTo(200);
        assertThat(staleIfRange.text()).isEqualTo("abcdefghij");
        Api.Response freshIfRange = api.get("/v4/get/" + uuid, "Range", "bytes=0-2", "If-Range", etag);
        assertThat(freshIfRange.status()).isEqualTo(206);
        assertThat(freshIfRange.text()).isEqualTo("abc");
    }

    @Test
    void conditionalRequestsAnswer304() {
        Api.Response full = api.get("/v4/get/" + uuid);
        assertThat(full.status()).isEqualTo(200);
        assertThat(full.header("ETag")).isEqualTo(etag);
        assertThat(full.header("Accept-Ranges")).isEqualTo("bytes");
        for (String match : List.of(etag, "W/" + etag, "\"other\", " + etag, "*")) {
            Api.Response r = api.get("/v4/get/" + uuid, "If-None-Match", match);
            assertThat(r.status()).as(match).isEqualTo(304);
            assertThat(r.bytes()).isEmpty();
            assertThat(r.header("ETag")).isEqualTo(etag);
        }
        Api.Response changed = api.get("/v4/get/" + uuid, "If-None-Match", "\"other\"");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.text()).isEqualTo("abcdefghij");
        Api.Response since = api.get("/v4/get/" + uuid, "If-Modified-Since", full.header("Last-Modified"));
        assertThat(since.status()).isEqualTo(304);
        Api.Response cdn = server.anonymous.get(cdnPath(file), "If-None-Match", etag);
        assertThat(cdn.status()).isEqualTo(304);
    }

    /**
     * A 304 carries the file's own type, not the framework's default text/plain: browsers merge it into
     * the cached response, and with nosniff Chromium then blocked revalidated widget thumbnails (ORB).
     */
    @Test
    void notModifiedAnswersKeepTheFilesContentType() {
        JsonNode png = uploaded(api, "/revalidate", "dot.png", "image/png", "png-bytes");
        String tag = "\"" + png.path("hash").path("sha1").asText() + "\"";
        for (Api.Response r : List.of(api.get("/v4/get/" + png.path("uuid").asText(), "If-None-Match", tag),
                server.anonymous.get(cdnPath(png), "If-None-Match", tag))) {
            assertThat(r.status()).as(r.toString()).isEqualTo(304);
            assertThat(r.header("Content-Type")).startsWith("image/png");
        }
    }

    /** Conditions and ranges are evaluated only after the key: a 304 or 416 must not confirm a file to a stranger. */
    @Test
    void conditionsAndRangesDoNotBypassTheKey() {
        server.createProject("deliver-other");
        Api stranger = server.allKey("deliver-other").in("deliver");
        for (Api who : List.of(api.anonymous(), stranger, server.withKey("agsk_" + "0".repeat(64)).in("deliver"))) {
            for (String[] headers : List.of(new String[] {"If-None-Match", etag}, new String[] {"If-None-Match", "*"},
                    new String[] {"Range", "bytes=100-"}, new String[] {"Range", "bytes=0-2"},
                    new String[] {"If-Modified-Since", "Fri, 01 Jan 2100 00:00:00 GMT"})) {
                Api.Response r = who.get("/v4/get/" + uuid, headers);
                assertThat(r.status()).as("%s: %s", headers[0], r).isIn(401, 403);
                assertThat(r.code()).isIn("UNAUTHORIZED", "PROJECT_NOT_ALLOWED");
                assertThat(r.header("ETag")).isNull();
                assertThat(r.header("Content-Range")).isNull();
            }
        }
    }

    @Test
    void headGivesTheHeadersWithoutTheBody() {
        Api.Response head = api.head("/v4/get/" + uuid);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo("10");
        assertThat(head.header("Content-Type")).startsWith("text/plain");
        assertThat(head.header("ETag")).isEqualTo(etag);
        assertThat(head.bytes()).isEmpty();
        Api.Response ranged = api.head("/v5/get/" + uuid, "Range", "bytes=0-2");
        assertThat(ranged.status()).isEqualTo(206);
        assertThat(ranged.header("Content-Length")).isEqualTo("3");
        assertThat(ranged.header("Content-Range")).isEqualTo("bytes 0-2/10");
        assertThat(ranged.bytes()).isEmpty();
        Api.Response cdnHead = server.anonymous.head(cdnPath(file));
        assertThat(cdnHead.status()).isEqualTo(200);
        assertThat(cdnHead.header("Content-Length")).isEqualTo("10");
        assertThat(cdnHead.bytes()).isEmpty();
        assertThat(api.anonymous().head("/v4/get/" + uuid).status()).isEqualTo(401);
    }

    // ================================================================== CDN

    @Test
    void theCdnUrlIsPublicByDefault() {
        String cdn = file.path("url").path("cdn").asText();
        assertThat(cdn).startsWith(server.baseUrl() + "/deliver/cdn/docs/letters.txt");
        Api.Response r = get(cdn, null);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("abcdefghij");
        assertThat(get(file.path("url").path("public").asText(), null).text()).isEqualTo("abcdefghij");
        Api.Response ranged = server.anonymous.get(cdnPath(file), "Range", "bytes=-2");
        assertThat(ranged.status()).isEqualTo(206);
        assertThat(ranged.text()).isEqualTo("ij");
        assertThat(get(file.path("url").path("permalink").asText(), null).status()).as("the permalink needs a key").isEqualTo(401);
    }

    @Test
    void aMissingCdnFileAndAnUnknownProjectAnswerAlike() {
        Api.Response missingFile = server.anonymous.get("/deliver/cdn/docs/nope.txt");
        Api.Response unknownProject = server.anonymous.get("/no-such-project/cdn/docs/nope.txt");
        assertThat(missingFile.status()).isEqualTo(404);
        assertThat(missingFile.code()).isEqualTo("FILE_NOT_FOUND");
        assertThat(unknownProject.envelope()).as("no probing for project tokens").isEqualTo(missingFile.envelope());
    }

    @Test
    void theCdnCannotBeWalkedOutOfItsProject() {
        server.createProject("neighbour");
        uploaded(server.allKey("neighbour").in("neighbour"), "/secret", "s.txt", "text/plain", "neighbour secret");
        for (String path : List.of("/deliver/cdn/../neighbour/cdn/secret/s.txt", "/deliver/cdn/%2e%2e/%2e%2e/neighbour/cdn/secret/s.txt",
                "/deliver/cdn/..%2f..%2fneighbour%2fcdn%2fsecret%2fs.txt", "/deliver/cdn/%2e%2e%2fsecret%2fs.txt")) {
            Api.Response r = raw(path);
            assertThat(r.status()).as(path + " → " + r).isEqualTo(400);
            assertThat(r.code()).isEqualTo("INVALID_PATH");
            assertThat(r.text()).doesNotContain("neighbour secret");
        }
        Api.Response sameNameHere = raw("/deliver/cdn/secret/s.txt");
        assertThat(sameNameHere.status()).isEqualTo(404);
        assertThat(sameNameHere.code()).isEqualTo("FILE_NOT_FOUND");
        // A raw backslash is not even a valid request-target: Jetty refuses it before any route runs.
        Api.Response backslash = raw("/deliver/cdn/..\\secret\\s.txt");
        assertThat(backslash.status()).isEqualTo(400);
        assertThat(backslash.text()).doesNotContain("neighbour secret");
    }

    @Test
    void aPrivateCdnNeedsAKeyWithObjectsFetchForTheProject() {
        try (TestServer closed = TestServer.start(Map.of(Setting.CDN_PUBLIC, "false"))) {
            closed.createProject("closed");
            closed.createProject("other");
            Api owner = closed.allKey("closed").in("closed");
            JsonNode f = uploaded(owner, "/docs", "letters.txt", "text/plain", "abcdefghij");
            String cdn = f.path("url").path("cdn").asText();
            assertThat(f.path("visibility").path("in_cdn").path("actual").asText()).isEqualTo("not_public");

            // Without a key a file that is not public answers like a missing one: no probing for private names.
            Api.Response anonymous = get(cdn, null);
            assertThat(anonymous.status()).isEqualTo(404);
            assertThat(anonymous.code()).isEqualTo("FILE_NOT_FOUND");
            Api.Response missing = closed.anonymous.get("/closed/cdn/docs/nope.txt");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(anonymous.json().path("hint")).isEqualTo(missing.json().path("hint"));
            Api.Response forged = get(cdn, "agsk_" + "0".repeat(64));
            assertThat(forged.status()).isEqualTo(401);
            Api.Response otherProject = get(cdn, closed.allKey("other").key);
            assertThat(otherProject.status()).isEqualTo(403);
            assertThat(otherProject.code()).isEqualTo("PROJECT_NOT_ALLOWED");
            EnumSet<Permission> allButFetch = EnumSet.complementOf(EnumSet.of(OBJECTS_FETCH));
            Api.Response noFetch = get(cdn, closed.key(false, List.of("closed"),
                    PermissionSet.of(allButFetch.toArray(Permission[]::new)), null).key);
            assertThat(noFetch.status()).isEqualTo(403);
            assertThat(noFetch.code()).isEqualTo("PERMISSION_DENIED");
            assertThat(noFetch.text()).doesNotContain("abcdefghij");
            Api.Response fetch = get(cdn, closed.keyFor(List.of("closed"), OBJECTS_FETCH).key);
            assertThat(fetch.status()).isEqualTo(200);
            assertThat(fetch.text()).isEqualTo("abcdefghij");
            Api.Response company = get(cdn, closed.companyKey(OBJECTS_FETCH).key);
            assertThat(company.text()).isEqualTo("abcdefghij");
            Api.Response unknownProject = closed.anonymous.get("/nope/cdn/docs/letters.txt", "X-Filerobot-Key",
                    closed.keyFor(List.of("closed"), OBJECTS_FETCH).key);
            assertThat(unknownProject.status()).isEqualTo(403);
            assertThat(unknownProject.code()).isEqualTo("PROJECT_NOT_ALLOWED");
        }
    }

    // ================================================================== safety headers

    @Test
    void servedFilesCannotScriptThisOrigin() {
        JsonNode html = uploaded(api, "/evil", "page.html", "text/html", "<script>alert(document.cookie)</script>");
        JsonNode svg = uploaded(api, "/evil", "pic.svg", "image/svg+xml",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>");
        for (JsonNode f : List.of(file, html, svg)) {
            for (Api.Response r : List.of(api.get("/v4/get/" + f.path("uuid").asText()), server.anonymous.get(cdnPath(f)),
                    api.get("/v5/get/" + f.path("uuid").asText(), "Range", "bytes=0-1"),
                    api.get("/v4/get/" + f.path("uuid").asText(), "If-None-Match", "\"" + f.path("hash").path("sha1").asText() + "\""))) {
                assertThat(r.status()).isIn(200, 206, 304);
                assertThat(r.header("X-Content-Type-Options")).as(f.path("name").asText()).isEqualTo("nosniff");
                assertThat(r.header("Content-Security-Policy")).as(f.path("name").asText()).contains("sandbox");
            }
        }
        Api.Response inline = api.get("/v4/get/" + uuid);
        assertThat(inline.header("Content-Disposition")).startsWith("inline");
        Api.Response attachment = api.get("/v4/get/" + uuid + "?download=1");
        assertThat(attachment.header("Content-Disposition")).startsWith("attachment").contains("letters.txt");
    }

    // ================================================================== helpers

    static void assertRange(String range, String contentRange, String body) {
        Api.Response r = api.get("/v4/get/" + uuid, "Range", range);
        assertThat(r.status()).as(range + " → " + r).isEqualTo(206);
        assertThat(r.header("Content-Range")).as(range).isEqualTo(contentRange);
        assertThat(r.header("Content-Length")).as(range).isEqualTo(String.valueOf(body.length()));
        assertThat(r.text()).as(range).isEqualTo(body);
        assertThat(r.header("ETag")).isEqualTo(etag);
    }

    static JsonNode uploaded(Api in, String folder, String name, String type, String content) {
        return uploaded(in, folder, name, type, content.getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode uploaded(Api in, String folder, String name, String type, byte[] content) {
        Api.Response r = in.multipart("/v5/files?folder=" + Api.enc(folder), new Api.Multipart().file("files[]", name, type, content));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("file");
    }

    private static byte[] noise(int size, long seed) {
        byte[] noise = new byte[size];
        new java.util.Random(seed).nextBytes(noise);
        return noise;
    }

    /** The CDN URL of a file as a path and query on this server. */

    static String cdnPath(JsonNode f) {
        URI cdn = URI.create(f.path("url").path("cdn").asText());
        return cdn.getRawPath() + (cdn.getRawQuery() == null ? "" : "?" + cdn.getRawQuery());
    }

    static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    static HttpResponse<byte[]> preflight(TestServer on, String path, String origin, String method, String headers) {
        return send(HttpRequest.newBuilder(URI.create(on.baseUrl() + path))
                .header("Origin", origin)
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", headers)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    }

    static Api.Response get(String url, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (key != null) b.header("X-Filerobot-Key", key);
        return Api.send(b);
    }

    /** A path sent exactly as written (the JDK client would not normalise it either, but URI.create might refuse it). */
    static Api.Response raw(String path) {
        return RawHttp.exchange(server.port(), "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    }

    static HttpResponse<byte[]> send(HttpRequest.Builder b) {
        try {
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }
}
