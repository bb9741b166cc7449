package dev.assetgate.metadata;

import static dev.assetgate.metadata.MetaTesting.assertError;
import static dev.assetgate.metadata.MetaTesting.folderUuid;
import static dev.assetgate.metadata.MetaTesting.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.access.Permission;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Folder metadata: PUT replaces it all, DELETE clears it, DIR_META_CHANGE guards both, a SASS key's upload scope applies. */
@WithServer
class FolderMetaApiTest {
    static final String TOKEN = "fmeta";
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        server.createProject(TOKEN);
        api = server.allKey(TOKEN).in(TOKEN);
        MetaTesting.uploaded(api, "/inside/deep", "a.txt", null);
        MetaTesting.uploaded(api, "/outside", "b.txt", null);
    }

    static JsonNode folder(String uuid) {
        return ok(api.get("/v5/folders/" + uuid)).path("folder");
    }

    @Test
    void putReplacesAllOfItAndDeleteClearsItOnEveryPathAndVersion() {
        String uuid = folderUuid(api, "/inside/deep");
        for (String path : List.of("/v4/folder/", "/v5/folder/", "/v4/folders/", "/v5/folders/")) {
            JsonNode put = ok(api.putJson(path + uuid + "/meta", "{\"meta\":{\"owner\":\"ops\",\"budget\":12,\"gone\":null}}"));
            assertThat(put.path("action").asText()).isEqualTo("folder_meta_updated");
            assertThat(put.path("folder_uuid").asText()).isEqualTo(uuid);
            assertThat(put.path("meta").toString()).as("a null value is no value").isEqualTo("{\"owner\":\"ops\",\"budget\":12}");
            assertThat(put.path("folder").path("meta")).isEqualTo(put.path("meta"));
            assertThat(folder(uuid).path("meta")).isEqualTo(put.path("meta"));

            JsonNode replaced = ok(api.putJson(path + uuid + "/meta", "{\"meta\":{\"owner\":\"design\"}}"));
            assertThat(replaced.path("meta").toString()).as("replaces, never merges").isEqualTo("{\"owner\":\"design\"}");
            JsonNode listed = ok(api.get("/v5/folders?folder=/inside")).path("folders").path(0);
            assertThat(listed.path("meta").path("owner").asText()).isEqualTo("design");

            JsonNode deleted = ok(api.delete(path + uuid + "/meta"));
            assertThat(deleted.path("action").asText()).isEqualTo("folder_meta_deleted");
            assertThat(deleted.path("folder_uuid").asText()).isEqualTo(uuid);
            assertThat(folder(uuid).path("meta")).isEmpty();
        }
        String root = folderUuid(api, "/");
        assertThat(ok(api.putJson("/v5/folder/" + root + "/meta", "{\"meta\":{\"brand\":\"acme\"}}")).path("meta").path("brand").asText())
                .isEqualTo("acme");
        ok(api.delete("/v5/folder/" + root + "/meta"));
    }

    @Test
    void unknownFoldersBadBodiesAndMissingPermissionsChangeNothing() {
        String uuid = folderUuid(api, "/outside");
        ok(api.putJson("/v5/folder/" + uuid + "/meta", "{\"meta\":{\"keep\":true}}"));
        for (String unknown : List.of("00000000-0000-0000-0000-000000000000", "nope")) {
            assertError(api.putJson("/v5/folder/" + unknown + "/meta", "{\"meta\":{}}"), 404, "FOLDER_NOT_FOUND");
            assertError(api.delete("/v4/folders/" + unknown + "/meta"), 404, "FOLDER_NOT_FOUND");
        }
        assertError(api.putJson("/v5/folder/" + uuid + "/meta", "{\"meta\":5}"), 400, "INVALID_PARAMETER");
        assertError(api.putJson("/v5/folder/" + uuid + "/meta", "not json"), 400, "INVALID_JSON");
        Api noMeta = server.keyFor(List.of(TOKEN), Permission.OBJECTS_LIST, Permission.OBJECTS_FETCH, Permission.DIR_CREATE,
                Permission.DIR_RENAME, Permission.FILE_META_CHANGE, Permission.CONFIG_CHANGE).in(TOKEN);
        for (Api.Response r : List.of(noMeta.putJson("/v5/folder/" + uuid + "/meta", "{\"meta\":{}}"), noMeta.delete("/v4/folder/" + uuid + "/meta"))) {
            assertError(r, 403, "PERMISSION_DENIED");
            assertThat(r.json().path("msg").asText()).contains("DIR_META_CHANGE");
        }
        assertThat(folder(uuid).path("meta").toString()).isEqualTo("{\"keep\":true}");
    }

    @Test
    void aSassKeyChangesFolderMetaOnlyInsideItsUploadScope() {
        Api sass = MetaTesting.sassKey(server, api, TOKEN, "{\"permissions\":[\"DIR_META_CHANGE\",\"OBJECTS_LIST\"],"
                + "\"upload\":{\"dir_scope\":[\"/inside/*\"]}}");
        String inside = folderUuid(api, "/inside/deep");
        String outside = folderUuid(api, "/outside");
        String before = folder(outside).path("meta").toString();
        assertThat(ok(sass.putJson("/v5/folder/" + inside + "/meta", "{\"meta\":{\"by\":\"sass\"}}")).path("meta").path("by").asText())
                .isEqualTo("sass");
        ok(sass.delete("/v5/folder/" + inside + "/meta"));
        for (Api.Response r : List.of(sass.putJson("/v5/folder/" + outside + "/meta", "{\"meta\":{\"by\":\"sass\"}}"),
                sass.delete("/v5/folder/" + outside + "/meta"), sass.putJson("/v5/folder/" + folderUuid(api, "/") + "/meta", "{\"meta\":{}}"))) {
            assertError(r, 403, "FOLDER_NOT_ALLOWED");
            assertThat(r.json().path("hint").asText()).contains("upload.dir_scope");
        }
        assertThat(folder(outside).path("meta").toString()).isEqualTo(before);
    }
}
