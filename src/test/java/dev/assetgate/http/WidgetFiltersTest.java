package dev.assetgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.access.Permission;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.SassKeys;
import dev.assetgate.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The widget's type filter panel: {@code GET filters} lists the project's file types with counts, inside the key's list scope. */
class WidgetFiltersTest {
    static TestServer server;
    static String token = "filters1";
    static Api admin;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(Setting.KEY_EXCHANGE_PER_MINUTE, "100"));
        server.createProject(token);
        admin = server.allKey(token).in(token);
        upload("/in", "a.png", "image/png");
        upload("/in", "b.png", "image/png");
        upload("/in/sub", "c.jpg", "image/jpeg");
        upload("/out", "d.pdf", "application/pdf");
        upload("/out", "e.pdf", "application/pdf");
        upload("/out", "f.pdf", "application/pdf");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void upload(String folder, String name, String type) {
        Api.Response r = admin.multipart("/v4/files?folder=" + Api.enc(folder),
                new Api.Multipart().file("files[]", name, type, name.getBytes(StandardCharsets.UTF_8)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
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
        assertThat(types(admin, "&limit=50")).containsExactly("application/pdf=3 application", "image/png=2 image", "image/jpeg=1 image");
        assertThat(types(admin, "&limit=1")).containsExactly("application/pdf=3 application");
        // the value is what q=type: matches
        Api.Response pdfs = admin.get("/v5/files?folder=/&recursive=1&q=" + Api.enc("type:application/pdf"));
        assertThat(pdfs.json().path("files")).hasSize(3);
    }

    @Test
    void aKeySeesOnlyTheTypesInsideItsListScope() {
        Api sass = SassKeys.mint(server, server.allKey(token), token, "{\"permissions\":[\"OBJECTS_LIST\"],\"listing\":{\"dir_scope\":[\"/in/*\"]}}");
        assertThat(types(sass, "")).containsExactly("image/png=2 image", "image/jpeg=1 image");
        Api cannotList = server.keyFor(List.of(token), Permission.OBJECTS_FETCH).in(token);
        assertThat(types(cannotList, "")).as("a key that may not list files learns no types").isEmpty();
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
