package dev.assetgate.templates;

import static dev.assetgate.templates.Sass.assertError;
import static dev.assetgate.templates.Sass.template;
import static dev.assetgate.templates.Sass.templatesPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.access.Permission;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the console's template screen relies on: every field error of a body in one answer (nothing
 * stored), whether the server has a GeoIP database, and the live keys exchanged from a template, each
 * revocable.
 */
@WithServer
@ServerSetting(key = Setting.KEY_EXCHANGE_PER_MINUTE, value = "1000")
class TemplateConsoleSupportTest {
    static TestServer server;
    static TestProject p;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        p = TestProject.create(server, "p");
        server.createProject("q");
    }

    private static List<String> fields(Api.Response r) {
        List<String> out = new ArrayList<>();
        r.json().path("errors").forEach(e -> out.add(e.path("field").asText()));
        return out;
    }

    @Test
    void everyFieldErrorComesInOneAnswerAndNothingIsStored() {
        int before = p.admin.get(templatesPath("p")).json().path("security_templates").size();
        Api.Response r = p.admin.postJson(templatesPath("p"), """
                {"permissions":["OBJECTS_LIST"],
                 "upload":{"max_file_size":"10 MB","limit_per_min":-1},
                 "restrictions":{"whitelist_ip_ranges":["not-a-range"],"whitelist_countries":["XX"]},
                 "key_validity":{"expire_duration":"20m"}}""");
        assertError(r, 400, "INVALID_PARAMETER");
        assertThat(fields(r)).containsExactlyInAnyOrder("upload.max_file_size", "upload.limit_per_min",
                "restrictions.whitelist_ip_ranges", "restrictions.whitelist_countries", "key_validity.expire_duration");
        r.json().path("errors").forEach(e -> assertThat(e.path("msg").asText()).startsWith(e.path("field").asText()));
        assertThat(r.json().path("msg").asText()).contains("upload.max_file_size").contains("whitelist_countries[0]");
        assertThat(r.json().path("hint").asText()).contains("5");
        assertThat(p.admin.get(templatesPath("p")).json().path("security_templates").size()).isEqualTo(before);

        // One mistake: the same envelope, one entry in errors.
        Api.Response one = p.admin.postJson(templatesPath("p"), "{\"permissions\":[\"OBJECTS_LIST\"],\"listing\":{\"max\":1.5}}");
        assertError(one, 400, "INVALID_PARAMETER");
        assertThat(fields(one)).containsExactly("listing.max");
        // A lone error keeps the hint it came with.
        Api.Response lone = p.admin.postJson(templatesPath("p"), "{\"permissions\":[\"OBJECTS_LIST\"],\"exchange\":{\"limit_per_source_ip\":0}}");
        assertError(lone, 400, "INVALID_PARAMETER");
        assertThat(lone.json().path("hint").asText()).contains("deactivate the template");

        // The canonical values the console sends for "10 MB", "20m" are accepted.
        Api.Response ok = p.admin.postJson(templatesPath("p"), """
                {"permissions":["OBJECTS_LIST"],"upload":{"max_file_size":10485760},"key_validity":{"expire_duration":1200}}""");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
    }

    @Test
    void aPatchWithSeveralMistakesNamesThemAllAndChangesNothing() {
        String id = template(p, "{\"description\":\"kept\",\"permissions\":[\"OBJECTS_LIST\"]}");
        Api.Response r = p.admin.patchJson(templatesPath("p") + "/" + id,
                "{\"description\":\"changed\",\"exchange\":{\"limit_per_source_ip\":0},\"listing\":{\"dir_scope\":[\"relative\"]}}");
        assertError(r, 400, "INVALID_PARAMETER");
        assertThat(fields(r)).containsExactlyInAnyOrder("exchange.limit_per_source_ip", "listing.dir_scope");
        assertThat(p.admin.get(templatesPath("p") + "/" + id).json().path("security_template").path("description").asText()).isEqualTo("kept");
    }

    @Test
    void theListSaysThatThisServerHasNoGeoIpDatabase() {
        Api.Response r = p.admin.get(templatesPath("p"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("geoip_database").isBoolean()).isTrue();
        assertThat(r.json().path("geoip_database").asBoolean()).isFalse();
    }

    @Test
    void liveKeysOfATemplateAreListedAndRevocable() {
        String id = template(p, "{\"permissions\":[\"OBJECTS_LIST\"]}");
        String other = template(p, "{\"permissions\":[\"OBJECTS_LIST\"]}");
        JsonNode first = Sass.minted(server, "p", id);
        JsonNode second = Sass.minted(server, "p", id);
        JsonNode elsewhere = Sass.minted(server, "p", other);
        String path = templatesPath("p") + "/" + id + "/sass-keys";

        JsonNode listed = p.admin.get(path).json().path("sass_keys");
        assertThat(ids(listed)).containsExactlyInAnyOrder(first.path("key_id").asText(), second.path("key_id").asText())
                .doesNotContain(elsewhere.path("key_id").asText());
        listed.forEach(k -> {
            assertThat(k.path("revoked").asBoolean()).isFalse();
            assertThat(k.path("expires_at").asText()).isNotEmpty();
            assertThat(k.path("issued_at").asText()).isNotEmpty();
        });
        assertThat(listed.toString()).doesNotContain(first.path("key").asText()); // ids only, never a key

        // Revoke one: listed as revoked, refused; the other still works.
        String one = first.path("key_id").asText();
        assertThat(p.admin.delete("/admin/v1/projects/p/sass-keys/" + one).status()).isEqualTo(200);
        assertThat(revoked(p.admin.get(path).json().path("sass_keys"))).containsExactly(one);
        assertThat(server.withKey(first.path("key").asText()).in("p").get("/v5/folders?folder=/").status()).isEqualTo(401);
        assertThat(server.withKey(second.path("key").asText()).in("p").get("/v5/folders?folder=/").status()).isEqualTo(200);

        // Revoke all: every listed key is revoked; a key minted afterwards is live.
        assertThat(p.admin.postJson(templatesPath("p") + "/" + id + "/revoke-keys", "").status()).isEqualTo(200);
        JsonNode third = Sass.minted(server, "p", id);
        JsonNode after = p.admin.get(path).json().path("sass_keys");
        assertThat(revoked(after)).containsExactlyInAnyOrder(one, second.path("key_id").asText());
        assertThat(ids(after)).contains(third.path("key_id").asText());
        assertThat(revoked(p.admin.get(templatesPath("p") + "/" + other + "/sass-keys").json().path("sass_keys"))).isEmpty();
    }

    @Test
    void liveKeysAreGuardedLikeTheTemplate() {
        String id = template(p, "{\"permissions\":[\"OBJECTS_LIST\",\"FILE_UPLOAD\"]}");
        String path = templatesPath("p") + "/" + id + "/sass-keys";
        assertError(server.keyFor(List.of("p"), Permission.OBJECTS_LIST).get(path), 403, "PERMISSION_DENIED");
        assertError(server.allKey("q").get(templatesPath("q") + "/" + id + "/sass-keys"), 404, "SECURITY_TEMPLATE_NOT_FOUND");
        // a key lacking a permission the template holds does not see the template, nor its keys
        assertError(server.keyFor(List.of("p"), Permission.CONFIG_LIST, Permission.OBJECTS_LIST).get(path), 404,
                "SECURITY_TEMPLATE_NOT_FOUND");
        assertError(server.allKey("q").get(path), 403, "PROJECT_NOT_ALLOWED");
    }

    private static List<String> ids(JsonNode keys) {
        List<String> out = new ArrayList<>();
        keys.forEach(k -> out.add(k.path("key_id").asText()));
        return out;
    }

    private static List<String> revoked(JsonNode keys) {
        List<String> out = new ArrayList<>();
        keys.forEach(k -> { if (k.path("revoked").asBoolean()) out.add(k.path("key_id").asText()); });
        return out;
    }
}
