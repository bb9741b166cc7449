package dev.assetgate.collections;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A collection's saved q= is typed by the metadata model exactly as GET files?q= is (numbers compare as numbers). */
class CollectionTypedSearchTest {

    @Test
    void savedQueriesCompareModelFieldsByTheirType() {
        try (TestServer server = TestServer.start()) {
            server.createProject("typed");
            Api api = server.allKey("typed").in("typed");
            Api.Response field = api.postJson("/v5/meta/model/fields", "{\"key\":\"rating\",\"label\":\"Rating\",\"type\":\"numeric\"}");
            assertThat(field.status()).as(field.toString()).isEqualTo(200);
            upload(api, "nine.txt", 9);
            upload(api, "ten.txt", 10);

            assertThat(names(api.get("/v5/files?folder=/&recursive=1&q=" + Api.enc("rating>9")).json())).containsExactly("ten.txt");
            String collection = api.postJson("/v5/collections", "{\"title\":\"Top\",\"data\":{\"filters\":\"rating>9\"}}")
                    .json().path("collection").path("uuid").asText();
            assertThat(names(api.get("/v5/files?collection_uuid=" + collection).json())).containsExactly("ten.txt");
        }
    }

    private static void upload(Api api, String name, int rating) {
        Api.Response r = api.multipart("/v4/files?folder=/", new Api.Multipart()
                .field("meta[files[]]", "{\"rating\":" + rating + "}")
                .file("files[]", name, "text/plain", name.getBytes(StandardCharsets.UTF_8)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.path("files").forEach(f -> out.add(f.path("name").asText()));
        return out;
    }
}
