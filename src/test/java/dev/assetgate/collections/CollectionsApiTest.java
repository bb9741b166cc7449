package dev.assetgate.collections;

import static dev.assetgate.support.Api.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.SassKeys;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Collections over HTTP: CRUD and validation, listing a collection's files (the saved query ANDed
 * with the request, always inside the caller's listing scope), virtual folders, and what a SASS
 * key sees. Each test works in a fresh project with /shop/a.png, /shop/b.txt, /shop/sub/c.png,
 * /shop/sub/d.txt and /other/e.png.
 */
@WithServer
@ServerSetting(key = Setting.KEY_EXCHANGE_PER_MINUTE, value = "1000")
class CollectionsApiTest {
    static TestServer server;

    String token;
    Api admin;
    Api project;
    String red;  // a label sid on a.png and c.png

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    @BeforeEach
    void prepare(TestProject fresh) {
        token = fresh.token;
        admin = fresh.admin;
        project = fresh.api;
        String a = upload("/shop", "a.png", "image/png");
        upload("/shop", "b.txt", "text/plain");
        String c = upload("/shop/sub", "c.png", "image/png");
        upload("/shop/sub", "d.txt", "text/plain");
        upload("/other", "e.png", "image/png");
        red = project.postJson("/v5/labels", "{\"label\":{\"name\":\"Red\"}}").json().path("label").path("sid").asText();
        Api.Response r = project.postJson("/v5/files/labels", "{\"labels\":[\"" + red + "\"],\"files_uuids\":[\"" + a + "\",\"" + c + "\"]}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    private String upload(String folder, String name, String type) {
        return project.uploaded(folder, name, type, "content of " + name);
    }

    private JsonNode create(String body) {
        Api.Response r = project.postJson("/v5/collections", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("collection");
    }

    private String collection(String data) {
        return create("{\"title\":\"t\",\"data\":" + data + "}").path("uuid").asText();
    }

    private JsonNode collections(Api key) {
        Api.Response r = key.get("/v5/collections");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("status").asText()).isEqualTo("success");
        return r.json().path("collections");
    }

    private List<String> files(Api key, String uuid, String query) {
        Api.Response r = key.get("/v5/files?collection_uuid=" + uuid + (query.isEmpty() ? "" : "&" + query));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().path("files").forEach(f -> out.add(f.path("name").asText()));
        assertThat(r.json().path("info").path("total_files_count").asLong()).isEqualTo(out.size());
        return out;
    }

    // ------------------------------------------------------------------ CRUD

    @ParameterizedTest
    @ValueSource(strings = {"v4", "v5"})
    void createReadUpdateAndDelete(String v) {
        // as the widget's collection dialog sends it
        Api.Response created = project.postJson("/" + v + "/collections", "{\"title\":\"My new collection\",\"visibility\":\"company\","
                + "\"data\":{\"filters\":\"\",\"groupby\":[{\"attribute_sys_key\":\"brand\",\"uuid\":\"ck1\"}]}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.json().path("status").asText()).isEqualTo("success");
        JsonNode c = created.json().path("collection");
        String uuid = c.path("uuid").asText();
        assertThat(c.path("title").asText()).isEqualTo("My new collection");
        assertThat(c.path("type").asText()).isEqualTo("query");
        assertThat(c.path("visibility").asText()).isEqualTo("company");
        assertThat(c.path("data").path("filters").asText()).isEmpty();
        assertThat(c.path("data").path("folder").asText()).isEqualTo("/");
        assertThat(c.path("data").path("recursive").asBoolean()).isTrue();
        assertThat(c.path("data").path("mime").isNull()).isTrue();
        assertThat(c.path("data").path("labels_operator").asText()).isEqualTo("OR");
        assertThat(c.path("data").path("groupby").path(0).path("attribute_sys_key").asText()).isEqualTo("brand");
        assertThat(c.path("created_at").asText()).isNotEmpty();

        assertThat(collections(project)).extracting(x -> x.path("uuid").asText()).containsExactly(uuid);
        assertThat(project.get("/" + v + "/collections/" + uuid).json().path("collection")).isEqualTo(c);

        // the widget sends the whole collection back, uuid and dates included
        ObjectNode echoed = c.deepCopy();
        echoed.put("title", "Shoes").put("type", "filters");
        ((ObjectNode) echoed.path("data")).put("filters", "brand:acme").put("folder", "/shop").put("mime", "image/*")
                .put("recursive", false).putArray("labels").add(red.substring(1));
        ((ObjectNode) echoed.path("data")).put("labels_operator", "not");
        Api.Response updated = project.putJson("/" + v + "/collections/" + uuid, echoed.toString());
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        JsonNode u = updated.json().path("collection");
        assertThat(u.path("title").asText()).isEqualTo("Shoes");
        assertThat(u.path("type").asText()).isEqualTo("filters");
        assertThat(u.path("data").path("filters").asText()).isEqualTo("brand:acme");
        assertThat(u.path("data").path("folder").asText()).isEqualTo("/shop");
        assertThat(u.path("data").path("recursive").asBoolean()).isFalse();
        assertThat(u.path("data").path("mime").asText()).isEqualTo("image/*");
        assertThat(u.path("data").path("labels").path(0).asText()).as("stored as the sid").isEqualTo(red);
        assertThat(u.path("data").path("labels_operator").asText()).isEqualTo("NOT");
        Api.Response renamed = project.putJson("/" + v + "/collections/" + uuid, "{\"collection\":{\"title\":\"Renamed\"}}");
        assertThat(renamed.json().path("collection").path("data")).as("data stays when not given").isEqualTo(u.path("data"));

        assertThat(project.delete("/" + v + "/collections/" + uuid).json().path("collection_uuid").asText()).isEqualTo(uuid);
        assertThat(collections(project)).isEmpty();
        String x = collection("{}");
        String y = collection("{\"q\":\"a\"}");
        String z = collection("{}");
        Api.Response many = project.deleteJson("/" + v + "/collections", "{\"collections_uuids\":[\"" + x + "\",\"" + y + "\"]}");
        assertThat(many.status()).as(many.toString()).isEqualTo(200);
        assertThat(many.json().path("collections_uuids")).hasSize(2);
        assertThat(collections(project)).extracting(n -> n.path("uuid").asText()).containsExactly(z);
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        String existing = collection("{}");
        JsonNode before = collections(project);
        assertError(project.postJson("/v5/collections", "{\"title\":"), 400, "INVALID_JSON");
        assertError(project.postJson("/v5/collections", "[]"), 400, "INVALID_JSON");
        assertError(project.post("/v5/collections", "application/xml", "<c/>".getBytes(StandardCharsets.UTF_8)), 415, "UNSUPPORTED_MEDIA_TYPE");
        for (String body : List.of("{}", "{\"title\":\" \"}", "{\"title\":5}", "{\"title\":\"" + "t".repeat(201) + "\"}",
                "{\"title\":\"t\",\"type\":\"smart\"}", "{\"title\":\"t\",\"visibility\":\"every one\"}", "{\"title\":\"t\",\"owner\":1}",
                "{\"title\":\"t\",\"data\":[]}", "{\"title\":\"t\",\"data\":{\"sort\":\"name\"}}",
                "{\"title\":\"t\",\"data\":{\"filters\":\"a\",\"q\":\"b\"}}", "{\"title\":\"t\",\"data\":{\"filters\":{\"a\":1}}}",
                "{\"title\":\"t\",\"data\":{\"mime\":\"image png\"}}", "{\"title\":\"t\",\"data\":{\"recursive\":\"yes\"}}",
                "{\"title\":\"t\",\"data\":{\"labels\":\"x\"}}", "{\"title\":\"t\",\"data\":{\"labels_operator\":\"XOR\"}}",
                "{\"title\":\"t\",\"data\":{\"groupby\":{}}}", "{\"collection\":{\"title\":\"t\"},\"x\":1}", "{\"collection\":\"t\"}")) {
            assertError(project.postJson("/v5/collections", body), 400, "INVALID_PARAMETER");
        }
        assertError(project.postJson("/v5/collections", "{\"title\":\"t\",\"data\":{\"folder\":\"/a/../b\"}}"), 400, "INVALID_PATH");
        assertError(project.postJson("/v5/collections", "{\"title\":\"t\",\"data\":{\"labels\":[\"#lbnope\"]}}"), 404, "LABEL_NOT_FOUND");
        assertError(project.putJson("/v5/collections/" + existing, "{\"title\":\"\"}"), 400, "INVALID_PARAMETER");
        assertError(project.putJson("/v5/collections/no-such-uuid", "{\"title\":\"x\"}"), 404, "COLLECTION_NOT_FOUND");
        assertError(project.get("/v5/collections/no-such-uuid"), 404, "COLLECTION_NOT_FOUND");
        assertError(project.get("/v5/collections/no-such-uuid/folders"), 404, "COLLECTION_NOT_FOUND");
        assertError(project.delete("/v5/collections/no-such-uuid"), 404, "COLLECTION_NOT_FOUND");
        assertError(project.deleteJson("/v5/collections", "{\"collections_uuids\":[\"" + existing + "\",\"no-such-uuid\"]}"), 404,
                "COLLECTION_NOT_FOUND");
        assertError(project.deleteJson("/v5/collections", "{\"collections_uuids\":[]}"), 400, "INVALID_PARAMETER");
        assertThat(collections(project)).isEqualTo(before);
    }

    // ------------------------------------------------------------------ listing a collection

    @Test
    void aCollectionListsItsSavedQueryAndedWithTheRequest() {
        String images = collection("{\"folder\":\"/shop\",\"mime\":\"image/*\"}");
        assertThat(files(project, images, "")).containsExactly("a.png", "c.png");
        assertThat(files(project, images, "q=c")).containsExactly("c.png");
        assertThat(files(project, images, "folder=/shop")).as("the request's folder alone (recursive=0)").containsExactly("a.png");
        assertThat(files(project, images, "folder=/shop/sub&recursive=1")).containsExactly("c.png");
        assertThat(files(project, images, "folder=/&recursive=1&sort=name:desc")).containsExactly("c.png", "a.png");
        assertThat(files(project, images, "folder=/other&recursive=1")).as("outside the collection's folder").isEmpty();
        assertThat(files(project, images, "mime=image/png")).containsExactly("a.png", "c.png");
        assertThat(files(project, images, "mime=text/plain")).isEmpty();
        JsonNode page = project.get("/v5/files?collection_uuid=" + images + "&limit=1&offset=1").json();
        assertThat(page.path("files")).extracting(f -> f.path("name").asText()).containsExactly("c.png");
        assertThat(page.path("info").path("total_files_count").asLong()).isEqualTo(2);
        assertThat(project.get("/v5/files/stats?collection_uuid=" + images).json().path("stats").path("approx_files_count").asLong())
                .isEqualTo(2);

        String shopOnly = collection("{\"folder\":\"/shop\",\"recursive\":false}");
        assertThat(files(project, shopOnly, "")).containsExactly("a.png", "b.txt");
        assertThat(files(project, collection("{\"filters\":\"d\"}"), "")).containsExactly("d.txt");
        assertThat(files(project, collection("{\"q\":\"labels:" + red.substring(1) + "\"}"), "")).containsExactly("a.png", "c.png");
        assertThat(files(project, collection("{\"labels\":[\"" + red + "\"],\"labels_operator\":\"NOT\",\"folder\":\"/shop\"}"), ""))
                .containsExactly("b.txt", "d.txt");
        assertThat(files(project, collection("{\"folder\":\"/gone\"}"), "")).as("a folder that does not exist").isEmpty();

        assertError(project.get("/v5/files?collection_uuid=no-such-uuid"), 404, "COLLECTION_NOT_FOUND");
        assertError(project.get("/v5/files?collection_uuid=" + images + "&folder=/nowhere"), 404, "FOLDER_NOT_FOUND");
    }

    @Test
    void virtualFoldersHoldTheWholeCollectionAndTheirFilterNarrowsIt() {
        String uuid = create("{\"title\":\"Pictures\",\"data\":{\"mime\":\"image\"}}").path("uuid").asText();
        Api.Response r = project.get("/v5/collections/" + uuid + "/folders");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode folder = r.json().path("folders").path(0);
        assertThat(r.json().path("folders")).hasSize(1);
        assertThat(folder.path("name").asText()).isEqualTo("Pictures");
        assertThat(folder.path("filters").asText()).isNotEmpty();
        assertThat(folder.path("children")).isEmpty();
        // the widget lists a virtual folder with collection_uuid + f64 + recursive
        assertThat(files(project, uuid, "f64=" + folder.path("filters").asText() + "&recursive=true"))
                .containsExactly("a.png", "c.png", "e.png");
        assertThat(files(project, uuid, "f64=" + CollectionService.virtualFolderFilter("e"))).containsExactly("e.png");
        assertError(project.get("/v5/files?collection_uuid=" + uuid + "&f64=***"), 400, "INVALID_PARAMETER");
        assertError(project.get("/v5/files?collection_uuid=" + uuid + "&f64=bm90IGpzb24"), 400, "INVALID_PARAMETER");
    }

    @Test
    void listingACollectionNeedsCollectionsListBesideObjectsList() {
        String uuid = collection("{}");
        Api listOnly = server.keyFor(List.of(token), dev.assetgate.access.Permission.OBJECTS_LIST).in(token);
        Api.Response r = listOnly.get("/v5/files?collection_uuid=" + uuid);
        assertError(r, 403, "PERMISSION_DENIED");
        assertThat(r.json().path("msg").asText()).contains("COLLECTIONS_LIST");
        assertThat(listOnly.get("/v5/files?folder=/shop").status()).as("without a collection").isEqualTo(200);
    }

    // ------------------------------------------------------------------ SASS keys

    static final String READER = "{\"permissions\":[\"OBJECTS_LIST\",\"COLLECTIONS_LIST\",\"COLLECTIONS_MANAGE\"],"
            + "\"listing\":{\"dir_scope\":[\"/shop/sub/*\"]}}";

    @Test
    void aSassKeySeesCollectionsAndTheirFilesOnlyInsideItsListingScope() {
        String wide = collection("{\"folder\":\"/shop\"}");
        String everything = collection("{}");
        String other = collection("{\"folder\":\"/other\"}");
        String beside = collection("{\"folder\":\"/shop/subway\"}");
        Api sass = SassKeys.mint(server, admin, token, READER);

        // collections made within one millisecond have no defined order between them
        assertThat(collections(sass)).extracting(c -> c.path("uuid").asText()).containsExactlyInAnyOrder(wide, everything);
        assertThat(files(sass, wide, "")).as("only files inside the scope").containsExactly("c.png", "d.txt");
        assertThat(files(sass, everything, "")).containsExactly("c.png", "d.txt");
        assertThat(files(sass, everything, "folder=/shop/sub&recursive=1")).containsExactly("c.png", "d.txt");
        assertError(sass.get("/v5/files?collection_uuid=" + wide + "&folder=/other"), 403, "FOLDER_NOT_ALLOWED");
        for (String hidden : List.of(other, beside)) {
            assertError(sass.get("/v5/collections/" + hidden), 404, "COLLECTION_NOT_FOUND");
            assertError(sass.get("/v5/collections/" + hidden + "/folders"), 404, "COLLECTION_NOT_FOUND");
            assertError(sass.get("/v5/files?collection_uuid=" + hidden), 404, "COLLECTION_NOT_FOUND");
            assertError(sass.putJson("/v5/collections/" + hidden, "{\"title\":\"mine\"}"), 404, "COLLECTION_NOT_FOUND");
            assertError(sass.delete("/v5/collections/" + hidden), 404, "COLLECTION_NOT_FOUND");
        }
        assertError(sass.deleteJson("/v5/collections", "{\"collections_uuids\":[\"" + wide + "\",\"" + other + "\"]}"), 404,
                "COLLECTION_NOT_FOUND");
        assertThat(collections(project)).hasSize(4);

        Api.Response outside = sass.postJson("/v5/collections", "{\"title\":\"peek\",\"data\":{\"folder\":\"/other\"}}");
        assertError(outside, 403, "FOLDER_NOT_ALLOWED");
        assertError(sass.putJson("/v5/collections/" + wide, "{\"data\":{\"folder\":\"/other\"}}"), 403, "FOLDER_NOT_ALLOWED");
        assertThat(collections(project)).hasSize(4);
        Api.Response mine = sass.postJson("/v5/collections", "{\"title\":\"mine\",\"data\":{\"folder\":\"/shop/sub\"}}");
        assertThat(mine.status()).as(mine.toString()).isEqualTo(200);
        assertThat(sass.delete("/v5/collections/" + wide).status()).isEqualTo(200);
    }

    @Test
    void aKeyWithoutCollectionsListIsRefusedTheList() {
        Api noList = SassKeys.mint(server, admin, token, "{\"permissions\":[\"OBJECTS_LIST\"]}");
        assertError(noList.get("/v5/collections"), 403, "PERMISSION_DENIED");
    }
}
