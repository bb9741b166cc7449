package dev.assetgate.templates;

import static dev.assetgate.templates.Sass.assertError;
import static dev.assetgate.templates.Sass.exchange;
import static dev.assetgate.templates.Sass.names;
import static dev.assetgate.templates.Sass.template;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.access.Permission;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.WithServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-user keys (issue 19 item 3): a backend mints a key of a template for one subject with {@code
 * POST /{token}/key/{template}}; {@code {sub}} in the template's scopes becomes the key's own
 * folder; the subject is signed, audited and stored with the files it uploads as {@code uploaded_by}.
 */
@WithServer
@ServerSetting(key = Setting.KEY_EXCHANGE_PER_MINUTE, value = "1000")
class SassSubjectKeysTest {
    static final String PER_USER = "{\"permissions\":[\"OBJECTS_LIST\",\"FILE_UPLOAD\"],"
            + "\"upload\":{\"dir_scope\":[\"/users/{sub}/*\"]},\"listing\":{\"dir_scope\":[\"/users/{sub}/*\"]}}";

    TestProject project;
    String tpl;

    @BeforeEach
    void prepare(TestProject fresh) {
        project = fresh;
        tpl = template(project, PER_USER);
    }

    private Api.Response mint(Api backend, String body) {
        return backend.postJson("/" + project.token + "/key/" + tpl, body);
    }

    private Sass.Client userKey(String sub) {
        Api.Response r = mint(project.admin, "{\"sub\":\"" + sub + "\",\"claims\":{\"email\":\"" + sub + "@example.com\",\"plan\":\"pro\"}}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("sub").asText()).isEqualTo(sub);
        assertThat(r.json().path("upload_scope")).extracting(JsonNode::asText).containsExactly("/users/" + sub + "/*");
        return new Sass.Client(project.server, project.token, r.json().path("key").asText());
    }

    @Test
    void eachUserUploadsAndListsOnlyInTheirOwnFolder() {
        Sass.Client a = userKey("a");
        Sass.Client b = userKey("b");
        Api.Response up = a.upload("/users/a/photos", "cat.txt", "meow");
        assertThat(up.status()).as(up.toString()).isEqualTo(200);
        assertThat(up.json().path("file").path("uploaded_by").asText()).isEqualTo("a");
        assertThat(b.upload("/users/b", "dog.txt", "woof").status()).isEqualTo(200);
        assertThat(project.api.upload("/users/a", "by-admin.txt", "x").json().path("file").path("uploaded_by").isNull()).isTrue();

        Api.Response refused = a.upload("/users/b", "intruder.txt", "x");
        assertError(refused, 403, "FOLDER_NOT_ALLOWED");
        assertThat(refused.json().path("hint").asText()).contains("upload.dir_scope");
        assertThat(refused.json().path("msg").asText()).contains("/users/a/*");
        assertError(a.upload("/users", "top.txt", "x"), 403, "FOLDER_NOT_ALLOWED");
        assertError(a.upload("/users/ab", "prefix.txt", "x"), 403, "FOLDER_NOT_ALLOWED");

        // listing: its own folder, never the other user's (also not through a recursive search from the root)
        Api.Response own = a.get("/v5/files?folder=/users/a&recursive=1");
        assertThat(own.status()).as(own.toString()).isEqualTo(200);
        assertThat(names(own.json(), "files")).containsExactlyInAnyOrder("cat.txt", "by-admin.txt");
        assertError(a.get("/v5/files?folder=/users/b"), 403, "FOLDER_NOT_ALLOWED");
        Api.Response everything = a.get("/v5/files?folder=/&recursive=1");
        assertThat(everything.status()).as(everything.toString()).isEqualTo(200);
        assertThat(names(everything.json(), "files")).containsExactlyInAnyOrder("cat.txt", "by-admin.txt");
        Api.Response search = a.get("/v5/files?folder=/&recursive=1&q=dog");
        assertThat(search.status()).as(search.toString()).isEqualTo(200);
        assertThat(names(search.json(), "files")).isEmpty();

        // the file object read back carries the subject too
        String uuid = up.json().path("file").path("uuid").asText();
        assertThat(project.api.get("/v4/files/" + uuid).json().path("file").path("uploaded_by").asText()).isEqualTo("a");
        assertThat(Sass.allFiles(project.api)).containsExactlyInAnyOrder("/users/a/photos/cat.txt", "/users/b/dog.txt", "/users/a/by-admin.txt");
    }

    @Test
    void theAnonymousExchangeMintsNoKeyForATemplateWithSub() {
        Api.Response r = exchange(project.server, project.token, tpl);
        assertError(r, 403, "PERMISSION_DENIED");
        assertThat(r.json().path("hint").asText()).contains("upload.dir_scope").contains("/key/" + tpl);
        // a template without {sub} still exchanges
        String plain = template(project, "{\"permissions\":[\"OBJECTS_LIST\"],\"listing\":{\"dir_scope\":[\"/pub/*\"]}}");
        assertThat(exchange(project.server, project.token, plain).status()).isEqualTo(200);
        // an inline key has no subject either
        assertError(project.admin.postJson("/" + project.token + "/key", PER_USER), 400, "INVALID_PARAMETER");
    }

    @Test
    void aKeyExchangedBeforeTheTemplateGainedSubReachesNothing() {
        String later = template(project, "{\"permissions\":[\"OBJECTS_LIST\",\"FILE_UPLOAD\"],\"upload\":{\"dir_scope\":[\"/users/*\"]}}");
        Sass.Client anonymous = Sass.keyFrom(project, later);
        assertThat(anonymous.upload("/users/x", "a.txt", "a").status()).isEqualTo(200);
        Api.Response edit = project.admin.patchJson(Sass.templatesPath(project.token) + "/" + later,
                "{\"upload\":{\"dir_scope\":[\"/users/{sub}/*\"]},\"listing\":{\"dir_scope\":[\"/users/{sub}/*\"]}}");
        assertThat(edit.status()).as(edit.toString()).isEqualTo(200);
        assertError(anonymous.upload("/users/x", "b.txt", "b"), 403, "FOLDER_NOT_ALLOWED");
        assertError(anonymous.upload("/users/{sub}", "c.txt", "c"), 403, "FOLDER_NOT_ALLOWED");
        assertError(anonymous.get("/v5/files?folder=/&recursive=1"), 403, "FOLDER_NOT_ALLOWED");
        assertError(anonymous.get("/v5/files?folder=/users/x"), 403, "FOLDER_NOT_ALLOWED");
        assertThat(Sass.allFiles(project.api)).containsExactly("/users/x/a.txt");
    }

    @Test
    void theSubjectIsSignedSoAChangedKeyIsRefused() {
        Api.Response r = mint(project.admin, "{\"sub\":\"a\"}");
        String key = r.json().path("key").asText();
        String[] parts = key.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[2]), StandardCharsets.UTF_8);
        assertThat(claims).endsWith("\ta");
        String forgedClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
                (claims.substring(0, claims.length() - 1) + "b").getBytes(StandardCharsets.UTF_8));
        String forged = parts[0] + "." + parts[1] + "." + forgedClaims + "." + parts[3];
        Sass.Client mallory = new Sass.Client(project.server, project.token, forged);
        assertError(mallory.upload("/users/b", "x.txt", "x"), 401, "UNAUTHORIZED");
        String noSubject = Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims.substring(0, claims.lastIndexOf('\t')).getBytes(StandardCharsets.UTF_8));
        assertError(new Sass.Client(project.server, project.token, parts[0] + "." + parts[1] + "." + noSubject + "." + parts[3])
                .upload("/users/a", "x.txt", "x"), 401, "UNAUTHORIZED");
        assertThat(Sass.allFiles(project.api)).isEmpty();
    }

    @Test
    void badSubjectsAndCallersAreRefusedAndMintNothing() {
        for (String bad : List.of("\"\"", "\"a/b\"", "\"..\"", "\".\"", "\"a\\u0000b\"", "\"a b\"", "\"" + "x".repeat(129) + "\"", "42", "null")) {
            Api.Response r = mint(project.admin, "{\"sub\":" + bad + "}");
            assertError(r, 400, "INVALID_PARAMETER");
            assertThat(r.json().path("msg").asText()).as(bad).contains("sub");
        }
        assertError(mint(project.admin, "{}"), 400, "INVALID_PARAMETER");
        assertError(mint(project.admin, "{\"sub\":\"a\",\"claims\":[1]}"), 400, "INVALID_PARAMETER");
        assertError(mint(project.admin, "{\"sub\":\"a\",\"claims\":{\"nested\":{\"x\":1}}}"), 400, "INVALID_PARAMETER");
        Api noConfig = project.server.keyFor(List.of(project.token), Permission.OBJECTS_LIST, Permission.FILE_UPLOAD);
        assertError(mint(noConfig, "{\"sub\":\"a\"}"), 403, "PERMISSION_DENIED");
        Api narrow = project.server.keyFor(List.of(project.token), Permission.CONFIG_CHANGE, Permission.OBJECTS_LIST);
        assertError(mint(narrow, "{\"sub\":\"a\"}"), 403, "PERMISSION_DENIED"); // the template holds FILE_UPLOAD
        assertError(project.server.anonymous.postJson("/" + project.token + "/key/" + tpl, "{\"sub\":\"a\"}"), 401, "UNAUTHORIZED");
        assertError(project.admin.postJson("/" + project.token + "/key/SECU_00000000000000000000000000000000", "{\"sub\":\"a\"}"), 404,
                "SECURITY_TEMPLATE_NOT_FOUND");
        assertThat(events("sass_key.minted")).isEmpty();
    }

    @Test
    void theSubjectIsInTheAuditTrail() throws InterruptedException {
        Sass.Client a = userKey("alice");
        assertError(a.upload("/users/bob", "x.txt", "x"), 403, "FOLDER_NOT_ALLOWED");
        JsonNode minted = awaitEvent("sass_key.minted");
        assertThat(minted.path("detail").path("sub").asText()).isEqualTo("alice");
        assertThat(minted.path("detail").path("via").asText()).isEqualTo("subject");
        assertThat(minted.path("detail").path("claims").path("plan").asText()).isEqualTo("pro");
        JsonNode live = project.admin.get(Sass.templatesPath(project.token) + "/" + tpl + "/sass-keys").json().path("sass_keys");
        assertThat(live).extracting(k -> k.path("sub").asText()).containsExactly("alice");
        JsonNode refused = awaitEvent("request.refused");
        assertThat(refused.path("detail").path("sub").asText()).isEqualTo("alice");
        assertThat(refused.path("detail").path("reason").asText()).isEqualTo("outside_upload_scope");
        assertThat(refused.path("sass_key_id").asText()).isEqualTo(minted.path("sass_key_id").asText());
    }

    private List<JsonNode> events(String kind) {
        Api.Response r = project.admin.get("/admin/v1/audit?limit=500&project=" + project.token + "&kind=" + kind);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<JsonNode> out = new java.util.ArrayList<>();
        r.json().path("events").forEach(out::add);
        return out;
    }

    /** The audit log writes in the background: the first event of the kind, once it is there. */
    private JsonNode awaitEvent(String kind) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            List<JsonNode> found = events(kind);
            if (!found.isEmpty()) return found.get(0);
            Thread.sleep(100);
        }
        throw new AssertionError("no " + kind + " event");
    }
}
