package dev.assetgate.metadata;

import static dev.assetgate.metadata.MetaTesting.FIELDS;
import static dev.assetgate.metadata.MetaTesting.assertError;
import static dev.assetgate.metadata.MetaTesting.assertRefused;
import static dev.assetgate.metadata.MetaTesting.field;
import static dev.assetgate.metadata.MetaTesting.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.access.Permission;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The metadata model over HTTP: managing fields and options, GET settings, and who may do what. */
@WithServer
class MetadataModelApiTest {
    static TestServer server;
    static int projects;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    /** A fresh project and a key holding every permission in it. */
    static Api project() {
        String token = "model-" + (++projects);
        server.createProject(token);
        return server.allKey(token).in(token);
    }

    static List<String> keys(Api api) {
        List<String> out = new ArrayList<>();
        ok(api.get(FIELDS)).path("fields").forEach(f -> out.add(f.path("key").asText()));
        return out;
    }

    static List<String> texts(JsonNode array, String member) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(member).asText()));
        return out;
    }

    @Test
    void fieldsAreCreatedListedReadChangedAndDeleted() {
        Api api = project();
        assertThat(ok(api.get(FIELDS)).path("fields")).isEmpty();

        JsonNode created = ok(api.postJson(FIELDS, "{\"field\":{\"key\":\"color\",\"label\":\"Colour\",\"type\":\"select-one\","
                + "\"options\":[{\"api_slug\":\"red\",\"label\":\"Red\"},{\"api_slug\":\"blue\",\"label\":\"Blue\"}]}}"));
        assertThat(created.path("action").asText()).isEqualTo("field_created");
        JsonNode color = created.path("field");
        String uuid = color.path("uuid").asText();
        assertThat(created.path("field_uuid").asText()).isEqualTo(uuid);
        assertThat(color.path("key").asText()).isEqualTo("color");
        assertThat(color.path("label").asText()).isEqualTo("Colour");
        assertThat(color.path("type").asText()).isEqualTo("select-one");
        assertThat(color.path("group").asText()).isEqualTo("General");
        assertThat(color.path("localized").asBoolean()).isFalse();
        assertThat(texts(color.path("options"), "api_slug")).containsExactly("red", "blue");
        assertThat(texts(color.path("options"), "id")).allSatisfy(id -> assertThat(id).matches("@itm_[0-9a-f]{16}@")).doesNotHaveDuplicates();
        // the bare object works too, and a position puts it first
        JsonNode title = field(api, "{\"key\":\"caption\",\"label\":\"Caption\",\"type\":\"text\",\"localized\":true,"
                + "\"languages\":[\"en\",\"fr_FR\"],\"position\":0,\"group\":\"Text\"}");
        assertThat(title.path("languages")).hasSize(2);
        assertThat(title.path("regional_variants_group_uuid").asText()).isEqualTo(title.path("uuid").asText());
        field(api, "{\"key\":\"rating\",\"label\":\"Rating\",\"type\":\"numeric\"}");
        assertThat(keys(api)).containsExactly("caption", "color", "rating");
        assertThat(ok(api.get(FIELDS + "/" + uuid)).path("field")).isEqualTo(color);

        String red = color.path("options").path(0).path("id").asText();
        JsonNode changed = ok(api.putJson(FIELDS + "/" + uuid, "{\"field\":{\"label\":\"Color\",\"group\":\"Looks\","
                + "\"options\":[{\"api_slug\":\"red\",\"label\":\"Crimson\"},{\"api_slug\":\"green\",\"label\":\"Green\"}]}}"));
        assertThat(changed.path("action").asText()).isEqualTo("field_updated");
        assertThat(changed.path("field").path("label").asText()).isEqualTo("Color");
        assertThat(changed.path("field").path("group").asText()).isEqualTo("Looks");
        assertThat(texts(changed.path("field").path("options"), "api_slug")).containsExactly("red", "green");
        assertThat(changed.path("field").path("options").path(0).path("id").asText()).as("a kept option keeps its id").isEqualTo(red);
        // echoing a field back from a GET, read-only members included, changes only what differs
        JsonNode echoed = ok(api.get(FIELDS + "/" + uuid)).path("field").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) echoed).put("label", "Hue");
        assertThat(ok(api.putJson(FIELDS + "/" + uuid, echoed.toString())).path("field").path("label").asText()).isEqualTo("Hue");

        JsonNode added = ok(api.postJson("/v4/meta/model/fields/" + uuid + "/options",
                "{\"options\":[{\"api_slug\":\"socks\",\"label\":\"Socks\"}]}"));
        assertThat(added.path("field_uuid").asText()).isEqualTo(uuid);
        assertThat(texts(added.path("field").path("options"), "api_slug")).containsExactly("red", "green", "socks");

        JsonNode deleted = ok(api.delete(FIELDS + "/" + uuid));
        assertThat(deleted.path("action").asText()).isEqualTo("field_deleted");
        assertThat(deleted.path("field_uuid").asText()).isEqualTo(uuid);
        assertThat(keys(api)).containsExactly("caption", "rating");
        assertError(api.get(FIELDS + "/" + uuid), 404, "METADATA_FIELD_NOT_FOUND");
    }

    @Test
    void badDefinitionsAreRefusedNamingTheMemberAndChangeNothing() {
        Api api = project();
        JsonNode color = field(api, "{\"key\":\"color\",\"label\":\"Colour\",\"type\":\"select-one\",\"options\":[{\"api_slug\":\"red\",\"label\":\"Red\"}]}");
        String uuid = color.path("uuid").asText();
        JsonNode text = field(api, "{\"key\":\"notes\",\"label\":\"Notes\",\"type\":\"textarea\"}");
        JsonNode before = ok(api.get(FIELDS)).path("fields");

        assertRefused(api.postJson(FIELDS, "{\"label\":\"No key\",\"type\":\"text\"}"), "field.key");
        assertRefused(api.postJson(FIELDS, "{\"key\":\"Bad Key\",\"label\":\"x\",\"type\":\"text\"}"), "field.key");
        assertRefused(api.postJson(FIELDS, "{\"key\":\"title\",\"label\":\"x\",\"type\":\"text\"}"), "reserved");
        assertRefused(api.postJson(FIELDS, "{\"key\":\"tags\",\"label\":\"x\",\"type\":\"tags\"}"), "reserved");
        assertRefused(api.postJson(FIELDS, "{\"key\":\"k\",\"label\":\"x\",\"type\":\"geopoint\"}"), "field.type");
        assertRefused(api.postJson(FIELDS, "{\"key\":\"k\",\"label\":\"\",\"type\":\"text\"}"), "field.label");
        assertRefused(api.postJson(FIELDS, "{\"key\":\"k\",\"label\":5,\"type\":\"text\"}"), "field.label");
        assertRefused(api.postJson(FIELDS, "{\"key\":\"k\",\"label\":\"x\",\"type\":\"numeric\",\"localized\":true}"), "field.localized");
        assertRefused(api.postJson(FIELDS, "{\"key\":\"k\",\"label\":\"x\",\"type\":\"text\",\"localized\":\"yes\"}"), "field.localized");
        assertRefused(api.postJson(FIELDS, "{\"key\":\"k\",\"label\":\"x\",\"type\":\"text\",\"languages\":[\"en\"]}"), "field.languages");
        assertRefused(api.postJson(FIELDS, "{\"key\":\"k\",\"label\":\"x\",\"type\":\"text\",\"localized\":true,\"languages\":[\"English\"]}"),
                "field.languages[0]");
        assertRefused(api.postJson(FIELDS, "{\"key\":\"k\",\"label\":\"x\",\"type\":\"text\",\"options\":[]}"), "field.options");
        assertRefused(api.postJson(FIELDS, "{\"key\":\"k\",\"label\":\"x\",\"type\":\"select-one\",\"options\":[{\"api_slug\":\"a b\",\"label\":\"x\"}]}"),
                "field.options[0].api_slug");
        assertRefused(api.postJson(FIELDS, "{\"key\":\"k\",\"label\":\"x\",\"type\":\"select-one\",\"options\":[{\"api_slug\":\"a\",\"label\":\"x\"},"
                + "{\"api_slug\":\"a\",\"label\":\"y\"}]}"), "field.options[1].api_slug");
        assertRefused(api.postJson(FIELDS, "{\"key\":\"k\",\"label\":\"x\",\"type\":\"select-one\",\"options\":[{\"api_slug\":\"a\"}]}"),
                "field.options[0].label");
        assertRefused(api.postJson(FIELDS, "{\"key\":\"k\",\"label\":\"x\",\"type\":\"text\",\"required\":true}"), "field.required");
        assertRefused(api.postJson(FIELDS, "{\"key\":\"k\",\"label\":\"x\",\"type\":\"text\",\"position\":-1}"), "field.position");
        assertRefused(api.postJson(FIELDS, "{\"field\":[1]}"), "field");
        assertError(api.postJson(FIELDS, "{\"key\":\"color\",\"label\":\"Again\",\"type\":\"text\"}"), 409, "NAME_CONFLICT");
        assertError(api.postJson(FIELDS, "{\"key\":"), 400, "INVALID_JSON");
        assertError(api.postJson(FIELDS, "[]"), 400, "INVALID_JSON");

        assertRefused(api.putJson(FIELDS + "/" + uuid, "{\"key\":\"colour\"}"), "field.key");
        assertRefused(api.putJson(FIELDS + "/" + uuid, "{\"type\":\"multi-select\"}"), "field.type");
        assertRefused(api.putJson(FIELDS + "/" + uuid, "{\"localized\":true}"), "field.localized");
        assertRefused(api.putJson(FIELDS + "/" + uuid, "{\"label\":null}"), "field.label");
        assertRefused(api.putJson(FIELDS + "/" + uuid, "{\"options\":[{\"api_slug\":\"\",\"label\":\"x\"}]}"), "api_slug");
        assertRefused(api.putJson(FIELDS + "/" + text.path("uuid").asText(), "{\"options\":[{\"api_slug\":\"a\",\"label\":\"x\"}]}"),
                "field.options");

        String options = FIELDS + "/" + uuid + "/options";
        assertRefused(api.postJson(options, "{\"options\":[]}"), "options");
        assertRefused(api.postJson(options, "{\"options\":[{\"api_slug\":\"ok\",\"label\":\"Ok\"}],\"extra\":1}"), "extra");
        assertError(api.postJson(options, "{\"options\":[{\"api_slug\":\"new\",\"label\":\"New\"},{\"api_slug\":\"red\",\"label\":\"Red\"}]}"),
                409, "NAME_CONFLICT");
        assertRefused(api.postJson(FIELDS + "/" + text.path("uuid").asText() + "/options",
                "{\"options\":[{\"api_slug\":\"a\",\"label\":\"A\"}]}"), "only select-one and multi-select");

        for (String unknown : List.of("00000000-0000-0000-0000-000000000000", "nope")) {
            assertError(api.get(FIELDS + "/" + unknown), 404, "METADATA_FIELD_NOT_FOUND");
            assertError(api.putJson(FIELDS + "/" + unknown, "{\"label\":\"x\"}"), 404, "METADATA_FIELD_NOT_FOUND");
            assertError(api.delete(FIELDS + "/" + unknown), 404, "METADATA_FIELD_NOT_FOUND");
            assertError(api.postJson(FIELDS + "/" + unknown + "/options", "{\"options\":[{\"api_slug\":\"a\",\"label\":\"A\"}]}"),
                    404, "METADATA_FIELD_NOT_FOUND");
        }
        assertThat(ok(api.get(FIELDS)).path("fields")).as("nothing changed").isEqualTo(before);
    }

    @Test
    void readingNeedsConfigListChangingNeedsConfigChangeAndFieldsStayInTheirProject() {
        Api admin = project();
        String token = "model-" + projects;
        String uuid = field(admin, "{\"key\":\"color\",\"label\":\"Colour\",\"type\":\"select-one\",\"options\":[{\"api_slug\":\"red\",\"label\":\"Red\"}]}")
                .path("uuid").asText();
        JsonNode before = ok(admin.get(FIELDS)).path("fields");
        Api reader = server.keyFor(List.of(token), Permission.CONFIG_LIST).in(token);
        Api writer = server.keyFor(List.of(token), Permission.CONFIG_CHANGE).in(token);

        assertThat(ok(reader.get(FIELDS)).path("fields")).isEqualTo(before);
        assertThat(ok(reader.get(FIELDS + "/" + uuid)).path("field").path("key").asText()).isEqualTo("color");
        for (Api.Response r : List.of(reader.postJson(FIELDS, "{\"key\":\"k\",\"label\":\"K\",\"type\":\"text\"}"),
                reader.putJson(FIELDS + "/" + uuid, "{\"label\":\"x\"}"),
                reader.delete(FIELDS + "/" + uuid),
                reader.postJson(FIELDS + "/" + uuid + "/options", "{\"options\":[{\"api_slug\":\"a\",\"label\":\"A\"}]}"))) {
            assertError(r, 403, "PERMISSION_DENIED");
            assertThat(r.json().path("msg").asText()).contains("CONFIG_CHANGE");
        }
        assertError(writer.get(FIELDS), 403, "PERMISSION_DENIED");
        assertError(writer.get(FIELDS + "/" + uuid), 403, "PERMISSION_DENIED");
        assertThat(ok(admin.get(FIELDS)).path("fields")).isEqualTo(before);

        Api other = project(); // another project, with a key of its own
        String otherToken = "model-" + projects;
        assertError(other.get(FIELDS + "/" + uuid), 404, "METADATA_FIELD_NOT_FOUND");
        assertError(other.putJson(FIELDS + "/" + uuid, "{\"label\":\"stolen\"}"), 404, "METADATA_FIELD_NOT_FOUND");
        assertError(other.delete(FIELDS + "/" + uuid), 404, "METADATA_FIELD_NOT_FOUND");
        Api foreign = server.allKey(otherToken).in(token);
        assertError(foreign.get(FIELDS), 403, "PROJECT_NOT_ALLOWED");
        assertThat(ok(admin.get(FIELDS)).path("fields")).isEqualTo(before);
    }

    @Test
    void settingsCarryTheModelInTheShapeClientsRead() {
        Api api = project();
        String token = "model-" + projects;
        JsonNode empty = ok(api.get("/v5/settings")).path("metadata");
        assertThat(empty.path("model")).as("a free-form project has an empty model").isEmpty();
        assertThat(empty.path("store").path("regional_variants_groups")).isEmpty();

        MetaTesting.everyType(api);
        for (String version : List.of("v4", "v5")) {
            JsonNode metadata = ok(api.get("/" + version + "/settings")).path("metadata");
            assertThat(metadata.path("model")).hasSize(1);
            JsonNode groups = metadata.path("model").path(0).path("groups");
            assertThat(texts(groups, "name")).containsExactly("General", "Looks");
            assertThat(texts(groups.path(0).path("fields"), "key")).containsExactly("caption", "notes", "rating", "approved", "shot", "keywords");
            JsonNode color = groups.path(1).path("fields").path(0);
            assertThat(color.path("key").asText()).isEqualTo("color");
            assertThat(color.path("type").asText()).isEqualTo("select-one");
            assertThat(texts(color.path("options"), "api_slug")).containsExactly("red", "blue");
            assertThat(texts(color.path("options"), "label")).containsExactly("Crimson", "Navy blue");
            JsonNode caption = groups.path(0).path("fields").path(0);
            JsonNode variants = metadata.path("store").path("regional_variants_groups");
            assertThat(variants).hasSize(1);
            assertThat(variants.path(0).path("uuid").asText()).isEqualTo(caption.path("regional_variants_group_uuid").asText());
            assertThat(texts(variants.path(0).path("variants"), "api_value")).containsExactly("en", "fr");
        }
        // any key of the project reads settings (the widget starts with it), but only CONFIG_LIST shows the model
        Api bare = server.keyFor(List.of(token), Permission.OBJECTS_LIST).in(token);
        JsonNode hidden = ok(bare.get("/v5/settings")).path("metadata");
        assertThat(hidden.path("model")).isEmpty();
        assertThat(hidden.path("store").path("regional_variants_groups")).isEmpty();
        Api lister = server.keyFor(List.of(token), Permission.CONFIG_LIST).in(token);
        assertThat(ok(lister.get("/v5/settings")).path("metadata").path("model")).hasSize(1);
    }
}
