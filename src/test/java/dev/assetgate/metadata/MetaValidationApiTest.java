package dev.assetgate.metadata;

import static dev.assetgate.metadata.MetaTesting.FIELDS;
import static dev.assetgate.metadata.MetaTesting.assertError;
import static dev.assetgate.metadata.MetaTesting.assertRefused;
import static dev.assetgate.metadata.MetaTesting.field;
import static dev.assetgate.metadata.MetaTesting.ok;
import static dev.assetgate.metadata.MetaTesting.upload;
import static dev.assetgate.metadata.MetaTesting.uploaded;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * File and folder meta are checked against the project's metadata model on every write path; a
 * refusal is a 400 naming the field and stores nothing (no file, no bytes, no changed meta, no
 * upload count spent). A project without a model takes any meta.
 */
@WithServer
@ServerSetting(key = Setting.URL_UPLOAD_ALLOW, value = "127.0.0.1/32")
class MetaValidationApiTest {
    static final String TOKEN = "val";
    static TestServer server;
    static HttpServer origin;
    static final AtomicInteger fetches = new AtomicInteger();
    static Api api;
    static String file;
    static String folder;

    /** Meta the model refuses, each with the name the refusal must mention. */
    static final Map<String, String> REFUSED = Map.ofEntries(
            Map.entry("{\"unknown\":1}", "meta.unknown"),
            Map.entry("{\"rating\":\"5\"}", "meta.rating"),
            Map.entry("{\"rating\":true}", "meta.rating"),
            Map.entry("{\"approved\":\"yes\"}", "meta.approved"),
            Map.entry("{\"shot\":\"yesterday\"}", "meta.shot"),
            Map.entry("{\"shot\":\"2024-02-30\"}", "meta.shot"),
            Map.entry("{\"shot\":20240501}", "meta.shot"),
            Map.entry("{\"color\":\"purple\"}", "meta.color"),
            Map.entry("{\"color\":\"Crimson\"}", "meta.color"),
            Map.entry("{\"color\":[\"red\"]}", "meta.color"),
            Map.entry("{\"sizes\":\"s\"}", "meta.sizes"),
            Map.entry("{\"sizes\":[\"s\",\"xxl\"]}", "meta.sizes[1]"),
            Map.entry("{\"keywords\":[\"ok\",5]}", "meta.keywords[1]"),
            Map.entry("{\"keywords\":\"one\"}", "meta.keywords"),
            Map.entry("{\"notes\":{\"en\":\"not localized\"}}", "meta.notes"),
            Map.entry("{\"caption\":{\"de\":\"Sprache\"}}", "meta.caption.de"),
            Map.entry("{\"caption\":{\"en\":5}}", "meta.caption.en"),
            Map.entry("{\"caption\":7}", "meta.caption"),
            Map.entry("{\"title\":[\"x\"]}", "meta.title"),
            Map.entry("{\"description\":{\"English\":\"x\"}}", "meta.description.English"),
            Map.entry("{\"rating\":4,\"unknown\":1}", "meta.unknown"));

    @BeforeAll
    static void start(TestServer started) throws IOException {
        origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/remote.txt", exchange -> {
            fetches.incrementAndGet();
            byte[] body = "remote".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        origin.start();
        server = started;
        server.createProject(TOKEN);
        api = server.allKey(TOKEN).in(TOKEN);
        MetaTesting.everyType(api);
        JsonNode f = uploaded(api, "/docs", "keep.txt", "{\"rating\":1,\"title\":\"Keep\"}");
        file = f.path("uuid").asText();
        folder = f.path("folder").path("uuid").asText();
        ok(api.putJson("/v5/folder/" + folder + "/meta", "{\"meta\":{\"rating\":2}}"));
    }

    @AfterAll
    static void stop() {
        origin.stop(0);
    }

    static String remoteUrl() {
        return "http://127.0.0.1:" + origin.getAddress().getPort() + "/remote.txt";
    }

    record State(JsonNode files, JsonNode folders, Set<String> blobs) {}

    static State state(Api in) {
        return new State(ok(in.get("/v5/files?folder=/&recursive=1")).path("files"),
                ok(in.get("/v5/folders?folder=/&recursive=1")).path("folders"), server.blobStoreContents());
    }

    @Test
    void everyWritePathRefusesMetaTheModelRefusesAndStoresNothing() {
        State before = state(api);
        int fetched = fetches.get();
        REFUSED.forEach((meta, named) -> {
            String what = meta + " → ";
            assertRefused(api.putJson("/v5/file/" + file + "/meta", "{\"meta\":" + meta + "}"), named);
            assertRefused(api.patchJson("/v5/file/" + file + "/meta", "{\"meta\":" + meta + "}"), named);
            assertRefused(api.putJson("/v4/file/" + file + "/meta", "{\"meta\":" + meta + "}"), named);
            assertRefused(upload(api, "/docs", "new.txt", meta), named);
            assertRefused(api.multipart("/v4/files?folder=/docs", new Api.Multipart().field("meta", meta)
                    .file("files[]", "bare.txt", "text/plain", new byte[] {'b'})), named);
            // two files: the first is fine, the second's meta is refused; neither is stored
            assertRefused(api.multipart("/v4/files?folder=/docs", new Api.Multipart()
                    .field("meta[first]", "{\"rating\":3}").file("first", "first.txt", "text/plain", new byte[] {'1'})
                    .field("meta[second]", meta).file("second", "second.txt", "text/plain", new byte[] {'2'})), named);
            assertRefused(api.postJson("/v4/files?folder=/docs", "{\"name\":\"b64.txt\",\"data\":\"aGk=\",\"meta\":" + meta + "}"), named);
            assertRefused(api.postJson("/v4/files?folder=/docs", "{\"files_urls\":[{\"url\":\"" + remoteUrl() + "\",\"name\":\"ok.txt\"},"
                    + "{\"url\":\"" + remoteUrl() + "\",\"name\":\"url.txt\",\"meta\":" + meta + "}]}"), named);
            assertRefused(api.postJson("/v4/files/upload_url", "{\"dir\":\"/docs\",\"files_urls\":[{\"url\":\"" + remoteUrl()
                    + "\",\"meta\":" + meta + "}]}"), named);
            assertRefused(api.putJson("/v5/folder/" + folder + "/meta", "{\"meta\":" + meta + "}"), named);
            assertRefused(api.putJson("/v4/folders/" + folder + "/meta", "{\"meta\":" + meta + "}"), named);
            assertThat(state(api)).as(what + "nothing changed").isEqualTo(before);
        });
        assertThat(fetches.get()).as("a refused URL upload fetches nothing").isEqualTo(fetched);
    }

    @Test
    void acceptedMetaIsStoredInItsStoredForm() {
        String redId = MetaTesting.optionId(api, "color", "red");
        String mId = MetaTesting.optionId(api, "sizes", "m");
        JsonNode f = uploaded(api, "/ok", "typed.txt", "{\"color\":\"" + redId + "\",\"shot\":\"2024-05-01T12:30:00+02:00\","
                + "\"sizes\":[\"s\",\"" + mId + "\",\"s\"],\"keywords\":[\" beach \",\"beach\",\"\",\"Sun\"],\"rating\":4.5,\"approved\":false,"
                + "\"caption\":{\"en\":\"Hi\",\"fr\":\"Salut\"},\"notes\":\"long text\",\"title\":{\"en\":\"T\"},\"description\":\"plain\"}");
        JsonNode meta = f.path("meta");
        assertThat(meta.path("color").asText()).as("an internal id is stored as the api slug").isEqualTo("red");
        assertThat(meta.path("shot").asText()).as("a moment is stored in UTC").isEqualTo("2024-05-01T10:30:00Z");
        assertThat(MetaTesting.names(meta.path("sizes"))).hasSize(2);
        assertThat(meta.path("sizes").toString()).isEqualTo("[\"s\",\"m\"]");
        assertThat(meta.path("keywords").toString()).isEqualTo("[\"beach\",\"Sun\"]");
        assertThat(meta.path("rating").asDouble()).isEqualTo(4.5);
        assertThat(meta.path("approved").isBoolean()).isTrue();
        assertThat(meta.path("caption").path("fr").asText()).isEqualTo("Salut");
        String uuid = f.path("uuid").asText();
        assertThat(ok(api.get("/v5/file/" + uuid)).path("file").path("meta")).isEqualTo(meta);

        // every other path stores the same form
        JsonNode b64 = ok(api.postJson("/v4/files?folder=/ok", "{\"name\":\"b.txt\",\"data\":\"aGk=\",\"meta\":{\"color\":\"" + redId
                + "\",\"shot\":\"2024-05-01\"}}")).path("file").path("meta");
        assertThat(b64.path("color").asText()).isEqualTo("red");
        assertThat(b64.path("shot").asText()).isEqualTo("2024-05-01");
        JsonNode url = ok(api.postJson("/v4/files?folder=/ok", "{\"files_urls\":[{\"url\":\"" + remoteUrl() + "\",\"name\":\"u.txt\","
                + "\"meta\":{\"color\":\"" + redId + "\"}}]}")).path("file").path("meta");
        assertThat(url.path("color").asText()).isEqualTo("red");
        JsonNode merged = ok(api.patchJson("/v5/file/" + uuid + "/meta", "{\"meta\":{\"color\":\"blue\",\"rating\":null}}"))
                .path("file").path("meta");
        assertThat(merged.path("color").asText()).isEqualTo("blue");
        assertThat(merged.has("rating")).as("null removes a key").isFalse();
        assertThat(merged.path("caption").path("en").asText()).as("other keys stay").isEqualTo("Hi");
        JsonNode folderMeta = ok(api.putJson("/v5/folder/" + MetaTesting.folderUuid(api, "/ok") + "/meta",
                "{\"meta\":{\"color\":\"" + redId + "\",\"shot\":\"2024-05-01T10:00:00\"}}")).path("meta");
        assertThat(folderMeta.path("color").asText()).isEqualTo("red");
        assertThat(folderMeta.path("shot").asText()).as("a moment without a zone is UTC").isEqualTo("2024-05-01T10:00:00Z");
    }

    @Test
    void aFieldDeletedFromTheModelLeavesItsValuesWhichCanBeRemovedButNotWritten() {
        String uuid = field(api, "{\"key\":\"legacy\",\"label\":\"Legacy\",\"type\":\"text\"}").path("uuid").asText();
        String fileUuid = uploaded(api, "/legacy", "l.txt", "{\"legacy\":\"old\"}").path("uuid").asText();
        ok(api.delete(FIELDS + "/" + uuid));
        assertThat(ok(api.get("/v5/file/" + fileUuid)).path("file").path("meta").path("legacy").asText()).isEqualTo("old");
        assertRefused(api.putJson("/v5/file/" + fileUuid + "/meta", "{\"meta\":{\"legacy\":\"new\"}}"), "meta.legacy");
        JsonNode other = ok(api.putJson("/v5/file/" + fileUuid + "/meta", "{\"meta\":{\"rating\":3}}")).path("file").path("meta");
        assertThat(other.path("legacy").asText()).as("changing another key keeps it").isEqualTo("old");
        JsonNode removed = ok(api.putJson("/v5/file/" + fileUuid + "/meta", "{\"meta\":{\"legacy\":null}}")).path("file").path("meta");
        assertThat(removed.has("legacy")).isFalse();
    }

    @Test
    void aProjectWithoutAModelTakesAnyMeta() {
        server.createProject("free");
        Api free = server.allKey("free").in("free");
        String anything = "{\"unknown\":1,\"nested\":{\"a\":[1,{\"b\":null}]},\"rating\":\"5\",\"color\":\"purple\"}";
        JsonNode f = uploaded(free, "/any", "a.txt", anything);
        assertThat(f.path("meta").path("nested").path("a").path(1).has("b")).isTrue();
        assertThat(ok(free.putJson("/v5/file/" + f.path("uuid").asText() + "/meta", "{\"meta\":{\"x\":[true]}}"))
                .path("file").path("meta").path("x").path(0).asBoolean()).isTrue();
        String folderUuid = f.path("folder").path("uuid").asText();
        assertThat(ok(free.putJson("/v5/folder/" + folderUuid + "/meta", "{\"meta\":" + anything + "}")).path("meta").path("color").asText())
                .isEqualTo("purple");
        // the first field makes the model apply; deleting the last one makes the project free-form again
        String uuid = field(free, "{\"key\":\"k\",\"label\":\"K\",\"type\":\"text\"}").path("uuid").asText();
        assertRefused(free.putJson("/v5/folder/" + folderUuid + "/meta", "{\"meta\":" + anything + "}"), "meta.");
        ok(free.delete(FIELDS + "/" + uuid));
        ok(free.putJson("/v5/folder/" + folderUuid + "/meta", "{\"meta\":" + anything + "}"));
    }

    @Test
    void anUploadRefusedForItsMetaSpendsNoUploadCount() {
        Api sass = MetaTesting.sassKey(server, api, TOKEN, "{\"permissions\":[\"FILE_UPLOAD\",\"OBJECTS_LIST\"],\"upload\":{\"max\":1}}");
        State before = state(api);
        assertRefused(upload(sass, "/sass", "bad.txt", "{\"rating\":\"high\"}"), "meta.rating");
        assertRefused(sass.postJson("/v4/files?folder=/sass", "{\"name\":\"b.txt\",\"data\":\"aGk=\",\"meta\":{\"nope\":1}}"), "meta.nope");
        assertThat(state(api)).isEqualTo(before);
        assertThat(upload(sass, "/sass", "good.txt", "{\"rating\":5}").status()).as("the one allowed upload is still there").isEqualTo(200);
        assertError(upload(sass, "/sass", "more.txt", null), 429, "RATE_LIMITED");
    }

    @Test
    void badMetaBodiesAreRefused() {
        State before = state(api);
        for (String body : List.of("{}", "{\"meta\":[1]}", "{\"meta\":\"x\"}", "{\"meta\":null}")) {
            assertRefused(api.putJson("/v5/folder/" + folder + "/meta", body), "meta");
        }
        assertError(api.putJson("/v5/folder/" + folder + "/meta", "{\"meta\":"), 400, "INVALID_JSON");
        assertError(api.putJson("/v5/folder/" + folder + "/meta", "[]"), 400, "INVALID_JSON");
        assertError(api.multipart("/v4/files?folder=/docs", new Api.Multipart().field("meta[files[]]", "{broken")
                .file("files[]", "x.txt", "text/plain", new byte[] {'x'})), 400, "INVALID_JSON");
        assertThat(state(api)).isEqualTo(before);
    }
}
