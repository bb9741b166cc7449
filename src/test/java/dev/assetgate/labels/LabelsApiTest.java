package dev.assetgate.labels;

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
 * Labels over HTTP: the dictionary (CRUD, validation, names unique ignoring case), attaching to one
 * or many files (all or nothing), labels in file objects, searching by label, and a SASS key's
 * folder scopes. Each test works in a fresh project with /in/a.txt, /in/sub/b.png and /out/c.txt.
 */
@WithServer
@ServerSetting(key = Setting.KEY_EXCHANGE_PER_MINUTE, value = "1000")
class LabelsApiTest {
    static TestServer server;

    String token;
    Api admin;      // every permission, no project prefix (management API)
    Api project;    // the same key under /{token}
    String a;
    String b;
    String c;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    @BeforeEach
    void prepare(TestProject fresh) {
        token = fresh.token;
        admin = fresh.admin;
        project = fresh.api;
        a = upload("/in", "a.txt", "text/plain");
        b = upload("/in/sub", "b.png", "image/png");
        c = upload("/out", "c.txt", "text/plain");
    }

    private String upload(String folder, String name, String type) {
        return project.uploaded(folder, name, type, "content of " + name);
    }

    private JsonNode create(String name) {
        Api.Response r = project.postJson("/v5/labels", "{\"label\":{\"name\":\"" + name + "\"}}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("label");
    }

    private JsonNode labels(Api key) {
        Api.Response r = key.get("/v5/labels");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("status").asText()).isEqualTo("success");
        return r.json().path("labels");
    }

    private JsonNode label(String name) {
        for (JsonNode l : labels(project)) {
            if (l.path("name").asText().equals(name)) return l;
        }
        throw new AssertionError("no label " + name);
    }

    private List<String> labelsOf(String fileUuid) {
        Api.Response r = project.get("/v5/file/" + fileUuid);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return texts(r.json().path("file").path("labels"));
    }

    private List<String> names(Api key, String query) {
        Api.Response r = key.get("/v5/files?folder=/&recursive=1&" + query);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().path("files").forEach(f -> out.add(f.path("name").asText()));
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    // ------------------------------------------------------------------ the dictionary

    @ParameterizedTest
    @ValueSource(strings = {"v4", "v5"})
    void createReadUpdateAndDelete(String v) {
        Api.Response created = project.postJson("/" + v + "/labels", "{\"label\":{\"name\":\" Urgent \",\"color\":\"#E55E58\","
                + "\"shape\":\"pin\",\"is_pinned\":true,\"permissions\":{\"viewing\":{\"scope\":\"SK_ORG\",\"ids\":null},"
                + "\"attaching\":{\"scope\":\"SK_ORG\",\"ids\":null}}}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.json().path("status").asText()).isEqualTo("success");
        JsonNode label = created.json().path("label");
        String uuid = label.path("uuid").asText();
        String sid = label.path("sid").asText();
        assertThat(sid).matches("#lb[0-9a-f]{12}");
        assertThat(label.path("name").asText()).as("trimmed").isEqualTo("Urgent");
        assertThat(label.path("color").asText()).isEqualTo("#E55E58");
        assertThat(label.path("is_pinned").asBoolean()).isTrue();
        assertThat(label.path("created_at").asText()).isNotEmpty();

        JsonNode listed = label("Urgent");
        assertThat(listed.path("uuid").asText()).isEqualTo(uuid);
        assertThat(listed.path("assets_count").asLong()).isZero();
        assertThat(listed.path("permissions").path("viewing").path("scope").asText()).isEqualTo("SK_ORG");
        for (String id : List.of(uuid, sid.substring(1))) {
            Api.Response one = project.get("/" + v + "/labels/" + id);
            assertThat(one.status()).as(one.toString()).isEqualTo(200);
            assertThat(one.json().path("label").path("uuid").asText()).isEqualTo(uuid);
        }

        // The widget sends the whole label back, read-only members included.
        JsonNode echoed = ((ObjectNode) listed.deepCopy()).put("name", "Very urgent").put("color", "#6DDC6A");
        Api.Response updated = project.putJson("/" + v + "/labels/" + uuid, "{\"label\":" + echoed + "}");
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().path("label").path("name").asText()).isEqualTo("Very urgent");
        assertThat(updated.json().path("label").path("sid").asText()).isEqualTo(sid);
        assertThat(label("Very urgent").path("color").asText()).isEqualTo("#6DDC6A");
        assertThat(label("Very urgent").path("is_pinned").asBoolean()).as("unchanged").isTrue();
        Api.Response partial = project.putJson("/" + v + "/labels/" + uuid, "{\"label\":{\"is_pinned\":false}}");
        assertThat(partial.json().path("label").path("name").asText()).as("a missing member stays").isEqualTo("Very urgent");
        assertThat(partial.json().path("label").path("is_pinned").asBoolean()).isFalse();

        Api.Response deleted = project.delete("/" + v + "/labels/" + uuid);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertThat(deleted.json().path("label_uuid").asText()).isEqualTo(uuid);
        assertThat(labels(project)).isEmpty();

        String x = create("X").path("uuid").asText();
        String ySid = create("Y").path("sid").asText();
        create("Z");
        Api.Response many = project.deleteJson("/" + v + "/labels", "{\"labels\":[\"" + x + "\",\"" + ySid + "\"]}");
        assertThat(many.status()).as(many.toString()).isEqualTo(200);
        assertThat(many.json().path("labels_uuids")).hasSize(2);
        assertThat(labels(project)).extracting(l -> l.path("name").asText()).containsExactly("Z");
    }

    @Test
    void defaultsAndAnUnwrappedBody() {
        Api.Response r = project.postJson("/v5/labels", "{\"name\":\"Plain\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("label").path("color").asText()).isEqualTo("#BAC8D3");
        assertThat(r.json().path("label").path("shape").asText()).isEqualTo("pin");
        assertThat(r.json().path("label").path("is_pinned").asBoolean()).isFalse();
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        String existing = create("Existing").path("uuid").asText();
        create("Other");
        JsonNode before = labels(project);
        assertError(project.postJson("/v5/labels", "{\"label\":{\"name\":\"x\""), 400, "INVALID_JSON");
        assertError(project.postJson("/v5/labels", "[]"), 400, "INVALID_JSON");
        assertError(project.postJson("/v5/labels", "{\"label\":{}}"), 400, "INVALID_PARAMETER");
        for (String label : List.of("{\"name\":\"  \"}", "{\"name\":7}", "{\"name\":\"a\\u0000b\"}", "{\"name\":\"" + "n".repeat(101) + "\"}",
                "{\"name\":\"ok\",\"color\":\"red\"}", "{\"name\":\"ok\",\"color\":\"#12345\"}", "{\"name\":\"ok\",\"shape\":\"a b\"}",
                "{\"name\":\"ok\",\"is_pinned\":\"yes\"}", "{\"name\":\"ok\",\"owner\":\"me\"}",
                "{\"name\":\"ok\",\"permissions\":{\"viewing\":{\"scope\":\"SK_TEAMS\",\"ids\":[\"t1\"]}}}",
                "{\"name\":\"ok\",\"permissions\":[]}")) {
            Api.Response r = project.postJson("/v5/labels", "{\"label\":" + label + "}");
            assertError(r, 400, "INVALID_PARAMETER");
        }
        assertError(project.postJson("/v5/labels", "{\"label\":\"name\"}"), 400, "INVALID_PARAMETER");
        assertError(project.postJson("/v5/labels", "{\"label\":{\"name\":\"ok\"},\"extra\":1}"), 400, "INVALID_PARAMETER");
        assertError(project.postJson("/v5/labels", "{\"label\":{\"name\":\"EXISTING\"}}"), 409, "NAME_CONFLICT");
        assertError(project.putJson("/v5/labels/" + existing, "{\"label\":{\"name\":\"other\"}}"), 409, "NAME_CONFLICT");
        assertError(project.putJson("/v5/labels/" + existing, "{\"label\":{\"color\":\"blue\"}}"), 400, "INVALID_PARAMETER");
        assertError(project.putJson("/v5/labels/no-such-label", "{\"label\":{\"name\":\"x\"}}"), 404, "LABEL_NOT_FOUND");
        assertError(project.get("/v5/labels/no-such-label"), 404, "LABEL_NOT_FOUND");
        assertError(project.delete("/v5/labels/no-such-label"), 404, "LABEL_NOT_FOUND");
        assertError(project.deleteJson("/v5/labels", "{\"labels\":[\"" + existing + "\",\"no-such-label\"]}"), 404, "LABEL_NOT_FOUND");
        assertError(project.deleteJson("/v5/labels", "{\"labels\":[]}"), 400, "INVALID_PARAMETER");
        assertError(project.deleteJson("/v5/labels", "{\"labels\":\"" + existing + "\"}"), 400, "INVALID_PARAMETER");
        assertError(project.post("/v5/labels", "application/xml", "<label/>".getBytes(StandardCharsets.UTF_8)), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertThat(labels(project)).isEqualTo(before);
        assertThat(server.withKey("agsk_" + "0".repeat(64)).in(token).get("/v5/labels").status()).isEqualTo(401);
    }

    // ------------------------------------------------------------------ attaching

    @Test
    void attachAndDetachOnOneFile() {
        JsonNode red = create("Red");
        JsonNode blue = create("Blue");
        String redSid = red.path("sid").asText();
        String blueSid = blue.path("sid").asText();

        Api.Response attached = project.postJson("/v5/files/" + a + "/labels",
                "{\"labels\":[\"" + redSid + "\",\"" + blue.path("uuid").asText() + "\"]}");
        assertThat(attached.status()).as(attached.toString()).isEqualTo(200);
        assertThat(attached.json().path("action").asText()).isEqualTo("labels_attached");
        assertThat(texts(attached.json().path("file").path("labels"))).containsExactly(blueSid, redSid);
        assertThat(labelsOf(a)).containsExactly(blueSid, redSid);
        assertThat(project.postJson("/v5/files/" + a + "/labels", "{\"labels\":[\"" + redSid.substring(1) + "\"]}").status())
                .as("again, by sid without '#'").isEqualTo(200);
        assertThat(labelsOf(a)).containsExactly(blueSid, redSid);
        assertThat(label("Red").path("assets_count").asLong()).isEqualTo(1);

        JsonNode listed = project.get("/v5/files?folder=/in").json().path("files").path(0);
        assertThat(texts(listed.path("labels"))).containsExactly(blueSid, redSid);
        for (String format : List.of("labels:json_full", "json,labels:json_full", "select:human+labels:json_full")) {
            JsonNode full = project.get("/v5/file/" + a + "?format=" + Api.enc(format)).json().path("file").path("labels");
            assertThat(full.path(0).path("name").asText()).as(format).isEqualTo("Blue");
            assertThat(full.path(1).path("sid").asText()).isEqualTo(redSid);
        }
        assertThat(project.get("/v5/files?folder=/in&format=labels:json_full").json().path("files").path(0).path("labels").path(0)
                .path("uuid").asText()).isEqualTo(blue.path("uuid").asText());
        assertThat(texts(project.get("/v5/file/" + b).json().path("file").path("labels"))).as("another file").isEmpty();

        Api.Response detached = project.deleteJson("/v5/files/" + a + "/labels", "{\"labels\":[\"" + redSid + "\"]}");
        assertThat(detached.status()).as(detached.toString()).isEqualTo(200);
        assertThat(detached.json().path("action").asText()).isEqualTo("labels_detached");
        assertThat(texts(detached.json().path("file").path("labels"))).containsExactly(blueSid);
        assertThat(project.deleteJson("/v4/files/" + a + "/labels", "{\"labels\":[\"" + redSid + "\"]}").status())
                .as("not attached: nothing to do").isEqualTo(200);
        assertThat(labelsOf(a)).containsExactly(blueSid);

        assertError(project.postJson("/v5/files/no-such-file/labels", "{\"labels\":[\"" + redSid + "\"]}"), 404, "FILE_NOT_FOUND");
        assertError(project.postJson("/v5/files/" + a + "/labels", "{\"labels\":[\"#lbnope\"]}"), 404, "LABEL_NOT_FOUND");
        assertError(project.postJson("/v5/files/" + a + "/labels", "{\"labels\":[]}"), 400, "INVALID_PARAMETER");
        assertError(project.postJson("/v5/files/" + a + "/labels", "{\"labels\":[1]}"), 400, "INVALID_PARAMETER");
        assertError(project.postJson("/v5/files/" + a + "/labels", "{\"labels\""), 400, "INVALID_JSON");
        assertThat(labelsOf(a)).containsExactly(blueSid);
    }

    @Test
    void attachAndDetachOnManyFilesAllOrNothing() {
        String red = create("Red").path("sid").asText();
        String blue = create("Blue").path("sid").asText();
        String both = "\"labels\":[\"" + red + "\",\"" + blue + "\"]";

        assertError(project.postJson("/v5/files/labels", "{" + both + ",\"files_uuids\":[\"" + a + "\",\"no-such-file\"]}"), 404, "FILE_NOT_FOUND");
        assertError(project.postJson("/v5/files/labels", "{\"labels\":[\"" + red + "\",\"#lbnope\"],\"files_uuids\":[\"" + a + "\"]}"),
                404, "LABEL_NOT_FOUND");
        assertError(project.postJson("/v5/files/labels", "{" + both + "}"), 400, "INVALID_PARAMETER");
        assertThat(labelsOf(a)).as("nothing attached").isEmpty();

        Api.Response r = project.postJson("/v5/files/labels", "{" + both + ",\"files_uuids\":[\"" + a + "\",\"" + b + "\"]}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(texts(r.json().path("files_uuids"))).containsExactly(a, b);
        assertThat(r.json().path("files")).hasSize(2).allSatisfy(f -> assertThat(texts(f.path("labels"))).containsExactly(blue, red));
        assertThat(labelsOf(c)).isEmpty();

        assertError(project.deleteJson("/v5/files/labels", "{\"labels\":[\"" + red + "\"],\"files_uuids\":[\"" + a + "\",\"no-such-file\"]}"),
                404, "FILE_NOT_FOUND");
        assertThat(labelsOf(a)).containsExactly(blue, red);
        Api.Response off = project.deleteJson("/v5/files/labels", "{\"labels\":[\"" + red + "\"],\"files_uuids\":[\"" + a + "\",\"" + b + "\"]}");
        assertThat(off.status()).as(off.toString()).isEqualTo(200);
        assertThat(off.json().path("files")).allSatisfy(f -> assertThat(texts(f.path("labels"))).containsExactly(blue));
        assertThat(project.get("/v5/file/" + a).status()).as("files/labels is never taken for a file uuid").isEqualTo(200);
    }

    @Test
    void deletingALabelDetachesItAndDeletingAFileForgetsItsLabels() {
        String red = create("Red").path("sid").asText();
        String blue = create("Blue").path("sid").asText();
        project.postJson("/v5/files/labels", "{\"labels\":[\"" + red + "\",\"" + blue + "\"],\"files_uuids\":[\"" + a + "\",\"" + c + "\"]}");
        assertThat(project.delete("/v5/labels/" + red.substring(1)).status()).isEqualTo(200);
        assertThat(labelsOf(a)).containsExactly(blue);
        assertThat(names(project, "q=labels:" + red.substring(1))).isEmpty();

        assertThat(project.delete("/v5/files/" + c).status()).isEqualTo(200);
        assertThat(label("Blue").path("assets_count").asLong()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ searching

    @Test
    void searchByLabelTermOrByLabelParameterWithAnOperator() {
        String red = create("Red").path("sid").asText();
        String blue = create("Blue").path("sid").asText();
        project.postJson("/v5/files/labels", "{\"labels\":[\"" + red + "\"],\"files_uuids\":[\"" + a + "\",\"" + b + "\"]}");
        project.postJson("/v5/files/labels", "{\"labels\":[\"" + blue + "\"],\"files_uuids\":[\"" + b + "\",\"" + c + "\"]}");
        String r = red.substring(1);
        String bl = blue.substring(1);

        assertThat(names(project, "q=labels:" + r)).containsExactly("a.txt", "b.png");
        assertThat(names(project, "q=" + Api.enc("labels:" + r + "," + bl))).containsExactly("a.txt", "b.png", "c.txt");
        assertThat(names(project, "q=" + Api.enc("labels:" + r + "+labels:" + bl))).containsExactly("b.png");
        assertThat(names(project, "q=" + Api.enc("-labels:" + r))).containsExactly("c.txt");
        assertThat(names(project, "label=" + r)).containsExactly("a.txt", "b.png");
        assertThat(names(project, "label=" + Api.enc(red) + "&label=" + bl)).containsExactly("a.txt", "b.png", "c.txt");
        assertThat(names(project, "label=" + r + "," + bl + "&labels_operator=AND")).containsExactly("b.png");
        assertThat(names(project, "label=" + r + "," + bl + "&labels_operator=or")).containsExactly("a.txt", "b.png", "c.txt");
        assertThat(names(project, "label=" + r + "&labels_operator=NOT")).containsExactly("c.txt");
        assertThat(names(project, "label=" + r + "&q=b")).containsExactly("b.png");
        assertThat(project.get("/v5/files/stats?folder=/&recursive=1&label=" + r).json().path("stats").path("approx_files_count").asLong())
                .isEqualTo(2);
        assertError(project.get("/v5/files?label=" + r + "&labels_operator=XOR"), 400, "INVALID_PARAMETER");
    }

    @Test
    void theLabelsViewFiltersWithLabelsSpelledInThePlural() {
        String red = create("Red").path("sid").asText();
        String blue = create("Blue").path("sid").asText();
        project.postJson("/v5/files/labels", "{\"labels\":[\"" + red + "\"],\"files_uuids\":[\"" + b + "\"]}");
        project.postJson("/v5/files/labels", "{\"labels\":[\"" + blue + "\"],\"files_uuids\":[\"" + c + "\"]}");

        // exactly what the widget's Labels view sends
        assertThat(names(project, "preview=2301&labels=" + Api.enc(red) + "&recursive=1")).containsExactly("b.png");
        assertThat(names(project, "labels=" + red.substring(1) + "," + blue.substring(1))).containsExactly("b.png", "c.txt");
        assertThat(names(project, "labels=" + red.substring(1) + "&label=" + blue.substring(1) + "&labels_operator=AND")).isEmpty();
        assertThat(names(project, "labels=" + red.substring(1) + "&labels_operator=NOT")).containsExactly("a.txt", "c.txt");

        Api sass = SassKeys.mint(server, admin, token, "{\"permissions\":[\"OBJECTS_LIST\"],\"listing\":{\"dir_scope\":[\"/in/*\"]}}");
        assertThat(names(sass, "labels=" + blue.substring(1))).as("a file outside the scope never shows").isEmpty();
        assertThat(names(sass, "labels=" + red.substring(1))).containsExactly("b.png");
        assertError(project.get("/v5/files?labels=" + red.substring(1) + "&labels_operator=XOR"), 400, "INVALID_PARAMETER");
        String many = String.join(",", java.util.Collections.nCopies(101, "x"));
        assertError(project.get("/v5/files?labels=" + many), 400, "INVALID_PARAMETER");
    }

    // ------------------------------------------------------------------ SASS keys

    static final String LABELLER = "{\"permissions\":[\"OBJECTS_LIST\",\"OBJECTS_FETCH\",\"LABELS_LIST\",\"LABEL_MANAGE\","
            + "\"FILE_LABEL_CHANGE\"],\"listing\":{\"dir_scope\":[\"/in/*\"]},\"upload\":{\"dir_scope\":[\"/in/*\"]}}";

    @Test
    void aSassKeyCountsSearchesAndChangesOnlyInsideItsScopes() {
        String shared = create("Shared").path("sid").asText();
        String inside = create("Inside").path("sid").asText();
        project.postJson("/v5/files/labels", "{\"labels\":[\"" + shared + "\"],\"files_uuids\":[\"" + a + "\",\"" + b + "\",\"" + c + "\"]}");
        project.postJson("/v5/files/labels", "{\"labels\":[\"" + inside + "\"],\"files_uuids\":[\"" + a + "\"]}");
        Api sass = SassKeys.mint(server, admin, token, LABELLER);

        JsonNode seen = labels(sass);
        assertThat(seen).hasSize(2).as("every label is listed, counted inside the listing scope")
                .anySatisfy(l -> assertThat(l.path("name").asText() + "=" + l.path("assets_count").asLong()).isEqualTo("Shared=2"));
        assertThat(label("Shared").path("assets_count").asLong()).isEqualTo(3);
        assertThat(names(sass, "label=" + shared.substring(1))).as("searches stay in the scope").containsExactly("a.txt", "b.png");

        String fresh = sass.postJson("/v5/labels", "{\"label\":{\"name\":\"Fresh\"}}").json().path("label").path("sid").asText();
        Api.Response outside = sass.postJson("/v5/files/" + c + "/labels", "{\"labels\":[\"" + fresh + "\"]}");
        assertError(outside, 403, "FOLDER_NOT_ALLOWED");
        assertThat(outside.json().path("hint").asText()).contains("upload.dir_scope");
        assertError(sass.postJson("/v5/files/labels", "{\"labels\":[\"" + fresh + "\"],\"files_uuids\":[\"" + a + "\",\"" + c + "\"]}"),
                403, "FOLDER_NOT_ALLOWED");
        assertError(sass.deleteJson("/v5/files/labels", "{\"labels\":[\"" + shared + "\"],\"files_uuids\":[\"" + a + "\",\"" + c + "\"]}"),
                403, "FOLDER_NOT_ALLOWED");
        assertThat(labelsOf(a)).as("all or nothing").doesNotContain(fresh).contains(shared);
        assertThat(labelsOf(c)).containsExactly(shared);
        assertThat(sass.postJson("/v5/files/labels", "{\"labels\":[\"" + fresh + "\"],\"files_uuids\":[\"" + a + "\",\"" + b + "\"]}").status())
                .isEqualTo(200);
        assertThat(labelsOf(b)).contains(fresh);

        Api.Response refused = sass.delete("/v5/labels/" + label("Shared").path("uuid").asText());
        assertError(refused, 403, "FOLDER_NOT_ALLOWED");
        assertError(sass.deleteJson("/v5/labels", "{\"labels\":[\"" + inside + "\",\"" + shared + "\"]}"), 403, "FOLDER_NOT_ALLOWED");
        assertThat(labels(project)).hasSize(3);
        assertThat(sass.delete("/v5/labels/" + inside.substring(1)).status()).as("carried only inside the scope").isEqualTo(200);
        assertThat(labelsOf(a)).doesNotContain(inside);
    }

    @Test
    void aKeyWithoutLabelsListIsRefusedTheList() {
        Api noList = SassKeys.mint(server, admin, token, "{\"permissions\":[\"OBJECTS_LIST\"]}");
        assertError(noList.get("/v5/labels"), 403, "PERMISSION_DENIED");
    }
}
