package dev.assetgate.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.support.Api;
import dev.assetgate.support.SassKeys;
import dev.assetgate.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Helpers of the metadata HTTP tests: fields, uploads, SASS keys and answers. */
final class MetaTesting {
    static final String FIELDS = "/v5/meta/model/fields";

    private MetaTesting() {}

    /** The success body of a response (asserting HTTP 200 and "status":"success"). */
    static JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("status").asText()).as(r.toString()).isEqualTo("success");
        return r.json();
    }

    static void assertError(Api.Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
    }

    /** A 400 INVALID_PARAMETER whose message names {@code named}. */
    static void assertRefused(Api.Response r, String named) {
        assertError(r, 400, "INVALID_PARAMETER");
        assertThat(r.json().path("msg").asText()).as(r.toString()).contains(named);
    }

    /** Creates a field and returns it. */
    static JsonNode field(Api admin, String json) {
        return ok(admin.postJson(FIELDS, json)).path("field");
    }

    /** The model used by the validation, format and search tests: one field of every type. */
    static void everyType(Api admin) {
        field(admin, "{\"field\":{\"key\":\"caption\",\"label\":\"Caption\",\"type\":\"text\",\"localized\":true,\"languages\":[\"en\",\"fr\"]}}");
        field(admin, "{\"key\":\"notes\",\"label\":\"Notes\",\"type\":\"textarea\"}");
        field(admin, "{\"key\":\"rating\",\"label\":\"Rating\",\"type\":\"numeric\"}");
        field(admin, "{\"key\":\"approved\",\"label\":\"Approved\",\"type\":\"boolean\"}");
        field(admin, "{\"key\":\"shot\",\"label\":\"Shot on\",\"type\":\"date\"}");
        field(admin, "{\"key\":\"color\",\"label\":\"Colour\",\"type\":\"select-one\",\"group\":\"Looks\","
                + "\"options\":[{\"api_slug\":\"red\",\"label\":\"Crimson\"},{\"api_slug\":\"blue\",\"label\":\"Navy blue\"}]}");
        field(admin, "{\"key\":\"sizes\",\"label\":\"Sizes\",\"type\":\"multi-select\",\"group\":\"Looks\","
                + "\"options\":[{\"api_slug\":\"s\",\"label\":\"Small\"},{\"api_slug\":\"m\",\"label\":\"Medium\"},{\"api_slug\":\"l\",\"label\":\"Large\"}]}");
        field(admin, "{\"key\":\"keywords\",\"label\":\"Keywords\",\"type\":\"tags\"}");
    }

    /** The internal id of a select field's option, read from the model. */
    static String optionId(Api admin, String key, String slug) {
        for (JsonNode f : ok(admin.get(FIELDS)).path("fields")) {
            if (f.path("key").asText().equals(key)) {
                for (JsonNode o : f.path("options")) {
                    if (o.path("api_slug").asText().equals(slug)) return o.path("id").asText();
                }
            }
        }
        throw new AssertionError("no option " + key + "/" + slug);
    }

    /** One multipart file (files[]) into a folder, with optional meta[files[]]. */
    static Api.Response upload(Api api, String folder, String name, String meta) {
        Api.Multipart form = new Api.Multipart();
        if (meta != null) form.field("meta[files[]]", meta);
        form.file("files[]", name, "text/plain", name.getBytes(StandardCharsets.UTF_8));
        return api.multipart("/v4/files?folder=" + Api.enc(folder), form);
    }

    static JsonNode uploaded(Api api, String folder, String name, String meta) {
        return ok(upload(api, folder, name, meta)).path("file");
    }

    static String folderUuid(Api admin, String path) {
        return ok(admin.get("/v5/files?folder=" + Api.enc(path))).path("base").path("uuid").asText();
    }

    static List<String> names(JsonNode files) {
        List<String> out = new ArrayList<>();
        files.forEach(f -> out.add(f.path("name").asText()));
        return out;
    }

    /** A SASS key minted from a template created over the management API. */
    static Api sassKey(TestServer server, Api admin, String token, String template) {
        return SassKeys.mint(server, new Api(admin.base, admin.key), token, template);
    }
}
