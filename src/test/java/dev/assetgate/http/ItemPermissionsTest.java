package dev.assetgate.http;

import static dev.assetgate.access.Permission.FILE_RENAME;
import static dev.assetgate.access.Permission.OBJECTS_LIST;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.access.Permission;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import dev.assetgate.templates.TemplateSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET file/{uuid}/permissions} and {@code folder/{uuid}/permissions}, which the Filerobot widget
 * calls on every context menu: the caller's permissions spelled out, without the changing ones where the
 * item is outside a SASS key's upload scope.
 */
@WithServer
class ItemPermissionsTest {
    static TestServer server;
    static Api admin;
    static String inDocs, inOther, docsFolder, otherFolder;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        server.createProject("perm");
        admin = server.allKey("perm").in("perm");
        inDocs = uploaded("/docs", "a.txt");
        inOther = uploaded("/other", "b.txt");
        docsFolder = admin.get("/v5/files?folder=/docs").json().path("base").path("uuid").asText();
        otherFolder = admin.get("/v5/files?folder=/other").json().path("base").path("uuid").asText();
    }

    static String uploaded(String folder, String name) {
        Api.Response r = admin.upload(folder, name, "x");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("file").path("uuid").asText();
    }

    static List<String> permissions(Api api, String path) {
        Api.Response r = api.get(path);
        assertThat(r.status()).as(path + " " + r).isEqualTo(200);
        assertThat(r.json().path("status").asText()).isEqualTo("success");
        List<String> out = new ArrayList<>();
        r.json().path("permissions").forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void anApiKeyGetsItsOwnPermissionsOnEveryItem() {
        Api key = server.keyFor(List.of("perm"), OBJECTS_LIST, FILE_RENAME).in("perm");
        for (String path : List.of("/v5/file/" + inDocs + "/permissions", "/v4/files/" + inDocs + "/permissions",
                "/v5/folder/" + docsFolder + "/permissions", "/v4/folders/" + docsFolder + "/permissions")) {
            assertThat(permissions(key, path)).as(path).containsExactly("OBJECTS_LIST", "FILE_RENAME");
        }
    }

    @Test
    void allIsSpelledOutBecauseTheWidgetKnowsNoWildcard() {
        List<String> all = permissions(admin, "/v5/file/" + inDocs + "/permissions");
        assertThat(all).doesNotContain("all")
                .containsExactlyElementsOf(Arrays.stream(Permission.values()).map(Enum::name).toList());
    }

    @Test
    void unknownItemsAre404() {
        assertThat(admin.get("/v5/file/00000000-0000-0000-0000-000000000000/permissions").status()).isEqualTo(404);
        assertThat(admin.get("/v5/folder/00000000-0000-0000-0000-000000000000/permissions").status()).isEqualTo(404);
    }

    @Test
    void aSassKeyLosesTheChangingPermissionsOutsideItsUploadScope() {
        JsonNode spec = Json.parseInput(("{\"permissions\":[\"OBJECTS_LIST\",\"OBJECTS_FETCH\",\"FILE_RENAME\",\"FILE_DELETE\"],"
                + "\"upload\":{\"dir_scope\":[\"/docs\"]}}").getBytes(), "template");
        var template = server.app.templates.create("perm", TemplateSpec.parse(spec), PermissionSet.allPermissions(), "test", false);
        Api.Response exchanged = server.anonymous.get("/perm/key/" + template.id());
        assertThat(exchanged.status()).as(exchanged.toString()).isEqualTo(200);
        Api sass = server.withKey(exchanged.json().path("key").asText()).in("perm");
        assertThat(permissions(sass, "/v5/file/" + inDocs + "/permissions"))
                .containsExactly("OBJECTS_LIST", "OBJECTS_FETCH", "FILE_RENAME", "FILE_DELETE");
        assertThat(permissions(sass, "/v5/file/" + inOther + "/permissions")).containsExactly("OBJECTS_LIST", "OBJECTS_FETCH");
        assertThat(permissions(sass, "/v5/folder/" + otherFolder + "/permissions")).containsExactly("OBJECTS_LIST", "OBJECTS_FETCH");
    }
}
