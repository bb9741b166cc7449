package dev.assetgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.access.Permission;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestClock;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The widget's bulk metadata edit: {@code PUT bulk/prepare} then {@code POST bulk/{bulk_uuid}/apply}
 * (tags added and removed, meta replaced, merged or removed), checked against the metadata model,
 * all or nothing, every file authorised.
 */
@WithServer
class BulkEditTest {

    static String upload(TestProject p, String folder, String name) {
        Api.Response r = p.api.upload(folder, name, name);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("file").path("uuid").asText();
    }

    static JsonNode file(TestProject p, String uuid) {
        return p.api.get("/v5/file/" + uuid).json().path("file");
    }

    static String bulk(List<String> uuids, String changes) {
        return "{\"bulk\":{\"target\":{\"files_uuids\":[" + String.join(",", uuids.stream().map(u -> "\"" + u + "\"").toList())
                + "]},\"changes\":" + changes + "}}";
    }

    static String prepare(Api api, String body) {
        Api.Response r = api.putJson("/v5/bulk/prepare", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("bulk_uuid").asText();
    }

    @Test
    void preparedEditIsAppliedToEveryFile(TestProject p) {
        String a = upload(p, "/docs", "a.txt");
        String b = upload(p, "/docs", "b.txt");
        p.api.putJson("/v5/file/" + a + "/meta", "{\"meta\":{\"title\":{\"en\":\"A\",\"fr\":\"Ah\"},\"keep\":1,\"gone\":\"x\"}}");
        p.api.putJson("/v5/file/" + a + "/tags", "{\"lang\":\"en\",\"existing_tags\":[],\"new_tags\":[\"old\",\"red\"]}");
        String red = file(p, a).path("tags").path("en").get(1).path("sid").asText();

        String id = prepare(p.api, bulk(List.of(a, b), "[{\"type\":\"tags.add\",\"value\":\"" + red + "\"},"
                + "{\"type\":\"tags.add\",\"value\":\"fresh\"},{\"type\":\"tags.del\",\"value\":\"old\"},"
                + "{\"type\":\"meta.replace\",\"key\":\"warranty\",\"value\":{\"en\":\"123\"}},"
                + "{\"type\":\"meta.merge\",\"key\":\"title\",\"value\":{\"en\":\"Both\"}},{\"type\":\"meta.del\",\"key\":\"gone\"}]"));
        // preparing changes nothing yet
        assertThat(file(p, b).path("meta").has("warranty")).isFalse();

        Api.Response applied = p.api.postJson("/v5/bulk/" + id + "/apply", "{}");
        assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
        assertThat(applied.json().path("files_uuids")).hasSize(2);
        assertThat(applied.json().path("files")).hasSize(2);

        JsonNode fa = file(p, a);
        assertThat(fa.path("meta").path("warranty").path("en").asText()).isEqualTo("123");
        assertThat(fa.path("meta").path("title").path("en").asText()).isEqualTo("Both");
        assertThat(fa.path("meta").path("title").path("fr").asText()).isEqualTo("Ah");
        assertThat(fa.path("meta").path("keep").asInt()).isEqualTo(1);
        assertThat(fa.path("meta").has("gone")).isFalse();
        assertThat(fa.path("tags").path("en").findValuesAsText("label")).containsExactly("red", "fresh");
        JsonNode fb = file(p, b);
        assertThat(fb.path("meta").path("title").path("en").asText()).isEqualTo("Both");
        assertThat(fb.path("tags").path("en").findValuesAsText("label")).containsExactly("red", "fresh");

        // applied once: a second apply is refused and changes nothing
        Api.Response again = p.api.postJson("/v5/bulk/" + id + "/apply", "{}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("EDIT_CONFLICT");
    }

    @Test
    void aSelectionPartlyOutsideTheKeysScopeIsRefusedAndNothingChanges(TestProject p) {
        String in = upload(p, "/in", "a.txt");
        String out = upload(p, "/out", "b.txt");
        Api sass = p.sass("{\"permissions\":[\"FILE_META_CHANGE\",\"OBJECTS_LIST\"],\"listing\":{\"dir_scope\":[\"/in/*\"]},"
                + "\"upload\":{\"dir_scope\":[\"/in/*\"]}}");
        Api.Response r = sass.putJson("/v5/bulk/prepare", bulk(List.of(in, out), "[{\"type\":\"meta.replace\",\"key\":\"k\",\"value\":\"v\"}]"));
        assertThat(r.status()).as(r.toString()).isEqualTo(403);
        assertThat(r.code()).isEqualTo("FOLDER_NOT_ALLOWED");
        assertThat(file(p, in).path("meta").has("k")).isFalse();

        // inside the scope it works
        String id = prepare(sass, bulk(List.of(in), "[{\"type\":\"meta.replace\",\"key\":\"k\",\"value\":\"v\"}]"));
        assertThat(sass.postJson("/v5/bulk/" + id + "/apply", "{}").status()).isEqualTo(200);
        assertThat(file(p, in).path("meta").path("k").asText()).isEqualTo("v");
    }

    @Test
    void unknownFilesAndBadChangesAreRefused(TestProject p) {
        String a = upload(p, "/", "a.txt");
        String change = "[{\"type\":\"meta.replace\",\"key\":\"k\",\"value\":\"v\"}]";
        Api.Response unknown = p.api.putJson("/v5/bulk/prepare", bulk(List.of(a, "00000000-0000-0000-0000-000000000000"), change));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("FILE_NOT_FOUND");
        for (String bad : List.of("{}", "{\"bulk\":{\"target\":{\"files_uuids\":[]},\"changes\":" + change + "}}",
                bulk(List.of(a), "[]"), bulk(List.of(a), "[{\"type\":\"meta.rename\",\"key\":\"k\",\"value\":\"v\"}]"),
                bulk(List.of(a), "[{\"type\":\"meta.replace\",\"value\":\"v\"}]"),
                bulk(List.of(a), "[{\"type\":\"meta.replace\",\"key\":\"k\"}]"),
                bulk(List.of(a), "[{\"type\":\"tags.add\",\"value\":\"#tgnosuchtag\"}]"),
                bulk(List.of(a), "[{\"type\":\"tags.add\",\"value\":\"\"}]"))) {
            Api.Response r = p.api.putJson("/v5/bulk/prepare", bad);
            assertThat(r.status()).as(bad + " → " + r).isEqualTo(400);
            assertThat(r.code()).isIn("INVALID_PARAMETER", "INVALID_JSON");
        }
        assertThat(file(p, a).path("meta").isEmpty()).isTrue();
        // an unknown bulk, or one of another key, is not found
        assertThat(p.api.postJson("/v5/bulk/nope/apply", "{}").code()).isEqualTo("NOT_FOUND");
        String id = prepare(p.api, bulk(List.of(a), change));
        Api other = p.server.keyFor(List.of(p.token), Permission.FILE_META_CHANGE).in(p.token);
        assertThat(other.postJson("/v5/bulk/" + id + "/apply", "{}").code()).isEqualTo("NOT_FOUND");
        assertThat(file(p, a).path("meta").isEmpty()).isTrue();
    }

    @Test
    void theMetadataModelIsEnforcedOnEveryFileAndNothingIsHalfApplied(TestProject p) {
        assertThat(p.api.postJson("/v5/meta/model/fields", "{\"key\":\"rating\",\"label\":\"Rating\",\"type\":\"numeric\"}").status()).isEqualTo(200);
        assertThat(p.api.postJson("/v5/meta/model/fields", "{\"key\":\"sizes\",\"label\":\"Sizes\",\"type\":\"multi-select\","
                + "\"options\":[{\"api_slug\":\"s\",\"label\":\"S\"},{\"api_slug\":\"m\",\"label\":\"M\"}]}").status()).isEqualTo(200);
        String a = upload(p, "/", "a.txt");
        String b = upload(p, "/", "b.txt");
        assertThat(p.api.putJson("/v5/file/" + a + "/meta", "{\"meta\":{\"sizes\":[\"s\"]}}").status()).isEqualTo(200);

        Api.Response wrongType = p.api.putJson("/v5/bulk/prepare", bulk(List.of(a, b), "[{\"type\":\"meta.replace\",\"key\":\"rating\",\"value\":\"high\"}]"));
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().path("msg").asText()).contains("rating");
        Api.Response unknownKey = p.api.putJson("/v5/bulk/prepare", bulk(List.of(a), "[{\"type\":\"meta.replace\",\"key\":\"colour\",\"value\":\"red\"}]"));
        assertThat(unknownKey.status()).isEqualTo(400);

        // merged lists are checked as merged
        String id = prepare(p.api, bulk(List.of(a, b), "[{\"type\":\"meta.merge\",\"key\":\"sizes\",\"value\":[\"m\"]},"
                + "{\"type\":\"meta.replace\",\"key\":\"rating\",\"value\":4}]"));
        assertThat(p.api.postJson("/v5/bulk/" + id + "/apply", "{}").status()).isEqualTo(200);
        assertThat(file(p, a).path("meta").path("sizes").toString()).isEqualTo("[\"s\",\"m\"]");
        assertThat(file(p, b).path("meta").path("sizes").toString()).isEqualTo("[\"m\"]");
        Api.Response badOption = p.api.putJson("/v5/bulk/prepare", bulk(List.of(a, b), "[{\"type\":\"meta.merge\",\"key\":\"sizes\",\"value\":[\"xl\"]}]"));
        assertThat(badOption.status()).isEqualTo(400);
        assertThat(file(p, b).path("meta").path("sizes").toString()).isEqualTo("[\"m\"]");
    }

    @Test
    void aFileDeletedOrMovedOutOfScopeBeforeApplyingRefusesTheWholeEdit(TestProject p) {
        String a = upload(p, "/in", "a.txt");
        String b = upload(p, "/in", "b.txt");
        String id = prepare(p.api, bulk(List.of(a, b), "[{\"type\":\"meta.replace\",\"key\":\"k\",\"value\":\"v\"}]"));
        assertThat(p.api.delete("/v5/file/" + b).status()).isEqualTo(200);
        Api.Response r = p.api.postJson("/v5/bulk/" + id + "/apply", "{}");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.code()).isEqualTo("FILE_NOT_FOUND");
        assertThat(file(p, a).path("meta").has("k")).isFalse();
    }

    @Test
    void aPreparedEditExpiresAfterAnHour(TestServer server, TestClock clock, TestProject p) {
        String a = upload(p, "/", "a.txt");
        String id = prepare(p.api, bulk(List.of(a), "[{\"type\":\"meta.replace\",\"key\":\"k\",\"value\":\"v\"}]"));
        clock.advance(Duration.ofMinutes(61));
        assertThat(p.api.postJson("/v5/bulk/" + id + "/apply", "{}").code()).isEqualTo("NOT_FOUND");
        assertThat(file(p, a).path("meta").has("k")).isFalse();
    }
}
