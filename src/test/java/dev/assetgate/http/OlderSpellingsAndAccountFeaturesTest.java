package dev.assetgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.access.Permission;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.WithServer;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Older spellings still in use ({@code PUT folder/{uuid}/meta/{key}/{value}}, {@code /{token}/upload?dir=})
 * and the widget's calls that need user accounts, which answer {@code 501 NOT_SUPPORTED}.
 */
@WithServer
class OlderSpellingsAndAccountFeaturesTest {
    static java.util.List<String> fileNames(com.fasterxml.jackson.databind.JsonNode files) {
        java.util.List<String> out = new java.util.ArrayList<>();
        files.forEach(f -> out.add(f.path("name").asText()));
        return out;
    }


    static String folderUuid(TestProject p, String path) {
        Api.Response r = p.api.postJson("/v4/folders", "{\"name\":\"" + path + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("folder_uuid").asText();
    }

    @Test
    void oneFolderMetaKeyIsSetByPath(TestProject p) {
        String uuid = folderUuid(p, "/docs");
        assertThat(p.api.putJson("/v4/folder/" + uuid + "/meta", "{\"meta\":{\"a\":\"1\"}}").status()).isEqualTo(200);
        Api.Response r = p.api.putJson("/v4/folder/" + uuid + "/meta/colour/dark%20red", "");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("action").asText()).isEqualTo("folder_meta_updated");
        assertThat(r.json().path("meta").path("colour").asText()).isEqualTo("dark red");
        assertThat(r.json().path("meta").path("a").asText()).isEqualTo("1");
        assertThat(p.api.get("/v5/folders/" + uuid).json().path("folder").path("meta").path("colour").asText()).isEqualTo("dark red");

        assertThat(p.api.putJson("/v4/folder/00000000-0000-0000-0000-000000000000/meta/k/v", "").code()).isEqualTo("FOLDER_NOT_FOUND");
        Api noMeta = p.server.keyFor(List.of(p.token), Permission.OBJECTS_FETCH).in(p.token);
        assertThat(noMeta.putJson("/v4/folder/" + uuid + "/meta/k/v", "").code()).isEqualTo("PERMISSION_DENIED");
        Api elsewhere = p.sass("{\"permissions\":[\"DIR_META_CHANGE\"],\"upload\":{\"dir_scope\":[\"/other/*\"]}}");
        assertThat(elsewhere.putJson("/v5/folder/" + uuid + "/meta/k/v", "").code()).isEqualTo("FOLDER_NOT_ALLOWED");
        // the metadata model applies to the pair
        assertThat(p.api.postJson("/v5/meta/model/fields", "{\"key\":\"rating\",\"label\":\"R\",\"type\":\"numeric\"}").status()).isEqualTo(200);
        assertThat(p.api.putJson("/v4/folder/" + uuid + "/meta/colour/blue", "").code()).isEqualTo("INVALID_PARAMETER");
        assertThat(p.api.get("/v5/folders/" + uuid).json().path("folder").path("meta").path("colour").asText()).isEqualTo("dark red");
    }

    @Test
    void theStoreApisUploadPathTakesDir(TestProject p) {
        Api root = new Api(p.server.baseUrl(), p.api.key).in(p.token);
        Api.Response r = Api.send(HttpRequest.newBuilder(java.net.URI.create(p.server.baseUrl() + "/" + p.token + "/upload?dir=" + Api.enc("/legacy")))
                .header("X-Filerobot-Key", p.api.key)
                .header("Content-Type", new Api.Multipart().contentType())
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(r.status()).isIn(400, 422); // a body that is no upload is refused like on /v4/upload
        Api.Multipart form = new Api.Multipart().file("file", "old.txt", "text/plain", "hi".getBytes(StandardCharsets.UTF_8));
        Api.Response ok = Api.send(HttpRequest.newBuilder(java.net.URI.create(p.server.baseUrl() + "/" + p.token + "/upload?dir=" + Api.enc("/legacy")))
                .header("X-Filerobot-Key", p.api.key).header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.json().path("file").path("folder").path("name").asText()).isEqualTo("/legacy");
        assertThat(fileNames(root.get("/v5/files?folder=/legacy").json().path("files"))).containsExactly("old.txt");

        // same access rules: no key, a key without FILE_UPLOAD, a SASS key outside its upload scope
        Api.Response anonymous = Api.send(HttpRequest.newBuilder(java.net.URI.create(p.server.baseUrl() + "/" + p.token + "/upload?dir=/x"))
                .header("Content-Type", form.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(form.body())));
        assertThat(anonymous.status()).isEqualTo(401);
        Api listOnly = p.server.keyFor(List.of(p.token), Permission.OBJECTS_LIST);
        Api.Response denied = Api.send(HttpRequest.newBuilder(java.net.URI.create(p.server.baseUrl() + "/" + p.token + "/upload?dir=/x"))
                .header("X-Filerobot-Key", listOnly.key).header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())));
        assertThat(denied.code()).isEqualTo("PERMISSION_DENIED");
        Api sass = p.sass("{\"permissions\":[\"FILE_UPLOAD\"],\"upload\":{\"dir_scope\":[\"/in/*\"]}}");
        Api.Response outside = Api.send(HttpRequest.newBuilder(java.net.URI.create(p.server.baseUrl() + "/" + p.token + "/upload?dir=/out"))
                .header("X-Filerobot-Key", sass.key).header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())));
        assertThat(outside.code()).isEqualTo("FOLDER_NOT_ALLOWED");
        assertThat(root.get("/v5/files?folder=/&recursive=1").json().path("files")).hasSize(1);
    }

    @Test
    void callsThatNeedUserAccountsAnswer501BehindAuthentication(TestProject p) {
        Api bare = p.server.keyFor(List.of(p.token)).in(p.token);
        for (AccountFeatureRoutes.Route route : AccountFeatureRoutes.ROUTES) {
            for (String version : List.of("v4", "v5")) {
                String path = "/" + version + route.path().replace("{uuid}", "0b0e6a3e-0000-4000-8000-000000000001");
                HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofString("{}");
                Api.Response r = Api.send(HttpRequest.newBuilder(java.net.URI.create(p.server.baseUrl() + "/" + p.token + path))
                        .header("X-Filerobot-Key", bare.key).header("Content-Type", "application/json").method(route.method().name(), body));
                assertThat(r.status()).as(route + " " + version).isEqualTo(501);
                assertThat(r.code()).isEqualTo("NOT_SUPPORTED");
                assertThat(r.json().path("hint").asText()).contains("user accounts");
                Api.Response anonymous = Api.send(HttpRequest.newBuilder(java.net.URI.create(p.server.baseUrl() + "/" + p.token + path))
                        .header("Content-Type", "application/json").method(route.method().name(), body));
                assertThat(anonymous.status()).as(route + " without a key").isEqualTo(401);
                assertThat(anonymous.code()).isEqualTo("UNAUTHORIZED");
            }
        }
    }
}
