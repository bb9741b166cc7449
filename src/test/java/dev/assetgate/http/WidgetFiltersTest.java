package dev.assetgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.access.Permission;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.SassKeys;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The widget's type filter panel ({@code GET filters}: the project's file types with counts) and its
 * search box suggestions ({@code GET attributes/keys}: stored metadata keys; {@code attributes/tags}:
 * the tag dictionary), inside the key's list scope.
 */
@WithServer
@ServerSetting(key = Setting.KEY_EXCHANGE_PER_MINUTE, value = "100")
class WidgetFiltersTest {
    static TestServer server;
    static String token = "filters1";
    static Api admin;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        server.createProject(token);
        admin = server.allKey(token).in(token);
        meta(upload("/in", "a.png", "image/png"), "{\"title\":\"A\",\"colour\":\"red\"}");
        meta(upload("/in", "b.png", "image/png"), "{\"title\":\"B\"}");
        upload("/in/sub", "c.jpg", "image/jpeg");
        meta(upload("/out", "d.pdf", "application/pdf"), "{\"secret_code\":\"x\"}");
        upload("/out", "e.pdf", "application/pdf");
        upload("/out", "f.pdf", "application/pdf");
        meta(upload("/in/sub", "g.png", "image/png"), "{\"keywords\":[\"Seaside\",\"sea_spray\"],\"title\":{\"en\":\"Sea view\"}}");
        meta(upload("/out", "h.pdf", "application/pdf"), "{\"keywords\":[\"seal\"]}");
    }

    static String upload(String folder, String name, String type) {
        Api.Response r = admin.multipart("/v4/files?folder=" + Api.enc(folder),
                new Api.Multipart().file("files[]", name, type, name.getBytes(StandardCharsets.UTF_8)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("file").path("uuid").asText();
    }

    static void meta(String uuid, String meta) {
        Api.Response r = admin.putJson("/v5/file/" + uuid + "/meta", "{\"meta\":" + meta + "}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    static List<String> attributes(Api key, String path, String field) {
        Api.Response r = key.get("/v5/attributes/" + path);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("attributes").findValuesAsText(field);
    }

    static List<String> types(Api key, String query) {
        Api.Response r = key.get("/v5/filters?lang=en&filter_by=filetype&format=list" + query);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        for (JsonNode t : r.json().path("filters").path("file_types")) {
            out.add(t.path("value").asText() + "=" + t.path("count").asLong() + " " + t.path("category").asText());
        }
        return out;
    }

    @Test
    void theProjectsFileTypesAreListedMostFrequentFirst() {
        assertThat(types(admin, "&limit=50")).containsExactly("application/pdf=4 application", "image/png=3 image", "image/jpeg=1 image");
        assertThat(types(admin, "&limit=1")).containsExactly("application/pdf=4 application");
        // the value is what q=type: matches
        Api.Response pdfs = admin.get("/v5/files?folder=/&recursive=1&q=" + Api.enc("type:application/pdf"));
        assertThat(pdfs.json().path("files")).hasSize(4);
    }

    @Test
    void aKeySeesOnlyTheTypesInsideItsListScope() {
        Api sass = SassKeys.mint(server, server.allKey(token), token, "{\"permissions\":[\"OBJECTS_LIST\"],\"listing\":{\"dir_scope\":[\"/in/*\"]}}");
        assertThat(types(sass, "")).containsExactly("image/png=3 image", "image/jpeg=1 image");
        Api cannotList = server.keyFor(List.of(token), Permission.OBJECTS_FETCH).in(token);
        assertThat(types(cannotList, "")).as("a key that may not list files learns no types").isEmpty();
    }

    @Test
    void theSearchBoxSuggestsTheMetadataKeysStoredAndTheTags() {
        assertThat(attributes(admin, "keys", "slug")).containsExactly("colour", "keywords", "secret_code", "title");
        Api sass = SassKeys.mint(server, server.allKey(token), token, "{\"permissions\":[\"OBJECTS_LIST\"],\"listing\":{\"dir_scope\":[\"/in/*\"]}}");
        assertThat(attributes(sass, "keys", "slug")).as("keys stored outside the scope stay hidden").containsExactly("colour", "keywords", "title");
        Api cannotList = server.keyFor(List.of(token), Permission.OBJECTS_FETCH).in(token);
        assertThat(attributes(cannotList, "keys", "slug")).isEmpty();

        Api.Response tagged = admin.putJson("/v5/file/" + admin.get("/v5/files?folder=/in").json().path("files").path(0).path("uuid").asText()
                + "/tags", "{\"lang\":\"en\",\"existing_tags\":[],\"new_tags\":[\"Sunset\"]}");
        assertThat(tagged.status()).as(tagged.toString()).isEqualTo(200);
        assertThat(attributes(admin, "tags", "name")).containsExactly("Sunset");
        assertThat(attributes(admin, "tags", "sid")).singleElement().asString().isNotBlank();
    }

    static List<String> suggestions(Api key, String query) {
        Api.Response r = key.get("/v5/metadata/autocomplete?" + query);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("tags").findValuesAsText("tag");
    }

    @Test
    void aMetadataFieldSuggestsTheValuesStoredUnderItsKey() {
        assertThat(suggestions(admin, "q=sea&meta_key=_keywords")).containsExactly("Seaside", "sea_spray", "seal");
        assertThat(suggestions(admin, "q=SEA_&meta_key=keywords")).as("wildcards match literally").containsExactly("sea_spray");
        assertThat(suggestions(admin, "q=view&meta_key=_title")).as("a per-language value").containsExactly("Sea view");
        assertThat(suggestions(admin, "q=&meta_key=_title")).containsExactly("A", "B", "Sea view");
        assertThat(suggestions(admin, "q=sea&meta_key=_nothing")).isEmpty();
        Api sass = SassKeys.mint(server, server.allKey(token), token, "{\"permissions\":[\"OBJECTS_LIST\"],\"listing\":{\"dir_scope\":[\"/in/*\"]}}");
        assertThat(suggestions(sass, "q=sea&meta_key=_keywords")).as("values stored outside the scope stay hidden").containsExactly("Seaside", "sea_spray");
        Api cannotList = server.keyFor(List.of(token), Permission.OBJECTS_FETCH).in(token);
        assertThat(cannotList.get("/v5/metadata/autocomplete?q=sea&meta_key=_keywords").status()).isEqualTo(403);
        for (String bad : List.of("q=x&meta_key=_", "q=x&meta_key=" + "k".repeat(201), "q=" + "x".repeat(201))) {
            Api.Response r = admin.get("/v5/metadata/autocomplete?" + bad);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.code()).isEqualTo("INVALID_PARAMETER");
        }
    }

    @Test
    void aBadLimitIsRefused() {
        for (String limit : List.of("0", "501", "ten", "-1")) {
            Api.Response r = admin.get("/v5/filters?limit=" + limit);
            assertThat(r.status()).as(limit).isEqualTo(400);
            assertThat(r.code()).isEqualTo("INVALID_PARAMETER");
        }
    }
}
