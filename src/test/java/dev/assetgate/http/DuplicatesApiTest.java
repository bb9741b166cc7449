package dev.assetgate.http;

import static dev.assetgate.http.VersionsApiTest.assertError;
import static dev.assetgate.http.VersionsApiTest.setStorage;
import static dev.assetgate.http.VersionsApiTest.uploaded;
import static dev.assetgate.http.VersionsApiTest.versions;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Duplicate handling per project (issue 16, docs/versions.md): a taken name is refused, becomes a
 * new version or is renamed; identical content is accepted or skipped with SAME_ASSET_EXISTS_SKIP_UPLOAD;
 * opt_force_name overrides; decided on every upload path and under concurrent uploads.
 */
@WithServer
@ServerSetting(key = Setting.URL_UPLOAD_ALLOW, value = "127.0.0.1/32")
class DuplicatesApiTest {
    static TestServer server;
    static HttpServer origin;

    @BeforeAll
    static void start(TestServer started) throws IOException {
        server = started;
        origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/same.txt", exchange -> {
            byte[] body = "same".getBytes(StandardCharsets.UTF_8);
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

    /** The four ways a file arrives, each uploading {@code content} as {@code folder/name}. */
    static final List<Upload> PATHS = List.of(
            new Upload("multipart", (api, f) -> api.multipart("/v4/files?folder=/docs" + f.query,
                    new Api.Multipart().file("files[]", f.name, "text/plain", f.content.getBytes(StandardCharsets.UTF_8)))),
            new Upload("base64", (api, f) -> api.postJson("/v4/files?folder=/docs" + f.query, "{\"name\":\"" + f.name + "\",\"data\":\""
                    + Base64.getEncoder().encodeToString(f.content.getBytes(StandardCharsets.UTF_8)) + "\"}")),
            new Upload("stream", (api, f) -> api.putBytes("/v4/files?folder=/docs&filename=" + f.name + f.query,
                    f.content.getBytes(StandardCharsets.UTF_8), "application/octet-stream")),
            new Upload("url", (api, f) -> api.postJson("/v4/files?folder=/docs" + f.query, "{\"files_urls\":[{\"url\":\"http://127.0.0.1:"
                    + origin.getAddress().getPort() + "/same.txt\",\"name\":\"" + f.name + "\"}]}")));

    record Upload(String path, BiFunction<Api, FileSpec, Api.Response> send) {}

    /** {@code query} is appended to the URL (e.g. "&opt_force_name=1"); the URL path always fetches "same". */
    record FileSpec(String name, String content, String query) {}

    @Test
    void aTakenNameIsRefusedByDefaultOnEveryPath(TestProject project) {
        Api api = project.api;
        uploaded(api, "/docs", "a.txt", "same");
        JsonNode settings = project.admin.get("/admin/v1/projects/" + project.token).json().path("project").path("storage");
        assertThat(settings.path("same_name").asText()).isEqualTo("refuse");
        assertThat(settings.path("same_content").asText()).isEqualTo("accept");
        assertThat(settings.path("versions_kept").asInt()).isEqualTo(10);
        for (Upload u : PATHS) {
            assertError(u.send.apply(api, new FileSpec("a.txt", "same", "")), 409, "NAME_CONFLICT");
        }
        assertThat(names(api)).containsExactly("a.txt");
        assertThat(server.blobKeys(project.token + "/")).hasSize(1);
    }

    @Test
    void aTakenNameBecomesANewVersionOnEveryPath(TestProject project) {
        Api api = project.api;
        setStorage(project, "{\"same_name\":\"version\"}");
        String uuid = uploaded(api, "/docs", "a.txt", "first");
        for (Upload u : PATHS) {
            Api.Response r = u.send.apply(api, new FileSpec("a.txt", "same", ""));
            assertThat(r.status()).as(u.path + ": " + r).isEqualTo(200);
            assertThat(r.json().path("file").path("uuid").asText()).as(u.path).isEqualTo(uuid);
        }
        assertThat(names(api)).containsExactly("a.txt");
        assertThat(versions(api, uuid).size()).as("the current content and four earlier ones").isEqualTo(5);
    }

    @Test
    void aTakenNameIsRenamedWithASuffixOnEveryPath(TestProject project) {
        Api api = project.api;
        setStorage(project, "{\"same_name\":\"rename\"}");
        uploaded(api, "/docs", "a.txt", "first");
        for (Upload u : PATHS) {
            Api.Response r = u.send.apply(api, new FileSpec("a.txt", "same", ""));
            assertThat(r.status()).as(u.path + ": " + r).isEqualTo(200);
        }
        assertThat(names(api)).containsExactlyInAnyOrder("a.txt", "a_1.txt", "a_2.txt", "a_3.txt", "a_4.txt");
        uploaded(api, "/docs", "README", "x");
        assertThat(api.upload("/docs", "README", "y").json().path("file").path("name").asText()).isEqualTo("README_1");
    }

    @Test
    void identicalContentIsSkippedOnEveryPath(TestProject project) {
        Api api = project.api;
        setStorage(project, "{\"same_content\":\"skip\"}");
        String existing = uploaded(api, "/elsewhere", "original.txt", "same");
        int i = 0;
        for (Upload u : PATHS) {
            Api.Response r = u.send.apply(api, new FileSpec("copy" + (i++) + ".txt", "same", ""));
            assertThat(r.status()).as(u.path + ": " + r).isEqualTo(200);
            assertThat(r.json().path("status").asText()).isEqualTo("error");
            assertThat(r.code()).as(u.path).isEqualTo("SAME_ASSET_EXISTS_SKIP_UPLOAD");
            assertThat(r.json().path("existing_file_uuid").asText()).isEqualTo(existing);
            assertThat(r.json().path("similar_file_path").asText()).isEqualTo("/elsewhere/original.txt");
        }
        assertThat(names(api)).isEmpty();
        assertThat(server.blobKeys(project.token + "/")).as("the skipped uploads' bytes are gone").hasSize(1);
        assertThat(api.upload("/docs", "other.txt", "different").status()).isEqualTo(200);
    }

    @Test
    void aRequestWithSomeFilesSkippedStoresTheOthers(TestProject project) {
        Api api = project.api;
        setStorage(project, "{\"same_content\":\"skip\"}");
        String existing = uploaded(api, "/docs", "a.txt", "same");
        Api.Response r = api.multipart("/v4/files?folder=/docs", new Api.Multipart()
                .file("one", "b.txt", "text/plain", "same".getBytes(StandardCharsets.UTF_8))
                .file("two", "c.txt", "text/plain", "new".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("status").asText()).isEqualTo("success");
        assertThat(fileNames(r.json().path("files"))).containsExactly("c.txt");
        assertThat(r.json().path("skipped").path(0).path("existing_file_uuid").asText()).isEqualTo(existing);
        assertThat(names(api)).containsExactlyInAnyOrder("a.txt", "c.txt");
    }

    @Test
    void aFailedRequestPutsBackTheContentItReplaced(TestProject project) {
        Api api = project.api;
        setStorage(project, "{\"same_name\":\"version\"}");
        String uuid = uploaded(api, "/docs", "a.txt", "first");
        Api.Response r = api.postJson("/v4/files?folder=/docs", "{\"files_urls\":[{\"url\":\"http://127.0.0.1:"
                + origin.getAddress().getPort() + "/same.txt\",\"name\":\"a.txt\"},{\"url\":\"http://10.0.0.1/x.txt\",\"name\":\"b.txt\"}]}");
        assertError(r, 422, "UPLOAD_URL_REFUSED");
        assertThat(names(api)).containsExactly("a.txt");
        assertThat(VersionsApiTest.content(project, uuid)).as("all or nothing: the previous content is back").isEqualTo("first");
        assertThat(versions(api, uuid).path(1).path("hash").path("sha1").asText()).as("the request's bytes stay as a version")
                .isEqualTo(VersionsApiTest.sha1("same"));
    }

    @Test
    void identicalContentOutsideTheCallersListScopeIsNotNamed(TestProject project) {
        Api api = project.api;
        setStorage(project, "{\"same_content\":\"skip\"}");
        uploaded(api, "/private", "secret.txt", "same");
        Api scoped = project.sass("{\"permissions\":[\"OBJECTS_LIST\",\"OBJECTS_FETCH\",\"FILE_UPLOAD\"],\"listing\":{\"dir_scope\":[\"/public/*\"]},\"upload\":{\"dir_scope\":[\"/public/*\"]}}");
        Api.Response r = scoped.upload("/public", "mine.txt", "same");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("status").asText()).as("stored: the key may not learn of /private").isEqualTo("success");
        Api uploadOnly = project.sass("{\"permissions\":[\"FILE_UPLOAD\"]}");
        Api.Response blind = uploadOnly.upload("/public", "blind.txt", "same");
        assertThat(blind.status()).as(blind.toString()).isEqualTo(200);
        assertThat(blind.json().path("status").asText()).as("stored: a key that reads no file learns of none").isEqualTo("success");
    }

    @Test
    void optForceNameOverridesTheSettings(TestProject project) {
        Api api = project.api;
        setStorage(project, "{\"same_content\":\"skip\"}");
        String uuid = uploaded(api, "/docs", "a.txt", "first");
        for (Upload u : PATHS) {
            Api.Response r = u.send.apply(api, new FileSpec("a.txt", "same", "&opt_force_name=1"));
            assertThat(r.status()).as(u.path + ": " + r).isEqualTo(200);
            assertThat(r.json().path("file").path("uuid").asText()).isEqualTo(uuid);
        }
        assertThat(versions(api, uuid).size()).isEqualTo(5);
        Api.Response off = api.multipart("/v4/files?folder=/docs&opt_force_name=0", new Api.Multipart()
                .file("files[]", "a.txt", "text/plain", "other".getBytes(StandardCharsets.UTF_8)));
        assertError(off, 409, "NAME_CONFLICT");
        Api.Response bad = api.multipart("/v4/files?folder=/docs&opt_force_name=maybe", new Api.Multipart()
                .file("files[]", "a.txt", "text/plain", "other".getBytes(StandardCharsets.UTF_8)));
        assertError(bad, 400, "INVALID_PARAMETER");
        assertThat(versions(api, uuid).size()).isEqualTo(5);
    }

    @Test
    void storageSettingsOfTheWrongShapeAreRefusedAndChangeNothing(TestProject project) {
        String path = "/admin/v1/projects/" + project.token;
        setStorage(project, "{\"same_name\":\"rename\",\"versions_days\":30}");
        for (String bad : List.of("{\"storage\":{\"versions_kept\":\"ten\"}}", "{\"storage\":{\"versions_kept\":-1}}",
                "{\"storage\":{\"versions_kept\":1.5}}", "{\"storage\":{\"versions_kept\":1001}}",
                "{\"storage\":{\"same_name\":\"overwrite\"}}", "{\"storage\":{\"same_content\":true}}",
                "{\"storage\":{\"same_name\":\"version\",\"colour\":\"red\"}}", "{\"storage\":[\"skip\"]}", "{\"storage\":\"skip\"}",
                "{\"name\":\"renamed\",\"storage\":{\"same_name\":1}}")) {
            assertError(project.admin.patchJson(path, bad), 400, "INVALID_PARAMETER");
        }
        JsonNode project1 = project.admin.get(path).json().path("project");
        assertThat(project1.path("name").asText()).isNotEqualTo("renamed");
        assertThat(project1.path("storage").path("same_name").asText()).isEqualTo("rename");
        assertThat(project1.path("storage").path("same_content").asText()).isEqualTo("accept");
        assertThat(project1.path("storage").path("versions_days").asInt()).isEqualTo(30);
        Api noChange = server.keyFor(List.of(project.token), dev.assetgate.access.Permission.CONFIG_LIST);
        assertError(noChange.patchJson(path, "{\"storage\":{\"same_name\":\"version\"}}"), 403, "PERMISSION_DENIED");
    }

    @Test
    void concurrentUploadsOfOneNameAreDecidedByTheCatalog(TestProject project) throws Exception {
        Api api = project.api;
        int n = 8;
        // refuse: exactly one wins
        List<Api.Response> refused = race(n, i -> api.upload("/race", "r.txt", "content " + i));
        assertThat(refused.stream().filter(r -> r.status() == 200).count()).isEqualTo(1);
        assertThat(refused.stream().filter(r -> "NAME_CONFLICT".equals(code(r))).count()).isEqualTo(n - 1);
        // version: one file, every upload a version of it
        setStorage(project, "{\"same_name\":\"version\",\"versions_kept\":100}");
        List<Api.Response> versioned = race(n, i -> api.upload("/race", "v.txt", "content " + i));
        assertThat(versioned).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
        assertThat(versioned.stream().map(r -> r.json().path("file").path("uuid").asText()).distinct().count()).isEqualTo(1);
        String uuid = versioned.get(0).json().path("file").path("uuid").asText();
        assertThat(versions(api, uuid).size()).isEqualTo(n);
        // rename: n distinct names
        setStorage(project, "{\"same_name\":\"rename\"}");
        List<Api.Response> renamed = race(n, i -> api.upload("/race", "n.txt", "content " + i));
        assertThat(renamed).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
        assertThat(renamed.stream().map(r -> r.json().path("file").path("name").asText()).distinct().count()).isEqualTo(n);
        // skip: the same bytes at once are stored once
        setStorage(project, "{\"same_content\":\"skip\"}");
        List<Api.Response> skipped = race(n, i -> api.upload("/race", "s" + i + ".txt", "identical"));
        assertThat(skipped.stream().filter(r -> "success".equals(r.json().path("status").asText())).count()).isEqualTo(1);
        assertThat(skipped.stream().filter(r -> "SAME_ASSET_EXISTS_SKIP_UPLOAD".equals(code(r))).count()).isEqualTo(n - 1);
    }

    // ------------------------------------------------------------------ helpers

    private static List<String> names(Api api) {
        return fileNames(api.get("/v5/files?folder=/docs").json().path("files"));
    }

    static List<String> fileNames(JsonNode files) {
        List<String> out = new ArrayList<>();
        files.forEach(f -> out.add(f.path("name").asText()));
        return out;
    }

    private static String code(Api.Response r) {
        return r.json().path("code").asText();
    }

    interface Indexed {
        Api.Response call(int i);
    }

    /** {@code n} calls released together; their answers in call order. */
    private static List<Api.Response> race(int n, Indexed call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Api.Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<Api.Response> task = () -> {
                    start.await();
                    return call.call(index);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<Api.Response> out = new ArrayList<>();
            for (Future<Api.Response> f : futures) out.add(f.get());
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
