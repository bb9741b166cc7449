package dev.assetgate.http;

import static dev.assetgate.support.Api.enc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.RawHttp;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every way a file can arrive on POST|PUT /{token}/v4/files (reference §5.3), what is refused, and
 * that a refused or broken upload leaves neither a row nor a blob behind. Each test works in a
 * project of its own, so "nothing was stored" is simply an empty project.
 */
@WithServer
class UploadPathsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger PROJECTS = new AtomicInteger();
    static TestServer server;
    /** A local origin for URL uploads; the default server must refuse to fetch from it. */
    static Origin origin;

    String token;
    Api api;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        origin = new Origin("127.0.0.1");
        origin.serve("/files/hello.txt", 200, "text/plain", "hello from url".getBytes(StandardCharsets.UTF_8), null);
    }

    @AfterAll
    static void stop() {
        origin.close();
    }

    @BeforeEach
    void project() {
        token = newProject(server);
        api = server.allKey(token).in(token);
    }

    static String newProject(TestServer s) {
        String token = "up" + PROJECTS.incrementAndGet();
        s.createProject(token);
        return token;
    }

    // ================================================================== multipart

    @Test
    void multipartAcceptsEveryPartNameClientsUse() {
        for (String part : List.of("files[]", "file", "attachment", "file_0", "report.txt")) {
            String name = part.equals("report.txt") ? "report.txt" : "via-" + part.replaceAll("[^a-z0-9_]", "") + ".txt";
            JsonNode file = ok(api.multipart("/v4/files?folder=/parts", new Api.Multipart()
                    .file(part, name, "text/plain", ("content of " + part).getBytes(StandardCharsets.UTF_8)))).path("file");
            assertThat(file.path("name").asText()).as(part).isEqualTo(name);
            assertThat(file.path("folder").path("name").asText()).isEqualTo("/parts");
            assertThat(download(file)).isEqualTo("content of " + part);
        }
        assertThat(listedNames("/parts")).containsExactlyInAnyOrder("via-files.txt", "via-file.txt", "via-attachment.txt",
                "via-file_0.txt", "report.txt");
    }

    @Test
    void multipartSidePartsAttachMetaInfoAndTagsToTheirPart() {
        JsonNode body = ok(api.multipart("/v4/files?folder=/side", new Api.Multipart()
                .field("info[files[]]", "{\"name\":\"renamed.txt\",\"type\":\"text/plain\",\"campaign\":\"spring\"}")
                .field("meta[files[]]", "{\"title\":{\"en\":\"Widget title\"}}")
                .field("tags[files[]]", "{\"lang\":\"en\",\"new_tags\":[\"red\",\"blue\"]}")
                .file("files[]", "original.txt", "text/plain", "w".getBytes(StandardCharsets.UTF_8))
                .field("meta[attachment]", "{\"title\":{\"en\":\"PHP title\"}}")
                .field("tags[attachment]", "[\"green\",\" \",\"red\"]")
                .file("attachment", "php.txt", "text/plain", "p".getBytes(StandardCharsets.UTF_8))));
        JsonNode widget = byName(body.path("files"), "renamed.txt");
        assertThat(widget.path("info").path("campaign").asText()).isEqualTo("spring");
        assertThat(widget.path("meta").path("title").path("en").asText()).isEqualTo("Widget title");
        assertThat(labels(widget, "en")).containsExactly("red", "blue");
        JsonNode php = byName(body.path("files"), "php.txt");
        assertThat(php.path("meta").path("title").path("en").asText()).isEqualTo("PHP title");
        assertThat(labels(php, "en")).containsExactly("green", "red");
        assertThat(php.path("info").has("campaign")).as("info of another part does not leak").isFalse();
        // the same label is the same tag in the project's dictionary
        String redSid = widget.path("tags").path("en").get(0).path("sid").asText();
        assertThat(php.path("tags").path("en").get(1).path("sid").asText()).isEqualTo(redSid);
        assertThat(listedNames("/side")).containsExactlyInAnyOrder("renamed.txt", "php.txt");
        JsonNode dictionary = ok(api.get("/v5/tags"));
        List<String> known = new ArrayList<>();
        dictionary.path("tags").forEach(t -> known.add(t.path("names").path("en").asText()));
        assertThat(known).containsExactlyInAnyOrder("red", "blue", "green");
    }

    @Test
    void tagsMayNameAnotherLanguage() {
        JsonNode file = ok(api.multipart("/v4/files?folder=/lang", new Api.Multipart()
                .field("tags[files[]]", "{\"lang\":\"fr\",\"new_tags\":[\"rouge\"]}")
                .file("files[]", "fr.txt", "text/plain", "f".getBytes(StandardCharsets.UTF_8)))).path("file");
        assertThat(labels(file, "fr")).containsExactly("rouge");
        assertThat(file.path("tags").has("en")).isFalse();
    }

    @Test
    void aBareMetaPartAppliesToEveryFileAndSeveralFilesAnswerFileAndFiles() {
        JsonNode body = ok(api.multipart("/v4/files?folder=/many", new Api.Multipart()
                .field("meta", "{\"source\":\"bulk\"}")
                .file("files[]", "one.txt", "text/plain", "1".getBytes(StandardCharsets.UTF_8))
                .file("files[]", "two.txt", "text/plain", "22".getBytes(StandardCharsets.UTF_8))
                .file("file_1", "three.txt", "text/plain", "333".getBytes(StandardCharsets.UTF_8))));
        assertThat(body.path("files")).hasSize(3);
        assertThat(body.path("file").path("uuid").asText()).isEqualTo(body.path("files").get(0).path("uuid").asText());
        assertThat(body.path("info").path("uploaded_files").asInt()).isEqualTo(3);
        for (JsonNode f : body.path("files")) {
            assertThat(f.path("meta").path("source").asText()).as(f.path("name").asText()).isEqualTo("bulk");
        }
        assertThat(byName(body.path("files"), "two.txt").path("size").path("bytes").asLong()).isEqualTo(2);
        assertThat(listedNames("/many")).containsExactlyInAnyOrder("one.txt", "two.txt", "three.txt");
    }

    @Test
    void theUploadAliasAndDirParameterWork() {
        JsonNode file = ok(api.multipart("/v4/upload?dir=/legacy", new Api.Multipart()
                .file("file", "old.txt", "text/plain", "old".getBytes(StandardCharsets.UTF_8)))).path("file");
        assertThat(file.path("folder").path("name").asText()).isEqualTo("/legacy");
        assertThat(listedNames("/legacy")).containsExactly("old.txt");
    }

    @Test
    void nonAsciiNamesSurviveMultipart() {
        JsonNode file = ok(api.multipart("/v4/files?folder=/unicode", new Api.Multipart()
                .file("files[]", "café 東京.txt", "text/plain", "u".getBytes(StandardCharsets.UTF_8)))).path("file");
        assertThat(file.path("name").asText()).isEqualTo("café 東京.txt");
        assertThat(listedNames("/unicode")).containsExactly("café 東京.txt");
    }

    @Test
    void pythonClientBase64AsFormFieldsIsAccepted() {
        String data = Base64.getEncoder().encodeToString("form b64".getBytes(StandardCharsets.UTF_8));
        JsonNode file = ok(api.multipart("/v4/files?folder=/py", new Api.Multipart()
                .field("name", "py.txt").field("data", data).field("postactions", "decode_base64"))).path("file");
        assertThat(file.path("folder").path("name").asText()).isEqualTo("/py");
        assertThat(download(file)).isEqualTo("form b64");
    }

    // ================================================================== base64

    @Test
    void base64NameCarriesTheFolderPath() {
        byte[] bytes = "php base64".getBytes(StandardCharsets.UTF_8);
        JsonNode file = ok(api.postJson("/v4/files", json("name", "/php/b64.txt", "data",
                Base64.getEncoder().encodeToString(bytes), "postactions", "decode_base64"))).path("file");
        assertThat(file.path("name").asText()).isEqualTo("b64.txt");
        assertThat(file.path("folder").path("name").asText()).isEqualTo("/php");
        assertThat(file.path("hash").path("sha1").asText()).isEqualTo(sha1(bytes));
        assertThat(download(file)).isEqualTo("php base64");
    }

    @Test
    void base64RelativeNamesAreInsideTheFolderParameter() {
        String data = Base64.getEncoder().encodeToString("r".getBytes(StandardCharsets.UTF_8));
        JsonNode plain = ok(api.postJson("/v4/files?folder=/base", json("name", "plain.txt", "data", data))).path("file");
        assertThat(plain.path("folder").path("name").asText()).isEqualTo("/base");
        JsonNode nested = ok(api.postJson("/v4/files?folder=/base", json("name", "sub/deeper/rel.txt", "data", data))).path("file");
        assertThat(nested.path("name").asText()).isEqualTo("rel.txt");
        assertThat(nested.path("folder").path("name").asText()).isEqualTo("/base/sub/deeper");
        JsonNode root = ok(api.postJson("/v4/files", json("name", "at-root.txt", "data", data))).path("file");
        assertThat(root.path("folder").path("name").asText()).isEqualTo("/");
    }

    @Test
    void base64AcceptsDataUrlsAndLineBreaksAndCarriesMeta() {
        ObjectNode body = JSON.createObjectNode().put("name", "d.txt").put("data", "data:text/plain;base64,"
                + Base64.getMimeEncoder().encodeToString("x".repeat(100).getBytes(StandardCharsets.UTF_8)));
        body.putObject("meta").put("alt", "data url");
        JsonNode file = ok(api.postJson("/v4/files?folder=/durl", body.toString())).path("file");
        assertThat(download(file)).isEqualTo("x".repeat(100));
        assertThat(file.path("meta").path("alt").asText()).isEqualTo("data url");
    }

    // ================================================================== by URL

    @Test
    void withoutAnAllowListInternalUrlsAreRefusedAndNothingIsStored() {
        int hitsBefore = origin.hits("/files/hello.txt");
        for (String url : List.of(origin.url("/files/hello.txt"),
                "http://localhost:" + origin.port() + "/files/hello.txt",
                "http://[::1]:" + origin.port() + "/files/hello.txt",
                "http://0.0.0.0:" + origin.port() + "/files/hello.txt",
                "http://2130706433:" + origin.port() + "/files/hello.txt",
                "http://10.1.2.3/secret.txt",
                "http://192.168.0.1/secret.txt",
                "http://169.254.169.254/latest/meta-data/")) {
            Api.Response r = api.postJson("/v4/files?folder=/refused", urls(url));
            assertError(r, 422, "UPLOAD_URL_REFUSED");
            assertThat(r.json().path("msg").asText()).as(url).containsAnyOf("internal address", "cannot resolve");
        }
        assertThat(origin.hits("/files/hello.txt")).as("the origin was never contacted").isEqualTo(hitsBefore);
        assertProjectEmpty();
    }

    @Test
    void onlyHttpAndHttpsUrlsAreFetched() {
        for (String url : List.of("file:///etc/passwd", "ftp://example.com/x", "gopher://127.0.0.1/", "not a url",
                "http://user:pass@example.com/x")) {
            assertError(api.postJson("/v4/files", urls(url)), 422, "UPLOAD_URL_REFUSED");
        }
        assertProjectEmpty();
    }

    @Test
    void moreThanTwentyUrlsAreRefusedBeforeAnyFetch() {
        int hitsBefore = origin.hits("/files/hello.txt");
        ArrayNode list = JSON.createArrayNode();
        for (int i = 0; i < 21; i++) list.addObject().put("url", origin.url("/files/hello.txt")).put("name", i + ".txt");
        ObjectNode body = JSON.createObjectNode();
        body.set("files_urls", list);
        assertError(api.postJson("/v4/files?folder=/many-urls", body.toString()), 400, "INVALID_PARAMETER");
        assertThat(origin.hits("/files/hello.txt")).isEqualTo(hitsBefore);
        assertProjectEmpty();
    }

    @Test
    void emptyOrMalformedUrlListsAre400() {
        assertError(api.postJson("/v4/files", "{\"files_urls\":[]}"), 400, "INVALID_PARAMETER");
        assertError(api.postJson("/v4/files", "{\"files_urls\":\"http://example.com/x\"}"), 400, "INVALID_PARAMETER");
        assertError(api.postJson("/v4/files", "{\"files_urls\":[42]}"), 400, "INVALID_PARAMETER");
        assertProjectEmpty();
    }

    /** A server whose operator allowed 127.0.0.1/32 for URL uploads. */
    @Nested
    @WithServer
    @ServerSetting(key = Setting.URL_UPLOAD_ALLOW, value = "127.0.0.1/32")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithLoopbackAllowed {
        TestServer allowing;
        Origin forbidden;
        String uToken;
        Api uApi;

        @BeforeAll
        void start(TestServer started) {
            allowing = started;
            origin.serve("/files/pic.png", 200, "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}, null);
            origin.serve("/files/named", 200, "text/plain", "named body".getBytes(StandardCharsets.UTF_8), null);
            origin.serve("/files/gone", 404, "text/plain", "no".getBytes(StandardCharsets.UTF_8), null);
            origin.serve("/redirect/ok", 302, null, new byte[0], "/files/hello.txt");
            origin.serve("/redirect/metadata", 302, null, new byte[0], "http://169.254.169.254/latest/meta-data/iam");
            origin.serve("/redirect/ten", 302, null, new byte[0], "http://10.20.30.40/internal.txt");
            try {
                forbidden = new Origin("127.0.0.2");
            } catch (UncheckedIOException e) {
                forbidden = null; // this platform cannot bind 127.0.0.2; that one redirect case is skipped
            }
            if (forbidden != null) {
                forbidden.serve("/secret.txt", 200, "text/plain", "secret".getBytes(StandardCharsets.UTF_8), null);
                origin.serve("/redirect/other-loopback", 302, null, new byte[0], forbidden.url("/secret.txt"));
            }
        }

        @AfterAll
        void stop() {
            if (forbidden != null) forbidden.close();
        }

        @BeforeEach
        void project() {
            uToken = newProject(allowing);
            uApi = allowing.allKey(uToken).in(uToken);
        }

        @Test
        void filesUrlsAreFetchedWithNamesMetaAndContentType() {
            ObjectNode body = JSON.createObjectNode();
            ArrayNode list = body.putArray("files_urls");
            list.addObject().put("url", origin.url("/files/hello.txt"));
            ObjectNode named = list.addObject().put("url", origin.url("/files/named")).put("name", "chosen.txt");
            named.putObject("meta").put("title", "from url");
            list.add(origin.url("/files/pic.png")); // a bare string is taken as {"url": ...}
            JsonNode answer = ok(uApi.postJson("/v4/files?folder=/fetched", body.toString()));
            assertThat(answer.path("files")).hasSize(3);
            JsonNode hello = byName(answer.path("files"), "hello.txt");
            assertThat(hello.path("folder").path("name").asText()).isEqualTo("/fetched");
            assertThat(hello.path("type").asText()).isEqualTo("text/plain");
            assertThat(download(uApi, hello)).isEqualTo("hello from url");
            JsonNode chosen = byName(answer.path("files"), "chosen.txt");
            assertThat(chosen.path("meta").path("title").asText()).isEqualTo("from url");
            assertThat(download(uApi, chosen)).isEqualTo("named body");
            assertThat(byName(answer.path("files"), "pic.png").path("type").asText()).isEqualTo("image/png");
        }

        @Test
        void uploadUrlAliasTakesTheFolderFromDir() {
            JsonNode file = ok(uApi.postJson("/v4/files/upload_url", "{\"files_urls\":[{\"url\":\""
                    + origin.url("/files/hello.txt") + "\",\"name\":\"via-alias.txt\"}],\"dir\":\"/x\"}")).path("file");
            assertThat(file.path("name").asText()).isEqualTo("via-alias.txt");
            assertThat(file.path("folder").path("name").asText()).isEqualTo("/x");
            assertThat(download(uApi, file)).isEqualTo("hello from url");
        }

        @Test
        void redirectsAreFollowedAndEachTargetIsCheckedAgain() {
            JsonNode followed = ok(uApi.postJson("/v4/files?folder=/redir", urls(origin.url("/redirect/ok")))).path("file");
            assertThat(download(uApi, followed)).isEqualTo("hello from url");

            for (String path : List.of("/redirect/metadata", "/redirect/ten")) {
                Api.Response r = uApi.postJson("/v4/files?folder=/refused", urls(origin.url(path)));
                assertError(r, 422, "UPLOAD_URL_REFUSED");
                assertThat(r.json().path("msg").asText()).as(path).contains("internal address");
            }
            if (forbidden != null) {
                Api.Response r = uApi.postJson("/v4/files?folder=/refused", urls(origin.url("/redirect/other-loopback")));
                assertError(r, 422, "UPLOAD_URL_REFUSED");
                assertThat(forbidden.hits("/secret.txt")).as("a loopback address outside the allowed CIDR").isZero();
            }
            assertThat(listedNames(uApi, "/", true)).containsExactly("hello.txt");
        }

        @Test
        void anOriginErrorIsRefusedAndStoresNothing() {
            assertError(uApi.postJson("/v4/files?folder=/gone", urls(origin.url("/files/gone"))), 422, "UPLOAD_URL_REFUSED");
            assertThat(listedNames(uApi, "/", true)).isEmpty();
        }

        @Test
        void aUrlUploadOntoAnExistingNameIsAConflict() {
            ok(uApi.postJson("/v4/files?folder=/dup", urls(origin.url("/files/hello.txt"))));
            assertError(uApi.postJson("/v4/files?folder=/dup", urls(origin.url("/files/hello.txt"))), 409, "NAME_CONFLICT");
            assertThat(listedNames(uApi, "/dup", false)).containsExactly("hello.txt");
            assertThat(allowing.blobKeys(uToken + "/")).hasSize(1);
        }
    }

    // ================================================================== PUT stream

    @Test
    void putStreamsARawBody() {
        byte[] bytes = new byte[300 * 1024];
        new Random(7).nextBytes(bytes);
        JsonNode file = ok(api.putBytes("/v4/files?folder=/big&filename=x.bin", bytes, "application/octet-stream")).path("file");
        assertThat(file.path("name").asText()).isEqualTo("x.bin");
        assertThat(file.path("folder").path("name").asText()).isEqualTo("/big");
        assertThat(file.path("size").path("bytes").asLong()).isEqualTo(bytes.length);
        assertThat(file.path("hash").path("sha1").asText()).isEqualTo(sha1(bytes));
        assertThat(api.get("/v4/get/" + file.path("uuid").asText()).bytes()).isEqualTo(bytes);
    }

    @Test
    void putStreamsAChunkedBodyOfUnknownLength() {
        byte[] bytes = new byte[200 * 1024];
        new Random(8).nextBytes(bytes);
        Api.Response r = putChunked(server, token, api.key, "/v4/files?folder=/chunked&filename=c.bin", bytes);
        JsonNode file = ok(r).path("file");
        assertThat(file.path("size").path("bytes").asLong()).isEqualTo(bytes.length);
        assertThat(api.get("/v4/get/" + file.path("uuid").asText()).bytes()).isEqualTo(bytes);
    }

    @Test
    void putWithoutFilenameIs400() {
        assertError(api.putBytes("/v4/files?folder=/big", new byte[] {1}, "application/octet-stream"), 400, "INVALID_PARAMETER");
        assertError(api.putBytes("/v4/files?folder=/big&filename=", new byte[] {1}, "application/octet-stream"), 400, "INVALID_PARAMETER");
        assertProjectEmpty();
    }

    // ================================================================== folders and conflicts

    @Test
    void missingTargetFoldersAreCreated() {
        ok(api.upload("/new/deep/er", "n.txt", "n"));
        JsonNode folders = ok(api.get("/v5/folders?folder=/new&recursive=1"));
        List<String> paths = new ArrayList<>();
        folders.path("folders").forEach(f -> paths.add(f.path("path").asText()));
        assertThat(paths).containsExactly("/new/deep", "/new/deep/er");
    }

    @Test
    void aSecondUploadOfTheSameNameIsAConflictOnEveryPathAndTheFirstIsUnchanged() {
        JsonNode first = ok(api.upload("/dup", "same.txt", "first")).path("file");
        assertError(api.upload("/dup", "same.txt", "second"), 409, "NAME_CONFLICT");
        assertError(api.postJson("/v4/files?folder=/dup", json("name", "same.txt", "data",
                Base64.getEncoder().encodeToString("third".getBytes(StandardCharsets.UTF_8)))), 409, "NAME_CONFLICT");
        assertError(api.postJson("/v4/files", json("name", "/dup/same.txt", "data",
                Base64.getEncoder().encodeToString("fourth".getBytes(StandardCharsets.UTF_8)))), 409, "NAME_CONFLICT");
        assertError(api.putBytes("/v4/files?folder=/dup&filename=same.txt", "fifth".getBytes(StandardCharsets.UTF_8),
                "application/octet-stream"), 409, "NAME_CONFLICT");

        assertThat(listedNames("/dup")).containsExactly("same.txt");
        assertThat(download(first)).isEqualTo("first");
        JsonNode again = ok(api.get("/v4/files/" + first.path("uuid").asText())).path("file");
        assertThat(again.path("hash").path("sha1").asText()).isEqualTo(first.path("hash").path("sha1").asText());
        assertThat(server.blobKeys(token + "/")).as("refused uploads leave no blob").hasSize(1);
        // the same name elsewhere is fine
        ok(api.upload("/dup/other", "same.txt", "elsewhere"));
    }

    @Test
    void concurrentUploadsOfOneNameIntoAMissingFolderStoreExactlyOne() throws Exception {
        int n = 8;
        java.util.concurrent.ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Api.Response>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String content = "racer " + i;
                answers.add(pool.submit(() -> {
                    go.await();
                    return api.upload("/race/deep", "race.txt", content);
                }));
            }
            go.countDown();
            int stored = 0;
            for (java.util.concurrent.Future<Api.Response> answer : answers) {
                Api.Response r = answer.get(60, java.util.concurrent.TimeUnit.SECONDS);
                if (r.status() == 200) stored++;
                else assertError(r, 409, "NAME_CONFLICT");
            }
            assertThat(stored).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(listedNames(api, "/", true)).containsExactly("race.txt");
        assertThat(server.blobKeys(token + "/")).hasSize(1);
    }

    // ================================================================== malformed input

    @Test
    void multipartWithoutAFilePartIsUnprocessable() {
        assertError(api.multipart("/v4/files?folder=/none", new Api.Multipart().field("meta", "{\"a\":1}")),
                422, "ERR_UNPROCESSABLE_ENTITY");
        assertProjectEmpty();
    }

    @Test
    void brokenMultipartIsUnprocessable() {
        Api.Response r = api.post("/v4/files", "multipart/form-data; boundary=xyz",
                "this is not a multipart body".getBytes(StandardCharsets.UTF_8));
        assertError(r, 422, "ERR_UNPROCESSABLE_ENTITY");
        assertProjectEmpty();
    }

    @Test
    void sidePartsThatAreNotJsonObjectsAre400() {
        assertError(api.multipart("/v4/files", new Api.Multipart().field("meta[files[]]", "{not json")
                .file("files[]", "m.txt", "text/plain", new byte[] {1})), 400, "INVALID_JSON");
        assertError(api.multipart("/v4/files", new Api.Multipart().field("info[files[]]", "[1,2]")
                .file("files[]", "m.txt", "text/plain", new byte[] {1})), 400, "INVALID_PARAMETER");
        assertError(api.multipart("/v4/files", new Api.Multipart().field("tags[files[]]", "\"red\"")
                .file("files[]", "m.txt", "text/plain", new byte[] {1})), 400, "INVALID_PARAMETER");
        assertProjectEmpty();
    }

    @Test
    void invalidBase64Is400() {
        for (String data : List.of("not base64!", "****", "abc$def=", "%%%%", "QUJD\u00e9")) {
            Api.Response r = api.postJson("/v4/files?folder=/b64", json("name", "bad.txt", "data", data));
            assertError(r, 400, "INVALID_PARAMETER");
        }
        assertProjectEmpty();
    }

    @Test
    void jsonThatIsNeitherUploadNorMoveIsUnprocessable() {
        assertError(api.postJson("/v4/files", "{\"hello\":\"world\"}"), 422, "ERR_UNPROCESSABLE_ENTITY");
        assertError(api.postJson("/v4/files", "[1,2,3]"), 400, "INVALID_JSON"); // not an object: as on every JSON route
        assertProjectEmpty();
    }

    @Test
    void malformedJsonIsInvalidJson() {
        assertError(api.postJson("/v4/files", "{\"name\":\"x.txt\",\"data\":"), 400, "INVALID_JSON");
        assertError(api.postJson("/v4/files", "{\"name\":\"a\",\"name\":\"b\",\"data\":\"QQ==\"}"), 400, "INVALID_JSON");
        assertError(api.postJson("/v4/files", ""), 400, "INVALID_JSON");
        assertProjectEmpty();
    }

    /** Names that try to leave their folder, or only look like ordinary names. */
    static final List<String> TRICK_NAMES = List.of(
            "..", ".", "../escape.txt", "a/../../escape.txt", "/../escape.txt", "sub/./x.txt", "sub/../x.txt",
            "a\\b.txt", "..\\escape.txt", "a%2Fb.txt", "%2e%2e", "..%2Fescape.txt",
            "a\u0000b.txt", "a\nb.txt", "a\rb.txt", "a\u001fb.txt", "a\u007fb.txt", "a\u0085b.txt",
            "a\uFF0Fb.txt", "a\u2215b.txt", "a\u2044b.txt", "\uFF0E\uFF0E", "a\uFF3Cb.txt",
            "a\u200Db.txt", "a\u202Eb.txt", "/", " lead.txt", "trail.txt ");

    @Test
    void trickFileNamesAreInvalidPathOnEveryUploadPath() {
        for (String name : TRICK_NAMES) {
            String data = Base64.getEncoder().encodeToString("t".getBytes(StandardCharsets.UTF_8));
            assertInvalidPath("base64 " + printable(name), api.postJson("/v4/files?folder=/tricks", json("name", name, "data", data)));
            assertInvalidPath("put " + printable(name), api.putBytes("/v4/files?folder=/tricks&filename=" + enc(name),
                    new byte[] {1}, "application/octet-stream"));
            assertInvalidPath("info.name " + printable(name), api.multipart("/v4/files?folder=/tricks", new Api.Multipart()
                    .field("info[files[]]", json("name", name))
                    .file("files[]", "innocent.txt", "text/plain", new byte[] {1})));
            if (multipartHeaderCarries(name)) {
                assertInvalidPath("filename " + printable(name), api.multipart("/v4/files?folder=/tricks", new Api.Multipart()
                        .file("files[]", name, "text/plain", new byte[] {1})));
            }
        }
        assertProjectEmpty();
        assertThat(server.blobKeys(token + "/")).isEmpty();
    }

    /** Control characters, quotes and backslashes cannot travel verbatim in a quoted header; edge spaces may be trimmed. */
    private static boolean multipartHeaderCarries(String name) {
        return !name.matches("(?s).*[\\x00-\\x1f\\x7f\"\\\\\u0085].*") && name.strip().equals(name);
    }

    @Test
    void trickFolderParametersAreInvalidPath() {
        for (String folder : List.of("/a/../b", "/a/./b", "/a\\b", "/a%2Fb", "/a\u0001b", "/a\uFF0Fb", "/a\u2215b", "/a\u202Eb")) {
            assertInvalidPath("folder " + printable(folder), api.upload(folder, "f.txt", "f"));
        }
        assertProjectEmpty();
    }

    // ================================================================== size limits

    /** A server whose file limit is 1000 bytes, and nothing ever stored on it. */
    @Nested
    @WithServer
    @ServerSetting(key = Setting.MAX_UPLOAD_BYTES, value = "1000")
    @ServerSetting(key = Setting.MAX_JSON_BYTES, value = "1000000")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OverTheLimit {
        TestServer small;
        String sToken;
        Api sApi;

        @BeforeAll
        void start(TestServer started) {
            small = started;
            sToken = newProject(small);
            sApi = small.allKey(sToken).in(sToken);
        }

        @Test
        void multipartOverTheLimitIsFileTooBig() {
            assertError(sApi.multipart("/v4/files?folder=/limit", new Api.Multipart()
                    .file("files[]", "big.bin", "application/octet-stream", new byte[1001])), 413, "FILE_TOO_BIG");
            assertError(sApi.multipart("/v4/files?folder=/limit", new Api.Multipart()
                    .file("files[]", "huge.bin", "application/octet-stream", new byte[200_000])), 413, "FILE_TOO_BIG");
            assertNothingStored();
        }

        @Test
        void base64OverTheLimitIsFileTooBig() {
            String data = Base64.getEncoder().encodeToString(new byte[1001]);
            assertError(sApi.postJson("/v4/files?folder=/limit", json("name", "big.bin", "data", data)), 413, "FILE_TOO_BIG");
            assertNothingStored();
        }

        @Test
        void putOverTheLimitIsFileTooBigWithOrWithoutContentLength() {
            assertError(sApi.putBytes("/v4/files?folder=/limit&filename=big.bin", new byte[1001], "application/octet-stream"),
                    413, "FILE_TOO_BIG");
            assertError(putChunked(small, sToken, sApi.key, "/v4/files?folder=/limit&filename=chunked.bin", new byte[50_000]),
                    413, "FILE_TOO_BIG");
            assertNothingStored();
        }

        private void assertNothingStored() {
            assertThat(listedNames(sApi, "/", true)).isEmpty();
            assertThat(small.blobStoreContents()).isEmpty();
            assertThat(poll(() -> regularFiles(small.dataDir.resolve("tmp")).isEmpty()))
                    .as("multipart spool files: " + regularFiles(small.dataDir.resolve("tmp"))).isTrue();
        }
    }

    @Test
    void aFileOfExactlyTheLimitIsAcceptedOnEveryPath() {
        try (TestServer small = TestServer.start(Map.of(Setting.MAX_UPLOAD_BYTES, "1000", Setting.MAX_JSON_BYTES, "1000000"))) {
            String t = newProject(small);
            Api a = small.allKey(t).in(t);
            byte[] bytes = new byte[1000];
            new Random(3).nextBytes(bytes);
            ok(a.multipart("/v4/files?folder=/edge", new Api.Multipart()
                    .field("meta[files[]]", "{\"title\":{\"en\":\"side parts do not count against the file limit\"}}")
                    .file("files[]", "multipart.bin", "application/octet-stream", bytes)));
            ok(a.postJson("/v4/files?folder=/edge", json("name", "base64.bin", "data", Base64.getEncoder().encodeToString(bytes))));
            ok(a.putBytes("/v4/files?folder=/edge&filename=put.bin", bytes, "application/octet-stream"));
            assertThat(listedNames(a, "/edge", false)).containsExactlyInAnyOrder("multipart.bin", "base64.bin", "put.bin");
        }
    }

    // ================================================================== uploads cut off mid-stream

    /** A server of its own, so "no blob anywhere" is exact. */
    @Nested
    @WithServer
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class CutOff {
        TestServer cut;
        String cToken;
        Api cApi;

        @BeforeAll
        void start(TestServer started) {
            cut = started;
            cToken = newProject(cut);
            cApi = cut.allKey(cToken).in(cToken);
        }

        @Test
        void aPutCutOffMidStreamLeavesNothing() throws IOException {
            try (RawHttp http = RawHttp.connect(cut.port())) {
                http.send("PUT /" + cToken + "/v4/files?folder=/cut&filename=cut.bin HTTP/1.1\r\n"
                        + "Host: 127.0.0.1:" + cut.port() + "\r\n"
                        + "X-Filerobot-Key: " + cApi.key + "\r\n"
                        + "Content-Type: application/octet-stream\r\n"
                        + "Content-Length: 10000000\r\n\r\n");
                // past one S3 part (8 MiB), so that an S3 blob store has begun its multipart upload too
                http.send(new byte[9 * 1024 * 1024]);
                // the server is streaming into an unfinished blob before the connection drops
                assertThat(poll(() -> !cut.unfinishedBlobWrites().isEmpty())).as("an unfinished blob appears while streaming").isTrue();
            }
            assertThat(poll(() -> cut.blobStoreContents().isEmpty()))
                    .as("leftovers: " + cut.blobStoreContents()).isTrue();
            assertThat(listedNames(cApi, "/", true)).isEmpty();
        }

        @Test
        void aBodyEndingBeforeItsContentLengthIsAClientError() throws IOException {
            Api.Response put = halfClosed("PUT /" + cToken + "/v4/files?folder=/cut&filename=short.bin", "application/octet-stream",
                    new byte[1000]);
            assertError(put, 422, "ERR_UNPROCESSABLE_ENTITY");
            String boundary = "----short";
            byte[] part = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files[]\"; filename=\"short.bin\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n" + "x".repeat(1000)).getBytes(StandardCharsets.US_ASCII);
            Api.Response post = halfClosed("POST /" + cToken + "/v4/files?folder=/cut", "multipart/form-data; boundary=" + boundary, part);
            assertError(post, 422, "ERR_UNPROCESSABLE_ENTITY");
            assertThat(poll(() -> cut.blobStoreContents().isEmpty())).as("leftovers: " + cut.blobStoreContents()).isTrue();
            assertThat(listedNames(cApi, "/", true)).isEmpty();
        }

        /** Declares 5000 bytes, sends fewer, half-closes and reads the answer the server still owes. */
        private Api.Response halfClosed(String requestLine, String contentType, byte[] partialBody) {
            try (RawHttp http = RawHttp.connect(cut.port())) {
                return http.send(requestLine + " HTTP/1.1\r\n"
                        + "Host: 127.0.0.1:" + cut.port() + "\r\n"
                        + "X-Filerobot-Key: " + cApi.key + "\r\n"
                        + "Content-Type: " + contentType + "\r\n"
                        + "Connection: close\r\n"
                        + "Content-Length: 5000\r\n\r\n").send(partialBody).finish();
            }
        }

        @Test
        void aMultipartPostCutOffMidStreamLeavesNothing() throws IOException {
            String boundary = "----cutoff";
            byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files[]\"; filename=\"cut.bin\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            try (RawHttp http = RawHttp.connect(cut.port())) {
                http.send("POST /" + cToken + "/v4/files?folder=/cut HTTP/1.1\r\n"
                        + "Host: 127.0.0.1:" + cut.port() + "\r\n"
                        + "X-Filerobot-Key: " + cApi.key + "\r\n"
                        + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\n"
                        + "Content-Length: 10000000\r\n\r\n");
                http.send(head).send(new byte[256 * 1024]);
                // give the server a moment to start parsing (it spools big parts to its multipart directory)
                poll(() -> !regularFiles(cut.dataDir.resolve("tmp")).isEmpty());
            }
            assertThat(poll(() -> cut.blobStoreContents().isEmpty() && regularFiles(cut.dataDir.resolve("tmp")).isEmpty()))
                    .as("leftovers: " + cut.blobStoreContents() + " " + regularFiles(cut.dataDir.resolve("tmp"))).isTrue();
            assertThat(listedNames(cApi, "/", true)).isEmpty();
        }
    }

    // ================================================================== helpers

    private void assertProjectEmpty() {
        assertThat(listedNames(api, "/", true)).as("files stored in project " + token).isEmpty();
    }

    private static void assertInvalidPath(String what, Api.Response r) {
        assertThat(r.status()).as(what + ": " + r).isEqualTo(400);
        assertThat(r.code()).as(what + ": " + r).isEqualTo("INVALID_PATH");
    }

    static void assertError(Api.Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
    }

    static JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.path("status").asText()).as(r.toString()).isEqualTo("success");
        return body;
    }

    private List<String> listedNames(String folder) {
        return listedNames(api, folder, false);
    }

    static List<String> listedNames(Api api, String folder, boolean recursive) {
        JsonNode list = ok(api.get("/v5/files?limit=5000&folder=" + enc(folder) + "&recursive=" + (recursive ? 1 : 0)));
        List<String> names = new ArrayList<>();
        list.path("files").forEach(f -> names.add(f.path("name").asText()));
        return names;
    }

    private String download(JsonNode file) {
        return download(api, file);
    }

    static String download(Api api, JsonNode file) {
        Api.Response r = api.get("/v4/get/" + file.path("uuid").asText());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.text();
    }

    static JsonNode byName(JsonNode files, String name) {
        for (JsonNode f : files) {
            if (f.path("name").asText().equals(name)) return f;
        }
        throw new AssertionError("no file " + name + " in " + files);
    }

    static List<String> labels(JsonNode file, String lang) {
        List<String> out = new ArrayList<>();
        file.path("tags").path(lang).forEach(t -> {
            assertThat(t.path("sid").asText()).startsWith("#tg");
            out.add(t.path("label").asText());
        });
        return out;
    }

    /** A JSON object from name/value pairs, escaped by Jackson (names may hold control characters). */
    static String json(String... pairs) {
        ObjectNode o = JSON.createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) o.put(pairs[i], pairs[i + 1]);
        return o.toString();
    }

    static String urls(String... urls) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("files_urls");
        for (String u : urls) list.addObject().put("url", u);
        return body.toString();
    }

    static String printable(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(cp -> out.append(cp < 0x20 || cp > 0x7e ? String.format("\\u%04X", cp) : String.valueOf((char) cp)));
        return out.toString();
    }

    static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Path> regularFiles(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            return List.of(dir); // a file vanished mid-walk: report "not settled yet"
        }
    }

    /** Polls a condition every 25 ms for up to 5 s. */
    static boolean poll(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            if (condition.getAsBoolean()) return true;
            if (System.nanoTime() > deadline) return false;
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** A PUT whose body has no Content-Length (chunked), as a streaming client sends it. */
    static Api.Response putChunked(TestServer s, String token, String key, String path, byte[] body) {
        return Api.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/" + token + path))
                .header("X-Filerobot-Key", key).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))));
    }

    /** A tiny local HTTP origin for URL uploads that counts the requests it receives per path. */
    static final class Origin implements AutoCloseable {
        private record Route(int status, String type, byte[] body, String location) {}

        private final String host;
        private final HttpServer http;
        private final Map<String, Route> routes = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

        Origin(String host) {
            this.host = host;
            try {
                http = HttpServer.create(new InetSocketAddress(host, 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            http.setExecutor(Executors.newFixedThreadPool(4));
            http.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                Route route = routes.getOrDefault(path, new Route(404, "text/plain", new byte[0], null));
                if (route.type() != null) exchange.getResponseHeaders().add("Content-Type", route.type());
                if (route.location() != null) exchange.getResponseHeaders().add("Location", route.location());
                exchange.sendResponseHeaders(route.status(), route.body().length == 0 ? -1 : route.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(route.body());
                }
            });
            http.start();
        }

        void serve(String path, int status, String type, byte[] body, String location) {
            routes.put(path, new Route(status, type, body, location));
        }

        int port() {
            return http.getAddress().getPort();
        }

        String url(String path) {
            return "http://" + host + ":" + port() + path;
        }

        int hits(String path) {
            AtomicInteger n = hits.get(path);
            return n == null ? 0 : n.get();
        }

        @Override
        public void close() {
            http.stop(0);
            ((java.util.concurrent.ExecutorService) http.getExecutor()).shutdownNow();
        }
    }
}
