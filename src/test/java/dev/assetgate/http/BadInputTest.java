package dev.assetgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Malformed and hostile input: every refusal is a 4xx with the error envelope and leaves the
 * project exactly as it was (checked after each test against a snapshot taken before it).
 */
@WithServer
class BadInputTest {
    static TestServer server;
    static Api api;
    static Api root;
    static String file;
    static String folder;
    static State before;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        server.createProject("bad");
        api = server.allKey("bad").in("bad");
        root = server.companyKey();
        Api.Response up = api.upload("/docs", "keep.txt", "keep");
        assertThat(up.status()).isEqualTo(200);
        file = up.json().path("file").path("uuid").asText();
        folder = up.json().path("file").path("folder").path("uuid").asText();
        assertThat(api.postJson("/v5/folders", "{\"name\":\"/docs/sub\"}").status()).isEqualTo(200);
    }

    @BeforeEach
    void snapshot() {
        before = state(api, root, server);
    }

    @AfterEach
    void nothingChanged() {
        assertThat(state(api, root, server)).as("refused input must leave the project as it was").isEqualTo(before);
    }

    /** JSON routes of the project, each with a well-formed body that would change something. */
    static Map<String, Function<String, Api.Response>> jsonRoutes() {
        return Map.ofEntries(
                Map.entry("PATCH /v4/files/{uuid}", body -> api.patchJson("/v4/files/" + file, body)),
                Map.entry("PUT /v5/file/{uuid}/name", body -> api.putJson("/v5/file/" + file + "/name", body)),
                Map.entry("PUT /v5/file/{uuid}/meta", body -> api.putJson("/v5/file/" + file + "/meta", body)),
                Map.entry("PUT /v5/file/{uuid}/tags", body -> api.putJson("/v5/file/" + file + "/tags", body)),
                Map.entry("POST /v5/files/move", body -> api.postJson("/v5/files/move", body)),
                Map.entry("DELETE /v5/files", body -> api.deleteJson("/v5/files", body)),
                Map.entry("POST /v5/files", body -> api.postJson("/v5/files?folder=/docs", body)),
                Map.entry("POST /v4/upload", body -> api.postJson("/v4/upload?folder=/docs", body)),
                Map.entry("POST /v4/files/upload_url", body -> api.postJson("/v4/files/upload_url", body)),
                Map.entry("POST /v5/folders", body -> api.postJson("/v5/folders", body)),
                Map.entry("POST /v5/folders/move", body -> api.postJson("/v5/folders/move", body)),
                Map.entry("POST /v5/folders/previews", body -> api.postJson("/v5/folders/previews", body)),
                Map.entry("PATCH /v4/folders/{uuid}", body -> api.patchJson("/v4/folders/" + folder, body)),
                Map.entry("DELETE /v5/folders", body -> api.deleteJson("/v5/folders", body)),
                Map.entry("PUT /v5/folder/{uuid}/meta", body -> api.putJson("/v5/folder/" + folder + "/meta", body)),
                Map.entry("POST /v5/meta/model/fields", body -> api.postJson("/v5/meta/model/fields", body)),
                Map.entry("POST /admin/v1/keys", body -> root.postJson("/admin/v1/keys", body)),
                Map.entry("POST /admin/v1/projects", body -> root.postJson("/admin/v1/projects", body)));
    }

    @Test
    void malformedJsonIsInvalidJson() {
        for (String body : List.of("{\"name\":", "{name: 'x'}", "not json", "{\"name\":\"a.txt\"}}", "{\"name\":\"a.txt\"} {}",
                "{\"name\":\"a\\q.txt\"}", "\u0000", "")) {
            jsonRoutes().forEach((route, call) -> expect(call.apply(body), 400, "INVALID_JSON", route + " with " + body));
        }
    }

    @Test
    void duplicateKeysAreInvalidJson() {
        expect(api.patchJson("/v4/files/" + file, "{\"name\":\"a.txt\",\"name\":\"b.txt\"}"), 400, "INVALID_JSON", "rename");
        expect(api.postJson("/v5/folders", "{\"name\":\"/x\",\"name\":\"/y\"}"), 400, "INVALID_JSON", "create folder");
        expect(api.postJson("/v5/files", "{\"files_uuids\":[\"" + file + "\"],\"files_uuids\":[],\"new_folder_name\":\"/m\"}"),
                400, "INVALID_JSON", "move");
        expect(api.putJson("/v5/file/" + file + "/meta", "{\"meta\":{\"k\":1,\"k\":2}}"), 400, "INVALID_JSON", "nested duplicate");
        expect(api.postJson("/v5/folders", "{\"folders_uuids\":[\"" + folder + "\"],\"name\":\"/x\",\"folders_uuids\":[]}"),
                400, "INVALID_JSON", "overloaded folders");
    }

    @Test
    void aJsonValueThatIsNotAnObjectIsRefused() {
        for (String body : List.of("[]", "[{\"name\":\"x.txt\"}]", "5", "\"name\"", "null", "true")) {
            jsonRoutes().forEach((route, call) -> expect(call.apply(body), 400, "INVALID_JSON", route + " with " + body));
        }
    }

    @Test
    void wrongTypesAreInvalidParameter() {
        List<Api.Response> responses = List.of(
                api.patchJson("/v4/files/" + file, "{\"name\":5}"),
                api.patchJson("/v4/files/" + file, "{\"name\":null}"),
                api.patchJson("/v4/files/" + file, "{\"name\":[\"x.txt\"]}"),
                api.patchJson("/v4/files/" + file, "{}"),
                api.putJson("/v5/file/" + file + "/name", "{\"name\":{\"en\":\"x\"}}"),
                api.putJson("/v5/file/" + file + "/meta", "{\"meta\":\"x\"}"),
                api.putJson("/v5/file/" + file + "/meta", "{\"meta\":[1]}"),
                api.putJson("/v5/file/" + file + "/meta", "{}"),
                api.putJson("/v5/file/" + file + "/tags", "{\"new_tags\":\"x\"}"),
                api.putJson("/v5/file/" + file + "/tags", "{\"new_tags\":[5]}"),
                api.putJson("/v5/file/" + file + "/tags", "{\"lang\":5,\"new_tags\":[\"x\"]}"),
                api.postJson("/v5/files/move", "{\"files_uuids\":\"" + file + "\",\"new_folder_name\":\"/m\"}"),
                api.postJson("/v5/files/move", "{\"files_uuids\":[1],\"new_folder_name\":\"/m\"}"),
                api.postJson("/v5/files/move", "{\"files_uuids\":[],\"new_folder_name\":\"/m\"}"),
                api.postJson("/v5/files/move", "{\"files_uuids\":[\"" + file + "\"],\"new_folder_name\":5}"),
                api.postJson("/v5/files/move", "{\"files_uuids\":[\"" + file + "\"]}"),
                api.postJson("/v5/files", "{\"files_uuids\":[\"" + file + "\"],\"new_folder_name\":false}"),
                api.deleteJson("/v5/files", "{\"files_uuids\":\"" + file + "\"}"),
                api.deleteJson("/v5/files", "{}"),
                api.postJson("/v5/files?folder=/docs", "{\"name\":5,\"data\":\"aGk=\"}"),
                api.postJson("/v5/files?folder=/docs", "{\"name\":\"b.txt\",\"data\":7}"),
                api.postJson("/v5/files?folder=/docs", "{\"name\":\"b.txt\",\"data\":\"!!not base64!!\"}"),
                api.postJson("/v5/files?folder=/docs", "{\"name\":\"b.txt\",\"data\":\"aGk=\",\"meta\":\"x\"}"),
                api.postJson("/v5/files?folder=/docs", "{\"files_urls\":\"http://example.com/x\"}"),
                api.postJson("/v5/files?folder=/docs", "{\"files_urls\":[]}"),
                api.postJson("/v5/folders", "{\"name\":5}"),
                api.postJson("/v5/folders", "{\"name\":null}"),
                api.postJson("/v5/folders", "{\"folders_uuids\":\"x\",\"new_folder_name\":\"/d\"}"),
                api.postJson("/v5/folders/move", "{\"folders_uuids\":[\"" + folder + "\"],\"new_folder_name\":[]}"),
                api.postJson("/v5/folders/previews", "{\"folders\":\"x\"}"),
                api.patchJson("/v4/folders/" + folder, "{\"name\":true}"),
                api.deleteJson("/v5/folders", "{\"folders_uuids\":{}}"));
        for (Api.Response r : responses) {
            expect(r, 400, "INVALID_PARAMETER", "");
        }
    }

    @Test
    void pathTricksInNamesAreRefused() {
        for (String name : List.of("../evil.txt", "a/b.txt", "..", "a\\\\b.txt", "%2e%2e", " lead.txt", "x\\u0000.txt")) {
            Api.Response r = api.patchJson("/v4/files/" + file, "{\"name\":\"" + name + "\"}");
            assertThat(r.status()).as(name + " → " + r).isEqualTo(400);
            assertThat(r.code()).isIn("INVALID_PATH", "INVALID_PARAMETER");
        }
        for (String path : List.of("/docs/../..", "/../etc", "/docs/%2e%2e", "/a\\\\b")) {
            Api.Response r = api.postJson("/v5/folders", "{\"name\":\"" + path + "\"}");
            assertThat(r.status()).as(path + " → " + r).isEqualTo(400);
            assertThat(r.code()).isEqualTo("INVALID_PATH");
        }
    }

    @Test
    void badPagingParametersAreInvalidParameter() {
        for (String query : List.of("limit=abc", "limit=1.5", "limit=0", "limit=-5", "limit=99999999999", "offset=x", "offset=-1",
                "limit=%20")) {
            for (String path : List.of("/v5/files?", "/v4/files?folder=/docs&", "/v5/folders?")) {
                Api.Response r = api.get(path + query);
                if (query.equals("limit=%20")) { // a blank value is read as absent, like the empty parameters clients send
                    assertThat(r.status()).as(path + query).isIn(200, 400);
                    continue;
                }
                expect(r, 400, "INVALID_PARAMETER", path + query);
                assertThat(r.json().path("msg").asText()).contains(query.substring(0, query.indexOf('=')));
            }
        }
    }

    @Test
    void unknownFilesAndFoldersAreNotFound() {
        for (String uuid : List.of("00000000-0000-0000-0000-000000000000", "not-a-uuid", folder)) {
            expect(api.get("/v5/files/" + uuid), 404, "FILE_NOT_FOUND", "details");
            expect(api.get("/v4/file/" + uuid), 404, "FILE_NOT_FOUND", "details");
            expect(api.patchJson("/v4/files/" + uuid, "{\"name\":\"x.txt\"}"), 404, "FILE_NOT_FOUND", "rename");
            expect(api.putJson("/v5/file/" + uuid + "/meta", "{\"meta\":{\"k\":1}}"), 404, "FILE_NOT_FOUND", "meta");
            expect(api.putJson("/v5/file/" + uuid + "/tags", "{\"new_tags\":[\"t\"]}"), 404, "FILE_NOT_FOUND", "tags");
            expect(api.delete("/v4/files/" + uuid), 404, "FILE_NOT_FOUND", "delete");
            expect(api.deleteJson("/v5/files", "{\"files_uuids\":[\"" + file + "\",\"" + uuid + "\"]}"), 404, "FILE_NOT_FOUND",
                    "a bulk delete with one unknown uuid deletes nothing");
            expect(api.postJson("/v5/files/move", "{\"files_uuids\":[\"" + file + "\",\"" + uuid + "\"],\"new_folder_name\":\"/moved\"}"),
                    404, "FILE_NOT_FOUND", "a bulk move with one unknown uuid moves nothing");
            expect(api.get("/v4/get/" + uuid), 404, "FILE_NOT_FOUND", "download");
        }
        for (String uuid : List.of("00000000-0000-0000-0000-000000000000", "not-a-uuid", file)) {
            expect(api.get("/v4/folders/" + uuid), 404, "FOLDER_NOT_FOUND", "details");
            expect(api.patchJson("/v4/folders/" + uuid, "{\"name\":\"x\"}"), 404, "FOLDER_NOT_FOUND", "rename");
            expect(api.delete("/v4/folders/" + uuid), 404, "FOLDER_NOT_FOUND", "delete");
            expect(api.deleteJson("/v5/folders", "{\"folders_uuids\":[\"" + uuid + "\"]}"), 404, "FOLDER_NOT_FOUND", "bulk delete");
            expect(api.putJson("/v4/files/" + file + "/folders/" + uuid, "{}"), 404, "FOLDER_NOT_FOUND", "move file into");
            expect(api.putJson("/v4/folders/" + folder + "/folders/" + uuid, "{}"), 404, "FOLDER_NOT_FOUND", "move folder into");
            expect(api.postJson("/v5/folders/move", "{\"folders_uuids\":[\"" + uuid + "\"],\"new_folder_name\":\"/d\"}"),
                    404, "FOLDER_NOT_FOUND", "bulk move");
        }
        expect(api.get("/v5/files?folder=/nowhere"), 404, "FOLDER_NOT_FOUND", "listing");
        expect(api.get("/v5/folders?folder=/nowhere"), 404, "FOLDER_NOT_FOUND", "listing");
        expect(api.get("/v5/folders/stats?folder=/nowhere"), 404, "FOLDER_NOT_FOUND", "stats");
    }

    @Test
    void unknownRoutesAreNotFoundEnvelopes() {
        Api anonymous = api.anonymous();
        for (Api.Response r : List.of(
                server.anonymous.get("/nope"),
                server.anonymous.postJson("/", "{}"), // GET / leads to the console
                server.anonymous.get("/admin/v1/nope"),
                root.get("/admin/v2/keys"),
                api.get("/v5/nope"),
                api.get("/v9/files"),
                api.get("/v5/files/" + file + "/nope"),
                api.postJson("/v5/nope", "{}"),
                api.delete("/v5/settings"),
                anonymous.get("/v5/nope"))) {
            assertThat(r.status()).as(r.toString()).isIn(404, 405);
            assertThat(r.code()).isIn("NOT_FOUND", "METHOD_NOT_ALLOWED");
        }
    }

    @Test
    void aWrongContentTypeOnAJsonRouteIsUnsupportedMediaType() {
        byte[] rename = "{\"name\":\"xml.txt\"}".getBytes(StandardCharsets.UTF_8);
        byte[] folderBody = "{\"name\":\"/xml\"}".getBytes(StandardCharsets.UTF_8);
        for (String type : List.of("text/xml", "application/xml", "application/x-www-form-urlencoded", "image/png")) {
            expect(send("PATCH", "/bad/v4/files/" + file, type, rename), 415, "UNSUPPORTED_MEDIA_TYPE", type);
            expect(send("PUT", "/bad/v5/file/" + file + "/name", type, rename), 415, "UNSUPPORTED_MEDIA_TYPE", type);
            expect(api.post("/v5/folders", type, folderBody), 415, "UNSUPPORTED_MEDIA_TYPE", type);
            expect(api.post("/v5/files?folder=/docs", type, "{\"name\":\"x.txt\",\"data\":\"aGk=\"}".getBytes()), 415,
                    "UNSUPPORTED_MEDIA_TYPE", type);
            expect(root.post("/admin/v1/projects", type, "{\"token\":\"xml\"}".getBytes()), 415,
                    "UNSUPPORTED_MEDIA_TYPE", type);
        }
    }

    @Test
    void aBodyBeyondTheJsonLimitIsTooBigAndStoresNothing() throws IOException {
        try (TestServer small = TestServer.start(Map.of(Setting.MAX_JSON_BYTES, "2048"))) {
            small.createProject("small");
            Api s = small.allKey("small").in("small");
            Api smallRoot = small.companyKey();
            String keep = s.upload("/", "keep.txt", "keep").json().path("file").path("uuid").asText();
            State start = state(s, smallRoot, small);
            String padding = " ".repeat(5000);
            String big = "{\"name\":\"big.txt\"," + padding + "\"data\":\"aGk=\"}";
            expect(s.postJson("/v5/files", big), 413, "FILE_TOO_BIG", "base64 upload with Content-Length");
            expect(s.patchJson("/v4/files/" + keep, "{" + padding + "\"name\":\"renamed.txt\"}"), 413, "FILE_TOO_BIG", "rename");
            expect(s.postJson("/v5/folders", "{" + padding + "\"name\":\"/big\"}"), 413, "FILE_TOO_BIG", "folder");
            expect(smallRoot.postJson("/admin/v1/projects", "{" + padding + "\"token\":\"big\"}"), 413, "FILE_TOO_BIG",
                    "admin");
            expect(chunked(small, "/small/v5/files", s.key, big), 413, "FILE_TOO_BIG", "base64 upload without Content-Length");
            expect(chunked(small, "/small/v5/folders", s.key, "{" + padding + "\"name\":\"/big\"}"), 413, "FILE_TOO_BIG",
                    "folder without Content-Length");
            assertThat(state(s, smallRoot, small)).isEqualTo(start);
            Api.Response justUnder = s.patchJson("/v4/files/" + keep, "{" + " ".repeat(1900) + "\"name\":\"renamed.txt\"}");
            assertThat(justUnder.status()).as("a body under the limit is fine: " + justUnder).isEqualTo(200);
            Api.Response upload = s.upload("/", "multipart-is-not-json.txt", "x".repeat(10_000));
            assertThat(upload.status()).as("the JSON limit does not cap multipart uploads: " + upload).isEqualTo(200);
        }
    }

    // ------------------------------------------------------------------ helpers

    record State(JsonNode files, JsonNode folders, JsonNode tags, JsonNode model, JsonNode projects, List<String> keyIds, Set<String> blobs) {}

    static State state(Api in, Api company, TestServer on) {
        return new State(in.get("/v5/files?folder=/&recursive=1").json().path("files"),
                in.get("/v5/folders?folder=/&recursive=1").json().path("folders"),
                in.get("/v5/tags").json().path("tags"),
                in.get("/v5/meta/model/fields").json().path("fields"),
                company.get("/admin/v1/projects").json().path("projects"),
                company.get("/admin/v1/keys").json().path("keys").findValuesAsText("id"),
                on.blobStoreContents());
    }

    static Set<String> filesUnder(Path dir) {
        if (!Files.isDirectory(dir)) return Set.of();
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(Path::toString).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void expect(Api.Response r, int status, String code, String what) {
        assertThat(r.status()).as(what + " → " + r).isEqualTo(status);
        assertThat(r.code()).as(what + " → " + r).isEqualTo(code);
    }

    static Api.Response send(String method, String path, String contentType, byte[] body) {
        return Api.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("X-Filerobot-Key", api.key).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** A POST whose length is not announced (chunked), so only the streaming limit can stop it. */
    static Api.Response chunked(TestServer on, String path, String key, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return Api.send(HttpRequest.newBuilder(URI.create(on.baseUrl() + path))
                .header("X-Filerobot-Key", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));
    }
}
