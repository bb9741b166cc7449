package dev.assetgate.metadata;

import static dev.assetgate.metadata.MetaTesting.FIELDS;
import static dev.assetgate.metadata.MetaTesting.assertError;
import static dev.assetgate.metadata.MetaTesting.names;
import static dev.assetgate.metadata.MetaTesting.ok;
import static dev.assetgate.metadata.MetaTesting.uploaded;
import static dev.assetgate.support.Api.enc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * format=select:… on file listings and details, and q= over the model's fields through GET files
 * (on SQLite, and on PostgreSQL when the suite runs with -Dassetgate.test.catalog=postgres).
 */
@WithServer
class MetaFormatAndSearchApiTest {
    static final String TOKEN = "fmt";
    static TestServer server;
    static Api api;
    static String a;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        server.createProject(TOKEN);
        api = server.allKey(TOKEN).in(TOKEN);
        MetaTesting.everyType(api);
        a = uploaded(api, "/s", "a.txt", "{\"rating\":9,\"shot\":\"2024-01-15\",\"color\":\"red\",\"sizes\":[\"s\",\"m\"],\"approved\":true,"
                + "\"keywords\":[\"Summer\"],\"caption\":{\"en\":\"Sunny day\"}}").path("uuid").asText();
        uploaded(api, "/s", "b.txt", "{\"rating\":10,\"shot\":\"2024-02-01T10:00:00Z\",\"color\":\"blue\",\"sizes\":[\"l\"],\"approved\":false,"
                + "\"keywords\":[\"winter\"],\"caption\":{\"fr\":\"Neige\"}}");
        uploaded(api, "/s/sub", "c.txt", "{\"rating\":2.5,\"shot\":\"2023-12-31\",\"sizes\":[]}");
        uploaded(api, "/t", "d.txt", null);
        ok(api.putJson("/v5/file/" + a + "/tags", "{\"lang\":\"en\",\"existing_tags\":[],\"new_tags\":[\"Vehicle\",\"summer sale\"]}"));
    }

    static JsonNode metaOfA(String format) {
        String query = format == null ? "" : "&format=" + enc(format);
        JsonNode listed = ok(api.get("/v5/files?folder=/s" + query)).path("files").path(0);
        assertThat(listed.path("name").asText()).isEqualTo("a.txt");
        for (String path : List.of("/v5/file/", "/v4/files/")) {
            JsonNode details = ok(api.get(path + a + (format == null ? "" : "?format=" + enc(format)))).path("file").path("meta");
            assertThat(details).as("details and listing agree").isEqualTo(listed.path("meta"));
        }
        return listed.path("meta");
    }

    @Test
    void selectValuesAreShownAsTheFormatAsks() {
        JsonNode stored = metaOfA(null);
        assertThat(stored.path("color").asText()).isEqualTo("red");
        assertThat(stored.path("sizes").toString()).isEqualTo("[\"s\",\"m\"]");
        assertThat(metaOfA("select:api")).isEqualTo(stored);

        String red = MetaTesting.optionId(api, "color", "red");
        JsonNode internal = metaOfA("json,regvar:api,select:internal"); // as the asset picker sends it
        assertThat(internal.path("color").asText()).isEqualTo(red);
        assertThat(internal.path("sizes").path(1).asText()).isEqualTo(MetaTesting.optionId(api, "sizes", "m"));

        JsonNode label = metaOfA("select:label");
        assertThat(label.path("color").asText()).isEqualTo("Crimson");
        assertThat(label.path("sizes").toString()).isEqualTo("[\"Small\",\"Medium\"]");

        JsonNode human = metaOfA("select:human+labels:json_full+tags:json_full"); // as a connector sends it
        assertThat(human.path("color").asText()).isEqualTo("Crimson");
        assertThat(human.path("sizes").asText()).isEqualTo("Small, Medium");
        assertThat(human.path("rating").asInt()).as("other fields are untouched").isEqualTo(9);
        assertThat(human.path("caption").path("en").asText()).isEqualTo("Sunny day");
        // a '+' that arrives as a space (not percent-encoded) separates options too
        assertThat(ok(api.get("/v5/file/" + a + "?format=select:human+tags:json_full")).path("file").path("meta").path("color").asText())
                .isEqualTo("Crimson");
        // one view right after the other on the same route: a view typed by the model is never the stored one kept (http/RenderedFiles)
        for (int round = 0; round < 2; round++) {
            assertThat(ok(api.get("/v5/file/" + a)).path("file").path("meta").path("color").asText()).isEqualTo("red");
            assertThat(ok(api.get("/v5/file/" + a + "?format=select:label")).path("file").path("meta").path("color").asText()).isEqualTo("Crimson");
            assertThat(ok(api.get("/v5/files?folder=/s")).path("files").path(0).path("meta").path("color").asText()).isEqualTo("red");
            assertThat(ok(api.get("/v5/files?folder=/s&format=select:label")).path("files").path(0).path("meta").path("color").asText())
                    .isEqualTo("Crimson");
        }

        assertError(api.get("/v5/files?folder=/s&format=select:bogus"), 400, "INVALID_PARAMETER");
        assertError(api.get("/v5/file/" + a + "?format=select:bogus"), 400, "INVALID_PARAMETER");
    }

    @Test
    void aValueWhoseOptionWasRemovedIsShownAsStored() {
        server.createProject(TOKEN + "-r");
        Api other = server.allKey(TOKEN + "-r").in(TOKEN + "-r");
        String field = MetaTesting.field(other, "{\"key\":\"tone\",\"label\":\"Tone\",\"type\":\"select-one\","
                + "\"options\":[{\"api_slug\":\"warm\",\"label\":\"Warm\"},{\"api_slug\":\"cold\",\"label\":\"Cold\"}]}").path("uuid").asText();
        String uuid = uploaded(other, "/", "x.txt", "{\"tone\":\"warm\"}").path("uuid").asText();
        ok(other.putJson(FIELDS + "/" + field, "{\"options\":[{\"api_slug\":\"cold\",\"label\":\"Cold\"}]}"));
        assertThat(ok(other.get("/v5/file/" + uuid + "?format=select:label")).path("file").path("meta").path("tone").asText())
                .isEqualTo("warm");
    }

    static List<String> search(String q) {
        JsonNode body = ok(api.get("/v5/files?folder=/&recursive=1&q=" + enc(q)));
        return names(body.path("files"));
    }

    @Test
    void searchUsesTheOperatorsOfTheModelFields() {
        assertThat(search("rating>9")).containsExactly("b.txt");
        assertThat(search("rating:>=9")).containsExactly("a.txt", "b.txt");
        assertThat(search("rating<=2.5")).containsExactly("c.txt");
        assertThat(search("rating:10")).containsExactly("b.txt");
        assertThat(search("rating:\"2..9\"")).containsExactly("a.txt", "c.txt");
        assertThat(search("shot>2024-01-15")).containsExactly("b.txt");
        assertThat(search("shot:\"2024-01-01..2024-01-31\"")).containsExactly("a.txt");
        assertThat(search("shot<2024-01-01")).containsExactly("c.txt");
        assertThat(search("color:crimson")).containsExactly("a.txt");
        assertThat(search("color:red,blue")).containsExactly("a.txt", "b.txt");
        assertThat(search("-color:red")).containsExactly("b.txt", "c.txt", "d.txt");
        assertThat(search("color:-red")).containsExactly("b.txt", "c.txt", "d.txt");
        assertThat(search("color:empty")).containsExactly("c.txt", "d.txt");
        assertThat(search("sizes:non-empty")).containsExactly("a.txt", "b.txt");
        assertThat(search("approved:false")).containsExactly("b.txt");
        assertThat(search("keywords:summer")).containsExactly("a.txt");
        assertThat(search("caption:neige")).containsExactly("b.txt");
        assertThat(search("rating>2+color:blue")).containsExactly("b.txt");
        assertThat(search("rating>2.5 -approved:true")).containsExactly("b.txt");
        assertThat(search("#vehicle")).containsExactly("a.txt");
        assertThat(search("#\"summer sale\"")).containsExactly("a.txt");
        assertThat(search("#veh")).isEmpty();
        assertThat(search("sunny")).as("a plain word still searches names and meta").containsExactly("a.txt");
        assertThat(search("rating>high")).as("not a comparison: a word, found nowhere").isEmpty();

        JsonNode stats = ok(api.get("/v5/files/stats?folder=/&recursive=1&q=" + enc("rating>=9")));
        assertThat(stats.path("stats").path("approx_files_count").asLong()).isEqualTo(2);
        JsonNode folderOnly = ok(api.get("/v5/files?folder=/s&q=" + enc("rating<10")));
        assertThat(names(folderOnly.path("files"))).as("the folder still limits the search").containsExactly("a.txt");
    }

    @Test
    void aSassKeySearchesOnlyInsideItsListingScope() {
        Api sass = MetaTesting.sassKey(server, api, TOKEN, "{\"permissions\":[\"OBJECTS_LIST\"],\"listing\":{\"dir_scope\":[\"/s/sub\"]}}");
        JsonNode body = ok(sass.get("/v5/files?folder=/&recursive=1&q=" + enc("rating>0")));
        assertThat(names(body.path("files"))).containsExactly("c.txt");
    }
}
