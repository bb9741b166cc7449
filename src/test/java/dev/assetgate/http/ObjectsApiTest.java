package dev.assetgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.SassKeys;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A mixed selection of files and folders moved ({@code POST /v5/objects/move}) or deleted
 * ({@code DELETE /v5/objects}) as the widget sends it: all or nothing, every target authorised. Each
 * test works in a fresh project holding /in/a.txt, /in/sub/b.txt, /in/keep/k.txt and /out/c.txt.
 */
@WithServer
@ServerSetting(key = Setting.KEY_EXCHANGE_PER_MINUTE, value = "1000")
class ObjectsApiTest {
    static TestServer server;
    /** Writes only inside /in (list scope /in too). */
    static final String IN_ONLY = "{\"permissions\":[\"OBJECTS_LIST\",\"OBJECTS_FETCH\",\"FILE_MOVE\",\"DIR_MOVE\",\"FILE_DELETE\","
            + "\"DIR_DELETE\"],\"listing\":{\"dir_scope\":[\"/in/*\"]},\"upload\":{\"dir_scope\":[\"/in/*\"]}}";

    String token;
    Api admin;
    Api api;
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
        api = fresh.api;
        a = upload("/in", "a.txt");
        b = upload("/in/sub", "b.txt");
        upload("/in/keep", "k.txt");
        c = upload("/out", "c.txt");
    }

    private String upload(String folder, String name) {
        return api.uploaded(folder, name, "text/plain", "content of " + name);
    }

    private String folder(String path) {
        return api.get("/v5/files?folder=" + Api.enc(path)).json().path("base").path("uuid").asText();
    }

    /** Every file of the project as folder/name, to compare before and after. */
    private List<String> tree() {
        List<String> out = new ArrayList<>();
        api.get("/v5/files?folder=/&recursive=1&limit=1000").json().path("files")
                .forEach(f -> out.add(f.path("folder").path("name").asText() + "/" + f.path("name").asText()));
        out.sort(null);
        return out;
    }

    private static String body(List<String> files, List<String> folders, String destination) {
        StringBuilder s = new StringBuilder("{\"files_uuids\":").append(ids(files)).append(",\"folders_uuids\":").append(ids(folders));
        if (destination != null) s.append(",\"new_folder_name\":\"").append(destination).append('"');
        return s.append('}').toString();
    }

    private static String ids(List<String> ids) {
        return ids.stream().map(id -> "\"" + id + "\"").reduce((x, y) -> x + "," + y).map(s -> "[" + s + "]").orElse("[]");
    }

    static void assertError(Api.Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.json().path("status").asText()).isEqualTo("error");
        assertThat(r.code()).isEqualTo(code);
    }

    @Test
    void aMixedSelectionMovesTogetherAndTheAnswerCarriesBoth() {
        Api.Response r = api.postJson("/v5/objects/move", body(List.of(a, c), List.of(folder("/in/sub")), "/target"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode json = r.json();
        assertThat(json.path("action").asText()).isEqualTo("objects_moved");
        List<String> uuids = new ArrayList<>();
        json.path("files").forEach(f -> uuids.add(f.path("uuid").asText()));
        assertThat(uuids).containsExactly(a, c);
        assertThat(json.path("files_uuids").toString()).contains(a).contains(c);
        assertThat(json.path("folders").findValuesAsText("path")).containsExactly("/target/sub");
        assertThat(tree()).containsExactly("/in/keep/k.txt", "/target/a.txt", "/target/c.txt", "/target/sub/b.txt");
    }

    @Test
    void aMixedSelectionIsDeletedWithEverythingBelowItsFolders() {
        Api.Response r = api.deleteJson("/v5/objects", body(List.of(c, b), List.of(folder("/in/sub")), null));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("action").asText()).isEqualTo("objects_deleted");
        assertThat(r.json().path("files_deleted").asInt()).as("c, and b selected inside a selected folder, once").isEqualTo(2);
        assertThat(tree()).containsExactly("/in/a.txt", "/in/keep/k.txt");
        assertThat(api.get("/v5/folders/" + r.json().path("folders_uuids").path(0).asText()).status()).isEqualTo(404);
    }

    @Test
    void oneUnknownOrConflictingItemRefusesTheWholeSelection() {
        List<String> before = tree();
        String sub = folder("/in/sub");
        assertError(api.deleteJson("/v5/objects", body(List.of(a), List.of(sub, "00000000-0000-0000-0000-000000000000"), null)),
                404, "FOLDER_NOT_FOUND");
        assertError(api.deleteJson("/v5/objects", body(List.of(a, "00000000-0000-0000-0000-000000000000"), List.of(sub), null)),
                404, "FILE_NOT_FOUND");
        assertError(api.postJson("/v5/objects/move", body(List.of(a), List.of(sub, "00000000-0000-0000-0000-000000000000"), "/target")),
                404, "FOLDER_NOT_FOUND");
        // the files move first, then /in/keep would land on /in/sub/keep... and a folder into itself is refused
        assertError(api.postJson("/v5/objects/move", body(List.of(c), List.of(sub), "/in/sub/deeper")), 400, "INVALID_PARAMETER");
        upload("/target", "a.txt");
        assertError(api.postJson("/v5/objects/move", body(List.of(c, a), List.of(sub), "/target")), 409, "NAME_CONFLICT");
        assertError(api.deleteJson("/v5/objects", body(List.of(), List.of(folder("/")), null)), 400, "INVALID_PARAMETER");
        List<String> after = new ArrayList<>(before);
        after.add("/target/a.txt");
        after.sort(null);
        assertThat(tree()).as("nothing changed").isEqualTo(after);
        assertThat(api.get("/v5/folders?folder=/in/sub/deeper").status()).as("no destination left behind").isEqualTo(404);
    }

    @Test
    void badBodiesAreRefused() {
        List<String> before = tree();
        assertError(api.deleteJson("/v5/objects", "{}"), 400, "INVALID_PARAMETER");
        assertError(api.deleteJson("/v5/objects", "{\"files_uuids\":[],\"folders_uuids\":[]}"), 400, "INVALID_PARAMETER");
        assertError(api.deleteJson("/v5/objects", "{\"files_uuids\":\"" + a + "\"}"), 400, "INVALID_PARAMETER");
        assertError(api.deleteJson("/v5/objects", "{\"files_uuids\":[1]}"), 400, "INVALID_PARAMETER");
        assertError(api.postJson("/v5/objects/move", body(List.of(a), List.of(), null)), 400, "INVALID_PARAMETER");
        assertError(api.postJson("/v5/objects/move", "{\"files_uuids\":[\"" + a + "\"],\"new_folder_name\":7}"), 400, "INVALID_PARAMETER");
        assertError(api.postJson("/v5/objects/move", "[1]"), 400, "INVALID_JSON");
        assertThat(api.deleteJson("/v4/objects", body(List.of(a), List.of(), null)).status()).as("v5 only").isEqualTo(404);
        assertThat(tree()).isEqualTo(before);
    }

    @Test
    void aSassKeyActsOnlyInsideItsScopeAndASelectionPartlyOutsideIsRefusedWhole() {
        Api sass = SassKeys.mint(server, admin, token, IN_ONLY);
        List<String> before = tree();
        String sub = folder("/in/sub");
        Api.Response outsideFile = sass.deleteJson("/v5/objects", body(List.of(a, c), List.of(sub), null));
        assertError(outsideFile, 403, "FOLDER_NOT_ALLOWED");
        assertThat(outsideFile.json().path("hint").asText()).contains("upload.dir_scope");
        assertError(sass.deleteJson("/v5/objects", body(List.of(a), List.of(folder("/out")), null)), 403, "FOLDER_NOT_ALLOWED");
        assertError(sass.postJson("/v5/objects/move", body(List.of(a), List.of(sub), "/out")), 403, "FOLDER_NOT_ALLOWED");
        assertError(sass.postJson("/v5/objects/move", body(List.of(c), List.of(sub), "/in/keep")), 403, "FOLDER_NOT_ALLOWED");
        // /in itself is listed as /in/*: its subtree is in scope, the root's is not
        assertError(sass.deleteJson("/v5/objects", body(List.of(), List.of(folder("/")), null)), 403, "FOLDER_NOT_ALLOWED");
        assertThat(tree()).as("nothing changed").isEqualTo(before);

        Api.Response moved = sass.postJson("/v5/objects/move", body(List.of(a), List.of(sub), "/in/keep"));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(sass.deleteJson("/v5/objects", body(List.of(a), List.of(folder("/in/keep/sub")), null)).status()).isEqualTo(200);
        assertThat(tree()).containsExactly("/in/keep/k.txt", "/out/c.txt");
    }
}
